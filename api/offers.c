/* offers.c - the offers catalogue: services of agencies and associations
 * with fields of action, target groups, languages, municipalities and
 * availability.  The owning agency's agency_admin manages its offers;
 * the network's members search all published ones (and their own drafts)
 * in German full text; published offers are readable without a token at
 * /v1/public/networks/{code}/offers, without internal data and cacheable. */
#include "auth.h"
#include "handlers.h"
#include "json_in.h"
#include "offers.h"
#include "page.h"
#include "resource.h"

#include <stdlib.h>
#include <string.h>

static const char *const AVAILABILITY[] = {"available", "waitlist", "full", NULL};

static int is_language_code(const char *s)
{
    return strlen(s) == 2 && strspn(s, "abcdefghijklmnopqrstuvwxyz") == 2;
}

static const field_spec_t OFFER_FIELDS[] = {
    FIELD_STR("title", F_REQUIRED, 1, 300),
    FIELD_TEXT("description", 0, 0, 20000),
    FIELD_ENUMS("fields_of_action", 0, 0, 12, FIELDS_OF_ACTION),
    FIELD_ENUMS("target_groups", 0, 0, 8, TARGET_GROUPS),
    FIELD_STRS("languages", 0, 0, 40, is_language_code, "must be an ISO 639-1 code"),
    FIELD_STRS("municipalities", 0, 0, 100, is_ags, "must be an 8-digit AGS"),
    FIELD_TEXT("address", F_NULLABLE, 1, 500),
    FIELD_STR("contact_email", F_NULLABLE, 3, 254),
    FIELD_STR("contact_phone", F_NULLABLE, 3, 50),
    FIELD_STR("cost", F_NULLABLE, 1, 200),
    FIELD_ENUM("availability", 0, AVAILABILITY),
    FIELD_DATE("valid_from", F_NULLABLE),
    FIELD_DATE("valid_until", F_NULLABLE),
    FIELD_BOOL("published", 0),
    FIELD_END,
};

int h_offers_create(req_t *r)
{
    json_t *body = body_object(r, 0);
    if (body == NULL || body_validate(r, body, OFFER_FIELDS, 0) != 0)
        return -1;
    const char *params[1] = {json_text(r, body)};
    PGresult *res = db_write(r, &OFFER_CREATE, params, "offer.created", "offer");
    if (res == NULL)
        return -1;
    if (strcmp(db_get(res, 0, "published"), "t") == 0 &&
        db_event(r, "offer.published", "offer", db_get(res, 0, "id"), NULL) != 0)
        return -1;
    return respond_row(r, res, 201, arena_sprintf(r->arena, "/v1/offers/%s", db_get(res, 0, "id")));
}

int h_offers_get(req_t *r)
{
    const char *params[1] = {uuid_param(r, 0)};
    return params[0] ? respond_row(r, db_exec_once(r, &OFFER_GET, params), 200, NULL) : -1;
}

int h_offers_update(req_t *r)
{
    const char *params[3] = {uuid_param(r, 0), NULL, NULL};
    json_t *patch;
    if (params[0] == NULL || (patch = patch_body(r, OFFER_FIELDS, &params[2])) == NULL)
        return -1;
    params[1] = json_text(r, patch);
    PGresult *cur = db_exec(r, &OFFER_GET, params);
    if (cur == NULL)
        return -1;
    if (PQntuples(cur) == 0)
        return fail_req(r, ERR_NOT_FOUND, "no such offer");
    if (strcmp(db_get(cur, 0, "own"), "t") != 0)
        return fail_req(r, ERR_FORBIDDEN, "only the agency that offers it changes an offer");
    if (params[2] == NULL)
        params[2] = db_get(cur, 0, "version");
    PGresult *res = db_write(r, &OFFER_UPDATE, params, "offer.updated", "offer");
    if (res == NULL)
        return -1;
    if (PQntuples(res) == 0)
        return fail_req(r, ERR_PRECONDITION_FAILED, "the offer changed since you read it");
    if (strcmp(db_get(cur, 0, "published"), "f") == 0 &&
        strcmp(db_get(res, 0, "published"), "t") == 0 &&
        db_event(r, "offer.published", "offer", params[0], NULL) != 0)
        return -1;
    return respond_row(r, res, 200, NULL);
}

static const write_spec_t OFFER_DELETE_SPEC = {NULL, &OFFER_DELETE, &OFFER_GET, "offer.deleted",
                                               "offer", 0, 1, 1};

int h_offers_delete(req_t *r)
{
    const char *params[2] = {uuid_param(r, 0), NULL};
    if (params[0] == NULL)
        return -1;
    PGresult *cur = db_exec(r, &OFFER_GET, params);
    if (cur && PQntuples(cur) == 1 && strcmp(db_get(cur, 0, "own"), "t") != 0)
        return fail_req(r, ERR_FORBIDDEN, "only the agency that offers it deletes an offer");
    return cur ? conditional_write(r, &OFFER_DELETE_SPEC, params) : -1;
}

/* Search shared by members and the public catalogue. */
static int search(req_t *r, const char *network, int public_view)
{
    page_t p;
    if (page_parse(r, &p) != 0)
        return -1;
    const char *q = req_query(r, "q"), *lang = req_query(r, "language");
    const char *ags = req_query(r, "municipality_ags"), *field, *group, *avail;
    if (query_enum(r, "field_of_action", FIELDS_OF_ACTION, &field) ||
        query_enum(r, "target_group", TARGET_GROUPS, &group) ||
        query_enum(r, "availability", AVAILABILITY, &avail))
        return -1;
    if ((q && (strlen(q) < 1 || strlen(q) > 200)) || (lang && !is_language_code(lang)) ||
        (ags && !is_ags(ags)) || (p.after && strspn(p.after, "0123456789") != strlen(p.after)))
        return fail_req(r, ERR_BAD_REQUEST, "q must have 1-200 characters, language an ISO 639-1 "
                                            "code, municipality_ags 8 digits");
    const char *params[10] = {network, q, field, lang, group, ags, avail, p.limit_plus_one,
                              p.after ? p.after : "0", public_view ? "true" : "false"};
    PGresult *res = db_exec(r, &OFFER_SEARCH, params);
    return res ? page_respond(r, &p, res) : -1;
}

int h_offers_list(req_t *r)
{
    return search(r, r->principal.network, 0);
}

int h_public_offers(req_t *r)
{
    r->public_read = 1;
    const char *code = path_param(r, 0);
    const char *params[1] = {code};
    PGresult *net = strlen(code) <= 12 ? db_exec(r, &NETWORK_BY_CODE, params) : NULL;
    if (r->err != ERR_NONE)
        return -1;
    if (net == NULL || PQntuples(net) == 0)
        return fail_req(r, ERR_NOT_FOUND, "no network with this code");
    if (search(r, db_get(net, 0, "id"), 1) != 0)
        return -1;
    /* a strong validator of the body: unchanged results answer 304 */
    char hash[65];
    auth_sha256_hex(r->resp_body, r->resp_len, hash);
    char *etag = arena_sprintf(r->arena, "\"%.32s\"", hash);
    resp_header(r, "ETag", etag);
    resp_header(r, "Cache-Control", "public, max-age=300");
    const char *inm = req_header(r, "If-None-Match");
    if (inm && strcmp(inm, etag) == 0) {
        r->status = 304;
        r->resp_body = NULL;
        r->resp_len = 0;
    }
    return 0;
}
