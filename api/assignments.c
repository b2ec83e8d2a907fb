/* assignments.c - assigned caseworkers (issue 23, item 4; migration 0043):
 * which people (by their token's sub) or teams of the caller's agency work
 * a case; the agency's choice that its people see only those cases; and
 * moving all of one person's cases to another in one call when they leave.
 * Visibility itself is row-level security's (lotse_staff_sees), so no
 * route can forget it. */
#include "agencies.h"
#include "assignments.h"
#include "case_access.h"
#include "handlers.h"
#include "json_in.h"
#include "page.h"
#include "resource.h"

#include <stdlib.h>
#include <string.h>

static const char *const ACCESS[] = {"all", "assigned", NULL};

static const field_spec_t ASSIGN_FIELDS[] = {
    FIELD_STR("assignee", F_NULLABLE, 1, 200),
    FIELD_STR("team", F_NULLABLE, 1, 64),
    FIELD_END,
};
static const field_spec_t TRANSFER_FIELDS[] = {
    FIELD_STR("from_assignee", F_REQUIRED, 1, 200),
    FIELD_STR("to_assignee", F_REQUIRED, 1, 200),
    FIELD_END,
};
static const field_spec_t SETTINGS_FIELDS[] = {
    FIELD_ENUM("staff_access", F_REQUIRED, ACCESS),
    FIELD_END,
};

int h_assignments_list(req_t *r)
{
    case_access_t a;
    page_t p;
    if (case_here(r, &a) != 0 || page_parse(r, &p) != 0)
        return -1;
    const char *params[3] = {a.id, p.after, p.limit_plus_one};
    PGresult *res = db_exec(r, &ASSIGNMENT_LIST, params);
    return res ? page_respond(r, &p, res) : -1;
}

int h_assignments_create(req_t *r)
{
    case_access_t a;
    json_t *body = body_object(r, 0);
    if (case_here(r, &a) != 0 || body == NULL || body_validate(r, body, ASSIGN_FIELDS, 0) != 0)
        return -1;
    const char *assignee = json_string_value(json_object_get(body, "assignee"));
    const char *team = json_string_value(json_object_get(body, "team"));
    if ((assignee == NULL) == (team == NULL))
        return fail_req(r, ERR_VALIDATION, "name either an assignee or a team");
    const char *params[4] = {a.id, assignee, team, r->principal.sub};
    PGresult *res = db_write(r, &ASSIGNMENT_CREATE, params, "assignment.created", "case_assignment");
    if (res == NULL)
        return -1;
    return respond_row(r, res, 201, arena_sprintf(r->arena, "/v1/cases/%s/assignments/%s", a.id,
                                                  db_get(res, 0, "id")));
}

static const write_spec_t ASSIGNMENT_DELETE_SPEC = {
    NULL, &ASSIGNMENT_DELETE, &ASSIGNMENT_GET, "assignment.removed", "case_assignment", 0, 2, 1};

int h_assignments_delete(req_t *r)
{
    case_access_t a;
    if (case_here(r, &a) != 0)
        return -1;
    const char *params[3] = {a.id, uuid_param(r, 1), NULL};
    return params[1] ? conditional_write(r, &ASSIGNMENT_DELETE_SPEC, params) : -1;
}

int h_assignments_transfer(req_t *r)
{
    json_t *body = body_object(r, 0);
    if (body == NULL || body_validate(r, body, TRANSFER_FIELDS, 0) != 0)
        return -1;
    const char *from = json_string_value(json_object_get(body, "from_assignee"));
    const char *to = json_string_value(json_object_get(body, "to_assignee"));
    if (strcmp(from, to) == 0)
        return fail_req(r, ERR_VALIDATION, "from_assignee and to_assignee are the same person");
    const char *params[3] = {from, to, r->principal.sub};
    PGresult *res = db_exec(r, &ASSIGNMENT_TRANSFER, params);
    if (res == NULL || db_event(r, "assignment.transferred", "assignment_transfer", r->principal.agency, NULL) != 0)
        return -1;
    r->case_ids = db_get(res, 0, "case_ids"); /* the audit row names every case moved */
    json_t *out = json_pack("{s:s, s:s, s:I}", "from_assignee", from, "to_assignee", to, "moved",
                            (json_int_t)atoll(db_get(res, 0, "moved")));
    return respond_json(r, 200, out);
}

static const write_spec_t STAFF_ACCESS_SPEC = {
    SETTINGS_FIELDS, &AGENCY_STAFF_ACCESS, &AGENCY_GET, "agency.updated", "agency", 1, 2, 0};

int h_agency_settings(req_t *r)
{
    const char *id = uuid_param(r, 0);
    if (id == NULL)
        return -1;
    if (strcmp(id, r->principal.agency) != 0)
        return fail_req(r, ERR_NOT_FOUND, "the settings of another agency are not yours to change");
    const char *params[3] = {id, NULL, NULL};
    return conditional_write(r, &STAFF_ACCESS_SPEC, params);
}
