/* cases.h - SQL for cases.  Every statement runs under the caller's
 * network and agency (the request context) and sees only cases the agency leads or
 * holds an active consent for; row-level security enforces the same. */
#ifndef LOTSE_DB_CASES_H
#define LOTSE_DB_CASES_H
#include "db.h"

/* The next reference of the network for this year ("RBK-2026-000042"), gapless:
 * the counter row stays locked until the transaction ends. */
extern const db_stmt_t CASE_NEXT_NUMBER;
/* $1 body jsonb, $2 reference, $3 created_by: id, network_id, version, json */
extern const db_stmt_t CASE_CREATE;
/* $1 external reference: id, network_id, version, reference of the case the caller's agency
 * leads with it (no row: none) */
extern const db_stmt_t CASE_BY_EXTERNAL_REFERENCE;
/* $1 id: version, status, lead_agency_id, is_lead, anonymized, cats
 * ("identity,plan"); no row when the caller may not see the case */
extern const db_stmt_t CASE_ACCESS;
/* The same for the case of the referral / conference $1 the caller takes part in. */
extern const db_stmt_t CASE_ACCESS_OF_REFERRAL;
extern const db_stmt_t CASE_ACCESS_OF_CONFERENCE;
extern const db_stmt_t CASE_GET; /* $1 id: id, version, json */
/* GET of a case in one statement: access check, the audit row (success or
 * denied) and the JSON. $1 id, $2 request id, $3 sub, $4 agency, $5 client:
 * version, json; no row when the caller may not see the case */
extern const db_stmt_t CASE_READ;
/* $1 after, $2 updated_since, $3 limit+1, $4 status, $5 lead agency, $6 target group,
 * $7 field of action, $8 municipality, $9 residence status: key, cats
 * ("identity,plan"), json; CASE_LIST_MATCHING the same among the cases of
 * $10 (uuid[], from CASE_REFERENCE_MATCHES) */
extern const db_stmt_t CASE_LIST;
extern const db_stmt_t CASE_LIST_MATCHING;
/* $1 part of a reference: ids, the cases the caller's agency sees whose
 * reference contains it (uuid[]; migration 0035) */
extern const db_stmt_t CASE_REFERENCE_MATCHES;
/* $1 name, $2 birth date, $3 birth year, $4 nationality (each NULL when not
 * asked), $5 the rank after which the page starts, $6 limit+1: case_id,
 * key (the rank), json of the cases whose person matches (migration 0033) */
extern const db_stmt_t PERSON_SEARCH;
/* $1 name, $2 birth date (or NULL), $3 a new case: json, the cases other
 * than $3 the person search ranks first with a score of 0.6 or more, at
 * most five, as [{case_id, reference, score}] (text); ids, them as uuid[] */
extern const db_stmt_t CASE_DUPLICATES;
extern const db_stmt_t CASE_UPDATE;     /* $1 id, $2 patch jsonb, $3 version */
extern const db_stmt_t CASE_SET_STATUS; /* $1 id, $2 status, $3 closure reason, $4 version */
/* $1 id, $2 new lead agency, $3 version; run while acting as the new lead
 * (CASE_ACT_AS), whose consent makes the row visible to the update */
extern const db_stmt_t CASE_TRANSFER;
extern const db_stmt_t CASE_ACT_AS;     /* $1 agency: lotse_agency() for what follows */
extern const db_stmt_t CASE_CATEGORIES_OF; /* $1 case, $2 agency: cats or NULL */
extern const db_stmt_t CASE_EXPORT;     /* $1 id: json with everything and the recipients */
extern const db_stmt_t CASE_ANONYMIZE;  /* $1 id */
extern const db_stmt_t CASE_GENERALIZE; /* $1 id: free texts of sub-resources */
#endif
