/* assignments.h - SQL for case assignments and the agency's staff access
 * (migration 0043): an agency's own assignments only (row-level security). */
#ifndef LOTSE_DB_ASSIGNMENTS_H
#define LOTSE_DB_ASSIGNMENTS_H
#include "db.h"

/* $1 case, $2 assignee, $3 team, $4 created_by: id, network_id, version, json */
extern const db_stmt_t ASSIGNMENT_CREATE;
/* $1 case, $2 after key, $3 limit+1: key, json */
extern const db_stmt_t ASSIGNMENT_LIST;
/* $1 case, $2 assignment: version, json */
extern const db_stmt_t ASSIGNMENT_GET;
/* $1 case, $2 assignment, $3 version (NULL: any): id, network_id */
extern const db_stmt_t ASSIGNMENT_DELETE;
/* All of the caller's agency's assignments of person $1 moved to person $2 (one already
 * assigned the case keeps its own): moved, case_ids ("{...}") */
extern const db_stmt_t ASSIGNMENT_TRANSFER;
/* The caller's own agency ($1 must be it): $2 patch {staff_access}, $3 version: id, network_id,
 * version, json; no row when stale */
extern const db_stmt_t AGENCY_STAFF_ACCESS;
#endif
