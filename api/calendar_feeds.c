/* calendar_feeds.c - subscribable calendars (issue 23, item 5; migration
 * 0042): an agency_admin creates a feed and gets its secret URL once
 * (https and webcal); a calendar app polls it without a bearer header;
 * revoking stops it at the next poll.  The feed shows what the agency's
 * own calendar shows: references, times, places, never names. */
#include "calendar_feeds.h"
#include "feed_access.h"

#include "auth.h"
#include "handlers.h"
#include "json_in.h"
#include "page.h"
#include "resource.h"
#include "store.h"

#include <stdio.h>
#include <string.h>

#define TOKEN_PREFIX "lcf_"

static const field_spec_t FEED_FIELDS[] = {
    FIELD_STR("label", F_REQUIRED, 1, 100),
    FIELD_END,
};

int h_feeds_list(req_t *r)
{
    page_t p;
    if (page_parse(r, &p) != 0)
        return -1;
    const char *params[2] = {p.after, p.limit_plus_one};
    PGresult *res = db_exec_once(r, &FEED_LIST, params);
    return res ? page_respond(r, &p, res) : -1;
}

/* The feed's address as the caller reached this server (Host), https unless loopback. */
static const char *feed_url(req_t *r, const char *scheme, const char *token)
{
    const char *host = req_header(r, "Host");
    if (host == NULL || strpbrk(host, " /\\\"<>") != NULL)
        host = "localhost";
    return arena_sprintf(r->arena, "%s://%s/v1/feeds/%s/conferences.ics", scheme, host, token);
}

int h_feeds_create(req_t *r)
{
    json_t *body = body_object(r, 0);
    if (body == NULL || body_validate(r, body, FEED_FIELDS, 0) != 0)
        return -1;
    char secret[48], token[64], hash[65];
    if (auth_random_token(32, secret, sizeof secret) != 0)
        return fail_req(r, ERR_INTERNAL, "no randomness for a feed token");
    snprintf(token, sizeof token, TOKEN_PREFIX "%s", secret);
    auth_sha256_hex(token, strlen(token), hash);
    const char *params[3] = {json_string_value(json_object_get(body, "label")), hash, r->principal.sub};
    PGresult *res = db_write(r, &FEED_CREATE, params, "calendar_feed.created", "calendar_feed");
    if (res == NULL)
        return -1;
    json_t *feed = json_loads(db_get(res, 0, "json"), 0, NULL);
    if (feed == NULL)
        return fail_req(r, ERR_INTERNAL, "feed representation unreadable");
    /* shown this once: only the hash is stored */
    const char *https = feed_url(r, r->peer_loopback ? "http" : "https", token);
    json_object_set_new(feed, "url", json_string(https));
    json_object_set_new(feed, "webcal_url", json_string(feed_url(r, "webcal", token)));
    resp_etag(r, db_get(res, 0, "version"));
    resp_header(r, "Location", arena_sprintf(r->arena, "/v1/calendar-feeds/%s", db_get(res, 0, "id")));
    return respond_json(r, 201, feed);
}

static const write_spec_t FEED_REVOKE_SPEC = {
    NULL, &FEED_REVOKE, &FEED_GET, "calendar_feed.revoked", "calendar_feed", 0, 2, 0};

int h_feeds_revoke(req_t *r)
{
    const char *params[3] = {uuid_param(r, 0), r->principal.sub, NULL};
    return params[0] ? conditional_write(r, &FEED_REVOKE_SPEC, params) : -1;
}

int feed_scope_enter(req_t *r)
{
    const char *token = path_param(r, 0);
    size_t n = token ? strlen(token) : 0;
    if (n < 8 || n > 100 || strncmp(token, TOKEN_PREFIX, 4) != 0)
        return fail_req(r, ERR_NOT_FOUND, "no such calendar feed");
    char hash[65];
    auth_sha256_hex(token, n, hash);
    const char *params[1] = {hash};
    PGresult *res = db_exec_once(r, &FEED_LOOKUP, params);
    if (res == NULL)
        return -1;
    if (PQntuples(res) != 1)
        return fail_req(r, ERR_NOT_FOUND, "no such calendar feed");
    principal_t *p = &r->principal;
    snprintf(p->sub, sizeof p->sub, "calendar-feed:%s", db_get(res, 0, "id"));
    snprintf(p->network, sizeof p->network, "%s", db_get(res, 0, "network_id"));
    snprintf(p->agency, sizeof p->agency, "%s", db_get(res, 0, "agency_id"));
    p->roles = ROLE_CASEWORKER;
    return 0;
}
