/* test_person_search.c - GET /v1/person-search (issue 22): names found as
 * offices meet them (umlauts, swapped names, typos, transliterations), only
 * among the cases the caller sees with the identity category, the same
 * answer whether or not a case the caller cannot see carries the name, and
 * an audit row without the name searched for.  Each run uses a birth date
 * of its own, so that other runs' cases stay out of the answers. */
#include "case_fixture.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *lead, *caritas, *awo, *mbe, born[16];

static void setup(void)
{
    demo_team(&lead, &caritas, &awo, &mbe);
    random_birth_date(born);
}

static void teardown(void)
{
    demo_team_free(lead, caritas, awo, mbe);
}

/* Registers a person with this run's birth date; its likely duplicates
 * (case ids, comma-separated) into dups when given. */
static char *person_dups(const char *token, const char *first, const char *last, char *dups, size_t n)
{
    char body[512];
    snprintf(body, sizeof body,
             "{\"target_group\":\"newly_arrived\",\"person\":{\"first_name\":\"%s\",\"last_name\":\"%s\","
             "\"birth_date\":\"%s\",\"nationality\":\"AF\"}}", first, last, born);
    http_resp_t *r = http("POST", "/v1/cases", token, body, NULL);
    ck_assert_msg(r->status == 201, "%ld %s", r->status, r->body);
    char *id = strdup(jstr(r, "id"));
    json_t *list = json_object_get(r->json, "likely_duplicates");
    ck_assert(json_is_array(list));
    if (dups) {
        dups[0] = '\0';
        for (size_t i = 0; i < json_array_size(list); i++)
            snprintf(dups + strlen(dups), n - strlen(dups), "%s%s", i ? "," : "",
                     json_string_value(json_object_get(json_array_get(list, i), "case_id")));
    }
    http_free(r);
    return id;
}

static char *person(const char *token, const char *first, const char *last)
{
    return person_dups(token, first, last, NULL, 0);
}

/* The answer to a search for name (URL-encoded) with this run's birth date. */
static http_resp_t *search(const char *token, const char *name, const char *extra)
{
    char p[256];
    snprintf(p, sizeof p, "/v1/person-search?name=%s&birth_date=%s%s", name, born, extra ? extra : "");
    http_resp_t *r = http("GET", p, token, NULL, NULL);
    ck_assert_msg(r->status == 200, "%s: %ld %s", p, r->status, r->body);
    return r;
}

/* The rank (1...) of case id in the answer, 0 when absent. */
static int rank_of(http_resp_t *r, const char *id)
{
    json_t *items = json_object_get(r->json, "items");
    for (size_t i = 0; i < json_array_size(items); i++)
        if (strcmp(json_string_value(json_object_get(json_array_get(items, i), "case_id")), id) == 0)
            return (int)i + 1;
    return 0;
}

START_TEST(names_as_offices_meet_them)
{
    char *karimi = person(lead, "Yusuf", "Karimi"), *mueller = person(lead, "Jürgen", "Müller"),
         *hassan = person(lead, "Mohammed", "Hassan"), *other = person(lead, "Olena", "Kovalenko");
    static const struct { const char *query; int which; } Q[] = {
        {"Yusuf%20Karimi", 0}, {"Karimi%20Yusuf", 0}, {"Yusuf%20Karimy", 0}, {"Jusuf%20Karimi", 0},
        {"J%C3%BCrgen%20M%C3%BCller", 1}, {"Juergen%20Mueller", 1}, {"Jurgen%20Muller", 1}, {"M%C3%BCller", 1},
        {"Muhammad%20Hasan", 2}, {"Mohamed%20Hassan", 2}, {"Hassan%20Mohammed", 2}, {"Olena%20Kowalenko", 3},
    };
    const char *ids[] = {karimi, mueller, hassan, other};
    for (size_t i = 0; i < sizeof Q / sizeof Q[0]; i++) {
        http_resp_t *r = search(lead, Q[i].query, NULL);
        ck_assert_msg(rank_of(r, ids[Q[i].which]) == 1, "%s: rank %d in %s", Q[i].query,
                      rank_of(r, ids[Q[i].which]), r->body);
        http_free(r);
    }
    /* nothing alike: no answer; the birth year narrows as the date does */
    http_resp_t *r = search(lead, "Schmidt", NULL);
    ck_assert_uint_eq(json_array_size(json_object_get(r->json, "items")), 0);
    http_free(r);
    char p[160];
    snprintf(p, sizeof p, "/v1/person-search?name=Karimi&birth_year=%.4s&nationality=AF&limit=500", born);
    r = http("GET", p, lead, NULL, NULL);
    ck_assert_int_eq(r->status, 200);
    ck_assert_int_gt(rank_of(r, karimi), 0);
    ck_assert_int_eq(rank_of(r, mueller), 0);
    http_free(r);
    /* pages: one at a time, the cursor gives the next rank */
    r = search(lead, "Karimi", "&limit=1");
    ck_assert_int_eq(rank_of(r, karimi), 1);
    ck_assert_ptr_null(json_string_value(json_object_get(r->json, "next_cursor")));
    http_free(r);
    /* intake: registering the same person again answers with the first case, a warning */
    char dups[256];
    char *again = person_dups(lead, "Jusuf", "Karimi", dups, sizeof dups);
    ck_assert_str_eq(dups, karimi);
    /* now two pages of one: the cursor gives the next rank, then none */
    r = search(lead, "Yusuf%20Karimi", "&limit=1");
    ck_assert_int_eq(rank_of(r, karimi), 1);
    char next[512];
    snprintf(next, sizeof next, "&limit=1&cursor=%s", json_string_value(json_object_get(r->json, "next_cursor")));
    http_free(r);
    r = search(lead, "Yusuf%20Karimi", next);
    ck_assert_int_eq(rank_of(r, again), 1);
    ck_assert(json_is_null(json_object_get(r->json, "next_cursor")));
    http_free(r);
    free(again);
    free(person_dups(lead, "Olga", "Schneider", dups, sizeof dups));
    ck_assert_str_eq(dups, "");
    /* the audit row names the cases shown, never the name searched for */
    char *n = sqlf("SELECT count(*) FROM audit_log WHERE action = 'case.search' AND case_ids @> ARRAY['%s'::uuid] "
                   "AND categories = '{identity}'", karimi);
    ck_assert_str_ne(n, "0");
    free(n);
    n = sql_super("SELECT count(*) FROM audit_log WHERE at > now() - interval '1 hour' "
                  "AND audit_log::text ILIKE '%karim%'");
    ck_assert_str_eq(n, "0");
    free(n);
    free(karimi);
    free(mueller);
    free(hassan);
    free(other);
}
END_TEST

/* Caritas holds no consent for these cases: its answers for a name are the
 * same (bodies, counts, order) before and after the Jobcenter registers a
 * person of that name; a consent covering identity makes the case appear,
 * one covering only the plan does not. */
START_TEST(an_invisible_case_changes_no_answer)
{
    static const char *const NAMES[] = {"Ahmadi", "Farid%20Ahmadi", "Ahmady%20Farid", "Achmadi"};
    char *before[4];
    for (int i = 0; i < 4; i++) {
        http_resp_t *r = search(caritas, NAMES[i], NULL);
        before[i] = strdup(r->body);
        http_free(r);
    }
    char *hidden = person(lead, "Farid", "Ahmadi");
    http_resp_t *mine = search(lead, "Farid%20Ahmadi", NULL);
    ck_assert_int_eq(rank_of(mine, hidden), 1); /* the lead finds it */
    http_free(mine);
    for (int i = 0; i < 4; i++) {
        http_resp_t *r = search(caritas, NAMES[i], NULL);
        ck_assert_str_eq(r->body, before[i]);
        http_free(r);
    }
    /* registering that person at Caritas warns of no one: it cannot see the Jobcenter's case */
    char dups[256];
    char *own = person_dups(caritas, "Farid", "Ahmadi", dups, sizeof dups);
    ck_assert_str_eq(dups, "");
    free(grant(lead, hidden, CARITAS_AGENCY, "[\"plan\"]", NULL));
    http_resp_t *r = search(caritas, "Farid%20Ahmadi", NULL); /* its own case, not the Jobcenter's */
    ck_assert_int_gt(rank_of(r, own), 0);
    ck_assert_int_eq(rank_of(r, hidden), 0);
    http_free(r);
    free(grant(lead, hidden, CARITAS_AGENCY, "[\"identity\"]", NULL));
    r = search(caritas, "Farid%20Ahmadi", NULL);
    ck_assert_int_gt(rank_of(r, hidden), 0);
    ck_assert_int_gt(rank_of(r, own), 0);
    http_free(r);
    /* a search with a year reads the consents naming Caritas by the year of birth of their case:
     * the lead moves the birth date a year on, and Caritas finds the case under the new year only */
    char moved[32], body[96], path[160], buf[128];
    snprintf(moved, sizeof moved, "%04u%.6s", (unsigned)atoi(born) % 9000 + 1, born + 4);
    snprintf(body, sizeof body, "{\"person\":{\"birth_date\":\"%s\"}}", moved);
    ck_assert_int_eq(status_of("PATCH", case_path(buf, sizeof buf, hidden, ""), lead, body), 200);
    snprintf(path, sizeof path, "/v1/person-search?name=Farid%%20Ahmadi&birth_year=%.4s", moved);
    r = http("GET", path, caritas, NULL, NULL);
    ck_assert_int_gt(rank_of(r, hidden), 0);
    http_free(r);
    r = search(caritas, "Farid%20Ahmadi", NULL);
    ck_assert_int_eq(rank_of(r, hidden), 0);
    ck_assert_int_gt(rank_of(r, own), 0);
    http_free(r);
    free(own);
    for (int i = 0; i < 4; i++)
        free(before[i]);
    free(hidden);
}
END_TEST

START_TEST(bad_searches_are_400)
{
    static const char *const BAD[] = {
        "/v1/person-search", "/v1/person-search?name=K", "/v1/person-search?name=Karimi&birth_date=1985-13-01",
        "/v1/person-search?name=Karimi&birth_year=85", "/v1/person-search?name=Karimi&birth_year=1800",
        "/v1/person-search?name=Karimi&nationality=afg", "/v1/person-search?name=Karimi&cursor=eA",
        "/v1/person-search?name=Karimi&cursor=MTAwMA", /* rank 1000: past the best 100 */
        "/v1/person-search?name=Karimi&limit=0",
    };
    for (size_t i = 0; i < sizeof BAD / sizeof BAD[0]; i++) {
        http_resp_t *r = http("GET", BAD[i], lead, NULL, NULL);
        ck_assert_msg(r->status == 400, "%s: %ld", BAD[i], r->status);
        ck_assert_ptr_nonnull(strstr(r->body, "problems/"));
        http_free(r);
    }
    char *ministry = demo_token("demo-ministry");
    ck_assert_int_eq(status_of("GET", "/v1/person-search?name=Karimi", ministry, NULL), 403);
    free(ministry);
}
END_TEST

Suite *suite_person_search(void)
{
    Suite *s = suite_create("person_search");
    TCase *tc = tcase_create("person_search");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, names_as_offices_meet_them);
    tcase_add_test(tc, an_invisible_case_changes_no_answer);
    tcase_add_test(tc, bad_searches_are_400);
    suite_add_tcase(s, tc);
    return s;
}
