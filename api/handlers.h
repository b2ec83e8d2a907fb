/* handlers.h - every route handler; routes.c maps them to paths.
 * Contract of each: reads r, sets a response and returns 0, or returns
 * -1 with r->err set (see req.h). */
#ifndef LOTSE_HANDLERS_H
#define LOTSE_HANDLERS_H

#include "req.h"
#include "store.h"

/* ops.c */
int h_healthz(req_t *r);
int h_readyz(req_t *r);
int h_metrics(req_t *r);
int h_openapi(req_t *r);
int h_docs(req_t *r);
int h_docs_redoc(req_t *r);
int h_me(req_t *r);

/* token.c */
int h_token(req_t *r);

/* networks.c */
int h_networks_list(req_t *r);
int h_networks_create(req_t *r);
int h_networks_get(req_t *r);
int h_networks_update(req_t *r);

/* municipalities.c */
int h_municipalities_list(req_t *r);
int h_municipalities_create(req_t *r);
int h_municipalities_get(req_t *r);
int h_municipalities_update(req_t *r);
int h_municipalities_delete(req_t *r);

/* agencies.c */
int h_agencies_list(req_t *r);
int h_agencies_create(req_t *r);
int h_agencies_get(req_t *r);
int h_agencies_update(req_t *r);

/* api_clients.c */
int h_clients_list(req_t *r);
int h_clients_create(req_t *r);
int h_clients_get(req_t *r);
int h_clients_update(req_t *r);
int h_clients_rotate(req_t *r);
int h_clients_revoke(req_t *r);

/* cases.c */
int h_cases_list(req_t *r);
int h_person_search(req_t *r);
int h_cases_create(req_t *r);
int h_cases_get(req_t *r);
int h_cases_update(req_t *r);
int h_cases_activate(req_t *r);
int h_cases_hold(req_t *r);
int h_cases_close(req_t *r);
int h_cases_reopen(req_t *r);
int h_cases_transfer(req_t *r);
int h_cases_export(req_t *r);
int h_cases_anonymize(req_t *r);
/* Removes the personal data of a case the caller leads (names, contact,
 * exact birth date, free texts), keeping coded fields; appends the event
 * and the audit row. Used by the route and by `lotse maintenance`. */
int case_anonymize(req_t *r, const char *case_id);

/* Ends the wait of the referrals of case_id (NULL: of every case the
 * caller's agency leads) awaiting a consent that now covers identity and
 * plan (after a grant; migration 0022).  0, or -1 with r->err set. */
int referrals_settle(req_t *r, const char *case_id);

/* Withdraws the open referrals (not waiting) of case_id (NULL: of every
 * case the caller's agency leads) whose receiver lost its consent, each
 * with a referral.withdrawn event, in r's transaction.  Returns how many,
 * or -1 with r->err set. */
int referrals_sweep(req_t *r, const char *case_id);

/* consents.c */
int h_consents_list(req_t *r);
int h_consents_create(req_t *r);
int h_consents_revoke(req_t *r);

/* households.c */
int h_households_create(req_t *r);
int h_households_add(req_t *r);
int h_households_get(req_t *r);
int h_case_household(req_t *r);
int h_case_household_leave(req_t *r);

/* calendar_feeds.c (and conferences.c: the feed itself) */
int h_feeds_list(req_t *r);
int h_feeds_create(req_t *r);
int h_feeds_revoke(req_t *r);
int h_feed_calendar(req_t *r);

/* assignments.c */
int h_assignments_list(req_t *r);
int h_assignments_create(req_t *r);
int h_assignments_delete(req_t *r);
int h_assignments_transfer(req_t *r);
int h_agency_settings(req_t *r);

/* imports.c */
int h_imports_create(req_t *r);
int h_imports_get(req_t *r);
int h_imports_lines(req_t *r);

/* tasks.c */
int h_tasks_create(req_t *r);
int h_tasks_list(req_t *r);
int h_tasks_get(req_t *r);
int h_tasks_update(req_t *r);
int h_worklist(req_t *r);

/* documents.c */
int h_documents_upload(req_t *r);
int h_documents_list(req_t *r);
int h_documents_get(req_t *r);
int h_documents_content(req_t *r);
int h_documents_delete(req_t *r);

/* person_links.c */
int h_person_links_list(req_t *r);
int h_person_links_create(req_t *r);
int h_person_links_remove(req_t *r);
int h_duplicate_candidates(req_t *r);

/* handovers.c */
int h_handovers_offer(req_t *r);
int h_handovers_list(req_t *r);
int h_handovers_get(req_t *r);
int h_handovers_accept(req_t *r);
int h_handovers_decline(req_t *r);
int h_handovers_withdraw(req_t *r);

/* analyses.c */
int h_analyses_list(req_t *r);
int h_analyses_create(req_t *r);
int h_analyses_get(req_t *r);
int h_analyses_update(req_t *r);

/* goals.c */
int h_goals_list(req_t *r);
int h_goals_create(req_t *r);
int h_goals_get(req_t *r);
int h_goals_update(req_t *r);

/* journal.c */
int h_journal_list(req_t *r);
int h_journal_create(req_t *r);
int h_journal_get(req_t *r);
int h_journal_correct(req_t *r);

/* agreements.c */
int h_agreements_list(req_t *r);
int h_agreements_create(req_t *r);
int h_agreements_get(req_t *r);
int h_agreements_update(req_t *r);
int h_agreements_sign(req_t *r);
int h_agreements_terminate(req_t *r);
int h_agreements_supersede(req_t *r);

/* referrals.c */
int h_referrals_list(req_t *r);
int h_referrals_create(req_t *r);
int h_referrals_get(req_t *r);
int h_referrals_accept(req_t *r);
int h_referrals_decline(req_t *r);
int h_referrals_withdraw(req_t *r);
int h_referrals_complete(req_t *r);

/* offers.c */
int h_offers_list(req_t *r);
int h_offers_create(req_t *r);
int h_offers_get(req_t *r);
int h_offers_update(req_t *r);
int h_offers_delete(req_t *r);
int h_public_offers(req_t *r);

/* conferences.c */
int h_conferences_list(req_t *r);
int h_conferences_create(req_t *r);
int h_conferences_get(req_t *r);
int h_conferences_answer(req_t *r);
int h_conferences_reschedule(req_t *r);
int h_conferences_cancel(req_t *r);
int h_conferences_hold(req_t *r);
int h_conferences_minutes(req_t *r);
int h_decisions_update(req_t *r);
int h_action_items(req_t *r);
int h_conference_ics(req_t *r);
int h_agency_calendar(req_t *r);

/* statistics.c */
int h_network_statistics(req_t *r);
int h_state_statistics(req_t *r);

/* barriers.c */
int h_barrier_codes_list(req_t *r);
int h_barrier_codes_create(req_t *r);
int h_barriers_create(req_t *r);
int h_barriers_list(req_t *r);
int h_barriers_get(req_t *r);
/* After a decline of referral_id in r's transaction: records its barrier
 * (not_responsible, capacity) with a barrier.reported event.  0 or -1. */
int barrier_from_decline(req_t *r, const char *referral_id);
/* Adds a field error at pointer (pointer/i in an array) for each code of
 * codes (a string or an array of strings) the network does not know.
 * Returns 0, or -1 on a database error. */
int barrier_codes_unknown(req_t *r, json_t *codes, const char *pointer);
/* Is s shaped like a barrier code (2-48 of a-z, 0-9, _; a letter first)? */
int is_barrier_code(const char *s);
#define BARRIER_CODE_MSG "is 2-48 lowercase letters, digits or _, starting with a letter"
int h_barrier_register(req_t *r);

/* gaps.c */
int h_gaps_list(req_t *r);
int h_gaps_create(req_t *r);
int h_gaps_get(req_t *r);
int h_gaps_update(req_t *r);
int h_gaps_start(req_t *r);
int h_gaps_resolve(req_t *r);
int h_gaps_accept(req_t *r);
int h_gaps_measure_add(req_t *r);

/* webhooks.c */
int h_webhooks_create(req_t *r);
int h_webhooks_list(req_t *r);
int h_webhooks_get(req_t *r);
int h_webhooks_update(req_t *r);
int h_webhooks_delete(req_t *r);
int h_webhook_deliveries(req_t *r);
int h_webhook_replay(req_t *r);

/* vocabularies.c */
int h_vocabularies(req_t *r);

/* events.c */
int h_events_list(req_t *r);

/* audit.c */
int h_audit_list(req_t *r);

/* Shared value lists (agencies.c, cases.c, analyses.c, referrals.c,
 * conferences.c), NULL-terminated: also the fixed rows of the statistics. */
extern const char *const AGENCY_KINDS[];
extern const char *const TARGET_GROUPS[];
extern const char *const FIELDS_OF_ACTION[];
extern const char *const RESIDENCE_STATUSES[];
extern const char *const GENDERS[];
extern const char *const CLOSURE_REASONS[];
extern const char *const EMPLOYMENT_STATUSES[];
extern const char *const CEFR_LEVELS[];
extern const char *const REFERRAL_OUTCOMES[];
extern const char *const DECISION_STATUSES[];

#endif
