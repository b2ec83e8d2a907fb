/* person_links.c - linking two cases of one person (issue 22, item 2):
 * an agency that sees both with identity marks them as the same person or
 * as different people, and may remove that mark; the coordination office
 * lists candidate pairs among the cases it sees.  Linked, never merged. */
#include "audit.h"
#include "case_access.h"
#include "handlers.h"
#include "json_in.h"
#include "page.h"
#include "person_links.h"
#include "resource.h"

#include <string.h>

static const char *const VERDICTS[] = {"same_person", "different_people", NULL};

static const field_spec_t LINK_FIELDS[] = {
    FIELD_UUID("other_case_id", F_REQUIRED),
    FIELD_ENUM("verdict", F_REQUIRED, VERDICTS),
    FIELD_END,
};

int h_person_links_create(req_t *r)
{
    case_access_t a;
    if (case_here(r, &a) != 0)
        return -1;
    json_t *body = body_object(r, 0);
    if (body == NULL || body_validate(r, body, LINK_FIELDS, 0) != 0)
        return -1;
    const char *other = json_string_value(json_object_get(body, "other_case_id"));
    if (strcmp(other, a.id) == 0) {
        add_field_error(r, "/other_case_id", "is this case");
        return fail_req(r, ERR_VALIDATION, "a case is not linked to itself");
    }
    const char *params[4] = {a.id, other, json_string_value(json_object_get(body, "verdict")),
                             r->principal.sub};
    PGresult *res = db_write(r, &PERSON_LINK_CREATE, params, "person_link.created", "person_link");
    if (res == NULL)
        return -1;
    if (PQntuples(res) == 0) { /* the same answer for a case that does not exist */
        add_field_error(r, "/other_case_id", "is not a case your agency sees with identity");
        return fail_req(r, ERR_VALIDATION, "no such case");
    }
    if (audit_list(r, "person_link.create", arena_sprintf(r->arena, "{%s,%s}", a.id, other), "{identity}") != 0)
        return -1;
    return respond_row(r, res, 201, arena_sprintf(r->arena, "/v1/cases/%s/person-links/%s", a.id,
                                                  db_get(res, 0, "id")));
}

int h_person_links_list(req_t *r)
{
    case_access_t a;
    page_t p;
    if (case_here(r, &a) != 0 || page_parse(r, &p) != 0)
        return -1;
    if (p.after && !is_uuid(p.after))
        return fail_req(r, ERR_BAD_REQUEST, "cursor is not one this service issued");
    const char *params[3] = {a.id, p.after, p.limit_plus_one};
    PGresult *res = db_exec(r, &PERSON_LINK_LIST, params);
    return res ? page_respond(r, &p, res) : -1;
}

static const write_spec_t REMOVE_SPEC = {
    .write = &PERSON_LINK_REMOVE, .get = &PERSON_LINK_GET, .event = "person_link.removed",
    .resource = "person_link", .version_param = 3,
};

int h_person_links_remove(req_t *r)
{
    case_access_t a;
    if (case_here(r, &a) != 0)
        return -1;
    const char *id = uuid_param(r, 1);
    const char *params[4] = {a.id, id, r->principal.sub, NULL};
    return id ? conditional_write(r, &REMOVE_SPEC, params) : -1;
}

int h_duplicate_candidates(req_t *r)
{
    page_t p;
    if (page_parse(r, &p) != 0)
        return -1;
    if (p.after && !is_key_pair(p.after, is_uuid, is_uuid))
        return fail_req(r, ERR_BAD_REQUEST, "cursor is not one this service issued");
    const char *tilde = p.after ? strchr(p.after, '~') : NULL;
    const char *params[3] = {tilde ? arena_sprintf(r->arena, "%.*s", (int)(tilde - p.after), p.after) : NULL,
                             tilde ? tilde + 1 : NULL, p.limit_plus_one};
    PGresult *res = db_exec(r, &DUPLICATE_CANDIDATES, params);
    return res ? page_respond(r, &p, res) : -1;
}
