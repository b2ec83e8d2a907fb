/* ops.c - operations endpoints (health, readiness, metrics, the OpenAPI
 * document and its HTML view) and GET /v1/me. */
#include "db.h"
#include "handlers.h"
#include "metrics.h"
#include "server.h"

#include <stdlib.h>
#include <string.h>

/* Generated at build time from openapi/openapi.yaml (deploy/embed.sh). */
extern const char lotse_openapi_json[];
extern const size_t lotse_openapi_json_len;

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

int h_metrics(req_t *r)
{
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

/* A self-contained page (no CDN): lists every operation of /openapi.json. */
static const char DOCS_HTML[] =
    "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
    "<title>Lotse API</title><style>body{font:15px/1.4 system-ui,sans-serif;margin:2em;"
    "max-width:70em}code{background:#f3f3f3;padding:0 .3em}h2{margin-top:1.5em}"
    ".m{display:inline-block;width:5em;font-weight:bold}</style></head><body>"
    "<h1>Lotse API</h1><p>The contract: <a href=\"/openapi.json\">/openapi.json</a> "
    "(OpenAPI 3.1).</p><div id=\"ops\">Loading…</div><script>"
    "fetch('/openapi.json').then(r=>r.json()).then(d=>{const o=document.getElementById('ops');"
    "o.textContent='';const h=document.createElement('p');h.textContent=d.info.description||'';"
    "o.appendChild(h);for(const[p,item]of Object.entries(d.paths)){const s=document.createElement('h2');"
    "s.textContent=p;o.appendChild(s);for(const[m,op]of Object.entries(item)){"
    "if(typeof op!=='object'||!op.responses)continue;const e=document.createElement('p');"
    "const b=document.createElement('span');b.className='m';b.textContent=m.toUpperCase();"
    "e.appendChild(b);e.appendChild(document.createTextNode(op.summary||''));o.appendChild(e);}}});"
    "</script></body></html>";

int h_docs(req_t *r)
{
    resp_header(r, "Content-Security-Policy",
                "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
                "connect-src 'self'");
    return respond_bytes(r, 200, "text/html; charset=utf-8", DOCS_HTML, sizeof DOCS_HTML - 1);
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
