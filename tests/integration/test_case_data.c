/* test_case_data.c - consents (expiry, revocation at once), potential
 * analyses (24-hour rule), goals (responsible agency needs consent, final
 * states) and journal entries (corrections keep history). */
#include "case_fixture.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static char *lead, *caritas, *awo, *mbe, *case_id;

static void setup(void)
{
    demo_team(&lead, &caritas, &awo, &mbe);
    char m[9];
    random_hex(m, 8);
    case_id = create_case(lead, m);
}

static void teardown(void)
{
    demo_team_free(lead, caritas, awo, mbe);
    free(case_id);
}

START_TEST(revocation_takes_effect_on_the_next_request)
{
    char p[160];
    case_path(p, sizeof p, case_id, NULL);
    ck_assert_int_eq(status_of("GET", p, caritas, NULL), 404);
    char *consent = grant(lead, case_id, CARITAS_AGENCY, "[\"identity\",\"journal\"]", NULL);
    ck_assert_int_eq(status_of("GET", p, caritas, NULL), 200);
    char rp[256];
    snprintf(rp, sizeof rp, "/v1/cases/%s/consents/%s/revoke", case_id, consent);
    ck_assert_int_eq(status_of("POST", rp, caritas, NULL), 403); /* only the lead revokes */
    http_resp_t *r = http("POST", rp, lead, "{\"reason\":\"Widerruf per E-Mail\"}", (const char *[]){"If-Match: \"v1\"", NULL});
    ck_assert_int_eq(r->status, 200);
    ck_assert(json_is_false(json_object_get(r->json, "active")));
    ck_assert_str_eq(jstr(r, "revocation_reason"), "Widerruf per E-Mail");
    http_free(r);
    ck_assert_int_eq(status_of("GET", p, caritas, NULL), 404);
    char jp[160];
    ck_assert_int_eq(status_of("GET", case_path(jp, sizeof jp, case_id, "/journal"), caritas, NULL), 404);
    r = http("GET", case_path(jp, sizeof jp, case_id, "/consents?active=false"), lead, NULL, NULL);
    ck_assert_int_eq(r->status, 200);
    ck_assert_uint_eq(json_array_size(json_object_get(r->json, "items")), 1);
    http_free(r);
    ck_assert_int_eq(status_of("GET", case_path(jp, sizeof jp, case_id, "/consents"), caritas, NULL), 404);
    free(consent);
}
END_TEST

START_TEST(expiry_and_future_validity)
{
    char p[160], until[40], from[40], body[512];
    case_path(p, sizeof p, case_id, NULL);
    time_t t = time(NULL) + 2;
    strftime(until, sizeof until, "%Y-%m-%dT%H:%M:%SZ", gmtime(&t));
    free(grant(lead, case_id, CARITAS_AGENCY, "[\"identity\"]", until));
    ck_assert_int_eq(status_of("GET", p, caritas, NULL), 200);
    sleep(3);
    ck_assert_int_eq(status_of("GET", p, caritas, NULL), 404);
    /* a consent valid from tomorrow does not open the case today */
    t = time(NULL) + 86400;
    strftime(from, sizeof from, "%Y-%m-%dT%H:%M:%SZ", gmtime(&t));
    snprintf(body, sizeof body, "{\"recipient_agency_id\":\"" AWO_AGENCY "\",\"categories\":[\"plan\"],"
             "\"purpose\":\"x\",\"legal_basis\":\"sgb_viii\",\"valid_from\":\"%s\"}", from);
    char cp[160];
    ck_assert_int_eq(status_of("POST", case_path(cp, sizeof cp, case_id, "/consents"), lead, body), 201);
    ck_assert_int_eq(status_of("GET", p, awo, NULL), 404);
    /* malformed consents */
    ck_assert_int_eq(status_of("POST", cp, lead, "{\"categories\":[\"plan\"],\"purpose\":\"x\",\"legal_basis\":\"consent\"}"), 400);
    ck_assert_int_eq(status_of("POST", cp, lead, "{\"recipient_agency_id\":\"" AWO_AGENCY "\",\"whole_network\":true,"
                                                 "\"categories\":[\"plan\"],\"purpose\":\"x\",\"legal_basis\":\"consent\"}"), 400);
    ck_assert_int_eq(status_of("POST", cp, lead, "{\"recipient_agency_id\":\"" AWO_AGENCY "\",\"categories\":[\"secrets\"],"
                                                 "\"purpose\":\"x\",\"legal_basis\":\"consent\"}"), 400);
    ck_assert_int_eq(status_of("POST", cp, lead, "{\"recipient_agency_id\":\"00000000-0000-4000-8000-000000000000\","
                                                 "\"categories\":[\"plan\"],\"purpose\":\"x\",\"legal_basis\":\"consent\"}"), 400);
    /* the whole network */
    ck_assert_int_eq(status_of("POST", cp, lead, "{\"whole_network\":true,\"categories\":[\"plan\"],"
                                                 "\"purpose\":\"Netzwerkfall\",\"legal_basis\":\"consent\"}"), 201);
    ck_assert_int_eq(status_of("GET", p, mbe, NULL), 200);
}
END_TEST

static const char *ANALYSIS =
    "{\"assessed_on\":\"2026-11-02\",\"professional\":{\"isced_level\":3,\"vocational_qualification\":true,"
    "\"recognition_status\":\"in_progress\",\"work_experience_years\":6,\"employment_status\":\"unemployed\"},"
    "\"language\":{\"german_level\":\"A2\"},\"social\":{\"household_size\":4,\"children_count\":2,"
    "\"childcare_needed\":true},\"personal\":{\"health_restrictions\":false},"
    "\"needs\":[{\"field_of_action\":\"language\",\"priority\":\"high\"},"
    "{\"field_of_action\":\"recognition\",\"priority\":\"medium\"}],\"notes\":\"Elektrikerin\"}";

START_TEST(analyses_are_fixed_after_24_hours)
{
    char p[160];
    case_path(p, sizeof p, case_id, "/analyses");
    ck_assert_int_eq(status_of("POST", p, awo, ANALYSIS), 404);
    free(grant(lead, case_id, AWO_AGENCY, "[\"potential\"]", NULL));
    free(grant(lead, case_id, CARITAS_AGENCY, "[\"identity\"]", NULL));
    ck_assert_int_eq(status_of("POST", p, caritas, ANALYSIS), 403);
    http_resp_t *r = http("POST", p, awo, ANALYSIS, NULL);
    ck_assert_int_eq(r->status, 201);
    ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(r->json, "professional"), "isced_level")), 3);
    ck_assert_uint_eq(json_array_size(json_object_get(r->json, "needs")), 2);
    char id[40], ap[256];
    strcpy(id, jstr(r, "id"));
    http_free(r);
    snprintf(ap, sizeof ap, "%s/%s", p, id);
    ck_assert_int_eq(status_of("PATCH", ap, lead, "{\"language\":{\"german_level\":\"B1\"}}"), 403);
    r = http("PATCH", ap, awo, "{\"language\":{\"german_level\":\"B1\"},\"notes\":null}", (const char *[]){"If-Match: \"v1\"", NULL});
    ck_assert_int_eq(r->status, 200);
    ck_assert_str_eq(json_string_value(json_object_get(json_object_get(r->json, "language"), "german_level")), "B1");
    ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(r->json, "social"), "children_count")), 2);
    http_free(r);
    char sql[256];
    snprintf(sql, sizeof sql, "UPDATE potential_analyses SET created_at = now() - interval '25 hours' WHERE id = '%s'", id);
    free(sql_super(sql));
    r = http("PATCH", ap, awo, "{\"language\":{\"german_level\":\"B2\"}}", (const char *[]){"If-Match: *", NULL});
    ck_assert_int_eq(r->status, 409);
    http_free(r);
    ck_assert_int_eq(status_of("POST", p, awo, "{\"assessed_on\":\"2999-01-01\"}"), 400);
    ck_assert_int_eq(status_of("POST", p, awo, "{\"assessed_on\":\"2026-11-03\",\"professional\":{\"isced_level\":9}}"), 400);
    r = http("GET", p, lead, NULL, NULL);
    ck_assert_uint_eq(json_array_size(json_object_get(r->json, "items")), 1);
    http_free(r);
}
END_TEST

/* The case's first analysis is its intake unless stated; later ones are
 * follow-ups; a second intake is 409 and changes nothing. */
START_TEST(one_intake_then_follow_ups)
{
    char p[160];
    case_path(p, sizeof p, case_id, "/analyses");
    static const char *const BODIES[] = {"{\"assessed_on\":\"2026-10-01\"}", "{\"assessed_on\":\"2026-11-01\"}",
                                         "{\"assessed_on\":\"2026-09-01\",\"kind\":\"follow_up\"}"};
    static const char *const KINDS[] = {"intake", "follow_up", "follow_up"};
    for (int i = 0; i < 3; i++) {
        http_resp_t *r = http("POST", p, lead, BODIES[i], NULL);
        ck_assert_msg(r->status == 201, "%ld %s", r->status, r->body);
        ck_assert_str_eq(jstr(r, "kind"), KINDS[i]);
        http_free(r);
    }
    ck_assert_int_eq(status_of("POST", p, lead, "{\"assessed_on\":\"2026-11-02\",\"kind\":\"intake\"}"), 409);
    ck_assert_int_eq(status_of("POST", p, lead, "{\"assessed_on\":\"2026-11-02\",\"kind\":\"entry\"}"), 400);
    char *n = sqlf("SELECT string_agg(kind, ',' ORDER BY assessed_on) FROM potential_analyses WHERE case_id = '%s'",
                   case_id);
    ck_assert_str_eq(n, "follow_up,intake,follow_up");
    free(n);
}
END_TEST

START_TEST(goals_need_a_consented_responsible_agency)
{
    char p[160];
    case_path(p, sizeof p, case_id, "/goals");
    http_resp_t *r = http("POST", p, lead, "{\"field_of_action\":\"language\",\"title\":\"B1\","
                                           "\"responsible_agency_id\":\"" CARITAS_AGENCY "\"}", NULL);
    ck_assert_int_eq(r->status, 422);
    ck_assert_str_eq(jstr(r, "type"), "https://lotse.example/problems/consent-required");
    http_free(r);
    free(grant(lead, case_id, CARITAS_AGENCY, "[\"plan\"]", NULL));
    r = http("POST", p, lead, "{\"field_of_action\":\"language\",\"title\":\"Deutsch B1\","
                              "\"responsible_agency_id\":\"" CARITAS_AGENCY "\",\"due_on\":\"2027-06-30\"}", NULL);
    ck_assert_int_eq(r->status, 201);
    char gp[256];
    snprintf(gp, sizeof gp, "%s/%s", p, jstr(r, "id"));
    http_free(r);
    r = http("PATCH", gp, caritas, "{\"status\":\"in_progress\"}", (const char *[]){"If-Match: \"v1\"", NULL});
    ck_assert_int_eq(r->status, 200);
    http_free(r);
    r = http("PATCH", gp, caritas, "{\"status\":\"achieved\"}", (const char *[]){"If-Match: \"v2\"", NULL});
    ck_assert_int_eq(r->status, 200);
    ck_assert_ptr_nonnull(jstr(r, "achieved_at"));
    http_free(r);
    ck_assert_int_eq(status_of("PATCH", gp, caritas, "{\"status\":\"open\"}"), 409);
    ck_assert_int_eq(status_of("PATCH", gp, caritas, "{\"status\":\"finished\"}"), 400);
    ck_assert_int_eq(status_of("GET", gp, awo, NULL), 404);
}
END_TEST

START_TEST(journal_corrections_keep_history)
{
    char p[160];
    case_path(p, sizeof p, case_id, "/journal");
    free(grant(lead, case_id, AWO_AGENCY, "[\"journal\"]", NULL));
    http_resp_t *r = http("POST", p, lead, "{\"text\":\"Erstgespräch, Termin beim Jobcenter.\","
                                           "\"occurred_on\":\"2026-11-02\"}", NULL);
    ck_assert_int_eq(r->status, 201);
    char jp[256];
    snprintf(jp, sizeof jp, "%s/%s", p, jstr(r, "id"));
    http_free(r);
    ck_assert_int_eq(status_of("PATCH", jp, awo, "{\"text\":\"geändert\"}"), 403);
    r = http("PATCH", jp, lead, "{\"text\":\"Erstgespräch, Termin bei der Arbeitsagentur.\"}",
             (const char *[]){"If-Match: \"v1\"", NULL});
    ck_assert_int_eq(r->status, 200);
    ck_assert_str_eq(jstr(r, "text"), "Erstgespräch, Termin bei der Arbeitsagentur.");
    json_t *hist = json_object_get(r->json, "history");
    ck_assert_uint_eq(json_array_size(hist), 1);
    ck_assert_str_eq(json_string_value(json_object_get(json_array_get(hist, 0), "text")),
                     "Erstgespräch, Termin beim Jobcenter.");
    http_free(r);
    ck_assert_int_eq(status_of("PATCH", jp, lead, "{\"text\":\"x\"}"), 200);
    r = http("PATCH", jp, lead, "{\"text\":\"y\"}", (const char *[]){"If-Match: \"v2\"", NULL});
    ck_assert_int_eq(r->status, 412);
    http_free(r);
    r = http("GET", p, awo, NULL, NULL);
    ck_assert_int_eq(r->status, 200);
    json_t *entry = json_array_get(json_object_get(r->json, "items"), 0);
    ck_assert_uint_eq(json_array_size(json_object_get(entry, "history")), 2);
    http_free(r);
    ck_assert_int_eq(status_of("POST", p, awo, "{\"text\":\"\"}"), 400);
    ck_assert_int_eq(status_of("POST", p, awo, "{\"text\":\"Notiz der AWO\"}"), 201);
}
END_TEST

Suite *suite_case_data(void)
{
    Suite *s = suite_create("case_data");
    TCase *tc = tcase_create("case_data");
    tcase_set_timeout(tc, 60);
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, revocation_takes_effect_on_the_next_request);
    tcase_add_test(tc, expiry_and_future_validity);
    tcase_add_test(tc, analyses_are_fixed_after_24_hours);
    tcase_add_test(tc, one_intake_then_follow_ups);
    tcase_add_test(tc, goals_need_a_consented_responsible_agency);
    tcase_add_test(tc, journal_corrections_keep_history);
    suite_add_tcase(s, tc);
    return s;
}
