/* ops.c - operations endpoints (health, readiness, metrics, the OpenAPI
 * document and its HTML view) and GET /v1/me. */
#include "store.h"
#include "handlers.h"
#include "metrics.h"
#include "server.h"

#include "config.h"

#include <openssl/crypto.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Generated at build time from openapi/openapi.yaml (deploy/embed.sh). */
extern const char lotse_openapi_json[];
extern const size_t lotse_openapi_json_len;
extern const char lotse_redoc_js[];
extern const size_t lotse_redoc_js_len;

int h_healthz(req_t *r)
{
    return respond_json(r, 200, json_pack("{s:s}", "status", "ok"));
}

int h_readyz(req_t *r)
{
    if (db_ping(r) != 0) {
        r->retry_after = 2;
        return fail_req(r, ERR_UNAVAILABLE, "the database is not reachable");
    }
    return respond_json(r, 200, json_pack("{s:s}", "status", "ready"));
}

/* /metrics: with LOTSE_METRICS_TOKEN only for "Authorization: Bearer
 * <token>" (compared in constant time), else only to connections from a
 * loopback address (the peer itself, never a forwarded address). */
static int metrics_allowed(req_t *r)
{
    const char *want = g_config.metrics_token;
    if (want == NULL || want[0] == '\0')
        return r->peer_loopback ? 0
                                : fail_req(r, ERR_FORBIDDEN, "metrics are served to loopback connections "
                                                             "only unless LOTSE_METRICS_TOKEN is set");
    const char *got = req_header(r, "Authorization");
    size_t n = strlen(want);
    if (got && strncasecmp(got, "Bearer ", 7) == 0 && strlen(got + 7) == n &&
        CRYPTO_memcmp(got + 7, want, n) == 0)
        return 0;
    return fail_req(r, ERR_UNAUTHORIZED, "send the metrics token as Authorization: Bearer");
}

int h_metrics(req_t *r)
{
    if (metrics_allowed(r) != 0)
        return -1;
    char *text = metrics_render(server_connections());
    if (text == NULL)
        return fail_req(r, ERR_INTERNAL, "metrics unavailable");
    respond_bytes(r, 200, "text/plain; version=0.0.4; charset=utf-8", text, strlen(text));
    free(text);
    return 0;
}

int h_openapi(req_t *r)
{
    return respond_bytes(r, 200, "application/json", lotse_openapi_json, lotse_openapi_json_len);
}

/* The API reference: Redoc (vendored, openapi/vendor) rendering the live
 * /openapi.json, both served by Lotse itself (no CDN). */
static const char DOCS_HTML[] =
    "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
    "<title>Lotse API</title></head><body>"
    "<redoc spec-url=\"/openapi.json\" hide-download-button=\"false\"></redoc>"
    "<script src=\"/docs/redoc.standalone.js\"></script></body></html>";

int h_docs(req_t *r)
{
    resp_header(r, "Content-Security-Policy",
                "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
                "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; worker-src blob:");
    return respond_bytes(r, 200, "text/html; charset=utf-8", DOCS_HTML, sizeof DOCS_HTML - 1);
}

int h_docs_redoc(req_t *r)
{
    resp_header(r, "Cache-Control", "public, max-age=86400");
    return respond_bytes(r, 200, "application/javascript; charset=utf-8", lotse_redoc_js,
                         lotse_redoc_js_len);
}

int h_me(req_t *r)
{
    const principal_t *p = &r->principal;
    json_t *roles = json_array();
    for (unsigned bit = 1; bit <= ROLE_PLATFORM_ADMIN; bit <<= 1)
        if (p->roles & bit)
            json_array_append_new(roles, json_string(role_name(bit)));
    json_t *me = json_pack("{s:s, s:o, s:s?, s:s?, s:s?}", "sub", p->sub, "roles", roles,
                           "agency", p->agency[0] ? p->agency : NULL,
                           "network", p->network[0] ? p->network : NULL,
                           "client_id", p->client_id[0] ? p->client_id : NULL);
    return respond_json(r, 200, me);
}
