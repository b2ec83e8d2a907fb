/* db.h - the database layer: per-thread connections, transactions with
 * the tenant context, prepared statements, errors as codes.  It knows no
 * HTTP: api/store.c runs it for a request and maps its codes to problems.
 *
 * Each HTTP worker thread owns one PostgreSQL connection (no lock on the
 * request path).  A context's first statement opens a transaction, sets
 * the tenant (network, scope, actor, agency) that row-level security
 * reads and runs the statement, all three in one pipelined round trip;
 * the caller ends it with dbc_finish.  One connection runs one
 * transaction at a time.  Statements are prepared once per connection,
 * and parameters are always bound, never spliced into SQL.
 */
#ifndef LOTSE_DB_H
#define LOTSE_DB_H

#include <libpq-fe.h>

typedef struct db_stmt {
    const char *name;  /* unique statement name */
    const char *sql;
    int nparams;
} db_stmt_t;

/* Why a statement failed. */
typedef enum db_err {
    DB_OK = 0,
    DB_UNAVAILABLE, /* no connection, connection lost, no slots, shutting down: retry */
    DB_TIMEOUT,     /* statement_timeout (a lock held too long, an overloaded database): retry */
    DB_RETRY,       /* serialization failure or deadlock: retry */
    DB_REVOKED,     /* the API client was revoked or its secret rotated (28000) */
    DB_UNIQUE,      /* a unique constraint (23505) */
    DB_REFERENCE,   /* a foreign key (23503) */
    DB_INVALID,     /* a value malformed or out of range (22xxx, 23502, 23514) */
    DB_DENIED,      /* not permitted (42501) */
    DB_RULE,        /* a business rule the schema raised (P0001); its message in detail */
    DB_INTERNAL,    /* anything else (logged with its SQLSTATE) */
} db_err_t;

/* Who a transaction runs for: the settings row-level security reads.
 * Strings may be NULL; check_client asks for the token's checks: the API
 * client's revocation (client_id with the token's iat and secret
 * generation gen), or for a token without a client (a trusted issuer's)
 * that its agency is an active agency of its network. */
typedef struct db_tenant {
    const char *network, *scope, *sub, *agency, *client_id;
    const char *teams; /* the teams of a person's token, comma-separated ("" none) */
    long long iat;
    int gen;
    int check_client;
} db_tenant_t;

/* One unit of work (a request, a maintenance step, a webhook fan-out):
 * its tenant, its transaction and its last error.  Zero it, set tenant,
 * request_id (for logs) and defer; results live until defer's owner
 * releases them. */
typedef struct db_ctx {
    db_tenant_t tenant;
    const char *request_id;
    void *owner;
    void (*defer)(void *owner, void (*fn)(void *), void *ptr); /* PQclear at the owner's end */
    struct db_conn *conn;     /* the connection of the open transaction */
    int in_tx;
    int context_checked;      /* the tenant context (and the revocation check) ran */
    db_err_t err;
    char detail[256];         /* DB_RULE: the schema's message */
    int retry_after;          /* seconds, for the retryable errors */
} db_ctx_t;

/* Where the layer reports: log lines (a DB_LOG_* level) and a count of
 * failed statements.  Either may be left NULL. */
enum { DB_LOG_DEBUG = 0, DB_LOG_INFO = 1, DB_LOG_WARN = 2, DB_LOG_ERROR = 3 };
void db_set_reporting(void (*log)(int level, const char *message), void (*error_count)(void));

/* A log line through the reporting hook (for db/). */
void db_log(int level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* SQL fragments for JSON Merge Patch updates from a jsonb object expression
 * obj: an absent member keeps the column, null clears it, a value sets it. */
#define SQL_MERGE(alias, col, obj, key) \
    col " = CASE WHEN " obj " ? '" key "' THEN " obj "->>'" key "' ELSE " alias "." col " END"
#define SQL_MERGE_AS(alias, col, obj, key, type) \
    col " = CASE WHEN " obj " ? '" key "' THEN (" obj "->>'" key "')::" type " ELSE " alias "." col " END"

/* A keyset key that orders rows by creation time, then id. */
#define SQL_CHRONO_KEY(alias) \
    "(to_char(" alias ".created_at AT TIME ZONE 'UTC', 'YYYYMMDDHH24MISSUS') || " alias ".id)"

/* The statement_timeout of every connection (default 30 s); a statement
 * that runs longer ends the request with 503 and Retry-After. */
void db_init_timeout(int statement_timeout_ms);

/* How many statements each connection prepares (default 512); the others
 * run unnamed (parsed and planned on every use). */
void db_init_prepared(int max);

/* Remembers the service connection string; call once before serving. */
void db_init(const char *database_url);

/* Runs st with params (nparams of st; NULL entries are SQL NULL) in x's
 * transaction, opening it (with the tenant context) when none is open.
 * Returns the result (released through x->defer) or NULL with x->err set
 * (a lost connection ends the transaction). */
PGresult *dbc_exec(db_ctx_t *x, const db_stmt_t *st, const char *const *params);

/* For a unit that needs exactly one statement (a read, possibly with its
 * audit insert): the tenant context and st in one pipeline and one
 * implicit transaction that commits at once; inside an open transaction
 * it is dbc_exec.  Returns as dbc_exec. */
PGresult *dbc_exec_once(db_ctx_t *x, const db_stmt_t *st, const char *const *params);

/* For large values (a document's chunks) in x's open transaction (-1 with
 * DB_INTERNAL when none is open): st with params, param i binary when
 * lengths[i] > 0 (lengths may be NULL), the result in binary format when
 * binary_result.  The result is the caller's to PQclear at once (it is
 * not handed to x->defer, so that large rows do not pile up); NULL with
 * x->err set. */
PGresult *dbc_exec_bytes(db_ctx_t *x, const db_stmt_t *st, const char *const *params,
                         const int *lengths, int binary_result);

/* Runs the tenant context alone when x has run no statement (for the
 * revocation check): 0, or -1 with x->err set. */
int dbc_check_context(db_ctx_t *x);

/* Ends x's transaction if one is open: COMMIT when commit, else ROLLBACK.
 * Returns -1 with x->err set when the commit failed. */
int dbc_finish(db_ctx_t *x, int commit);

/* 0 when the database answers a trivial query on this thread's connection. */
int dbc_ping(void);

/* A counting statement of the statistics context of network (lotse.network_id
 * and lotse.statistics set): on the read replica in a read-only transaction
 * of its own when DATABASE_READ_URL is set (falling back to the primary
 * when the replica fails), else as dbc_exec in x's transaction.  Returns
 * as dbc_exec. */
PGresult *dbc_exec_counting(db_ctx_t *x, const db_stmt_t *st, const char *const *params,
                            const char *network);

/* Sends pg's notices and warnings to the log instead of stderr. */
void db_log_notices(PGconn *pg);

/* Value of column name in row 0, NULL when absent or SQL NULL. */
const char *db_get(const PGresult *res, int row, const char *name);

/* Remembers DATABASE_READ_URL (a streaming replica; NULL: none). */
void db_init_read(const char *read_url);

/* Closes this thread's connections (used after fork and at thread exit). */
void db_thread_close(void);

/* Number of open worker connections, for /metrics. */
int db_open_connections(void);

/* Startup check with DATABASE_URL: reachable (waits up to wait_s), the
 * role is not superuser, has no BYPASSRLS, owns no tables, and the schema
 * is at least at migration `need`. Writes a message and returns -1. */
int db_check_service_role(const char *url, int need, int wait_s, char *err, size_t errlen);

#endif
