/* events.c - SQL for the event feed; see events.h.  What an agency sees:
 * events of cases it sees (a revoked consent hides them), referrals and
 * conferences it takes part in, agreements it is party to, its own API
 * clients, and the network's agencies, municipalities, offers, barrier
 * codes and gaps. */
#include "events.h"

#define VISIBLE                                                                                 \
    "CASE WHEN e.case_id IS NOT NULL THEN lotse_sees(e.case_id, NULL) "                          \
    "WHEN e.resource_type = 'referral' THEN EXISTS (SELECT 1 FROM referrals x "                  \
    "  WHERE x.id = e.resource_id::uuid) "                                                       \
    "WHEN e.resource_type = 'conference' THEN EXISTS (SELECT 1 FROM conferences x "              \
    "  WHERE x.id = e.resource_id::uuid) "                                                       \
    "WHEN e.resource_type = 'decision' THEN EXISTS (SELECT 1 FROM conference_decisions x "       \
    "  WHERE x.id = e.resource_id::uuid) "                                                       \
    "WHEN e.resource_type = 'agreement' THEN EXISTS (SELECT 1 FROM agreement_parties x "         \
    "  WHERE x.agreement_id = e.resource_id::uuid AND x.agency_id = lotse_agency()) "            \
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
    "WHEN 'api_client' THEN '/v1/api-clients/' || e.resource_id END"

const db_stmt_t EVENT_FEED = {
    "event_feed",
    "SELECT e.txid::text || '.' || e.id AS key, json_build_object('id', e.id, 'type', e.type, "
    "'time', lotse_ts(e.created_at), 'resource_type', e.resource_type, "
    "'resource_id', e.resource_id, 'case_id', e.case_id, "
    "'case_reference', (SELECT k.reference FROM cases k WHERE k.id = e.case_id), "
    "'actor_agency', e.actor_agency, 'link', " LINK ")::text AS json "
    "FROM events e WHERE e.network_id = lotse_network() "
    "AND e.txid < pg_snapshot_xmin(pg_current_snapshot()) "
    "AND ($1::xid8 IS NULL OR (e.txid, e.id) > ($1::xid8, $2::bigint)) "
    "AND ($3::text[] IS NULL OR e.type = ANY($3::text[])) AND " VISIBLE " "
    "ORDER BY e.txid, e.id LIMIT $4::int",
    4};
