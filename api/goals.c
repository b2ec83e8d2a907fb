/* goals.c - the integration plan of a case (category "plan"): goals per
 * field of action with a responsible agency, due date and status.  The
 * responsible agency must itself see the plan (lead or consent), else
 * 422 consent-required.  achieved, not_achieved and dropped are final. */
#include "audit.h"
#include "case_access.h"
#include "cases.h"
#include "goals.h"
#include "handlers.h"
#include "json_in.h"
#include "page.h"
#include "resource.h"

#include <string.h>

static const char *const GOAL_STATUSES[] = {"open", "in_progress", "achieved", "not_achieved",
                                            "dropped", NULL};

static const field_spec_t GOAL_FIELDS[] = {
    FIELD_ENUM("field_of_action", F_REQUIRED, FIELDS_OF_ACTION),
    FIELD_STR("title", F_REQUIRED, 1, 300),
    FIELD_TEXT("description", F_NULLABLE, 1, 5000),
    FIELD_UUID("responsible_agency_id", F_REQUIRED),
    FIELD_DATE("due_on", F_NULLABLE),
    FIELD_END,
};
static const field_spec_t GOAL_PATCH[] = {
    FIELD_STR("title", 0, 1, 300),
    FIELD_TEXT("description", F_NULLABLE, 1, 5000),
    FIELD_UUID("responsible_agency_id", 0),
    FIELD_DATE("due_on", F_NULLABLE),
    FIELD_ENUM("status", 0, GOAL_STATUSES),
    FIELD_END,
};

static const case_sub_t GOALS = {"{plan}", "goal.list", "goal.read", &GOAL_LIST,
                                 &GOAL_GET, 0};

int h_goals_create(req_t *r)
{
    case_access_t a;
    if (case_here(r, &a) != 0)
        return -1;
    json_t *body = body_object(r, 0);
    if (body == NULL || body_validate(r, body, GOAL_FIELDS, 0) != 0 ||
        responsible_sees_plan(r, &a,
                              json_string_value(json_object_get(body, "responsible_agency_id"))))
        return -1;
    const char *params[3] = {a.id, json_text(r, body), r->principal.sub};
    PGresult *res = db_write(r, &GOAL_CREATE, params, "goal.created", "goal");
    if (res == NULL || audit(r, "goal.create", a.id, "{plan}", 1) != 0)
        return -1;
    return respond_row(r, res, 201, arena_sprintf(r->arena, "/v1/cases/%s/goals/%s", a.id,
                                                  db_get(res, 0, "id")));
}

int h_goals_list(req_t *r)
{
    const char *status;
    if (query_enum(r, "status", GOAL_STATUSES, &status) != 0)
        return -1;
    return case_sub_list(r, &GOALS, status);
}

int h_goals_get(req_t *r)
{
    return case_sub_get(r, &GOALS);
}

int h_goals_update(req_t *r)
{
    case_access_t a;
    const char *id, *version;
    json_t *patch;
    if (case_sub_change(r, GOAL_PATCH, 1, &a, &id, &version, &patch) != 0 ||
        responsible_sees_plan(r, &a,
                              json_string_value(json_object_get(patch, "responsible_agency_id"))))
        return -1;
    const char *params[4] = {a.id, id, json_text(r, patch), version};
    PGresult *cur = db_exec(r, &GOAL_GET, params);
    if (cur == NULL)
        return -1;
    if (PQntuples(cur) == 0)
        return fail_req(r, ERR_NOT_FOUND, "no such goal");
    const char *status = db_get(cur, 0, "status");
    if (strcmp(status, "open") != 0 && strcmp(status, "in_progress") != 0)
        return fail_req(r, ERR_CONFLICT, "the goal is %s; a final goal is not changed, set a new one",
                        status);
    if (version == NULL)
        params[3] = db_get(cur, 0, "version");
    PGresult *res = db_write(r, &GOAL_UPDATE, params, "goal.updated", "goal");
    if (res == NULL)
        return -1;
    if (PQntuples(res) == 0)
        return fail_req(r, ERR_PRECONDITION_FAILED, "the goal changed since you read it");
    if (audit(r, "goal.update", a.id, "{plan}", 1) != 0)
        return -1;
    return respond_row(r, res, 200, NULL);
}
