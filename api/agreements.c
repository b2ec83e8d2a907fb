/* agreements.c - cooperation agreements between two or more agencies of a
 * network: fields of action and data categories covered, the response
 * time for referrals, validity.  A draft becomes active when the last
 * party signs; it reads as expired past valid_until without any job.
 * The coordination office or an agency_admin of a party creates, edits
 * (drafts only; every signature is then needed again), terminates and
 * supersedes; each party's agency_admin signs once. */
#include "agreements.h"
#include "case_access.h"
#include "handlers.h"
#include "json_in.h"
#include "page.h"
#include "resource.h"
#include "state_machine.h"

#include <string.h>

static const char *const CATEGORIES[] = {"identity", "residence", "potential", "plan", "journal",
                                         NULL};
static const char *const STATUSES[] = {"draft", "signed", "active", "expired", "terminated", NULL};

static const field_spec_t PARTY[] = {
    FIELD_UUID("agency_id", F_REQUIRED),
    FIELD_STR("contact_name", F_NULLABLE, 1, 200),
    FIELD_STR("contact_email", F_NULLABLE, 3, 254),
    FIELD_END,
};
static const char *const DAY_KINDS[] = {"calendar", "working", NULL};
static const field_spec_t AGREEMENT_FIELDS[] = {
    FIELD_STR("title", F_REQUIRED, 1, 300),
    FIELD_OBJS("parties", F_REQUIRED, 2, 30, PARTY),
    FIELD_ENUMS("fields_of_action", F_REQUIRED, 1, 12, FIELDS_OF_ACTION),
    FIELD_ENUMS("data_categories", 0, 0, 5, CATEGORIES),
    FIELD_INT("response_days", F_REQUIRED, 1, 90),
    FIELD_ENUM("response_day_kind", 0, DAY_KINDS),
    FIELD_DATE("valid_from", F_REQUIRED),
    FIELD_DATE("valid_until", F_NULLABLE),
    FIELD_TEXT("text", F_NULLABLE, 1, 200000),
    FIELD_URL("document_url", F_NULLABLE, 8, 2000),
    FIELD_END,
};
static const field_spec_t AGREEMENT_PATCH[] = {
    FIELD_STR("title", 0, 1, 300),
    FIELD_ENUMS("fields_of_action", 0, 1, 12, FIELDS_OF_ACTION),
    FIELD_ENUMS("data_categories", 0, 0, 5, CATEGORIES),
    FIELD_INT("response_days", 0, 1, 90),
    FIELD_ENUM("response_day_kind", 0, DAY_KINDS),
    FIELD_DATE("valid_from", 0),
    FIELD_DATE("valid_until", F_NULLABLE),
    FIELD_TEXT("text", F_NULLABLE, 1, 200000),
    FIELD_URL("document_url", F_NULLABLE, 8, 2000),
    FIELD_END,
};

/* The agreement of path parameter 0 with its status and the caller's
 * party membership; 404 when missing. */
static PGresult *load(req_t *r)
{
    const char *params[1] = {uuid_param(r, 0)};
    if (params[0] == NULL)
        return NULL;
    PGresult *res = db_exec(r, &AGREEMENT_GET, params);
    if (res && PQntuples(res) == 0) {
        fail_req(r, ERR_NOT_FOUND, "no such agreement");
        return NULL;
    }
    return res;
}

/* Coordinators, and agency_admins of a party, may manage an agreement. */
static int may_manage(req_t *r, PGresult *agreement)
{
    if (has_role(r, ROLE_COORDINATOR) ||
        (has_role(r, ROLE_AGENCY_ADMIN) && strcmp(db_get(agreement, 0, "is_party"), "t") == 0))
        return 0;
    return fail_req(r, ERR_FORBIDDEN, "only the coordination office or a party may do this");
}

int h_agreements_list(req_t *r)
{
    page_t p;
    if (page_parse(r, &p) != 0)
        return -1;
    const char *agency = req_query(r, "agency_id"), *on = req_query(r, "valid_on"), *field, *status;
    if (query_enum(r, "field_of_action", FIELDS_OF_ACTION, &field) ||
        query_enum(r, "status", STATUSES, &status))
        return -1;
    if ((agency && !is_uuid(agency)) || (on && !is_date(on)) || (p.after && !is_uuid(p.after)))
        return fail_req(r, ERR_BAD_REQUEST, "agency_id must be a UUID, valid_on a date");
    const char *params[6] = {p.after, p.limit_plus_one, agency, field, status, on};
    PGresult *res = db_exec_once(r, &AGREEMENT_LIST, params);
    return res ? page_respond(r, &p, res) : -1;
}

int h_agreements_get(req_t *r)
{
    return respond_row(r, load(r), 200, NULL);
}

int h_agreements_create(req_t *r)
{
    json_t *body = body_object(r, 0);
    if (body == NULL || body_validate(r, body, AGREEMENT_FIELDS, 0) != 0)
        return -1;
    json_t *parties = json_object_get(body, "parties");
    int own = 0;
    for (size_t i = 0; i < json_array_size(parties); i++) {
        const char *id = json_string_value(json_object_get(json_array_get(parties, i), "agency_id"));
        own |= strcmp(id, r->principal.agency) == 0;
        for (size_t j = 0; j < i; j++)
            if (strcmp(id, json_string_value(json_object_get(json_array_get(parties, j),
                                                             "agency_id"))) == 0)
                add_field_error(r, arena_sprintf(r->arena, "/parties/%zu/agency_id", i),
                                "names the same agency twice");
    }
    if (r->err_errors)
        return fail_req(r, ERR_VALIDATION, "an agency is a party once");
    if (!has_role(r, ROLE_COORDINATOR) && !own)
        return fail_req(r, ERR_FORBIDDEN, "an agency_admin creates agreements its agency is party to");
    const char *params[3] = {json_text(r, body), r->principal.sub, NULL};
    PGresult *res = db_write(r, &AGREEMENT_CREATE, params, "agreement.created", "agreement");
    if (res == NULL)
        return -1;
    const char *id = db_get(res, 0, "id");
    const char *pparams[2] = {id, json_text(r, parties)};
    if (db_exec(r, &AGREEMENT_ADD_PARTIES, pparams) == NULL)
        return -1;
    const char *gparams[1] = {id};
    return respond_row(r, db_exec(r, &AGREEMENT_GET, gparams), 201,
                       arena_sprintf(r->arena, "/v1/agreements/%s", id));
}

/* What may be done with an agreement in which status (its status as it
 * reads today: an active one past valid_until is expired). */
static const transition_t TRANSITIONS[] = {
    {"update", NULL, {"draft", NULL}, NULL},
    {"sign", NULL, {"draft", NULL}, NULL},
    {"terminate", NULL, {"active", "expired", NULL}, "terminated"},
    {"supersede", NULL, {"active", NULL}, NULL},
};
static const state_machine_t AGREEMENT_STATES = STATE_MACHINE(TRANSITIONS);

/* 0 when the agreement cur's status allows action, else 409. */
static int agreement_allows(req_t *r, PGresult *cur, const char *action)
{
    return sm_take(r, &AGREEMENT_STATES, action, db_get(cur, 0, "status"), NULL) ? 0 : -1;
}

int h_agreements_update(req_t *r)
{
    int ok;
    PGresult *cur = load(r);
    if (cur == NULL || may_manage(r, cur) != 0)
        return -1;
    const char *version = if_match_version(r, &ok);
    if (!ok || require_version(r, db_get(cur, 0, "version")) != 0 || agreement_allows(r, cur, "update") != 0)
        return -1;
    json_t *patch = body_object(r, 1);
    if (patch == NULL || body_validate(r, patch, AGREEMENT_PATCH, 1) != 0)
        return -1;
    const char *params[3] = {path_param(r, 0), json_text(r, patch),
                             version ? version : db_get(cur, 0, "version")};
    PGresult *res = db_write(r, &AGREEMENT_UPDATE, params, "agreement.updated", "agreement");
    if (res == NULL)
        return -1;
    if (PQntuples(res) == 0)
        return fail_req(r, ERR_PRECONDITION_FAILED, "the agreement changed since you read it");
    if (db_exec(r, &AGREEMENT_UNSIGN, params) == NULL)
        return -1;
    return respond_row(r, db_exec(r, &AGREEMENT_GET, params), 200, NULL);
}

/* Activates the agreement when every party signed; ends the one it supersedes. */
static int activate_if_complete(req_t *r, const char *id)
{
    const char *params[1] = {id};
    PGresult *res = db_write(r, &AGREEMENT_ACTIVATE, params, "agreement.activated", "agreement");
    if (res == NULL)
        return -1;
    const char *old = PQntuples(res) == 1 ? db_get(res, 0, "supersedes_id") : NULL;
    if (old == NULL)
        return 0;
    const char *tparams[3] = {old, arena_sprintf(r->arena, "superseded by %s", id), NULL};
    return db_write(r, &AGREEMENT_TERMINATE, tparams, "agreement.superseded", "agreement") ? 0 : -1;
}

int h_agreements_sign(req_t *r)
{
    PGresult *cur = load(r);
    if (cur == NULL)
        return -1;
    if (strcmp(db_get(cur, 0, "is_party"), "t") != 0)
        return fail_req(r, ERR_FORBIDDEN, "only a party's agency_admin signs");
    if (require_version(r, db_get(cur, 0, "version")) != 0 || agreement_allows(r, cur, "sign") != 0)
        return -1;
    const char *params[2] = {path_param(r, 0), r->principal.sub};
    PGresult *res = db_write(r, &AGREEMENT_SIGN, params, "agreement.signed", "agreement");
    if (res == NULL)
        return -1;
    if (PQntuples(res) == 0)
        return fail_req(r, ERR_CONFLICT, "your agency has signed already");
    if (activate_if_complete(r, params[0]) != 0)
        return -1;
    return respond_row(r, db_exec(r, &AGREEMENT_GET, params), 200, NULL);
}

static const field_spec_t TERMINATE_FIELDS[] = {
    FIELD_TEXT("reason", F_REQUIRED, 1, 2000),
    FIELD_END,
};

int h_agreements_terminate(req_t *r)
{
    int ok;
    PGresult *cur = load(r);
    if (cur == NULL || may_manage(r, cur) != 0)
        return -1;
    const char *version = if_match_version(r, &ok);
    if (!ok || require_version(r, db_get(cur, 0, "version")) != 0 || agreement_allows(r, cur, "terminate") != 0)
        return -1;
    json_t *body = body_object(r, 0);
    if (body == NULL || body_validate(r, body, TERMINATE_FIELDS, 0) != 0)
        return -1;
    const char *params[3] = {path_param(r, 0), json_string_value(json_object_get(body, "reason")),
                             version};
    PGresult *res = db_write(r, &AGREEMENT_TERMINATE, params, "agreement.terminated", "agreement");
    if (res == NULL)
        return -1;
    if (PQntuples(res) == 0)
        return fail_req(r, ERR_PRECONDITION_FAILED, "the agreement changed since you read it");
    return respond_row(r, res, 200, NULL);
}

int h_agreements_supersede(req_t *r)
{
    PGresult *cur = load(r);
    if (cur == NULL || may_manage(r, cur) != 0 || require_version(r, db_get(cur, 0, "version")) != 0 ||
        agreement_allows(r, cur, "supersede") != 0)
        return -1;
    const char *params[2] = {path_param(r, 0), r->principal.sub};
    PGresult *res = db_write(r, &AGREEMENT_COPY, params, "agreement.created", "agreement");
    if (res == NULL)
        return -1;
    const char *id = db_get(res, 0, "id");
    const char *cparams[2] = {id, params[0]};
    if (db_exec(r, &AGREEMENT_COPY_PARTIES, cparams) == NULL)
        return -1;
    return respond_row(r, db_exec(r, &AGREEMENT_GET, cparams), 201,
                       arena_sprintf(r->arena, "/v1/agreements/%s", id));
}
