/* audit_log.c - SQL for the audit log; see audit_log.h. */
#include "audit_log.h"

const db_stmt_t AUDIT_INSERT = {
    "audit_insert",
    "INSERT INTO audit_log (network_id, request_id, actor_sub, actor_agency, actor_client, "
    "action, case_id, case_ids, categories, outcome) VALUES (lotse_network(), $1, $2, "
    "nullif($3, '')::uuid, nullif($4, ''), $5, $6::uuid, $7::uuid[], coalesce($8::text[], '{}'), $9)",
    9};

const db_stmt_t AUDIT_INSERT_ROWS = {
    "audit_insert_rows",
    "INSERT INTO audit_log (network_id, request_id, actor_sub, actor_agency, actor_client, "
    "action, case_id, case_ids, categories, outcome) SELECT lotse_network(), $1, $2, "
    "nullif($3, '')::uuid, nullif($4, ''), $5, $6::uuid, $7::uuid[], "
    "ARRAY(SELECT DISTINCT k FROM unnest($7::uuid[]) c, unnest(lotse_case_categories(c, lotse_agency())) k "
    "  WHERE k = ANY($8::text[]) ORDER BY k), $9",
    9};

/* One statement per driving filter, so that each reads its own index (a
 * filter left NULL in one statement would give the generic plan a scan).
 * Newest first by (at, id); the cursor is "at~id" of the last row shown.
 * The time bounds $6 and $7 are always given ('-infinity' and 'infinity'
 * when not asked): under row-level security an expression like coalesce()
 * counts as leaky and may not bound an index scan, so a generic plan read
 * a whole month of the agency's rows (1 s for one day at 50,000,000 rows).
 * By case the rows come from lotse_audit_case_rows (migration 0026: the
 * page's newest own rows and lists that showed the case, each by its
 * index) and are merged here. */
#define AUDIT_LIST_SQL(source, driving)                                                         \
    "SELECT lotse_ts(a.at) || '~' || a.id AS key, json_build_object('id', a.id, 'at', lotse_ts(a.at), " \
    "'request_id', a.request_id, 'actor_sub', a.actor_sub, 'actor_agency', a.actor_agency, "     \
    "'actor_client', a.actor_client, 'action', a.action, 'case_id', a.case_id, "                 \
    "'case_ids', a.case_ids, 'categories', a.categories, 'outcome', a.outcome)::text AS json "    \
    "FROM " source " a WHERE a.network_id = lotse_network() AND " driving " "                    \
    "AND ($1::text IS NULL OR (a.at <= split_part($1, '~', 1)::timestamptz "                     \
    "  AND (a.at, a.id) < (split_part($1, '~', 1)::timestamptz, split_part($1, '~', 2)::bigint))) " \
    "AND ($3::uuid IS NULL OR a.case_id = $3::uuid OR a.case_ids @> ARRAY[$3::uuid]) "           \
    "AND ($4::uuid IS NULL OR a.actor_agency = $4::uuid) "                                       \
    "AND ($5::text IS NULL OR a.actor_sub = $5) "                                                \
    "AND a.at >= $6::timestamptz AND a.at < $7::timestamptz "                                    \
    "ORDER BY a.at DESC, a.id DESC LIMIT $2::int"

const db_stmt_t AUDIT_LIST_CASE = {
    "audit_list_case",
    /* the page's limit inside only when no other filter narrows the case's rows after it */
    AUDIT_LIST_SQL("lotse_audit_case_rows($3::uuid, split_part($1, '~', 1)::timestamptz, "
                   "nullif(split_part($1, '~', 2), '')::bigint, CASE WHEN coalesce($4::text, $5) IS NULL "
                   "AND $6::timestamptz = '-infinity' AND $7::timestamptz = 'infinity' THEN $2::int END)", "true"),
    7};
const db_stmt_t AUDIT_LIST_AGENCY = {
    "audit_list_agency", AUDIT_LIST_SQL("audit_log", "a.actor_agency = $4::uuid"), 7};
const db_stmt_t AUDIT_LIST_ACTOR = {"audit_list_actor", AUDIT_LIST_SQL("audit_log", "a.actor_sub = $5"), 7};
const db_stmt_t AUDIT_LIST_ALL = {"audit_list_all", AUDIT_LIST_SQL("audit_log", "true"), 7};