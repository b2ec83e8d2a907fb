/* barriers.c - structural barriers met in cases, and their vocabulary.
 * Any agency that sees a case reports barriers on it (coded: barrier
 * code, field of action, optionally the agency, offer, referral and
 * municipality concerned) with an optional free text that follows the
 * case's journal category: written and shown only with it.  A decline for not_responsible or capacity
 * records a barrier itself (barrier_from_decline).  Codes: built in, plus
 * those a network's coordinator adds. */
#include "audit.h"
#include "barriers.h"
#include "case_access.h"
#include "handlers.h"
#include "json_in.h"
#include "resource.h"

#include <string.h>

int is_barrier_code(const char *s)
{
    size_t n = strlen(s);
    if (n < 2 || n > 48 || s[0] < 'a' || s[0] > 'z')
        return 0;
    for (size_t i = 1; i < n; i++)
        if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '_'))
            return 0;
    return 1;
}

static const field_spec_t CODE_FIELDS[] = {
    FIELD_FMT("code", F_REQUIRED, 2, 48, is_barrier_code, BARRIER_CODE_MSG),
    FIELD_STR("label_de", F_REQUIRED, 1, 200),
    FIELD_STR("label_en", F_REQUIRED, 1, 200),
    FIELD_END,
};

static const field_spec_t BARRIER_FIELDS[] = {
    FIELD_FMT("code", F_REQUIRED, 2, 48, is_barrier_code, BARRIER_CODE_MSG),
    FIELD_ENUM("field_of_action", F_REQUIRED, FIELDS_OF_ACTION),
    FIELD_UUID("concerned_agency_id", F_NULLABLE),
    FIELD_UUID("offer_id", F_NULLABLE),
    FIELD_UUID("referral_id", F_NULLABLE),
    FIELD_FMT("municipality_ags", F_NULLABLE, 8, 8, is_ags, "is an 8-digit Amtlicher Gemeindeschlüssel"),
    FIELD_TEXT("text", F_NULLABLE, 1, 5000),
    FIELD_END,
};

int h_barrier_codes_list(req_t *r)
{
    PGresult *res = db_exec(r, &BARRIER_CODE_LIST, NULL);
    if (res == NULL)
        return -1;
    json_t *items = json_array();
    for (int i = 0; i < PQntuples(res); i++)
        json_array_append_new(items, json_loads(PQgetvalue(res, i, 1), 0, NULL));
    return respond_json(r, 200, json_pack("{s:o, s:n}", "items", items, "next_cursor"));
}

int h_barrier_codes_create(req_t *r)
{
    json_t *body = body_object(r, 0);
    if (body == NULL || body_validate(r, body, CODE_FIELDS, 0) != 0)
        return -1;
    const char *params[1] = {json_text(r, body)};
    PGresult *res = db_write(r, &BARRIER_CODE_CREATE, params, "barrier_code.created", "barrier_code");
    if (res == NULL)
        return -1;
    if (PQntuples(res) == 0)
        return fail_req(r, ERR_CONFLICT, "the barrier code %s exists already",
                        json_string_value(json_object_get(body, "code")));
    return respond_row(r, res, 201, "/v1/barrier-codes");
}

int barrier_codes_unknown(req_t *r, json_t *codes, const char *pointer)
{
    size_t n = json_is_array(codes) ? json_array_size(codes) : 1;
    for (size_t i = 0; i < n; i++) {
        json_t *c = json_is_array(codes) ? json_array_get(codes, i) : codes;
        const char *code[1] = {json_string_value(c)};
        PGresult *res = db_exec(r, &BARRIER_CODE_KNOWN, code);
        if (res == NULL)
            return -1;
        if (PQntuples(res) == 0)
            add_field_error(r, json_is_array(codes) ? arena_sprintf(r->arena, "%s/%zu", pointer, i) : pointer,
                            "is not a barrier code of this network (see /v1/barrier-codes)");
    }
    return 0;
}

/* Field errors for a code the network does not know and a referral that
 * is not one of this case's (that the caller takes part in). */
static int check_references(req_t *r, json_t *body, const char *case_id)
{
    if (barrier_codes_unknown(r, json_object_get(body, "code"), "/code") != 0)
        return -1;
    const char *referral = json_string_value(json_object_get(body, "referral_id"));
    if (referral) {
        const char *params[2] = {referral, case_id};
        PGresult *res = db_exec(r, &BARRIER_REFERRAL_OF_CASE, params);
        if (res == NULL)
            return -1;
        if (PQntuples(res) == 0)
            add_field_error(r, "/referral_id", "is not a referral of this case your agency takes part in");
    }
    if (r->err_errors)
        return fail_req(r, ERR_VALIDATION, "%zu field(s) are invalid; see errors",
                        json_array_size(r->err_errors));
    return 0;
}

int h_barriers_create(req_t *r)
{
    case_access_t a;
    if (case_here(r, &a) != 0)
        return -1;
    json_t *body = body_object(r, 0);
    if (body == NULL || body_validate(r, body, BARRIER_FIELDS, 0) != 0 ||
        check_references(r, body, a.id) != 0)
        return -1;
    if (json_string_value(json_object_get(body, "text")) && !(a.cats & CAT_JOURNAL))
        return case_deny(r, &a, "barrier.create", ERR_FORBIDDEN,
                         "a free text needs consent covering the journal; report the coded barrier without it");
    const char *params[3] = {a.id, json_text(r, body), r->principal.sub};
    PGresult *res = db_write(r, &BARRIER_CREATE, params, "barrier.reported", "barrier");
    const char *cats = json_object_get(body, "text") ? "{journal}" : NULL;
    if (res == NULL || audit(r, "barrier.create", a.id, cats, 1) != 0)
        return -1;
    return respond_row(r, res, 201, arena_sprintf(r->arena, "/v1/cases/%s/barriers/%s", a.id,
                                                  db_get(res, 0, "id")));
}

/* Coded barriers for everyone who sees the case, the text with the journal. */
static const case_sub_t BARRIERS = {NULL, "barrier.list", "barrier.read", &BARRIER_LIST,
                                    &BARRIER_GET, CAT_JOURNAL | CAT_PLAN | CAT_RESIDENCE};

int h_barriers_list(req_t *r)
{
    const char *code = req_query(r, "code");
    if (code && !is_barrier_code(code))
        return fail_req(r, ERR_BAD_REQUEST, "code " BARRIER_CODE_MSG);
    return case_sub_list(r, &BARRIERS, code);
}

int h_barriers_get(req_t *r)
{
    return case_sub_get(r, &BARRIERS);
}

int barrier_from_decline(req_t *r, const char *referral_id)
{
    const char *params[2] = {referral_id, r->principal.sub};
    PGresult *res = db_exec(r, &BARRIER_FROM_DECLINE, params);
    if (res == NULL)
        return -1;
    if (PQntuples(res) == 0)
        return 0;
    r->case_id = db_get(res, 0, "case_id");
    return db_event(r, "barrier.reported", "barrier", db_get(res, 0, "id"), NULL);
}
