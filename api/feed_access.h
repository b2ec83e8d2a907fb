/* feed_access.h - the access of a calendar feed's public URL
 * (SCOPE_FEED), checked by the dispatcher before the handler. */
#ifndef LOTSE_FEED_ACCESS_H
#define LOTSE_FEED_ACCESS_H

#include "req.h"

/* The dispatcher's check of a SCOPE_FEED operation: path parameter 0 is a
 * feed token; its hash must name a feed that is not revoked, of an active
 * agency (else 404, the same for every token).  The request then acts as
 * that agency (a read-only caseworker principal "calendar-feed:<id>"), so
 * row-level security and the audit row are the agency's.  Returns 0 or -1. */
int feed_scope_enter(req_t *r);

#endif
