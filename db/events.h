/* events.h - SQL for the event feed. */
#ifndef LOTSE_DB_EVENTS_H
#define LOTSE_DB_EVENTS_H
#include "db.h"

/* Whether the caller's agency may see event e now (SQL condition): events
 * of referrals, conferences and handovers it takes part in (row-level
 * security: a handover's parties, migration 0036), of person links between
 * two cases it sees with identity (0037), of household members it sees
 * with identity (0038), consent events of cases
 * it leads and of consents in force that name it, events of other objects
 * of cases it sees with the event's category (migration 0018), agreements
 * it is party to, its own API clients and webhooks, and the network's
 * agencies, municipalities, offers, barrier codes and gaps.  The feed, the
 * webhook fan-out and a delivery's replay use this one rule. */
#define EVENT_VISIBLE                                                                                 \
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
    "  AND lotse_consent_in_force(k, lotse_agency())) AND lotse_staff_sees(e.case_id) "          \
    "WHEN e.resource_type = 'handover' THEN EXISTS (SELECT 1 FROM handovers x "                  \
    "  WHERE x.id = e.resource_id::uuid) "                                                       \
    "WHEN e.resource_type = 'person_link' THEN EXISTS (SELECT 1 FROM person_links x "            \
    "  WHERE x.id = e.resource_id::uuid) "                                                       \
    "WHEN e.resource_type = 'household' THEN lotse_sees(e.case_id, 'identity') "                 \
    "WHEN e.resource_type = 'import' THEN EXISTS (SELECT 1 FROM import_jobs x "                  \
    "  WHERE x.id = e.resource_id::uuid) "                                                       \
    "WHEN e.resource_type = 'assignment_transfer' THEN e.actor_agency = lotse_agency() "        \
    "WHEN e.resource_type = 'case_assignment' THEN e.actor_agency = lotse_agency() "             \
    "  AND lotse_sees(e.case_id, NULL) "                                                          \
    "WHEN e.resource_type = 'calendar_feed' THEN EXISTS (SELECT 1 FROM calendar_feeds x "        \
    "  WHERE x.id = e.resource_id::uuid) "                                                       \
    "WHEN e.resource_type = 'task' THEN EXISTS (SELECT 1 FROM tasks x "                          \
    "  WHERE x.id = e.resource_id::uuid) "                                                       \
    "WHEN e.resource_type = 'document' THEN EXISTS (SELECT 1 FROM documents x "                  \
    "  WHERE x.id = e.resource_id::uuid) OR (e.type = 'document.removed' "                       \
    "  AND lotse_sees(e.case_id, NULL) AND (e.actor_agency = lotse_agency() OR EXISTS (SELECT 1 " \
    "  FROM cases c WHERE c.id = e.case_id AND c.lead_agency_id = lotse_agency()))) "             \
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


/* Events the caller may see, in commit order: only those of transactions
 * older than every transaction still running, so a later commit can
 * never land behind the cursor.  $1 after txid, $2 after id, $3 types
 * (text[] literal) or NULL, $4 limit+1: key ("txid.id"), json */
extern const db_stmt_t EVENT_FEED;
/* $1 network (NULL: the caller's), $2 type, $3 resource type, $4 resource id,
 * $5 actor sub, $6 actor agency ('' none), $7 request id, $8 case id */
extern const db_stmt_t EVENT_INSERT;
/* In the subscription's agency context: $1 subscription.  Turns the next
 * events after its cursor (at most 500, same order and visibility as the
 * feed, of its event types) into pending deliveries with their signed
 * body fixed, records one audit row (webhook.deliver, actor
 * "webhook:<subscription>") naming the cases and categories of those
 * events, and moves the cursor: delivered, read (counts); no row when
 * there was nothing new or another instance holds the subscription. */
extern const db_stmt_t WEBHOOK_FANOUT;
#endif
