/* test_barriers.c - barriers reported on cases (consented agencies only,
 * free text only with the journal), barriers recorded by declines, the
 * barrier vocabulary, the gap register counted to the number on a
 * hand-made network (record keys 0: a true count n is published as
 * pub(n)) with a row for every code, field and municipality, the
 * ministry's barrier counts, and the gap lifecycle with counts in the
 * whole months before and after a measure. */
#include "case_fixture.h"

#define pub published_key0

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *jobcenter, *caritas, *awo, *mbe;

static void setup(void)
{
    demo_team(&jobcenter, &caritas, &awo, &mbe);
}

static void teardown(void)
{
    demo_team_free(jobcenter, caritas, awo, mbe);
}

START_TEST(reporting_by_agencies_that_see_the_case)
{
    char m[9], p[160];
    random_hex(m, 8);
    char *case_id = create_case(jobcenter, m);
    case_path(p, sizeof p, case_id, "/barriers");
    const char *coded = "{\"code\":\"waiting_list\",\"field_of_action\":\"language\"}";
    /* no consent: as if the case did not exist */
    ck_assert_int_eq(status_of("POST", p, caritas, coded), 404);
    ck_assert_int_eq(status_of("GET", p, caritas, NULL), 404);
    free(grant(jobcenter, case_id, CARITAS_AGENCY, "[\"identity\"]", NULL));
    ck_assert_int_eq(status_of("POST", p, caritas, coded), 201);
    /* a free text needs the journal */
    char body[512];
    snprintf(body, sizeof body, "{\"code\":\"no_childcare\",\"field_of_action\":\"language\","
                                "\"municipality_ags\":\"05378004\",\"text\":\"Kita-Platz fehlt %s\"}", m);
    ck_assert_int_eq(status_of("POST", p, caritas, body), 403);
    http_resp_t *r = http("POST", p, jobcenter, body, NULL);
    ck_assert_msg(r->status == 201, "%ld %s", r->status, r->body);
    ck_assert_str_eq(jstr(r, "source"), "report");
    ck_assert_str_eq(jstr(r, "reported_by_agency"), JOBCENTER_AGENCY);
    ck_assert_ptr_nonnull(strstr(jstr(r, "text"), m));
    char *location = resp_header_value(r, "Location");
    ck_assert_ptr_nonnull(strstr(location, p));
    char *barrier_id = strdup(jstr(r, "id"));
    http_free(r);
    /* the lead reads the text; Caritas the coded barrier without it */
    r = http("GET", p, jobcenter, NULL, NULL);
    ck_assert_int_eq(r->status, 200);
    ck_assert_int_eq(json_array_size(json_object_get(r->json, "items")), 2);
    ck_assert_ptr_nonnull(strstr(r->body, m));
    http_free(r);
    r = http("GET", p, caritas, NULL, NULL);
    ck_assert_int_eq(r->status, 200);
    ck_assert_int_eq(json_array_size(json_object_get(r->json, "items")), 2);
    ck_assert_ptr_null(strstr(r->body, m));
    ck_assert_ptr_null(strstr(r->body, "\"text\""));
    http_free(r);
    r = http("GET", location, caritas, NULL, NULL);
    ck_assert_int_eq(r->status, 200);
    ck_assert_str_eq(jstr(r, "code"), "no_childcare");
    ck_assert_ptr_null(json_object_get(r->json, "text"));
    http_free(r);
    ck_assert_int_eq(status_of("GET", location, awo, NULL), 404);
    r = http("GET", strcat(strcpy((char[200]){0}, p), "?code=no_childcare"), jobcenter, NULL, NULL);
    ck_assert_int_eq(json_array_size(json_object_get(r->json, "items")), 1);
    http_free(r);
    /* bad input changes nothing */
    r = http("POST", p, jobcenter, "{\"code\":\"no_such_barrier\",\"field_of_action\":\"language\"}", NULL);
    ck_assert_int_eq(r->status, 400);
    ck_assert_ptr_nonnull(strstr(r->body, "\"/code\""));
    http_free(r);
    ck_assert_int_eq(status_of("POST", p, jobcenter, "{\"code\":\"waiting_list\",\"field_of_action\":\"cooking\"}"), 400);
    ck_assert_int_eq(status_of("POST", p, jobcenter, "{\"code\":\"Waiting List\",\"field_of_action\":\"language\"}"), 400);
    ck_assert_int_eq(status_of("POST", p, jobcenter, "{\"code\":\"waiting_list\",\"field_of_action\":\"language\",\"colour\":1}"), 400);
    snprintf(body, sizeof body, "{\"code\":\"waiting_list\",\"field_of_action\":\"language\","
                                "\"referral_id\":\"%s\"}", case_id);
    ck_assert_int_eq(status_of("POST", p, jobcenter, body), 400);
    /* an agency of another network is unknown here, and so is a municipality */
    char other_net[40], other_agency[40], *other;
    new_network(other_net, &other, other_agency);
    free(other);
    snprintf(body, sizeof body, "{\"code\":\"waiting_list\",\"field_of_action\":\"language\","
                                "\"concerned_agency_id\":\"%s\"}", other_agency);
    ck_assert_int_eq(status_of("POST", p, jobcenter, body), 422);
    ck_assert_int_eq(status_of("POST", p, jobcenter, "{\"code\":\"waiting_list\",\"field_of_action\":"
                                                     "\"language\",\"municipality_ags\":\"09999999\"}"), 422);
    ck_assert_int_eq(status_of("POST", p, jobcenter, "{\"code\":\"waiting_list\",\"field_of_action\":"
                                                     "\"language\",\"municipality_ags\":\"12\"}"), 400);
    r = http("GET", strcat(strcpy((char[200]){0}, p), "?code=Not%20A%20Code"), jobcenter, NULL, NULL);
    ck_assert_int_eq(r->status, 400);
    http_free(r);
    char *n = sqlf("SELECT count(*) FROM barriers WHERE case_id = '%s'", case_id);
    ck_assert_str_eq(n, "2");
    free(n);
    /* reported, with the case for the feed's visibility */
    n = sqlf("SELECT count(*) FROM events WHERE type = 'barrier.reported' AND resource_id = '%s' "
             "AND case_id = '%s'", barrier_id, case_id);
    ck_assert_str_eq(n, "1");
    free(n);
    /* the lead's two lists showed the journal text, the field of action (plan) and the
     * municipality (residence), Caritas' one none of them */
    n = sqlf("SELECT string_agg(categories::text, ' ' ORDER BY id) FROM audit_log "
             "WHERE case_id = '%s' AND action = 'barrier.list' AND outcome = 'success'", case_id);
    ck_assert_str_eq(n, "{residence,plan,journal} {} {residence,plan,journal}");
    free(n);
    free(location);
    free(barrier_id);
    free(case_id);
}
END_TEST

static char *refer_to_caritas(const char *case_id, const char *field)
{
    char body[256];
    snprintf(body, sizeof body, "{\"case_id\":\"%s\",\"to_agency_id\":\"" CARITAS_AGENCY "\","
             "\"field_of_action\":\"%s\"}", case_id, field);
    http_resp_t *r = http("POST", "/v1/referrals", jobcenter, body, NULL);
    ck_assert_msg(r->status == 201, "refer: %ld %s", r->status, r->body);
    char *id = strdup(jstr(r, "id"));
    http_free(r);
    return id;
}

static http_resp_t *decline(const char *referral, const char *body)
{
    char p[128];
    snprintf(p, sizeof p, "/v1/referrals/%s/decline", referral);
    return http("POST", p, caritas, body, (const char *[]){"If-Match: *", NULL});
}

START_TEST(declines_count_as_barriers)
{
    char m[9], p[160], body[256];
    random_hex(m, 8);
    char *case_id = create_case(jobcenter, m);
    free(grant(jobcenter, case_id, CARITAS_AGENCY, "[\"identity\",\"plan\"]", NULL));
    char *a = refer_to_caritas(case_id, "housing"), *b = refer_to_caritas(case_id, "language"),
         *c = refer_to_caritas(case_id, "employment");
    /* a suggested agency goes only with not_responsible */
    snprintf(body, sizeof body, "{\"reason\":\"capacity\",\"suggested_agency_id\":\"" AWO_AGENCY "\"}");
    http_resp_t *r = decline(a, body);
    ck_assert_int_eq(r->status, 400);
    ck_assert_ptr_nonnull(strstr(r->body, "/suggested_agency_id"));
    http_free(r);
    r = decline(a, "{\"reason\":\"not_responsible\",\"suggested_agency_id\":\"" AWO_AGENCY "\"}");
    ck_assert_msg(r->status == 200, "%ld %s", r->status, r->body);
    ck_assert_str_eq(jstr(r, "suggested_agency_id"), AWO_AGENCY);
    http_free(r);
    r = decline(b, "{\"reason\":\"capacity\",\"note\":\"Kurs voll bis März\"}");
    ck_assert_int_eq(r->status, 200);
    http_free(r);
    r = decline(c, "{\"reason\":\"eligibility\"}");
    ck_assert_int_eq(r->status, 200);
    http_free(r);
    /* two barriers, coded, concerning Caritas; eligibility is none */
    r = http("GET", case_path(p, sizeof p, case_id, "/barriers"), jobcenter, NULL, NULL);
    ck_assert_int_eq(r->status, 200);
    json_t *items = json_object_get(r->json, "items");
    ck_assert_int_eq(json_array_size(items), 2);
    int seen = 0;
    for (size_t i = 0; i < 2; i++) {
        json_t *x = json_array_get(items, i);
        const char *code = json_string_value(json_object_get(x, "code"));
        const char *ref = json_string_value(json_object_get(x, "referral_id"));
        ck_assert_str_eq(json_string_value(json_object_get(x, "source")), "referral_decline");
        ck_assert_str_eq(json_string_value(json_object_get(x, "concerned_agency_id")), CARITAS_AGENCY);
        ck_assert_str_eq(json_string_value(json_object_get(x, "reported_by_agency")), CARITAS_AGENCY);
        if (strcmp(code, "no_responsible_agency") == 0 && strcmp(ref, a) == 0 &&
            strcmp(json_string_value(json_object_get(x, "field_of_action")), "housing") == 0)
            seen |= 1;
        if (strcmp(code, "waiting_list") == 0 && strcmp(ref, b) == 0)
            seen |= 2;
    }
    ck_assert_int_eq(seen, 3);
    http_free(r);
    char *n = sqlf("SELECT count(*) FROM events WHERE type = 'barrier.reported' AND case_id = '%s'", case_id);
    ck_assert_str_eq(n, "2");
    free(n);
    free(a);
    free(b);
    free(c);
    free(case_id);
}
END_TEST

START_TEST(network_barrier_codes)
{
    char net[40], agency[40], *coord, other_net[40], other_agency[40], *other;
    new_network(net, &coord, agency);
    new_network(other_net, &other, other_agency);
    const char *code = "{\"code\":\"no_school_place\",\"label_de\":\"Kein Schulplatz\",\"label_en\":\"No school place\"}";
    ck_assert_int_eq(status_of("POST", "/v1/barrier-codes", jobcenter, code), 403);
    ck_assert_int_eq(status_of("POST", "/v1/barrier-codes", coord, code), 201);
    ck_assert_int_eq(status_of("POST", "/v1/barrier-codes", coord, code), 409);
    ck_assert_int_eq(status_of("POST", "/v1/barrier-codes", coord,
                               "{\"code\":\"waiting_list\",\"label_de\":\"x\",\"label_en\":\"x\"}"), 409);
    ck_assert_int_eq(status_of("POST", "/v1/barrier-codes", coord,
                               "{\"code\":\"9lives\",\"label_de\":\"x\",\"label_en\":\"x\"}"), 400);
    http_resp_t *r = http("GET", "/v1/barrier-codes", coord, NULL, NULL);
    ck_assert_int_eq(r->status, 200);
    ck_assert_int_eq(json_array_size(json_object_get(r->json, "items")), 12);
    ck_assert_ptr_nonnull(strstr(r->body, "\"code\":\"no_school_place\""));
    ck_assert_ptr_nonnull(strstr(r->body, "\"label_de\":\"Warteliste"));
    http_free(r);
    /* the other network neither lists nor uses it */
    r = http("GET", "/v1/barrier-codes", other, NULL, NULL);
    ck_assert_int_eq(json_array_size(json_object_get(r->json, "items")), 11);
    ck_assert_ptr_null(strstr(r->body, "no_school_place"));
    http_free(r);
    char body[256], p[160];
    r = http("POST", "/v1/cases", other, "{\"target_group\":\"eu_migrant\"}", NULL);
    ck_assert_int_eq(r->status, 201);
    snprintf(p, sizeof p, "/v1/cases/%s/barriers", jstr(r, "id"));
    http_free(r);
    snprintf(body, sizeof body, "{\"code\":\"no_school_place\",\"field_of_action\":\"education\"}");
    ck_assert_int_eq(status_of("POST", p, other, body), 400);
    r = http("POST", "/v1/cases", coord, "{\"target_group\":\"eu_migrant\"}", NULL);
    snprintf(p, sizeof p, "/v1/cases/%s/barriers", jstr(r, "id"));
    http_free(r);
    ck_assert_int_eq(status_of("POST", p, coord, body), 201);
    free(coord);
    free(other);
}
END_TEST

/* The row of the register with this period, code, field or municipality
 * (both NULL: the code's total): its count (-2 absent), and the previous
 * count and trend through the pointers. */
static long reg(json_t *rows, const char *period, const char *code, const char *field,
                const char *municipality, long *previous, const char **trend)
{
    size_t i;
    json_t *x;
    json_array_foreach(rows, i, x) {
        const char *f = json_string_value(json_object_get(x, "field_of_action"));
        const char *m = json_string_value(json_object_get(x, "municipality"));
        if (strcmp(json_string_value(json_object_get(x, "period")), period) != 0 ||
            strcmp(json_string_value(json_object_get(x, "code")), code) != 0 ||
            (field ? !f || strcmp(f, field) != 0 : f != NULL) ||
            (municipality ? !m || strcmp(m, municipality) != 0 : m != NULL))
            continue;
        if (previous)
            *previous = (long)json_integer_value(json_object_get(x, "previous_count"));
        if (trend)
            *trend = json_string_value(json_object_get(x, "trend"));
        return (long)json_integer_value(json_object_get(x, "count"));
    }
    return -2;
}

/* A hand-made network: one case, two municipalities, and barriers in
 * April (3 waiting_list/language/M1), May (waiting_list: 7 language/M1,
 * 2 language/M2, 5 housing without a municipality; no_childcare: 6
 * language/M1) and July (5 no_childcare/language/M1); their record keys
 * are 0, so that a true count n is published as pub(n). */
static void barrier_network(char *net, char **coord, char *agency)
{
    new_network(net, coord, agency);
    http_resp_t *r = http("POST", "/v1/cases", *coord, "{\"target_group\":\"eu_migrant\"}", NULL);
    ck_assert_int_eq(r->status, 201);
    char sql[2048];
    snprintf(sql, sizeof sql,
             "DO $$ DECLARE net uuid := '%s'; ag uuid := '%s'; c uuid := '%s'; "
             "BEGIN "
             "INSERT INTO municipalities (network_id, ags, name) VALUES (net, '09000001', 'Eins'), "
             "  (net, '09000002', 'Zwei'); "
             "INSERT INTO barriers (network_id, case_id, code, field_of_action, municipality_ags, source, "
             "  reported_by_agency, created_by, created_at) "
             "SELECT net, c, x.code, x.f, x.m, 'report', ag, 'test', x.at FROM (VALUES "
             "  ('waiting_list', 'language', '09000001', timestamptz '2025-04-10 10:00Z', 3), "
             "  ('waiting_list', 'language', '09000001', '2025-05-10 10:00Z', 7), "
             "  ('waiting_list', 'language', '09000002', '2025-05-11 10:00Z', 2), "
             "  ('waiting_list', 'housing', NULL, '2025-05-12 10:00Z', 5), "
             "  ('no_childcare', 'language', '09000001', '2025-05-13 10:00Z', 6), "
             "  ('no_childcare', 'language', '09000001', '2025-07-13 10:00Z', 5)) "
             "  AS x(code, f, m, at, n), generate_series(1, x.n); "
             "UPDATE barriers SET record_key = 0 WHERE network_id = net; "
             "END $$; SELECT 'ok'",
             net, agency, jstr(r, "id"));
    http_free(r);
    char *ok = sql_super(sql);
    ck_assert_str_eq(ok, "ok");
    free(ok);
}

START_TEST(register_counts_to_the_number)
{
    char net[40], agency[40], *coord, path[256];
    barrier_network(net, &coord, agency);
    snprintf(path, sizeof path, "/v1/networks/%s/barrier-register?from=2025-05-01&to=2025-05-31", net);
    http_resp_t *r = http("GET", path, coord, NULL, NULL);
    ck_assert_msg(r->status == 200, "%ld %s", r->status, r->body);
    json_t *rows = json_object_get(r->json, "rows");
    long prev;
    const char *trend;
    ck_assert_int_eq(reg(rows, "2025-05", "waiting_list", NULL, NULL, &prev, &trend), pub(14));
    ck_assert_int_eq(prev, 3); /* April's 3 (a true 3 is published as 3) */
    ck_assert_str_eq(trend, "up");
    ck_assert_int_eq(reg(rows, "2025-05", "waiting_list", "language", NULL, &prev, NULL), pub(9));
    ck_assert_int_eq(prev, 3);
    ck_assert_int_eq(reg(rows, "2025-05", "waiting_list", NULL, "09000001", &prev, NULL), pub(7));
    ck_assert_int_eq(prev, 3);
    ck_assert_int_eq(reg(rows, "2025-05", "waiting_list", NULL, "09000002", NULL, NULL), pub(2));
    ck_assert_int_eq(reg(rows, "2025-05", "waiting_list", NULL, "unknown", NULL, NULL), pub(5));
    ck_assert_int_eq(reg(rows, "2025-05", "waiting_list", "housing", NULL, NULL, NULL), pub(5));
    ck_assert_int_eq(reg(rows, "2025-05", "no_childcare", NULL, NULL, &prev, &trend), pub(6));
    ck_assert_int_eq(prev, 0);
    ck_assert_str_eq(trend, "up");
    ck_assert_int_eq(reg(rows, "2025-05", "no_childcare", "language", NULL, &prev, &trend), pub(6));
    ck_assert_str_eq(trend, "up");
    /* every code, field and municipality of the network has its row, barriers or not */
    ck_assert_int_eq(reg(rows, "2025-05", "no_childcare", "health", NULL, &prev, &trend), 0);
    ck_assert_str_eq(trend, "same");
    ck_assert_int_eq(reg(rows, "2025-05", "no_childcare", NULL, "09000002", NULL, NULL), 0);
    ck_assert_int_eq(reg(rows, "2025-05", "housing_shortage", NULL, NULL, NULL, NULL), 0);
    ck_assert_int_eq(reg(rows, "2025-04", "waiting_list", NULL, NULL, NULL, NULL), -2); /* not asked */
    ck_assert_ptr_null(strstr(r->body, "case"));
    ck_assert_str_eq(json_string_value(json_object_get(json_object_get(json_object_get(r->json, "meta"),
                                                                       "disclosure_control"), "method")),
                     "cell_key");
    http_free(r);
    /* counted through the read replica's connection (DATABASE_READ_URL; the same database here) */
    char *read = sql_super("SELECT count(*) > 0 FROM pg_stat_activity WHERE application_name = 'lotse-read'");
    ck_assert_str_eq(read, "t");
    free(read);
    /* June: at zero and going down */
    snprintf(path, sizeof path, "/v1/networks/%s/barrier-register?from=2025-06-01&to=2025-07-31", net);
    r = http("GET", path, coord, NULL, NULL);
    rows = json_object_get(r->json, "rows");
    ck_assert_int_eq(reg(rows, "2025-06", "no_childcare", NULL, NULL, &prev, &trend), 0);
    ck_assert_int_eq(prev, pub(6));
    ck_assert_str_eq(trend, "down");
    ck_assert_int_eq(reg(rows, "2025-06", "waiting_list", NULL, "unknown", &prev, &trend), 0);
    ck_assert_int_eq(prev, pub(5));
    ck_assert_int_eq(reg(rows, "2025-07", "no_childcare", NULL, NULL, &prev, &trend), pub(5));
    ck_assert_int_eq(prev, 0);
    ck_assert_int_eq(reg(rows, "2025-07", "waiting_list", NULL, NULL, NULL, NULL), 0);
    http_free(r);
    /* the quarter holds April and May */
    snprintf(path, sizeof path, "/v1/networks/%s/barrier-register?from=2025-04-01&to=2025-06-30&granularity=quarter", net);
    r = http("GET", path, coord, NULL, NULL);
    ck_assert_int_eq(reg(json_object_get(r->json, "rows"), "2025-Q2", "waiting_list", NULL, NULL, NULL, NULL), pub(17));
    ck_assert_int_eq(reg(json_object_get(r->json, "rows"), "2025-Q2", "waiting_list", NULL, "09000001", NULL, NULL), pub(10));
    ck_assert_int_eq(reg(json_object_get(r->json, "rows"), "2025-Q2", "waiting_list", "language", NULL, NULL, NULL), pub(12));
    http_free(r);
    /* only the network's coordinator */
    char *rbk = demo_token("demo-coordinator"), *ministry = demo_token("demo-ministry");
    ck_assert_int_eq(status_of("GET", path, rbk, NULL), 404);
    ck_assert_int_eq(status_of("GET", path, jobcenter, NULL), 403);
    ck_assert_int_eq(status_of("GET", path, ministry, NULL), 403);
    snprintf(path, sizeof path, "/v1/networks/%s/barrier-register?from=2025-06-01&to=2025-05-01", net);
    ck_assert_int_eq(status_of("GET", path, coord, NULL), 400);
    snprintf(path, sizeof path, "/v1/networks/%s/barrier-register?from=2025-05-01&to=2025-05-31&granularity=week", net);
    ck_assert_int_eq(status_of("GET", path, coord, NULL), 400);
    /* the ministry's statistics count them with the same perturbation */
    snprintf(path, sizeof path, "/v1/networks/%s/statistics?from=2025-05-01&to=2025-05-31", net);
    r = http("GET", path, ministry, NULL, NULL);
    ck_assert_int_eq(r->status, 200);
    long want[][2] = {{0, 20}, {1, 14}, {2, 6}, {3, 15}, {4, 5}};
    const char *keys[][2] = {{"total", ""}, {"code", "waiting_list"}, {"code", "no_childcare"},
                             {"field_of_action", "language"}, {"field_of_action", "housing"}};
    for (size_t k = 0; k < 5; k++) {
        size_t i;
        json_t *x;
        long got = -2;
        json_array_foreach(json_object_get(r->json, "rows"), i, x) {
            if (strcmp(json_string_value(json_object_get(x, "indicator")), "barriers.reported") == 0 &&
                strcmp(json_string_value(json_object_get(x, "breakdown")), keys[k][0]) == 0 &&
                strcmp(json_string_value(json_object_get(x, "value")), keys[k][1]) == 0)
                got = json_integer_value(json_object_get(x, "count"));
        }
        ck_assert_msg(got == pub(want[k][1]), "barriers.reported %s %s: %ld", keys[k][0], keys[k][1], got);
    }
    http_free(r);
    char *n = sqlf("SELECT count(*) FROM audit_log WHERE network_id = '%s' AND action LIKE 'barriers.register.%%'", net);
    ck_assert_str_eq(n, "3");
    free(n);
    free(rbk);
    free(ministry);
    free(coord);
}
END_TEST

static long gap_action(const char *gap, const char *action, const char *token, const char *body)
{
    char p[160];
    snprintf(p, sizeof p, "/v1/gaps/%s%s", gap, action);
    http_resp_t *r = http(action[0] ? "POST" : "PATCH", p, token, body, (const char *[]){"If-Match: *", NULL});
    long st = r->status;
    http_free(r);
    return st;
}

START_TEST(gap_lifecycle_with_counts_before_and_after)
{
    char net[40], agency[40], *coord, p[160];
    barrier_network(net, &coord, agency);
    char *cw = signed_token("[\"caseworker\"]", agency, net);
    const char *body = "{\"title\":\"Kinderbetreuung während der Sprachkurse\",\"barrier_codes\":[\"no_childcare\"],"
                       "\"field_of_action\":\"language\",\"assigned_group\":\"AG Sprache\"}";
    ck_assert_int_eq(status_of("POST", "/v1/gaps", cw, body), 403);
    http_resp_t *r = http("POST", "/v1/gaps", coord,
                          "{\"title\":\"x\",\"barrier_codes\":[\"no_childcare\",\"no_such\"]}", NULL);
    ck_assert_int_eq(r->status, 400);
    ck_assert_ptr_nonnull(strstr(r->body, "/barrier_codes/1"));
    http_free(r);
    r = http("POST", "/v1/gaps", coord, body, NULL);
    ck_assert_msg(r->status == 201, "%ld %s", r->status, r->body);
    ck_assert_str_eq(jstr(r, "status"), "open");
    char *gap = strdup(jstr(r, "id"));
    http_free(r);
    snprintf(p, sizeof p, "/v1/gaps/%s", gap);
    /* every member reads it; no measure, no effect yet */
    r = http("GET", p, cw, NULL, NULL);
    ck_assert_int_eq(r->status, 200);
    ck_assert(json_is_null(json_object_get(r->json, "effect")));
    http_free(r);
    ck_assert_int_eq(gap_action(gap, "/resolve", coord, NULL), 409); /* open -> resolved skips a step */
    /* bad input changes nothing */
    ck_assert_int_eq(gap_action(gap, "", coord, "{\"field_of_action\":\"cooking\"}"), 400);
    ck_assert_int_eq(gap_action(gap, "", coord, "{\"barrier_codes\":[]}"), 400);
    ck_assert_int_eq(gap_action(gap, "", coord, "{\"assigned_agency_id\":\"00000000-0000-4000-8000-000000000001\"}"), 422);
    ck_assert_int_eq(status_of("GET", "/v1/gaps?status=forgotten", cw, NULL), 400);
    r = http("GET", p, cw, NULL, NULL);
    ck_assert_int_eq(json_integer_value(json_object_get(r->json, "version")), 1);
    http_free(r);
    ck_assert_int_eq(gap_action(gap, "/start", cw, NULL), 403);
    ck_assert_int_eq(gap_action(gap, "/start", coord, NULL), 200);
    ck_assert_int_eq(gap_action(gap, "", coord, "{\"assigned_agency_id\":null,\"description\":\"Lenkungsgruppe 3/2025\"}"), 200);
    /* a measure on 1 June: the three months before hold May's 6, the three from June on July's 5 */
    char mp[200];
    snprintf(mp, sizeof mp, "%s/measures", p);
    ck_assert_int_eq(status_of("POST", mp, coord, "{\"kind\":\"wish\",\"text\":\"x\",\"taken_on\":\"2025-06-01\"}"), 400);
    ck_assert_int_eq(status_of("POST", mp, coord, "{\"kind\":\"measure\",\"text\":\"x\",\"taken_on\":\"2999-01-01\"}"), 400);
    ck_assert_int_eq(status_of("POST", mp, coord, "{\"kind\":\"decision\",\"text\":\"Träger beauftragt\",\"taken_on\":\"2025-05-20\"}"), 201);
    r = http("POST", mp, coord, "{\"kind\":\"measure\",\"text\":\"Kinderbetreuung parallel zum Kurs\",\"taken_on\":\"2025-06-01\"}", NULL);
    ck_assert_int_eq(r->status, 201);
    ck_assert_int_eq(json_array_size(json_object_get(r->json, "measures")), 2);
    http_free(r);
    r = http("GET", p, cw, NULL, NULL);
    json_t *effect = json_object_get(r->json, "effect");
    ck_assert_str_eq(json_string_value(json_object_get(effect, "measure_on")), "2025-06-01");
    ck_assert_int_eq(json_integer_value(json_object_get(effect, "window_days")), 90);
    ck_assert_str_eq(json_string_value(json_object_get(effect, "before_from")), "2025-03-01");
    json_t *code = json_array_get(json_object_get(effect, "codes"), 0);
    ck_assert_str_eq(json_string_value(json_object_get(code, "code")), "no_childcare");
    ck_assert_int_eq(json_integer_value(json_object_get(code, "before")), pub(6));
    ck_assert_int_eq(json_integer_value(json_object_get(code, "after")), pub(5));
    ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(effect, "total"), "before")), pub(6));
    http_free(r);
    /* a window of one month (May | June) holds none of July's */
    char wp[220];
    snprintf(wp, sizeof wp, "%s?window_days=30", p);
    r = http("GET", wp, coord, NULL, NULL);
    code = json_array_get(json_object_get(json_object_get(r->json, "effect"), "codes"), 0);
    ck_assert_int_eq(json_integer_value(json_object_get(code, "before")), pub(6));
    ck_assert_int_eq(json_integer_value(json_object_get(code, "after")), 0);
    http_free(r);
    /* windows do not slide by a day: only whole months */
    static const char *const SLIDING[] = {"3", "14", "15", "89", "91", "366"};
    for (size_t i = 0; i < sizeof SLIDING / sizeof SLIDING[0]; i++) {
        snprintf(wp, sizeof wp, "%s?window_days=%s", p, SLIDING[i]);
        ck_assert_int_eq(status_of("GET", wp, coord, NULL), 400);
    }
    ck_assert_int_eq(gap_action(gap, "/resolve", coord, "{\"closing_note\":\"Betreuung läuft\"}"), 200);
    /* closed: no more changes */
    ck_assert_int_eq(gap_action(gap, "", coord, "{\"title\":\"neu\"}"), 409);
    ck_assert_int_eq(status_of("POST", mp, coord, "{\"kind\":\"measure\",\"text\":\"y\",\"taken_on\":\"2025-07-01\"}"), 409);
    ck_assert_int_eq(gap_action(gap, "/start", coord, NULL), 409);
    char *n = sqlf("SELECT string_agg(type, ',' ORDER BY id) FROM events WHERE resource_id = '%s'", gap);
    ck_assert_str_eq(n, "gap.opened,gap.started,gap.updated,gap.measure_recorded,gap.measure_recorded,gap.resolved");
    free(n);
    /* another gap is accepted as it is, straight from open */
    r = http("POST", "/v1/gaps", coord, "{\"title\":\"Wohnungsmangel\",\"barrier_codes\":[\"housing_shortage\"]}", NULL);
    char *second = strdup(jstr(r, "id"));
    http_free(r);
    ck_assert_int_eq(gap_action(second, "/accept-as-is", coord, NULL), 200);
    r = http("GET", "/v1/gaps?status=accepted_as_is", cw, NULL, NULL);
    ck_assert_int_eq(json_array_size(json_object_get(r->json, "items")), 1);
    http_free(r);
    /* another network sees neither */
    char *rbk = demo_token("demo-coordinator");
    ck_assert_int_eq(status_of("GET", p, rbk, NULL), 404);
    free(rbk);
    free(second);
    free(gap);
    free(cw);
    free(coord);
}
END_TEST

Suite *suite_barriers(void)
{
    Suite *s = suite_create("barriers");
    TCase *tc = tcase_create("barriers");
    tcase_set_timeout(tc, 60);
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, reporting_by_agencies_that_see_the_case);
    tcase_add_test(tc, declines_count_as_barriers);
    tcase_add_test(tc, network_barrier_codes);
    tcase_add_test(tc, register_counts_to_the_number);
    tcase_add_test(tc, gap_lifecycle_with_counts_before_and_after);
    suite_add_tcase(s, tc);
    return s;
}
