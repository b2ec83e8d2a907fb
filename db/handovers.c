/* handovers.c - SQL for handovers to another network; see handovers.h.
 * Row-level security (migration 0036) lets each side read its handovers;
 * a handover's JSON shows each side its own ids only. */
#include "handovers.h"
#include "case_json.h"

#define NETWORK_OF(col) "lotse_network_public(" col ")"

/* handover h for the caller (its side asked once); with_record: the record too (not in lists) */
#define HANDOVER_JSON(with_record)                                                              \
    "(SELECT json_build_object('id', h.id, 'status', h.status, 'side', s.side, "                \
    "'from_network', " NETWORK_OF("h.network_id") ", 'from_agency_id', h.agency_id, "          \
    "'to_network', " NETWORK_OF("h.target_network_id") ", 'to_agency_id', h.target_agency_id, " \
    "'categories', h.categories, "                                                              \
    "'case_id', CASE WHEN s.side = 'source' THEN h.case_id END, "                               \
    "'consent_id', CASE WHEN s.side = 'source' THEN h.consent_id END, "                         \
    "'new_case_id', CASE WHEN s.side = 'target' THEN h.target_case_id END, "                    \
    "'consent_until', lotse_ts(h.consent_until), "                                              \
    "'record', " with_record ", 'reason', h.reason, 'offered_at', lotse_ts(h.created_at), "     \
    "'decided_at', lotse_ts(h.decided_at), 'version', h.version, "                              \
    "'updated_at', lotse_ts(h.updated_at)) FROM (SELECT lotse_handover_side(h) AS side) s)::text"
#define WITH_RECORD HANDOVER_JSON("h.record")

/* what of a case's own bookkeeping stays behind (and its municipality: a
 * town of the network the person leaves) */
#define CASE_BOOKKEEPING                                                                        \
    "ARRAY['id', 'reference', 'lead_agency_id', 'case_manager', 'status', 'closure_reason', "   \
    "'closed_at', 'categories', 'anonymized', 'version', 'created_at', 'updated_at', "           \
    "'external_reference']"
#define ROW_BOOKKEEPING                                                                         \
    "ARRAY['id', 'network_id', 'case_id', 'agency_id', 'responsible_agency_id', "              \
    "'created_by_agency', 'created_by', 'kind', 'achieved_at', 'record_key', 'version', "       \
    "'created_at', 'updated_at']"
#define IN_FORCE(k)                                                                             \
    k ".revoked_at IS NULL AND " k ".valid_from <= now() AND (" k ".valid_until IS NULL OR "    \
    k ".valid_until > now())"

const db_stmt_t HANDOVER_OFFER = {
    "handover_offer",
    "INSERT INTO handovers AS h (network_id, case_id, agency_id, consent_id, target_network_id, "
    "target_agency_id, categories, record, consent_until, offered_by) "
    "SELECT lotse_network(), c.id, lotse_agency(), x.id, x.receiving_network_id, "
    "x.receiving_agency_id, x.categories, (" CASE_JSON "::jsonb - " CASE_BOOKKEEPING
    " #- '{residence,municipality_ags}') "
    "|| CASE WHEN 'potential' = ANY(k.cats) THEN jsonb_build_object('analysis', "
    "  (SELECT to_jsonb(a) - " ROW_BOOKKEEPING " FROM potential_analyses a WHERE a.case_id = c.id "
    "   ORDER BY a.assessed_on DESC, a.created_at DESC LIMIT 1)) ELSE '{}' END "
    "|| CASE WHEN 'plan' = ANY(k.cats) THEN jsonb_build_object('goals', coalesce("
    "  (SELECT jsonb_agg(to_jsonb(g) - " ROW_BOOKKEEPING " ORDER BY g.created_at) FROM goals g "
    "   WHERE g.case_id = c.id AND g.status IN ('open', 'in_progress')), '[]')) ELSE '{}' END, "
    "x.valid_until, $3 "
    "FROM cases c JOIN consents x ON x.case_id = c.id, LATERAL (SELECT x.categories AS cats) k "
    "WHERE c.id = $1::uuid AND c.network_id = lotse_network() AND x.id = $2::uuid "
    "AND x.receiving_network_id IS NOT NULL AND " IN_FORCE("x") " "
    "RETURNING h.id, h.network_id, h.version, h.categories::text AS cats, " WITH_RECORD " AS json",
    3};

const db_stmt_t HANDOVER_ACCESS = {
    "handover_access",
    "SELECT lotse_handover_side(h) AS side, h.status, h.version, h.categories::text AS cats, "
    "CASE WHEN lotse_handover_side(h) = 'source' THEN h.case_id "
    "WHEN h.status = 'accepted' THEN h.target_case_id END AS case_id "
    "FROM handovers h WHERE h.id = $1::uuid AND lotse_handover_audit(h.id, $2, $3)",
    3};

const db_stmt_t HANDOVER_GET = {
    "handover_get",
    "SELECT h.version, " WITH_RECORD " AS json FROM handovers h WHERE h.id = $1::uuid",
    1};

const db_stmt_t HANDOVER_LIST = {
    "handover_list",
    "SELECT h.id::text AS key, CASE WHEN lotse_handover_side(h) = 'source' THEN h.case_id END "
    "AS case_id, " HANDOVER_JSON("NULL") " AS json FROM handovers h "
    "WHERE lotse_network() IN (h.network_id, h.target_network_id) "
    "AND ($1::uuid IS NULL OR h.id > $1::uuid) "
    "AND ($3::text IS NULL OR ($3 = 'outgoing') = (lotse_handover_side(h) = 'source')) "
    "AND ($4::text IS NULL OR h.status = $4) "
    "AND ($5::uuid IS NULL OR CASE lotse_handover_side(h) WHEN 'source' THEN h.case_id = $5::uuid "
    "  ELSE h.target_case_id = $5::uuid END) ORDER BY h.id LIMIT $2::int",
    5};

const db_stmt_t HANDOVER_RECORD = {
    "handover_record",
    "SELECT h.record::text AS record FROM handovers h WHERE h.id = $1::uuid "
    "AND h.target_network_id = lotse_network() AND h.status = 'pending' AND h.version = $2::int "
    "AND h.record IS NOT NULL AND (h.consent_until IS NULL OR h.consent_until > now()) FOR UPDATE",
    2};

const db_stmt_t HANDOVER_COPY = {
    "handover_copy",
    "WITH s AS (SELECT $2::jsonb AS p), "
    "a AS (INSERT INTO potential_analyses SELECT (jsonb_populate_record(NULL::potential_analyses, "
    "  s.p->'analysis' || jsonb_build_object('id', gen_random_uuid(), 'network_id', lotse_network(), "
    "  'case_id', $1::uuid, 'agency_id', lotse_agency(), 'created_by', $3::text, 'kind', 'intake', "
    "  'version', 1, 'created_at', now(), 'updated_at', now()))).* "
    "  FROM s WHERE jsonb_typeof(s.p->'analysis') = 'object' RETURNING id), "
    "g AS (INSERT INTO goals SELECT (jsonb_populate_record(NULL::goals, x || jsonb_build_object("
    "  'id', gen_random_uuid(), 'network_id', lotse_network(), 'case_id', $1::uuid, "
    "  'responsible_agency_id', lotse_agency(), 'created_by_agency', lotse_agency(), "
    "  'created_by', $3::text, 'record_key', lotse_record_key(), 'version', 1, "
    "  'created_at', now(), 'updated_at', now()))).* "
    "  FROM s, jsonb_array_elements(coalesce(s.p->'goals', '[]')) x RETURNING id) "
    "SELECT 'analysis' AS resource_type, id FROM a UNION ALL SELECT 'goal', id FROM g",
    3};

/* a decision of the receiving side on a pending handover */
/* the end of a pending handover on side `side` (the receiving side names itself) */
#define DECIDE(status, sets, side)                                                              \
    "UPDATE handovers AS h SET status = '" status "', " sets ", record = NULL, "               \
    "decided_at = now(), version = h.version + 1, updated_at = now() "                         \
    "WHERE h.id = $1::uuid AND h.status = 'pending' AND lotse_handover_side(h) = '" side "' "  \
    "RETURNING h.id, lotse_network() AS network_id, h.version, " WITH_RECORD " AS json"

const db_stmt_t HANDOVER_ACCEPT = {
    "handover_accept",
    DECIDE("accepted", "target_case_id = $2::uuid, decided_by = $3, target_agency_id = lotse_agency()",
           "target"), 3};

const db_stmt_t HANDOVER_DECLINE = {
    "handover_decline",
    DECIDE("declined", "reason = $2, decided_by = $3, target_agency_id = lotse_agency()", "target"), 3};

const db_stmt_t HANDOVER_WITHDRAW = {
    "handover_withdraw", DECIDE("withdrawn", "decided_by = $2", "source"), 2};

const db_stmt_t RECEIVING_NETWORK = {
    "receiving_network",
    "SELECT lotse_receiving_network($1, $2::uuid) AS id", 2};

const db_stmt_t HANDOVER_EXPIRE = {
    "handover_expire",
    "SELECT coalesce(sum(lotse_withdraw_handovers(NULL, x.consent_id, 'expiry')), 0) AS n "
    "FROM (SELECT DISTINCT h.consent_id FROM handovers h WHERE h.network_id = lotse_network() "
    "  AND h.status = 'pending' AND h.consent_until <= now()) x",
    0};
