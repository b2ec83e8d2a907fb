/* gaps.c - the steering group's gap register.  A gap is opened from one
 * or more barrier codes (optionally narrowed to a field of action and a
 * municipality), assigned to an agency or a working group, followed up
 * with dated measures and decisions, and closed: open -> in_progress ->
 * resolved | accepted_as_is (accepted_as_is also straight from open).
 * Gaps are steering records without personal data: every member of the
 * network reads them, the coordinator writes them.  A gap shows, per
 * barrier code, the barriers in the whole calendar months before the
 * month of its first measure and from that month on (?window_days 30, 90
 * (default), 180 or 365: 1, 3, 6 or 12 months), perturbed like the
 * statistics. */
#include "gaps.h"
#include "handlers.h"
#include "json_in.h"
#include "page.h"
#include "resource.h"
#include "state_machine.h"
#include "statistics.h"
#include "stats_cell.h"
#include "stats_request.h"

#include <stdlib.h>
#include <string.h>

static const char *const GAP_STATUSES[] = {"open", "in_progress", "resolved", "accepted_as_is", NULL};
static const char *const MEASURE_KINDS[] = {"measure", "decision", NULL};

#define GAP_FIELD_LIST(required)                                                               \
    FIELD_STR("title", required, 1, 300), FIELD_TEXT("description", F_NULLABLE, 1, 5000),       \
        FIELD_STRS("barrier_codes", required, 1, 20, is_barrier_code, BARRIER_CODE_MSG),         \
        FIELD_ENUM("field_of_action", F_NULLABLE, FIELDS_OF_ACTION),                             \
        FIELD_FMT("municipality_ags", F_NULLABLE, 8, 8, is_ags, "is an 8-digit Amtlicher Gemeindeschlüssel"), \
        FIELD_UUID("assigned_agency_id", F_NULLABLE), FIELD_STR("assigned_group", F_NULLABLE, 1, 200), \
        FIELD_END
static const field_spec_t GAP_FIELDS[] = {GAP_FIELD_LIST(F_REQUIRED)};
static const field_spec_t GAP_PATCH[] = {GAP_FIELD_LIST(0)};
static const field_spec_t MEASURE_FIELDS[] = {
    FIELD_ENUM("kind", F_REQUIRED, MEASURE_KINDS),
    FIELD_TEXT("text", F_REQUIRED, 1, 5000),
    FIELD_DATE("taken_on", F_REQUIRED | F_PAST),
    FIELD_END,
};
static const field_spec_t CLOSE_FIELDS[] = {
    FIELD_TEXT("closing_note", F_NULLABLE, 1, 5000),
    FIELD_END,
};

/* 400 for barrier codes the network does not know. */
static int check_codes_known(req_t *r, json_t *body)
{
    json_t *codes = json_object_get(body, "barrier_codes");
    if (codes && barrier_codes_unknown(r, codes, "/barrier_codes") != 0)
        return -1;
    if (r->err_errors)
        return fail_req(r, ERR_VALIDATION, "%zu field(s) are invalid; see errors",
                        json_array_size(r->err_errors));
    return 0;
}

int h_gaps_create(req_t *r)
{
    json_t *body = body_object(r, 0);
    if (body == NULL || body_validate(r, body, GAP_FIELDS, 0) != 0 || check_codes_known(r, body) != 0)
        return -1;
    const char *params[2] = {json_text(r, body), r->principal.sub};
    PGresult *res = db_write(r, &GAP_CREATE, params, "gap.opened", "gap");
    if (res == NULL)
        return -1;
    return respond_row(r, res, 201, arena_sprintf(r->arena, "/v1/gaps/%s", db_get(res, 0, "id")));
}

int h_gaps_list(req_t *r)
{
    page_t p;
    const char *status;
    if (page_parse(r, &p) != 0 || query_enum(r, "status", GAP_STATUSES, &status) != 0)
        return -1;
    const char *params[4] = {p.after, p.limit_plus_one, status, p.updated_since};
    PGresult *res = db_exec(r, &GAP_LIST, params);
    if (res == NULL)
        return -1;
    return page_respond(r, &p, res);
}

/* The gap of path parameter 0 (404 when missing), optionally required to
 * be open or in progress (409). */
static PGresult *current_gap(req_t *r, int must_be_open)
{
    const char *params[1] = {uuid_param(r, 0)};
    if (params[0] == NULL)
        return NULL;
    PGresult *cur = db_exec(r, &GAP_GET, params);
    if (cur == NULL)
        return NULL;
    if (PQntuples(cur) == 0) {
        fail_req(r, ERR_NOT_FOUND, "no such gap");
        return NULL;
    }
    const char *status = db_get(cur, 0, "status");
    if (must_be_open && strcmp(status, "open") != 0 && strcmp(status, "in_progress") != 0) {
        fail_req(r, ERR_CONFLICT, "the gap is %s; open a new one", status);
        return NULL;
    }
    return cur;
}

/* The barrier counts in the whole months of the window (days: 30, 90,
 * 180 or 365) around the gap's first measure, or null before one: per
 * code and in total (a cell of its own), before and after, perturbed like
 * the statistics. */
static json_t *gap_effect(req_t *r, const char *id, int days, int *failed)
{
    char m[16];
    snprintf(m, sizeof m, "%d", days == 365 ? 12 : days / 30); /* whole months: 30, 90, 180 days */
    const char *params[2] = {id, m};
    PGresult *res = db_exec_counting(r, &GAP_EFFECT, params, r->principal.network); /* on a replica if any */
    *failed = res == NULL;
    if (*failed || PQntuples(res) == 0)
        return json_null();
    json_t *codes = json_array();
    cell_t before_all = {0, 0, 0}, after_all = {0, 0, 0};
    for (int i = 0; i < PQntuples(res); i++) {
        cell_t before = {atol(PQgetvalue(res, i, 1)), cell_key(PQgetvalue(res, i, 2)), 0};
        cell_t after = {atol(PQgetvalue(res, i, 3)), cell_key(PQgetvalue(res, i, 4)), 0};
        cell_add(&before_all, &before);
        cell_add(&after_all, &after);
        json_array_append_new(codes, json_pack("{s:s, s:I, s:I}", "code", PQgetvalue(res, i, 0), "before",
                                               (json_int_t)cell_published(&before), "after",
                                               (json_int_t)cell_published(&after)));
    }
    return json_pack("{s:s, s:i, s:s, s:s, s:o, s:{s:I, s:I}, s:o}", "measure_on", PQgetvalue(res, 0, 5),
                     "window_days", days, "before_from", PQgetvalue(res, 0, 6),
                     "after_until", PQgetvalue(res, 0, 7), "codes", codes, "total", "before",
                     (json_int_t)cell_published(&before_all), "after", (json_int_t)cell_published(&after_all),
                     "disclosure_control", stats_method_json());
}

int h_gaps_get(req_t *r)
{
    /* whole calendar months, so that a window cannot slide by a day */
    static const char *const WINDOWS[] = {"30", "90", "180", "365", NULL};
    const char *w;
    if (query_enum(r, "window_days", WINDOWS, &w) != 0)
        return -1;
    int days = w ? atoi(w) : 90;
    PGresult *cur = current_gap(r, 0);
    if (cur == NULL)
        return -1;
    int failed;
    json_t *gap = json_loads(db_get(cur, 0, "json"), 0, NULL);
    json_object_set_new(gap, "effect", gap_effect(r, uuid_param(r, 0), days, &failed));
    if (failed) {
        json_decref(gap);
        return -1;
    }
    resp_etag(r, db_get(cur, 0, "version"));
    return respond_json(r, 200, gap);
}

int h_gaps_update(req_t *r)
{
    const char *version;
    json_t *patch = patch_body(r, GAP_PATCH, &version);
    if (patch == NULL || check_codes_known(r, patch) != 0)
        return -1;
    PGresult *cur = current_gap(r, 1);
    if (cur == NULL)
        return -1;
    const char *params[3] = {uuid_param(r, 0), json_text(r, patch), version ? version : db_get(cur, 0, "version")};
    PGresult *res = db_write(r, &GAP_UPDATE, params, "gap.updated", "gap");
    if (res == NULL)
        return -1;
    if (PQntuples(res) == 0)
        return fail_req(r, ERR_PRECONDITION_FAILED, "the gap changed since you read it");
    return respond_row(r, res, 200, NULL);
}

/* A gap's status actions (the coordinator takes them). */
static const transition_t TRANSITIONS[] = {
    {"start", NULL, {"open", NULL}, "in_progress"},
    {"resolve", NULL, {"in_progress", NULL}, "resolved"},
    {"accept-as-is", NULL, {"open", "in_progress", NULL}, "accepted_as_is"},
};
static const state_machine_t GAP_STATES = STATE_MACHINE(TRANSITIONS);

/* Takes status action t with its event. */
static int transition(req_t *r, const transition_t *t, const char *event)
{
    const char *to = t->to;
    int ok;
    const char *version = if_match_version(r, &ok);
    if (!ok)
        return -1;
    const char *note = NULL;
    if (strcmp(to, "in_progress") != 0 && r->body_len > 0) {
        json_t *body = body_object(r, 0);
        if (body == NULL || body_validate(r, body, CLOSE_FIELDS, 0) != 0)
            return -1;
        note = json_string_value(json_object_get(body, "closing_note"));
    }
    PGresult *cur = current_gap(r, 0);
    if (cur == NULL)
        return -1;
    const char *status = db_get(cur, 0, "status");
    if (require_version(r, db_get(cur, 0, "version")) != 0)
        return -1;
    if (sm_take(r, &GAP_STATES, t->action, status, NULL) == NULL)
        return -1;
    const char *params[5] = {uuid_param(r, 0), to, status, note, version};
    PGresult *res = db_write(r, &GAP_TRANSITION, params, event, "gap");
    if (res == NULL)
        return -1;
    if (PQntuples(res) == 0)
        return fail_req(r, ERR_PRECONDITION_FAILED, "the gap changed since you read it");
    return respond_row(r, res, 200, NULL);
}

int h_gaps_start(req_t *r)
{
    return transition(r, &TRANSITIONS[0], "gap.started");
}

int h_gaps_resolve(req_t *r)
{
    return transition(r, &TRANSITIONS[1], "gap.resolved");
}

int h_gaps_accept(req_t *r)
{
    return transition(r, &TRANSITIONS[2], "gap.accepted_as_is");
}

int h_gaps_measure_add(req_t *r)
{
    json_t *body = body_object(r, 0);
    if (body == NULL || body_validate(r, body, MEASURE_FIELDS, 0) != 0 || current_gap(r, 1) == NULL)
        return -1;
    const char *params[3] = {uuid_param(r, 0), json_text(r, body), r->principal.sub};
    PGresult *res = db_write(r, &GAP_MEASURE_ADD, params, "gap.measure_recorded", "gap");
    if (res == NULL)
        return -1;
    if (PQntuples(res) == 0)
        return fail_req(r, ERR_CONFLICT, "the gap was closed meanwhile");
    if ((res = current_gap(r, 0)) == NULL)
        return -1;
    return respond_row(r, res, 201, arena_sprintf(r->arena, "/v1/gaps/%s", uuid_param(r, 0)));
}
