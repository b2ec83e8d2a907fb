/* store.h - the database layer (db/db.h) run for a request: the request's
 * tenant from its principal, its transaction, results owned by its arena,
 * and db's error codes mapped to problems (the one mapping, in store.c).
 * Handlers call these; db/ knows no HTTP. */
#ifndef LOTSE_STORE_H
#define LOTSE_STORE_H

#include "db.h"
#include "req.h"

/* Installs the layer's reporting (JSON log, the error counter of /metrics). */
void store_init(void);

/* dbc_exec in r's transaction; NULL with r->err set (nothing runs once
 * r->err is set). */
PGresult *db_exec(req_t *r, const db_stmt_t *st, const char *const *params);

/* dbc_exec_once for r; as db_exec. */
PGresult *db_exec_once(req_t *r, const db_stmt_t *st, const char *const *params);

/* dbc_exec_counting for r; as db_exec. */
PGresult *db_exec_counting(req_t *r, const db_stmt_t *st, const char *const *params,
                           const char *network);

/* Runs a write statement that returns at least the column "id" (and
 * optionally "network_id") and appends one event of type event_type for
 * the first row in the same transaction.  As db_exec. */
PGresult *db_write(req_t *r, const db_stmt_t *st, const char *const *params,
                   const char *event_type, const char *resource_type);

/* dbc_exec_bytes for r (its transaction must be open); the result is the
 * caller's to PQclear.  NULL with r->err set. */
PGresult *db_exec_bytes(req_t *r, const db_stmt_t *st, const char *const *params,
                        const int *lengths, int binary_result);

/* Appends an event for resource_id (network_id NULL = the caller's); 0 or -1. */
int db_event(req_t *r, const char *type, const char *resource_type, const char *resource_id,
             const char *network_id);

/* Runs the tenant context alone (with the API client's revocation check)
 * when r has run no statement: 0, or -1 with r->err set (401 for a
 * revoked client or a rotated secret). */
int db_check_context(req_t *r);

/* Ends r's transaction if one is open: commit when commit != 0 and no
 * error is set (or r->commit_on_error: a refusal whose audit row must
 * stay), otherwise rollback.  Returns -1 (and sets r->err) when the commit
 * failed. */
int db_finish(req_t *r, int commit);

/* 0 when the database answers a trivial query. */
int db_ping(req_t *r);

#endif
