/* case_access.h - what the caller's agency may do with one case: whether
 * it sees it, leads it, and which data categories its consents cover.
 * Every case route starts here, so refusals are uniform and audited. */
#ifndef LOTSE_CASE_ACCESS_H
#define LOTSE_CASE_ACCESS_H

#include "categories.h"
#include "store.h"
#include "json_in.h"
#include "req.h"


typedef struct case_access {
    const char *id;
    const char *version;     /* current version (ETag "v<version>") */
    const char *status;
    const char *lead_agency_id;
    const char *cats_array;  /* categories seen, as a PostgreSQL array literal */
    unsigned cats;           /* CAT_* bits */
    int is_lead;
    int anonymized;
} case_access_t;

/* Loads the caller's access to case_id (path parameter 0 when NULL).
 * Without access it records a denied audit row for action and fails:
 * 404 (as for a case that does not exist), or 403 for a principal that
 * is only a coordinator.  Returns 0 or -1. */
int case_access(req_t *r, const char *case_id, const char *action, case_access_t *a);

/* The dispatcher's check of a SCOPE_CASE operation, before its handler:
 * finds the case where the route says it is named, loads the caller's
 * access (case_access) and requires the declared categories and lead
 * (case_require), audited as the route's action when refused.  A body that
 * names no well-formed case_id passes (the handler's validation answers
 * 400 and the handler never gets a case).  r->access is set on success.
 * Returns 0 or -1. */
int case_scope_enter(req_t *r);

/* The case of a SCOPE_CASE operation as the dispatcher checked it, copied
 * into *a; -1 (internal error) when the route declares no case scope. */
int case_here(req_t *r, case_access_t *a);

/* Fails with 403 (audited as denied) unless the caller sees all of cats;
 * lead_only additionally requires the lead agency. Returns 0 or -1. */
int case_require(req_t *r, const case_access_t *a, unsigned cats, int lead_only,
                 const char *action);

/* For the lead: 422 consent-required unless agency (NULL: nothing to check)
 * sees the case's plan.  Only the lead may know who holds consent; another
 * agency's goal or task stands, and the responsible agency sees it once its
 * consent covers the plan (row-level security).  Returns 0 or -1. */
int responsible_sees_plan(req_t *r, const case_access_t *a, const char *agency);

/* Creates a case from body (CaseCreate, validated here) led by the caller's
 * agency, in r's transaction, with its case.created event; *row is the
 * statement's row (id, version, json).  import: 0 for POST /v1/cases (the
 * likely duplicates as a JSON array into *dups), 1 for an import line, 2
 * for an import's dry run (duplicates too); both answer 0 with the existing
 * case's row when the agency leads one with the body's external_reference.
 * Returns 1 created, 0 existing, -1 failed (r->err set). */
int case_create(req_t *r, json_t *body, int import, PGresult **row, const char **dups);

/* A member of a request body and the column it is stored in. */
typedef struct member_column {
    const char *member;
    const char *column; /* "table.column", classified in the personal-data map */
} member_column_t;

/* 403 (audited) when body sets any member of cols (ending with {NULL})
 * to a value other than null whose column's category, as the
 * personal-data map gives it, the caller's consent lacks: what an agency
 * may not read it may not write either.  A column the map does not
 * classify fails closed (500).  Returns 0 or -1. */
int case_require_members(req_t *r, const case_access_t *a, json_t *body, const member_column_t *cols,
                         const char *action);

/* Refuses with err and msg, recording a denied audit row for action. */
int case_deny(req_t *r, const case_access_t *a, const char *action, lotse_err_t err,
              const char *msg);

/* A kind of case sub-resource (analyses, goals, journal entries): the
 * category it belongs to and its list and read statements (the route
 * table declares the category the dispatcher requires). */
typedef struct case_sub {
    const char *categories;      /* its category as an array literal, for the audit row */
    const char *list_action;     /* audit actions, e.g. "goal.list", "goal.read" */
    const char *read_action;
    const db_stmt_t *list;       /* $1 case, $2 after key, $3 limit+1, $4 filter: key, json */
    const db_stmt_t *get;        /* $1 case, $2 id: version, json */
    unsigned shown_if_seen;      /* CAT_* shown only to agencies that see it (categories NULL):
                                  * audited as read when the caller sees it */
} case_sub_t;

/* GET of the collection (filter is bound as $4, may be NULL) / of the item
 * named by path parameter 1, with their audit rows. */
int case_sub_list(req_t *r, const case_sub_t *s, const char *filter);
int case_sub_get(req_t *r, const case_sub_t *s);

/* The start of a change to the item of path parameter 1: the case as the
 * dispatcher checked it, the item id, If-Match (version NULL for "*") and
 * the body checked against fields (merge patch when patch).  Returns 0 or -1. */
int case_sub_change(req_t *r, const field_spec_t *fields, int patch, case_access_t *a,
                    const char **id, const char **version, json_t **body);

/* Category name to bit; a comma-separated list to bits. */
unsigned category_bit(const char *name);
unsigned category_bits(const char *list);

/* Bits as a PostgreSQL array literal ("{identity,plan}") in r's arena. */
const char *category_array(req_t *r, unsigned bits);

/* Checks ISO codes and the municipality of a person/residence in the
 * database, adding field errors; nationality, languages and ags may be
 * NULL.  Returns 0, or -1 with ERR_VALIDATION. */
int check_codes(req_t *r, json_t *person, json_t *residence);

#endif
