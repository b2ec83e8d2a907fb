/* retention.h - SQL for `lotse maintenance` (retention). */
#ifndef LOTSE_DB_RETENTION_H
#define LOTSE_DB_RETENTION_H
#include "db.h"

extern const db_stmt_t MAINT_NETWORKS;   /* ids of all networks (scope platform) */
extern const db_stmt_t MAINT_AGENCIES;   /* ids of the network's agencies */
/* $1 retention days: one closed, not yet anonymized case led by the
 * caller's agency and closed longer ago, locked (SKIP LOCKED: several
 * machines share the work) */
extern const db_stmt_t MAINT_CASE_DUE;
/* $1 retention months, $2 months ahead: the audit log's partitions kept
 * (migration 0024), at most one month dropped per call: created (names),
 * dropped, busy (a name or NULL each) */
extern const db_stmt_t MAINT_AUDIT_UPKEEP;
/* $1 event days, $2 delivery days, $3 batch: events, deliveries deleted
 * (migration 0025) */
extern const db_stmt_t MAINT_PRUNE;
/* $1 days: gone (import jobs older, with their lines) */
extern const db_stmt_t MAINT_PRUNE_IMPORTS;
#endif
