/* db.h - database access for request handlers.
 *
 * Each HTTP worker thread owns one PostgreSQL connection (no lock on the
 * request path).  A request's first db_exec() opens a transaction, sets
 * the tenant context (network, scope, actor, agency) that row-level
 * security reads and runs its statement, all three in one pipelined round
 * trip; server.c commits it when the handler succeeded and rolls it back
 * otherwise.  Statements are prepared once per connection, and
 * parameters are always bound, never spliced into SQL.
 */
#ifndef LOTSE_DB_H
#define LOTSE_DB_H

#include <libpq-fe.h>

#include "req.h"

typedef struct db_stmt {
    const char *name;  /* unique statement name */
    const char *sql;
    int nparams;
} db_stmt_t;

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

/* Remembers the service connection string; call once before serving. */
void db_init(const char *database_url);

/* Runs st with params (nparams of st; NULL entries are SQL NULL) in r's
 * transaction.  Returns the result (owned by r->arena) or NULL after
 * setting r->err (SQL errors mapped to lotse_err_t; a lost connection is
 * ERR_UNAVAILABLE with Retry-After). */
PGresult *db_exec(req_t *r, const db_stmt_t *st, const char *const *params);

/* Runs the tenant context alone (with the API client's revocation check)
 * when r has run no statement: 0, or -1 with r->err set (401 for a revoked
 * client or a rotated secret).  The dispatcher calls it after every
 * authenticated request, so that no answer skips the check. */
int db_check_context(req_t *r);

/* Sends pg's notices and warnings to the JSON log instead of stderr. */
void db_log_notices(PGconn *pg);

/* For a request that needs exactly one statement (a read, possibly with
 * its audit insert): sends the tenant context and st in one pipeline, so
 * both run in one implicit transaction that commits at once: one round
 * trip, no BEGIN/COMMIT.  Inside an open transaction it is db_exec.
 * Returns as db_exec. */
PGresult *db_exec_once(req_t *r, const db_stmt_t *st, const char *const *params);

/* Runs a write statement that returns at least the column "id" (and
 * optionally "network_id") and appends one event of type event_type for
 * the first row in the same transaction. Returns as db_exec. */
PGresult *db_write(req_t *r, const db_stmt_t *st, const char *const *params,
                   const char *event_type, const char *resource_type);

/* Appends an event for resource_id (network_id NULL = the caller's). */
int db_event(req_t *r, const char *type, const char *resource_type, const char *resource_id,
             const char *network_id);

/* Ends r's transaction if one is open: commit when commit != 0 and no
 * error is set (or r->commit_on_error: a refusal whose audit row must
 * stay), otherwise rollback.  Returns -1 (and sets r->err) when the commit
 * failed. */
int db_finish(req_t *r, int commit);

/* 0 when the database answers a trivial query on this thread's connection. */
int db_ping(req_t *r);

/* Value of column name in row 0, NULL when absent or SQL NULL. */
const char *db_get(const PGresult *res, int row, const char *name);

/* Remembers DATABASE_READ_URL (a streaming replica; NULL: none). */
void db_init_read(const char *read_url);

/* A counting statement of the statistics context of network (lotse.network_id
 * and lotse.statistics set): on the read replica in a read-only transaction
 * of its own when DATABASE_READ_URL is set (falling back to the primary
 * when the replica fails), else as db_exec in r's transaction.  Returns as
 * db_exec. */
PGresult *db_exec_counting(req_t *r, const db_stmt_t *st, const char *const *params,
                           const char *network);

/* Closes this thread's connections (used after fork and at thread exit). */
void db_thread_close(void);

/* Number of open worker connections, for /metrics. */
int db_open_connections(void);

/* Startup check with DATABASE_URL: reachable (waits up to wait_s), the
 * role is not superuser, has no BYPASSRLS, owns no tables, and the schema
 * is at least at migration `need`. Writes a message and returns -1. */
int db_check_service_role(const char *url, int need, int wait_s, char *err, size_t errlen);

#endif
