/* api_clients.c - an agency's machine clients (OAuth client credentials).
 * Only an agency_admin manages them, and only those of its own agency:
 * another agency's client is a 404.  The secret is generated here, shown
 * once (create, rotate) and stored only as a SHA-256 hash.  A caller may
 * grant caseworker and agency_admin; coordinator and auditor only when it
 * is a coordinator itself; ministry and platform_admin never. */
#include "api_clients.h"
#include "auth.h"
#include "handlers.h"
#include "json_in.h"
#include "page.h"
#include "resource.h"

#include <string.h>

static const char *const GRANTABLE[] = {"caseworker", "agency_admin", "coordinator", "auditor",
                                        NULL};

static const field_spec_t CLIENT_FIELDS[] = {
    FIELD_STR("name", F_REQUIRED, 1, 200),
    FIELD_ENUMS("roles", F_REQUIRED, 1, 4, GRANTABLE),
    FIELD_END,
};
static const field_spec_t CLIENT_PATCH[] = {
    FIELD_STR("name", 0, 1, 200),
    FIELD_END,
};

/* Responds with the client and its new secret (shown this once). */
static int respond_with_secret(req_t *r, PGresult *res, int status, const char *secret,
                               const char *location)
{
    json_t *client = json_loads(db_get(res, 0, "json"), 0, NULL);
    if (client == NULL)
        return fail_req(r, ERR_INTERNAL, "client representation unreadable");
    json_object_set_new(client, "client_secret", json_string(secret));
    resp_etag(r, db_get(res, 0, "version"));
    if (location)
        resp_header(r, "Location", location);
    return respond_json(r, status, client);
}

int h_clients_list(req_t *r)
{
    page_t p;
    if (page_parse(r, &p) != 0)
        return -1;
    const char *params[4] = {p.after, p.updated_since, p.limit_plus_one, r->principal.agency};
    PGresult *res = db_exec_once(r, &CLIENT_LIST, params);
    return res ? page_respond(r, &p, res) : -1;
}

int h_clients_create(req_t *r)
{
    json_t *body = body_object(r, 0);
    if (body == NULL || body_validate(r, body, CLIENT_FIELDS, 0) != 0)
        return -1;
    size_t i;
    json_t *role;
    json_array_foreach(json_object_get(body, "roles"), i, role) {
        unsigned bit = role_bit(json_string_value(role));
        if ((bit & (ROLE_COORDINATOR | ROLE_AUDITOR)) && !has_role(r, ROLE_COORDINATOR))
            add_field_error(r, arena_sprintf(r->arena, "/roles/%zu", i),
                            "only a coordinator may grant this role");
    }
    if (r->err_errors)
        return fail_req(r, ERR_FORBIDDEN, "you may not grant these roles");
    char client_id[20], secret[48], hash[65];
    if (auth_new_client_credentials(client_id, secret, hash) != 0)
        return fail_req(r, ERR_INTERNAL, "no randomness for a client secret");
    const char *params[7] = {client_id, NULL, r->principal.agency,
                             json_string_value(json_object_get(body, "name")),
                             json_text(r, json_object_get(body, "roles")), hash, r->principal.sub};
    PGresult *res = db_write(r, &CLIENT_CREATE, params, "api_client.created", "api_client");
    if (res == NULL)
        return -1;
    return respond_with_secret(r, res, 201, secret,
                               arena_sprintf(r->arena, "/v1/api-clients/%s", db_get(res, 0, "id")));
}

int h_clients_get(req_t *r)
{
    const char *params[2] = {uuid_param(r, 0), r->principal.agency};
    return params[0] ? respond_row(r, db_exec_once(r, &CLIENT_GET, params), 200, NULL) : -1;
}

static const write_spec_t CLIENT_UPDATE_SPEC = {
    CLIENT_PATCH, &CLIENT_UPDATE, &CLIENT_GET, "api_client.updated", "api_client", 2, 3, 0};
static const write_spec_t CLIENT_REVOKE_SPEC = {
    NULL, &CLIENT_REVOKE, &CLIENT_GET, "api_client.revoked", "api_client", 0, 2, 0};

int h_clients_update(req_t *r)
{
    const char *params[4] = {uuid_param(r, 0), r->principal.agency, NULL, NULL};
    return params[0] ? conditional_write(r, &CLIENT_UPDATE_SPEC, params) : -1;
}

int h_clients_revoke(req_t *r)
{
    const char *params[3] = {uuid_param(r, 0), r->principal.agency, NULL};
    return params[0] ? conditional_write(r, &CLIENT_REVOKE_SPEC, params) : -1;
}

int h_clients_rotate(req_t *r)
{
    const char *id = uuid_param(r, 0);
    if (id == NULL)
        return -1;
    int ok;
    const char *version = if_match_version(r, &ok);
    if (!ok)
        return -1;
    char client_id[20], secret[48], hash[65];
    if (auth_new_client_credentials(client_id, secret, hash) != 0)
        return fail_req(r, ERR_INTERNAL, "no randomness for a client secret");
    const char *params[4] = {id, r->principal.agency, hash, version};
    PGresult *res = db_write(r, &CLIENT_ROTATE, params, "api_client.secret_rotated", "api_client");
    if (res == NULL)
        return -1;
    if (PQntuples(res) == 1)
        return respond_with_secret(r, res, 200, secret, NULL);
    PGresult *cur = db_exec(r, &CLIENT_GET, params);
    if (cur && PQntuples(cur) == 1 && strcmp(db_get(cur, 0, "revoked"), "t") == 0)
        return fail_req(r, ERR_CONFLICT, "a revoked client cannot get a new secret");
    return cur ? fail_stale_or_missing(r, &CLIENT_GET, params) : -1;
}
