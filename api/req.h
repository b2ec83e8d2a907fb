/* req.h - the per-request context every handler receives.
 *
 * A handler reads the request (method, path params, query, headers, body),
 * calls db/ functions, and either sets a response with the respond_*()
 * helpers and returns 0, or returns fail_req(r, ERR_..., detail) and lets
 * server.c render the problem.  Everything it allocates belongs to r->arena.
 */
#ifndef LOTSE_REQ_H
#define LOTSE_REQ_H

#include <jansson.h>
#include <stddef.h>
#include <time.h>

#include "arena.h"
#include "db.h"
#include "errors.h"
#include "principal.h"
#include "router.h"

struct MHD_Connection;

#define MAX_RESP_HEADERS 12

typedef struct req {
    arena_t *arena;
    struct MHD_Connection *conn;
    const char *method;
    const char *url;             /* decoded path as received */
    char request_id[65];
    struct timespec started;

    route_match_t match;         /* route and path params */

    char *body;                  /* NUL-terminated copy of the body, may be NULL */
    struct upload *upload;       /* the body of an OP_UPLOAD route instead (spooled, hashed) */
    int upload_route;            /* an OP_UPLOAD route: spooled once authenticated */
    size_t body_len, body_cap;
    int body_too_large;
    int bad_framing;             /* answered 400 before the body; the connection closes */

    principal_t principal;
    int authenticated;
    const char *if_match;        /* the version If-Match names ("7"), NULL for "*"; set by the
                                    dispatcher on every operation that requires If-Match */
    int public_read;             /* an anonymous read of public data (scope 'public') */

    /* database: this request's unit of work (api/store.c runs db/ for it) */
    db_ctx_t dbx;
    int audited;                 /* audit rows this request wrote */
    int commit_on_error;         /* keep what was written (an audit row) although r->err is set */
    const char *case_id;         /* the case this request concerns, for idempotency purges */
    const struct case_access *access; /* the case of a SCOPE_CASE operation, checked by the
                                       * dispatcher before the handler (case_here) */
    const char *case_ids;        /* the cases a page showed ("{uuid,...}"), for its audit row */
    const struct handover_access *handover; /* the handover of a SCOPE_HANDOVER operation on
                                             * one handover (handover_scope_enter) */

    /* response */
    int status;
    const char *content_type;
    char *resp_body;             /* arena-owned bytes */
    size_t resp_len;
    const char *hdr_name[MAX_RESP_HEADERS];
    const char *hdr_value[MAX_RESP_HEADERS];
    int nhdr;
    int resp_fd;                 /* > 0: the body is this file (respond_file), not resp_body */
    unsigned long long resp_fd_len;

    /* error, when a handler failed */
    lotse_err_t err;
    const char *err_detail;
    json_t *err_errors;          /* array of {pointer, message}; arena-deferred */
    json_t *err_extra;           /* extra members for the problem body (OAuth error) */
    int retry_after;             /* seconds, for ERR_UNAVAILABLE */
    int german;                  /* Accept-Language prefers de: problems in German */
    char address[64];            /* the client's address (LOTSE_CLIENT_ADDRESS_HEADER behind a proxy) */
    int peer_loopback;           /* the connection itself comes from a loopback address */
    json_t *body_json;           /* the body as body_object() parsed it (once), owned by the arena */

    /* long polling (longpoll.c) */
    double wait_until;           /* monotonic deadline; 0 none yet, -1 answer now */
    int wait_now;                /* the handler asked to wait */
    int wait_woken;              /* resumed by an event of its network */
    int wait_rechecks;
    unsigned wait_generation;
} req_t;

/* A request context for work no HTTP request carries (maintenance,
 * webhook delivery), acting as actor with roles in network and agency
 * (either may be NULL), so that row-level security applies unchanged.
 * The caller ends its transaction (db_finish) and frees r->arena; NULL
 * when out of memory. */
req_t *req_internal(const char *actor, const char *network, const char *agency, unsigned roles);

/* Records an error (detail is copied, in German when r->german and the
 * format has a German wording) and returns -1, for `return fail_req(...)`. */
int fail_req(req_t *r, lotse_err_t err, const char *detail_fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Forgets r's error, for work that records a failure and goes on (an import's line: the
 * caller rolls back to its savepoint first). */
void req_clear_error(req_t *r);

/* Adds one field error (JSON Pointer, message) to r->err_errors; the
 * first 100 are kept. */
void add_field_error(req_t *r, const char *pointer, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Path parameter i of the matched route (NULL past the end). */
const char *path_param(req_t *r, int i);

/* Request header / query argument, NULL when absent. Owned by the connection. */
const char *req_header(req_t *r, const char *name);
const char *req_query(req_t *r, const char *name);

/* Adds a response header (both strings copied into the arena). */
void resp_header(req_t *r, const char *name, const char *value);

/* Sets a JSON response; text is copied (a serialised JSON value). */
int respond_raw_json(req_t *r, int status, const char *text, size_t len);

/* Sets a JSON response from a jansson value; takes the reference. */
int respond_json(req_t *r, int status, json_t *body);

/* Sets a body with another content type (copied). */
int respond_bytes(req_t *r, int status, const char *content_type, const char *data, size_t len);

/* Sets a body read from file fd (len bytes from its start), sent without
 * being read into memory; the response takes the descriptor (closed after
 * sending, or with the request when it fails before). */
int respond_file(req_t *r, int status, const char *content_type, int fd, unsigned long long len);

/* Sets status 204 with no body. */
int respond_no_content(req_t *r);

/* Sets the ETag header for a resource version ("\"v<version>\""). */
void resp_etag(req_t *r, const char *version);

/* Does an Accept-Language value prefer German (de, de-AT, ...) over every
 * other language it names?  NULL: no. */
int prefers_german(const char *accept_language);

/* Does r's principal hold any of these roles? */
int has_role(const req_t *r, unsigned roles);

/* The dispatcher's check of If-Match, for the operations whose kind
 * requires it: sets r->if_match to the version it names ("\"v7\"" -> "7",
 * owned by r->arena) or NULL for "*" and returns 0; a missing If-Match
 * fails with 428, an unparsable one with 412 (-1). */
int if_match_parse(req_t *r);

/* For handlers: the version If-Match named (NULL for "*"), as the
 * dispatcher parsed it; *ok is 1.  On a route whose kind does not require
 * If-Match it fails with 500 (*ok 0): declare the kind in routes.c. */
const char *if_match_version(req_t *r, int *ok);

/* Reads query parameter name into *out (NULL when absent); when present it
 * must be one of values (NULL-terminated), else 400.  Returns 0 or -1. */
int query_enum(req_t *r, const char *name, const char *const *values, const char **out);

/* "true", "false": the values of a boolean query parameter. */
extern const char *const QUERY_BOOLEANS[];

/* Is s a canonical lower- or upper-case UUID? */
int is_uuid(const char *s);

#endif
