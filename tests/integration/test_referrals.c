/* test_referrals.c - cooperation agreements (signing by each party,
 * activation, termination, expiry by date, supersede) and referrals (the
 * whole state machine with every wrong side, consent and agreement rules,
 * overdue). */
#include "case_fixture.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static char *coord, *jobcenter, *caritas, *awo, *mbe;

static void setup(void)
{
    coord = demo_token("demo-coordinator");
    demo_team(&jobcenter, &caritas, &awo, &mbe);
}

static void teardown(void)
{
    free(coord);
    demo_team_free(jobcenter, caritas, awo, mbe);
}

static char *day(int offset)
{
    static char buf[4][16];
    static int n;
    time_t t = time(NULL) + (time_t)offset * 86400;
    char *b = buf[n++ % 4];
    strftime(b, 16, "%Y-%m-%d", gmtime(&t));
    return b;
}

/* Creates an agreement between two agencies for fields; returns its id. */
static char *agreement(const char *a, const char *b, const char *fields, int days, const char *from,
                       const char *until)
{
    char body[1024], u[48] = "";
    if (until)
        snprintf(u, sizeof u, ",\"valid_until\":\"%s\"", until);
    snprintf(body, sizeof body,
             "{\"title\":\"Kooperation Sprachförderung\",\"parties\":[{\"agency_id\":\"%s\","
             "\"contact_name\":\"Frau A\"},{\"agency_id\":\"%s\"}],\"fields_of_action\":%s,"
             "\"data_categories\":[\"identity\"],\"response_days\":%d,\"valid_from\":\"%s\"%s,"
             "\"text\":\"Die Parteien arbeiten zusammen.\"}", a, b, fields, days, from, u);
    http_resp_t *r = http("POST", "/v1/agreements", coord, body, NULL);
    ck_assert_msg(r->status == 201, "agreement: %ld %s", r->status, r->body);
    ck_assert_str_eq(jstr(r, "status"), "draft");
    char *id = strdup(jstr(r, "id"));
    http_free(r);
    return id;
}

static const char *status_after_sign(const char *id, const char *token, long want)
{
    static char status[32];
    char p[128];
    snprintf(p, sizeof p, "/v1/agreements/%s", id);
    char *tag = if_match_of(p, token);
    snprintf(p, sizeof p, "/v1/agreements/%s/signatures", id);
    http_resp_t *r = http("POST", p, token, NULL, (const char *[]){tag, NULL});
    free(tag);
    ck_assert_msg(r->status == want, "sign: %ld %s", r->status, r->body);
    snprintf(status, sizeof status, "%s", jstr(r, "status") ? jstr(r, "status") : "");
    http_free(r);
    return status;
}

START_TEST(agreements_activate_expire_terminate_supersede)
{
    char *id = agreement(JOBCENTER_AGENCY, CARITAS_AGENCY, "[\"language\"]", 3, day(-1), NULL);
    char p[160];
    snprintf(p, sizeof p, "/v1/agreements/%s", id);
    ck_assert_int_eq(status_of("PATCH", p, awo, "{\"title\":\"x\"}"), 403);
    ck_assert_int_eq(status_of("POST", "/v1/agreements", awo,
                               "{\"title\":\"x\",\"parties\":[{\"agency_id\":\"" JOBCENTER_AGENCY "\"},"
                               "{\"agency_id\":\"" CARITAS_AGENCY "\"}],\"fields_of_action\":[\"language\"],"
                               "\"response_days\":3,\"valid_from\":\"2026-01-01\"}"), 403);
    ck_assert_str_eq(status_after_sign(id, jobcenter, 200), "draft");
    status_after_sign(id, jobcenter, 409);
    status_after_sign(id, awo, 403);
    /* editing the draft asks every party to sign again */
    ck_assert_int_eq(status_of("PATCH", p, coord, "{\"response_days\":4}"), 200);
    ck_assert_str_eq(status_after_sign(id, caritas, 200), "draft");
    ck_assert_str_eq(status_after_sign(id, jobcenter, 200), "active");
    ck_assert_int_eq(status_of("PATCH", p, coord, "{\"title\":\"x\"}"), 409);
    char q[256];
    snprintf(q, sizeof q, "/v1/agreements?agency_id=" CARITAS_AGENCY "&status=active&field_of_action=language&valid_on=%s&limit=500", day(0));
    http_resp_t *r = http("GET", q, mbe, NULL, NULL);
    ck_assert_int_eq(r->status, 200);
    ck_assert_ptr_nonnull(strstr(r->body, id));
    http_free(r);

    /* supersede: the new draft ends the old one when it becomes active */
    snprintf(q, sizeof q, "/v1/agreements/%s", id);
    char *tag = if_match_of(q, coord);
    snprintf(q, sizeof q, "/v1/agreements/%s/supersede", id);
    r = http("POST", q, coord, NULL, (const char *[]){tag, NULL});
    free(tag);
    ck_assert_int_eq(r->status, 201);
    ck_assert_str_eq(jstr(r, "supersedes_id"), id);
    char *next = strdup(jstr(r, "id"));
    http_free(r);
    status_after_sign(next, jobcenter, 200);
    ck_assert_str_eq(status_after_sign(next, caritas, 200), "active");
    r = http("GET", p, coord, NULL, NULL);
    ck_assert_str_eq(jstr(r, "status"), "terminated");
    ck_assert_ptr_nonnull(strstr(jstr(r, "termination_reason"), next));
    http_free(r);

    /* termination with a reason, once */
    snprintf(q, sizeof q, "/v1/agreements/%s/terminate", next);
    ck_assert_int_eq(status_of("POST", q, caritas, "{}"), 400);
    ck_assert_int_eq(status_of("POST", q, caritas, "{\"reason\":\"Träger wechselt\"}"), 200);
    ck_assert_int_eq(status_of("POST", q, caritas, "{\"reason\":\"nochmal\"}"), 409);

    /* expiry by date and not yet in force, without any job */
    char *old = agreement(JOBCENTER_AGENCY, AWO_AGENCY, "[\"housing\"]", 5, day(-30), day(-1));
    status_after_sign(old, jobcenter, 200);
    ck_assert_str_eq(status_after_sign(old, awo, 200), "expired");
    char *later = agreement(JOBCENTER_AGENCY, AWO_AGENCY, "[\"housing\"]", 5, day(10), NULL);
    status_after_sign(later, jobcenter, 200);
    ck_assert_str_eq(status_after_sign(later, awo, 200), "signed");
    char sql[256];
    snprintf(sql, sizeof sql, "SELECT string_agg(type, ',' ORDER BY id) FROM events WHERE resource_id = '%s'", id);
    char *ev = sql_super(sql);
    ck_assert_str_eq(ev, "agreement.created,agreement.signed,agreement.updated,agreement.signed,"
                         "agreement.signed,agreement.activated,agreement.superseded");
    free(ev);
    free(old);
    free(later);
    free(next);
    free(id);
}
END_TEST

static char *refer(const char *token, const char *case_id, const char *to, const char *field, long want)
{
    char body[512];
    snprintf(body, sizeof body, "{\"case_id\":\"%s\",\"to_agency_id\":\"%s\",\"field_of_action\":\"%s\","
             "\"reason\":\"Sprachkurs mit Kinderbetreuung\",\"urgency\":\"urgent\"}", case_id, to, field);
    http_resp_t *r = http("POST", "/v1/referrals", token, body, NULL);
    ck_assert_msg(r->status == want || (want == 0 && (r->status == 201 || r->status == 422)),
                  "refer: %ld %s", r->status, r->body);
    char *id = strdup(r->status == 201 ? jstr(r, "id") : jstr(r, "type") ? jstr(r, "type") : "");
    http_free(r);
    return id;
}

static long act(const char *id, const char *action, const char *token, const char *body, char *detail)
{
    char p[160];
    snprintf(p, sizeof p, "/v1/referrals/%s/%s", id, action);
    http_resp_t *r = http("POST", p, token, body, (const char *[]){"If-Match: *", NULL});
    long st = r->status;
    if (detail)
        snprintf(detail, 200, "%s", jstr(r, "detail") ? jstr(r, "detail") : "");
    http_free(r);
    return st;
}

START_TEST(referral_state_machine_and_sides)
{
    char m[9], detail[200];
    random_hex(m, 8);
    char *case_id = create_case(jobcenter, m);
    char *t = refer(jobcenter, case_id, CARITAS_AGENCY, "language", 422);
    ck_assert_str_eq(t, "https://lotse.example/problems/consent-required");
    free(t);
    free(grant(jobcenter, case_id, CARITAS_AGENCY, "[\"identity\",\"plan\"]", NULL));
    char *id = refer(jobcenter, case_id, CARITAS_AGENCY, "language", 201);
    char p[160];
    snprintf(p, sizeof p, "/v1/referrals/%s", id);
    ck_assert_int_eq(status_of("GET", p, mbe, NULL), 404);
    ck_assert_int_eq(status_of("GET", p, caritas, NULL), 200);

    ck_assert_int_eq(act(id, "accept", jobcenter, NULL, detail), 409);
    ck_assert_str_eq(detail, "accept is not possible in status requested; possible now: withdraw");
    ck_assert_int_eq(act(id, "complete", caritas, "{\"outcome\":\"successful\"}", detail), 409);
    ck_assert_ptr_nonnull(strstr(detail, "accept, decline"));
    ck_assert_int_eq(act(id, "withdraw", caritas, NULL, NULL), 409);
    ck_assert_int_eq(act(id, "decline", jobcenter, "{\"reason\":\"capacity\"}", NULL), 409);
    http_resp_t *r = http("POST", strcat(strcpy((char[200]){0}, p), "/accept"), caritas, NULL, NULL);
    ck_assert_int_eq(r->status, 428);
    http_free(r);
    ck_assert_int_eq(act(id, "accept", caritas, NULL, NULL), 200);
    ck_assert_int_eq(act(id, "accept", caritas, NULL, NULL), 409);
    ck_assert_int_eq(act(id, "decline", caritas, "{\"reason\":\"capacity\"}", NULL), 409);
    ck_assert_int_eq(act(id, "complete", jobcenter, "{\"outcome\":\"successful\"}", NULL), 409);
    ck_assert_int_eq(act(id, "complete", caritas, "{}", NULL), 400);
    ck_assert_int_eq(act(id, "complete", caritas, "{\"outcome\":\"great\"}", NULL), 400);
    ck_assert_int_eq(act(id, "complete", caritas, "{\"outcome\":\"no_show\",\"note\":\"zweimal nicht erschienen\"}", NULL), 200);
    ck_assert_int_eq(act(id, "withdraw", jobcenter, NULL, detail), 409);
    ck_assert_str_eq(detail, "withdraw is not possible in status completed; nothing is possible now");
    /* the same 409 in German (the state machine's one wording) */
    snprintf(p, sizeof p, "/v1/referrals/%s/withdraw", id);
    r = http("POST", p, jobcenter, NULL, (const char *[]){"If-Match: *", "Accept-Language: de", NULL});
    ck_assert_int_eq(r->status, 409);
    ck_assert_str_eq(jstr(r, "detail"), "withdraw ist im Status completed nicht möglich; jetzt ist nichts möglich");
    http_free(r);
    snprintf(p, sizeof p, "/v1/referrals/%s", id);

    /* decline needs a reason; withdraw by the sender */
    char *d = refer(jobcenter, case_id, CARITAS_AGENCY, "housing", 201);
    ck_assert_int_eq(act(d, "decline", caritas, "{}", NULL), 400);
    ck_assert_int_eq(act(d, "decline", caritas, "{\"reason\":\"not_responsible\"}", NULL), 200);
    /* declined, withdrawn and completed are final for both sides */
    const char *actions[] = {"accept", "decline", "withdraw", "complete"};
    const char *bodies[] = {NULL, "{\"reason\":\"other\"}", NULL, "{\"outcome\":\"successful\"}"};
    for (int i = 0; i < 4; i++) {
        ck_assert_int_eq(act(d, actions[i], caritas, bodies[i], NULL), 409);
        ck_assert_int_eq(act(d, actions[i], jobcenter, bodies[i], NULL), 409);
    }
    char *w = refer(jobcenter, case_id, CARITAS_AGENCY, "employment", 201);
    ck_assert_int_eq(act(w, "accept", caritas, NULL, NULL), 200);
    ck_assert_int_eq(act(w, "withdraw", jobcenter, "{\"note\":\"Umzug\"}", NULL), 200);
    ck_assert_int_eq(act(w, "complete", caritas, "{\"outcome\":\"successful\"}", NULL), 409);
    ck_assert_int_eq(act(w, "withdraw", jobcenter, NULL, NULL), 409);
    /* an offer must be one of the receiving agency's */
    char body[512];
    snprintf(body, sizeof body, "{\"case_id\":\"%s\",\"to_agency_id\":\"" CARITAS_AGENCY "\","
             "\"field_of_action\":\"language\",\"offer_id\":\"30000000-0000-4000-8000-000000000003\"}", case_id);
    ck_assert_int_eq(status_of("POST", "/v1/referrals", jobcenter, body), 400);
    snprintf(body, sizeof body, "{\"case_id\":\"%s\",\"to_agency_id\":\"" CARITAS_AGENCY "\","
             "\"field_of_action\":\"language\",\"offer_id\":\"30000000-0000-4000-8000-000000000001\"}", case_id);
    ck_assert_int_eq(status_of("POST", "/v1/referrals", jobcenter, body), 201);

    char sql[256];
    snprintf(sql, sizeof sql, "SELECT string_agg(type, ',' ORDER BY id) FROM events WHERE resource_id = '%s'", id);
    char *ev = sql_super(sql);
    ck_assert_str_eq(ev, "referral.requested,referral.accepted,referral.completed");
    free(ev);
    free(refer(jobcenter, case_id, JOBCENTER_AGENCY, "language", 400));
    free(d);
    free(w);
    free(id);
    free(case_id);
}
END_TEST

START_TEST(agreement_rule_due_dates_and_overdue)
{
    char m[9];
    random_hex(m, 8);
    char *case_id = create_case(jobcenter, m);
    free(grant(jobcenter, case_id, CARITAS_AGENCY, "[\"identity\",\"plan\"]", NULL));
    free(grant(jobcenter, case_id, MBE_AGENCY, "[\"identity\",\"plan\"]", NULL));
    char *ag = agreement(JOBCENTER_AGENCY, CARITAS_AGENCY, "[\"recognition\"]", 2, day(-1), NULL);
    status_after_sign(ag, jobcenter, 200);
    status_after_sign(ag, caritas, 200);

    /* the network requires agreements for a while */
    http_resp_t *r = http("GET", "/v1/networks/" RBK_NETWORK, coord, NULL, NULL);
    char ifm[64];
    char *etag = resp_header_value(r, "ETag");
    snprintf(ifm, sizeof ifm, "If-Match: %s", etag);
    free(etag);
    http_free(r);
    r = http("PATCH", "/v1/networks/" RBK_NETWORK, coord, "{\"referrals_require_agreement\":true}",
             (const char *[]){ifm, NULL});
    ck_assert_int_eq(r->status, 200);
    http_free(r);
    char *missing = refer(jobcenter, case_id, MBE_AGENCY, "recognition", 0);
    char *covered = refer(jobcenter, case_id, CARITAS_AGENCY, "recognition", 0);
    char *other_field = refer(jobcenter, case_id, CARITAS_AGENCY, "health", 0);
    r = http("PATCH", "/v1/networks/" RBK_NETWORK, coord, "{\"referrals_require_agreement\":false}",
             (const char *[]){"If-Match: *", NULL});
    ck_assert_int_eq(r->status, 200);
    http_free(r);
    ck_assert_str_eq(missing, "https://lotse.example/problems/agreement-required");
    ck_assert_str_eq(other_field, "https://lotse.example/problems/agreement-required");
    ck_assert_uint_eq(strlen(covered), 36);

    char sql[512];
    snprintf(sql, sizeof sql, "SELECT (agreement_id = '%s')::text || ':' || "
             "round(extract(epoch FROM response_due_at - requested_at) / 86400) FROM referrals WHERE id = '%s'",
             ag, covered);
    char *v = sql_super(sql);
    ck_assert_str_eq(v, "true:2");
    free(v);
    /* without an agreement the network's default response time applies */
    char *plain = refer(jobcenter, case_id, MBE_AGENCY, "health", 201);
    snprintf(sql, sizeof sql, "SELECT (agreement_id IS NULL)::text || ':' || "
             "round(extract(epoch FROM response_due_at - requested_at) / 86400) FROM referrals WHERE id = '%s'", plain);
    v = sql_super(sql);
    ck_assert_str_eq(v, "true:5");
    free(v);

    /* overdue once the due time passed without an answer */
    snprintf(sql, sizeof sql, "UPDATE referrals SET response_due_at = now() - interval '1 hour' WHERE id = '%s'", plain);
    free(sql_super(sql));
    r = http("GET", "/v1/referrals?direction=incoming&overdue=true&limit=500", mbe, NULL, NULL);
    ck_assert_int_eq(r->status, 200);
    ck_assert_ptr_nonnull(strstr(r->body, plain));
    ck_assert_ptr_null(strstr(r->body, covered));
    http_free(r);
    snprintf(sql, sizeof sql, "/v1/referrals/%s", plain);
    r = http("GET", sql, jobcenter, NULL, NULL);
    ck_assert(json_is_true(json_object_get(r->json, "overdue")));
    http_free(r);
    r = http("GET", "/v1/referrals?direction=outgoing&status=requested&field_of_action=recognition&limit=500",
             jobcenter, NULL, NULL);
    ck_assert_ptr_nonnull(strstr(r->body, covered));
    ck_assert_ptr_null(strstr(r->body, plain));
    http_free(r);
    ck_assert_int_eq(status_of("GET", "/v1/referrals?direction=sideways", jobcenter, NULL), 400);
    free(plain);
    free(missing);
    free(covered);
    free(other_field);
    free(ag);
    free(case_id);
}
END_TEST

/* Working days (issue 22): the public holidays of North Rhine-Westphalia
 * as published for 2025-2030 (Feiertagsgesetz NW; the movable ones from
 * Easter), a deadline over Easter, Christmas and a change to summer time,
 * and a referral under an agreement that counts working days. */
START_TEST(working_days_skip_weekends_and_nrw_holidays)
{
    static const char *const OFFICIAL[] = {
        "2025-01-01,2025-04-18,2025-04-21,2025-05-01,2025-05-29,2025-06-09,2025-06-19,2025-10-03,2025-11-01,2025-12-25,2025-12-26",
        "2026-01-01,2026-04-03,2026-04-06,2026-05-01,2026-05-14,2026-05-25,2026-06-04,2026-10-03,2026-11-01,2026-12-25,2026-12-26",
        "2027-01-01,2027-03-26,2027-03-29,2027-05-01,2027-05-06,2027-05-17,2027-05-27,2027-10-03,2027-11-01,2027-12-25,2027-12-26",
        "2028-01-01,2028-04-14,2028-04-17,2028-05-01,2028-05-25,2028-06-05,2028-06-15,2028-10-03,2028-11-01,2028-12-25,2028-12-26",
        "2029-01-01,2029-03-30,2029-04-02,2029-05-01,2029-05-10,2029-05-21,2029-05-31,2029-10-03,2029-11-01,2029-12-25,2029-12-26",
        "2030-01-01,2030-04-19,2030-04-22,2030-05-01,2030-05-30,2030-06-10,2030-06-20,2030-10-03,2030-11-01,2030-12-25,2030-12-26",
    };
    for (int y = 0; y < 6; y++) {
        char *got = sqlf("SELECT string_agg(d::date::text, ',' ORDER BY d) FROM generate_series('%d-01-01'::date, "
                         "'%d-12-31'::date, interval '1 day') d WHERE lotse_nrw_holiday(d::date)", 2025 + y, 2025 + y);
        ck_assert_str_eq(got, OFFICIAL[y]);
        free(got);
    }
    static const char *const DEADLINES[][3] = {
        /* sent (Berlin), working days, due (Berlin) */
        {"2026-04-02 10:00", "5", "2026-04-13 10:00"}, /* Thursday before Easter: Good Friday, Easter Monday */
        {"2026-04-02 10:00", "1", "2026-04-07 10:00"},
        {"2025-12-23 16:30", "3", "2025-12-30 16:30"}, /* Christmas Eve is a working day, the 25th and 26th not */
        {"2027-03-25 09:00", "2", "2027-03-31 09:00"}, /* Good Friday, the change to summer time, Easter Monday */
        {"2026-05-13 12:00", "1", "2026-05-15 12:00"}, /* Ascension */
        {"2026-12-31 08:00", "1", "2027-01-04 08:00"}, /* New Year, then a weekend */
    };
    for (size_t i = 0; i < sizeof DEADLINES / sizeof DEADLINES[0]; i++) {
        char *due = sqlf("SELECT to_char(lotse_working_days_after(timestamp '%s' AT TIME ZONE 'Europe/Berlin', %s) "
                         "AT TIME ZONE 'Europe/Berlin', 'YYYY-MM-DD HH24:MI')", DEADLINES[i][0], DEADLINES[i][1]);
        ck_assert_msg(strcmp(due, DEADLINES[i][2]) == 0, "%s + %s working days: %s, not %s", DEADLINES[i][0],
                      DEADLINES[i][1], due, DEADLINES[i][2]);
        free(due);
    }
    /* an agreement counting working days: the referral's due date follows them */
    char m[9];
    random_hex(m, 8);
    char *case_id = create_case(jobcenter, m);
    free(grant(jobcenter, case_id, CARITAS_AGENCY, "[\"identity\",\"plan\"]", NULL));
    char *ag = agreement(JOBCENTER_AGENCY, CARITAS_AGENCY, "[\"vocational_training\"]", 3, day(-1), NULL);
    char p[128];
    snprintf(p, sizeof p, "/v1/agreements/%s", ag);
    http_resp_t *r = http("PATCH", p, coord, "{\"response_day_kind\":\"weekly\"}", (const char *[]){"If-Match: *", NULL});
    ck_assert_int_eq(r->status, 400);
    http_free(r);
    r = http("PATCH", p, coord, "{\"response_day_kind\":\"working\"}", (const char *[]){"If-Match: *", NULL});
    ck_assert_msg(r->status == 200, "%ld %s", r->status, r->body);
    ck_assert_str_eq(jstr(r, "response_day_kind"), "working");
    http_free(r);
    status_after_sign(ag, jobcenter, 200);
    status_after_sign(ag, caritas, 200);
    char *ref = refer(jobcenter, case_id, CARITAS_AGENCY, "vocational_training", 201);
    char *v = sqlf("SELECT (agreement_id = '%s')::text || ':' || "
                   "(response_due_at = lotse_working_days_after(requested_at, 3))::text || ':' || "
                   "(response_due_at >= requested_at + interval '3 days')::text FROM referrals WHERE id = '%s'", ag, ref);
    ck_assert_str_eq(v, "true:true:true");
    free(v);
    free(ref);
    free(ag);
    free(case_id);
}
END_TEST

Suite *suite_referrals(void)
{
    Suite *s = suite_create("referrals");
    TCase *tc = tcase_create("referrals");
    tcase_set_timeout(tc, 60);
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, agreements_activate_expire_terminate_supersede);
    tcase_add_test(tc, referral_state_machine_and_sides);
    tcase_add_test(tc, agreement_rule_due_dates_and_overdue);
    tcase_add_test(tc, working_days_skip_weekends_and_nrw_holidays);
    suite_add_tcase(s, tc);
    return s;
}
