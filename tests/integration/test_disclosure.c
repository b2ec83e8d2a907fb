/* test_disclosure.c - the statistics cannot be differenced (issue 20).
 * An attacker who may read statistics (the network's coordinator, the
 * ministry) runs the differencing attacks that undid cell suppression on
 * a hand-made network with known true counts and random record keys:
 * networks against the state, months against quarters and the year,
 * windows of a gap against the register's months, a breakdown against
 * its total, and a row appearing when a person arrives.  Knowing the
 * perturbation table (it is public), he solves for every cell the true
 * counts consistent with everything published; none below 5 comes out
 * certain, and the truth is always among them (which checks the solver).
 * Also: a cell's published count is the table's value for its true count
 * and the sum of its units' record keys, and the same query answers the
 * same on two instances and after a restart. */
#include "case_fixture.h"
#include "ckm.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAXV 600 /* counts the solver considers */

typedef struct { unsigned char in[MAXV]; } set_t;

static ckm_table_t T;
static char net[40], other[40], *coord, *coord2, agency[40], agency2[40], *ministry;

/* The true counts the table can publish as p. */
static set_t pre(long p)
{
    set_t s = {{0}};
    for (long n = 0; n < MAXV; n++) {
        if (n == 0) {
            s.in[0] = p == 0;
            continue;
        }
        const ckm_row_t *r = ckm_row(&T, n);
        for (int k = 0; k < r->n; k++)
            if (r->p[k] > 0 && n + r->dev[k] == p)
                s.in[n] = 1;
    }
    return s;
}

static set_t sum(const set_t *a, const set_t *b)
{
    set_t s = {{0}};
    for (int i = 0; i < MAXV; i++)
        for (int j = 0; a->in[i] && i + j < MAXV; j++)
            if (b->in[j])
                s.in[i + j] = 1;
    return s;
}

static set_t meet(const set_t *a, const set_t *b)
{
    set_t s;
    for (int i = 0; i < MAXV; i++)
        s.in[i] = a->in[i] && b->in[i];
    return s;
}

static set_t only(long v)
{
    set_t s = {{0}};
    s.in[v] = 1;
    return s;
}

static int size(const set_t *s)
{
    int n = 0;
    for (int i = 0; i < MAXV; i++)
        n += s->in[i];
    return n;
}

static int empty(const set_t *s)
{
    return size(s) == 0;
}

/* The target t is consistent when parts (published, the target among them
 * at index target) can add up to a published total. */
static set_t solve_parts(const long *parts, size_t n, size_t target, long total)
{
    set_t others = only(0), out = {{0}}, t = pre(parts[target]);
    for (size_t i = 0; i < n; i++)
        if (i != target) {
            set_t p = pre(parts[i]);
            others = sum(&others, &p);
        }
    set_t tot = pre(total);
    for (long v = 0; v < MAXV; v++) {
        if (!t.in[v])
            continue;
        set_t with = only(v);
        with = sum(&with, &others);
        with = meet(&with, &tot);
        out.in[v] = !empty(&with);
    }
    return out;
}

/* Asserts that the attack leaves a true count below 5 uncertain and keeps the truth. */
static void assert_uncertain(const char *attack, const set_t *feasible, long truth)
{
    ck_assert_msg(feasible->in[truth], "%s: the truth %ld is not among the solutions", attack, truth);
    if (truth < 5)
        ck_assert_msg(size(feasible) >= 2, "%s: the true count %ld is recovered", attack, truth);
}

/* The published count of a row of a statistics answer (-1 when absent). */
static long pub_of(json_t *rows, const char *network, const char *period, const char *indicator,
                   const char *breakdown, const char *value)
{
    size_t i;
    json_t *x;
    json_array_foreach(rows, i, x) {
        if (strcmp(json_string_value(json_object_get(x, "network")), network) == 0 &&
            strcmp(json_string_value(json_object_get(x, "period")), period) == 0 &&
            strcmp(json_string_value(json_object_get(x, "indicator")), indicator) == 0 &&
            strcmp(json_string_value(json_object_get(x, "breakdown")), breakdown) == 0 &&
            strcmp(json_string_value(json_object_get(x, "value")), value) == 0)
            return (long)json_integer_value(json_object_get(x, "count"));
    }
    return -1;
}

/* GET path as token: 200 asserted; the answer (caller frees). */
static http_resp_t *get(const char *path, const char *token)
{
    http_resp_t *r = http("GET", path, token, NULL, NULL);
    ck_assert_msg(r->status == 200, "GET %s: %ld %s", path, r->status, r->body);
    return r;
}

/* The network code of id. */
static char *code_of(const char *id)
{
    return sqlf("SELECT code FROM networks WHERE id = '%s'", id);
}

/* Cases of network id (lead: agency) opened at local time `at`: n of
 * nationality nat and target group tg. */
static void cases_at(const char *id, const char *lead, const char *at, int n, const char *nat, const char *tg)
{
    if (n == 0)
        return;
    char *ok = sqlf("INSERT INTO cases (network_id, reference, lead_agency_id, status, target_group, "
                    "nationality, created_by, created_at) SELECT '%s', 'D-' || gen_random_uuid(), '%s', "
                    "'active', '%s', '%s', 'test', timestamp '%s' AT TIME ZONE 'Europe/Berlin' "
                    "FROM generate_series(1, %d); SELECT 'ok'", id, lead, tg, nat, at, n);
    ck_assert_str_eq(ok, "ok");
    free(ok);
}

/* Eritrean arrivals of the hand-made network per month of 2024. */
static const long ER_2024[12] = {3, 0, 4, 1, 0, 2, 0, 0, 6, 1, 0, 2};

static void setup(void)
{
    ck_assert_int_eq(ckm_build(&T, 2, 1.0), 0);
    new_network(net, &coord, agency);
    new_network(other, &coord2, agency2);
    ministry = demo_token("demo-ministry");
    char at[32];
    for (int m = 0; m < 12; m++) {
        snprintf(at, sizeof at, "2024-%02d-15 12:00", m + 1);
        cases_at(net, agency, at, (int)ER_2024[m], "ER", "recognised_refugee");
    }
    /* the other network: five Eritrean arrivals in October */
    cases_at(other, agency2, "2024-10-10 12:00", 5, "ER", "recognised_refugee");
    /* February: eight arrivals over seven target groups (the bounds attack) */
    static const char *const TG[] = {"newly_arrived", "long_term_tolerated", "asylum_seeker", "recognised_refugee",
                                     "eu_migrant", "family_reunification", "skilled_worker", "skilled_worker"};
    for (int i = 0; i < 8; i++)
        cases_at(net, agency, "2024-02-20 12:00", 1, "SY", TG[i]);
}

static void teardown(void)
{
    free(coord);
    free(coord2);
    free(ministry);
}

START_TEST(networks_against_the_state)
{
    http_resp_t *r = get("/v1/statistics?from=2024-10-01&to=2024-10-31", ministry);
    json_t *rows = json_object_get(r->json, "rows");
    char *mine = code_of(net);
    /* every network's published count of Eritreans in October, and the state's */
    long parts[64];
    size_t n = 0, target = 0;
    size_t i;
    json_t *x;
    json_array_foreach(rows, i, x) {
        if (strcmp(json_string_value(json_object_get(x, "period")), "2024-10") != 0 ||
            strcmp(json_string_value(json_object_get(x, "indicator")), "cases.opened") != 0 ||
            strcmp(json_string_value(json_object_get(x, "breakdown")), "nationality") != 0 ||
            strcmp(json_string_value(json_object_get(x, "value")), "ER") != 0 ||
            strcmp(json_string_value(json_object_get(x, "network")), "NW") == 0)
            continue;
        ck_assert_uint_lt(n, 64);
        if (strcmp(json_string_value(json_object_get(x, "network")), mine) == 0)
            target = n;
        parts[n++] = (long)json_integer_value(json_object_get(x, "count"));
    }
    long state = pub_of(rows, "NW", "2024-10", "cases.opened", "nationality", "ER");
    ck_assert_int_ge(state, 0);
    set_t f = solve_parts(parts, n, target, state);
    assert_uncertain("network = state - the other networks", &f, ER_2024[9]);
    free(mine);
    http_free(r);
}
END_TEST

START_TEST(months_quarters_and_the_year)
{
    char p[256];
    long month[12], quarter[4], year;
    const char *const GRAN[] = {"month", "quarter", "year"};
    for (int g = 0; g < 3; g++) {
        snprintf(p, sizeof p, "/v1/networks/%s/statistics?from=2024-01-01&to=2024-12-31&granularity=%s", net, GRAN[g]);
        http_resp_t *r = get(p, coord);
        json_t *rows = json_object_get(r->json, "rows");
        char *code = code_of(net), period[16];
        for (int k = 0; k < (g == 0 ? 12 : g == 1 ? 4 : 1); k++) {
            if (g == 0)
                snprintf(period, sizeof period, "2024-%02d", k + 1);
            else if (g == 1)
                snprintf(period, sizeof period, "2024-Q%d", k + 1);
            else
                snprintf(period, sizeof period, "2024");
            long v = pub_of(rows, code, period, "cases.opened", "nationality", "ER");
            ck_assert_int_ge(v, 0);
            (g == 0 ? month : g == 1 ? quarter : &year)[k] = v;
        }
        free(code);
        http_free(r);
    }
    /* for each month: its value, then its quarter's, then the year's */
    for (int m = 0; m < 12; m++) {
        int q = m / 3;
        set_t feasible = {{0}}, t = pre(month[m]);
        for (long v = 0; v < MAXV; v++) {
            if (!t.in[v])
                continue;
            /* the quarter: v and its two other months */
            set_t qs = only(v);
            for (int o = 3 * q; o < 3 * q + 3; o++)
                if (o != m) {
                    set_t po = pre(month[o]);
                    qs = sum(&qs, &po);
                }
            set_t pq = pre(quarter[q]);
            qs = meet(&qs, &pq);
            /* the year: that quarter and the three others (each its months and its own cell) */
            set_t ys = qs;
            for (int k = 0; k < 4; k++) {
                if (k == q)
                    continue;
                set_t ks = only(0);
                for (int o = 3 * k; o < 3 * k + 3; o++) {
                    set_t po = pre(month[o]);
                    ks = sum(&ks, &po);
                }
                set_t pk = pre(quarter[k]);
                ks = meet(&ks, &pk);
                ys = sum(&ys, &ks);
            }
            set_t py = pre(year);
            ys = meet(&ys, &py);
            feasible.in[v] = !empty(&ys);
        }
        char what[64];
        snprintf(what, sizeof what, "month %d of 2024 from quarter and year", m + 1);
        assert_uncertain(what, &feasible, ER_2024[m]);
    }
}
END_TEST

START_TEST(a_breakdown_against_its_total)
{
    char p[256];
    snprintf(p, sizeof p, "/v1/networks/%s/statistics?from=2024-02-01&to=2024-02-29", net);
    http_resp_t *r = get(p, coord);
    json_t *rows = json_object_get(r->json, "rows");
    char *code = code_of(net);
    static const char *const TG[] = {"newly_arrived", "long_term_tolerated", "asylum_seeker", "recognised_refugee",
                                     "eu_migrant", "family_reunification", "skilled_worker", "other"};
    static const long TRUE_TG[] = {1, 1, 1, 1, 1, 1, 2, 0};
    long parts[8];
    for (int i = 0; i < 8; i++) {
        parts[i] = pub_of(rows, code, "2024-02", "cases.opened", "target_group", TG[i]);
        ck_assert_msg(parts[i] >= 0, "no row for %s", TG[i]); /* every value has its row */
    }
    long total = pub_of(rows, code, "2024-02", "cases.opened", "total", "");
    for (size_t t = 0; t < 8; t++) {
        set_t f = solve_parts(parts, 8, t, total);
        char what[80];
        snprintf(what, sizeof what, "target group %s from the total", TG[t]);
        assert_uncertain(what, &f, TRUE_TG[t]);
    }
    free(code);
    http_free(r);
}
END_TEST

START_TEST(gap_windows_against_the_register)
{
    /* barriers of one code: March 0, April 1, May 3; a measure on 1 June */
    http_resp_t *c = http("POST", "/v1/cases", coord, "{\"target_group\":\"eu_migrant\"}", NULL);
    ck_assert_int_eq(c->status, 201);
    char *ok = sqlf("INSERT INTO barriers (network_id, case_id, code, field_of_action, source, reported_by_agency, "
                    "created_by, created_at) SELECT '%s', '%s', 'waiting_list', 'language', 'report', '%s', 'test', "
                    "x.at FROM (VALUES (timestamptz '2024-04-10 10:00Z'), ('2024-05-03 10:00Z'), "
                    "('2024-05-04 10:00Z'), ('2024-05-05 10:00Z')) x(at); SELECT 'ok'", net, jstr(c, "id"), agency);
    ck_assert_str_eq(ok, "ok");
    free(ok);
    http_free(c);
    http_resp_t *g = http("POST", "/v1/gaps", coord, "{\"title\":\"Wartelisten\",\"barrier_codes\":[\"waiting_list\"]}", NULL);
    ck_assert_int_eq(g->status, 201);
    char gp[128], mp[160];
    snprintf(gp, sizeof gp, "/v1/gaps/%s", jstr(g, "id"));
    http_free(g);
    snprintf(mp, sizeof mp, "%s/measures", gp);
    ck_assert_int_eq(status_of("POST", mp, coord, "{\"kind\":\"measure\",\"text\":\"Kurs\",\"taken_on\":\"2024-06-01\"}"), 201);
    long before[2];
    const char *const W[] = {"30", "90"};
    for (int w = 0; w < 2; w++) {
        char p[200];
        snprintf(p, sizeof p, "%s?window_days=%s", gp, W[w]);
        http_resp_t *r = get(p, coord);
        before[w] = (long)json_integer_value(json_object_get(json_object_get(json_object_get(r->json, "effect"),
                                                                              "total"), "before"));
        http_free(r);
    }
    char rp[200];
    snprintf(rp, sizeof rp, "/v1/networks/%s/barrier-register?from=2024-03-01&to=2024-05-31", net);
    http_resp_t *r = get(rp, coord);
    long month[3];
    for (int m = 0; m < 3; m++) {
        char period[16];
        snprintf(period, sizeof period, "2024-%02d", m + 3);
        size_t i;
        json_t *x;
        month[m] = -1;
        json_array_foreach(json_object_get(r->json, "rows"), i, x)
            if (strcmp(json_string_value(json_object_get(x, "period")), period) == 0 &&
                strcmp(json_string_value(json_object_get(x, "code")), "waiting_list") == 0 &&
                json_is_null(json_object_get(x, "field_of_action")) && json_is_null(json_object_get(x, "municipality")))
                month[m] = (long)json_integer_value(json_object_get(x, "count"));
        ck_assert_int_ge(month[m], 0);
    }
    http_free(r);
    /* May and its one-month window are the same barriers: the same count */
    ck_assert_int_eq(before[0], month[2]);
    /* April from the three-month window, the register's months and the one-month window */
    static const long TRUE_MONTH[] = {0, 1, 3};
    for (int t = 0; t < 3; t++) {
        set_t f = solve_parts(month, 3, (size_t)t, before[1]);
        char what[64];
        snprintf(what, sizeof what, "barriers of month %d from the 90-day window", t + 3);
        assert_uncertain(what, &f, TRUE_MONTH[t]);
    }
}
END_TEST

/* The row keys (period, indicator, breakdown, value) of an answer, sorted, as one string. */
static char *row_keys(json_t *rows)
{
    size_t i, len = 0;
    json_t *x;
    char *out = calloc(1, 1 << 20);
    json_array_foreach(rows, i, x) {
        int n = snprintf(out + len, (1 << 20) - len, "%s|%s|%s|%s\n", json_string_value(json_object_get(x, "period")),
                         json_string_value(json_object_get(x, "indicator")),
                         json_string_value(json_object_get(x, "breakdown")),
                         json_string_value(json_object_get(x, "value")));
        ck_assert(n > 0 && len + (size_t)n < (1 << 20));
        len += (size_t)n;
    }
    return out;
}

START_TEST(no_row_appears_because_a_person_arrives)
{
    char p[256];
    snprintf(p, sizeof p, "/v1/networks/%s/statistics?from=2023-07-01&to=2023-07-31", net);
    http_resp_t *before = get(p, coord);
    char *keys_before = row_keys(json_object_get(before->json, "rows"));
    /* a person with rare attributes arrives in July 2023 */
    char *ok = sqlf("INSERT INTO cases (network_id, reference, lead_agency_id, status, target_group, nationality, "
                    "gender, birth_year, residence_status, created_by, created_at) VALUES ('%s', 'D-rare', '%s', "
                    "'active', 'other', 'ER', 'diverse', 1940, 'settlement_permit', 'test', '2023-07-14 10:00Z'); "
                    "SELECT 'ok'", net, agency);
    ck_assert_str_eq(ok, "ok");
    free(ok);
    http_resp_t *after = get(p, coord);
    char *keys_after = row_keys(json_object_get(after->json, "rows"));
    ck_assert_str_eq(keys_after, keys_before);
    free(keys_before);
    free(keys_after);
    http_free(before);
    http_free(after);
}
END_TEST

/* The published count is the table's value for the true count and the sum
 * of the units' keys, for the network's cell (rollups) and the state's. */
START_TEST(a_cell_is_published_by_its_keys)
{
    char *code = code_of(net);
    char *n = sqlf("SELECT count(*) || ' ' || coalesce(sum(record_key), 0) %% 4294967296 FROM cases "
                   "WHERE network_id = '%s' AND lotse_day(created_at) BETWEEN '2024-09-01' AND '2024-09-30'", net);
    char *all = sqlf("SELECT count(*) || ' ' || coalesce(sum(record_key), 0) %% 4294967296 FROM cases "
                     "WHERE lotse_day(created_at) BETWEEN '2024-09-01' AND '2024-09-30'");
    long count, state_count;
    unsigned long key, state_key;
    ck_assert_int_eq(sscanf(n, "%ld %lu", &count, &key), 2);
    ck_assert_int_eq(sscanf(all, "%ld %lu", &state_count, &state_key), 2);
    ck_assert_int_eq(count, 6);
    http_resp_t *r = get("/v1/statistics?from=2024-09-01&to=2024-09-30", ministry);
    json_t *rows = json_object_get(r->json, "rows");
    ck_assert_int_eq(pub_of(rows, code, "2024-09", "cases.opened", "total", ""),
                     ckm_publish(&T, count, (uint32_t)key));
    /* the same units in a breakdown: the same count */
    ck_assert_int_eq(pub_of(rows, code, "2024-09", "cases.opened", "nationality", "ER"),
                     ckm_publish(&T, count, (uint32_t)key));
    ck_assert_int_eq(pub_of(rows, "NW", "2024-09", "cases.opened", "total", ""),
                     ckm_publish(&T, state_count, (uint32_t)state_key));
    http_free(r);
    free(n);
    free(all);
    free(code);
}
END_TEST

/* The same query answers the same, on another instance and after a restart. */
START_TEST(the_same_answer_everywhere)
{
    char p[256], base2[64];
    snprintf(p, sizeof p, "/v1/networks/%s/statistics?from=2024-01-01&to=2024-12-31&granularity=quarter", net);
    http_resp_t *a = get(p, coord);
    pid_t second = server_start(NULL, base2);
    for (int round = 0; round < 2; round++) {
        http_resp_t *b = http_to(base2, "GET", p, coord, NULL, NULL, 0, NULL);
        ck_assert_int_eq(b->status, 200);
        ck_assert_msg(json_equal(json_object_get(a->json, "rows"), json_object_get(b->json, "rows")),
                      "round %d: another instance answers otherwise", round);
        http_free(b);
        /* a restart of the second instance */
        ck_assert_int_eq(server_stop(second), 0);
        second = server_start(NULL, base2);
    }
    server_stop(second);
    http_resp_t *c = get(p, coord);
    ck_assert(json_equal(json_object_get(a->json, "rows"), json_object_get(c->json, "rows")));
    http_free(a);
    http_free(c);
}
END_TEST

Suite *suite_disclosure(void)
{
    Suite *s = suite_create("disclosure");
    TCase *tc = tcase_create("attacks");
    tcase_set_timeout(tc, 120);
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, networks_against_the_state);
    tcase_add_test(tc, months_quarters_and_the_year);
    tcase_add_test(tc, a_breakdown_against_its_total);
    tcase_add_test(tc, gap_windows_against_the_register);
    tcase_add_test(tc, no_row_appears_because_a_person_arrives);
    tcase_add_test(tc, a_cell_is_published_by_its_keys);
    tcase_add_test(tc, the_same_answer_everywhere);
    suite_add_tcase(s, tc);
    return s;
}
