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
#endif
