/* rows.h - turning query results into responses, shared by all resources. */
#ifndef LOTSE_ROWS_H
#define LOTSE_ROWS_H

#include "db.h"
#include "req.h"

/* Responds with row 0's "json" column and an ETag from its "version"
 * column; with location (may be NULL) sets Location.  No row: 404. */
int respond_row(req_t *r, PGresult *res, int status, const char *location);

/* For a conditional write that matched no row: 412 when get_st (with
 * params) still finds the resource, 404 when it does not. */
int fail_stale_or_missing(req_t *r, const db_stmt_t *get_st, const char *const *params);

/* Serialises v (borrowed) to a JSON text owned by r->arena. */
const char *json_text(req_t *r, json_t *v);

#endif
