/* person_links.c - SQL for person links; see person_links.h.  Row-level
 * security shows a link only to an agency that sees both of its cases with
 * identity (migration 0037); these statements add no rule of their own. */
#include "person_links.h"

/* link l as seen from case $1 */
#define LINK_JSON                                                                               \
    "json_build_object('id', l.id, 'case_id', $1::uuid, 'other_case', json_build_object("      \
    "'id', o.id, 'reference', o.reference), 'verdict', l.verdict, 'agency_id', l.agency_id, "  \
    "'removed_at', lotse_ts(l.removed_at), 'version', l.version, "                            \
    "'created_at', lotse_ts(l.created_at), 'updated_at', lotse_ts(l.updated_at))::text"
/* o: the other case of link l */
#define OTHER "JOIN cases o ON o.id = CASE WHEN l.case_id = $1::uuid THEN l.other_id ELSE l.case_id END"
#define OF_CASE "(l.case_id = $1::uuid OR l.other_id = $1::uuid)"

const db_stmt_t PERSON_LINK_CREATE = {
    "person_link_create",
    "WITH ins AS (INSERT INTO person_links (network_id, case_id, other_id, verdict, agency_id, decided_by) "
    "  SELECT lotse_network(), least($1::uuid, $2::uuid), greatest($1::uuid, $2::uuid), $3, "
    "  lotse_agency(), $4 WHERE lotse_sees($2::uuid, 'identity') RETURNING *) "
    "SELECT l.id, l.network_id, l.version, " LINK_JSON " AS json FROM ins l " OTHER,
    4};

const db_stmt_t PERSON_LINK_LIST = {
    "person_link_list",
    "SELECT l.id::text AS key, $1::uuid AS case_id, o.id AS other_id, " LINK_JSON " AS json "
    "FROM person_links l " OTHER " WHERE " OF_CASE " AND l.removed_at IS NULL "
    "AND ($2::uuid IS NULL OR l.id > $2::uuid) ORDER BY l.id LIMIT $3::int",
    3};

const db_stmt_t PERSON_LINK_REMOVE = {
    "person_link_remove",
    "WITH upd AS (UPDATE person_links l SET removed_at = now(), removed_by = $3, "
    "  version = l.version + 1, updated_at = now() WHERE l.id = $2::uuid AND " OF_CASE
    "  AND l.removed_at IS NULL AND l.version = $4::int RETURNING l.*) "
    "SELECT l.id, l.network_id, l.version, " LINK_JSON " AS json FROM upd l " OTHER,
    4};

const db_stmt_t PERSON_LINK_GET = {
    "person_link_get",
    "SELECT l.version, " LINK_JSON " AS json FROM person_links l " OTHER
    " WHERE l.id = $2::uuid AND " OF_CASE " AND l.removed_at IS NULL",
    2};

const db_stmt_t DUPLICATE_CANDIDATES = {
    "duplicate_candidates",
    "WITH v AS (SELECT c.id, c.reference, c.birth_date, c.name_key AS k, "
    "  coalesce(c.name_codes, '{}') AS codes FROM cases c "
    "  WHERE c.network_id = lotse_network() AND c.anonymized_at IS NULL AND c.birth_date IS NOT NULL "
    "  AND lotse_sees(c.id, 'identity')), "
    "p AS (SELECT a.id AS a, a.reference AS ar, b.id AS b, b.reference AS br, round((0.6 * similarity(a.k, b.k) "
    "  + 0.4 * (SELECT count(*) FROM unnest(a.codes) x WHERE x = ANY (b.codes))::numeric "
    "  / greatest(cardinality(a.codes), cardinality(b.codes), 1))::numeric, 3) AS score "
    "  FROM v a JOIN v b ON b.birth_date = a.birth_date AND b.id > a.id "
    "  WHERE $1::uuid IS NULL OR (a.id, b.id) > ($1::uuid, $2::uuid)) "
    "SELECT p.a::text || '~' || p.b::text AS key, p.a AS case_id, p.b AS other_id, "
    "json_build_object('case', json_build_object('id', p.a, 'reference', p.ar), "
    "'other_case', json_build_object('id', p.b, 'reference', p.br), 'score', p.score)::text AS json "
    "FROM p WHERE p.score >= 0.6 AND NOT EXISTS (SELECT 1 FROM person_links l "
    "  WHERE l.case_id = p.a AND l.other_id = p.b AND l.removed_at IS NULL) "
    "ORDER BY p.a, p.b LIMIT $3::int",
    3};
