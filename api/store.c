/* store.c - see store.h. */
#include "store.h"

#include "events.h"
#include "log.h"
#include "metrics.h"

#include <string.h>

static void log_line_of(int level, const char *message)
{
    log_msg(level == DB_LOG_DEBUG ? LOG_DEBUG : level == DB_LOG_INFO ? LOG_INFO
            : level == DB_LOG_WARN ? LOG_WARN : LOG_ERROR, "%s", message);
}

void store_init(void)
{
    db_set_reporting(log_line_of, metrics_db_error);
}

/* The one mapping of db's errors to problems (problem.c then maps those to
 * statuses); the details have German wordings in problem_de.c. */
static const struct {
    db_err_t db;
    lotse_err_t err;
    const char *detail;
} MAP[] = {
    {DB_UNAVAILABLE, ERR_UNAVAILABLE, "the database is not reachable; retry shortly"},
    {DB_TIMEOUT, ERR_UNAVAILABLE, "the database did not answer in time; retry"},
    {DB_RETRY, ERR_UNAVAILABLE, "a concurrent change interfered; retry"},
    {DB_REVOKED, ERR_UNAUTHORIZED, "the token is no longer valid: its API client was revoked or "
                                   "rotated, or its agency is not an active agency of its network"},
    {DB_UNIQUE, ERR_CONFLICT, "a resource with these unique values already exists"},
    {DB_REFERENCE, ERR_UNPROCESSABLE, "the request refers to something that does not exist or is still referred to"},
    {DB_INVALID, ERR_VALIDATION, "a value is malformed or out of range"},
    {DB_DENIED, ERR_FORBIDDEN, "not permitted"},
    {DB_RULE, ERR_CONFLICT, NULL}, /* the schema's own message */
    {DB_INTERNAL, ERR_INTERNAL, "an internal error occurred; quote the request id"},
};

/* r->err from r's db error; -1. */
static int store_fail(req_t *r)
{
    db_ctx_t *x = &r->dbx;
    for (size_t i = 0; i < sizeof MAP / sizeof MAP[0]; i++)
        if (MAP[i].db == x->err) {
            r->retry_after = x->retry_after;
            return fail_req(r, MAP[i].err, "%s", MAP[i].detail ? MAP[i].detail : x->detail);
        }
    return fail_req(r, ERR_INTERNAL, "an internal error occurred; quote the request id");
}

static const char *scope_of(const req_t *r)
{
    const principal_t *p = &r->principal;
    if (!r->authenticated && r->public_read)
        return "public";
    if (p->roles & ROLE_PLATFORM_ADMIN)
        return "platform";
    if (p->network[0])
        return "network";
    if (p->roles & ROLE_MINISTRY)
        return "ministry";
    return "";
}

/* r's db context with the tenant of its principal (as it is now: a
 * request may turn public or authenticated before its first statement). */
static db_ctx_t *ctx(req_t *r)
{
    db_ctx_t *x = &r->dbx;
    const principal_t *p = &r->principal;
    x->tenant = (db_tenant_t){.network = p->network, .scope = scope_of(r), .sub = p->sub,
                              .agency = p->agency, .client_id = p->client_id, .teams = p->teams,
                              .iat = p->iat,
                              .gen = p->gen, .check_client = r->authenticated};
    x->request_id = r->request_id;
    x->owner = r->arena;
    x->defer = arena_defer_owned;
    x->err = DB_OK;
    return x;
}

PGresult *db_exec(req_t *r, const db_stmt_t *st, const char *const *params)
{
    if (r->err != ERR_NONE)
        return NULL;
    PGresult *res = dbc_exec(ctx(r), st, params);
    if (res == NULL)
        store_fail(r);
    return res;
}

PGresult *db_exec_once(req_t *r, const db_stmt_t *st, const char *const *params)
{
    if (r->err != ERR_NONE)
        return NULL;
    PGresult *res = dbc_exec_once(ctx(r), st, params);
    if (res == NULL)
        store_fail(r);
    return res;
}

PGresult *db_exec_bytes(req_t *r, const db_stmt_t *st, const char *const *params,
                        const int *lengths, int binary_result)
{
    if (r->err != ERR_NONE)
        return NULL;
    PGresult *res = dbc_exec_bytes(ctx(r), st, params, lengths, binary_result);
    if (res == NULL)
        store_fail(r);
    return res;
}

PGresult *db_exec_counting(req_t *r, const db_stmt_t *st, const char *const *params, const char *network)
{
    if (r->err != ERR_NONE)
        return NULL;
    PGresult *res = dbc_exec_counting(ctx(r), st, params, network);
    if (res == NULL)
        store_fail(r);
    return res;
}

int db_event(req_t *r, const char *type, const char *resource_type, const char *resource_id,
             const char *network_id)
{
    const route_t *rt = r->match.route;
    if (rt && !route_declares_event(rt, type))
        return fail_req(r, ERR_INTERNAL, "%s %s appends %s, which its route does not declare",
                        r->method, rt->pattern, type);
    const char *params[8] = {network_id, type, resource_type, resource_id,
                             r->principal.sub[0] ? r->principal.sub : "anonymous",
                             r->principal.agency, r->request_id,
                             strcmp(resource_type, "case") == 0 ? resource_id : r->case_id};
    return db_exec(r, &EVENT_INSERT, params) ? 0 : -1;
}

PGresult *db_write(req_t *r, const db_stmt_t *st, const char *const *params,
                   const char *event_type, const char *resource_type)
{
    PGresult *res = db_exec(r, st, params);
    if (res == NULL || PQntuples(res) == 0)
        return res;
    if (db_event(r, event_type, resource_type, db_get(res, 0, "id"), db_get(res, 0, "network_id")) != 0)
        return NULL;
    return res;
}

int db_check_context(req_t *r)
{
    if (r->err != ERR_NONE)
        return -1;
    if (r->dbx.context_checked)
        return 0;
    return dbc_check_context(ctx(r)) == 0 ? 0 : store_fail(r);
}

int db_finish(req_t *r, int commit)
{
    if (!r->dbx.in_tx)
        return 0;
    int do_commit = r->commit_on_error || (commit && r->err == ERR_NONE);
    if (dbc_finish(&r->dbx, do_commit) == 0)
        return 0;
    store_fail(r);
    return -1;
}

int db_ping(req_t *r)
{
    (void)r;
    return dbc_ping();
}
