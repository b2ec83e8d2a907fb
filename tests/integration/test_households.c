/* test_households.c - households (issue 22, item 3): a family's cases
 * grouped, each person keeping their own case and consents; every agency
 * sees only the members whose cases it sees with identity, each in the
 * categories it sees; leaving with If-Match; a conference for a household;
 * anonymizing takes a case out. */
#include "case_fixture.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *jc, *caritas, *awo, *mbe;

static void setup(void)
{
    demo_team(&jc, &caritas, &awo, &mbe);
}

static void teardown(void)
{
    demo_team_free(jc, caritas, awo, mbe);
}

static http_resp_t *get_household(const char *id, const char *token)
{
    char path[96];
    snprintf(path, sizeof path, "/v1/households/%s", id);
    return http("GET", path, token, NULL, NULL);
}

/* A conference of the Jobcenter with Caritas on case_id for household (into out, n bytes). */
static void conference_body(char *out, size_t n, const char *case_id, const char *household)
{
    snprintf(out, n, "{\"case_id\":\"%s\",\"household_id\":\"%s\",\"starts_at\":\"2031-06-05T09:00:00Z\","
             "\"ends_at\":\"2031-06-05T10:00:00Z\",\"participants\":[{\"agency_id\":\"" CARITAS_AGENCY
             "\",\"role\":\"participant\"}]}", case_id, household);
}

static long add_member(const char *household, const char *case_id, const char *relation, const char *token)
{
    char path[128], body[160];
    snprintf(path, sizeof path, "/v1/households/%s/members", household);
    snprintf(body, sizeof body, "{\"case_id\":\"%s\",\"relation\":\"%s\"}", case_id, relation);
    return status_of("POST", path, token, body);
}

START_TEST(each_agency_sees_the_members_it_may_see)
{
    char *mother = create_case(jc, "HhMutter"), *child = create_case(jc, "HhKind");
    char *father = create_case(caritas, "HhVater");
    char body[160], path[160];
    snprintf(body, sizeof body, "{\"case_id\":\"%s\"}", mother);
    http_resp_t *r = http("POST", "/v1/households", jc, body, NULL);
    ck_assert_msg(r->status == 201, "%ld %s", r->status, r->body);
    char id[40];
    snprintf(id, sizeof id, "%s", jstr(r, "id"));
    ck_assert_str_eq(json_string_value(json_object_get(json_array_get(json_object_get(r->json, "members"), 0),
                                                       "relation")), "reference_person");
    http_free(r);
    ck_assert_int_eq(status_of("POST", "/v1/households", jc, body), 409); /* one household a case */
    ck_assert_int_eq(add_member(id, child, "reference_person", jc), 400); /* the founder is the one */
    ck_assert_int_eq(add_member(id, child, "cousin", jc), 400);
    ck_assert_int_eq(add_member(id, child, "child", jc), 201);
    /* a case the Jobcenter does not see is refused like one that does not exist */
    ck_assert_int_eq(add_member(id, father, "partner", jc), 404);
    ck_assert_int_eq(add_member(id, "00000000-0000-4000-8000-00000000dead", "partner", jc), 404);
    free(grant(caritas, father, JOBCENTER_AGENCY, "[\"identity\"]", NULL));
    ck_assert_int_eq(add_member(id, father, "partner", jc), 201);
    r = get_household(id, jc);
    ck_assert_int_eq(json_array_size(json_object_get(r->json, "members")), 3);
    http_free(r);

    /* Caritas sees the father only; a plan consent on the child adds nothing */
    free(grant(jc, child, CARITAS_AGENCY, "[\"plan\"]", NULL));
    r = get_household(id, caritas);
    ck_assert_msg(r->status == 200 && json_array_size(json_object_get(r->json, "members")) == 1, "%s", r->body);
    ck_assert_msg(strstr(r->body, father) && !strstr(r->body, mother) && !strstr(r->body, child) &&
                      !strstr(r->body, "HhMutter") && !strstr(r->body, "HhKind"), "%s", r->body);
    http_free(r);
    char *audited = sqlf("SELECT count(*) FROM audit_log WHERE action = 'household.read' AND '%s' = ANY (case_ids) "
                         "AND NOT '%s' = ANY (case_ids) AND actor_agency = '" CARITAS_AGENCY "'", father, mother);
    ck_assert_int_ge(atoi(audited), 1);
    free(audited);
    /* identity on the mother: she appears, with her person but no residence */
    free(grant(jc, mother, CARITAS_AGENCY, "[\"identity\"]", NULL));
    r = get_household(id, caritas);
    ck_assert_int_eq(json_array_size(json_object_get(r->json, "members")), 2);
    ck_assert_msg(strstr(r->body, "AminaHhMutter") != NULL, "%s", r->body);
    json_t *first = json_object_get(json_array_get(json_object_get(r->json, "members"), 0), "case");
    ck_assert_str_eq(json_string_value(json_object_get(first, "id")), mother);
    ck_assert_ptr_nonnull(json_object_get(first, "person"));
    ck_assert_ptr_null(json_object_get(first, "residence"));
    http_free(r);
    /* an agency that sees no member: as for a household that does not exist */
    r = get_household(id, awo);
    http_resp_t *m = get_household("00000000-0000-4000-8000-00000000dead", awo);
    ck_assert_int_eq(r->status, 404);
    ck_assert_str_eq(jstr(r, "detail"), jstr(m, "detail"));
    http_free(r);
    http_free(m);
    char *events = sqlf("SELECT string_agg(type, ',' ORDER BY id) FROM events WHERE resource_id = '%s'", id);
    ck_assert_str_eq(events, "household.created,household.member_added,household.member_added");
    free(events);

    /* a conference for the household, on a member's case */
    char conf[512];
    conference_body(conf, sizeof conf, mother, id);
    r = http("POST", "/v1/conferences", jc, conf, NULL);
    ck_assert_msg(r->status == 201, "%ld %s", r->status, r->body);
    ck_assert_str_eq(jstr(r, "household_id"), id);
    http_free(r);

    /* the child leaves (If-Match: the household's version) */
    case_path(path, sizeof path, child, "/household");
    r = http("DELETE", path, jc, NULL, (const char *[]){"If-Match: \"v1\"", NULL});
    ck_assert_int_eq(r->status, 412);
    http_free(r);
    ck_assert_int_eq(status_of("DELETE", path, jc, NULL), 200);
    ck_assert_int_eq(status_of("GET", path, jc, NULL), 404);
    conference_body(conf, sizeof conf, child, id); /* no longer a member */
    r = http("POST", "/v1/conferences", jc, conf, NULL);
    ck_assert_int_eq(r->status, 400);
    ck_assert(refuses_member(r, "/household_id"));
    http_free(r);

    /* an anonymized case belongs to no household */
    r = http("POST", case_path(path, sizeof path, father, "/anonymize"), caritas, NULL, (const char *[]){"If-Match: *", NULL});
    ck_assert_int_eq(r->status, 200);
    http_free(r);
    char *left = sqlf("SELECT count(*) FROM household_members WHERE case_id = '%s'", father);
    ck_assert_str_eq(left, "0");
    free(left);
    free(mother);
    free(child);
    free(father);
}
END_TEST

Suite *suite_households(void)
{
    Suite *s = suite_create("households");
    TCase *tc = tcase_create("households");
    tcase_set_timeout(tc, 60);
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, each_agency_sees_the_members_it_may_see);
    suite_add_tcase(s, tc);
    return s;
}
