/* referrals.c - referrals of a case from one agency to another, for a
 * field of action and optionally into an offer.  requested -> accepted |
 * declined | withdrawn, accepted -> completed | withdrawn.  Only the
 * receiving agency accepts, declines (reason required) and completes
 * (outcome required); only the sender withdraws.  The receiver needs an
 * active consent for the case covering identity and plan (a referral of
 * another agency than the lead waits for it unseen, migration 0022);
 * when the network requires it, an active
 * agreement between the two agencies covering the field of action.  The
 * response is due after the agreement's response days (else the
 * network's default); past it the referral is overdue.  A decline for
 * not_responsible (which may name the agency that is) or capacity records
 * a barrier. */
#include "agreements.h"
#include "audit.h"
#include "case_access.h"
#include "cases.h"
#include "handlers.h"
#include "json_in.h"
#include "page.h"
#include "referrals.h"
#include "resource.h"
#include "state_machine.h"

#include <stdio.h>
#include <string.h>

static const char *const URGENCIES[] = {"normal", "urgent", NULL};
static const char *const DECLINE_REASONS[] = {"not_responsible", "capacity", "eligibility",
                                              "client_declined", "other", NULL};
const char *const REFERRAL_OUTCOMES[] = {"successful", "unsuccessful", "no_show", "cancelled", NULL};
static const char *const STATUSES[] = {"requested", "accepted", "declined", "withdrawn",
                                       "completed", NULL};

static const field_spec_t REFERRAL_FIELDS[] = {
    FIELD_UUID("case_id", F_REQUIRED),
    FIELD_UUID("to_agency_id", F_REQUIRED),
    FIELD_ENUM("field_of_action", F_REQUIRED, FIELDS_OF_ACTION),
    FIELD_TEXT("reason", F_NULLABLE, 1, 5000),
    FIELD_ENUM("urgency", 0, URGENCIES),
    FIELD_UUID("offer_id", F_NULLABLE),
    FIELD_END,
};

int h_referrals_create(req_t *r)
{
    json_t *body = body_object(r, 0);
    if (body == NULL || body_validate(r, body, REFERRAL_FIELDS, 0) != 0)
        return -1;
    const char *case_id = arena_strdup(r->arena, json_string_value(json_object_get(body, "case_id")));
    const char *to = json_string_value(json_object_get(body, "to_agency_id"));
    const char *field = json_string_value(json_object_get(body, "field_of_action"));
    const char *offer = json_string_value(json_object_get(body, "offer_id"));
    case_access_t a;
    if (case_here(r, &a) != 0)
        return -1;
    if (strcmp(to, r->principal.agency) == 0) {
        add_field_error(r, "/to_agency_id", "is your own agency");
        return fail_req(r, ERR_VALIDATION, "a referral goes to another agency");
    }
    const char *cparams[2] = {case_id, to};
    PGresult *cats = db_exec(r, &CASE_CATEGORIES_OF, cparams);
    if (cats == NULL)
        return -1;
    const char *seen = db_get(cats, 0, "cats");
    /* a referral names the person and is plan data (its field, reason and notes); only
     * the lead, who manages the consents, learns that the receiver's does not cover
     * them: another sender's referral waits, answered alike (migration 0022) */
    int awaiting = (category_bits(seen) & (CAT_IDENTITY | CAT_PLAN)) != (CAT_IDENTITY | CAT_PLAN);
    if (awaiting && a.is_lead)
        return fail_req(r, ERR_CONSENT_REQUIRED, "the receiving agency needs an active consent "
                                                 "for this case covering identity and plan");
    if (offer) {
        const char *oparams[2] = {offer, to};
        PGresult *o = db_exec(r, &OFFER_OF_AGENCY, oparams);
        if (o == NULL)
            return -1;
        if (PQntuples(o) == 0) {
            add_field_error(r, "/offer_id", "is not an offer of the receiving agency");
            return fail_req(r, ERR_VALIDATION, "unknown offer");
        }
    }
    const char *aparams[3] = {r->principal.agency, to, field};
    PGresult *ag = db_exec(r, &AGREEMENT_BETWEEN, aparams);
    if (ag == NULL)
        return -1;
    const char *agreement = db_get(ag, 0, "id");
    if (agreement == NULL && strcmp(db_get(ag, 0, "required"), "t") == 0)
        return fail_req(r, ERR_AGREEMENT_REQUIRED, "this network requires an active agreement "
                                                   "between both agencies covering %s", field);
    const char *days = agreement ? db_get(ag, 0, "response_days") : db_get(ag, 0, "default_days");
    json_object_del(body, "case_id");
    const char *params[7] = {case_id, json_text(r, body), agreement, days, r->principal.sub,
                             awaiting ? "t" : "f", db_get(ag, 0, "response_day_kind")};
    PGresult *res = db_write(r, &REFERRAL_CREATE, params, "referral.requested", "referral");
    if (res == NULL || audit(r, "referral.create", case_id, NULL, 1) != 0)
        return -1;
    return respond_row(r, res, 201,
                       arena_sprintf(r->arena, "/v1/referrals/%s", db_get(res, 0, "id")));
}

int h_referrals_list(req_t *r)
{
    page_t p;
    if (page_parse(r, &p) != 0)
        return -1;
    static const char *const DIRECTIONS[] = {"incoming", "outgoing", NULL};
    const char *case_id = req_query(r, "case_id"), *dir, *status, *field, *overdue;
    if (query_enum(r, "direction", DIRECTIONS, &dir) || query_enum(r, "status", STATUSES, &status) ||
        query_enum(r, "field_of_action", FIELDS_OF_ACTION, &field) ||
        query_enum(r, "overdue", QUERY_BOOLEANS, &overdue))
        return -1;
    if ((case_id && !is_uuid(case_id)) || (p.after && !is_uuid(p.after)))
        return fail_req(r, ERR_BAD_REQUEST, "case_id and cursor must be ones this service issued");
    const char *params[7] = {p.after, p.limit_plus_one, case_id, status, field, overdue,
                             p.updated_since};
    const db_stmt_t *st = dir == NULL                       ? &REFERRAL_LIST_BOTH
                          : strcmp(dir, "incoming") == 0    ? &REFERRAL_LIST_IN
                                                            : &REFERRAL_LIST_OUT;
    PGresult *res = db_exec_once(r, st, params);
    return res ? page_respond(r, &p, res) : -1;
}

int h_referrals_get(req_t *r)
{
    const char *params[1] = {uuid_param(r, 0)};
    if (params[0] == NULL)
        return -1;
    return respond_case_row(r, &REFERRAL_GET, params);
}

/* A referral's status actions and the side (sender or receiver) that takes each. */
static const transition_t TRANSITIONS[] = {
    {"accept", "receiver", {"requested", NULL}, "accepted"},
    {"decline", "receiver", {"requested", NULL}, "declined"},
    {"withdraw", "sender", {"requested", "accepted", NULL}, "withdrawn"},
    {"complete", "receiver", {"accepted", NULL}, "completed"},
};
static const state_machine_t REFERRAL_STATES = STATE_MACHINE(TRANSITIONS);

static const field_spec_t DECLINE_FIELDS[] = {
    FIELD_ENUM("reason", F_REQUIRED, DECLINE_REASONS),
    FIELD_TEXT("note", F_NULLABLE, 1, 5000),
    FIELD_UUID("suggested_agency_id", F_NULLABLE),
    FIELD_END,
};
static const field_spec_t COMPLETE_FIELDS[] = {
    FIELD_ENUM("outcome", F_REQUIRED, REFERRAL_OUTCOMES),
    FIELD_TEXT("note", F_NULLABLE, 1, 5000),
    FIELD_END,
};
static const field_spec_t NOTE_FIELDS[] = {
    FIELD_TEXT("note", F_NULLABLE, 1, 5000),
    FIELD_END,
};

int referrals_settle(req_t *r, const char *case_id)
{
    const char *params[1] = {case_id};
    return db_exec(r, &REFERRAL_SETTLE, params) ? 0 : -1;
}

int referrals_sweep(req_t *r, const char *case_id)
{
    const char *params[1] = {case_id};
    PGresult *res = db_exec(r, &REFERRAL_SWEEP, params);
    if (res == NULL)
        return -1;
    for (int i = 0; i < PQntuples(res); i++)
        if (db_event(r, "referral.withdrawn", "referral", PQgetvalue(res, i, 0), PQgetvalue(res, i, 1)) != 0)
            return -1;
    return PQntuples(res);
}

static int transition(req_t *r, const transition_t *t)
{
    int ok;
    const char *params[8] = {uuid_param(r, 0), t->to, NULL, NULL, NULL, NULL, NULL, NULL};
    if (params[0] == NULL)
        return -1;
    params[6] = if_match_version(r, &ok);
    if (!ok)
        return -1;
    const field_spec_t *spec = strcmp(t->to, "declined") == 0    ? DECLINE_FIELDS
                               : strcmp(t->to, "completed") == 0 ? COMPLETE_FIELDS
                                                                 : NOTE_FIELDS;
    if (spec != NOTE_FIELDS || r->body_len > 0) {
        json_t *body = body_object(r, 0);
        if (body == NULL || body_validate(r, body, spec, 0) != 0)
            return -1;
        params[2] = json_string_value(json_object_get(body, "reason"));
        params[3] = json_string_value(json_object_get(body, "outcome"));
        params[4] = json_string_value(json_object_get(body, "note"));
        params[7] = json_string_value(json_object_get(body, "suggested_agency_id"));
        if (params[7] && strcmp(params[2], "not_responsible") != 0) {
            add_field_error(r, "/suggested_agency_id", "goes only with the reason not_responsible");
            return fail_req(r, ERR_VALIDATION, "1 field(s) are invalid; see errors");
        }
    }
    PGresult *cur = db_exec(r, &REFERRAL_GET, params);
    if (cur == NULL)
        return -1;
    if (PQntuples(cur) == 0)
        return fail_req(r, ERR_NOT_FOUND, "no such referral");
    r->case_id = db_get(cur, 0, "case_id");
    const char *status = db_get(cur, 0, "status"), *side = db_get(cur, 0, "side");
    if (require_version(r, db_get(cur, 0, "version")) != 0)
        return -1;
    if (sm_take(r, &REFERRAL_STATES, t->action, status, side) == NULL)
        return -1;
    params[5] = status;
    PGresult *res = db_write(r, &REFERRAL_TRANSITION, params,
                             arena_sprintf(r->arena, "referral.%s", t->to), "referral");
    if (res == NULL)
        return -1;
    if (PQntuples(res) == 0)
        return fail_req(r, ERR_PRECONDITION_FAILED, "the referral changed since you read it");
    if (audit(r, arena_sprintf(r->arena, "referral.%s", t->action), db_get(cur, 0, "case_id"),
              NULL, 1) != 0 ||
        (params[2] && barrier_from_decline(r, params[0]) != 0))
        return -1;
    return respond_row(r, res, 200, NULL);
}

int h_referrals_accept(req_t *r) { return transition(r, &TRANSITIONS[0]); }
int h_referrals_decline(req_t *r) { return transition(r, &TRANSITIONS[1]); }
int h_referrals_withdraw(req_t *r) { return transition(r, &TRANSITIONS[2]); }
int h_referrals_complete(req_t *r) { return transition(r, &TRANSITIONS[3]); }
