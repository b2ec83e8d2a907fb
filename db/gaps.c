/* gaps.c - SQL for gaps; see gaps.h. */
#include "gaps.h"

#define GAP_JSON                                                                               \
    "json_build_object('id', g.id, 'title', g.title, 'description', g.description, "           \
    "'barrier_codes', g.barrier_codes, 'field_of_action', g.field_of_action, "                  \
    "'municipality_ags', g.municipality_ags, 'assigned_agency_id', g.assigned_agency_id, "      \
    "'assigned_group', g.assigned_group, 'status', g.status, 'closing_note', g.closing_note, "  \
    "'closed_at', lotse_ts(g.closed_at), 'measures', coalesce((SELECT json_agg(json_build_object(" \
    "  'id', m.id, 'kind', m.kind, 'text', m.text, 'taken_on', m.taken_on, "                    \
    "  'created_at', lotse_ts(m.created_at)) ORDER BY m.taken_on, m.created_at) "                \
    "  FROM gap_measures m WHERE m.gap_id = g.id), '[]'), "                                     \
    "'version', g.version, 'created_at', lotse_ts(g.created_at), "                             \
    "'updated_at', lotse_ts(g.updated_at))::text"
#define RETURNING_GAP " RETURNING g.id, g.network_id, g.version, " GAP_JSON " AS json"

const db_stmt_t GAP_CREATE = {
    "gap_create",
    "INSERT INTO gaps AS g (network_id, title, description, barrier_codes, field_of_action, "
    "municipality_ags, assigned_agency_id, assigned_group, created_by) "
    "SELECT lotse_network(), p->>'title', p->>'description', "
    "ARRAY(SELECT DISTINCT jsonb_array_elements_text(p->'barrier_codes') ORDER BY 1), "
    "p->>'field_of_action', p->>'municipality_ags', (p->>'assigned_agency_id')::uuid, "
    "p->>'assigned_group', $2 FROM (SELECT $1::jsonb AS p) s" RETURNING_GAP,
    2};

const db_stmt_t GAP_LIST = {
    "gap_list",
    "SELECT g.id::text AS key, " GAP_JSON " AS json FROM gaps g "
    "WHERE g.network_id = lotse_network() AND ($1::uuid IS NULL OR g.id > $1::uuid) "
    "AND ($3::text IS NULL OR g.status = $3) "
    "AND ($4::timestamptz IS NULL OR g.updated_at >= $4::timestamptz) ORDER BY g.id LIMIT $2::int",
    4};

const db_stmt_t GAP_GET = {
    "gap_get",
    "SELECT g.version, g.status, " GAP_JSON " AS json FROM gaps g "
    "WHERE g.network_id = lotse_network() AND g.id = $1::uuid",
    1};

const db_stmt_t GAP_UPDATE = {
    "gap_update",
    "UPDATE gaps AS g SET title = coalesce(p->>'title', g.title), "
    SQL_MERGE("g", "description", "p", "description") ", "
    "barrier_codes = CASE WHEN p ? 'barrier_codes' THEN "
    "  ARRAY(SELECT DISTINCT jsonb_array_elements_text(p->'barrier_codes') ORDER BY 1) "
    "  ELSE g.barrier_codes END, "
    SQL_MERGE("g", "field_of_action", "p", "field_of_action") ", "
    SQL_MERGE("g", "municipality_ags", "p", "municipality_ags") ", "
    SQL_MERGE_AS("g", "assigned_agency_id", "p", "assigned_agency_id", "uuid") ", "
    SQL_MERGE("g", "assigned_group", "p", "assigned_group") ", "
    "version = g.version + 1, updated_at = now() FROM (SELECT $2::jsonb AS p) s "
    "WHERE g.network_id = lotse_network() AND g.id = $1::uuid AND g.version = $3::int "
    "AND g.status IN ('open', 'in_progress')" RETURNING_GAP,
    3};

const db_stmt_t GAP_TRANSITION = {
    "gap_transition",
    "UPDATE gaps AS g SET status = $2, closing_note = coalesce($4, g.closing_note), "
    "closed_at = CASE WHEN $2 IN ('resolved', 'accepted_as_is') THEN now() END, "
    "version = g.version + 1, updated_at = now() "
    "WHERE g.network_id = lotse_network() AND g.id = $1::uuid AND g.status = $3 "
    "AND ($5::int IS NULL OR g.version = $5::int)" RETURNING_GAP,
    5};

const db_stmt_t GAP_MEASURE_ADD = {
    "gap_measure_add",
    "WITH m AS (INSERT INTO gap_measures (network_id, gap_id, kind, text, taken_on, created_by) "
    "  SELECT lotse_network(), g.id, p->>'kind', p->>'text', (p->>'taken_on')::date, $3 "
    "  FROM gaps g, (SELECT $2::jsonb AS p) s WHERE g.network_id = lotse_network() "
    "  AND g.id = $1::uuid AND g.status IN ('open', 'in_progress') RETURNING gap_id) "
    "UPDATE gaps AS g SET version = g.version + 1, updated_at = now() FROM m WHERE g.id = m.gap_id "
    "RETURNING g.id, g.network_id",
    3};

const db_stmt_t GAP_EFFECT = {
    "gap_effect",
    "WITH g AS (SELECT * FROM gaps WHERE network_id = lotse_network() AND id = $1::uuid), "
    "m AS (SELECT min(taken_on) AS d FROM gap_measures WHERE network_id = lotse_network() "
    "  AND gap_id = $1::uuid AND kind = 'measure'), "
    "w AS (SELECT m.d, date_trunc('month', m.d)::timestamp AS anchor, make_interval(months => $2::int) AS len "
    "  FROM m WHERE m.d IS NOT NULL), "
    "t AS (SELECT w.*, (w.anchor - w.len) AT TIME ZONE 'Europe/Berlin' AS lo, "
    "  w.anchor AT TIME ZONE 'Europe/Berlin' AS mid, (w.anchor + w.len) AT TIME ZONE 'Europe/Berlin' AS hi FROM w) "
    "SELECT c.code, count(b.id) FILTER (WHERE b.created_at < t.mid) AS before, "
    "coalesce(sum(b.record_key) FILTER (WHERE b.created_at < t.mid), 0) % 4294967296 AS before_key, "
    "count(b.id) FILTER (WHERE b.created_at >= t.mid) AS after, "
    "coalesce(sum(b.record_key) FILTER (WHERE b.created_at >= t.mid), 0) % 4294967296 AS after_key, "
    "to_char(t.d, 'YYYY-MM-DD') AS measure_on, to_char(t.anchor - t.len, 'YYYY-MM-DD') AS before_from, "
    "to_char(least(t.anchor + t.len, now() AT TIME ZONE 'Europe/Berlin'), 'YYYY-MM-DD') AS after_until "
    "FROM g CROSS JOIN t CROSS JOIN unnest(g.barrier_codes) c(code) "
    "LEFT JOIN barriers b ON b.network_id = lotse_network() AND b.code = c.code "
    "  AND (g.field_of_action IS NULL OR b.field_of_action = g.field_of_action) "
    "  AND (g.municipality_ags IS NULL OR b.municipality_ags = g.municipality_ags) "
    "  AND b.created_at >= t.lo AND b.created_at < t.hi "
    "GROUP BY c.code, t.d, t.anchor, t.len, t.mid ORDER BY c.code",
    2};
