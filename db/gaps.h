/* gaps.h - SQL for the steering group's gap register. */
#ifndef LOTSE_DB_GAPS_H
#define LOTSE_DB_GAPS_H
#include "db.h"

extern const db_stmt_t GAP_CREATE;     /* $1 body jsonb, $2 created_by: id, network_id, version, json */
extern const db_stmt_t GAP_LIST;       /* $1 after key, $2 limit+1, $3 status, $4 updated_since: key, json */
extern const db_stmt_t GAP_GET;        /* $1 id: version, status, json */
extern const db_stmt_t GAP_UPDATE;     /* $1 id, $2 patch jsonb, $3 version: as GAP_CREATE */
/* $1 id, $2 new status, $3 current status, $4 closing note, $5 version */
extern const db_stmt_t GAP_TRANSITION;
/* $1 gap, $2 body jsonb (kind, text, taken_on), $3 created_by: the
 * measure, and the gap's new version; no row when the gap is closed:
 * id, network_id (of the gap) */
extern const db_stmt_t GAP_MEASURE_ADD;
/* $1 gap, $2 months: for each barrier code of the gap (within its field
 * of action and municipality, when set), the barriers in the whole
 * calendar months before the month of its first measure and from that
 * month on, with their cell keys: code, before, before_key, after,
 * after_key, measure_on, before_from, after_until.  No rows before a
 * measure is recorded.  Whole months, so that the windows cannot slide by
 * a day. */
extern const db_stmt_t GAP_EFFECT;
#endif
