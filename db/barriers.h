/* barriers.h - SQL for barrier codes and the barriers reported on cases. */
#ifndef LOTSE_DB_BARRIERS_H
#define LOTSE_DB_BARRIERS_H
#include "db.h"

/* every code the context's network may use: code, scope, json */
extern const db_stmt_t BARRIER_CODE_LIST;
/* $1 body jsonb (code, label_de, label_en): a network code; no row when the
 * code exists already (built in or in the network) */
extern const db_stmt_t BARRIER_CODE_CREATE;
/* $1 code: one row when the context's network may use it */
extern const db_stmt_t BARRIER_CODE_KNOWN;
/* $1 case, $2 body jsonb, $3 created_by: id, network_id, json */
extern const db_stmt_t BARRIER_CREATE;
/* $1 case, $2 after key, $3 limit+1, $4 code: key, json */
extern const db_stmt_t BARRIER_LIST;
/* $1 case, $2 id: json */
extern const db_stmt_t BARRIER_GET;
/* $1 referral, $2 created_by: the barrier of a decline for not_responsible
 * (no_responsible_agency) or capacity (waiting_list), none for the other
 * reasons: id, case_id, network_id */
extern const db_stmt_t BARRIER_FROM_DECLINE;
/* $1 referral: 0 rows unless it belongs to case $2 */
extern const db_stmt_t BARRIER_REFERRAL_OF_CASE;
#endif
