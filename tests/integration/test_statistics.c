/* test_statistics.c - statistics on a hand-made network with known
 * answers: every count to the number through the perturbation (the
 * network's record keys set to 0, so that a true count n is published as
 * pub(n)), organisational counts exact, the fixed rows, roles, CSV = JSON. */
#include "case_fixture.h"
#include "ckm.h" /* CKM_BLOCKED */

#include <libpq-fe.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char net[40], agency[40], *coord, period[32], path[256];

static char last_case[40], sy_cases[5][40];
static int n_sy;

static void make_case(const char *group, const char *nationality)
{
    char body[256];
    snprintf(body, sizeof body, "{\"target_group\":\"%s\",\"person\":{\"nationality\":\"%s\"}}", group,
             nationality);
    http_resp_t *r = http("POST", "/v1/cases", coord, body, NULL);
    ck_assert_msg(r->status == 201, "%ld %s", r->status, r->body);
    snprintf(last_case, sizeof last_case, "%s", jstr(r, "id"));
    if (strcmp(nationality, "SY") == 0 && n_sy < 5)
        snprintf(sy_cases[n_sy++], sizeof sy_cases[0], "%s", last_case);
    if (strcmp(group, "eu_migrant") == 0 && strcmp(nationality, "RO") == 0) {
        static int closed;
        if (!closed++) {
            char p[128];
            snprintf(p, sizeof p, "/v1/cases/%s/close", jstr(r, "id"));
            ck_assert_int_eq(status_of("POST", p, coord, "{\"closure_reason\":\"moved_away\"}"), 200);
        }
    }
    http_free(r);
}

/* Sets the record keys of the network's units to 0 and drops its rollups
 * (rebuilt on the next call): every cell key is 0 then. */
static void zero_keys(void)
{
    char sql[1024];
    snprintf(sql, sizeof sql,
             "UPDATE cases SET record_key = 0 WHERE network_id = '%1$s'; "
             "UPDATE referrals SET record_key = 0 WHERE network_id = '%1$s'; "
             "UPDATE goals SET record_key = 0 WHERE network_id = '%1$s'; "
             "UPDATE barriers SET record_key = 0 WHERE network_id = '%1$s'; "
             "UPDATE conference_decisions SET record_key = 0 WHERE network_id = '%1$s'; "
             "DELETE FROM stat_state WHERE network_id = '%1$s'; SELECT 'ok'", net);
    char *ok = sql_super(sql);
    ck_assert_str_eq(ok, "ok");
    free(ok);
}

#define pub published_key0

static void setup(void)
{
    n_sy = 0;
    new_network(net, &coord, agency);
    for (int i = 0; i < 5; i++)
        make_case("recognised_refugee", "SY");
    make_case("recognised_refugee", "UA");
    make_case("recognised_refugee", "UA");
    make_case("eu_migrant", "RO");
    make_case("eu_migrant", "RO");
    /* six referrals to a school of the network and five goals, all under no agreement */
    http_resp_t *a = http("POST", "/v1/agencies", coord, "{\"name\":\"Gesamtschule\",\"kind\":\"school\"}", NULL);
    ck_assert_int_eq(a->status, 201);
    char school[40], body[512], cp[256];
    snprintf(school, sizeof school, "%s", jstr(a, "id"));
    http_free(a);
    free(grant(coord, last_case, school, "[\"identity\",\"plan\"]", NULL));
    for (int i = 0; i < 6; i++) {
        snprintf(body, sizeof body, "{\"case_id\":\"%s\",\"to_agency_id\":\"%s\",\"field_of_action\":\"education\"}",
                 last_case, school);
        ck_assert_int_eq(status_of("POST", "/v1/referrals", coord, body), 201);
    }
    snprintf(cp, sizeof cp, "/v1/cases/%s/goals", last_case);
    for (int i = 0; i < 5; i++) {
        snprintf(body, sizeof body, "{\"field_of_action\":\"language\",\"title\":\"Ziel %d\","
                 "\"responsible_agency_id\":\"%s\"}", i, school);
        ck_assert_int_eq(status_of("POST", cp, coord, body), 201);
    }
    /* five cases assessed twice: German A1 at intake, B1 at the latest */
    for (int i = 0; i < 5; i++) {
        snprintf(cp, sizeof cp, "/v1/cases/%s/analyses", sy_cases[i]);
        ck_assert_int_eq(status_of("POST", cp, coord, "{\"assessed_on\":\"2020-01-01\",\"language\":{\"german_level\":\"A1\"}}"), 201);
        ck_assert_int_eq(status_of("POST", cp, coord, "{\"assessed_on\":\"2021-01-01\",\"language\":{\"german_level\":\"B1\"}}"), 201);
    }
    char *p = sql_super("SELECT to_char(now() AT TIME ZONE 'Europe/Berlin', 'YYYY-MM')");
    snprintf(period, sizeof period, "%s", p);
    free(p);
    snprintf(path, sizeof path, "/v1/networks/%s/statistics?from=%s-01&to=%s-28&granularity=month",
             net, period, period);
    zero_keys();
}

static void teardown(void)
{
    free(coord);
}

/* The row's published count (-2 when absent). */
static long cell(json_t *rows, const char *indicator, const char *breakdown, const char *value)
{
    size_t i;
    json_t *row;
    json_array_foreach(rows, i, row) {
        if (strcmp(json_string_value(json_object_get(row, "period")), period) == 0 &&
            strcmp(json_string_value(json_object_get(row, "indicator")), indicator) == 0 &&
            strcmp(json_string_value(json_object_get(row, "breakdown")), breakdown) == 0 &&
            strcmp(json_string_value(json_object_get(row, "value")), value) == 0)
            return (long)json_integer_value(json_object_get(row, "count"));
    }
    return -2;
}

/* Every row is well-formed: perturbed exactly when the indicator is not
 * organisational, never negative, never 1 or 2 when perturbed. */
static void assert_rows_sound(json_t *rows)
{
    static const char *const EXACT[] = {"agreements.active", "conferences.held", "conferences.participants",
                                        "conferences.cancelled", "referrals.agency_pairs", NULL};
    size_t i;
    json_t *row;
    json_array_foreach(rows, i, row) {
        const char *ind = json_string_value(json_object_get(row, "indicator"));
        int exact = 0;
        for (const char *const *e = EXACT; *e; e++)
            exact |= strcmp(*e, ind) == 0;
        long n = (long)json_integer_value(json_object_get(row, "count"));
        ck_assert_msg(json_is_true(json_object_get(row, "perturbed")) == !exact, "%s: perturbed flag", ind);
        ck_assert_msg(n >= 0 && (exact || n == 0 || n > CKM_BLOCKED), "%s published %ld", ind, n);
    }
}

START_TEST(counts_perturbation_and_csv)
{
    http_resp_t *r = http("GET", path, coord, NULL, NULL);
    ck_assert_int_eq(r->status, 200);
    json_t *meta = json_object_get(r->json, "meta");
    ck_assert_int_eq(json_integer_value(json_object_get(meta, "schema_version")), 2);
    json_t *dc = json_object_get(meta, "disclosure_control");
    ck_assert_str_eq(json_string_value(json_object_get(dc, "method")), "cell_key");
    ck_assert_int_eq(json_integer_value(json_object_get(dc, "max_deviation")), 2);
    ck_assert_str_eq(json_string_value(json_object_get(meta, "granularity")), "month");
    json_t *rows = json_object_get(r->json, "rows");
    ck_assert_int_eq(cell(rows, "cases.opened", "total", ""), pub(9));
    ck_assert_int_eq(cell(rows, "cases.opened", "target_group", "eu_migrant"), pub(2));
    ck_assert_int_eq(cell(rows, "cases.opened", "target_group", "recognised_refugee"), pub(7));
    ck_assert_int_eq(cell(rows, "cases.opened", "nationality", "SY"), pub(5));
    ck_assert_int_eq(cell(rows, "cases.opened", "nationality", "UA"), pub(2));
    ck_assert_int_eq(cell(rows, "cases.opened", "nationality", "RO"), pub(2));
    /* every value of a breakdown has its row, counted or not */
    ck_assert_int_eq(cell(rows, "cases.opened", "nationality", "ER"), 0);
    ck_assert_int_eq(cell(rows, "cases.opened", "nationality", "other"), 0);
    ck_assert_int_eq(cell(rows, "cases.opened", "gender", "diverse"), 0);
    ck_assert_int_eq(cell(rows, "cases.opened", "age_band", "65+"), 0);
    ck_assert_int_eq(cell(rows, "cases.opened", "gender", "unknown"), pub(9));
    ck_assert_int_eq(cell(rows, "cases.opened", "age_band", "unknown"), pub(9));
    ck_assert_int_eq(cell(rows, "cases.opened", "lead_agency_kind", "integration_centre"), pub(9));
    ck_assert_int_eq(cell(rows, "cases.opened", "lead_agency_kind", "school"), 0);
    ck_assert_int_eq(cell(rows, "cases.closed", "total", ""), pub(1));
    ck_assert_int_eq(cell(rows, "cases.closed", "closure_reason", "moved_away"), pub(1));
    ck_assert_int_eq(cell(rows, "cases.active", "total", ""), pub(8));
    ck_assert_int_eq(cell(rows, "cases.active", "target_group", "eu_migrant"), pub(1));
    ck_assert_int_eq(cell(rows, "cases.active", "target_group", "recognised_refugee"), pub(7));
    ck_assert_int_eq(cell(rows, "cases.active", "target_group", "skilled_worker"), 0);
    ck_assert_int_eq(cell(rows, "referrals.requested", "total", ""), pub(6));
    ck_assert_int_eq(cell(rows, "referrals.requested", "field_of_action", "education"), pub(6));
    ck_assert_int_eq(cell(rows, "referrals.requested", "agency_kinds", "integration_centre>school"), pub(6));
    ck_assert_int_eq(cell(rows, "referrals.requested", "under_agreement", "no"), pub(6));
    ck_assert_int_eq(cell(rows, "referrals.answered", "total", ""), 0);
    ck_assert_int_eq(cell(rows, "goals.set", "total", ""), pub(5));
    ck_assert_int_eq(cell(rows, "goals.set", "field_of_action", "language"), pub(5));
    ck_assert_int_eq(cell(rows, "goals.achieved", "total", ""), 0);
    ck_assert_int_eq(cell(rows, "conferences.held", "total", ""), 0);
    ck_assert_int_eq(cell(rows, "outcomes.german_level", "total", ""), pub(5));
    ck_assert_int_eq(cell(rows, "outcomes.german_level", "intake>latest", "A1>B1"), pub(5));
    ck_assert_int_eq(cell(rows, "outcomes.german_level", "intake>latest", "B1>A1"), 0);
    ck_assert_int_eq(cell(rows, "referrals.agency_pairs", "total", ""), 1); /* organisational: exact */
    ck_assert_int_eq(cell(rows, "agreements.active", "total", ""), 0);
    assert_rows_sound(rows);
    ck_assert_ptr_null(strstr(r->body, "Amina"));
    ck_assert_ptr_null(strstr(r->body, "record_key"));

    /* the same numbers as CSV */
    http_resp_t *c = http("GET", path, coord, NULL, (const char *[]){"Accept: text/csv", NULL});
    ck_assert_int_eq(c->status, 200);
    ck_assert_int_eq(strncmp(c->body, "network,period,indicator,breakdown,value,count,perturbed\r\n", 58), 0);
    size_t lines = 0;
    for (char *line = strtok(c->body + 58, "\r\n"); line; line = strtok(NULL, "\r\n")) {
        char netc[16], per[16], ind[40], brk[40], val[64], cnt[16], sup[8];
        ck_assert_int_eq(sscanf(line, "%15[^,],%15[^,],%39[^,],%39[^,],", netc, per, ind, brk), 4);
        const char *rest = line;
        for (int k = 0; k < 4; k++)
            rest = strchr(rest, ',') + 1;
        const char *v_end = strchr(rest, ','), *cnt_end = strchr(v_end + 1, ',');
        snprintf(val, sizeof val, "%.*s", (int)(v_end - rest), rest);
        snprintf(cnt, sizeof cnt, "%.*s", (int)(cnt_end - v_end - 1), v_end + 1);
        snprintf(sup, sizeof sup, "%s", cnt_end + 1);
        json_t *row = json_array_get(rows, lines);
        ck_assert_str_eq(json_string_value(json_object_get(row, "indicator")), ind);
        ck_assert_str_eq(json_string_value(json_object_get(row, "value")), val);
        ck_assert_int_eq(json_integer_value(json_object_get(row, "count")), atol(cnt));
        ck_assert_int_eq(json_is_true(json_object_get(row, "perturbed")), strcmp(sup, "true") == 0);
        lines++;
    }
    ck_assert_uint_eq(lines, json_array_size(rows));
    http_free(c);
    http_free(r);

    char sql[256];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM audit_log WHERE network_id = '%s' AND action = 'statistics.month'", net);
    char *n = sql_super(sql);
    ck_assert_str_eq(n, "2"); /* one row per call: JSON and CSV */
    free(n);
}
END_TEST

/* Quarters and years: the cases of this month land in this quarter and
 * year, and a case counts as active in every period end it was open at. */
START_TEST(quarters_and_years)
{
    char year[8], month_period[32], q[256];
    snprintf(year, sizeof year, "%.4s", period);
    snprintf(month_period, sizeof month_period, "%s", period);
    int quarter = (atoi(period + 5) - 1) / 3 + 1;
    snprintf(q, sizeof q, "/v1/networks/%s/statistics?from=%s-01-01&to=%s-12-31&granularity=quarter", net, year,
             year);
    http_resp_t *r = http("GET", q, coord, NULL, NULL);
    ck_assert_msg(r->status == 200, "%ld %s", r->status, r->body);
    json_t *rows = json_object_get(r->json, "rows");
    for (int i = 1; i <= 4; i++) {
        snprintf(period, sizeof period, "%s-Q%d", year, i);
        long opened = cell(rows, "cases.opened", "total", ""), active = cell(rows, "cases.active", "total", "");
        ck_assert_int_eq(opened, i == quarter ? pub(9) : 0);
        ck_assert_int_eq(active, i < quarter ? 0 : pub(8));
    }
    http_free(r);
    snprintf(q, sizeof q, "/v1/networks/%s/statistics?from=%s-01-01&to=%s-12-31&granularity=year", net, year, year);
    r = http("GET", q, coord, NULL, NULL);
    ck_assert_int_eq(r->status, 200);
    snprintf(period, sizeof period, "%s", year);
    ck_assert_int_eq(cell(json_object_get(r->json, "rows"), "cases.opened", "total", ""), pub(9));
    ck_assert_int_eq(cell(json_object_get(r->json, "rows"), "cases.active", "total", ""), pub(8));
    snprintf(period, sizeof period, "%s", month_period);
    http_free(r);
}
END_TEST

/* Periods follow the calendar in Berlin: three cases opened and three
 * closed half an hour into 1 January (still 31 December in UTC) belong to
 * January (a true count of 3 is published as 3 whatever its key). */
START_TEST(periods_in_local_time)
{
    char sql[1024], q[256], *done;
    snprintf(sql, sizeof sql,
             "UPDATE cases SET created_at = '2025-06-01 12:00Z', status = 'closed', closure_reason = 'moved_away', "
             "closed_at = timestamptz '2026-01-01 00:30 Europe/Berlin' WHERE id IN ('%s', '%s', '%s'); "
             "UPDATE cases SET created_at = timestamptz '2026-01-01 00:30 Europe/Berlin' "
             "WHERE id IN ('%s', '%s', '%s'); SELECT 'ok'",
             last_case, sy_cases[1], sy_cases[2], sy_cases[0], sy_cases[3], sy_cases[4]);
    done = sql_super(sql);
    free(done);
    snprintf(q, sizeof q, "/v1/networks/%s/statistics?from=2025-12-01&to=2026-01-31&granularity=month", net);
    http_resp_t *r = http("GET", q, coord, NULL, NULL);
    ck_assert_msg(r->status == 200, "%ld %s", r->status, r->body);
    json_t *rows = json_object_get(r->json, "rows");
    char saved[32];
    snprintf(saved, sizeof saved, "%s", period);
    snprintf(period, sizeof period, "2025-12");
    ck_assert_int_eq(cell(rows, "cases.opened", "total", ""), 0);
    ck_assert_int_eq(cell(rows, "cases.closed", "total", ""), 0);
    ck_assert_int_eq(cell(rows, "cases.active", "total", ""), 3); /* the three opened in June */
    snprintf(period, sizeof period, "2026-01");
    ck_assert_int_eq(cell(rows, "cases.opened", "total", ""), 3);
    ck_assert_int_eq(cell(rows, "cases.closed", "total", ""), 3);
    ck_assert_int_eq(cell(rows, "cases.closed", "closure_reason", "moved_away"), 3);
    ck_assert_int_eq(cell(rows, "cases.active", "total", ""), 3); /* the three opened on 1 January */
    size_t i;
    json_t *row;
    json_array_foreach(rows, i, row) {
        const char *at = json_string_value(json_object_get(row, "period"));
        ck_assert_msg(strcmp(at, "2025-12") == 0 || strcmp(at, "2026-01") == 0, "row outside: %s", at);
    }
    http_free(r);
    /* the same when January is the first period asked for */
    snprintf(q, sizeof q, "/v1/networks/%s/statistics?from=2026-01-01&to=2026-01-31&granularity=month", net);
    r = http("GET", q, coord, NULL, NULL);
    ck_assert_int_eq(r->status, 200);
    rows = json_object_get(r->json, "rows");
    ck_assert_int_eq(cell(rows, "cases.opened", "total", ""), 3);
    ck_assert_int_eq(cell(rows, "cases.closed", "total", ""), 3);
    ck_assert_int_eq(cell(rows, "cases.active", "total", ""), 3);
    snprintf(period, sizeof period, "%s", saved);
    http_free(r);
}
END_TEST

/* A hand-made March 2025 with known answers for every referral, agreement,
 * conference, decision, goal and outcome indicator: five schools, each with
 * an agreement, a referral under it (answered in two days, completed) and
 * one without (declined after ten days, three days late), a held
 * conference with two participants and a cancelled one, a decision done
 * and one open past its due date, a goal achieved and one not; the five
 * SY cases opened in January close in March, employed after unemployed. */
START_TEST(activity_indicators_to_the_number)
{
    char sql[4096], q[256], saved[32];
    snprintf(sql, sizeof sql,
             "DO $$ DECLARE net uuid := '%s'; coord uuid := '%s'; c uuid := '%s'; s uuid; g uuid; conf uuid; "
             "BEGIN FOR i IN 1..5 LOOP "
             "INSERT INTO agencies (network_id, name, kind) VALUES (net, 'Schule ' || i, 'school') RETURNING id INTO s; "
             "INSERT INTO agreements (network_id, title, fields_of_action, response_days, valid_from, status, "
             "  activated_at, created_by) VALUES (net, 'Vereinbarung ' || i, '{education}', 7, '2025-01-01', "
             "  'active', '2025-01-01', 'test') RETURNING id INTO g; "
             "INSERT INTO agreement_parties (agreement_id, network_id, agency_id) VALUES (g, net, coord), (g, net, s); "
             "INSERT INTO referrals (network_id, case_id, from_agency_id, to_agency_id, field_of_action, "
             "  agreement_id, status, requested_at, response_due_at, responded_at, decline_reason, outcome, "
             "  closed_at, created_by) VALUES "
             "  (net, c, coord, s, 'education', g, 'completed', '2025-03-03 10:00Z', '2025-03-10 10:00Z', "
             "   '2025-03-05 10:00Z', NULL, 'successful', '2025-03-20 10:00Z', 'test'), "
             "  (net, c, coord, s, 'education', NULL, 'declined', '2025-03-03 10:00Z', '2025-03-10 10:00Z', "
             "   '2025-03-13 10:00Z', 'capacity', NULL, '2025-03-13 10:00Z', 'test'); "
             "INSERT INTO conferences (network_id, case_id, organiser_agency_id, starts_at, ends_at, status, "
             "  held_at, created_by, created_at, updated_at) VALUES (net, c, coord, '2025-03-12 09:00Z', "
             "  '2025-03-12 10:00Z', 'held', '2025-03-12 10:00Z', 'test', '2025-03-01', '2025-03-12') "
             "  RETURNING id INTO conf; "
             "INSERT INTO conference_participants (conference_id, network_id, agency_id, role) "
             "  VALUES (conf, net, coord, 'chair'), (conf, net, s, 'participant'); "
             "INSERT INTO conference_decisions (network_id, conference_id, case_id, responsible_agency_id, due_on, "
             "  status, created_at) VALUES (net, conf, c, s, '2025-04-01', 'done', '2025-03-12 10:00Z'), "
             "  (net, conf, c, s, '2025-04-01', 'open', '2025-03-12 10:00Z'); "
             "INSERT INTO conferences (network_id, case_id, organiser_agency_id, starts_at, ends_at, status, "
             "  cancel_reason, created_by, created_at, updated_at) VALUES (net, c, coord, '2025-03-14 09:00Z', "
             "  '2025-03-14 10:00Z', 'cancelled', 'krank', 'test', '2025-03-01', '2025-03-10'); "
             "INSERT INTO goals (network_id, case_id, field_of_action, responsible_agency_id, status, achieved_at, "
             "  created_by_agency, created_by, created_at, updated_at) VALUES "
             "  (net, c, 'employment', s, 'achieved', '2025-03-25', coord, 'test', '2025-03-02', '2025-03-25'), "
             "  (net, c, 'employment', s, 'not_achieved', NULL, coord, 'test', '2025-03-02', '2025-03-26'); "
             "END LOOP; "
             "UPDATE cases SET created_at = '2025-01-10 10:00Z', status = 'closed', closure_reason = 'goals_achieved', "
             "  closed_at = '2025-03-25 10:00Z' WHERE id IN ('%s', '%s', '%s', '%s', '%s'); "
             "UPDATE potential_analyses SET employment_status = CASE WHEN assessed_on = '2020-01-01' "
             "  THEN 'unemployed' ELSE 'employed' END WHERE case_id IN ('%s', '%s', '%s', '%s', '%s'); "
             "END $$; SELECT 'ok'",
             net, agency, last_case, sy_cases[0], sy_cases[1], sy_cases[2], sy_cases[3], sy_cases[4],
             sy_cases[0], sy_cases[1], sy_cases[2], sy_cases[3], sy_cases[4]);
    char *done = sql_super(sql);
    ck_assert_str_eq(done, "ok");
    free(done);
    zero_keys();
    snprintf(q, sizeof q, "/v1/networks/%s/statistics?from=2025-03-01&to=2025-03-31", net);
    http_resp_t *r = http("GET", q, coord, NULL, NULL);
    ck_assert_msg(r->status == 200, "%ld %s", r->status, r->body);
    json_t *rows = json_object_get(r->json, "rows");
    snprintf(saved, sizeof saved, "%s", period);
    snprintf(period, sizeof period, "2025-03");
    static const struct { const char *indicator, *breakdown, *value; long n; } want[] = {
        {"referrals.requested", "total", "", 10},
        {"referrals.requested", "field_of_action", "education", 10},
        {"referrals.requested", "agency_kinds", "integration_centre>school", 10},
        {"referrals.requested", "under_agreement", "yes", 5},
        {"referrals.requested", "under_agreement", "no", 5},
        {"referrals.answered", "total", "", 10},
        {"referrals.answered", "answer", "accepted", 5},
        {"referrals.answered", "answer", "declined", 5},
        {"referrals.answered", "response_days", "<=3", 5},
        {"referrals.answered", "response_days", "<=14", 5},
        {"referrals.answered", "response_days", "<=1", 0},
        {"referrals.ended", "total", "", 10},
        {"referrals.ended", "status", "completed", 5},
        {"referrals.ended", "status", "declined", 5},
        {"referrals.ended", "outcome", "successful", 5},
        {"referrals.ended", "outcome", "none", 5},
        {"referrals.overdue", "total", "", 5},
        {"referrals.agency_pairs", "total", "", 10},
        {"referrals.agency_pairs", "under_agreement", "yes", 5},
        {"referrals.agency_pairs", "under_agreement", "no", 5},
        {"agreements.active", "total", "", 5},
        {"conferences.held", "total", "", 5},
        {"conferences.participants", "total", "", 10},
        {"conferences.cancelled", "total", "", 5},
        {"decisions.made", "total", "", 10},
        {"decisions.made", "state", "done", 5},
        {"decisions.made", "state", "overdue", 5},
        {"goals.set", "total", "", 10},
        {"goals.set", "field_of_action", "employment", 10},
        {"goals.achieved", "total", "", 5},
        {"goals.achieved", "field_of_action", "employment", 5},
        {"goals.not_achieved", "total", "", 5},
        {"goals.not_achieved", "field_of_action", "employment", 5},
        {"cases.opened", "total", "", 0},
        {"cases.closed", "total", "", 5},
        {"cases.closed", "closure_reason", "goals_achieved", 5},
        {"cases.active", "total", "", 0},
        {"outcomes.employment", "total", "", 5},
        {"outcomes.employment", "intake>closure", "unemployed>employed", 5},
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        /* organisational counts exactly, the others perturbed (keys 0) */
        int exact = strncmp(want[i].indicator, "agreements.", 11) == 0 ||
                    strncmp(want[i].indicator, "conferences.", 12) == 0 ||
                    strcmp(want[i].indicator, "referrals.agency_pairs") == 0;
        long expect = exact ? want[i].n : pub(want[i].n);
        ck_assert_msg(cell(rows, want[i].indicator, want[i].breakdown, want[i].value) == expect,
                      "%s %s %s: %ld, not %ld (true %ld)", want[i].indicator, want[i].breakdown, want[i].value,
                      cell(rows, want[i].indicator, want[i].breakdown, want[i].value), expect, want[i].n);
    }
    assert_rows_sound(rows);
    http_free(r);
    /* the quarter holds January's openings and March's closures */
    snprintf(q, sizeof q, "/v1/networks/%s/statistics?from=2025-01-01&to=2025-03-31&granularity=quarter", net);
    r = http("GET", q, coord, NULL, NULL);
    rows = json_object_get(r->json, "rows");
    snprintf(period, sizeof period, "2025-Q1");
    ck_assert_int_eq(cell(rows, "cases.opened", "total", ""), pub(5));
    ck_assert_int_eq(cell(rows, "cases.opened", "nationality", "SY"), pub(5));
    ck_assert_int_eq(cell(rows, "cases.closed", "total", ""), pub(5));
    ck_assert_int_eq(cell(rows, "cases.active", "total", ""), 0);
    ck_assert_int_eq(cell(rows, "referrals.requested", "total", ""), pub(10));
    http_free(r);
    snprintf(period, sizeof period, "%s", saved);
}
END_TEST

/* Counts come from daily rollups: a later change to a past day (a
 * case moved, an agency's kind changed) shows in the next call, and so
 * does a referral that fell due without any write. */
START_TEST(rollups_follow_later_changes)
{
    char sql[1024], q[256], saved[32], *out, *kind;
    snprintf(q, sizeof q, "/v1/networks/%s/statistics?from=2025-07-01&to=2025-07-31&granularity=month", net);
    snprintf(saved, sizeof saved, "%s", period);
    snprintf(period, sizeof period, "2025-07");
    http_resp_t *r = http("GET", q, coord, NULL, NULL);
    ck_assert_int_eq(r->status, 200);
    ck_assert_int_eq(cell(json_object_get(r->json, "rows"), "cases.opened", "total", ""), 0);
    http_free(r);
    /* July 2025 is rolled up now; five cases and six referrals move there */
    snprintf(sql, sizeof sql,
             "UPDATE cases SET created_at = '2025-07-15 10:00Z' WHERE id IN ('%s', '%s', '%s', '%s', '%s'); "
             "UPDATE referrals SET requested_at = '2025-07-20 10:00Z', response_due_at = now() + interval '1 day' "
             "WHERE case_id = '%s'; SELECT 'ok'",
             sy_cases[0], sy_cases[1], sy_cases[2], sy_cases[3], sy_cases[4], last_case);
    free(sql_super(sql));
    r = http("GET", q, coord, NULL, NULL);
    json_t *rows = json_object_get(r->json, "rows");
    ck_assert_int_eq(cell(rows, "cases.opened", "total", ""), pub(5));
    ck_assert_int_eq(cell(rows, "cases.opened", "nationality", "SY"), pub(5));
    snprintf(sql, sizeof sql, "SELECT kind FROM agencies WHERE id = '%s'", agency);
    kind = sql_super(sql);
    ck_assert_str_ne(kind, "welfare_organisation");
    ck_assert_int_eq(cell(rows, "cases.opened", "lead_agency_kind", kind), pub(5));
    ck_assert_int_eq(cell(rows, "referrals.requested", "total", ""), pub(6));
    ck_assert_int_eq(cell(rows, "referrals.overdue", "total", ""), 0);
    http_free(r);
    snprintf(sql, sizeof sql, "SELECT count(*) FROM stat_dirty WHERE network_id = '%s'", net);
    out = sql_super(sql);
    ck_assert_str_eq(out, "0");
    free(out);
    /* the lead agency's kind changes: every day is counted again */
    snprintf(sql, sizeof sql, "UPDATE agencies SET kind = 'welfare_organisation' WHERE id = '%s'; SELECT 'ok'",
             agency);
    free(sql_super(sql));
    /* the referrals fall due without a write (triggers off, as if time passed) */
    snprintf(sql, sizeof sql,
             "SET session_replication_role = replica; UPDATE referrals SET response_due_at = now() - "
             "interval '1 minute' WHERE case_id = '%s'; SELECT 'ok'", last_case);
    free(sql_super(sql));
    r = http("GET", q, coord, NULL, NULL);
    rows = json_object_get(r->json, "rows");
    ck_assert_int_eq(cell(rows, "cases.opened", "lead_agency_kind", kind), 0);
    free(kind);
    ck_assert_int_eq(cell(rows, "cases.opened", "lead_agency_kind", "welfare_organisation"), pub(5));
    ck_assert_int_eq(cell(rows, "referrals.overdue", "total", ""), pub(6));
    http_free(r);
    snprintf(period, sizeof period, "%s", saved);
}
END_TEST

/* Conferences, decisions, outcomes and agreements come from the rollups
 * too (migration 0028): a participant added to a held conference, a
 * decision that falls due without a write, a case assessed again in
 * another month and an agreement terminated show in the next call, which
 * recounts only the days they touch. */
START_TEST(rollups_follow_conferences_decisions_outcomes)
{
    char sql[2048], q[256], saved[32];
    snprintf(sql, sizeof sql,
             "DO $$ DECLARE net uuid := '%1$s'; a uuid := '%2$s'; c uuid := '%3$s'; conf uuid; BEGIN "
             "UPDATE potential_analyses SET created_at = CASE german_level WHEN 'A1' THEN '2025-07-10 10:00Z'::timestamptz "
             "  ELSE '2025-07-11 10:00Z' END WHERE network_id = net; "
             "INSERT INTO conferences (network_id, case_id, organiser_agency_id, starts_at, ends_at, status, held_at, "
             "  created_by) VALUES (net, c, a, '2025-07-12 09:00Z', '2025-07-12 10:00Z', 'held', '2025-07-12 10:00Z', "
             "  'test') RETURNING id INTO conf; "
             "INSERT INTO conference_decisions (network_id, conference_id, case_id, responsible_agency_id, due_on, "
             "  created_at) SELECT net, conf, c, a, current_date, '2025-07-12 10:00Z' FROM generate_series(1, 5); "
             "INSERT INTO agreements (network_id, title, fields_of_action, response_days, valid_from, status, "
             "  activated_at, created_by) VALUES (net, 'Vereinbarung', '{education}', 7, '2025-07-01', 'active', "
             "  '2025-07-01 08:00Z', 'test'); END $$; SELECT 'ok'",
             net, agency, last_case);
    char *ok = sql_super(sql);
    ck_assert_str_eq(ok, "ok");
    free(ok);
    zero_keys();
    snprintf(saved, sizeof saved, "%s", period);
    snprintf(q, sizeof q, "/v1/networks/%s/statistics?from=2025-07-01&to=2025-08-31&granularity=month", net);
    http_resp_t *r = http("GET", q, coord, NULL, NULL);
    ck_assert_msg(r->status == 200, "%ld %s", r->status, r->body);
    json_t *rows = json_object_get(r->json, "rows");
    snprintf(period, sizeof period, "2025-07");
    ck_assert_int_eq(cell(rows, "outcomes.german_level", "intake>latest", "A1>B1"), pub(5));
    ck_assert_int_eq(cell(rows, "conferences.held", "total", ""), 1);
    ck_assert_int_eq(cell(rows, "conferences.participants", "total", ""), 0);
    ck_assert_int_eq(cell(rows, "decisions.made", "state", "open"), pub(5));
    ck_assert_int_eq(cell(rows, "decisions.made", "state", "overdue"), 0);
    ck_assert_int_eq(cell(rows, "agreements.active", "total", ""), 1);
    http_free(r);
    /* the changes, with the triggers on (the decision's due date passes without one) */
    snprintf(sql, sizeof sql,
             "INSERT INTO potential_analyses (network_id, case_id, agency_id, assessed_on, german_level, created_by, "
             "  created_at) SELECT network_id, case_id, agency_id, '2022-01-01', 'C1', 'test', '2025-08-05 10:00Z' "
             "  FROM potential_analyses WHERE network_id = '%1$s' AND german_level = 'A1'; "
             "INSERT INTO conference_participants (conference_id, network_id, agency_id, role) "
             "  SELECT id, network_id, organiser_agency_id, 'chair' FROM conferences WHERE network_id = '%1$s'; "
             "UPDATE agreements SET status = 'terminated', terminated_at = now() WHERE network_id = '%1$s'; "
             "SET session_replication_role = replica; "
             "UPDATE conference_decisions SET due_on = current_date - 1 WHERE network_id = '%1$s'; SELECT 'ok'",
             net);
    ok = sql_super(sql);
    ck_assert_str_eq(ok, "ok");
    free(ok);
    r = http("GET", q, coord, NULL, NULL);
    rows = json_object_get(r->json, "rows");
    ck_assert_int_eq(cell(rows, "outcomes.german_level", "intake>latest", "A1>B1"), 0);
    ck_assert_int_eq(cell(rows, "conferences.participants", "total", ""), 1);
    ck_assert_int_eq(cell(rows, "decisions.made", "state", "open"), 0);
    ck_assert_int_eq(cell(rows, "decisions.made", "state", "overdue"), pub(5));
    ck_assert_int_eq(cell(rows, "agreements.active", "total", ""), 0);
    snprintf(period, sizeof period, "2025-08");
    ck_assert_int_eq(cell(rows, "outcomes.german_level", "intake>latest", "A1>C1"), pub(5));
    http_free(r);
    /* recounted day by day, not rebuilt: the marks are gone and the state row stayed */
    snprintf(sql, sizeof sql, "SELECT (SELECT count(*) FROM stat_dirty_objects WHERE network_id = '%1$s') "
             "+ (SELECT count(*) FROM stat_dirty WHERE network_id = '%1$s')", net);
    ok = sql_super(sql);
    ck_assert_str_eq(ok, "0");
    free(ok);
    snprintf(period, sizeof period, "%s", saved);
}
END_TEST

/* A call that finds another call recounting the network does not wait:
 * it reads the rollups as the last recount left them (the new case is
 * not counted yet, its mark stays), and the next call after the recount
 * counts it.  Another recount is simulated by holding the network's lock. */
START_TEST(a_call_during_a_recount_reads_without_waiting)
{
    http_resp_t *r = http("GET", path, coord, NULL, NULL);
    ck_assert_int_eq(r->status, 200);
    ck_assert_int_eq(cell(json_object_get(r->json, "rows"), "cases.opened", "total", ""), pub(9));
    http_free(r);
    PGconn *other = PQconnectdb(getenv("LOTSE_SUPER_URL"));
    ck_assert_int_eq(PQstatus(other), CONNECTION_OK);
    char sql[256];
    snprintf(sql, sizeof sql, "BEGIN; SELECT pg_advisory_xact_lock(hashtextextended('lotse.statistics.%s', 0))", net);
    PGresult *lock = PQexec(other, sql);
    ck_assert_int_eq(PQresultStatus(lock), PGRES_TUPLES_OK);
    PQclear(lock);
    make_case("newly_arrived", "UA");
    r = http("GET", path, coord, NULL, NULL);
    ck_assert_int_eq(r->status, 200);
    ck_assert_int_eq(cell(json_object_get(r->json, "rows"), "cases.opened", "total", ""), pub(9));
    http_free(r);
    char *marks = sqlf("SELECT count(*) > 0 FROM stat_dirty WHERE network_id = '%s'", net);
    ck_assert_str_eq(marks, "t");
    free(marks);
    PQclear(PQexec(other, "COMMIT"));
    PQfinish(other);
    zero_keys(); /* the new case's key, and a rebuild */
    r = http("GET", path, coord, NULL, NULL);
    ck_assert_int_eq(cell(json_object_get(r->json, "rows"), "cases.opened", "total", ""), pub(10));
    http_free(r);
}
END_TEST

START_TEST(who_sees_which_statistics)
{
    char *rbk = demo_token("demo-coordinator"), *cw = demo_token("demo-jobcenter"),
         *ministry = demo_token("demo-ministry");
    ck_assert_int_eq(status_of("GET", path, rbk, NULL), 404);      /* another network's */
    ck_assert_int_eq(status_of("GET", path, cw, NULL), 403);       /* caseworkers see none */
    ck_assert_int_eq(status_of("GET", path, ministry, NULL), 200);
    char state[128];
    snprintf(state, sizeof state, "/v1/statistics?from=%s-01&to=%s-28", period, period);
    ck_assert_int_eq(status_of("GET", state, rbk, NULL), 403);
    http_resp_t *r = http("GET", state, ministry, NULL, NULL);
    ck_assert_int_eq(r->status, 200);
    ck_assert_ptr_nonnull(strstr(r->body, "\"network\":\"RBK\""));
    ck_assert_ptr_nonnull(strstr(r->body, "\"network\":\"NW\""));
    assert_rows_sound(json_object_get(r->json, "rows"));
    http_free(r);
    ck_assert_int_eq(status_of("GET", "/v1/statistics?from=2026-12-01&to=2026-01-01", ministry, NULL), 400);
    ck_assert_int_eq(status_of("GET", "/v1/statistics?from=2026-01-01&to=2026-12-31&granularity=week", ministry, NULL), 400);
    const char *bad[] = {"/v1/statistics?from=2026-13-01&to=2026-12-31", "/v1/statistics?from=2026-01-01",
                         "/v1/statistics?from=2026-02-30&to=2026-03-01", "/v1/statistics?from=2016-01-01&to=2026-01-01",
                         "/v1/statistics?from=2016-01-01&to=2027-01-01", "/v1/statistics?from=2026-01-01&to=26-12-31"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        http_resp_t *b = http("GET", bad[i], ministry, NULL, NULL);
        ck_assert_msg(b->status == 400, "%s: %ld", bad[i], b->status);
        ck_assert_str_eq(jstr(b, "type"), "https://lotse.example/problems/bad-request");
        http_free(b);
    }
    /* just under ten years is still answered */
    char decade[160];
    snprintf(decade, sizeof decade, "/v1/networks/%s/statistics?from=2016-01-02&to=2026-01-01&granularity=year", net);
    ck_assert_int_eq(status_of("GET", decade, rbk, NULL), 404);
    ck_assert_int_eq(status_of("GET", decade, ministry, NULL), 200);
    free(rbk);
    free(cw);
    free(ministry);
}
END_TEST

Suite *suite_statistics(void)
{
    Suite *s = suite_create("statistics");
    TCase *tc = tcase_create("statistics");
    tcase_set_timeout(tc, 60);
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, counts_perturbation_and_csv);
    tcase_add_test(tc, quarters_and_years);
    tcase_add_test(tc, periods_in_local_time);
    tcase_add_test(tc, activity_indicators_to_the_number);
    tcase_add_test(tc, rollups_follow_later_changes);
    tcase_add_test(tc, rollups_follow_conferences_decisions_outcomes);
    tcase_add_test(tc, a_call_during_a_recount_reads_without_waiting);
    tcase_add_test(tc, who_sees_which_statistics);
    suite_add_tcase(s, tc);
    return s;
}
