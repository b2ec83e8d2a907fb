/* handovers.h - SQL for handovers to another network (migration 0036). */
#ifndef LOTSE_DB_HANDOVERS_H
#define LOTSE_DB_HANDOVERS_H
#include "db.h"

/* $1 case, $2 consent, $3 offered_by: the handover of case $1 under its
 * consent $2 in force naming a receiving network, with the record of the
 * case in the consent's categories; no row when there is no such consent.
 * id, network_id, version, cats (the categories, "{...}"), json */
extern const db_stmt_t HANDOVER_OFFER;
/* $1 handover, $2 audit action, $3 request id: the caller's access (side,
 * status, version, cats, case_id: the source case for the source side, the new
 * case for an accepted handover's target side); writes the receiving
 * side's access into the source network's audit log.  No row: not a party. */
extern const db_stmt_t HANDOVER_ACCESS;
extern const db_stmt_t HANDOVER_GET;  /* $1 handover: version, json (the caller's side of it) */
/* $1 after (id), $2 limit+1, $3 direction, $4 status, $5 case (the caller's: the source case
 * or the new one): key, case_id (source side rows), json */
extern const db_stmt_t HANDOVER_LIST;
/* $1 handover, $2 version: record (text) of a pending handover the caller
 * receives, its consent still valid; locks the row.  No row otherwise. */
extern const db_stmt_t HANDOVER_RECORD;
/* $1 new case, $2 record jsonb, $3 created_by: the record's analysis (as
 * the intake) and open goals copied into the new case: resource_type, id */
extern const db_stmt_t HANDOVER_COPY;
/* $1 handover, $2 new case, $3 decided_by: id, network_id (the caller's), version, json */
extern const db_stmt_t HANDOVER_ACCEPT;
/* $1 handover, $2 reason, $3 decided_by: as HANDOVER_ACCEPT */
extern const db_stmt_t HANDOVER_DECLINE;
/* $1 handover, $2 decided_by: as HANDOVER_ACCEPT (source side) */
extern const db_stmt_t HANDOVER_WITHDRAW;
/* $1 network code, $2 agency or NULL: id, the network's id (NULL when it or the agency in it
 * does not exist, or it is the caller's own) */
extern const db_stmt_t RECEIVING_NETWORK;
/* The pending handovers the caller's agency offered whose consent has expired, withdrawn
 * (lotse maintenance): n, how many */
extern const db_stmt_t HANDOVER_EXPIRE;
#endif
