/* events.c - SQL for the event feed; see events.h.  What an agency sees
 * (now, so a revoked consent hides them): events of referrals and
 * conferences it takes part in, consent events of cases it leads and of
 * consents in force that name it (not who else holds one), events
 * of other objects of cases it sees with the event's category (migration
 * 0018), agreements it is party to, its own API clients, and the network's
 * agencies, municipalities, offers, barrier codes and gaps. */
#include "events.h"

#define VISIBLE                                                                                 \
    "CASE WHEN e.resource_type = 'referral' THEN EXISTS (SELECT 1 FROM referrals x "             \
    "  WHERE x.id = e.resource_id::uuid "                                                        \
    "  AND (x.from_agency_id = lotse_agency() OR x.to_agency_id = lotse_agency())) "             \
    "WHEN e.resource_type = 'conference' THEN EXISTS (SELECT 1 FROM conferences x "              \
    "  WHERE x.id = e.resource_id::uuid) "                                                       \
    "  AND (e.category IS NULL OR lotse_sees(e.case_id, e.category)) "                           \
    "WHEN e.resource_type = 'decision' THEN EXISTS (SELECT 1 FROM conference_decisions x "       \
    "  WHERE x.id = e.resource_id::uuid) AND lotse_sees(e.case_id, e.category) "                 \
    "WHEN e.resource_type = 'consent' THEN EXISTS (SELECT 1 FROM cases c "                       \
    "  WHERE c.id = e.case_id AND c.lead_agency_id = lotse_agency()) "                           \
    "  OR EXISTS (SELECT 1 FROM consents k WHERE k.id = e.resource_id::uuid "                    \
    "  AND lotse_consent_in_force(k, lotse_agency())) "                                          \
    "WHEN e.case_id IS NOT NULL THEN lotse_sees(e.case_id, e.category) "                         \
    "WHEN e.resource_type = 'agreement' THEN EXISTS (SELECT 1 FROM agreement_parties x "         \
    "  WHERE x.agreement_id = e.resource_id::uuid AND x.agency_id = lotse_agency()) "            \
    "WHEN e.resource_type = 'webhook' THEN EXISTS (SELECT 1 FROM webhook_subscriptions x "       \
    "  WHERE x.id = e.resource_id::uuid AND x.agency_id = lotse_agency()) "                      \
    "WHEN e.resource_type = 'webhook_delivery' THEN EXISTS (SELECT 1 FROM webhook_deliveries d "  \
    "  JOIN webhook_subscriptions x ON x.id = d.subscription_id "                                \
    "  WHERE d.id = e.resource_id::uuid AND x.agency_id = lotse_agency()) "                      \
    "WHEN e.resource_type = 'api_client' THEN EXISTS (SELECT 1 FROM api_clients x "              \
    "  WHERE x.id = e.resource_id::uuid AND x.agency_id = lotse_agency()) "                      \
    "ELSE e.resource_type IN ('agency', 'municipality', 'network', 'offer', 'gap', 'barrier_code') END"

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
    "SELECT e.txid::text || '.' || e.id AS key, " EVENT_JSON "::text AS json "
    "FROM events e WHERE e.network_id = lotse_network() "
    "AND e.txid < pg_snapshot_xmin(pg_current_snapshot()) "
    "AND ($1::xid8 IS NULL OR (e.txid, e.id) > ($1::xid8, $2::bigint)) "
    "AND ($3::text[] IS NULL OR e.type = ANY($3::text[])) AND " VISIBLE " "
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
    "  WHERE (cardinality(s.event_types) = 0 OR e.type = ANY(s.event_types)) AND " VISIBLE " "
    "  ON CONFLICT DO NOTHING RETURNING 1), "
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
