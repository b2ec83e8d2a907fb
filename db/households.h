/* households.h - SQL for households (migration 0038): row-level security
 * shows each member only to agencies that see its case with identity. */
#ifndef LOTSE_DB_HOUSEHOLDS_H
#define LOTSE_DB_HOUSEHOLDS_H
#include "db.h"

/* $1 case (the reference person), $2 created_by: id, network_id, version */
extern const db_stmt_t HOUSEHOLD_CREATE;
/* $1 household, $2 case, $3 relation: id, network_id, version; no row when the caller does
 * not see the household */
extern const db_stmt_t HOUSEHOLD_ADD;
/* $1 case, $2 the household's version (NULL: any): id, network_id, version; no row when the
 * case is in no household or the version is another */
extern const db_stmt_t HOUSEHOLD_LEAVE;
/* $1 household: version, json (the members the caller sees, each case in the categories it
 * sees), case_ids (those members, "{...}") */
extern const db_stmt_t HOUSEHOLD_GET;
/* $1 case: as HOUSEHOLD_GET, for the household of the case */
extern const db_stmt_t HOUSEHOLD_OF_CASE;
#endif
