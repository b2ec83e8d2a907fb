/* test_conferences.c - case conferences: consent rule, answers,
 * reschedule and cancel, overlap warnings, holding with attendance, minutes
 * and decisions that create goals, visibility of minutes and decisions per
 * consent category, late corrections, action items, and the iCalendar
 * output parsed back field by field. */
#include "case_fixture.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *lead, *caritas, *awo, *mbe, *case_id;

static void setup(void)
{
    demo_team(&lead, &caritas, &awo, &mbe);
    char m[9];
    random_hex(m, 8);
    case_id = create_case(lead, m);
    /* Caritas sees the journal and the plan, the AWO only identity */
    free(grant(lead, case_id, CARITAS_AGENCY, "[\"identity\",\"journal\",\"plan\"]", NULL));
    free(grant(lead, case_id, AWO_AGENCY, "[\"identity\"]", NULL));
}

static void teardown(void)
{
    demo_team_free(lead, caritas, awo, mbe);
    free(case_id);
}

static http_resp_t *schedule(const char *start, const char *end, const char *extra_participant)
{
    char body[1024], extra[128] = "";
    if (extra_participant)
        snprintf(extra, sizeof extra, ",{\"agency_id\":\"%s\",\"role\":\"participant\"}", extra_participant);
    snprintf(body, sizeof body,
             "{\"case_id\":\"%s\",\"starts_at\":\"%s\",\"ends_at\":\"%s\",\"place\":\"Rathaus, Raum 2; EG\","
             "\"agenda\":\"Sprachkurs\",\"person_attends\":true,\"interpreter_language\":\"ar\","
             "\"participants\":[{\"agency_id\":\"" CARITAS_AGENCY "\",\"role\":\"minute_taker\"},"
             "{\"agency_id\":\"" AWO_AGENCY "\",\"role\":\"participant\"}%s]}",
             case_id, start, end, extra);
    return http("POST", "/v1/conferences", lead, body, NULL);
}

/* The value of an iCalendar property (first occurrence), unfolded. */
static char *ics_value(const char *ics, const char *name)
{
    static char out[512];
    char key[64];
    snprintf(key, sizeof key, "\r\n%s:", name);
    const char *p = strstr(ics, key);
    if (p == NULL)
        return NULL;
    p += strlen(key);
    size_t o = 0;
    while (*p && o < sizeof out - 1) {
        if (p[0] == '\r' && p[1] == '\n') {
            if (p[2] == ' ') {
                p += 3;
                continue;
            }
            break;
        }
        out[o++] = *p++;
    }
    out[o] = '\0';
    return out;
}

START_TEST(consent_rule_and_lifecycle)
{
    http_resp_t *r = schedule("2031-03-03T09:00:00Z", "2031-03-03T10:00:00Z", MBE_AGENCY);
    ck_assert_int_eq(r->status, 422);
    ck_assert_str_eq(jstr(r, "type"), "https://lotse.example/problems/consent-required");
    ck_assert_ptr_nonnull(strstr(jstr(r, "detail"), MBE_AGENCY));
    http_free(r);
    r = schedule("2031-03-03T10:00:00Z", "2031-03-03T09:00:00Z", NULL);
    ck_assert_int_eq(r->status, 400);
    http_free(r);

    r = schedule("2031-03-03T09:00:00Z", "2031-03-03T10:00:00Z", NULL);
    ck_assert_int_eq(r->status, 201);
    char id[40], p[160];
    strcpy(id, jstr(r, "id"));
    ck_assert_str_eq(jstr(r, "status"), "scheduled");
    ck_assert_int_eq(json_integer_value(json_object_get(r->json, "sequence")), 0);
    http_free(r);
    snprintf(p, sizeof p, "/v1/conferences/%s", id);
    ck_assert_int_eq(status_of("GET", p, mbe, NULL), 404);

    /* answers; rescheduling resets them */
    char ap[200];
    snprintf(ap, sizeof ap, "%s/answer", p);
    ck_assert_int_eq(status_of("POST", ap, caritas, "{\"answer\":\"confirmed\"}"), 200);
    /* an answer note is plan data (the personal-data map): AWO's consent does not cover the plan */
    ck_assert_int_eq(status_of("POST", ap, awo, "{\"answer\":\"declined\",\"note\":\"Urlaub\"}"), 403);
    ck_assert_int_eq(status_of("POST", ap, awo, "{\"answer\":\"declined\"}"), 200);
    ck_assert_int_eq(status_of("POST", ap, awo, "{\"answer\":\"maybe\"}"), 400);
    snprintf(ap, sizeof ap, "%s/reschedule", p);
    ck_assert_int_eq(status_of("POST", ap, caritas, "{\"starts_at\":\"2031-03-04T09:00:00Z\",\"ends_at\":\"2031-03-04T10:00:00Z\"}"), 403);
    r = http("POST", ap, lead, "{\"starts_at\":\"2031-03-04T09:00:00Z\",\"ends_at\":\"2031-03-04T10:00:00Z\"}",
             (const char *[]){"If-Match: \"v1\"", NULL});
    ck_assert_int_eq(r->status, 200);
    ck_assert_int_eq(json_integer_value(json_object_get(r->json, "sequence")), 1);
    json_t *parts = json_object_get(r->json, "participants");
    for (size_t i = 0; i < json_array_size(parts); i++)
        ck_assert_str_eq(json_string_value(json_object_get(json_array_get(parts, i), "answer")), "pending");
    http_free(r);

    /* the calendar entry names the case by its reference only */
    snprintf(ap, sizeof ap, "/v1/conferences/%s/calendar.ics", id);
    r = http("GET", ap, caritas, NULL, NULL);
    ck_assert_int_eq(r->status, 200);
    char *ct = resp_header_value(r, "Content-Type");
    ck_assert_ptr_nonnull(strstr(ct, "text/calendar"));
    free(ct);
    ck_assert_int_eq(strncmp(r->body, "BEGIN:VCALENDAR\r\n", 17), 0);
    char uid[64];
    snprintf(uid, sizeof uid, "%s@lotse", id);
    ck_assert_str_eq(ics_value(r->body, "UID"), uid);
    ck_assert_str_eq(ics_value(r->body, "SEQUENCE"), "1");
    ck_assert_str_eq(ics_value(r->body, "DTSTART"), "20310304T090000Z");
    ck_assert_str_eq(ics_value(r->body, "DTEND"), "20310304T100000Z");
    ck_assert_str_eq(ics_value(r->body, "STATUS"), "CONFIRMED");
    ck_assert_str_eq(ics_value(r->body, "LOCATION"), "Rathaus\\, Raum 2\\; EG");
    ck_assert_ptr_nonnull(strstr(ics_value(r->body, "SUMMARY"), "Fallkonferenz RBK-"));
    ck_assert_ptr_null(strstr(r->body, "Amina"));
    ck_assert_ptr_nonnull(strstr(r->body, "END:VEVENT\r\nEND:VCALENDAR\r\n"));
    http_free(r);
    ck_assert_int_eq(status_of("GET", ap, mbe, NULL), 404);

    /* cancelling: STATUS:CANCELLED with a higher SEQUENCE */
    snprintf(ap, sizeof ap, "%s/cancel", p);
    ck_assert_int_eq(status_of("POST", ap, lead, "{}"), 400);
    ck_assert_int_eq(status_of("POST", ap, lead, "{\"reason\":\"Klientin verzogen\"}"), 200);
    ck_assert_int_eq(status_of("POST", ap, lead, "{\"reason\":\"nochmal\"}"), 409);
    snprintf(ap, sizeof ap, "/v1/conferences/%s/calendar.ics", id);
    r = http("GET", ap, awo, NULL, NULL);
    ck_assert_str_eq(ics_value(r->body, "STATUS"), "CANCELLED");
    ck_assert_str_eq(ics_value(r->body, "SEQUENCE"), "2");
    http_free(r);
    /* the agency feed holds it too, and is only the agency's own */
    r = http("GET", "/v1/agencies/" AWO_AGENCY "/conferences.ics", awo, NULL, NULL);
    ck_assert_int_eq(r->status, 200);
    ck_assert_ptr_nonnull(strstr(r->body, uid));
    http_free(r);
    ck_assert_int_eq(status_of("GET", "/v1/agencies/" AWO_AGENCY "/conferences.ics", caritas, NULL), 404);
    char sql[256];
    snprintf(sql, sizeof sql, "SELECT string_agg(DISTINCT type, ',') FROM events WHERE resource_id = '%s'", id);
    char *ev = sql_super(sql);
    ck_assert_str_eq(ev, "conference.answered,conference.cancelled,conference.rescheduled,conference.scheduled");
    free(ev);
}
END_TEST

START_TEST(overlap_warnings)
{
    http_resp_t *a = schedule("2034-05-05T09:00:00Z", "2034-05-05T11:00:00Z", NULL);
    ck_assert_int_eq(a->status, 201);
    ck_assert_uint_eq(json_array_size(json_object_get(a->json, "warnings")), 0);
    http_resp_t *b = schedule("2034-05-05T10:30:00Z", "2034-05-05T12:00:00Z", NULL);
    ck_assert_int_eq(b->status, 201);
    json_t *w = json_object_get(b->json, "warnings");
    ck_assert_uint_eq(json_array_size(w), 3); /* Jobcenter, Caritas, AWO are all busy */
    /* only the overlap: the other conference's own times stay unknown */
    ck_assert_str_eq(json_string_value(json_object_get(json_array_get(w, 0), "starts_at")),
                     "2034-05-05T10:30:00.000000Z");
    ck_assert_str_eq(json_string_value(json_object_get(json_array_get(w, 0), "ends_at")),
                     "2034-05-05T11:00:00.000000Z");
    char p[200];
    snprintf(p, sizeof p, "/v1/conferences/%s/reschedule", jstr(b, "id"));
    http_resp_t *c = http("POST", p, lead, "{\"starts_at\":\"2034-05-05T13:00:00Z\",\"ends_at\":\"2034-05-05T14:00:00Z\"}",
                          (const char *[]){"If-Match: *", NULL});
    ck_assert_int_eq(c->status, 200);
    ck_assert_uint_eq(json_array_size(json_object_get(c->json, "warnings")), 0);
    http_free(c);
    http_free(a);
    http_free(b);
}
END_TEST

/* A decision that created a goal is done when the goal is achieved: no stale action item. */
START_TEST(achieving_the_goal_closes_its_decision)
{
    http_resp_t *r = schedule("2026-11-03T09:00:00Z", "2026-11-03T10:00:00Z", NULL);
    char p[200];
    snprintf(p, sizeof p, "/v1/conferences/%s/held", jstr(r, "id"));
    http_free(r);
    r = http("POST", p, lead, "{\"minutes\":\"Kurs\",\"decisions\":[{\"text\":\"Anmeldung B2\","
             "\"responsible_agency_id\":\"" CARITAS_AGENCY "\",\"field_of_action\":\"language\","
             "\"create_goal\":true}]}", (const char *[]){"If-Match: *", NULL});
    ck_assert_int_eq(r->status, 200);
    json_t *d = json_array_get(json_object_get(r->json, "decisions"), 0);
    char decision[40], goal[40];
    snprintf(decision, sizeof decision, "%s", json_string_value(json_object_get(d, "id")));
    snprintf(goal, sizeof goal, "%s", json_string_value(json_object_get(d, "goal_id")));
    http_free(r);
    r = http("GET", "/v1/action-items?limit=500", caritas, NULL, NULL);
    ck_assert_msg(strstr(r->body, decision) != NULL, "%s", r->body);
    http_free(r);
    snprintf(p, sizeof p, "/v1/cases/%s/goals/%s", case_id, goal);
    ck_assert_int_eq(status_of("PATCH", p, caritas, "{\"status\":\"achieved\"}"), 200);
    r = http("GET", "/v1/action-items?limit=500", caritas, NULL, NULL);
    ck_assert_msg(r->status == 200 && strstr(r->body, decision) == NULL, "%s", r->body);
    http_free(r);
    char *state = sqlf("SELECT status || ' ' || (SELECT count(*) FROM events WHERE resource_id = '%1$s' "
                       "AND type = 'decision.updated') FROM conference_decisions WHERE id = '%1$s'", decision);
    ck_assert_str_eq(state, "done 1");
    free(state);
}
END_TEST

START_TEST(held_minutes_decisions_and_corrections)
{
    http_resp_t *r = schedule("2026-11-02T09:00:00Z", "2026-11-02T10:00:00Z", NULL);
    char id[40], p[200];
    strcpy(id, jstr(r, "id"));
    http_free(r);
    snprintf(p, sizeof p, "/v1/conferences/%s/held", id);
    const char *held =
        "{\"minutes\":\"B1-Kurs ab Januar, Anerkennung läuft.\","
        "\"attendance\":[{\"agency_id\":\"" CARITAS_AGENCY "\",\"attended\":true},"
        "{\"agency_id\":\"" AWO_AGENCY "\",\"attended\":false}],"
        "\"decisions\":[{\"text\":\"Anmeldung B1-Kurs\",\"responsible_agency_id\":\"" CARITAS_AGENCY "\","
        "\"due_on\":\"2020-01-01\",\"field_of_action\":\"language\",\"create_goal\":true},"
        "{\"text\":\"Unterlagen sammeln\",\"responsible_agency_id\":\"" JOBCENTER_AGENCY "\"}]}";
    ck_assert_int_eq(status_of("POST", p, caritas, held), 403);
    r = http("POST", p, lead, held, (const char *[]){"If-Match: *", NULL});
    ck_assert_int_eq(r->status, 200);
    ck_assert_str_eq(jstr(r, "status"), "held");
    json_t *decisions = json_object_get(r->json, "decisions");
    ck_assert_uint_eq(json_array_size(decisions), 2);
    const char *goal = json_string_value(json_object_get(json_array_get(decisions, 0), "goal_id"));
    ck_assert_ptr_nonnull(goal);
    char gp[200], decision[40];
    snprintf(gp, sizeof gp, "/v1/cases/%s/goals/%s", case_id, goal);
    strcpy(decision, json_string_value(json_object_get(json_array_get(decisions, 0), "id")));
    http_free(r);
    ck_assert_int_eq(status_of("GET", gp, caritas, NULL), 200);  /* the decision became a goal */
    ck_assert_int_eq(status_of("POST", p, lead, held), 409);

    /* minutes and decisions by consent category: Caritas sees both, the AWO neither */
    snprintf(p, sizeof p, "/v1/conferences/%s", id);
    r = http("GET", p, caritas, NULL, NULL);
    ck_assert_str_eq(jstr(r, "minutes"), "B1-Kurs ab Januar, Anerkennung läuft.");
    ck_assert_uint_eq(json_array_size(json_object_get(r->json, "decisions")), 2);
    http_free(r);
    r = http("GET", p, awo, NULL, NULL);
    ck_assert_int_eq(r->status, 200);
    ck_assert_ptr_null(json_object_get(r->json, "minutes"));
    ck_assert_ptr_null(json_object_get(r->json, "decisions"));
    ck_assert_ptr_null(strstr(r->body, "Anerkennung"));
    ck_assert(json_is_false(json_object_get(json_array_get(json_object_get(r->json, "participants"), 0), "attended")) ||
              json_is_false(json_object_get(json_array_get(json_object_get(r->json, "participants"), 1), "attended")));
    http_free(r);

    /* open action items of the responsible agency, overdue first */
    r = http("GET", "/v1/action-items?limit=500", caritas, NULL, NULL);
    ck_assert_int_eq(r->status, 200);
    json_t *first = json_array_get(json_object_get(r->json, "items"), 0);
    ck_assert(json_is_true(json_object_get(first, "overdue")));
    ck_assert_ptr_nonnull(strstr(r->body, decision));
    http_free(r);
    char dp[240];
    snprintf(dp, sizeof dp, "/v1/conferences/%s/decisions/%s", id, decision);
    /* AWO takes part and sees the case, but its consent does not cover the plan */
    ck_assert_int_eq(status_of("PATCH", dp, awo, "{\"status\":\"done\"}"), 403);
    ck_assert_int_eq(status_of("PATCH", dp, caritas, "{\"status\":\"done\"}"), 200);

    /* within 24 hours the minutes change freely, later every change is recorded */
    char mp[200];
    snprintf(mp, sizeof mp, "/v1/conferences/%s/minutes", id);
    ck_assert_int_eq(status_of("PATCH", mp, lead, "{\"minutes\":\"B1-Kurs ab Januar.\"}"), 200);
    char sql[256];
    snprintf(sql, sizeof sql, "UPDATE conferences SET held_at = now() - interval '2 days' WHERE id = '%s'", id);
    free(sql_super(sql));
    ck_assert_int_eq(status_of("PATCH", mp, caritas, "{\"minutes\":\"x\"}"), 403);
    ck_assert_int_eq(status_of("PATCH", mp, lead, "{\"minutes\":\"B1-Kurs ab Februar.\"}"), 200);
    ck_assert_int_eq(status_of("PATCH", dp, lead, "{\"text\":\"Anmeldung B1-Kurs (Vormittag)\"}"), 200);
    r = http("GET", p, caritas, NULL, NULL);
    ck_assert_str_eq(jstr(r, "minutes"), "B1-Kurs ab Februar.");
    json_t *corr = json_object_get(r->json, "corrections");
    ck_assert_uint_eq(json_array_size(corr), 2);
    ck_assert_str_eq(json_string_value(json_object_get(json_array_get(corr, 0), "previous")), "B1-Kurs ab Januar.");
    ck_assert_str_eq(json_string_value(json_object_get(json_array_get(corr, 1), "previous")), "Anmeldung B1-Kurs");
    http_free(r);
}
END_TEST

/* The conference list and the action items are read in index order, page
 * by page: every conference of the case comes exactly once when followed
 * one at a time, in order of start; cursors of another form are 400. */
START_TEST(lists_page_in_index_order)
{
    static const char *const STARTS[] = {"2027-03-03T09:00:00Z", "2027-03-01T09:00:00Z", "2027-03-02T09:00:00Z"};
    for (int i = 0; i < 3; i++) {
        char end[32];
        snprintf(end, sizeof end, "%.11s10:00:00Z", STARTS[i]);
        http_resp_t *r = schedule(STARTS[i], end, NULL);
        ck_assert_msg(r->status == 201, "%ld %s", r->status, r->body);
        http_free(r);
    }
    char path[512], cursor[256] = "", seen[256] = "";
    for (int page = 0; page < 5; page++) {
        snprintf(path, sizeof path, "/v1/conferences?case_id=%s&limit=1%s%s", case_id, cursor[0] ? "&cursor=" : "",
                 cursor);
        http_resp_t *r = http("GET", path, caritas, NULL, NULL);
        ck_assert_msg(r->status == 200, "%ld %s", r->status, r->body);
        json_t *items = json_object_get(r->json, "items");
        if (json_array_size(items) == 1)
            snprintf(seen + strlen(seen), sizeof seen - strlen(seen), "%.10s,",
                     json_string_value(json_object_get(json_array_get(items, 0), "starts_at")));
        const char *next = json_string_value(json_object_get(r->json, "next_cursor"));
        snprintf(cursor, sizeof cursor, "%s", next ? next : "");
        http_free(r);
        if (!cursor[0])
            break;
    }
    ck_assert_str_eq(seen, "2027-03-01,2027-03-02,2027-03-03,");
    /* base64url of "x", "2027-03-01~x", "nope~00000000-0000-0000-0000-000000000000" */
    static const char *const BAD[] = {"eA", "MjAyNy0wMy0wMX54", "bm9wZX4wMDAwMDAwMC0wMDAwLTAwMDAtMDAwMC0wMDAwMDAwMDAwMDA"};
    for (int i = 0; i < 3; i++) {
        snprintf(path, sizeof path, "/v1/conferences?cursor=%s", BAD[i]);
        ck_assert_int_eq(status_of("GET", path, caritas, NULL), 400);
        snprintf(path, sizeof path, "/v1/action-items?cursor=%s", BAD[i]);
        ck_assert_int_eq(status_of("GET", path, caritas, NULL), 400);
    }
}
END_TEST

Suite *suite_conferences(void)
{
    Suite *s = suite_create("conferences");
    TCase *tc = tcase_create("conferences");
    tcase_set_timeout(tc, 60);
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, consent_rule_and_lifecycle);
    tcase_add_test(tc, overlap_warnings);
    tcase_add_test(tc, held_minutes_decisions_and_corrections);
    tcase_add_test(tc, achieving_the_goal_closes_its_decision);
    tcase_add_test(tc, lists_page_in_index_order);
    suite_add_tcase(s, tc);
    return s;
}
