/* req.c - request accessors and response setters; see req.h. */
#include "req.h"
#include "problem_de.h"

#include <ctype.h>
#include <microhttpd.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <stdlib.h>

int fail_req(req_t *r, lotse_err_t err, const char *detail_fmt, ...)
{
    r->err = err;
    if (detail_fmt) {
        char buf[1024];
        va_list ap;
        va_start(ap, detail_fmt);
        const char *de = r->german ? problem_detail_de(detail_fmt) : NULL;
        if (r->german && strcmp(detail_fmt, "%s") == 0) {
            const char *text = va_arg(ap, const char *);
            const char *text_de = problem_detail_de(text);
            snprintf(buf, sizeof buf, "%s", text_de ? text_de : text);
        } else {
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
            /* the German wording takes the same conversions (unit-tested) */
            vsnprintf(buf, sizeof buf, de ? de : detail_fmt, ap);
#pragma GCC diagnostic pop
        }
        va_end(ap);
        r->err_detail = arena_strdup(r->arena, buf);
    }
    return -1;
}

int prefers_german(const char *al)
{
    double best = -1;
    int german = 0;
    while (al && *al) {
        while (*al == ' ' || *al == ',')
            al++;
        const char *tag = al;
        size_t n = strcspn(al, ";,");
        double q = 1;
        al += n;
        if (*al == ';') {
            const char *qs = strstr(al, "q=");
            const char *end = al + strcspn(al, ",");
            if (qs && qs < end)
                q = strtod(qs + 2, NULL);
            al = end;
        }
        while (n > 0 && tag[n - 1] == ' ')
            n--;
        if (n > 0 && q > best) {
            best = q;
            german = n >= 2 && strncasecmp(tag, "de", 2) == 0 && (n == 2 || tag[2] == '-');
        }
    }
    return german;
}

#define MAX_FIELD_ERRORS 100

void req_clear_error(req_t *r)
{
    r->err = ERR_NONE;
    r->err_detail = NULL;
    r->err_errors = NULL;
    r->err_extra = NULL;
    r->retry_after = 0;
}

void add_field_error(req_t *r, const char *pointer, const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    if (r->german && strcmp(fmt, "%s") == 0) {
        const char *text = va_arg(ap, const char *);
        const char *text_de = problem_detail_de(text);
        snprintf(buf, sizeof buf, "%s", text_de ? text_de : text);
    } else {
        const char *de = r->german ? problem_detail_de(fmt) : NULL;
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
        /* the German wording takes the same conversions (unit-tested) */
        vsnprintf(buf, sizeof buf, de ? de : fmt, ap);
#pragma GCC diagnostic pop
    }
    va_end(ap);
    if (r->err_errors == NULL) {
        r->err_errors = json_array();
        arena_defer(r->arena, (void (*)(void *))json_decref, r->err_errors);
    }
    if (json_array_size(r->err_errors) >= MAX_FIELD_ERRORS)
        return; /* a body with 100,000 wrong keys gets the first ones named */
    json_t *e = json_object();
    json_t *p = json_string(pointer);
    json_object_set_new(e, "pointer", p ? p : json_string("(not UTF-8)"));
    json_object_set_new(e, "message", json_string(buf));
    json_array_append_new(r->err_errors, e);
}

const char *path_param(req_t *r, int i)
{
    return i < r->match.nparams ? r->match.params[i] : NULL;
}

const char *req_header(req_t *r, const char *name)
{
    return MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, name);
}

const char *req_query(req_t *r, const char *name)
{
    return MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, name);
}

void resp_header(req_t *r, const char *name, const char *value)
{
    if (r->nhdr == MAX_RESP_HEADERS)
        return;
    r->hdr_name[r->nhdr] = arena_strdup(r->arena, name);
    r->hdr_value[r->nhdr] = arena_strdup(r->arena, value);
    r->nhdr++;
}

int respond_bytes(req_t *r, int status, const char *content_type, const char *data, size_t len)
{
    r->status = status;
    r->content_type = content_type;
    r->resp_body = arena_strndup(r->arena, data, len);
    r->resp_len = len;
    return 0;
}

int respond_file(req_t *r, int status, const char *content_type, int fd, unsigned long long len)
{
    r->status = status;
    r->content_type = arena_strdup(r->arena, content_type);
    r->resp_body = NULL;
    r->resp_len = 0;
    r->resp_fd = fd;
    r->resp_fd_len = len;
    return 0;
}

int respond_raw_json(req_t *r, int status, const char *text, size_t len)
{
    return respond_bytes(r, status, "application/json", text, len);
}

int respond_json(req_t *r, int status, json_t *body)
{
    char *s = json_dumps(body, JSON_COMPACT | JSON_ENCODE_ANY);
    json_decref(body);
    if (s == NULL)
        return fail_req(r, ERR_INTERNAL, "response could not be serialised");
    respond_raw_json(r, status, s, strlen(s));
    free(s);
    return 0;
}

int respond_no_content(req_t *r)
{
    r->status = 204;
    r->resp_body = NULL;
    r->resp_len = 0;
    return 0;
}

void resp_etag(req_t *r, const char *version)
{
    resp_header(r, "ETag", arena_sprintf(r->arena, "\"v%s\"", version));
}

int has_role(const req_t *r, unsigned roles)
{
    return (r->principal.roles & roles) != 0;
}

int is_uuid(const char *s)
{
    if (s == NULL || strlen(s) != 36)
        return 0;
    for (int i = 0; i < 36; i++) {
        if (i == 8 || i == 13 || i == 18 || i == 23) {
            if (s[i] != '-')
                return 0;
        } else if (!isxdigit((unsigned char)s[i])) {
            return 0;
        }
    }
    return 1;
}

int if_match_parse(req_t *r)
{
    const char *h = req_header(r, "If-Match");
    r->if_match = NULL;
    if (h == NULL)
        return fail_req(r, ERR_PRECONDITION_REQUIRED, "send If-Match with the ETag you last read");
    if (strcmp(h, "*") == 0)
        return 0;
    size_t n = strlen(h);
    if (n < 4 || n > 20 || h[0] != '"' || h[1] != 'v' || h[n - 1] != '"' ||
        strspn(h + 2, "0123456789") != n - 3)
        return fail_req(r, ERR_PRECONDITION_FAILED, "If-Match does not name a current version");
    r->if_match = arena_strndup(r->arena, h + 2, n - 3);
    return 0;
}

const char *if_match_version(req_t *r, int *ok)
{
    *ok = r->match.route != NULL && OP_NEEDS_IF_MATCH(r->match.route->kind);
    if (!*ok)
        fail_req(r, ERR_INTERNAL, "If-Match read on a route that does not declare it");
    return r->if_match;
}

const char *const QUERY_BOOLEANS[] = {"true", "false", NULL};

int query_enum(req_t *r, const char *name, const char *const *values, const char **out)
{
    *out = req_query(r, name);
    if (*out == NULL)
        return 0;
    for (const char *const *v = values; *v; v++)
        if (strcmp(*v, *out) == 0)
            return 0;
    return fail_req(r, ERR_BAD_REQUEST, "%s must be one of the documented values", name);
}

req_t *req_internal(const char *actor, const char *network, const char *agency, unsigned roles)
{
    arena_t *a = arena_new();
    if (a == NULL)
        return NULL;
    req_t *r = arena_alloc(a, sizeof *r);
    r->arena = a;
    r->method = "INTERNAL";
    r->url = arena_strdup(a, actor);
    snprintf(r->request_id, sizeof r->request_id, "%s", actor);
    snprintf(r->principal.sub, sizeof r->principal.sub, "%s", actor);
    snprintf(r->principal.network, sizeof r->principal.network, "%s", network ? network : "");
    snprintf(r->principal.agency, sizeof r->principal.agency, "%s", agency ? agency : "");
    r->principal.roles = roles;
    return r;
}
