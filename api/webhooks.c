/* webhooks.c - an agency's webhook subscriptions (agency_admin): an
 * https URL (checked against the SSRF rules of webhook_target.h when
 * created or changed and again before every delivery), the event types
 * (none: all the agency may see), and a signing secret shown once.  Its
 * deliveries are listed with every attempt (status code, duration, error)
 * and can be sent again. */
#include "handlers.h"
#include "json_in.h"
#include "page.h"
#include "resource.h"
#include "webhook_target.h"
#include "webhook_worker.h"
#include "webhooks.h"

#include <openssl/evp.h>
#include <openssl/rand.h>
#include <string.h>

static int is_event_type(const char *s)
{
    const char *dot = strchr(s, '.');
    size_t n = strlen(s);
    return dot && dot != s && dot[1] != '\0' && strspn(s, "abcdefghijklmnopqrstuvwxyz_.") == n &&
           strchr(dot + 1, '.') == NULL;
}

#define WEBHOOK_FIELDS(required)                                                              \
    FIELD_STR("url", required, 8, 2000),                                                        \
        FIELD_STRS("event_types", 0, 0, 50, is_event_type, "is an event type like case.created")
static const field_spec_t CREATE_FIELDS[] = {WEBHOOK_FIELDS(F_REQUIRED), FIELD_END};
static const char *const STATUSES[] = {"active", "disabled", NULL};
static const field_spec_t PATCH_FIELDS[] = {WEBHOOK_FIELDS(0), FIELD_ENUM("status", 0, STATUSES),
                                            FIELD_END};
static const char *const DELIVERY_STATUSES[] = {"pending", "delivered", "failed", NULL};

/* 422 naming /url when it is not a target webhooks are sent to. */
static int check_url(req_t *r, json_t *body)
{
    const char *url = json_string_value(json_object_get(body, "url"));
    char pin[512], why[200];
    if (url == NULL || webhook_target(url, pin, sizeof pin, why, sizeof why) == 0)
        return 0;
    add_field_error(r, "/url", "%s", why);
    return fail_req(r, ERR_UNPROCESSABLE, "webhooks are not sent to this URL");
}

int h_webhooks_create(req_t *r)
{
    json_t *body = body_object(r, 0);
    if (body == NULL || body_validate(r, body, CREATE_FIELDS, 0) != 0 || check_url(r, body) != 0)
        return -1;
    unsigned char key[24];
    char secret[64] = "whsec_";
    if (RAND_bytes(key, sizeof key) != 1)
        return fail_req(r, ERR_INTERNAL, "no randomness for the secret");
    EVP_EncodeBlock((unsigned char *)secret + 6, key, sizeof key);
    const char *params[3] = {json_text(r, body), secret, r->principal.sub};
    PGresult *res = db_write(r, &WEBHOOK_CREATE, params, "webhook.created", "webhook");
    if (res == NULL)
        return -1;
    return respond_row(r, res, 201, arena_sprintf(r->arena, "/v1/webhooks/%s", db_get(res, 0, "id")));
}

int h_webhooks_list(req_t *r)
{
    page_t p;
    if (page_parse(r, &p) != 0)
        return -1;
    const char *params[2] = {p.after, p.limit_plus_one};
    PGresult *res = db_exec(r, &WEBHOOK_LIST, params);
    return res ? page_respond(r, &p, res) : -1;
}

int h_webhooks_get(req_t *r)
{
    const char *params[1] = {uuid_param(r, 0)};
    if (params[0] == NULL)
        return -1;
    PGresult *res = db_exec(r, &WEBHOOK_GET, params);
    return res ? respond_row(r, res, 200, NULL) : -1;
}

int h_webhooks_update(req_t *r)
{
    const char *params[3] = {uuid_param(r, 0), NULL, NULL};
    json_t *patch;
    if (params[0] == NULL || (patch = patch_body(r, PATCH_FIELDS, &params[2])) == NULL ||
        check_url(r, patch) != 0)
        return -1;
    params[1] = json_text(r, patch);
    if (params[2] == NULL) {
        PGresult *cur = db_exec(r, &WEBHOOK_GET, params);
        if (cur == NULL)
            return -1;
        if (PQntuples(cur) == 0)
            return fail_req(r, ERR_NOT_FOUND, "no such webhook");
        params[2] = db_get(cur, 0, "version");
    }
    PGresult *res = db_write(r, &WEBHOOK_UPDATE, params, "webhook.updated", "webhook");
    if (res == NULL)
        return -1;
    if (PQntuples(res) == 0)
        return fail_stale_or_missing(r, &WEBHOOK_GET, params);
    return respond_row(r, res, 200, NULL);
}

/* The caller's subscription of path parameter 0 at the version If-Match
 * names: 0, or -1 with 404 (none of its agency) or 412 (stale). */
static int current_subscription(req_t *r)
{
    const char *params[1] = {uuid_param(r, 0)};
    if (params[0] == NULL)
        return -1;
    PGresult *sub = db_exec(r, &WEBHOOK_GET, params);
    if (sub == NULL)
        return -1;
    if (PQntuples(sub) == 0)
        return fail_req(r, ERR_NOT_FOUND, "no such webhook");
    return require_version(r, db_get(sub, 0, "version"));
}

int h_webhooks_delete(req_t *r)
{
    if (current_subscription(r) != 0)
        return -1;
    const char *params[1] = {path_param(r, 0)};
    PGresult *res = db_write(r, &WEBHOOK_DELETE, params, "webhook.deleted", "webhook");
    if (res == NULL)
        return -1;
    if (PQntuples(res) == 0)
        return fail_req(r, ERR_NOT_FOUND, "no such webhook");
    return respond_no_content(r);
}

int h_webhook_deliveries(req_t *r)
{
    page_t p;
    const char *status, *id = uuid_param(r, 0);
    if (id == NULL || page_parse(r, &p) != 0 || query_enum(r, "status", DELIVERY_STATUSES, &status) != 0)
        return -1;
    const char *own[1] = {id};
    PGresult *sub = db_exec(r, &WEBHOOK_GET, own);
    if (sub == NULL)
        return -1;
    if (PQntuples(sub) == 0)
        return fail_req(r, ERR_NOT_FOUND, "no such webhook");
    const char *params[4] = {id, p.after, p.limit_plus_one, status};
    PGresult *res = db_exec(r, &WEBHOOK_DELIVERIES, params);
    return res ? page_respond(r, &p, res) : -1;
}

int h_webhook_replay(req_t *r)
{
    if (current_subscription(r) != 0)
        return -1;
    const char *params[2] = {path_param(r, 0), uuid_param(r, 1)};
    if (params[1] == NULL)
        return -1;
    PGresult *res = db_write(r, &WEBHOOK_REPLAY, params, "webhook.replayed", "webhook_delivery");
    if (res == NULL)
        return -1;
    if (PQntuples(res) == 0)
        return fail_req(r, ERR_NOT_FOUND, "no such delivery");
    webhook_worker_kick();
    return respond_row(r, res, 200, NULL);
}
