/* consents.c - consents of a case.  Only the lead agency grants, lists and
 * revokes them.  A consent names a recipient agency or the whole network,
 * the data categories, purpose, legal basis and validity; revoking takes
 * effect for the very next request (access is computed per request). */
#include "audit.h"
#include "case_access.h"
#include "consents.h"
#include "handovers.h"
#include "handlers.h"
#include "json_in.h"
#include "page.h"
#include "resource.h"

#include <string.h>

static const char *const CATEGORIES[] = {"identity", "residence", "potential", "plan", "journal",
                                         NULL};
static const char *const LEGAL_BASES[] = {"consent", "sgb_ii", "sgb_iii", "sgb_viii", "sgb_xii",
                                          "sgb_x", "aufenthg", "asylblg", "other_statutory", NULL};

static const field_spec_t CONSENT_FIELDS[] = {
    FIELD_UUID("recipient_agency_id", 0),
    FIELD_BOOL("whole_network", 0),
    FIELD_STR("receiving_network", 0, 1, 16),
    FIELD_UUID("receiving_agency_id", 0),
    FIELD_ENUMS("categories", F_REQUIRED, 1, 5, CATEGORIES),
    FIELD_TEXT("purpose", F_REQUIRED, 1, 1000),
    FIELD_ENUM("legal_basis", F_REQUIRED, LEGAL_BASES),
    FIELD_STR("legal_reference", F_NULLABLE, 1, 200),
    FIELD_STR("form_reference", F_NULLABLE, 1, 200),
    FIELD_TIME("valid_from", 0),
    FIELD_TIME("valid_until", F_NULLABLE),
    FIELD_END,
};

/* A consent for a handover names another network by its code (and
 * optionally an agency there); it covers identity (a person moves) and
 * never the journal (notes stay where they were written).  *id receives
 * the network's id.  0, or -1 with a 400 naming the field. */
static int receiving_party(req_t *r, json_t *body, const char **id)
{
    json_t *cats = json_object_get(body, "categories");
    int identity = 0, journal = 0;
    size_t i;
    json_t *c;
    json_array_foreach(cats, i, c) {
        identity |= strcmp(json_string_value(c), "identity") == 0;
        journal |= strcmp(json_string_value(c), "journal") == 0;
    }
    if (!identity || journal) {
        add_field_error(r, "/categories", "a handover consent covers identity and not the journal");
        return fail_req(r, ERR_VALIDATION, "journal notes never leave their network; a person moves "
                                           "with their identity");
    }
    const char *params[2] = {json_string_value(json_object_get(body, "receiving_network")),
                             json_string_value(json_object_get(body, "receiving_agency_id"))};
    PGresult *res = db_exec(r, &RECEIVING_NETWORK, params);
    if (res == NULL)
        return -1;
    if ((*id = db_get(res, 0, "id")) == NULL) {
        add_field_error(r, "/receiving_network", "is not the code of another network with that agency");
        return fail_req(r, ERR_VALIDATION, "unknown receiving network or agency");
    }
    return 0;
}

int h_consents_create(req_t *r)
{
    case_access_t a;
    if (case_here(r, &a) != 0)
        return -1;
    json_t *body = body_object(r, 0);
    if (body == NULL || body_validate(r, body, CONSENT_FIELDS, 0) != 0)
        return -1;
    const char *recipient = json_string_value(json_object_get(body, "recipient_agency_id"));
    const char *receiving = json_string_value(json_object_get(body, "receiving_network"));
    int whole = json_is_true(json_object_get(body, "whole_network"));
    if ((recipient != NULL) + whole + (receiving != NULL) != 1) {
        add_field_error(r, "/recipient_agency_id",
                        "name a recipient agency, set whole_network, or name a receiving_network");
        return fail_req(r, ERR_VALIDATION, "a consent has one recipient: an agency, the network, "
                                           "or another network (for a handover)");
    }
    const char *receiving_id = NULL;
    if (receiving && receiving_party(r, body, &receiving_id) != 0)
        return -1;
    if (!receiving && json_object_get(body, "receiving_agency_id")) {
        add_field_error(r, "/receiving_agency_id", "only with receiving_network");
        return fail_req(r, ERR_VALIDATION, "receiving_agency_id names an agency of the receiving network");
    }
    if (recipient) {
        const char *p[1] = {recipient};
        PGresult *res = db_exec(r, &AGENCY_IN_NETWORK, p);
        if (res == NULL)
            return -1;
        if (PQntuples(res) == 0) {
            add_field_error(r, "/recipient_agency_id", "is not an agency of this network");
            return fail_req(r, ERR_VALIDATION, "unknown recipient agency");
        }
    }
    const char *params[4] = {a.id, json_text(r, body), r->principal.sub, receiving_id};
    PGresult *res = db_write(r, &CONSENT_CREATE, params, "consent.granted", "consent");
    if (res == NULL || referrals_settle(r, a.id) != 0 || audit(r, "consent.grant", a.id, NULL, 1) != 0)
        return -1;
    return respond_row(r, res, 201,
                       arena_sprintf(r->arena, "/v1/cases/%s/consents/%s", a.id, db_get(res, 0, "id")));
}

int h_consents_list(req_t *r)
{
    case_access_t a;
    page_t p;
    if (case_here(r, &a) != 0 || page_parse(r, &p) != 0)
        return -1;
    const char *active;
    if (query_enum(r, "active", QUERY_BOOLEANS, &active) != 0)
        return -1;
    if (p.after && !is_uuid(p.after))
        return fail_req(r, ERR_BAD_REQUEST, "cursor is not one this service issued");
    const char *params[4] = {a.id, p.after, p.limit_plus_one, active};
    PGresult *res = db_exec(r, &CONSENT_LIST, params);
    if (res == NULL || audit(r, "consent.list", a.id, NULL, 1) != 0)
        return -1;
    return page_respond(r, &p, res);
}

static const field_spec_t REVOKE_FIELDS[] = {
    FIELD_TEXT("reason", 0, 1, 1000),
    FIELD_END,
};

int h_consents_revoke(req_t *r)
{
    case_access_t a;
    int ok;
    if (case_here(r, &a) != 0)
        return -1;
    const char *id = uuid_param(r, 1);
    const char *version = if_match_version(r, &ok);
    if (id == NULL || !ok)
        return -1;
    const char *reason = NULL;
    if (r->body_len > 0) {
        json_t *body = body_object(r, 0);
        if (body == NULL || body_validate(r, body, REVOKE_FIELDS, 0) != 0)
            return -1;
        reason = json_string_value(json_object_get(body, "reason"));
    }
    const char *params[5] = {a.id, id, reason, r->principal.sub, version};
    PGresult *res = db_write(r, &CONSENT_REVOKE, params, "consent.revoked", "consent");
    if (res == NULL)
        return -1;
    if (PQntuples(res) == 0)
        return fail_stale_or_missing(r, &CONSENT_GET, params);
    if (referrals_sweep(r, a.id) < 0 || audit(r, "consent.revoke", a.id, NULL, 1) != 0)
        return -1;
    return respond_row(r, res, 200, NULL);
}
