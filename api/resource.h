/* resource.h - the steps every resource handler shares: reading rows
 * into responses, conditional writes, creation. */
#ifndef LOTSE_RESOURCE_H
#define LOTSE_RESOURCE_H

#include "store.h"
#include "json_in.h"
#include "req.h"

/* Responds with row 0's "json" column and an ETag from its "version"
 * column; with location (may be NULL) sets Location.  No row: 404. */
int respond_row(req_t *r, PGresult *res, int status, const char *location);

/* A read of one case-bound row in one round trip (st with params, no
 * transaction): r->case_id from its "case_id" column (for the audit row
 * the dispatcher writes and the idempotency purge), then as respond_row. */
int respond_case_row(req_t *r, const db_stmt_t *st, const char *const *params);

/* For a conditional write that matched no row: 412 when get_st (with
 * params) still finds the resource, 404 when it does not. */
int fail_stale_or_missing(req_t *r, const db_stmt_t *get_st, const char *const *params);

/* For an operation that requires If-Match and has read the current
 * version of its resource (current, e.g. db_get(row, 0, "version")):
 * 412 when If-Match names another version ("*" names any).  The caller
 * writes in the same transaction, after a read that locks the row or
 * with a statement that bumps the version.  Returns 0 or -1. */
int require_version(req_t *r, const char *current);

/* Serialises v (borrowed) to a JSON text owned by r->arena. */
const char *json_text(req_t *r, json_t *v);

/* Path parameter i when it is a UUID; otherwise sets 404 and returns NULL. */
const char *uuid_param(req_t *r, int i);

/* The start of a PATCH: If-Match into *version (NULL for "*"; 428/412 on
 * a missing or malformed one) and the merge-patch body checked against
 * fields.  Returns the patch (owned by r's arena) or NULL with r->err set. */
json_t *patch_body(req_t *r, const field_spec_t *fields, const char **version);

/* A conditional write of one resource (PATCH, DELETE, an action). */
typedef struct write_spec {
    const field_spec_t *fields;  /* merge-patch body checked against these; NULL: no body */
    const db_stmt_t *write;      /* UPDATE/DELETE ... AND version = $n RETURNING id, ... */
    const db_stmt_t *get;        /* the read of the same resource: tells 412 from 404 */
    const char *event;           /* event type appended, e.g. "agency.updated" */
    const char *resource;        /* resource type of the event */
    int patch_param;             /* index in params that receives the patch (if fields) */
    int version_param;           /* index in params that receives the If-Match version */
    int no_content;              /* answer 204 instead of the row */
} write_spec_t;

/* Requires If-Match, validates the body (if any), fills params and runs
 * w->write with an event; answers the row (or 204), 412 when the version
 * is stale, 404 when the resource is gone.  params has the key values set
 * by the caller and room for the slots w names. */
int conditional_write(req_t *r, const write_spec_t *w, const char **params);

/* Validates a JSON body against fields, runs st with the body as params[0]
 * (further params from the caller) appending event/resource, and answers
 * 201 with Location location_prefix + id. */
int create_resource(req_t *r, const field_spec_t *fields, const db_stmt_t *st,
                    const char **params, const char *event, const char *resource,
                    const char *location_prefix);

#endif
