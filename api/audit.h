/* audit.h - writing the audit row of a request that touches a case's
 * personal data; one row per request. */
#ifndef LOTSE_AUDIT_H
#define LOTSE_AUDIT_H

#include "req.h"

/* Appends the audit row for r: action ("case.read", ...), the case (may be
 * NULL), the categories involved as a PostgreSQL array literal ("{identity,plan}",
 * NULL for none) and the outcome.  When the row cannot be written the
 * request fails with 503 and returns -1.  A denied outcome also marks the
 * transaction to be committed although the request fails. */
int audit(req_t *r, const char *action, const char *case_id, const char *categories,
          int success);

/* The audit row of a list: the ids of the cases it returned
 * ("{uuid,uuid}") and the categories it showed (array literal, NULL none). */
int audit_list(req_t *r, const char *action, const char *case_ids, const char *categories);

/* The same for a list whose rows show at most the categories cats (bits)
 * of each case, as far as the caller's consents cover them: the row
 * records those the caller sees of the cases returned. */
int audit_rows(req_t *r, const char *action, const char *case_ids, unsigned cats);

#endif
