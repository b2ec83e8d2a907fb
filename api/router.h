/* router.h - route table types and path matching (pure, unit-tested). */
#ifndef LOTSE_ROUTER_H
#define LOTSE_ROUTER_H

#include <stddef.h>

#include "categories.h"

struct req;
typedef int (*handler_fn)(struct req *r);

#define ROUTE_PUBLIC 0u  /* roles == ROUTE_PUBLIC: no token needed */
#define MAX_PATH_PARAMS 4

/* What an operation does; the dispatcher enforces what follows from it
 * (update, action and delete require If-Match: 428 without, 412 when it
 * names no version, the handler's statement 412 when stale). */
typedef enum {
    OP_LIST,   /* GET of a collection */
    OP_GET,    /* GET of one resource, a feed or a document */
    OP_CREATE, /* POST that creates a resource (Location) */
    OP_UPDATE, /* PATCH */
    OP_ACTION, /* POST that changes the state of an existing resource */
    OP_DELETE, /* DELETE */
    OP_UPLOAD, /* POST that creates a resource from a file: the body is streamed to a spool
                * file (api/upload.h) up to LOTSE_DOCUMENT_MAX_BYTES, never held in memory */
} op_kind_t;

/* Does an operation of this kind require If-Match? */
#define OP_NEEDS_IF_MATCH(kind) ((kind) == OP_UPDATE || (kind) == OP_ACTION || (kind) == OP_DELETE)

/* Whose data an operation touches; the dispatcher enforces it before the
 * handler runs, and row-level security enforces it again in PostgreSQL. */
typedef enum {
    SCOPE_PUBLIC,    /* no token (roles ROUTE_PUBLIC) */
    SCOPE_PRINCIPAL, /* any authenticated principal, its own view */
    SCOPE_NETWORK,   /* rows of the caller's network: the token must name one */
    SCOPE_AGENCY,    /* rows of the caller's own agency: the token must name one */
    SCOPE_CASE,      /* one case (see case_from_t): the caller's agency must see it now,
                      * with a consent covering cats (and lead it, when lead) */
    SCOPE_CASE_ROWS, /* reads across cases: row-level security selects only rows of
                      * cases the caller's agency sees now; never a write */
    SCOPE_FEED,      /* a calendar feed's secret URL, no token (roles ROUTE_PUBLIC): the path's
                      * feed token names an agency the request then acts as (404 when unknown or
                      * revoked), rate-limited per feed; rows as SCOPE_CASE_ROWS */
    SCOPE_HANDOVER,  /* handovers between networks: the token names an agency; on one
                      * handover, the caller's agency is a party to it (404 otherwise), and
                      * the receiving side's access is audited in the source network too */
} scope_kind_t;

/* Where the one case of a SCOPE_CASE operation is named. */
typedef enum {
    CASE_IN_PATH,       /* /v1/cases/{id}/... */
    CASE_IN_BODY,       /* "case_id" of the JSON body (creating a referral or conference) */
    CASE_OF_REFERRAL,   /* the case of the referral /v1/referrals/{id} */
    CASE_OF_CONFERENCE, /* the case of the conference /v1/conferences/{id} */
} case_from_t;

typedef struct scope {
    scope_kind_t kind;
    case_from_t from; /* SCOPE_CASE only */
    unsigned cats;    /* SCOPE_CASE: CAT_* the caller's consent must cover */
    int lead;         /* SCOPE_CASE: only the lead agency */
    int anonymized;   /* SCOPE_CASE: a change the operation may make to an anonymized case (0:
                       * every change but this one's is 409 once the case is anonymized) */
} scope_t;

typedef struct route {
    const char *method;
    const char *pattern;  /* "/v1/agencies/{id}"; a {name} matches one whole, non-empty
                             segment (no suffix inside a segment, so generic routers match
                             the same paths); the first row that matches wins */
    handler_fn handler;
    unsigned roles;       /* any of these roles may call; ROUTE_PUBLIC for none needed */
    op_kind_t kind;
    const char *audit;    /* audit action of an operation on personal data ("referral.read"), or NULL */
    scope_t scope;
    const char *events;   /* the event types the operation may append ("consent.revoked
                             referral.withdrawn"; the first is its own), NULL for none */
} route_t;

/* Does route rt declare event type type? */
int route_declares_event(const route_t *rt, const char *type);

typedef enum { MATCH_OK, MATCH_NO_PATH, MATCH_NO_METHOD } match_result_t;

typedef struct route_match {
    const route_t *route;
    size_t index;                       /* position in the table, for metrics */
    char *params[MAX_PATH_PARAMS];      /* pointers into the caller's path copy */
    int nparams;
    char allow[128];                    /* for MATCH_NO_METHOD: "GET, PATCH" */
} route_match_t;

/* Matches method + path against table[0..n).  path is modified in place
 * (segments are NUL-terminated) and params point into it, so pass a copy.
 * Returns MATCH_OK with m->route set, MATCH_NO_METHOD with m->allow filled,
 * or MATCH_NO_PATH. */
match_result_t router_match(const route_t *table, size_t n, const char *method, char *path,
                            route_match_t *m);

/* The one route table of the service (routes.c); *n receives its length. */
const route_t *routes_table(size_t *n);

#endif
