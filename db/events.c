/* events.c - SQL for the event feed and the webhook fan-out; see events.h
 * (EVENT_VISIBLE: what an agency sees). */
#include "events.h"

#define LINK                                                                                    \
    "CASE e.resource_type WHEN 'case' THEN '/v1/cases/' || e.resource_id "                       \
    "WHEN 'consent' THEN '/v1/cases/' || e.case_id || '/consents' "                              \
    "WHEN 'analysis' THEN '/v1/cases/' || e.case_id || '/analyses/' || e.resource_id "           \
    "WHEN 'goal' THEN '/v1/cases/' || e.case_id || '/goals/' || e.resource_id "                  \
    "WHEN 'journal_entry' THEN '/v1/cases/' || e.case_id || '/journal/' || e.resource_id "       \
    "WHEN 'barrier' THEN '/v1/cases/' || e.case_id || '/barriers/' || e.resource_id "            \
    "WHEN 'gap' THEN '/v1/gaps/' || e.resource_id "                                              \
    "WHEN 'barrier_code' THEN '/v1/barrier-codes' "                                              \
    "WHEN 'referral' THEN '/v1/referrals/' || e.resource_id "                                     \
    "WHEN 'handover' THEN '/v1/handovers/' || e.resource_id "                                     \
    "WHEN 'person_link' THEN '/v1/cases/' || e.case_id || '/person-links' "                       \
    "WHEN 'household' THEN '/v1/households/' || e.resource_id "                                    \
    "WHEN 'import' THEN '/v1/imports/' || e.resource_id "                                         \
    "WHEN 'case_assignment' THEN '/v1/cases/' || e.case_id || '/assignments' "                 \
    "WHEN 'calendar_feed' THEN '/v1/calendar-feeds' "                                          \
    "WHEN 'task' THEN '/v1/cases/' || e.case_id || '/tasks/' || e.resource_id "                  \
    "WHEN 'document' THEN '/v1/cases/' || e.case_id || '/documents/' || e.resource_id "          \
    "WHEN 'agreement' THEN '/v1/agreements/' || e.resource_id "                                  \
    "WHEN 'conference' THEN '/v1/conferences/' || e.resource_id "                                \
    "WHEN 'offer' THEN '/v1/offers/' || e.resource_id "                                          \
    "WHEN 'agency' THEN '/v1/agencies/' || e.resource_id "                                       \
    "WHEN 'municipality' THEN '/v1/municipalities/' || e.resource_id "                           \
    "WHEN 'network' THEN '/v1/networks/' || e.resource_id "                                      \
    "WHEN 'webhook' THEN '/v1/webhooks/' || e.resource_id "                                      \
    "WHEN 'api_client' THEN '/v1/api-clients/' || e.resource_id END"

#define EVENT_JSON                                                                              \
    "json_build_object('id', e.id, 'type', e.type, "                                              \
    "'time', lotse_ts(e.created_at), 'resource_type', e.resource_type, "                         \
    "'resource_id', e.resource_id, 'case_id', e.case_id, 'category', e.category, "                                       \
    "'case_reference', (SELECT k.reference FROM cases k WHERE k.id = e.case_id), "               \
    "'actor_agency', e.actor_agency, 'link', " LINK ")"

const db_stmt_t EVENT_FEED = {
    "event_feed",
    "SELECT e.txid::text || '.' || e.id AS key, e.case_id, " EVENT_JSON "::text AS json "
    "FROM events e WHERE e.network_id = lotse_network() "
    "AND e.txid < pg_snapshot_xmin(pg_current_snapshot()) "
    "AND ($1::xid8 IS NULL OR (e.txid, e.id) > ($1::xid8, $2::bigint)) "
    "AND ($3::text[] IS NULL OR e.type = ANY($3::text[])) AND " EVENT_VISIBLE " "
    "ORDER BY e.txid, e.id LIMIT $4::int",
    4};

const db_stmt_t WEBHOOK_FANOUT = {
    "webhook_fanout",
    "WITH s AS (SELECT * FROM webhook_subscriptions WHERE id = $1::uuid AND status = 'active' "
    "  AND network_id = lotse_network() FOR UPDATE SKIP LOCKED), "
    "ev AS (SELECT e.* FROM events e, s WHERE e.network_id = s.network_id "
    "  AND (e.txid, e.id) > (s.cursor_txid, s.cursor_id) "
    "  AND e.txid < pg_snapshot_xmin(pg_current_snapshot()) ORDER BY e.txid, e.id LIMIT 500), "
    "ins AS (INSERT INTO webhook_deliveries (network_id, subscription_id, event_id, payload) "
    "  SELECT s.network_id, s.id, e.id, json_build_object('type', e.type, "
    "  'timestamp', lotse_ts(e.created_at), 'data', " EVENT_JSON ")::text FROM ev e, s "
    "  WHERE (cardinality(s.event_types) = 0 OR e.type = ANY(s.event_types)) AND " EVENT_VISIBLE " "
    "  ON CONFLICT DO NOTHING RETURNING event_id), "
    /* handing events of cases to a partner system is an access: one audit row per fan-out */
    "aud AS (INSERT INTO audit_log (network_id, request_id, actor_sub, actor_agency, action, "
    "  case_ids, categories, outcome) SELECT s.network_id, 'webhooks', 'webhook:' || s.id, s.agency_id, "
    "  'webhook.deliver', array_agg(DISTINCT e.case_id), "
    "  array_remove(array_agg(DISTINCT e.category), NULL), 'success' "
    "  FROM ins JOIN ev e ON e.id = ins.event_id, s WHERE e.case_id IS NOT NULL "
    "  GROUP BY s.network_id, s.id, s.agency_id), "
    "last AS (SELECT txid, id FROM ev ORDER BY txid DESC, id DESC LIMIT 1) "
    "UPDATE webhook_subscriptions w SET cursor_txid = last.txid, cursor_id = last.id "
    "FROM last, s WHERE w.id = s.id RETURNING (SELECT count(*) FROM ins) AS delivered, "
    "(SELECT count(*) FROM ev) AS read",
    1};

const db_stmt_t EVENT_INSERT = {
    "event_insert",
    "INSERT INTO events (network_id, type, resource_type, resource_id, actor_sub, "
    "actor_agency, request_id, case_id) VALUES (coalesce($1::uuid, lotse_network()), $2, $3, $4, "
    "$5, nullif($6, '')::uuid, $7, $8::uuid)",
    8};
