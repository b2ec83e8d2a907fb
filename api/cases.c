/* cases.c - cases and the person.  The caller's agency becomes the lead
 * on create; other agencies see a case through consents, and only the
 * categories those cover (the JSON is cut in SQL).  Core fields and status
 * belong to the lead; person and residence data may be written by any
 * agency whose consent covers identity / residence.  Every request leaves
 * one audit row. */
#include "audit.h"
#include "case_access.h"
#include "config.h"
#include "export_html.h"
#include "cases.h"
#include "handlers.h"
#include "idempotency_keys.h"
#include "json_in.h"
#include "page.h"
#include "resource.h"
#include "state_machine.h"

#include <stdio.h>
#include <string.h>

const char *const TARGET_GROUPS[] = {"newly_arrived", "long_term_tolerated", "asylum_seeker",
                                     "recognised_refugee", "eu_migrant", "family_reunification",
                                     "skilled_worker", "other", NULL};
const char *const FIELDS_OF_ACTION[] = {
    "language", "education", "vocational_training", "employment", "recognition", "residence",
    "housing", "health", "family_youth", "social_participation", "civic_participation",
    "financial_security", NULL};
const char *const RESIDENCE_STATUSES[] = {
    "asylum_seeker", "tolerated", "training_toleration", "employment_toleration",
    "residence_permit_humanitarian", "residence_permit_employment", "residence_permit_education",
    "residence_permit_family", "settlement_permit", "eu_citizen", "german_citizen", "other", NULL};
const char *const GENDERS[] = {"female", "male", "diverse", "unspecified", NULL};
static const char *const ACCOMMODATIONS[] = {"private", "shared_accommodation", "reception_centre",
                                             "homeless", "other", NULL};
static const char *const LANGUAGE_LEVELS[] = {"A1", "A2", "B1", "B2", "C1", "C2", "native", NULL};
const char *const CLOSURE_REASONS[] = {"goals_achieved", "moved_away", "client_withdrew",
                                              "transferred", "no_contact", "other", NULL};

static int is_language(const char *s)
{
    return strlen(s) == 2 && strspn(s, "abcdefghijklmnopqrstuvwxyz") == 2;
}

static const field_spec_t LANGUAGE_FIELDS[] = {
    FIELD_FMT("code", F_REQUIRED, 2, 2, is_language, "must be an ISO 639-1 code"),
    FIELD_ENUM("level", F_REQUIRED, LANGUAGE_LEVELS),
    FIELD_END,
};
static const field_spec_t CONTACT_FIELDS[] = {
    FIELD_STR("phone", F_NULLABLE, 3, 50),
    FIELD_STR("email", F_NULLABLE, 3, 254),
    FIELD_TEXT("address", F_NULLABLE, 1, 500),
    FIELD_END,
};
static const field_spec_t PERSON_FIELDS[] = {
    FIELD_STR("first_name", F_NULLABLE, 1, 100),
    FIELD_STR("last_name", F_NULLABLE, 1, 100),
    FIELD_DATE("birth_date", F_NULLABLE | F_PAST),
    FIELD_ENUM("gender", F_NULLABLE, GENDERS),
    FIELD_FMT("nationality", F_NULLABLE, 2, 2, is_country, "must be an ISO 3166-1 alpha-2 code"),
    FIELD_OBJS("languages", F_NULLABLE, 0, 20, LANGUAGE_FIELDS),
    FIELD_OBJ("contact", 0, CONTACT_FIELDS),
    FIELD_END,
};
static const field_spec_t RESIDENCE_FIELDS[] = {
    FIELD_ENUM("status", F_NULLABLE, RESIDENCE_STATUSES),
    FIELD_DATE("expires_on", F_NULLABLE),
    FIELD_DATE("arrival_date", F_NULLABLE | F_PAST),
    FIELD_FMT("municipality_ags", F_NULLABLE, 8, 8, is_ags, "must be an 8-digit AGS"),
    FIELD_ENUM("accommodation", F_NULLABLE, ACCOMMODATIONS),
    FIELD_END,
};
static const field_spec_t CASE_FIELDS[] = {
    FIELD_STR("external_reference", F_NULLABLE, 1, 100),
    FIELD_STR("case_manager", F_NULLABLE, 1, 200),
    FIELD_ENUM("target_group", F_REQUIRED, TARGET_GROUPS),
    FIELD_ENUMS("fields_of_action", 0, 0, 12, FIELDS_OF_ACTION),
    FIELD_OBJ("person", 0, PERSON_FIELDS),
    FIELD_OBJ("residence", 0, RESIDENCE_FIELDS),
    FIELD_END,
};

/* The likely duplicates of the new case self (CASE_DUPLICATES on the
 * person's name and birth date) as a JSON array text in r's arena, audited
 * as case.duplicates naming them; NULL on a database error. */
static const char *likely_duplicates(req_t *r, json_t *person, const char *self)
{
    const char *first = json_string_value(json_object_get(person, "first_name"));
    const char *last = json_string_value(json_object_get(person, "last_name"));
    if (first == NULL && last == NULL)
        return "[]";
    const char *params[3] = {arena_sprintf(r->arena, "%s %s", first ? first : "", last ? last : ""),
                             json_string_value(json_object_get(person, "birth_date")), self};
    PGresult *res = db_exec(r, &CASE_DUPLICATES, params);
    if (res == NULL)
        return NULL;
    const char *ids = db_get(res, 0, "ids");
    if (strcmp(ids, "{}") != 0 && audit_list(r, "case.duplicates", ids, "{identity}") != 0)
        return NULL;
    return db_get(res, 0, "json");
}

int case_create(req_t *r, json_t *body, int import, PGresult **row, const char **dups)
{
    *dups = NULL;
    if (body_validate(r, body, CASE_FIELDS, 0) != 0 ||
        check_codes(r, json_object_get(body, "person"), json_object_get(body, "residence")) != 0)
        return -1;
    const char *ext = json_string_value(json_object_get(body, "external_reference"));
    if (import && ext) { /* a line imported before: the agency's case with its reference */
        const char *p[1] = {ext};
        PGresult *known = db_exec(r, &CASE_BY_EXTERNAL_REFERENCE, p);
        if (known == NULL)
            return -1;
        if (PQntuples(known) == 1) {
            *row = known;
            return 0;
        }
    }
    PGresult *ref = db_exec(r, &CASE_NEXT_NUMBER, NULL);
    if (ref == NULL)
        return -1;
    const char *params[3] = {json_text(r, body), db_get(ref, 0, "reference"), r->principal.sub};
    PGresult *res = db_write(r, &CASE_CREATE, params, "case.created", "case");
    if (res == NULL)
        return -1;
    *row = res;
    if (import == 1) /* an import's own run: its dry run reported the likely duplicates */
        return 1;
    *dups = likely_duplicates(r, json_object_get(body, "person"), db_get(res, 0, "id"));
    return *dups ? 1 : -1;
}

int h_cases_create(req_t *r)
{
    if (r->principal.agency[0] == '\0')
        return fail_req(r, ERR_FORBIDDEN, "only an agency can lead a case");
    json_t *body = body_object(r, 0);
    PGresult *res;
    const char *dups;
    if (body == NULL || case_create(r, body, 0, &res, &dups) < 0)
        return -1;
    r->case_id = db_get(res, 0, "id");
    if (audit(r, "case.create", r->case_id, "{identity,residence}", 1) != 0)
        return -1;
    /* a warning, not a refusal: the new case stays; its JSON object gets one more member */
    const char *json = db_get(res, 0, "json");
    char *out = arena_sprintf(r->arena, "%.*s, \"likely_duplicates\" : %s}", (int)strlen(json) - 1, json, dups);
    resp_etag(r, db_get(res, 0, "version"));
    resp_header(r, "Location", arena_sprintf(r->arena, "/v1/cases/%s", r->case_id));
    return respond_raw_json(r, 201, out, strlen(out));
}

/* The hot read: access check, audit row and JSON in one statement and one
 * round trip (db_exec_once commits it, denied rows included). */
int h_cases_get(req_t *r)
{
    const char *id = path_param(r, 0);
    const principal_t *p = &r->principal;
    if (!is_uuid(id) || p->agency[0] == '\0')
        return case_access(r, id, "case.read", &(case_access_t){0});
    const char *params[5] = {id, r->request_id, p->sub, p->agency, p->client_id};
    PGresult *res = db_exec_once(r, &CASE_READ, params);
    if (res == NULL) {
        if (r->err != ERR_UNAUTHORIZED && r->err != ERR_UNAVAILABLE)
            fail_req(r, ERR_UNAVAILABLE, "the access could not be recorded; nothing is returned");
        r->retry_after = 1;
        return -1;
    }
    r->audited++; /* CASE_READ wrote the audit row in its own statement */
    if (PQntuples(res) == 0)
        return fail_req(r, has_role(r, ROLE_CASEWORKER | ROLE_AGENCY_ADMIN) ? ERR_NOT_FOUND
                                                                               : ERR_FORBIDDEN,
                        has_role(r, ROLE_CASEWORKER | ROLE_AGENCY_ADMIN)
                            ? "no such case"
                            : "your agency has no consent for this case");
    r->case_id = id;
    return respond_row(r, res, 200, NULL);
}

int h_cases_list(req_t *r)
{
    static const char *const STATUSES[] = {"open", "active", "on_hold", "closed", NULL};
    page_t p;
    const char *status, *group, *field, *rstatus;
    if (page_parse(r, &p) != 0 || query_enum(r, "status", STATUSES, &status) ||
        query_enum(r, "target_group", TARGET_GROUPS, &group) ||
        query_enum(r, "field_of_action", FIELDS_OF_ACTION, &field) ||
        query_enum(r, "residence_status", RESIDENCE_STATUSES, &rstatus))
        return -1;
    const char *lead = req_query(r, "lead_agency_id"), *ags = req_query(r, "municipality_ags");
    const char *q = req_query(r, "q");
    if ((lead && !is_uuid(lead)) || (ags && !is_ags(ags)) || (q && strlen(q) > 64) ||
        (p.after && !is_uuid(p.after)))
        return fail_req(r, ERR_BAD_REQUEST,
                        "lead_agency_id must be a UUID, municipality_ags 8 digits, q at most 64 characters");
    const char *params[10] = {p.after, p.updated_since, p.limit_plus_one, status, lead, group,
                              field, ags, rstatus, NULL};
    if (q) { /* the references by index first (migration 0035) */
        PGresult *ids = db_exec(r, &CASE_REFERENCE_MATCHES, &q);
        if (ids == NULL)
            return -1;
        params[9] = db_get(ids, 0, "ids");
    }
    PGresult *res = db_exec(r, q ? &CASE_LIST_MATCHING : &CASE_LIST, params);
    if (res == NULL)
        return -1;
    /* one audit row per set of categories shown, naming the cases shown with it (a union over
     * the page would record categories an agency never saw of a case) */
    int n = PQntuples(res) > p.limit ? p.limit : PQntuples(res);
    char *done = arena_alloc(r->arena, (size_t)n + 1);
    memset(done, 0, (size_t)n + 1);
    for (int i = 0; i < n; i++) {
        if (done[i])
            continue;
        const char *cats = db_get(res, i, "cats");
        char *ids = arena_alloc(r->arena, 37 * (size_t)n + 3), *end = ids;
        *end++ = '{';
        for (int j = i; j < n; j++)
            if (!done[j] && strcmp(db_get(res, j, "cats"), cats) == 0) {
                end += sprintf(end, "%s%s", end > ids + 1 ? "," : "", PQgetvalue(res, j, 0));
                done[j] = 1;
            }
        strcpy(end, "}");
        if (audit_list(r, "case.list", ids, category_array(r, category_bits(cats))) != 0)
            return -1;
    }
    if (n == 0 && audit_list(r, "case.list", "{}", NULL) != 0)
        return -1;
    return page_respond(r, &p, res);
}

int h_cases_update(req_t *r)
{
    case_access_t a;
    int ok;
    if (case_here(r, &a) != 0)
        return -1;
    const char *version = if_match_version(r, &ok);
    if (!ok)
        return -1;
    json_t *patch = body_object(r, 1);
    if (patch == NULL || body_validate(r, patch, CASE_FIELDS, 1) != 0)
        return -1;
    unsigned need = 0;
    int core = json_object_get(patch, "case_manager") || json_object_get(patch, "target_group") ||
               json_object_get(patch, "fields_of_action") || json_object_get(patch, "external_reference");
    json_t *person = json_object_get(patch, "person"), *residence = json_object_get(patch, "residence");
    if (person)
        need |= CAT_IDENTITY;
    if (residence)
        need |= CAT_RESIDENCE;
    if (case_require(r, &a, need, core, "case.update") != 0)
        return -1;
    if (check_codes(r, person, residence) != 0)
        return -1;
    const char *params[3] = {a.id, json_text(r, patch), version ? version : a.version};
    PGresult *res = db_write(r, &CASE_UPDATE, params, "case.updated", "case");
    if (res == NULL)
        return -1;
    if (PQntuples(res) == 0)
        return fail_req(r, ERR_PRECONDITION_FAILED, "the case changed since you read it (ETag \"v%s\")",
                        a.version);
    /* the answer shows every category the caller sees, not only those written */
    if (audit(r, "case.update", a.id, a.cats_array, 1) != 0)
        return -1;
    return respond_row(r, res, 200, NULL);
}

/* A case's status actions (an anonymized case takes none: the dispatcher
 * refuses every change to it). */
static const transition_t TRANSITIONS[] = {
    {"activate", NULL, {"open", "on_hold", NULL}, "active"},
    {"hold", NULL, {"active", NULL}, "on_hold"},
    {"close", NULL, {"open", "active", "on_hold", NULL}, "closed"},
    {"reopen", NULL, {"closed", NULL}, "active"},
};
static const state_machine_t CASE_STATES = STATE_MACHINE(TRANSITIONS);

static const field_spec_t CLOSE_FIELDS[] = {
    FIELD_ENUM("closure_reason", F_REQUIRED, CLOSURE_REASONS),
    FIELD_END,
};

static int transition(req_t *r, const transition_t *t)
{
    case_access_t a;
    int ok;
    if (case_here(r, &a) != 0)
        return -1;
    const char *version = if_match_version(r, &ok);
    /* a stale If-Match is 412 before the state's 409 (RFC 9110, 13.2.2) */
    if (!ok || require_version(r, a.version) != 0)
        return -1;
    const char *reason = NULL;
    if (strcmp(t->to, "closed") == 0) {
        json_t *body = body_object(r, 0);
        if (body == NULL || body_validate(r, body, CLOSE_FIELDS, 0) != 0)
            return -1;
        reason = json_string_value(json_object_get(body, "closure_reason"));
    }
    if (sm_take(r, &CASE_STATES, t->action, a.status, NULL) == NULL)
        return -1;
    const char *params[4] = {a.id, t->to, reason, version ? version : a.version};
    PGresult *res = db_write(r, &CASE_SET_STATUS, params, "case.status_changed", "case");
    if (res == NULL)
        return -1;
    if (PQntuples(res) == 0)
        return fail_req(r, ERR_PRECONDITION_FAILED, "the case changed since you read it");
    if (audit(r, "case.status", a.id, NULL, 1) != 0)
        return -1;
    return respond_row(r, res, 200, NULL);
}

int h_cases_activate(req_t *r) { return transition(r, &TRANSITIONS[0]); }
int h_cases_hold(req_t *r) { return transition(r, &TRANSITIONS[1]); }
int h_cases_close(req_t *r) { return transition(r, &TRANSITIONS[2]); }
int h_cases_reopen(req_t *r) { return transition(r, &TRANSITIONS[3]); }

static const field_spec_t TRANSFER_FIELDS[] = {
    FIELD_UUID("lead_agency_id", F_REQUIRED),
    FIELD_END,
};

int h_cases_transfer(req_t *r)
{
    case_access_t a;
    int ok;
    if (case_here(r, &a) != 0)
        return -1;
    const char *version = if_match_version(r, &ok);
    if (!ok)
        return -1;
    json_t *body = body_object(r, 0);
    if (body == NULL || body_validate(r, body, TRANSFER_FIELDS, 0) != 0)
        return -1;
    const char *to = json_string_value(json_object_get(body, "lead_agency_id"));
    if (strcmp(to, a.lead_agency_id) == 0)
        return fail_req(r, ERR_CONFLICT, "this agency already leads the case");
    const char *cparams[2] = {a.id, to};
    PGresult *cats = db_exec(r, &CASE_CATEGORIES_OF, cparams);
    if (cats == NULL)
        return -1;
    if (db_get(cats, 0, "cats") == NULL)
        return fail_req(r, ERR_CONSENT_REQUIRED,
                        "the new lead agency needs an active consent for this case");
    const char *params[3] = {a.id, to, version ? version : a.version};
    const char *as_new[1] = {to}, *as_caller[1] = {r->principal.agency};
    if (db_exec(r, &CASE_ACT_AS, as_new) == NULL)
        return -1;
    PGresult *res = db_write(r, &CASE_TRANSFER, params, "case.transferred", "case");
    if (res == NULL || db_exec(r, &CASE_ACT_AS, as_caller) == NULL)
        return -1;
    if (PQntuples(res) == 0)
        return fail_req(r, ERR_PRECONDITION_FAILED, "the case changed since you read it");
    if (audit(r, "case.transfer", a.id, NULL, 1) != 0)
        return -1;
    /* the former lead keeps only what its own consents cover: read again */
    return respond_json(r, 200, json_pack("{s:s, s:s}", "id", a.id, "lead_agency_id", to));
}

int h_cases_export(req_t *r)
{
    case_access_t a;
    if (case_here(r, &a) != 0)
        return -1;
    const char *params[1] = {a.id};
    PGresult *res = db_exec(r, &CASE_EXPORT, params);
    if (res == NULL || audit(r, "case.export", a.id, a.cats_array, 1) != 0)
        return -1;
    const char *json = db_get(res, 0, "json");
    const char *accept = req_header(r, "Accept");
    if (accept && strstr(accept, "text/html")) { /* the page to hand to the person */
        json_t *export = json_loads(json, 0, NULL);
        size_t len = 0;
        char *page = export ? export_html(export, &len) : NULL;
        json_decref(export);
        if (page == NULL)
            return fail_req(r, ERR_INTERNAL, "the export page could not be rendered");
        respond_bytes(r, 200, "text/html; charset=utf-8", page, len);
        free(page);
        return 0;
    }
    resp_header(r, "Content-Disposition",
                arena_sprintf(r->arena, "attachment; filename=\"case-%s.json\"", a.id));
    return respond_raw_json(r, 200, json, strlen(json));
}

int h_cases_anonymize(req_t *r)
{
    case_access_t a;
    if (case_here(r, &a) != 0 || require_version(r, a.version) != 0)
        return -1;
    if (a.anonymized && audit(r, "case.anonymize", a.id, NULL, 1) != 0)
        return -1;
    if (!a.anonymized && case_anonymize(r, a.id) != 0)
        return -1;
    r->case_id = NULL; /* this answer holds no personal data: keep it out of the purge */
    const char *params[1] = {a.id};
    return respond_row(r, db_exec(r, &CASE_GET, params), 200, NULL);
}

int case_anonymize(req_t *r, const char *case_id)
{
    const char *params[1] = {case_id};
    const char *k[1] = {arena_sprintf(r->arena, "%d", g_config.anonymity_k)};
    if (db_write(r, &CASE_ANONYMIZE, params, "case.anonymized", "case") == NULL ||
        db_exec(r, &CASE_GENERALIZE, k) == NULL || db_exec(r, &IDEM_PURGE_MARK, params) == NULL ||
        db_exec(r, &IDEM_PURGE, NULL) == NULL)
        return -1;
    return audit(r, "case.anonymize", case_id, "{identity,residence,potential,plan,journal}", 1);
}
