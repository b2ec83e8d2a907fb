/* idempotency_keys.h - SQL for Idempotency-Key records (one per principal and key). */
#ifndef LOTSE_DB_IDEMPOTENCY_KEYS_H
#define LOTSE_DB_IDEMPOTENCY_KEYS_H
#include "db.h"

extern const db_stmt_t IDEM_CLAIM;   /* $1 key, $2 request hash: returns a row when new */
extern const db_stmt_t IDEM_GET;     /* $1 key: request_hash, status, location, etag, body, case_id */
/* $1 key, $2 status, $3 location, $4 etag, $5 body, $6 case_id */
extern const db_stmt_t IDEM_STORE;
extern const db_stmt_t IDEM_RELEASE; /* $1 key */
/* Purging: IDEM_PURGE_MARK with a case id (every stored answer about the
 * case) or "expired" (older than a day), then IDEM_PURGE deletes them. */
extern const db_stmt_t IDEM_PURGE_MARK;
extern const db_stmt_t IDEM_PURGE;
#endif
