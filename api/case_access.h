/* case_access.h - what the caller's agency may do with one case: whether
 * it sees it, leads it, and which data categories its consents cover.
 * Every case route starts here, so refusals are uniform and audited. */
#ifndef LOTSE_CASE_ACCESS_H
#define LOTSE_CASE_ACCESS_H

#include "store.h"
#include "json_in.h"
#include "req.h"

enum {
    CAT_IDENTITY = 1u << 0,
    CAT_RESIDENCE = 1u << 1,
    CAT_POTENTIAL = 1u << 2,
    CAT_PLAN = 1u << 3,
    CAT_JOURNAL = 1u << 4,
};
#define CAT_ALL (CAT_IDENTITY | CAT_RESIDENCE | CAT_POTENTIAL | CAT_PLAN | CAT_JOURNAL)

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

/* Fails with 403 (audited as denied) unless the caller sees all of cats;
 * lead_only additionally requires the lead agency. Returns 0 or -1. */
int case_require(req_t *r, const case_access_t *a, unsigned cats, int lead_only,
                 const char *action);

/* Refuses with err and msg, recording a denied audit row for action. */
int case_deny(req_t *r, const case_access_t *a, const char *action, lotse_err_t err,
              const char *msg);

/* A kind of case sub-resource (analyses, goals, journal entries): the
 * category it belongs to and its list and read statements. */
typedef struct case_sub {
    unsigned category;           /* CAT_* the caller's agency must see */
    const char *categories;      /* the same as an array literal, for the audit row */
    const char *list_action;     /* audit actions, e.g. "goal.list", "goal.read" */
    const char *read_action;
    const db_stmt_t *list;       /* $1 case, $2 after key, $3 limit+1, $4 filter: key, json */
    const db_stmt_t *get;        /* $1 case, $2 id: version, json */
    unsigned shown_if_seen;      /* CAT_* shown only to agencies that see it (categories NULL):
                                  * audited as read when the caller sees it */
} case_sub_t;

/* Access to the case of path parameter 0 with the sub-resource's category,
 * audited as action when refused. Returns 0 or -1. */
int case_sub_open(req_t *r, const case_sub_t *s, const char *action, case_access_t *a);

/* GET of the collection (filter is bound as $4, may be NULL) / of the item
 * named by path parameter 1, with their audit rows. */
int case_sub_list(req_t *r, const case_sub_t *s, const char *filter);
int case_sub_get(req_t *r, const case_sub_t *s);

/* The start of a change to the item of path parameter 1: access with the
 * category, the item id, If-Match (version NULL for "*") and the body
 * checked against fields (merge patch when patch).  Returns 0 or -1. */
int case_sub_change(req_t *r, const case_sub_t *s, const char *action, const field_spec_t *fields,
                    int patch, case_access_t *a, const char **id, const char **version,
                    json_t **body);

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
