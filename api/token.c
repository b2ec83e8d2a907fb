/* token.c - POST /v1/oauth/token, the OAuth 2.0 client-credentials grant
 * (RFC 6749 §4.4) for agency systems.  The client authenticates with HTTP
 * Basic (client_secret_basic) or with client_id/client_secret in the form
 * (client_secret_post), never both.  Errors are problem+json that also
 * carry RFC 6749's "error" member, so OAuth libraries understand them.
 * An optional scope narrows the token to a subset of the client's roles. */
#include "api_clients.h"
#include "auth.h"
#include "b64.h"
#include "config.h"
#include "handlers.h"
#include "ratelimit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#define MAX_FORM_FIELD 512

/* Failed client authentications of one address: LOTSE_TOKEN_FAILURES_PER_MIN. */
#define FAILURE_RATE ((double)g_config.token_failures / 60.0), (double)g_config.token_failures

static int oauth_fail(req_t *r, lotse_err_t err, const char *code, const char *detail)
{
    if (err == ERR_INVALID_CLIENT) {
        char key[96];
        snprintf(key, sizeof key, "token-failure:%s", r->address);
        ratelimit_take(key, FAILURE_RATE);
    }
    r->err_extra = json_pack("{s:s, s:s}", "error", code, "error_description", detail);
    arena_defer(r->arena, (void (*)(void *))json_decref, r->err_extra);
    return fail_req(r, err, "%s", detail);
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* application/x-www-form-urlencoded decoding of s[0..n) into the arena;
 * NULL when malformed or containing NUL. */
static char *form_decode(req_t *r, const char *s, size_t n)
{
    if (n > MAX_FORM_FIELD)
        return NULL;
    char *out = arena_alloc(r->arena, n + 1);
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '+') {
            out[o++] = ' ';
        } else if (s[i] == '%') {
            if (i + 2 >= n)
                return NULL;
            int hi = hexval(s[i + 1]), lo = hexval(s[i + 2]);
            if (hi < 0 || lo < 0 || (hi == 0 && lo == 0))
                return NULL;
            out[o++] = (char)(hi * 16 + lo);
            i += 2;
        } else {
            out[o++] = s[i];
        }
    }
    return out;
}

typedef struct form {
    char *grant_type, *client_id, *client_secret, *scope;
} form_t;

/* Parses the body; -1 on malformed or repeated parameters. */
static int parse_form(req_t *r, form_t *f)
{
    memset(f, 0, sizeof *f);
    const char *p = r->body ? r->body : "";
    const char *end = p + r->body_len;
    while (p < end) {
        const char *amp = memchr(p, '&', (size_t)(end - p));
        const char *stop = amp ? amp : end;
        const char *eq = memchr(p, '=', (size_t)(stop - p));
        if (eq == NULL) {
            if (stop != p)
                return -1;
        } else {
            char *key = form_decode(r, p, (size_t)(eq - p));
            char *val = form_decode(r, eq + 1, (size_t)(stop - eq - 1));
            if (key == NULL || val == NULL)
                return -1;
            char **slot = strcmp(key, "grant_type") == 0      ? &f->grant_type
                          : strcmp(key, "client_id") == 0     ? &f->client_id
                          : strcmp(key, "client_secret") == 0 ? &f->client_secret
                          : strcmp(key, "scope") == 0         ? &f->scope
                                                              : NULL;
            if (slot) {
                if (*slot)
                    return -1; /* RFC 6749 §3.1: parameters must not repeat */
                *slot = val;
            }
        }
        p = stop + 1;
    }
    return 0;
}

/* Splits an HTTP Basic header into form-decoded id and secret. */
static int parse_basic(req_t *r, const char *h, char **id, char **secret)
{
    if (strncasecmp(h, "Basic ", 6) != 0)
        return -1;
    size_t n = 0;
    char *raw = b64std_decode(h + 6, strlen(h + 6), &n);
    if (raw == NULL)
        return -1;
    char *colon = memchr(raw, ':', n);
    int rc = -1;
    if (colon && strlen(raw) == n) {
        *id = form_decode(r, raw, (size_t)(colon - raw));
        *secret = form_decode(r, colon + 1, n - (size_t)(colon - raw) - 1);
        rc = (*id && *secret) ? 0 : -1;
    }
    free(raw);
    return rc;
}

/* Keeps the roles named in scope; returns the new array or NULL when
 * scope names a role the client does not hold. */
static json_t *narrow_roles(json_t *roles, const char *scope)
{
    if (scope == NULL || scope[0] == '\0')
        return json_incref(roles);
    json_t *out = json_array();
    char buf[MAX_FORM_FIELD + 1], *save = NULL;
    snprintf(buf, sizeof buf, "%s", scope);
    for (char *tok = strtok_r(buf, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
        int held = 0;
        size_t i;
        json_t *v;
        json_array_foreach(roles, i, v) held |= strcmp(json_string_value(v), tok) == 0;
        if (!held) {
            json_decref(out);
            return NULL;
        }
        json_array_append_new(out, json_string(tok));
    }
    return out;
}

int h_token(req_t *r)
{
    char key[96];
    snprintf(key, sizeof key, "token-failure:%s", r->address);
    int wait = ratelimit_wait(key, FAILURE_RATE);
    if (wait) {
        r->retry_after = wait;
        return oauth_fail(r, ERR_TOO_MANY_REQUESTS, "invalid_request",
                          "too many failed attempts from your address; wait before trying again");
    }
    const char *ct = req_header(r, "Content-Type");
    if (ct == NULL || strncasecmp(ct, "application/x-www-form-urlencoded", 33) != 0)
        return oauth_fail(r, ERR_UNSUPPORTED_MEDIA, "invalid_request",
                          "send the request as application/x-www-form-urlencoded");
    form_t f;
    if (parse_form(r, &f) != 0)
        return oauth_fail(r, ERR_BAD_REQUEST, "invalid_request",
                          "the form is malformed or repeats a parameter");
    if (f.grant_type == NULL)
        return oauth_fail(r, ERR_BAD_REQUEST, "invalid_request", "grant_type is required");
    if (strcmp(f.grant_type, "client_credentials") != 0)
        return oauth_fail(r, ERR_UNSUPPORTED_GRANT, "unsupported_grant_type",
                          "only grant_type=client_credentials is supported");
    const char *basic = req_header(r, "Authorization");
    char *id = f.client_id, *secret = f.client_secret;
    if (basic) {
        if (f.client_secret)
            return oauth_fail(r, ERR_BAD_REQUEST, "invalid_request",
                              "use one client authentication method, not two");
        if (parse_basic(r, basic, &id, &secret) != 0)
            return oauth_fail(r, ERR_INVALID_CLIENT, "invalid_client",
                              "the Basic credentials are malformed");
        if (f.client_id && strcmp(f.client_id, id) != 0)
            return oauth_fail(r, ERR_BAD_REQUEST, "invalid_request",
                              "client_id differs from the Basic credentials");
    }
    if (id == NULL || secret == NULL || strlen(id) > 64)
        return oauth_fail(r, ERR_INVALID_CLIENT, "invalid_client",
                          "client authentication failed");

    snprintf(r->principal.client_id, sizeof r->principal.client_id, "%s", id);
    const char *params[1] = {id};
    PGresult *res = db_exec(r, &CLIENT_CREDENTIALS, params);
    if (res == NULL)
        return -1;
    char presented[65];
    auth_sha256_hex(secret, strlen(secret), presented);
    const char *stored = PQntuples(res) == 1 ? db_get(res, 0, "secret_hash") : NULL;
    /* compare even when unknown, so timing does not tell which ids exist */
    static const char NO_HASH[] =
        "0000000000000000000000000000000000000000000000000000000000000000";
    int match = auth_secret_equal(presented, stored ? stored : NO_HASH);
    if (!match || stored == NULL)
        return oauth_fail(r, ERR_INVALID_CLIENT, "invalid_client", "client authentication failed");

    json_t *roles = json_loads(db_get(res, 0, "roles"), 0, NULL);
    json_t *granted = roles ? narrow_roles(roles, f.scope) : NULL;
    json_decref(roles);
    if (granted == NULL)
        return oauth_fail(r, ERR_BAD_REQUEST, "invalid_scope",
                          "scope names a role this client does not hold");
    /* the fine clock: time() may lag PostgreSQL's now() by a tick, and a token
     * must never look older than the secret that was just set */
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    char *token = auth_issue(id, atoi(db_get(res, 0, "generation")), granted, db_get(res, 0, "agency_id"),
                             db_get(res, 0, "network_id"), (long long)now.tv_sec);
    char scope[128] = "";
    size_t i;
    json_t *v;
    json_array_foreach(granted, i, v) {
        if (i)
            strcat(scope, " ");
        strncat(scope, json_string_value(v), sizeof scope - strlen(scope) - 2);
    }
    json_decref(granted);
    if (token == NULL)
        return fail_req(r, ERR_INTERNAL, "the token could not be signed");
    json_t *body = json_pack("{s:s, s:s, s:i, s:s}", "access_token", token, "token_type", "Bearer",
                             "expires_in", g_config.token_ttl, "scope", scope);
    free(token);
    resp_header(r, "Pragma", "no-cache");
    return respond_json(r, 200, body);
}
