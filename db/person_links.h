/* person_links.h - SQL for person links and duplicate candidates (migration 0037). */
#ifndef LOTSE_DB_PERSON_LINKS_H
#define LOTSE_DB_PERSON_LINKS_H
#include "db.h"

/* $1 case, $2 other case, $3 verdict, $4 decided_by: id, network_id, version, json; no row when
 * the caller's agency does not see the other case with identity */
extern const db_stmt_t PERSON_LINK_CREATE;
/* $1 case, $2 after (link id), $3 limit+1: key, case_id, other_id, json (standing links) */
extern const db_stmt_t PERSON_LINK_LIST;
/* $1 case, $2 link, $3 removed_by, $4 version: id, network_id, version, json */
extern const db_stmt_t PERSON_LINK_REMOVE;
extern const db_stmt_t PERSON_LINK_GET; /* $1 case, $2 link: version, json */
/* $1 after case, $2 after other, $3 limit+1: pairs of cases the caller sees with identity, same
 * birth date, names alike (score >= 0.6), no standing decision: key, case_id, other_id, json */
extern const db_stmt_t DUPLICATE_CANDIDATES;
#endif
