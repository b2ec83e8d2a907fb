/* handovers.c - moving a person to another network (issue 22): the lead
 * agency offers a handover under a consent naming the receiving network
 * (POST /v1/cases/{id}/handovers); the receiving side reads it, accepts it
 * (a new case in its network) or declines it; the source may withdraw it
 * while pending.  What reaches the other network (events, the source
 * case's closing, audit rows) is written by the database (migration 0036),
 * whatever route changed the handover. */
#include "handover_access.h"
#include "handovers.h"
#include "audit.h"
#include "case_access.h"
#include "cases.h"
#include "handlers.h"
#include "json_in.h"
#include "page.h"
#include "resource.h"

#include <string.h>

int handover_scope_enter(req_t *r)
{
    const route_t *rt = r->match.route;
    if (r->principal.agency[0] == '\0')
        return fail_req(r, ERR_FORBIDDEN, "your token names no agency");
    if (r->match.nparams == 0)
        return 0;
    const char *params[3] = {path_param(r, 0), rt->audit, r->request_id};
    if (is_uuid(params[0])) {
        PGresult *res = db_exec(r, &HANDOVER_ACCESS, params);
        if (res == NULL)
            return -1;
        if (PQntuples(res) == 1) {
            handover_access_t *h = arena_alloc(r->arena, sizeof *h);
            h->id = params[0];
            h->side = db_get(res, 0, "side");
            h->status = db_get(res, 0, "status");
            h->version = db_get(res, 0, "version");
            h->cats = db_get(res, 0, "cats");
            r->handover = h;
            r->case_id = db_get(res, 0, "case_id");
            return 0;
        }
    }
    if (audit(r, rt->audit, NULL, NULL, 0) != 0)
        return -1;
    return fail_req(r, ERR_NOT_FOUND, "no such handover");
}

static const field_spec_t OFFER_FIELDS[] = {
    FIELD_UUID("consent_id", F_REQUIRED),
    FIELD_END,
};

int h_handovers_offer(req_t *r)
{
    case_access_t a;
    if (case_here(r, &a) != 0)
        return -1;
    json_t *body = body_object(r, 0);
    if (body == NULL || body_validate(r, body, OFFER_FIELDS, 0) != 0)
        return -1;
    if (strcmp(a.status, "closed") == 0)
        return fail_req(r, ERR_CONFLICT, "a closed case is not handed over");
    const char *params[3] = {a.id, json_string_value(json_object_get(body, "consent_id")),
                             r->principal.sub};
    PGresult *res = db_write(r, &HANDOVER_OFFER, params, "handover.offered", "handover");
    if (res == NULL)
        return -1;
    if (PQntuples(res) == 0) {
        add_field_error(r, "/consent_id", "is not a consent in force of this case naming a receiving network");
        return fail_req(r, ERR_VALIDATION, "a handover needs the person's consent naming the receiving network");
    }
    /* what left the agency's hands: the consent's categories */
    if (audit(r, "handover.offer", a.id, db_get(res, 0, "cats"), 1) != 0)
        return -1;
    return respond_row(r, res, 201, arena_sprintf(r->arena, "/v1/handovers/%s", db_get(res, 0, "id")));
}

int h_handovers_list(req_t *r)
{
    static const char *const DIRECTIONS[] = {"incoming", "outgoing", NULL};
    static const char *const STATUSES[] = {"pending", "accepted", "declined", "withdrawn", NULL};
    page_t p;
    const char *direction, *status;
    if (page_parse(r, &p) != 0 || query_enum(r, "direction", DIRECTIONS, &direction) != 0 ||
        query_enum(r, "status", STATUSES, &status) != 0)
        return -1;
    if (p.after && !is_uuid(p.after))
        return fail_req(r, ERR_BAD_REQUEST, "cursor is not one this service issued");
    const char *case_id = req_query(r, "case_id");
    if (case_id && !is_uuid(case_id))
        return fail_req(r, ERR_BAD_REQUEST, "case_id must be a UUID");
    const char *params[5] = {p.after, p.limit_plus_one, direction, status, case_id};
    PGresult *res = db_exec(r, &HANDOVER_LIST, params);
    return res ? page_respond(r, &p, res) : -1;
}

int h_handovers_get(req_t *r)
{
    const char *params[1] = {r->handover->id};
    PGresult *res = db_exec(r, &HANDOVER_GET, params);
    /* the record's categories, whichever side reads it (none once it is erased) */
    if (res == NULL || audit(r, "handover.read", r->case_id, r->handover->cats, 1) != 0)
        return -1;
    return respond_row(r, res, 200, NULL);
}

/* The handover of r is pending, seen from side, at the version If-Match names: 0, or -1 with
 * 404 (the other side's action: as for a handover the caller is not party to), 409 or 412. */
static int pending_on(req_t *r, const char *side)
{
    const handover_access_t *h = r->handover;
    if (strcmp(h->side, side) != 0)
        return fail_req(r, ERR_NOT_FOUND, "no such handover");
    if (require_version(r, h->version) != 0)
        return -1;
    if (strcmp(h->status, "pending") != 0)
        return fail_req(r, ERR_CONFLICT, "the handover is %s", h->status);
    return 0;
}

static const field_spec_t ACCEPT_FIELDS[] = {
    FIELD_ENUM("target_group", 0, TARGET_GROUPS),
    FIELD_STR("case_manager", F_NULLABLE, 1, 200),
    FIELD_END,
};

int h_handovers_accept(req_t *r)
{
    if (pending_on(r, "target") != 0)
        return -1;
    json_t *body = NULL;
    if (r->body_len > 0 &&
        ((body = body_object(r, 0)) == NULL || body_validate(r, body, ACCEPT_FIELDS, 0) != 0))
        return -1;
    const char *hparams[2] = {r->handover->id, r->handover->version};
    PGresult *held = db_exec(r, &HANDOVER_RECORD, hparams);
    if (held == NULL)
        return -1;
    if (PQntuples(held) == 0)
        return fail_req(r, ERR_CONFLICT, "the handover changed meanwhile, or its consent is no longer valid");
    json_t *record = json_loads(db_get(held, 0, "record"), 0, NULL);
    if (record == NULL)
        return fail_req(r, ERR_INTERNAL, "a handover's record is not JSON");
    arena_defer(r->arena, (void (*)(void *))json_decref, record);
    if (body)
        json_object_update(record, body); /* the receiving side's own choices */
    if (!json_is_string(json_object_get(record, "target_group"))) {
        add_field_error(r, "/target_group", "is required: the record does not carry it");
        return fail_req(r, ERR_VALIDATION, "the handover's consent does not cover residence; "
                                           "name the target group");
    }
    PGresult *ref = db_exec(r, &CASE_NEXT_NUMBER, NULL);
    if (ref == NULL)
        return -1;
    const char *cparams[3] = {json_text(r, record), db_get(ref, 0, "reference"), r->principal.sub};
    PGresult *created = db_write(r, &CASE_CREATE, cparams, "case.created", "case");
    if (created == NULL)
        return -1;
    r->case_id = db_get(created, 0, "id");
    const char *copy[3] = {r->case_id, cparams[0], r->principal.sub};
    PGresult *copied = db_exec(r, &HANDOVER_COPY, copy);
    if (copied == NULL)
        return -1;
    for (int i = 0; i < PQntuples(copied); i++) {
        const char *type = db_get(copied, i, "resource_type");
        if (db_event(r, strcmp(type, "goal") == 0 ? "goal.created" : "analysis.created", type,
                     db_get(copied, i, "id"), NULL) != 0)
            return -1;
    }
    const char *params[3] = {r->handover->id, r->case_id, r->principal.sub};
    PGresult *res = db_write(r, &HANDOVER_ACCEPT, params, "handover.accepted", "handover");
    if (res == NULL || audit(r, "handover.accept", r->case_id, r->handover->cats, 1) != 0)
        return -1;
    return respond_row(r, res, 200, NULL);
}

static const field_spec_t DECLINE_FIELDS[] = {
    FIELD_TEXT("reason", F_REQUIRED, 1, 1000),
    FIELD_END,
};

int h_handovers_decline(req_t *r)
{
    if (pending_on(r, "target") != 0)
        return -1;
    json_t *body = body_object(r, 0);
    if (body == NULL || body_validate(r, body, DECLINE_FIELDS, 0) != 0)
        return -1;
    const char *params[3] = {r->handover->id, json_string_value(json_object_get(body, "reason")),
                             r->principal.sub};
    PGresult *res = db_write(r, &HANDOVER_DECLINE, params, "handover.declined", "handover");
    return res ? respond_row(r, res, 200, NULL) : -1;
}

int h_handovers_withdraw(req_t *r)
{
    if (pending_on(r, "source") != 0)
        return -1;
    const char *params[2] = {r->handover->id, r->principal.sub};
    PGresult *res = db_write(r, &HANDOVER_WITHDRAW, params, "handover.withdrawn", "handover");
    return res ? respond_row(r, res, 200, NULL) : -1;
}
