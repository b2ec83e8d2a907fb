/* households.c - a family's cases grouped (issue 22, item 3): each person
 * keeps their own case and consents; a household shows each agency only
 * the members whose cases it sees with identity, each in the categories it
 * sees (migration 0038).  A member's relation is to the household's
 * reference person, the case it was founded with. */
#include "case_access.h"
#include "handlers.h"
#include "households.h"
#include "json_in.h"
#include "resource.h"

#include <string.h>

static const char *const RELATIONS[] = {"partner", "parent", "child", "sibling", "other", NULL};

/* Answers the household row of st (with params) with status, naming its visible members for
 * the audit row; 404 when there is none. */
static int respond_household(req_t *r, const db_stmt_t *st, const char *const *params, int status,
                             const char *location)
{
    PGresult *res = db_exec(r, st, params);
    if (res == NULL)
        return -1;
    if (PQntuples(res) == 0)
        return fail_req(r, ERR_NOT_FOUND, "no such household");
    r->case_ids = db_get(res, 0, "case_ids");
    return respond_row(r, res, status, location);
}

static const field_spec_t CREATE_FIELDS[] = {
    FIELD_UUID("case_id", F_REQUIRED),
    FIELD_END,
};

int h_households_create(req_t *r)
{
    case_access_t a;
    json_t *body = body_object(r, 0); /* validated first: a body without a case gets no case */
    if (body == NULL || body_validate(r, body, CREATE_FIELDS, 0) != 0 || case_here(r, &a) != 0)
        return -1;
    const char *params[2] = {a.id, r->principal.sub};
    PGresult *res = db_write(r, &HOUSEHOLD_CREATE, params, "household.created", "household");
    if (res == NULL)
        return -1;
    const char *id[1] = {db_get(res, 0, "id")};
    return respond_household(r, &HOUSEHOLD_GET, id, 201, arena_sprintf(r->arena, "/v1/households/%s", id[0]));
}

static const field_spec_t MEMBER_FIELDS[] = {
    FIELD_UUID("case_id", F_REQUIRED),
    FIELD_ENUM("relation", F_REQUIRED, RELATIONS),
    FIELD_END,
};

int h_households_add(req_t *r)
{
    case_access_t a;
    const char *household = uuid_param(r, 0);
    json_t *body = body_object(r, 0); /* validated first: a body without a case gets no case */
    if (household == NULL || body == NULL || body_validate(r, body, MEMBER_FIELDS, 0) != 0 ||
        case_here(r, &a) != 0)
        return -1;
    const char *params[3] = {household, a.id, json_string_value(json_object_get(body, "relation"))};
    PGresult *res = db_write(r, &HOUSEHOLD_ADD, params, "household.member_added", "household");
    if (res == NULL)
        return -1;
    if (PQntuples(res) == 0)
        return fail_req(r, ERR_NOT_FOUND, "no such household");
    const char *id[1] = {household};
    return respond_household(r, &HOUSEHOLD_GET, id, 201, arena_sprintf(r->arena, "/v1/households/%s", household));
}

int h_households_get(req_t *r)
{
    const char *id[1] = {uuid_param(r, 0)};
    return id[0] ? respond_household(r, &HOUSEHOLD_GET, id, 200, NULL) : -1;
}

int h_case_household(req_t *r)
{
    case_access_t a;
    if (case_here(r, &a) != 0)
        return -1;
    const char *id[1] = {a.id};
    return respond_household(r, &HOUSEHOLD_OF_CASE, id, 200, NULL);
}

int h_case_household_leave(req_t *r)
{
    case_access_t a;
    int ok;
    if (case_here(r, &a) != 0)
        return -1;
    const char *version = if_match_version(r, &ok);
    if (!ok)
        return -1;
    const char *params[2] = {a.id, version};
    PGresult *res = db_write(r, &HOUSEHOLD_LEAVE, params, "household.member_removed", "household");
    if (res == NULL)
        return -1;
    if (PQntuples(res) == 0)
        return fail_stale_or_missing(r, &HOUSEHOLD_OF_CASE, params);
    const char *id[1] = {db_get(res, 0, "id")};
    /* the household as it is now: the case that left is no longer in it */
    return respond_household(r, &HOUSEHOLD_GET, id, 200, NULL);
}
