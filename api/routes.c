/* routes.c - the one operation table.  Each row declares what the
 * dispatcher enforces, so a new route cannot forget a rule:
 *   method, path pattern, handler;
 *   roles that may call it (403 for others);
 *   kind: update, action and delete require If-Match (428 without, 412
 *     stale); every POST honours Idempotency-Key;
 *   audit action (NULL: no personal data; else every successful call leaves
 *     at least one audit row in its transaction, written by the dispatcher
 *     when the handler wrote none, and fails closed with 503 when none can
 *     be written);
 *   scope: whose data it touches; for one case, where the case is named,
 *     the categories the caller's consent must cover and whether only the
 *     lead agency may call (404 for a case the caller does not see, 403 for
 *     a category it lacks), checked before the handler runs, replays too;
 *     an anonymized case takes no change but those marked ANONYMIZED (409);
 *   events it may append (the first is its own; any other fails closed).
 * openapi/openapi.yaml documents exactly these rows (tests/unit checks both
 * ways, and the rules between the columns). */
#include "handlers.h"
#include "router.h"

#define NET ROLES_NETWORK
#define ADMIN ROLE_AGENCY_ADMIN
#define COORD ROLE_COORDINATOR
#define PLATFORM ROLE_PLATFORM_ADMIN
/* case routes: agencies' staff and systems; a coordinator only through its agency's consents */
#define CASE (ROLE_CASEWORKER | ROLE_AGENCY_ADMIN | ROLE_COORDINATOR)

/* scopes */
#define PUBLIC {SCOPE_PUBLIC, CASE_IN_PATH, 0, 0, 0}
#define ANYONE {SCOPE_PRINCIPAL, CASE_IN_PATH, 0, 0, 0}
#define NETWORK {SCOPE_NETWORK, CASE_IN_PATH, 0, 0, 0}
#define AGENCY {SCOPE_AGENCY, CASE_IN_PATH, 0, 0, 0}
#define ROWS {SCOPE_CASE_ROWS, CASE_IN_PATH, 0, 0, 0}
/* rows showing at most these categories of each case (what the audit row records) */
#define ROWS_SHOWING(cats) {SCOPE_CASE_ROWS, CASE_IN_PATH, cats, 0, 0}
#define ONE_CASE(from, cats) {SCOPE_CASE, from, cats, 0, 0}
#define LEAD_CASE(from, cats) {SCOPE_CASE, from, cats, 1, 0}
/* handovers between networks: the caller's agency is a party (api/handovers.h) */
#define HANDOVER {SCOPE_HANDOVER, CASE_IN_PATH, 0, 0, 0}
/* a calendar feed's secret URL: acts as the feed's agency, showing at most identity (references) */
#define FEED {SCOPE_FEED, CASE_IN_PATH, CAT_IDENTITY, 0, 0}
/* a change the lead may still make to an anonymized case (anonymizing again, revoking) */
#define LEAD_CASE_ANONYMIZED(from, cats) {SCOPE_CASE, from, cats, 1, 1}

static const route_t ROUTES[] = {
    {"GET", "/healthz", h_healthz, ROUTE_PUBLIC, OP_GET, NULL,
     PUBLIC, NULL},
    {"GET", "/readyz", h_readyz, ROUTE_PUBLIC, OP_GET, NULL,
     PUBLIC, NULL},
    {"GET", "/metrics", h_metrics, ROUTE_PUBLIC, OP_GET, NULL,
     PUBLIC, NULL},
    {"GET", "/openapi.json", h_openapi, ROUTE_PUBLIC, OP_GET, NULL,
     PUBLIC, NULL},
    {"GET", "/docs", h_docs, ROUTE_PUBLIC, OP_GET, NULL,
     PUBLIC, NULL},
    {"GET", "/docs/redoc.standalone.js", h_docs_redoc, ROUTE_PUBLIC, OP_GET, NULL,
     PUBLIC, NULL},

    {"POST", "/v1/oauth/token", h_token, ROUTE_PUBLIC, OP_CREATE, NULL,
     PUBLIC, NULL},
    {"GET", "/v1/me", h_me, ROLES_ANY, OP_GET, NULL,
     ANYONE, NULL},
    {"GET", "/v1/vocabularies", h_vocabularies, ROLES_ANY, OP_GET, NULL,
     ANYONE, NULL},

    {"GET", "/v1/networks", h_networks_list, ROLES_ANY, OP_LIST, NULL,
     ANYONE, NULL},
    {"POST", "/v1/networks", h_networks_create, PLATFORM, OP_CREATE, NULL,
     ANYONE, "network.created agency.created api_client.created"},
    {"GET", "/v1/networks/{id}", h_networks_get, ROLES_ANY, OP_GET, NULL,
     ANYONE, NULL},
    {"PATCH", "/v1/networks/{id}", h_networks_update, PLATFORM | COORD, OP_UPDATE, NULL,
     ANYONE, "network.updated"},

    {"GET", "/v1/municipalities", h_municipalities_list, NET, OP_LIST, NULL,
     NETWORK, NULL},
    {"POST", "/v1/municipalities", h_municipalities_create, COORD, OP_CREATE, NULL,
     NETWORK, "municipality.created"},
    {"GET", "/v1/municipalities/{ags}", h_municipalities_get, NET, OP_GET, NULL,
     NETWORK, NULL},
    {"PATCH", "/v1/municipalities/{ags}", h_municipalities_update, COORD, OP_UPDATE, NULL,
     NETWORK, "municipality.updated"},
    {"DELETE", "/v1/municipalities/{ags}", h_municipalities_delete, COORD, OP_DELETE, NULL,
     NETWORK, "municipality.deleted"},

    {"GET", "/v1/agencies", h_agencies_list, NET, OP_LIST, NULL,
     NETWORK, NULL},
    {"POST", "/v1/agencies", h_agencies_create, COORD, OP_CREATE, NULL,
     NETWORK, "agency.created"},
    {"GET", "/v1/agencies/{id}", h_agencies_get, NET, OP_GET, NULL,
     NETWORK, NULL},
    {"PATCH", "/v1/agencies/{id}", h_agencies_update, COORD, OP_UPDATE, NULL,
     NETWORK, "agency.updated"},

    /* an agency's choice that its people see only the cases assigned to them (migration 0043) */
    {"PATCH", "/v1/agencies/{id}/settings", h_agency_settings, ADMIN, OP_UPDATE, NULL,
     AGENCY, "agency.updated"},
    /* all of one person's cases to another, when they leave: names every case moved */
    {"POST", "/v1/assignment-transfers", h_assignments_transfer, ADMIN, OP_CREATE, "case.reassign",
     AGENCY, "assignment.transferred"},

    {"GET", "/v1/api-clients", h_clients_list, ADMIN, OP_LIST, NULL,
     AGENCY, NULL},
    {"POST", "/v1/api-clients", h_clients_create, ADMIN, OP_CREATE, NULL,
     AGENCY, "api_client.created"},
    {"GET", "/v1/api-clients/{id}", h_clients_get, ADMIN, OP_GET, NULL,
     AGENCY, NULL},
    {"PATCH", "/v1/api-clients/{id}", h_clients_update, ADMIN, OP_UPDATE, NULL,
     AGENCY, "api_client.updated"},
    {"POST", "/v1/api-clients/{id}/rotate-secret", h_clients_rotate, ADMIN, OP_ACTION, NULL,
     AGENCY, "api_client.secret_rotated"},
    {"POST", "/v1/api-clients/{id}/revoke", h_clients_revoke, ADMIN, OP_ACTION, NULL,
     AGENCY, "api_client.revoked"},

    {"GET", "/v1/cases", h_cases_list, CASE, OP_LIST, "case.list",
     ROWS, NULL},
    {"GET", "/v1/person-search", h_person_search, CASE, OP_LIST, "case.search",
     ROWS_SHOWING(CAT_IDENTITY), NULL},
    {"POST", "/v1/cases", h_cases_create, CASE, OP_CREATE, "case.create",
     AGENCY, "case.created"},
    /* the hot read: row-level security selects the case, one statement shows only the
     * consented categories and writes the audit row (h_cases_get) */
    /* bulk import: a job per upload, each line made as POST /v1/cases makes a case; the worker
     * audits each batch naming its cases; the report shows lines of cases the caller sees */
    {"POST", "/v1/imports", h_imports_create, CASE, OP_UPLOAD, NULL,
     AGENCY, "import.created"},
    {"GET", "/v1/imports/{id}", h_imports_get, CASE, OP_GET, NULL,
     AGENCY, NULL},
    {"GET", "/v1/imports/{id}/lines", h_imports_lines, CASE, OP_LIST, "case.import_report",
     ROWS_SHOWING(CAT_IDENTITY), NULL},
    {"GET", "/v1/cases/{id}", h_cases_get, CASE, OP_GET, "case.read",
     ROWS, NULL},
    {"PATCH", "/v1/cases/{id}", h_cases_update, CASE, OP_UPDATE, "case.update",
     ONE_CASE(CASE_IN_PATH, 0), "case.updated"},
    {"POST", "/v1/cases/{id}/activate", h_cases_activate, CASE, OP_ACTION, "case.status",
     LEAD_CASE(CASE_IN_PATH, 0), "case.status_changed"},
    {"POST", "/v1/cases/{id}/hold", h_cases_hold, CASE, OP_ACTION, "case.status",
     LEAD_CASE(CASE_IN_PATH, 0), "case.status_changed"},
    {"POST", "/v1/cases/{id}/close", h_cases_close, CASE, OP_ACTION, "case.status",
     LEAD_CASE(CASE_IN_PATH, 0), "case.status_changed"},
    {"POST", "/v1/cases/{id}/reopen", h_cases_reopen, CASE, OP_ACTION, "case.status",
     LEAD_CASE(CASE_IN_PATH, 0), "case.status_changed"},
    {"POST", "/v1/cases/{id}/transfer", h_cases_transfer, CASE, OP_ACTION, "case.transfer",
     LEAD_CASE(CASE_IN_PATH, 0), "case.transferred referral.withdrawn"},
    {"GET", "/v1/cases/{id}/export", h_cases_export, CASE, OP_GET, "case.export",
     LEAD_CASE(CASE_IN_PATH, CAT_ALL), NULL},
    {"POST", "/v1/cases/{id}/anonymize", h_cases_anonymize, CASE, OP_ACTION, "case.anonymize",
     LEAD_CASE_ANONYMIZED(CASE_IN_PATH, CAT_ALL), "case.anonymized"},

    {"GET", "/v1/cases/{id}/consents", h_consents_list, CASE, OP_LIST, "consent.list",
     LEAD_CASE(CASE_IN_PATH, 0), NULL},
    {"POST", "/v1/cases/{id}/consents", h_consents_create, CASE, OP_CREATE, "consent.grant",
     LEAD_CASE(CASE_IN_PATH, 0), "consent.granted"},
    {"POST", "/v1/cases/{id}/consents/{consent_id}/revoke", h_consents_revoke, CASE, OP_ACTION, "consent.revoke",
     LEAD_CASE_ANONYMIZED(CASE_IN_PATH, 0), "consent.revoked referral.withdrawn"},

    {"GET", "/v1/cases/{id}/person-links", h_person_links_list, CASE, OP_LIST, "person_link.list",
     ONE_CASE(CASE_IN_PATH, CAT_IDENTITY), NULL},
    {"POST", "/v1/cases/{id}/person-links", h_person_links_create, CASE, OP_CREATE, "person_link.create",
     ONE_CASE(CASE_IN_PATH, CAT_IDENTITY), "person_link.created"},
    {"DELETE", "/v1/cases/{id}/person-links/{link_id}", h_person_links_remove, CASE, OP_DELETE, "person_link.remove",
     ONE_CASE(CASE_IN_PATH, CAT_IDENTITY), "person_link.removed"},
    {"GET", "/v1/cases/{id}/household", h_case_household, CASE, OP_GET, "household.read",
     ONE_CASE(CASE_IN_PATH, CAT_IDENTITY), NULL},
    {"DELETE", "/v1/cases/{id}/household", h_case_household_leave, CASE, OP_DELETE, "household.leave",
     ONE_CASE(CASE_IN_PATH, CAT_IDENTITY), "household.member_removed"},
    /* households: each member shown only to agencies that see its case with identity */
    {"POST", "/v1/households", h_households_create, CASE, OP_CREATE, "household.create",
     ONE_CASE(CASE_IN_BODY, CAT_IDENTITY), "household.created"},
    {"GET", "/v1/households/{id}", h_households_get, CASE, OP_GET, "household.read",
     ROWS_SHOWING(CAT_IDENTITY | CAT_RESIDENCE | CAT_PLAN), NULL},
    {"POST", "/v1/households/{id}/members", h_households_add, CASE, OP_CREATE, "household.add",
     ONE_CASE(CASE_IN_BODY, CAT_IDENTITY), "household.member_added"},
    /* the coordination office's candidate pairs: references only, among the cases it sees */
    {"GET", "/v1/duplicate-candidates", h_duplicate_candidates, COORD, OP_LIST, "case.duplicates",
     ROWS_SHOWING(CAT_IDENTITY), NULL},

    {"POST", "/v1/cases/{id}/handovers", h_handovers_offer, CASE, OP_CREATE, "handover.offer",
     LEAD_CASE(CASE_IN_PATH, 0), "handover.offered"},
    {"GET", "/v1/handovers", h_handovers_list, CASE, OP_LIST, "handover.list",
     HANDOVER, NULL},
    {"GET", "/v1/handovers/{id}", h_handovers_get, CASE, OP_GET, "handover.read",
     HANDOVER, NULL},
    {"POST", "/v1/handovers/{id}/accept", h_handovers_accept, CASE, OP_ACTION, "handover.accept",
     HANDOVER, "handover.accepted case.created analysis.created goal.created"},
    {"POST", "/v1/handovers/{id}/decline", h_handovers_decline, CASE, OP_ACTION, "handover.decline",
     HANDOVER, "handover.declined"},
    {"POST", "/v1/handovers/{id}/withdraw", h_handovers_withdraw, CASE, OP_ACTION, "handover.withdraw",
     HANDOVER, "handover.withdrawn"},

    /* documents: row-level security shows each in its own category (a consent's: the lead);
     * the file streams to a spool, its type is sniffed, every read is audited with its category */
    {"POST", "/v1/cases/{id}/documents", h_documents_upload, CASE, OP_UPLOAD, "document.upload",
     ONE_CASE(CASE_IN_PATH, 0), "document.added"},
    {"GET", "/v1/cases/{id}/documents", h_documents_list, CASE, OP_LIST, "document.list",
     ONE_CASE(CASE_IN_PATH, 0), NULL},
    {"GET", "/v1/cases/{id}/documents/{document_id}", h_documents_get, CASE, OP_GET, "document.read",
     ONE_CASE(CASE_IN_PATH, 0), NULL},
    {"GET", "/v1/cases/{id}/documents/{document_id}/content", h_documents_content, CASE, OP_GET,
     "document.download", ONE_CASE(CASE_IN_PATH, 0), NULL},
    {"DELETE", "/v1/cases/{id}/documents/{document_id}", h_documents_delete, CASE, OP_DELETE,
     "document.delete", ONE_CASE(CASE_IN_PATH, 0), "document.removed"},

    /* who of the caller's agency works the case (people by their token's sub, or teams) */
    {"GET", "/v1/cases/{id}/assignments", h_assignments_list, CASE, OP_LIST, "case.assignments",
     ONE_CASE(CASE_IN_PATH, 0), NULL},
    {"POST", "/v1/cases/{id}/assignments", h_assignments_create, CASE, OP_CREATE, "case.assign",
     ONE_CASE(CASE_IN_PATH, 0), "assignment.created"},
    {"DELETE", "/v1/cases/{id}/assignments/{assignment_id}", h_assignments_delete, CASE, OP_DELETE,
     "case.unassign", ONE_CASE(CASE_IN_PATH, 0), "assignment.removed"},

    /* tasks: follow-ups and the reminders Lotse sets; the worklist is one agency's open work */
    {"GET", "/v1/cases/{id}/tasks", h_tasks_list, CASE, OP_LIST, "task.list",
     ONE_CASE(CASE_IN_PATH, 0), NULL},
    {"POST", "/v1/cases/{id}/tasks", h_tasks_create, CASE, OP_CREATE, "task.create",
     ONE_CASE(CASE_IN_PATH, CAT_PLAN), "task.created"},
    {"GET", "/v1/cases/{id}/tasks/{task_id}", h_tasks_get, CASE, OP_GET, "task.read",
     ONE_CASE(CASE_IN_PATH, 0), NULL},
    {"PATCH", "/v1/cases/{id}/tasks/{task_id}", h_tasks_update, CASE, OP_UPDATE, "task.update",
     ONE_CASE(CASE_IN_PATH, 0), "task.updated"},
    {"GET", "/v1/worklist", h_worklist, CASE, OP_LIST, "task.worklist",
     ROWS_SHOWING(CAT_PLAN | CAT_RESIDENCE), NULL},

    {"GET", "/v1/cases/{id}/analyses", h_analyses_list, CASE, OP_LIST, "analysis.list",
     ONE_CASE(CASE_IN_PATH, CAT_POTENTIAL), NULL},
    {"POST", "/v1/cases/{id}/analyses", h_analyses_create, CASE, OP_CREATE, "analysis.create",
     ONE_CASE(CASE_IN_PATH, CAT_POTENTIAL), "analysis.created"},
    {"GET", "/v1/cases/{id}/analyses/{analysis_id}", h_analyses_get, CASE, OP_GET, "analysis.read",
     ONE_CASE(CASE_IN_PATH, CAT_POTENTIAL), NULL},
    {"PATCH", "/v1/cases/{id}/analyses/{analysis_id}", h_analyses_update, CASE, OP_UPDATE, "analysis.update",
     ONE_CASE(CASE_IN_PATH, CAT_POTENTIAL), "analysis.updated"},

    {"GET", "/v1/cases/{id}/barriers", h_barriers_list, CASE, OP_LIST, "barrier.list",
     ONE_CASE(CASE_IN_PATH, 0), NULL},
    {"POST", "/v1/cases/{id}/barriers", h_barriers_create, CASE, OP_CREATE, "barrier.create",
     ONE_CASE(CASE_IN_PATH, 0), "barrier.reported"},
    {"GET", "/v1/cases/{id}/barriers/{barrier_id}", h_barriers_get, CASE, OP_GET, "barrier.read",
     ONE_CASE(CASE_IN_PATH, 0), NULL},
    {"GET", "/v1/cases/{id}/goals", h_goals_list, CASE, OP_LIST, "goal.list",
     ONE_CASE(CASE_IN_PATH, CAT_PLAN), NULL},
    {"POST", "/v1/cases/{id}/goals", h_goals_create, CASE, OP_CREATE, "goal.create",
     ONE_CASE(CASE_IN_PATH, CAT_PLAN), "goal.created"},
    {"GET", "/v1/cases/{id}/goals/{goal_id}", h_goals_get, CASE, OP_GET, "goal.read",
     ONE_CASE(CASE_IN_PATH, CAT_PLAN), NULL},
    {"PATCH", "/v1/cases/{id}/goals/{goal_id}", h_goals_update, CASE, OP_UPDATE, "goal.update",
     ONE_CASE(CASE_IN_PATH, CAT_PLAN), "goal.updated"},

    {"GET", "/v1/cases/{id}/journal", h_journal_list, CASE, OP_LIST, "journal.list",
     ONE_CASE(CASE_IN_PATH, CAT_JOURNAL), NULL},
    {"POST", "/v1/cases/{id}/journal", h_journal_create, CASE, OP_CREATE, "journal.create",
     ONE_CASE(CASE_IN_PATH, CAT_JOURNAL), "journal.created"},
    {"GET", "/v1/cases/{id}/journal/{entry_id}", h_journal_get, CASE, OP_GET, "journal.read",
     ONE_CASE(CASE_IN_PATH, CAT_JOURNAL), NULL},
    {"PATCH", "/v1/cases/{id}/journal/{entry_id}", h_journal_correct, CASE, OP_UPDATE, "journal.correct",
     ONE_CASE(CASE_IN_PATH, CAT_JOURNAL), "journal.corrected"},

    {"GET", "/v1/agreements", h_agreements_list, NET, OP_LIST, NULL,
     NETWORK, NULL},
    {"POST", "/v1/agreements", h_agreements_create, COORD | ADMIN, OP_CREATE, NULL,
     NETWORK, "agreement.created"},
    {"GET", "/v1/agreements/{id}", h_agreements_get, NET, OP_GET, NULL,
     NETWORK, NULL},
    {"PATCH", "/v1/agreements/{id}", h_agreements_update, COORD | ADMIN, OP_UPDATE, NULL,
     NETWORK, "agreement.updated"},
    {"POST", "/v1/agreements/{id}/signatures", h_agreements_sign, ADMIN, OP_ACTION, NULL,
     NETWORK, "agreement.signed agreement.activated agreement.superseded"},
    {"POST", "/v1/agreements/{id}/terminate", h_agreements_terminate, COORD | ADMIN, OP_ACTION, NULL,
     NETWORK, "agreement.terminated"},
    {"POST", "/v1/agreements/{id}/supersede", h_agreements_supersede, COORD | ADMIN, OP_ACTION, NULL,
     NETWORK, "agreement.created"},

    {"GET", "/v1/referrals", h_referrals_list, CASE, OP_LIST, "referral.list",
     ROWS_SHOWING(CAT_PLAN), NULL},
    {"POST", "/v1/referrals", h_referrals_create, CASE, OP_CREATE, "referral.create",
     ONE_CASE(CASE_IN_BODY, CAT_PLAN), "referral.requested"},
    {"GET", "/v1/referrals/{id}", h_referrals_get, CASE, OP_GET, "referral.read",
     ONE_CASE(CASE_OF_REFERRAL, CAT_PLAN), NULL},
    {"POST", "/v1/referrals/{id}/accept", h_referrals_accept, CASE, OP_ACTION, "referral.status",
     ONE_CASE(CASE_OF_REFERRAL, CAT_PLAN), "referral.accepted"},
    {"POST", "/v1/referrals/{id}/decline", h_referrals_decline, CASE, OP_ACTION, "referral.status",
     ONE_CASE(CASE_OF_REFERRAL, CAT_PLAN), "referral.declined barrier.reported"},
    {"POST", "/v1/referrals/{id}/withdraw", h_referrals_withdraw, CASE, OP_ACTION, "referral.status",
     ONE_CASE(CASE_OF_REFERRAL, CAT_PLAN), "referral.withdrawn"},
    {"POST", "/v1/referrals/{id}/complete", h_referrals_complete, CASE, OP_ACTION, "referral.status",
     ONE_CASE(CASE_OF_REFERRAL, CAT_PLAN), "referral.completed"},

    {"GET", "/v1/offers", h_offers_list, NET, OP_LIST, NULL,
     NETWORK, NULL},
    {"POST", "/v1/offers", h_offers_create, ADMIN, OP_CREATE, NULL,
     NETWORK, "offer.created offer.published"},
    {"GET", "/v1/offers/{id}", h_offers_get, NET, OP_GET, NULL,
     NETWORK, NULL},
    {"PATCH", "/v1/offers/{id}", h_offers_update, ADMIN, OP_UPDATE, NULL,
     NETWORK, "offer.updated offer.published"},
    {"DELETE", "/v1/offers/{id}", h_offers_delete, ADMIN, OP_DELETE, NULL,
     NETWORK, "offer.deleted"},
    {"GET", "/v1/public/networks/{code}/offers", h_public_offers, ROUTE_PUBLIC, OP_LIST, NULL,
     PUBLIC, NULL},

    {"GET", "/v1/conferences", h_conferences_list, CASE, OP_LIST, "conference.list",
     ROWS_SHOWING(CAT_IDENTITY | CAT_PLAN | CAT_JOURNAL), NULL},
    {"POST", "/v1/conferences", h_conferences_create, CASE, OP_CREATE, "conference.create",
     ONE_CASE(CASE_IN_BODY, 0), "conference.scheduled"},
    {"GET", "/v1/conferences/{id}", h_conferences_get, CASE, OP_GET, "conference.read",
     ONE_CASE(CASE_OF_CONFERENCE, 0), NULL},
    {"GET", "/v1/conferences/{id}/calendar.ics", h_conference_ics, CASE, OP_GET, "conference.calendar",
     ONE_CASE(CASE_OF_CONFERENCE, 0), NULL},
    {"POST", "/v1/conferences/{id}/answer", h_conferences_answer, CASE, OP_ACTION, "conference.answer",
     ONE_CASE(CASE_OF_CONFERENCE, 0), "conference.answered"},
    {"POST", "/v1/conferences/{id}/reschedule", h_conferences_reschedule, CASE, OP_ACTION, "conference.reschedule",
     ONE_CASE(CASE_OF_CONFERENCE, 0), "conference.rescheduled"},
    {"POST", "/v1/conferences/{id}/cancel", h_conferences_cancel, CASE, OP_ACTION, "conference.cancel",
     ONE_CASE(CASE_OF_CONFERENCE, 0), "conference.cancelled"},
    {"POST", "/v1/conferences/{id}/held", h_conferences_hold, CASE, OP_ACTION, "conference.held",
     ONE_CASE(CASE_OF_CONFERENCE, CAT_JOURNAL), "conference.held goal.created decision.created"},
    {"PATCH", "/v1/conferences/{id}/minutes", h_conferences_minutes, CASE, OP_UPDATE, "conference.minutes",
     ONE_CASE(CASE_OF_CONFERENCE, CAT_JOURNAL), "conference.minutes_corrected"},
    {"PATCH", "/v1/conferences/{id}/decisions/{decision_id}", h_decisions_update, CASE, OP_UPDATE, "decision.update",
     ONE_CASE(CASE_OF_CONFERENCE, CAT_PLAN), "decision.updated"},
    {"GET", "/v1/action-items", h_action_items, CASE, OP_LIST, "decision.list",
     ROWS_SHOWING(CAT_PLAN), NULL},
    {"GET", "/v1/agencies/{id}/conferences.ics", h_agency_calendar, CASE, OP_GET, "conference.calendar",
     ROWS_SHOWING(CAT_IDENTITY), NULL},
    /* the same calendar behind a revocable secret URL, for calendar apps (no bearer header) */
    {"GET", "/v1/calendar-feeds", h_feeds_list, ADMIN, OP_LIST, NULL,
     AGENCY, NULL},
    {"POST", "/v1/calendar-feeds", h_feeds_create, ADMIN, OP_CREATE, NULL,
     AGENCY, "calendar_feed.created"},
    {"POST", "/v1/calendar-feeds/{id}/revoke", h_feeds_revoke, ADMIN, OP_ACTION, NULL,
     AGENCY, "calendar_feed.revoked"},
    {"GET", "/v1/feeds/{token}/conferences.ics", h_feed_calendar, ROUTE_PUBLIC, OP_GET, "conference.calendar",
     FEED, NULL},

    {"GET", "/v1/networks/{id}/statistics", h_network_statistics, COORD | ROLE_MINISTRY, OP_GET, NULL,
     ANYONE, NULL},
    {"GET", "/v1/statistics", h_state_statistics, ROLE_MINISTRY, OP_GET, NULL,
     ANYONE, NULL},

    {"GET", "/v1/barrier-codes", h_barrier_codes_list, NET, OP_LIST, NULL,
     NETWORK, NULL},
    {"POST", "/v1/barrier-codes", h_barrier_codes_create, COORD, OP_CREATE, NULL,
     NETWORK, "barrier_code.created"},
    {"GET", "/v1/networks/{id}/barrier-register", h_barrier_register, COORD, OP_GET, NULL,
     NETWORK, NULL},
    {"GET", "/v1/gaps", h_gaps_list, NET, OP_LIST, NULL,
     NETWORK, NULL},
    {"POST", "/v1/gaps", h_gaps_create, COORD, OP_CREATE, NULL,
     NETWORK, "gap.opened"},
    {"GET", "/v1/gaps/{id}", h_gaps_get, NET, OP_GET, NULL,
     NETWORK, NULL},
    {"PATCH", "/v1/gaps/{id}", h_gaps_update, COORD, OP_UPDATE, NULL,
     NETWORK, "gap.updated"},
    {"POST", "/v1/gaps/{id}/start", h_gaps_start, COORD, OP_ACTION, NULL,
     NETWORK, "gap.started"},
    {"POST", "/v1/gaps/{id}/resolve", h_gaps_resolve, COORD, OP_ACTION, NULL,
     NETWORK, "gap.resolved"},
    {"POST", "/v1/gaps/{id}/accept-as-is", h_gaps_accept, COORD, OP_ACTION, NULL,
     NETWORK, "gap.accepted_as_is"},
    {"POST", "/v1/gaps/{id}/measures", h_gaps_measure_add, COORD, OP_CREATE, NULL,
     NETWORK, "gap.measure_recorded"},

    /* events name cases (their reference) and what happened to them: audited like a page */
    {"GET", "/v1/events", h_events_list, NET, OP_LIST, "event.list",
     ROWS, NULL},
    {"GET", "/v1/webhooks", h_webhooks_list, ADMIN, OP_LIST, NULL,
     AGENCY, NULL},
    {"POST", "/v1/webhooks", h_webhooks_create, ADMIN, OP_CREATE, NULL,
     AGENCY, "webhook.created"},
    {"GET", "/v1/webhooks/{id}", h_webhooks_get, ADMIN, OP_GET, NULL,
     AGENCY, NULL},
    {"PATCH", "/v1/webhooks/{id}", h_webhooks_update, ADMIN, OP_UPDATE, NULL,
     AGENCY, "webhook.updated"},
    {"DELETE", "/v1/webhooks/{id}", h_webhooks_delete, ADMIN, OP_DELETE, NULL,
     AGENCY, "webhook.deleted"},
    {"GET", "/v1/webhooks/{id}/deliveries", h_webhook_deliveries, ADMIN, OP_LIST, NULL,
     AGENCY, NULL},
    {"POST", "/v1/webhooks/{id}/deliveries/{delivery_id}/replay", h_webhook_replay, ADMIN, OP_ACTION, NULL,
     AGENCY, "webhook.replayed"},

    {"GET", "/v1/audit", h_audit_list, ROLE_AUDITOR, OP_LIST, NULL,
     NETWORK, NULL},
};

const route_t *routes_table(size_t *n)
{
    *n = sizeof ROUTES / sizeof ROUTES[0];
    return ROUTES;
}
