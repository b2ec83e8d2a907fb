/* db.c - per-thread connections, prepared statements, transactions with
 * the tenant context, and SQLSTATE to db_err_t; see db.h. */
#include "db.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_PREPARED 4096 /* the bound of LOTSE_PREPARED_STATEMENTS */

typedef struct db_conn {
    PGconn *pg;
    const db_stmt_t *prepared[MAX_PREPARED];
    int nprepared;
    int pending;          /* prepares sent in a pipeline whose result is not read yet */
} db_conn_t;

static char *g_url, *g_read_url;
static int g_statement_timeout_ms = 30000;
static int g_max_prepared = 512;
static pthread_key_t g_key, g_read_key;
static pthread_once_t g_once = PTHREAD_ONCE_INIT;
static atomic_int g_open;
static void (*g_log)(int level, const char *message);
static void (*g_error_count)(void);

void db_set_reporting(void (*log)(int level, const char *message), void (*error_count)(void))
{
    g_log = log;
    g_error_count = error_count;
}

void db_log(int level, const char *fmt, ...)
{
    if (g_log == NULL)
        return;
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    g_log(level, buf);
}

static void conn_close(db_conn_t *c)
{
    if (c->pg) {
        PQfinish(c->pg);
        c->pg = NULL;
        atomic_fetch_sub(&g_open, 1);
    }
    c->nprepared = 0;
    c->pending = 0;
}

static void conn_destroy(void *p)
{
    conn_close(p);
    free(p);
}

static void make_key(void)
{
    pthread_key_create(&g_key, conn_destroy);
    pthread_key_create(&g_read_key, conn_destroy);
}

void db_init_timeout(int statement_timeout_ms)
{
    g_statement_timeout_ms = statement_timeout_ms;
}

void db_init_prepared(int max)
{
    g_max_prepared = max < 1 ? 1 : max > MAX_PREPARED ? MAX_PREPARED : max;
}

void db_init(const char *database_url)
{
    g_url = strdup(database_url);
    pthread_once(&g_once, make_key);
}

int db_open_connections(void)
{
    return atomic_load(&g_open);
}

/* PostgreSQL's notices and warnings as JSON log lines (libpq would print
 * them raw to stderr, between the JSON lines). */
static void notice_to_log(void *arg, const char *message);

void db_log_notices(PGconn *pg)
{
    if (pg != NULL)
        PQsetNoticeProcessor(pg, notice_to_log, NULL);
}

static void notice_to_log(void *arg, const char *message)
{
    (void)arg;
    char text[512];
    snprintf(text, sizeof text, "%s", message);
    size_t n = strlen(text);
    while (n > 0 && (text[n - 1] == '\n' || text[n - 1] == ' '))
        text[--n] = '\0';
    db_log(DB_LOG_WARN, "postgresql: %s", text);
}

/* Sessions run in UTC with a 30 s statement limit and without JIT
 * compilation: Lotse's statements are short, and compiling the statistics
 * statements cost about a second each (measured) for nothing. */
static PGconn *connect_url(const char *url, const char *name)
{
    char options[128];
    snprintf(options, sizeof options, "-c TimeZone=UTC -c statement_timeout=%d -c jit=off", g_statement_timeout_ms);
    const char *keys[] = {"dbname", "application_name", "options", "connect_timeout", NULL};
    const char *vals[] = {url, name, options, "5", NULL};
    PGconn *pg = PQconnectdbParams(keys, vals, 1);
    db_log_notices(pg);
    return pg;
}

/* This thread's connection of key to url, connected; NULL when the
 * database is down. */
static db_conn_t *thread_conn_of(pthread_key_t key, const char *url, const char *name)
{
    pthread_once(&g_once, make_key);
    db_conn_t *c = pthread_getspecific(key);
    if (c == NULL) {
        c = calloc(1, sizeof *c);
        if (c == NULL)
            return NULL;
        pthread_setspecific(key, c);
    }
    if (c->pg && PQstatus(c->pg) != CONNECTION_OK)
        conn_close(c);
    if (c->pg == NULL) {
        c->pg = connect_url(url, name);
        atomic_fetch_add(&g_open, 1);
        if (PQstatus(c->pg) != CONNECTION_OK) {
            db_log(DB_LOG_WARN, "database connection (%s) failed: %s", name, PQerrorMessage(c->pg));
            conn_close(c);
            return NULL;
        }
    }
    return c;
}

static db_conn_t *thread_conn(void)
{
    return thread_conn_of(g_key, g_url, "lotse");
}

void db_thread_close(void)
{
    pthread_once(&g_once, make_key);
    db_conn_t *c = pthread_getspecific(g_key), *rc = pthread_getspecific(g_read_key);
    if (c)
        conn_close(c);
    if (rc)
        conn_close(rc);
}



/* Records err on x (with a retry delay for the retryable ones); -1. */
static int fail(db_ctx_t *x, db_err_t err, int retry_after)
{
    if (g_error_count)
        g_error_count();
    x->err = err;
    x->retry_after = retry_after;
    return -1;
}

static int unavailable(db_ctx_t *x)
{
    return fail(x, DB_UNAVAILABLE, 1);
}

/* Maps a failed result to x->err. */
static void map_error(db_ctx_t *x, PGresult *res)
{
    const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
    db_log(DB_LOG_DEBUG, "request %s: SQL %s: %s", x->request_id ? x->request_id : "-", state ? state : "-",
           res ? PQresultErrorMessage(res) : "no result");
    if (state == NULL || strncmp(state, "08", 2) == 0 || strncmp(state, "57P", 3) == 0 ||
        strncmp(state, "53", 2) == 0)
        unavailable(x);
    else if (strcmp(state, "57014") == 0)
        fail(x, DB_TIMEOUT, 2);
    else if (strcmp(state, "28000") == 0)
        fail(x, DB_REVOKED, 0);
    else if (strcmp(state, "23505") == 0)
        fail(x, DB_UNIQUE, 0);
    else if (strcmp(state, "23503") == 0)
        fail(x, DB_REFERENCE, 0);
    else if (strcmp(state, "23514") == 0 || strcmp(state, "23502") == 0 || strncmp(state, "22", 2) == 0)
        fail(x, DB_INVALID, 0);
    else if (strcmp(state, "42501") == 0)
        fail(x, DB_DENIED, 0);
    else if (strcmp(state, "40001") == 0 || strcmp(state, "40P01") == 0)
        fail(x, DB_RETRY, 1);
    else if (strcmp(state, "P0001") == 0) {
        /* business rules raised by the schema carry a safe message */
        snprintf(x->detail, sizeof x->detail, "%s", PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY));
        fail(x, DB_RULE, 0);
    } else {
        db_log(DB_LOG_ERROR, "request %s: SQL error %s: %s", x->request_id ? x->request_id : "-", state,
               PQresultErrorMessage(res));
        fail(x, DB_INTERNAL, 0);
    }
}

static int conn_lost(db_conn_t *c)
{
    return c->pg == NULL || PQstatus(c->pg) != CONNECTION_OK;
}

static int is_prepared(const db_conn_t *c, const db_stmt_t *st)
{
    for (int i = 0; i < c->nprepared; i++)
        if (c->prepared[i] == st)
            return 1;
    return 0;
}

/* May one more statement be prepared on c (LOTSE_PREPARED_STATEMENTS)?
 * Beyond the limit statements run unnamed: parsed and planned each time. */
static int room_to_prepare(const db_conn_t *c)
{
    return c->nprepared + c->pending < g_max_prepared;
}

/* Runs a prepared statement, preparing it on first use on this connection
 * (unnamed when the connection's limit is reached).  Returns the result
 * (caller clears) or NULL with the connection lost. */
static PGresult *run_prepared(db_conn_t *c, const db_stmt_t *st, const char *const *params)
{
    if (!is_prepared(c, st)) {
        if (!room_to_prepare(c))
            return PQexecParams(c->pg, st->sql, st->nparams, NULL, params, NULL, NULL, 0);
        PGresult *p = PQprepare(c->pg, st->name, st->sql, st->nparams, NULL);
        if (p == NULL || PQresultStatus(p) != PGRES_COMMAND_OK)
            return p;
        PQclear(p);
        c->prepared[c->nprepared++] = st;
    }
    return PQexecPrepared(c->pg, st->name, st->nparams, params, NULL, NULL, 0);
}

static int ok_status(PGresult *res)
{
    ExecStatusType s = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
    return s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK;
}

/* The tenant context of a request: the settings row-level security reads
 * (set_config(..., true): they end with the transaction), then for an
 * authenticated API client ($5 = the token's iat) the revocation check,
 * which raises 28000 through lotse_client_revoked() so that nothing sent
 * after it in the same pipeline runs; likewise a token of a trusted issuer
 * whose agency is not an active agency of the network it names.  The target list is evaluated in
 * order, so the lookup setting is in place before the EXISTS reads
 * api_clients through its policy. */
static const db_stmt_t BEGIN_CONTEXT = {
    "lotse_context",
    "SELECT set_config('lotse.network_id', coalesce($1::uuid::text, ''), true), "
    "set_config('lotse.scope', coalesce($2, ''), true), "
    "set_config('lotse.sub', coalesce($3, ''), true), "
    "set_config('lotse.agency_id', coalesce($6::uuid::text, ''), true), "
    "set_config('lotse.client_lookup', coalesce($4, ''), true), "
    /* a person (a token without an API client) and its teams; restricted to the cases assigned
     * to it when its agency chose so (migration 0043) */
    "set_config('lotse.person', CASE WHEN $8::boolean AND $4 IS NULL THEN 'on' ELSE '' END, true), "
    "set_config('lotse.teams', coalesce($9, ''), true), "
    "set_config('lotse.restricted', CASE WHEN $8::boolean AND $4 IS NULL AND EXISTS (SELECT 1 FROM agencies "
    "  WHERE id = $6::uuid AND staff_access = 'assigned') THEN 'on' ELSE '' END, true), "
    "CASE WHEN $5::bigint IS NULL OR EXISTS (SELECT 1 FROM api_clients WHERE client_id = $4 "
    "  AND revoked_at IS NULL "
    "  AND CASE WHEN $7::int IS NOT NULL THEN secret_generation = $7::int "
    "      ELSE date_trunc('second', secret_rotated_at) <= to_timestamp($5::bigint) END) "
    "THEN true ELSE lotse_client_revoked() END, "
    /* a trusted issuer's token: its agency must be an active agency of its network */
    "CASE WHEN $8::boolean IS NOT TRUE OR $4 IS NOT NULL OR $6::uuid IS NULL OR EXISTS (SELECT 1 "
    "  FROM agencies WHERE id = $6::uuid AND network_id = $1::uuid AND active) "
    "THEN true ELSE lotse_client_revoked() END",
    9};

/* Opens a request's transaction; prepared like every statement, so that
 * first_statement pipelines it with the context in the same way. */
static const db_stmt_t BEGIN_TX = {"begin", "BEGIN", 0};

/* The parameters of the context statement for x's tenant; iat and gen
 * are 24-byte buffers. */
static void context_params(const db_ctx_t *x, char *iat, char *gen, const char *params[9])
{
    const db_tenant_t *t = &x->tenant;
    snprintf(iat, 24, "%lld", t->iat);
    snprintf(gen, 24, "%d", t->gen);
    params[0] = t->network && t->network[0] ? t->network : NULL;
    params[1] = t->scope ? t->scope : "";
    params[2] = t->sub && t->sub[0] ? t->sub : NULL;
    params[3] = t->client_id && t->client_id[0] ? t->client_id : NULL;
    params[4] = t->check_client && params[3] ? iat : NULL; /* revocation check */
    params[5] = t->agency && t->agency[0] ? t->agency : NULL;
    params[6] = t->gen > 0 ? gen : NULL;
    params[7] = t->check_client ? "true" : NULL; /* a token's agency, when no client vouches for it */
    params[8] = t->teams && t->teams[0] ? t->teams : NULL;
}

/* Hands a result to x's owner, who clears it at its end. */
static void keep(db_ctx_t *x, PGresult *res)
{
    if (x->defer)
        x->defer(x->owner, (void (*)(void *))PQclear, res);
}

/* Sends [prepare] + execute of st in pipeline mode; 0 or -1 when sending failed. */
static int send_stmt(db_conn_t *c, const db_stmt_t *st, const char *const *params, int *preparing)
{
    *preparing = 0;
    if (!is_prepared(c, st)) {
        if (!room_to_prepare(c)) /* unnamed: nothing to record */
            return PQsendQueryParams(c->pg, st->sql, st->nparams, NULL, params, NULL, NULL, 0) ? 0 : -1;
        if (!PQsendPrepare(c->pg, st->name, st->sql, st->nparams, NULL))
            return -1;
        *preparing = 1;
        c->pending++;
    }
    return PQsendQueryPrepared(c->pg, st->name, st->nparams, params, NULL, NULL, 0) ? 0 : -1;
}

/* Reads the results of one pipelined query (and its prepare): the last
 * result of the query, or NULL after recording the first failure in *err. */
static PGresult *read_stmt(db_conn_t *c, const db_stmt_t *st, int preparing, PGresult **err)
{
    PGresult *out = NULL;
    for (int step = preparing ? 0 : 1; step < 2; step++) {
        PGresult *res, *last = NULL;
        while ((res = PQgetResult(c->pg)) != NULL) {
            PQclear(last);
            last = res;
        }
        if (!ok_status(last)) {
            if (*err == NULL && last && PQresultStatus(last) != PGRES_PIPELINE_ABORTED)
                *err = last;
            else
                PQclear(last);
            return NULL;
        }
        if (step == 0) {
            PQclear(last);
            c->prepared[c->nprepared++] = st; /* counted in c->pending when it was sent */
            c->pending--;
        } else {
            out = last;
        }
    }
    return out;
}

/* A request's first statement in one round trip: [BEGIN,] the tenant
 * context and st as one pipeline.  With begin the transaction stays open
 * (x->conn, x->in_tx set, even when st failed: dbc_finish rolls it back);
 * without, the three run as one implicit transaction that commits at the
 * sync.  Retries once on a fresh connection when a stale one answered
 * nothing (a restart of PostgreSQL): then nothing has run.  Returns st's
 * result (handed to x->defer) or NULL with x->err set. */
static PGresult *first_statement(db_ctx_t *x, int begin, const db_stmt_t *st, const char *const *params)
{
    for (int attempt = 0; attempt < 2; attempt++) {
        db_conn_t *c = thread_conn();
        if (c == NULL)
            break;
        char iat[24], gen[24];
        const char *ctx[9];
        context_params(x, iat, gen, ctx);
        int prep_begin = 0, prep_ctx = 0, prep_st = 0;
        if (!PQenterPipelineMode(c->pg) ||
            (begin && send_stmt(c, &BEGIN_TX, NULL, &prep_begin) != 0) ||
            send_stmt(c, &BEGIN_CONTEXT, ctx, &prep_ctx) != 0 ||
            send_stmt(c, st, params, &prep_st) != 0 || !PQpipelineSync(c->pg)) {
            conn_close(c);
            continue;
        }
        PGresult *err = NULL, *res = NULL, *ctx_res = NULL;
        PGresult *begun = begin ? read_stmt(c, &BEGIN_TX, prep_begin, &err) : NULL;
        if (begun || !begin)
            ctx_res = read_stmt(c, &BEGIN_CONTEXT, prep_ctx, &err);
        if (ctx_res) {
            x->context_checked = 1;
            res = read_stmt(c, st, prep_st, &err);
        }
        int answered = begun != NULL; /* the server took the transaction: no retry */
        PQclear(begun);
        PQclear(ctx_res);
        /* drain up to the sync (NULLs separate the results of aborted queries) */
        for (int n = 0; n < 16 && !conn_lost(c); n++) {
            PGresult *rest = PQgetResult(c->pg);
            int synced = rest && PQresultStatus(rest) == PGRES_PIPELINE_SYNC;
            PQclear(rest);
            if (synced)
                break;
        }
        c->pending = 0; /* the pipeline is read: its prepares are recorded or failed */
        int lost = conn_lost(c) || !PQexitPipelineMode(c->pg);
        if (!lost && begin) {
            x->conn = c;
            x->in_tx = 1;
        }
        if (res) {
            keep(x, res);
            return res;
        }
        if (lost) {
            /* no answer to our query (libpq's own error, connection class 08,
             * or the shutdown notice 57P0x the old server left on the idle
             * connection): a stale connection after a restart, so once more
             * on a fresh one.  A read may run twice (at worst its audit row
             * is written twice after a crash); a transaction whose BEGIN was
             * answered lost a live backend and ends with 503 */
            const char *state = err ? PQresultErrorField(err, PG_DIAG_SQLSTATE) : NULL;
            int nothing_ran = attempt == 0 && !answered &&
                              (state == NULL || strncmp(state, "08", 2) == 0 ||
                               strncmp(state, "57P0", 4) == 0);
            PQclear(err);
            conn_close(c);
            if (nothing_ran)
                continue;
            break;
        }
        map_error(x, err);
        PQclear(err);
        return NULL;
    }
    unavailable(x);
    return NULL;
}

PGresult *dbc_exec_once(db_ctx_t *x, const db_stmt_t *st, const char *const *params)
{
    return x->in_tx ? dbc_exec(x, st, params) : first_statement(x, 0, st, params);
}

/* res of a statement in x's open transaction, or NULL with x->err set (and res cleared; a
 * lost connection ends the transaction). */
static PGresult *in_tx_result(db_ctx_t *x, PGresult *res)
{
    if (ok_status(res))
        return res;
    if (conn_lost(x->conn)) {
        conn_close(x->conn);
        x->in_tx = 0;
        unavailable(x);
    } else {
        map_error(x, res);
    }
    PQclear(res);
    return NULL;
}

PGresult *dbc_exec(db_ctx_t *x, const db_stmt_t *st, const char *const *params)
{
    if (!x->in_tx)
        return first_statement(x, 1, st, params);
    PGresult *res = in_tx_result(x, run_prepared(x->conn, st, params));
    if (res)
        keep(x, res);
    return res;
}

PGresult *dbc_exec_bytes(db_ctx_t *x, const db_stmt_t *st, const char *const *params,
                         const int *lengths, int binary_result)
{
    if (!x->in_tx) {
        x->err = DB_INTERNAL;
        return NULL;
    }
    int formats[16] = {0};
    for (int i = 0; lengths && i < st->nparams && i < 16; i++)
        formats[i] = lengths[i] > 0;
    return in_tx_result(x, PQexecParams(x->conn->pg, st->sql, st->nparams, NULL, params, lengths, formats,
                                        binary_result ? 1 : 0));
}

static const db_stmt_t NOTHING = {"nothing", "SELECT 1", 0};

int dbc_check_context(db_ctx_t *x)
{
    if (x->context_checked)
        return 0;
    return dbc_exec_once(x, &NOTHING, NULL) ? 0 : -1;
}

const char *db_get(const PGresult *res, int row, const char *name)
{
    int col = PQfnumber(res, name);
    if (col < 0 || row >= PQntuples(res) || PQgetisnull(res, row, col))
        return NULL;
    return PQgetvalue(res, row, col);
}

int dbc_finish(db_ctx_t *x, int commit)
{
    if (!x->in_tx)
        return 0;
    x->in_tx = 0;
    if (conn_lost(x->conn)) {
        conn_close(x->conn);
        return commit ? unavailable(x) : 0;
    }
    PGresult *res = PQexec(x->conn->pg, commit ? "COMMIT" : "ROLLBACK");
    int ok = ok_status(res);
    if (!ok && commit) {
        if (conn_lost(x->conn)) {
            conn_close(x->conn);
            unavailable(x);
        } else {
            map_error(x, res);
        }
    }
    PQclear(res);
    if (!ok && conn_lost(x->conn))
        conn_close(x->conn);
    return ok || !commit ? 0 : -1;
}

int dbc_ping(void)
{
    for (int attempt = 0; attempt < 2; attempt++) {
        db_conn_t *c = thread_conn();
        if (c == NULL)
            return -1;
        PGresult *res = PQexec(c->pg, "SELECT 1");
        int ok = ok_status(res);
        PQclear(res);
        if (ok)
            return 0;
        if (!conn_lost(c))
            return -1;
        conn_close(c);
    }
    return -1;
}

int db_check_service_role(const char *url, int need, int wait_s, char *err, size_t errlen)
{
    PGconn *pg = NULL;
    for (int i = 0;; i++) {
        pg = connect_url(url, "lotse");
        if (PQstatus(pg) == CONNECTION_OK)
            break;
        if (i >= wait_s) {
            snprintf(err, errlen, "lotse: DATABASE_URL: cannot connect: %s", PQerrorMessage(pg));
            PQfinish(pg);
            return -1;
        }
        PQfinish(pg);
        sleep(1);
    }
    int rc = -1;
    PGresult *res = PQexec(pg,
        "SELECT r.rolsuper, r.rolbypassrls, "
        "  (SELECT count(*) FROM pg_class c WHERE c.relowner = r.oid "
        "     AND c.relnamespace = 'public'::regnamespace), "
        "  (SELECT to_regclass('public.schema_migrations') IS NOT NULL) "
        "FROM pg_roles r WHERE r.rolname = current_user");
    if (PQresultStatus(res) != PGRES_TUPLES_OK || PQntuples(res) != 1) {
        snprintf(err, errlen, "lotse: DATABASE_URL: role check failed: %s", PQerrorMessage(pg));
    } else if (strcmp(PQgetvalue(res, 0, 0), "t") == 0 || strcmp(PQgetvalue(res, 0, 1), "t") == 0) {
        snprintf(err, errlen, "lotse: DATABASE_URL: connects as a superuser or BYPASSRLS role; "
                 "row-level security would not apply. Use the service role (lotse_app).");
    } else if (strcmp(PQgetvalue(res, 0, 2), "0") != 0) {
        snprintf(err, errlen, "lotse: DATABASE_URL: the role owns tables; the service must "
                 "connect as a role that owns none (lotse_app), migrations as the owner.");
    } else if (strcmp(PQgetvalue(res, 0, 3), "t") != 0) {
        snprintf(err, errlen, "lotse: the database has no schema yet: run 'lotse migrate' with "
                 "LOTSE_MIGRATION_DATABASE_URL set to the owning role");
    } else {
        PQclear(res);
        res = PQexec(pg, "SELECT coalesce(max(version), 0) FROM schema_migrations");
        int have = PQresultStatus(res) == PGRES_TUPLES_OK ? atoi(PQgetvalue(res, 0, 0)) : -1;
        if (have < need)
            snprintf(err, errlen, "lotse: the database is at migration %d, this build needs %d: "
                     "run 'lotse migrate' with LOTSE_MIGRATION_DATABASE_URL", have, need);
        else
            rc = 0;
    }
    PQclear(res);
    PQfinish(pg);
    return rc;
}

void db_init_read(const char *read_url)
{
    g_read_url = read_url ? strdup(read_url) : NULL;
}

static const db_stmt_t REPLICA_CONTEXT = {
    "replica_context",
    "SELECT set_config('lotse.network_id', $1, true), set_config('lotse.statistics', 'on', true)", 1};

PGresult *dbc_exec_counting(db_ctx_t *x, const db_stmt_t *st, const char *const *params, const char *network)
{
    db_conn_t *c = g_read_url ? thread_conn_of(g_read_key, g_read_url, "lotse-read") : NULL;
    if (c == NULL)
        return dbc_exec(x, st, params);
    PGresult *res = NULL, *begin = PQexec(c->pg, "BEGIN READ ONLY");
    const char *ctx[1] = {network};
    if (ok_status(begin)) {
        PGresult *set = run_prepared(c, &REPLICA_CONTEXT, ctx);
        if (ok_status(set))
            res = run_prepared(c, st, params);
        PQclear(set);
    }
    PQclear(begin);
    PQclear(PQexec(c->pg, "ROLLBACK"));
    if (ok_status(res)) {
        keep(x, res);
        return res;
    }
    db_log(DB_LOG_WARN, "read replica: %s; counting on the primary",
           res ? PQresultErrorMessage(res) : PQerrorMessage(c->pg));
    PQclear(res);
    if (PQstatus(c->pg) != CONNECTION_OK)
        conn_close(c);
    return dbc_exec(x, st, params);
}
