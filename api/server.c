/* server.c - request lifecycle: body reading with limits, routing,
 * authentication, role checks, the handler, the transaction's end, the
 * response (problem+json for every error), access log and metrics. */
#include "server.h"
#include "audit.h"
#include "case_access.h"
#include "handover_access.h"
#include "feed_access.h"
#include "auth.h"
#include "store.h"
#include "idempotency.h"
#include "log.h"
#include "longpoll.h"
#include "ratelimit.h"
#include "reminders.h"
#include "webhook_worker.h"
#include "metrics.h"
#include "problem.h"
#include "req.h"
#include "route_params.h"
#include "upload.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

static struct MHD_Daemon *g_daemon;
static atomic_int g_inflight;
static atomic_int g_uploads; /* spool files open now (LOTSE_MAX_UPLOADS) */

unsigned server_connections(void)
{
    if (g_daemon == NULL)
        return 0;
    const union MHD_DaemonInfo *info =
        MHD_get_daemon_info(g_daemon, MHD_DAEMON_INFO_CURRENT_CONNECTIONS);
    return info ? info->num_connections : 0;
}

static double elapsed(const struct timespec *start)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - start->tv_sec) + (double)(now.tv_nsec - start->tv_nsec) / 1e9;
}

/* Takes X-Request-Id when it is 1-64 of [A-Za-z0-9._:-], else makes one. */
static void set_request_id(req_t *r)
{
    const char *given = req_header(r, "X-Request-Id");
    if (given) {
        size_t n = strlen(given);
        if (n >= 1 && n <= 64 && strspn(given, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                                               "0123456789._:-") == n) {
            memcpy(r->request_id, given, n + 1);
            return;
        }
    }
    unsigned char b[16];
    if (getrandom(b, sizeof b, 0) != (ssize_t)sizeof b)
        memset(b, 0, sizeof b);
    for (int i = 0; i < 16; i++)
        snprintf(r->request_id + 2 * i, 3, "%02x", b[i]);
}

static const char *cors_origin(req_t *r)
{
    const char *origin = req_header(r, "Origin");
    const char *list = g_config.cors_origins;
    if (origin == NULL || list == NULL || list[0] == '\0')
        return NULL;
    size_t olen = strlen(origin);
    for (const char *p = list; *p;) {
        const char *comma = strchr(p, ',');
        size_t len = comma ? (size_t)(comma - p) : strlen(p);
        if ((len == 1 && p[0] == '*') || (len == olen && strncmp(p, origin, len) == 0))
            return origin;
        p += len + (comma ? 1 : 0);
    }
    return NULL;
}

static void add_cors(req_t *r, struct MHD_Response *resp)
{
    const char *origin = cors_origin(r);
    if (origin == NULL)
        return;
    MHD_add_response_header(resp, "Access-Control-Allow-Origin", origin);
    MHD_add_response_header(resp, "Vary", "Origin");
    MHD_add_response_header(resp, "Access-Control-Expose-Headers",
                            "ETag, Location, Link, X-Request-Id, Retry-After, WWW-Authenticate");
}

/* r->address: the connection's peer, or behind a proxy the last entry of
 * LOTSE_CLIENT_ADDRESS_HEADER (the one the proxy itself added). */
static void client_address(req_t *r)
{
    const union MHD_ConnectionInfo *ci = MHD_get_connection_info(r->conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    const struct sockaddr *sa = ci ? ci->client_addr : NULL;
    if (sa && sa->sa_family == AF_INET) {
        const struct in_addr *a = &((const struct sockaddr_in *)(const void *)sa)->sin_addr;
        inet_ntop(AF_INET, a, r->address, sizeof r->address);
        r->peer_loopback = (ntohl(a->s_addr) >> 24) == 127;
    } else if (sa && sa->sa_family == AF_INET6) {
        const struct in6_addr *a = &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr;
        inet_ntop(AF_INET6, a, r->address, sizeof r->address);
        r->peer_loopback = IN6_IS_ADDR_LOOPBACK(a) ||
                           (IN6_IS_ADDR_V4MAPPED(a) && a->s6_addr[12] == 127);
    }
    const char *h = g_config.address_header[0] ? req_header(r, g_config.address_header) : NULL;
    if (h) {
        const char *last = strrchr(h, ',');
        last = last ? last + 1 : h;
        while (*last == ' ')
            last++;
        snprintf(r->address, sizeof r->address, "%.*s", (int)strcspn(last, " "), last);
    }
}

/* 429 with Retry-After when key's bucket is empty. */
static int over_limit(req_t *r, const char *kind, const char *who, double rate, double burst)
{
    char key[160];
    snprintf(key, sizeof key, "%s:%s", kind, who);
    int wait = ratelimit_take(key, rate, burst);
    if (wait == 0)
        return 0;
    r->retry_after = wait;
    return fail_req(r, ERR_TOO_MANY_REQUESTS, "too many requests; retry after %d s", wait);
}

/* Turns r->err into the problem response. */
static void render_problem(req_t *r)
{
    const problem_type_t *t = problem_type(r->err);
    if (r->err == ERR_INTERNAL)
        log_msg(LOG_ERROR, "request %s: internal error: %s", r->request_id,
                r->err_detail ? r->err_detail : "(no detail)");
    json_t *body = problem_body(r->err, r->err_detail, r->url, r->request_id, r->err_errors, r->german);
    if (r->german)
        resp_header(r, "Content-Language", "de");
    if (r->err_extra)
        json_object_update(body, r->err_extra);
    char *s = json_dumps(body, JSON_COMPACT);
    json_decref(body);
    r->status = t->status;
    r->content_type = "application/problem+json";
    r->resp_body = arena_strdup(r->arena, s ? s : "{}");
    r->resp_len = strlen(r->resp_body);
    free(s);
    if (r->err == ERR_UNAVAILABLE || r->err == ERR_TOO_MANY_REQUESTS)
        resp_header(r, "Retry-After", arena_sprintf(r->arena, "%d", r->retry_after > 0 ? r->retry_after : 1));
    if (r->err == ERR_UNAUTHORIZED)
        resp_header(r, "WWW-Authenticate", "Bearer realm=\"lotse\", error=\"invalid_token\"");
    if (r->err == ERR_INVALID_CLIENT)
        resp_header(r, "WWW-Authenticate", "Basic realm=\"lotse\"");
}

static int authenticate(req_t *r)
{
    const char *why = NULL;
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    auth_result_t res = auth_verify(req_header(r, "Authorization"), now.tv_sec, &r->principal, &why);
    if (res != AUTH_OK)
        return fail_req(r, ERR_UNAUTHORIZED, "%s", why);
    r->authenticated = 1;
    if (!has_role(r, r->match.route->roles))
        return fail_req(r, ERR_FORBIDDEN, "your roles may not call %s %s", r->method,
                    r->match.route->pattern);
    return 0;
}

static void preflight(req_t *r)
{
    const char *origin = cors_origin(r);
    r->status = 204;
    if (origin == NULL)
        return;
    resp_header(r, "Access-Control-Allow-Methods", r->match.allow);
    resp_header(r, "Access-Control-Allow-Headers",
                "Authorization, Content-Type, If-Match, If-None-Match, Idempotency-Key, X-Request-Id");
    resp_header(r, "Access-Control-Max-Age", "600");
}

struct unknown_query {
    size_t route;
    const char *name; /* the first parameter the operation does not declare */
};

static enum MHD_Result find_unknown(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
    (void)kind;
    (void)value;
    struct unknown_query *u = cls;
    if (!route_declares_query(u->route, key)) {
        u->name = key;
        return MHD_NO;
    }
    return MHD_YES;
}

/* 400 naming the first query parameter the operation does not declare. */
static int unknown_query(req_t *r)
{
    struct unknown_query u = {r->match.index, NULL};
    MHD_get_connection_values(r->conn, MHD_GET_ARGUMENT_KIND, find_unknown, &u);
    if (u.name == NULL)
        return 0;
    return fail_req(r, ERR_BAD_REQUEST, "unknown query parameter %.64s", u.name);
}

/* The operation's declared scope, before its handler runs (and before an
 * idempotent replay: a replay shows only what the caller may see now). */
static int enter_scope(req_t *r)
{
    switch (r->match.route->scope.kind) {
    case SCOPE_NETWORK:
        return r->principal.network[0] ? 0 : fail_req(r, ERR_FORBIDDEN, "your token names no network");
    case SCOPE_AGENCY:
        return r->principal.agency[0] ? 0 : fail_req(r, ERR_FORBIDDEN, "your token names no agency");
    case SCOPE_CASE:
        return case_scope_enter(r);
    case SCOPE_HANDOVER:
        return handover_scope_enter(r);
    case SCOPE_FEED: /* the feed's agency, then its own rate */
        return feed_scope_enter(r) != 0 ||
               over_limit(r, "feed", r->principal.sub, g_config.rate_feed / 60.0, g_config.rate_feed)
                   ? -1 : 0;
    default: /* public, any principal, rows selected by row-level security */
        return 0;
    }
}

/* Routes and runs the request; leaves either a response or r->err. */
static void dispatch(req_t *r)
{
    const route_t *table;
    size_t n;
    table = routes_table(&n);
    char *path = arena_strdup(r->arena, r->url);
    match_result_t m = router_match(table, n, strcmp(r->method, "OPTIONS") == 0 ? "" : r->method,
                                    path, &r->match);
    if (m == MATCH_NO_PATH) {
        fail_req(r, ERR_NOT_FOUND, "no resource at this path");
        return;
    }
    if (strcmp(r->method, "OPTIONS") == 0) {
        preflight(r);
        return;
    }
    if (m == MATCH_NO_METHOD) {
        resp_header(r, "Allow", r->match.allow);
        fail_req(r, ERR_METHOD_NOT_ALLOWED, "use one of: %s", r->match.allow);
        return;
    }
    if (r->body_too_large) {
        fail_req(r, ERR_PAYLOAD_TOO_LARGE, "the body exceeds %zu bytes",
                 r->upload_route ? g_config.max_document : g_config.max_body);
        return;
    }
    if (r->upload && upload_finish(r->upload) != 0) {
        fail_req(r, ERR_UNAVAILABLE, "the upload could not be stored for checking; try again");
        return;
    }
    if (over_limit(r, "address", r->address, g_config.rate_address, g_config.rate_address_burst) != 0)
        return;
    if (r->match.route->roles != ROUTE_PUBLIC &&
        (authenticate(r) != 0 ||
         over_limit(r, "client", r->principal.client_id[0] ? r->principal.client_id : r->principal.sub,
                    g_config.rate_client, g_config.rate_client_burst) != 0))
        return;
    if (unknown_query(r) != 0)
        return;
    if ((OP_NEEDS_IF_MATCH(r->match.route->kind) && if_match_parse(r) != 0) || enter_scope(r) != 0) {
        db_finish(r, 0); /* commits only a refusal's audit row (commit_on_error) */
        return;
    }
    const char *audit_action = r->match.route->audit;
    int begun = idempotency_begin(r); /* 1: the first answer replayed */
    if (begun == 0 && r->match.route->handler(r) != 0 && r->err == ERR_NONE)
        fail_req(r, ERR_INTERNAL, "the handler failed without a reason");
    /* an operation on personal data, a replay included, leaves its audit row
     * whatever its handler did; the problem replaces the answer when it cannot */
    if (begun >= 0 && audit_action && r->err == ERR_NONE && r->audited == 0 &&
        (r->case_ids ? audit_rows(r, audit_action, r->case_ids, r->match.route->scope.cats)
                     : audit(r, audit_action, r->case_id, NULL, 1)) != 0)
        r->nhdr = 0;
    /* a revoked client, or a token whose agency is not active in its network, gets no
     * answer, whether or not its handler read the database */
    if (begun >= 0 && r->err == ERR_NONE && r->authenticated &&
        (r->principal.client_id[0] || r->principal.agency[0]) && db_check_context(r) != 0)
        r->nhdr = 0;
    if (begun == 0)
        idempotency_end(r);
    if (db_finish(r, r->err == ERR_NONE) != 0)
        r->nhdr = 0; /* the commit failed: drop ETag/Location of what was not stored */
}

/* The pattern of the secret-URL route (SCOPE_FEED) url falls under, whatever its method (the
 * path is the secret and is not logged), or NULL. */
static const char *secret_route(const char *url)
{
    size_t n;
    const route_t *t = routes_table(&n);
    for (size_t i = 0; i < n; i++) {
        const char *brace = strchr(t[i].pattern, '{');
        if (t[i].scope.kind == SCOPE_FEED && brace &&
            strncmp(url, t[i].pattern, (size_t)(brace - t[i].pattern)) == 0)
            return t[i].pattern;
    }
    return NULL;
}

static void access_log(req_t *r)
{
    if (!log_enabled(LOG_INFO))
        return;
    json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:s, s:i, s:I, s:s, s:s}", "level", "info",
                          "type", "access", "request_id", r->request_id, "method", r->method,
                          "route", r->match.route ? r->match.route->pattern : "",
                          "status", r->status, "duration_us",
                          (json_int_t)(elapsed(&r->started) * 1e6), "sub", r->principal.sub,
                          "agency", r->principal.agency);
    if (o == NULL)
        return;
    const char *secret = secret_route(r->url);
    json_t *path = json_string(secret ? secret : r->url);
    json_object_set_new(o, "path", path ? path : json_string("(not UTF-8)"));
    char ts[32];
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(ts, sizeof ts, "%Y-%m-%dT%H:%M:%SZ", &tm);
    json_object_set_new(o, "ts", json_string(ts));
    char *s = json_dumps(o, JSON_COMPACT);
    if (s)
        log_line(s);
    free(s);
    json_decref(o);
}

static enum MHD_Result send_response(req_t *r)
{
    if (r->err != ERR_NONE && r->resp_fd > 0) {
        close(r->resp_fd); /* a file answer the dispatcher replaced by a problem */
        r->resp_fd = 0;
    }
    if (r->err != ERR_NONE)
        render_problem(r);
    if (r->status == 0)
        r->status = 500;
    struct MHD_Response *resp;
    if (r->resp_fd > 0) {
        /* MHD sends the file (sendfile where it can) and closes it with the response */
        resp = MHD_create_response_from_fd64(r->resp_fd_len, r->resp_fd);
        if (resp == NULL)
            close(r->resp_fd);
        r->resp_fd = 0;
    } else {
        resp = MHD_create_response_from_buffer(r->resp_len, r->resp_body ? r->resp_body : (char *)"",
                                               MHD_RESPMEM_MUST_COPY);
    }
    if (resp == NULL)
        return MHD_NO;
    if ((r->resp_len > 0 || r->resp_fd_len > 0) && r->content_type)
        MHD_add_response_header(resp, "Content-Type", r->content_type);
    MHD_add_response_header(resp, "X-Request-Id", r->request_id);
    int cacheable = 0;
    for (int i = 0; i < r->nhdr; i++)
        cacheable |= strcasecmp(r->hdr_name[i], "Cache-Control") == 0;
    if (!cacheable)
        MHD_add_response_header(resp, "Cache-Control", "no-store");
    MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
    for (int i = 0; i < r->nhdr; i++)
        MHD_add_response_header(resp, r->hdr_name[i], r->hdr_value[i]);
    add_cors(r, resp);
    if (r->body_too_large || r->bad_framing || (r->upload_route && r->upload == NULL))
        MHD_add_response_header(resp, "Connection", "close"); /* the body was not read */
    enum MHD_Result ret = MHD_queue_response(r->conn, (unsigned)r->status, resp);
    MHD_destroy_response(resp);
    metrics_observe(r->match.route ? r->match.index : (size_t)-1, r->status, elapsed(&r->started));
    access_log(r);
    return ret;
}

static enum MHD_Result count_header(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
    (void)kind;
    (void)value;
    if (strcasecmp(key, "Content-Length") == 0)
        (*(int *)cls)++;
    return MHD_YES;
}

/* Ambiguous message framing, the stuff of request smuggling: Content-Length
 * with Transfer-Encoding, Content-Length twice, or a transfer coding other
 * than chunked.  Answered with 400 and the connection closed, before any
 * body is read, so nothing behind it is taken for a second request. */
static const char *bad_framing(req_t *r)
{
    int lengths = 0;
    MHD_get_connection_values(r->conn, MHD_HEADER_KIND, count_header, &lengths);
    const char *te = req_header(r, "Transfer-Encoding");
    if (te && lengths)
        return "Content-Length together with Transfer-Encoding";
    if (lengths > 1)
        return "Content-Length more than once";
    if (te && strcasecmp(te, "chunked") != 0)
        return "a Transfer-Encoding other than chunked";
    return NULL;
}

static req_t *req_new(struct MHD_Connection *conn, const char *url, const char *method)
{
    arena_t *a = arena_new();
    if (a == NULL)
        return NULL;
    req_t *r = arena_alloc(a, sizeof *r);
    r->arena = a;
    r->conn = conn;
    r->url = arena_strdup(a, url);
    r->method = arena_strdup(a, method);
    clock_gettime(CLOCK_MONOTONIC, &r->started);
    set_request_id(r);
    r->german = prefers_german(req_header(r, "Accept-Language"));
    client_address(r);
    /* an upload route's body is spooled to a file, with the documents' limit */
    size_t limit = g_config.max_body;
    route_match_t m;
    size_t n;
    const route_t *table = routes_table(&n);
    if (strcmp(r->method, "POST") == 0 && router_match(table, n, r->method, arena_strdup(a, url), &m) == MATCH_OK &&
        m.route->kind == OP_UPLOAD) {
        limit = g_config.max_document;
        r->match = m;
        r->upload_route = 1; /* spooled once its token is checked (start_upload) */
    }
    const char *cl = req_header(r, "Content-Length");
    if (cl && strtoull(cl, NULL, 10) > limit)
        r->body_too_large = 1;
    return r;
}

/* An upload route's start, before its body: the token is checked first (401/403 now, so that
 * nobody without one makes the server write a file), then the spool file is made.  0, or -1
 * with the answer set. */
static int start_upload(req_t *r)
{
    if (authenticate(r) != 0)
        return -1;
    /* at most LOTSE_MAX_UPLOADS files spooled at once: the disk holds that many times the limit */
    if (atomic_fetch_add(&g_uploads, 1) >= g_config.max_uploads) {
        atomic_fetch_sub(&g_uploads, 1);
        r->retry_after = 5;
        return fail_req(r, ERR_UNAVAILABLE, "this instance receives %d uploads already; try again",
                        g_config.max_uploads);
    }
    r->upload = upload_open(g_config.max_document);
    if (r->upload == NULL) {
        atomic_fetch_sub(&g_uploads, 1);
        r->retry_after = 1;
        return fail_req(r, ERR_UNAVAILABLE, "the upload could not be stored for checking; try again");
    }
    return 0;
}

/* Appends upload bytes to the body, up to the limit (capacity doubles). */
static void take_upload(req_t *r, const char *data, size_t size)
{
    if (r->body_too_large)
        return;
    if (r->upload) {
        upload_write(r->upload, data, size);
        r->body_too_large = r->upload->too_large;
        return;
    }
    if (r->body_len + size > g_config.max_body) {
        r->body_too_large = 1;
        return;
    }
    if (r->body_len + size + 1 > r->body_cap) {
        size_t cap = r->body_cap ? r->body_cap * 2 : 4096;
        while (cap < r->body_len + size + 1)
            cap *= 2;
        char *nb = arena_alloc(r->arena, cap);
        if (r->body_len)
            memcpy(nb, r->body, r->body_len);
        r->body = nb;
        r->body_cap = cap;
    }
    memcpy(r->body + r->body_len, data, size);
    r->body_len += size;
    r->body[r->body_len] = '\0';
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version,
                                  const char *upload_data, size_t *upload_data_size,
                                  void **con_cls)
{
    (void)cls;
    (void)version;
    req_t *r = *con_cls;
    if (r == NULL) {
        r = req_new(conn, url, method);
        if (r == NULL)
            return MHD_NO;
        *con_cls = r;
        atomic_fetch_add(&g_inflight, 1);
        const char *framing = bad_framing(r);
        if (framing) {
            r->bad_framing = 1;
            fail_req(r, ERR_BAD_REQUEST, "ambiguous message framing: %s", framing);
            return send_response(r);
        }
        if (r->upload_route && !r->body_too_large && start_upload(r) != 0)
            return send_response(r);
        if (!r->body_too_large)
            return MHD_YES;
        /* declared too large: answer now, without reading the body */
        dispatch(r);
        return send_response(r);
    }
    if (*upload_data_size > 0) {
        if (r->status == 0 && r->err == ERR_NONE)
            take_upload(r, upload_data, *upload_data_size);
        *upload_data_size = 0;
        return MHD_YES;
    }
    if (r->status != 0 || r->err != ERR_NONE)
        return MHD_YES; /* already answered */
    dispatch(r);
    if (longpoll_suspend(r))
        return MHD_YES; /* a long poll: resumed (and dispatched again) on an event */
    return send_response(r);
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
    (void)cls;
    (void)conn;
    (void)toe;
    req_t *r = *con_cls;
    if (r == NULL)
        return;
    db_finish(r, 0);
    if (r->upload)
        atomic_fetch_sub(&g_uploads, 1);
    upload_free(r->upload);
    if (r->resp_fd > 0)
        close(r->resp_fd);
    arena_free(r->arena);
    *con_cls = NULL;
    atomic_fetch_sub(&g_inflight, 1);
}

__attribute__((format(printf, 2, 0))) static void mhd_log(void *cls, const char *fmt, va_list ap)
{
    (void)cls;
    char buf[512];
    vsnprintf(buf, sizeof buf, fmt, ap);
    size_t n = strlen(buf);
    while (n > 0 && buf[n - 1] == '\n')
        buf[--n] = '\0';
    log_msg(LOG_DEBUG, "http: %s", buf);
}

void server_block_signals(void)
{
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    signal(SIGPIPE, SIG_IGN);
}

/* Raises the soft open-file limit towards what the connection limit needs
 * (one socket per connection, two per worker for its database and wake-up
 * pipe, and slack for the listener, logs and the webhook worker), never
 * above the hard limit; warns when the hard limit is lower. */
static void raise_fd_limit(const config_t *c)
{
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) != 0)
        return;
    rlim_t want = (rlim_t)c->max_connections + (rlim_t)c->threads * 2 + 64;
    if (rl.rlim_cur >= want)
        return;
    rlim_t soft = rl.rlim_max == RLIM_INFINITY || rl.rlim_max >= want ? want : rl.rlim_max;
    if (soft > rl.rlim_cur) {
        rl.rlim_cur = soft;
        setrlimit(RLIMIT_NOFILE, &rl);
    }
    if (soft < want)
        log_msg(LOG_WARN, "open-file limit %lu (hard) is below the %lu that %d connections need",
                (unsigned long)soft, (unsigned long)want, c->max_connections);
}

int server_run(const config_t *c)
{
    raise_fd_limit(c);
    struct sockaddr_storage ss;
    memset(&ss, 0, sizeof ss);
    unsigned flags = MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_ITC | MHD_USE_ERROR_LOG |
                     MHD_ALLOW_SUSPEND_RESUME;
    struct sockaddr_in *in4 = (struct sockaddr_in *)&ss;
    struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)&ss;
    if (inet_pton(AF_INET, c->listen, &in4->sin_addr) == 1) {
        in4->sin_family = AF_INET;
        in4->sin_port = htons((uint16_t)c->port);
    } else {
        inet_pton(AF_INET6, c->listen, &in6->sin6_addr);
        in6->sin6_family = AF_INET6;
        in6->sin6_port = htons((uint16_t)c->port);
        flags |= MHD_USE_IPv6;
    }
    g_daemon = MHD_start_daemon(
        flags, (uint16_t)c->port, NULL, NULL, &on_request, NULL,
        MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
        MHD_OPTION_THREAD_POOL_SIZE, (unsigned)c->threads,
        MHD_OPTION_CONNECTION_LIMIT, (unsigned)c->max_connections,
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)c->conn_timeout,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(c->max_header + 16384),
        MHD_OPTION_NOTIFY_COMPLETED, &on_completed, NULL,
        MHD_OPTION_EXTERNAL_LOGGER, &mhd_log, NULL,
        MHD_OPTION_LISTENING_ADDRESS_REUSE, 1u,
        MHD_OPTION_END);
    if (g_daemon == NULL) {
        log_msg(LOG_ERROR, "cannot listen on %s:%d", c->listen, c->port);
        return 1;
    }
    if (longpoll_start(c->database_url) != 0 || webhook_worker_start() != 0 ||
        reminders_start(c->reminder_interval, c->reminder_days) != 0) {
        log_msg(LOG_ERROR, "cannot start the event listener, the webhook worker or the reminders");
        MHD_stop_daemon(g_daemon);
        return 1;
    }
    log_msg(LOG_INFO, "lotse listening on http://%s:%d with %d threads", c->listen, c->port,
            c->threads);

    sigset_t set;
    int sig = 0;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    sigwait(&set, &sig);
    log_msg(LOG_INFO, "signal %d: draining %d in-flight request(s)", sig,
            atomic_load(&g_inflight));

    longpoll_stop(); /* waiting long polls answer now */
    webhook_worker_stop();
    reminders_stop();
    MHD_quiesce_daemon(g_daemon);
    for (int i = 0; i < c->shutdown_grace * 20 && atomic_load(&g_inflight) > 0; i++)
        usleep(50000);
    MHD_stop_daemon(g_daemon);
    g_daemon = NULL;
    log_msg(LOG_INFO, "lotse stopped");
    return 0;
}
