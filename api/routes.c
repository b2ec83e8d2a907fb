/* routes.c - the one route table.  Each row: method, path pattern, handler,
 * roles that may call it, the operation's kind (what the dispatcher
 * enforces: If-Match for update, action, delete) and its audit action
 * (NULL: no personal data; else every successful call leaves at least one
 * audit row in its transaction, written by the dispatcher when the handler
 * wrote none, and fails closed when none can be written).
 * openapi/openapi.yaml documents exactly these rows (tests/unit checks both
 * ways). */
#include "handlers.h"
#include "router.h"

#define NET ROLES_NETWORK
#define ADMIN ROLE_AGENCY_ADMIN
#define COORD ROLE_COORDINATOR
#define PLATFORM ROLE_PLATFORM_ADMIN
/* case routes: agencies' staff and systems; a coordinator only through its agency's consents */
#define CASE (ROLE_CASEWORKER | ROLE_AGENCY_ADMIN | ROLE_COORDINATOR)

static const route_t ROUTES[] = {
    {"GET", "/healthz", h_healthz, ROUTE_PUBLIC, OP_GET, NULL},
    {"GET", "/readyz", h_readyz, ROUTE_PUBLIC, OP_GET, NULL},
    {"GET", "/metrics", h_metrics, ROUTE_PUBLIC, OP_GET, NULL},
    {"GET", "/openapi.json", h_openapi, ROUTE_PUBLIC, OP_GET, NULL},
    {"GET", "/docs", h_docs, ROUTE_PUBLIC, OP_GET, NULL},
    {"GET", "/docs/redoc.standalone.js", h_docs_redoc, ROUTE_PUBLIC, OP_GET, NULL},

    {"POST", "/v1/oauth/token", h_token, ROUTE_PUBLIC, OP_CREATE, NULL},
    {"GET", "/v1/me", h_me, ROLES_ANY, OP_GET, NULL},
    {"GET", "/v1/vocabularies", h_vocabularies, ROLES_ANY, OP_GET, NULL},

    {"GET", "/v1/networks", h_networks_list, ROLES_ANY, OP_LIST, NULL},
    {"POST", "/v1/networks", h_networks_create, PLATFORM, OP_CREATE, NULL},
    {"GET", "/v1/networks/{id}", h_networks_get, ROLES_ANY, OP_GET, NULL},
    {"PATCH", "/v1/networks/{id}", h_networks_update, PLATFORM | COORD, OP_UPDATE, NULL},

    {"GET", "/v1/municipalities", h_municipalities_list, NET, OP_LIST, NULL},
    {"POST", "/v1/municipalities", h_municipalities_create, COORD, OP_CREATE, NULL},
    {"GET", "/v1/municipalities/{ags}", h_municipalities_get, NET, OP_GET, NULL},
    {"PATCH", "/v1/municipalities/{ags}", h_municipalities_update, COORD, OP_UPDATE, NULL},
    {"DELETE", "/v1/municipalities/{ags}", h_municipalities_delete, COORD, OP_DELETE, NULL},

    {"GET", "/v1/agencies", h_agencies_list, NET, OP_LIST, NULL},
    {"POST", "/v1/agencies", h_agencies_create, COORD, OP_CREATE, NULL},
    {"GET", "/v1/agencies/{id}", h_agencies_get, NET, OP_GET, NULL},
    {"PATCH", "/v1/agencies/{id}", h_agencies_update, COORD, OP_UPDATE, NULL},

    {"GET", "/v1/api-clients", h_clients_list, ADMIN, OP_LIST, NULL},
    {"POST", "/v1/api-clients", h_clients_create, ADMIN, OP_CREATE, NULL},
    {"GET", "/v1/api-clients/{id}", h_clients_get, ADMIN, OP_GET, NULL},
    {"PATCH", "/v1/api-clients/{id}", h_clients_update, ADMIN, OP_UPDATE, NULL},
    {"POST", "/v1/api-clients/{id}/rotate-secret", h_clients_rotate, ADMIN, OP_ACTION, NULL},
    {"POST", "/v1/api-clients/{id}/revoke", h_clients_revoke, ADMIN, OP_ACTION, NULL},

    {"GET", "/v1/cases", h_cases_list, CASE, OP_LIST, "case.list"},
    {"POST", "/v1/cases", h_cases_create, CASE, OP_CREATE, "case.create"},
    {"GET", "/v1/cases/{id}", h_cases_get, CASE, OP_GET, "case.read"},
    {"PATCH", "/v1/cases/{id}", h_cases_update, CASE, OP_UPDATE, "case.update"},
    {"POST", "/v1/cases/{id}/activate", h_cases_activate, CASE, OP_ACTION, "case.status"},
    {"POST", "/v1/cases/{id}/hold", h_cases_hold, CASE, OP_ACTION, "case.status"},
    {"POST", "/v1/cases/{id}/close", h_cases_close, CASE, OP_ACTION, "case.status"},
    {"POST", "/v1/cases/{id}/reopen", h_cases_reopen, CASE, OP_ACTION, "case.status"},
    {"POST", "/v1/cases/{id}/transfer", h_cases_transfer, CASE, OP_ACTION, "case.transfer"},
    {"GET", "/v1/cases/{id}/export", h_cases_export, CASE, OP_GET, "case.export"},
    {"POST", "/v1/cases/{id}/anonymize", h_cases_anonymize, CASE, OP_ACTION, "case.anonymize"},

    {"GET", "/v1/cases/{id}/consents", h_consents_list, CASE, OP_LIST, "consent.list"},
    {"POST", "/v1/cases/{id}/consents", h_consents_create, CASE, OP_CREATE, "consent.grant"},
    {"POST", "/v1/cases/{id}/consents/{consent_id}/revoke", h_consents_revoke, CASE, OP_ACTION, "consent.revoke"},

    {"GET", "/v1/cases/{id}/analyses", h_analyses_list, CASE, OP_LIST, "analysis.list"},
    {"POST", "/v1/cases/{id}/analyses", h_analyses_create, CASE, OP_CREATE, "analysis.create"},
    {"GET", "/v1/cases/{id}/analyses/{analysis_id}", h_analyses_get, CASE, OP_GET, "analysis.read"},
    {"PATCH", "/v1/cases/{id}/analyses/{analysis_id}", h_analyses_update, CASE, OP_UPDATE, "analysis.update"},

    {"GET", "/v1/cases/{id}/barriers", h_barriers_list, CASE, OP_LIST, "barrier.list"},
    {"POST", "/v1/cases/{id}/barriers", h_barriers_create, CASE, OP_CREATE, "barrier.create"},
    {"GET", "/v1/cases/{id}/barriers/{barrier_id}", h_barriers_get, CASE, OP_GET, "barrier.read"},
    {"GET", "/v1/cases/{id}/goals", h_goals_list, CASE, OP_LIST, "goal.list"},
    {"POST", "/v1/cases/{id}/goals", h_goals_create, CASE, OP_CREATE, "goal.create"},
    {"GET", "/v1/cases/{id}/goals/{goal_id}", h_goals_get, CASE, OP_GET, "goal.read"},
    {"PATCH", "/v1/cases/{id}/goals/{goal_id}", h_goals_update, CASE, OP_UPDATE, "goal.update"},

    {"GET", "/v1/cases/{id}/journal", h_journal_list, CASE, OP_LIST, "journal.list"},
    {"POST", "/v1/cases/{id}/journal", h_journal_create, CASE, OP_CREATE, "journal.create"},
    {"GET", "/v1/cases/{id}/journal/{entry_id}", h_journal_get, CASE, OP_GET, "journal.read"},
    {"PATCH", "/v1/cases/{id}/journal/{entry_id}", h_journal_correct, CASE, OP_UPDATE, "journal.correct"},

    {"GET", "/v1/agreements", h_agreements_list, NET, OP_LIST, NULL},
    {"POST", "/v1/agreements", h_agreements_create, COORD | ADMIN, OP_CREATE, NULL},
    {"GET", "/v1/agreements/{id}", h_agreements_get, NET, OP_GET, NULL},
    {"PATCH", "/v1/agreements/{id}", h_agreements_update, COORD | ADMIN, OP_UPDATE, NULL},
    {"POST", "/v1/agreements/{id}/signatures", h_agreements_sign, ADMIN, OP_ACTION, NULL},
    {"POST", "/v1/agreements/{id}/terminate", h_agreements_terminate, COORD | ADMIN, OP_ACTION, NULL},
    {"POST", "/v1/agreements/{id}/supersede", h_agreements_supersede, COORD | ADMIN, OP_ACTION, NULL},

    {"GET", "/v1/referrals", h_referrals_list, CASE, OP_LIST, "referral.list"},
    {"POST", "/v1/referrals", h_referrals_create, CASE, OP_CREATE, "referral.create"},
    {"GET", "/v1/referrals/{id}", h_referrals_get, CASE, OP_GET, "referral.read"},
    {"POST", "/v1/referrals/{id}/accept", h_referrals_accept, CASE, OP_ACTION, "referral.status"},
    {"POST", "/v1/referrals/{id}/decline", h_referrals_decline, CASE, OP_ACTION, "referral.status"},
    {"POST", "/v1/referrals/{id}/withdraw", h_referrals_withdraw, CASE, OP_ACTION, "referral.status"},
    {"POST", "/v1/referrals/{id}/complete", h_referrals_complete, CASE, OP_ACTION, "referral.status"},

    {"GET", "/v1/offers", h_offers_list, NET, OP_LIST, NULL},
    {"POST", "/v1/offers", h_offers_create, ADMIN, OP_CREATE, NULL},
    {"GET", "/v1/offers/{id}", h_offers_get, NET, OP_GET, NULL},
    {"PATCH", "/v1/offers/{id}", h_offers_update, ADMIN, OP_UPDATE, NULL},
    {"DELETE", "/v1/offers/{id}", h_offers_delete, ADMIN, OP_DELETE, NULL},
    {"GET", "/v1/public/networks/{code}/offers", h_public_offers, ROUTE_PUBLIC, OP_LIST, NULL},

    {"GET", "/v1/conferences", h_conferences_list, CASE, OP_LIST, "conference.list"},
    {"POST", "/v1/conferences", h_conferences_create, CASE, OP_CREATE, "conference.create"},
    {"GET", "/v1/conferences/{id}", h_conferences_get, CASE, OP_GET, "conference.read"},
    {"GET", "/v1/conferences/{id}/calendar.ics", h_conference_ics, CASE, OP_GET, "conference.calendar"},
    {"POST", "/v1/conferences/{id}/answer", h_conferences_answer, CASE, OP_ACTION, "conference.answer"},
    {"POST", "/v1/conferences/{id}/reschedule", h_conferences_reschedule, CASE, OP_ACTION, "conference.reschedule"},
    {"POST", "/v1/conferences/{id}/cancel", h_conferences_cancel, CASE, OP_ACTION, "conference.cancel"},
    {"POST", "/v1/conferences/{id}/held", h_conferences_hold, CASE, OP_ACTION, "conference.held"},
    {"PATCH", "/v1/conferences/{id}/minutes", h_conferences_minutes, CASE, OP_UPDATE, "conference.minutes"},
    {"PATCH", "/v1/conferences/{id}/decisions/{decision_id}", h_decisions_update, CASE, OP_UPDATE, "decision.update"},
    {"GET", "/v1/action-items", h_action_items, CASE, OP_LIST, "decision.list"},
    {"GET", "/v1/agencies/{id}/conferences.ics", h_agency_calendar, CASE, OP_GET, "conference.calendar"},

    {"GET", "/v1/networks/{id}/statistics", h_network_statistics, COORD | ROLE_MINISTRY, OP_GET, NULL},
    {"GET", "/v1/statistics", h_state_statistics, ROLE_MINISTRY, OP_GET, NULL},

    {"GET", "/v1/barrier-codes", h_barrier_codes_list, NET, OP_LIST, NULL},
    {"POST", "/v1/barrier-codes", h_barrier_codes_create, COORD, OP_CREATE, NULL},
    {"GET", "/v1/networks/{id}/barrier-register", h_barrier_register, COORD, OP_GET, NULL},
    {"GET", "/v1/gaps", h_gaps_list, NET, OP_LIST, NULL},
    {"POST", "/v1/gaps", h_gaps_create, COORD, OP_CREATE, NULL},
    {"GET", "/v1/gaps/{id}", h_gaps_get, NET, OP_GET, NULL},
    {"PATCH", "/v1/gaps/{id}", h_gaps_update, COORD, OP_UPDATE, NULL},
    {"POST", "/v1/gaps/{id}/start", h_gaps_start, COORD, OP_ACTION, NULL},
    {"POST", "/v1/gaps/{id}/resolve", h_gaps_resolve, COORD, OP_ACTION, NULL},
    {"POST", "/v1/gaps/{id}/accept-as-is", h_gaps_accept, COORD, OP_ACTION, NULL},
    {"POST", "/v1/gaps/{id}/measures", h_gaps_measure_add, COORD, OP_CREATE, NULL},

    {"GET", "/v1/events", h_events_list, NET, OP_LIST, NULL},
    {"GET", "/v1/webhooks", h_webhooks_list, ADMIN, OP_LIST, NULL},
    {"POST", "/v1/webhooks", h_webhooks_create, ADMIN, OP_CREATE, NULL},
    {"GET", "/v1/webhooks/{id}", h_webhooks_get, ADMIN, OP_GET, NULL},
    {"PATCH", "/v1/webhooks/{id}", h_webhooks_update, ADMIN, OP_UPDATE, NULL},
    {"DELETE", "/v1/webhooks/{id}", h_webhooks_delete, ADMIN, OP_DELETE, NULL},
    {"GET", "/v1/webhooks/{id}/deliveries", h_webhook_deliveries, ADMIN, OP_LIST, NULL},
    {"POST", "/v1/webhooks/{id}/deliveries/{delivery_id}/replay", h_webhook_replay, ADMIN, OP_ACTION, NULL},

    {"GET", "/v1/audit", h_audit_list, ROLE_AUDITOR, OP_LIST, NULL},
};

const route_t *routes_table(size_t *n)
{
    *n = sizeof ROUTES / sizeof ROUTES[0];
    return ROUTES;
}
