/* tasks.c - follow-ups on a case and the reminders Lotse sets by itself
 * (issue 23, item 2; migration 0041), and the worklist: one agency's (or
 * one person's) open tasks, overdue first.  Row-level security shows a
 * task to its assigned and creating agency while they see the case in
 * the task's category; a reminder's text is its kind and link, never the
 * person's data. */
#include "audit.h"
#include "case_access.h"
#include "handlers.h"
#include "json_in.h"
#include "page.h"
#include "resource.h"
#include "tasks.h"

#include <string.h>

static const char *const STATUSES[] = {"open", "done", "cancelled", NULL};
static const char *const KINDS[] = {"follow_up", "consent_expiring", "residence_expiring",
                                    "referral_overdue", "decision_due", NULL};

static const field_spec_t TASK_FIELDS[] = {
    FIELD_STR("title", F_REQUIRED, 1, 300),
    FIELD_TEXT("description", F_NULLABLE, 1, 5000),
    FIELD_DATE("due_on", F_NULLABLE),
    FIELD_UUID("assigned_agency_id", F_NULLABLE),
    FIELD_STR("assignee", F_NULLABLE, 1, 200),
    FIELD_END,
};
static const field_spec_t TASK_PATCH[] = {
    FIELD_ENUM("status", 0, STATUSES),
    FIELD_STR("title", 0, 1, 300),
    FIELD_TEXT("description", F_NULLABLE, 1, 5000),
    FIELD_DATE("due_on", F_NULLABLE),
    FIELD_STR("assignee", F_NULLABLE, 1, 200),
    FIELD_END,
};

/* tasks show the case's plan (follow-ups, referrals, decisions) or its residence (permits) */
static const case_sub_t TASKS = {NULL, "task.list", "task.read", &TASK_LIST, &TASK_GET,
                                 CAT_PLAN | CAT_RESIDENCE};

int h_tasks_create(req_t *r)
{
    case_access_t a;
    if (case_here(r, &a) != 0)
        return -1;
    json_t *body = body_object(r, 0);
    if (body == NULL || body_validate(r, body, TASK_FIELDS, 0) != 0 ||
        responsible_sees_plan(r, &a, json_string_value(json_object_get(body, "assigned_agency_id"))))
        return -1;
    const char *params[3] = {a.id, json_text(r, body), r->principal.sub};
    PGresult *res = db_write(r, &TASK_CREATE, params, "task.created", "task");
    if (res == NULL || audit(r, "task.create", a.id, "{plan}", 1) != 0)
        return -1;
    return respond_row(r, res, 201, arena_sprintf(r->arena, "/v1/cases/%s/tasks/%s", a.id,
                                                  db_get(res, 0, "id")));
}

int h_tasks_list(req_t *r)
{
    const char *status;
    if (query_enum(r, "status", STATUSES, &status) != 0)
        return -1;
    return case_sub_list(r, &TASKS, status);
}

int h_tasks_get(req_t *r)
{
    return case_sub_get(r, &TASKS);
}

int h_tasks_update(req_t *r)
{
    case_access_t a;
    const char *id, *version;
    json_t *patch;
    if (case_sub_change(r, TASK_PATCH, 1, &a, &id, &version, &patch) != 0)
        return -1;
    const char *params[4] = {a.id, id, json_text(r, patch), version};
    PGresult *cur = db_exec(r, &TASK_GET, params);
    if (cur == NULL)
        return -1;
    if (PQntuples(cur) == 0)
        return fail_req(r, ERR_NOT_FOUND, "no such task");
    /* a reminder says what its cause says: only its status and assignee change */
    if (strcmp(db_get(cur, 0, "kind"), "follow_up") != 0 &&
        (json_object_get(patch, "title") || json_object_get(patch, "description") ||
         json_object_get(patch, "due_on")))
        return fail_req(r, ERR_CONFLICT, "a reminder follows its cause; change its status or assignee");
    if (version == NULL)
        params[3] = db_get(cur, 0, "version");
    PGresult *res = db_write(r, &TASK_UPDATE, params, "task.updated", "task");
    if (res == NULL)
        return -1;
    if (PQntuples(res) == 0)
        return fail_req(r, ERR_PRECONDITION_FAILED, "the task changed since you read it");
    if (audit(r, "task.update", a.id, "{plan}", 1) != 0)
        return -1;
    return respond_row(r, res, 200, NULL);
}

int h_worklist(req_t *r)
{
    page_t p;
    const char *overdue, *kind;
    if (page_parse(r, &p) != 0 || query_enum(r, "overdue", QUERY_BOOLEANS, &overdue) != 0 ||
        query_enum(r, "kind", KINDS, &kind) != 0)
        return -1;
    if (p.after && !is_key_pair(p.after, is_due_date, is_uuid))
        return fail_req(r, ERR_BAD_REQUEST, "cursor is not one this service issued");
    /* one person's work: "me" is the caller (the subject of the token) */
    const char *assignee = req_query(r, "assignee");
    if (assignee && strcmp(assignee, "me") == 0)
        assignee = r->principal.sub;
    else if (assignee && (assignee[0] == '\0' || strlen(assignee) > 200))
        return fail_req(r, ERR_BAD_REQUEST, "assignee must be me or a subject of 1-200 characters");
    const char *params[5] = {p.after, p.limit_plus_one, assignee,
                             overdue && strcmp(overdue, "true") == 0 ? "true" : NULL, kind};
    PGresult *res = db_exec_once(r, &WORKLIST, params);
    return res ? page_respond(r, &p, res) : -1;
}
