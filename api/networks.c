/* networks.c - tenants.  The platform admin creates a network together
 * with its coordination office and a first API client for that office
 * (secret shown once): that is how a new Kreis is onboarded.  Members read
 * their own network; ministry and platform admin read all. */
#include "api_clients.h"
#include "agencies.h"
#include "auth.h"
#include "handlers.h"
#include "json_in.h"
#include "networks.h"
#include "page.h"
#include "resource.h"

#include <string.h>

static int is_network_code(const char *s)
{
    size_t n = strlen(s);
    return n >= 2 && n <= 12 && s[0] >= 'A' && s[0] <= 'Z' &&
           strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") == n;
}

static int is_state(const char *s)
{
    return strlen(s) == 2 && strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") == 2;
}

static const field_spec_t NETWORK_FIELDS[] = {
    FIELD_FMT("code", F_REQUIRED, 2, 12, is_network_code,
              "must be 2-12 capital letters or digits, starting with a letter"),
    FIELD_STR("name", F_REQUIRED, 1, 200),
    FIELD_FMT("state", 0, 2, 2, is_state, "must be a two-letter state code"),
    FIELD_BOOL("referrals_require_agreement", 0),
    FIELD_STR("coordination_office_name", F_REQUIRED, 1, 200),
    FIELD_ENUM("coordination_office_kind", 0, AGENCY_KINDS),
    FIELD_END,
};
static const field_spec_t NETWORK_PATCH[] = {
    FIELD_STR("name", 0, 1, 200),
    FIELD_FMT("state", 0, 2, 2, is_state, "must be a two-letter state code"),
    FIELD_BOOL("referrals_require_agreement", 0),
    FIELD_INT("referral_response_days", 0, 1, 90),
    FIELD_END,
};

int h_networks_list(req_t *r)
{
    page_t p;
    if (page_parse(r, &p) != 0)
        return -1;
    const char *params[3] = {p.after, p.updated_since, p.limit_plus_one};
    PGresult *res = db_exec_once(r, &NETWORK_LIST, params);
    return res ? page_respond(r, &p, res) : -1;
}

/* Creates the coordination office and its first client; fills *out. */
static int bootstrap_office(req_t *r, json_t *body, const char *network_id, json_t **out)
{
    json_t *kind = json_object_get(body, "coordination_office_kind");
    json_t *office = json_pack("{s:O, s:s}", "name", json_object_get(body, "coordination_office_name"),
                               "kind", kind ? json_string_value(kind) : "integration_centre");
    const char *aparams[2] = {json_text(r, office), network_id};
    json_decref(office);
    PGresult *agency = db_write(r, &AGENCY_CREATE, aparams, "agency.created", "agency");
    if (agency == NULL)
        return -1;
    char client_id[20], secret[48], hash[65];
    if (auth_new_client_credentials(client_id, secret, hash) != 0)
        return fail_req(r, ERR_INTERNAL, "no randomness for a client secret");
    const char *agency_id = db_get(agency, 0, "id");
    const char *cparams[7] = {client_id, network_id, agency_id, "Coordination office (bootstrap)",
                              "[\"coordinator\",\"agency_admin\"]", hash, r->principal.sub};
    if (db_write(r, &CLIENT_CREATE, cparams, "api_client.created", "api_client") == NULL)
        return -1;
    *out = json_pack("{s:s, s:s, s:s, s:[s,s]}", "agency_id", agency_id, "client_id", client_id,
                     "client_secret", secret, "roles", "coordinator", "agency_admin");
    return 0;
}

int h_networks_create(req_t *r)
{
    json_t *body = body_object(r, 0);
    if (body == NULL || body_validate(r, body, NETWORK_FIELDS, 0) != 0)
        return -1;
    const char *params[1] = {json_text(r, body)};
    PGresult *res = db_write(r, &NETWORK_CREATE, params, "network.created", "network");
    if (res == NULL)
        return -1;
    const char *id = db_get(res, 0, "id");
    json_t *bootstrap = NULL;
    if (bootstrap_office(r, body, id, &bootstrap) != 0)
        return -1;
    json_t *network = json_loads(db_get(res, 0, "json"), 0, NULL);
    json_object_set_new(network, "bootstrap_client", bootstrap);
    resp_etag(r, db_get(res, 0, "version"));
    resp_header(r, "Location", arena_sprintf(r->arena, "/v1/networks/%s", id));
    return respond_json(r, 201, network);
}

int h_networks_get(req_t *r)
{
    const char *params[1] = {uuid_param(r, 0)};
    return params[0] ? respond_row(r, db_exec_once(r, &NETWORK_GET, params), 200, NULL) : -1;
}

static const write_spec_t NETWORK_UPDATE_SPEC = {
    NETWORK_PATCH, &NETWORK_UPDATE, &NETWORK_GET, "network.updated", "network", 1, 2, 0};

int h_networks_update(req_t *r)
{
    const char *params[3] = {uuid_param(r, 0), NULL, NULL};
    if (params[0] == NULL)
        return -1;
    if (!has_role(r, ROLE_PLATFORM_ADMIN) && strcmp(params[0], r->principal.network) != 0)
        return fail_req(r, ERR_NOT_FOUND, "no such resource");
    return conditional_write(r, &NETWORK_UPDATE_SPEC, params);
}
