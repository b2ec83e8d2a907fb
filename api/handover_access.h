/* handover_access.h - the access of a handover route (SCOPE_HANDOVER), checked by
 * the dispatcher before the handler. */
#ifndef LOTSE_HANDOVER_ACCESS_H
#define LOTSE_HANDOVER_ACCESS_H

#include "req.h"

typedef struct handover_access {
    const char *id;
    const char *side;    /* "source" or "target" */
    const char *status;
    const char *version;
    const char *cats;    /* the categories its record carries, "{identity,...}" */
} handover_access_t;

/* The dispatcher's check of a SCOPE_HANDOVER operation: the caller's token
 * names an agency, and for /v1/handovers/{id} the caller is a party of that
 * handover (row-level security, migration 0036): 404, audited, otherwise;
 * an access of the receiving side is written into the source network's
 * audit log too.  Sets r->handover and r->case_id (the source case for the
 * source side, the new case once accepted).  Returns 0 or -1. */
int handover_scope_enter(req_t *r);

#endif
