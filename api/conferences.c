/* conferences.c - case conferences: an agency that sees a case invites
 * the agencies working on it (each needs an active consent), they answer,
 * the organiser reschedules (answers reset) or cancels; once held, the
 * organiser records attendance, minutes and decisions (action items, which
 * may become goals of the plan).  Minutes are shown to participants whose
 * consent covers the journal, decisions to those it covers the plan for.
 * More than 24 hours after the meeting every change keeps the previous
 * text as a correction.  Creating and rescheduling answer with warnings
 * about overlapping conferences of the agencies taking part. */
#include "audit.h"
#include "case_access.h"
#include "conferences.h"
#include "goals.h"
#include "handlers.h"
#include "json_in.h"
#include "page.h"
#include "resource.h"
#include "state_machine.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const ROLES[] = {"chair", "minute_taker", "participant", NULL};
static const char *const ANSWERS[] = {"confirmed", "declined", NULL};
const char *const DECISION_STATUSES[] = {"open", "done", "dropped", NULL};

static int is_language_code(const char *s)
{
    return strlen(s) == 2 && strspn(s, "abcdefghijklmnopqrstuvwxyz") == 2;
}

static const field_spec_t PARTICIPANT[] = {
    FIELD_UUID("agency_id", F_REQUIRED),
    FIELD_ENUM("role", F_REQUIRED, ROLES),
    FIELD_END,
};
static const field_spec_t CONFERENCE_FIELDS[] = {
    FIELD_UUID("case_id", F_REQUIRED),
    FIELD_TIME("starts_at", F_REQUIRED),
    FIELD_TIME("ends_at", F_REQUIRED),
    FIELD_STR("place", F_NULLABLE, 1, 500),
    FIELD_URL("online_url", F_NULLABLE, 8, 2000),
    FIELD_TEXT("agenda", F_NULLABLE, 1, 20000),
    FIELD_BOOL("person_attends", 0),
    FIELD_FMT("interpreter_language", F_NULLABLE, 2, 2, is_language_code, "must be an ISO 639-1 code"),
    FIELD_OBJS("participants", F_REQUIRED, 1, 30, PARTICIPANT),
    FIELD_UUID("household_id", F_NULLABLE),
    FIELD_END,
};

/* The conference with the overlap warnings added; status 200 or 201. */
static int respond_with_warnings(req_t *r, const char *id, int status)
{
    const char *params[1] = {id};
    PGresult *conf = db_exec(r, &CONF_GET, params);
    PGresult *warn = conf ? db_exec(r, &CONF_OVERLAPS, params) : NULL;
    if (warn == NULL)
        return -1;
    json_t *body = json_loads(db_get(conf, 0, "json"), 0, NULL);
    json_object_set_new(body, "warnings", json_loads(db_get(warn, 0, "warnings"), 0, NULL));
    resp_etag(r, db_get(conf, 0, "version"));
    if (status == 201)
        resp_header(r, "Location", arena_sprintf(r->arena, "/v1/conferences/%s", id));
    return respond_json(r, status, body);
}

/* Members of conference bodies that hold personal data, by the column that stores them
 * (their categories come from the personal-data map). */
static const member_column_t PERSONAL_MEMBERS[] = {
    {"place", "conferences.place"},
    {"online_url", "conferences.online_url"},
    {"interpreter_language", "conferences.interpreter_language"},
    {"agenda", "conferences.agenda"},
    {"reason", "conferences.cancel_reason"},
    {"note", "conference_participants.answer_note"},
    {NULL, NULL},
};

/* What an agency may not read of a conference it may not write: 403
 * unless its consent covers the category of every member body sets. */
static int members_allowed(req_t *r, json_t *body)
{
    case_access_t a;
    const char *action = r->match.route->audit;
    if (case_here(r, &a) != 0)
        return -1;
    return case_require_members(r, &a, body, PERSONAL_MEMBERS, action);
}

int h_conferences_create(req_t *r)
{
    json_t *body = body_object(r, 0);
    if (body == NULL || body_validate(r, body, CONFERENCE_FIELDS, 0) != 0)
        return -1;
    const char *case_id = json_string_value(json_object_get(body, "case_id"));
    case_access_t a;
    if (case_here(r, &a) != 0 || members_allowed(r, body) != 0)
        return -1;
    if (strcmp(json_string_value(json_object_get(body, "starts_at")),
               json_string_value(json_object_get(body, "ends_at"))) >= 0) {
        add_field_error(r, "/ends_at", "must be after starts_at");
        return fail_req(r, ERR_VALIDATION, "the conference ends before it starts");
    }
    json_t *participants = json_object_get(body, "participants"), *ids = json_array();
    arena_defer(r->arena, (void (*)(void *))json_decref, ids);
    for (size_t i = 0; i < json_array_size(participants); i++) {
        json_t *agency = json_object_get(json_array_get(participants, i), "agency_id");
        for (size_t j = 0; j < json_array_size(ids); j++)
            if (json_equal(json_array_get(ids, j), agency))
                add_field_error(r, arena_sprintf(r->arena, "/participants/%zu/agency_id", i),
                                "names the same agency twice");
        json_array_append(ids, agency);
    }
    if (r->err_errors)
        return fail_req(r, ERR_VALIDATION, "an agency takes part once");
    const char *cparams[2] = {case_id, json_text(r, ids)};
    PGresult *missing = db_exec(r, &CONF_WITHOUT_CONSENT, cparams);
    if (missing == NULL)
        return -1;
    /* Only the lead agency may know who holds consent (it alone lists the consents), so only
     * the lead is refused; another organiser's invitation stands, and an agency without consent
     * sees the conference only once it holds one (row-level security of conferences). */
    if (db_get(missing, 0, "agencies") && a.is_lead)
        return fail_req(r, ERR_CONSENT_REQUIRED, "these agencies have no active consent for the "
                        "case: %s", db_get(missing, 0, "agencies"));
    const char *params[2] = {json_text(r, body), r->principal.sub};
    PGresult *res = db_write(r, &CONF_CREATE, params, "conference.scheduled", "conference");
    if (res == NULL)
        return -1;
    if (PQntuples(res) == 0) {
        add_field_error(r, "/household_id", "is not the household of this case");
        return fail_req(r, ERR_VALIDATION, "a household's conference is held on the case of one of its members");
    }
    const char *id = db_get(res, 0, "id");
    const char *pparams[2] = {id, json_text(r, participants)};
    if (db_exec(r, &CONF_ADD_PARTICIPANTS, pparams) == NULL ||
        db_exec(r, &CONF_SET_SLOTS, pparams) == NULL ||
        audit(r, "conference.create", case_id, NULL, 1) != 0)
        return -1;
    return respond_with_warnings(r, id, 201);
}

int h_conferences_list(req_t *r)
{
    page_t p;
    if (page_parse(r, &p) != 0)
        return -1;
    const char *case_id = req_query(r, "case_id"), *from = req_query(r, "from"),
               *to = req_query(r, "to");
    if ((case_id && !is_uuid(case_id)) || (from && !is_timestamp(from)) || (to && !is_timestamp(to)))
        return fail_req(r, ERR_BAD_REQUEST, "case_id must be a UUID, from and to RFC 3339 timestamps");
    if (p.after && !is_key_pair(p.after, is_timestamp, is_uuid))
        return fail_req(r, ERR_BAD_REQUEST, "cursor is not one this service issued");
    const char *tilde = p.after ? strchr(p.after, '~') : NULL;
    const char *params[6] = {case_id, from, to,
                             tilde ? arena_sprintf(r->arena, "%.*s", (int)(tilde - p.after), p.after) : "-infinity",
                             p.limit_plus_one, tilde ? tilde + 1 : "00000000-0000-0000-0000-000000000000"};
    PGresult *res = db_exec_once(r, &CONF_LIST, params);
    return res ? page_respond(r, &p, res) : -1;
}

/* The conference of path parameter 0; NULL (404 set) when not visible. */
static PGresult *load(req_t *r)
{
    const char *params[1] = {uuid_param(r, 0)};
    if (params[0] == NULL)
        return NULL;
    PGresult *res = db_exec(r, &CONF_GET, params);
    if (res && PQntuples(res) == 0) {
        fail_req(r, ERR_NOT_FOUND, "no such conference");
        return NULL;
    }
    if (res)
        r->case_id = db_get(res, 0, "case_id"); /* for the audit row and the idempotency purge */
    return res;
}

int h_conferences_get(req_t *r)
{
    const char *params[1] = {uuid_param(r, 0)};
    return params[0] ? respond_case_row(r, &CONF_GET, params) : -1;
}

static const field_spec_t ANSWER_FIELDS[] = {
    FIELD_ENUM("answer", F_REQUIRED, ANSWERS),
    FIELD_TEXT("note", F_NULLABLE, 1, 2000),
    FIELD_END,
};

/* The actions on a conference (the organiser's, and the invited agencies'
 * answer) and the statuses they start from. */
static const transition_t TRANSITIONS[] = {
    {"reschedule", NULL, {"scheduled", NULL}, "scheduled"},
    {"cancel", NULL, {"scheduled", NULL}, "cancelled"},
    {"held", NULL, {"scheduled", NULL}, "held"},
    {"minutes", NULL, {"held", NULL}, NULL},
    {"answer", NULL, {"scheduled", NULL}, NULL}, /* by the invited agencies */
};
static const state_machine_t CONFERENCE_STATES = STATE_MACHINE(TRANSITIONS);

int h_conferences_answer(req_t *r)
{
    PGresult *cur = load(r);
    if (cur == NULL || require_version(r, db_get(cur, 0, "version")) != 0 ||
        sm_take(r, &CONFERENCE_STATES, "answer", db_get(cur, 0, "status"), NULL) == NULL)
        return -1;
    json_t *body = body_object(r, 0);
    if (body == NULL || body_validate(r, body, ANSWER_FIELDS, 0) != 0 || members_allowed(r, body) != 0)
        return -1;
    const char *params[3] = {path_param(r, 0), json_string_value(json_object_get(body, "answer")),
                             json_string_value(json_object_get(body, "note"))};
    PGresult *res = db_write(r, &CONF_ANSWER, params, "conference.answered", "conference");
    if (res == NULL)
        return -1;
    if (PQntuples(res) == 0)
        return fail_req(r, ERR_CONFLICT, "your agency is not invited to answer");
    return respond_row(r, db_exec(r, &CONF_GET, params), 200, NULL);
}


/* Organiser-only changes: 403 for others, 412 when If-Match is stale,
 * 409 unless the status allows the action. */
static int organiser_change(req_t *r, PGresult *cur, const char *action)
{
    if (strcmp(db_get(cur, 0, "is_organiser"), "t") != 0)
        return fail_req(r, ERR_FORBIDDEN, "only the organising agency may do this");
    if (require_version(r, db_get(cur, 0, "version")) != 0)
        return -1;
    return sm_take(r, &CONFERENCE_STATES, action, db_get(cur, 0, "status"), NULL) ? 0 : -1;
}

/* The start of an organiser's action: the conference in a status that
 * allows it, If-Match (version NULL for "*") and the body checked against
 * fields. */
static int organiser_action(req_t *r, const char *action, const field_spec_t *fields, int merge,
                            PGresult **cur, const char **version, json_t **body)
{
    int ok;
    if ((*cur = load(r)) == NULL || organiser_change(r, *cur, action) != 0)
        return -1;
    *version = if_match_version(r, &ok);
    if (!ok || (*body = body_object(r, merge)) == NULL || body_validate(r, *body, fields, 0) != 0)
        return -1;
    return members_allowed(r, *body);
}

static const field_spec_t RESCHEDULE_FIELDS[] = {
    FIELD_TIME("starts_at", F_REQUIRED),
    FIELD_TIME("ends_at", F_REQUIRED),
    FIELD_STR("place", F_NULLABLE, 1, 500),
    FIELD_URL("online_url", F_NULLABLE, 8, 2000),
    FIELD_END,
};

int h_conferences_reschedule(req_t *r)
{
    PGresult *cur;
    const char *version;
    json_t *body;
    if (organiser_action(r, "reschedule", RESCHEDULE_FIELDS, 0, &cur, &version, &body) != 0)
        return -1;
    const char *params[3] = {path_param(r, 0), json_text(r, body), version};
    PGresult *res = db_write(r, &CONF_RESCHEDULE, params, "conference.rescheduled", "conference");
    if (res == NULL)
        return -1;
    if (PQntuples(res) == 0)
        return fail_req(r, ERR_PRECONDITION_FAILED, "the conference changed since you read it");
    if (db_exec(r, &CONF_RESET_ANSWERS, params) == NULL || db_exec(r, &CONF_SET_SLOTS, params) == NULL)
        return -1;
    return respond_with_warnings(r, params[0], 200);
}

static const field_spec_t CANCEL_FIELDS[] = {
    FIELD_TEXT("reason", F_REQUIRED, 1, 2000),
    FIELD_END,
};

int h_conferences_cancel(req_t *r)
{
    PGresult *cur;
    const char *version;
    json_t *body;
    if (organiser_action(r, "cancel", CANCEL_FIELDS, 0, &cur, &version, &body) != 0)
        return -1;
    const char *params[3] = {path_param(r, 0), json_string_value(json_object_get(body, "reason")),
                             version};
    PGresult *res = db_write(r, &CONF_CANCEL, params, "conference.cancelled", "conference");
    if (res == NULL)
        return -1;
    if (PQntuples(res) == 0)
        return fail_req(r, ERR_PRECONDITION_FAILED, "the conference changed since you read it");
    if (db_exec(r, &CONF_CLEAR_SLOTS, params) == NULL)
        return -1;
    return respond_row(r, db_exec(r, &CONF_GET, params), 200, NULL);
}

static const field_spec_t ATTENDANCE[] = {
    FIELD_UUID("agency_id", F_REQUIRED),
    FIELD_BOOL("attended", F_REQUIRED),
    FIELD_END,
};
static const field_spec_t DECISION[] = {
    FIELD_TEXT("text", F_REQUIRED, 1, 5000),
    FIELD_UUID("responsible_agency_id", F_REQUIRED),
    FIELD_DATE("due_on", F_NULLABLE),
    FIELD_ENUM("field_of_action", 0, FIELDS_OF_ACTION),
    FIELD_BOOL("create_goal", 0),
    FIELD_END,
};
static const field_spec_t HELD_FIELDS[] = {
    FIELD_TEXT("minutes", F_REQUIRED, 1, 100000),
    FIELD_OBJS("attendance", 0, 0, 30, ATTENDANCE),
    FIELD_OBJS("decisions", 0, 0, 50, DECISION),
    FIELD_END,
};

/* Records one decision; with create_goal also the goal of the plan. */
static int add_decision(req_t *r, const char *conference, const case_access_t *a, json_t *d,
                        size_t index)
{
    const char *goal = NULL;
    if (json_is_true(json_object_get(d, "create_goal"))) {
        json_t *field = json_object_get(d, "field_of_action");
        if (field == NULL) {
            add_field_error(r, arena_sprintf(r->arena, "/decisions/%zu/field_of_action", index),
                            "is required to create a goal");
            return fail_req(r, ERR_VALIDATION, "a goal needs a field of action");
        }
        json_t *g = json_pack("{s:O, s:O, s:O, s:O}", "field_of_action", field, "title",
                              json_object_get(d, "text"), "responsible_agency_id",
                              json_object_get(d, "responsible_agency_id"), "due_on",
                              json_object_get(d, "due_on") ? json_object_get(d, "due_on") : json_null());
        const char *gparams[3] = {a->id, json_text(r, g), r->principal.sub};
        json_decref(g);
        PGresult *res = db_write(r, &GOAL_CREATE, gparams, "goal.created", "goal");
        if (res == NULL)
            return -1;
        goal = db_get(res, 0, "id");
    }
    const char *params[4] = {conference, a->id, json_text(r, d), goal};
    return db_write(r, &CONF_ADD_DECISION, params, "decision.created", "decision") ? 0 : -1;
}

int h_conferences_hold(req_t *r)
{
    PGresult *cur;
    const char *version;
    json_t *body;
    if (organiser_action(r, "held", HELD_FIELDS, 0, &cur, &version, &body) != 0)
        return -1;
    case_access_t a;
    json_t *decisions = json_object_get(body, "decisions");
    if (case_here(r, &a) != 0 ||
        (json_array_size(decisions) && case_require(r, &a, CAT_PLAN, 0, "conference.held") != 0))
        return -1;
    const char *id = path_param(r, 0);
    const char *params[3] = {id, json_string_value(json_object_get(body, "minutes")), version};
    PGresult *res = db_write(r, &CONF_HOLD, params, "conference.held", "conference");
    if (res == NULL)
        return -1;
    if (PQntuples(res) == 0)
        return fail_req(r, ERR_PRECONDITION_FAILED, "the conference changed since you read it");
    json_t *attendance = json_object_get(body, "attendance");
    const char *aparams[2] = {id, attendance ? json_text(r, attendance) : "[]"};
    if (attendance && db_exec(r, &CONF_ATTENDANCE, aparams) == NULL)
        return -1;
    for (size_t i = 0; i < json_array_size(decisions); i++)
        if (add_decision(r, id, &a, json_array_get(decisions, i), i) != 0)
            return -1;
    if (db_exec(r, &CONF_CLEAR_SLOTS, params) == NULL ||
        audit(r, "conference.held", a.id, "{journal,plan}", 1) != 0)
        return -1;
    return respond_row(r, db_exec(r, &CONF_GET, params), 200, NULL);
}

static const field_spec_t MINUTES_FIELDS[] = {
    FIELD_TEXT("minutes", F_REQUIRED, 1, 100000),
    FIELD_END,
};

int h_conferences_minutes(req_t *r)
{
    PGresult *cur;
    const char *version;
    json_t *body;
    if (organiser_action(r, "minutes", MINUTES_FIELDS, 1, &cur, &version, &body) != 0)
        return -1;
    const char *id = path_param(r, 0);
    const char *kparams[3] = {id, "minutes", r->principal.sub};
    if (strcmp(db_get(cur, 0, "late"), "t") == 0 && db_exec(r, &CONF_KEEP_CORRECTION, kparams) == NULL)
        return -1;
    const char *params[3] = {id, json_string_value(json_object_get(body, "minutes")), version};
    PGresult *res = db_write(r, &CONF_SET_MINUTES, params, "conference.minutes_corrected",
                             "conference");
    if (res == NULL)
        return -1;
    if (PQntuples(res) == 0)
        return fail_req(r, ERR_PRECONDITION_FAILED, "the conference changed since you read it");
    return respond_row(r, db_exec(r, &CONF_GET, params), 200, NULL);
}

static const field_spec_t DECISION_PATCH[] = {
    FIELD_TEXT("text", 0, 1, 5000),
    FIELD_DATE("due_on", F_NULLABLE),
    FIELD_ENUM("status", 0, DECISION_STATUSES),
    FIELD_END,
};

int h_decisions_update(req_t *r)
{
    PGresult *cur = load(r);
    if (cur == NULL || require_version(r, db_get(cur, 0, "version")) != 0)
        return -1;
    const char *decision = uuid_param(r, 1);
    json_t *patch = decision ? body_object(r, 1) : NULL;
    if (patch == NULL || body_validate(r, patch, DECISION_PATCH, 1) != 0)
        return -1;
    const char *id = path_param(r, 0);
    if (json_object_get(patch, "text") && strcmp(db_get(cur, 0, "late"), "t") == 0) {
        const char *kparams[3] = {id, arena_sprintf(r->arena, "decision:%s", decision),
                                  r->principal.sub};
        if (db_exec(r, &CONF_KEEP_CORRECTION, kparams) == NULL)
            return -1;
    }
    const char *params[3] = {id, decision, json_text(r, patch)};
    PGresult *res = db_write(r, &DECISION_UPDATE, params, "decision.updated", "decision");
    if (res == NULL)
        return -1;
    if (PQntuples(res) == 0)
        return fail_req(r, ERR_NOT_FOUND, "no such decision you may change");
    return respond_row(r, db_exec(r, &CONF_GET, params), 200, NULL);
}

int h_action_items(req_t *r)
{
    page_t p;
    if (page_parse(r, &p) != 0)
        return -1;
    if (p.after && !is_key_pair(p.after, is_due_date, is_uuid))
        return fail_req(r, ERR_BAD_REQUEST, "cursor is not one this service issued");
    const char *params[2] = {p.after, p.limit_plus_one};
    PGresult *res = db_exec_once(r, &ACTION_ITEMS, params);
    return res ? page_respond(r, &p, res) : -1;
}

/* RFC 5545 TEXT escaping (3.3.11); a line break becomes \n, other control
 * characters are dropped, so no value can end its content line. */
static void ics_text(FILE *f, const char *s)
{
    for (; s && *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '\\' || c == ';' || c == ',')
            fputc('\\', f);
        if (c == '\n')
            fputs("\\n", f);
        else if (c >= 0x20 && c != 0x7f)
            fputc(c, f);
    }
}

/* A URI value (3.3.13): no escaping, but nothing below 0x21 nor DEL (an
 * address stored before URLs were checked cannot add lines either). */
static void ics_uri(FILE *f, const char *s)
{
    for (; s && *s; s++)
        if ((unsigned char)*s > 0x20 && *s != 0x7f)
            fputc(*s, f);
}

/* Writes one content line folded at 75 octets (never inside a UTF-8 sequence). */
static void ics_line(FILE *out, const char *line)
{
    size_t n = strlen(line), col = 0;
    for (size_t i = 0; i < n; i++) {
        int starts_char = ((unsigned char)line[i] & 0xC0) != 0x80;
        if (col >= 73 && starts_char) {
            fputs("\r\n ", out);
            col = 1;
        }
        fputc(line[i], out);
        col++;
    }
    fputs("\r\n", out);
}

static void ics_event(FILE *out, PGresult *res, int row)
{
    char *buf = NULL;
    size_t len = 0;
    const char *status = db_get(res, row, "status");
    ics_line(out, "BEGIN:VEVENT");
    char line[512];
    snprintf(line, sizeof line, "UID:%s@lotse", db_get(res, row, "id"));
    ics_line(out, line);
    snprintf(line, sizeof line, "SEQUENCE:%s", db_get(res, row, "sequence"));
    ics_line(out, line);
    snprintf(line, sizeof line, "DTSTAMP:%s", db_get(res, row, "stamp"));
    ics_line(out, line);
    snprintf(line, sizeof line, "DTSTART:%s", db_get(res, row, "dtstart"));
    ics_line(out, line);
    snprintf(line, sizeof line, "DTEND:%s", db_get(res, row, "dtend"));
    ics_line(out, line);
    snprintf(line, sizeof line, "STATUS:%s", strcmp(status, "cancelled") == 0 ? "CANCELLED" : "CONFIRMED");
    ics_line(out, line);
    const char *fields[][2] = {{"SUMMARY:Fallkonferenz ", "reference"},
                               {"LOCATION:", db_get(res, row, "place") ? "place" : "online_url"},
                               {"DESCRIPTION:Organisiert von ", "organiser"}};
    for (int i = 0; i < 3; i++) {
        const char *v = db_get(res, row, fields[i][1]);
        if (v == NULL)
            continue;
        FILE *f = open_memstream(&buf, &len);
        fputs(fields[i][0], f);
        ics_text(f, v);
        fclose(f);
        ics_line(out, buf);
        free(buf);
        buf = NULL;
    }
    if (db_get(res, row, "online_url")) {
        FILE *f = open_memstream(&buf, &len);
        fputs("URL:", f);
        ics_uri(f, db_get(res, row, "online_url"));
        fclose(f);
        ics_line(out, buf);
        free(buf);
    }
    ics_line(out, "END:VEVENT");
}

static int respond_calendar(req_t *r, const char *conference)
{
    const char *params[1] = {conference};
    PGresult *res = db_exec_once(r, &CONF_CALENDAR, params);
    if (res == NULL)
        return -1;
    if (conference && PQntuples(res) == 0)
        return fail_req(r, ERR_NOT_FOUND, "no such conference");
    note_case_ids(r, res, PQntuples(res));
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);
    ics_line(out, "BEGIN:VCALENDAR");
    ics_line(out, "VERSION:2.0");
    ics_line(out, "PRODID:-//Lotse//Fallkonferenzen//DE");
    ics_line(out, "CALSCALE:GREGORIAN");
    ics_line(out, "METHOD:PUBLISH");
    for (int i = 0; i < PQntuples(res); i++)
        ics_event(out, res, i);
    ics_line(out, "END:VCALENDAR");
    fclose(out);
    respond_bytes(r, 200, "text/calendar; charset=utf-8", buf, len);
    free(buf);
    return 0;
}

int h_conference_ics(req_t *r)
{
    const char *id = uuid_param(r, 0);
    return id ? respond_calendar(r, id) : -1;
}

int h_feed_calendar(req_t *r)
{
    return respond_calendar(r, NULL); /* the feed's agency, as the dispatcher found it */
}

int h_agency_calendar(req_t *r)
{
    const char *id = uuid_param(r, 0);
    if (id == NULL)
        return -1;
    if (strcmp(id, r->principal.agency) != 0)
        return fail_req(r, ERR_NOT_FOUND, "the feed of another agency is not yours to read");
    return respond_calendar(r, NULL);
}
