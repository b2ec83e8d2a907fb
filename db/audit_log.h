/* audit_log.h - SQL for the append-only audit log of personal-data access. */
#ifndef LOTSE_DB_AUDIT_LOG_H
#define LOTSE_DB_AUDIT_LOG_H
#include "db.h"

/* $1 request_id, $2 actor_sub, $3 actor_agency, $4 actor_client, $5 action,
 * $6 case_id, $7 case_ids (uuid[] text), $8 categories (text[] text), $9 outcome */
extern const db_stmt_t AUDIT_INSERT;
/* The same for a list of rows, $8 the categories its rows may show: the
 * row records those the caller's agency sees of at least one of the cases
 * $7 (its consents now), the lead all. */
extern const db_stmt_t AUDIT_INSERT_ROWS;
/* The network's log, newest first: $1 cursor ("at~id" of the last row
 * shown), $2 limit+1, $3 case_id,
 * $4 agency, $5 actor_sub, $6 from, $7 to (each NULL for any); the first
 * of case, agency, actor that is set picks the statement (its index). */
extern const db_stmt_t AUDIT_LIST_CASE;
extern const db_stmt_t AUDIT_LIST_AGENCY;
extern const db_stmt_t AUDIT_LIST_ACTOR;
extern const db_stmt_t AUDIT_LIST_ALL;
#endif
