/* test_person_links.c - person links and the coordination office's
 * candidate pairs (issue 22, item 2): two cases of one person are linked,
 * never merged, only by an agency that sees both with identity; a link is
 * shown only to such an agency, so an agency that sees one of the cases
 * never learns of the other; unlinking; audit rows and events; the
 * candidates are references among the cases the office's consents cover. */
#include "case_fixture.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define KI_AGENCY "b0000000-0000-4000-8000-000000000001"
#define MISSING "00000000-0000-4000-8000-00000000dead"

static char *jc, *caritas, *awo, *mbe, born[16];

static void setup(void)
{
    demo_team(&jc, &caritas, &awo, &mbe);
    random_birth_date(born);
}

static void teardown(void)
{
    demo_team_free(jc, caritas, awo, mbe);
}

/* A case of token's agency for first last born this run; its id (malloc'd). */
static char *person(const char *token, const char *first, const char *last)
{
    char body[512];
    snprintf(body, sizeof body,
             "{\"target_group\":\"newly_arrived\",\"person\":{\"first_name\":\"%s\",\"last_name\":\"%s\","
             "\"birth_date\":\"%s\",\"nationality\":\"AF\"}}", first, last, born);
    http_resp_t *r = http("POST", "/v1/cases", token, body, NULL);
    ck_assert_msg(r->status == 201, "%ld %s", r->status, r->body);
    char *id = strdup(jstr(r, "id"));
    http_free(r);
    return id;
}

static http_resp_t *link_cases(const char *token, const char *a, const char *b, const char *verdict)
{
    char path[128], body[160];
    snprintf(path, sizeof path, "/v1/cases/%s/person-links", a);
    snprintf(body, sizeof body, "{\"other_case_id\":\"%s\",\"verdict\":\"%s\"}", b, verdict);
    return http("POST", path, token, body, NULL);
}

static http_resp_t *links_of(const char *token, const char *a)
{
    char path[128];
    snprintf(path, sizeof path, "/v1/cases/%s/person-links", a);
    return http("GET", path, token, NULL, NULL);
}

START_TEST(linked_only_by_and_shown_only_to_who_sees_both)
{
    char *a = person(jc, "Yusuf", "Karimi"), *b = person(caritas, "Yousef", "Karimi");
    /* the Jobcenter does not see b: refused exactly like a case that does not exist */
    http_resp_t *r = link_cases(jc, a, b, "same_person"), *m = link_cases(jc, a, MISSING, "same_person");
    ck_assert_int_eq(r->status, 400);
    ck_assert_str_eq(jstr(r, "detail"), jstr(m, "detail"));
    ck_assert(refuses_member(r, "/other_case_id"));
    http_free(r);
    http_free(m);
    r = link_cases(jc, a, MISSING, "maybe");
    ck_assert_int_eq(r->status, 400);
    ck_assert(refuses_member(r, "/verdict"));
    http_free(r);
    char lp[160];
    snprintf(lp, sizeof lp, "/v1/cases/%s/person-links?cursor=bm9wZQ", a);
    ck_assert_int_eq(status_of("GET", lp, jc, NULL), 400);
    r = link_cases(jc, a, a, "same_person");
    ck_assert_int_eq(r->status, 400);
    http_free(r);

    /* with identity consent on b it links them; each case keeps its lead */
    char *k = grant(caritas, b, JOBCENTER_AGENCY, "[\"identity\"]", NULL);
    r = link_cases(jc, a, b, "same_person");
    ck_assert_msg(r->status == 201, "%ld %s", r->status, r->body);
    char link[40];
    snprintf(link, sizeof link, "%s", jstr(r, "id"));
    ck_assert_str_eq(json_string_value(json_object_get(json_object_get(r->json, "other_case"), "id")), b);
    http_free(r);
    r = link_cases(jc, b, a, "different_people"); /* one standing decision per pair */
    ck_assert_int_eq(r->status, 409);
    http_free(r);
    r = links_of(jc, a);
    ck_assert_msg(strstr(r->body, link) && strstr(r->body, b), "%s", r->body);
    http_free(r);
    /* Caritas leads b but does not see a: it learns nothing of the link or of a */
    r = links_of(caritas, b);
    ck_assert_msg(r->status == 200 && strstr(r->body, link) == NULL && strstr(r->body, a) == NULL, "%s", r->body);
    http_free(r);
    r = http("GET", "/v1/events?types=person_link.created", caritas, NULL, NULL);
    ck_assert_msg(strstr(r->body, link) == NULL, "%s", r->body);
    http_free(r);
    r = http("GET", "/v1/events?types=person_link.created", jc, NULL, NULL);
    ck_assert_msg(strstr(r->body, link) != NULL, "%s", r->body);
    http_free(r);
    char *audited = sqlf("SELECT count(*) FROM audit_log WHERE action = 'person_link.create' "
                         "AND '%s' = ANY (case_ids) AND '%s' = ANY (case_ids)", a, b);
    ck_assert_str_eq(audited, "1");
    free(audited);

    /* Caritas, once it sees both, sees the Jobcenter's mark, and may remove it (below) */
    char *k2 = grant(jc, a, CARITAS_AGENCY, "[\"identity\"]", NULL);
    r = links_of(caritas, b);
    ck_assert_msg(strstr(r->body, link) != NULL, "%s", r->body);
    http_free(r);
    free(k2);
    /* unlinked (If-Match), evented; decided again */
    char path[192];
    snprintf(path, sizeof path, "/v1/cases/%s/person-links/%s", a, link);
    ck_assert_int_eq(status_of("DELETE", path, caritas, NULL), 200);
    ck_assert_int_eq(status_of("DELETE", path, jc, NULL), 404);
    r = links_of(jc, a);
    ck_assert_msg(strstr(r->body, link) == NULL, "%s", r->body);
    http_free(r);
    char *types = sqlf("SELECT string_agg(type, ',' ORDER BY id) FROM events WHERE resource_id = '%s'", link);
    ck_assert_str_eq(types, "person_link.created,person_link.removed");
    free(types);
    r = link_cases(jc, a, b, "same_person");
    ck_assert_int_eq(r->status, 201);
    http_free(r);

    /* the consent revoked: the link is gone for the Jobcenter at once */
    snprintf(path, sizeof path, "/v1/cases/%s/consents/%s/revoke", b, k);
    ck_assert_int_eq(status_of("POST", path, caritas, NULL), 200);
    r = links_of(jc, a);
    ck_assert_msg(r->status == 200 && strstr(r->body, b) == NULL, "%s", r->body);
    http_free(r);
    free(k);
    free(a);
    free(b);
}
END_TEST

/* An anonymized case keeps no link to a case that still names the person. */
START_TEST(anonymizing_removes_the_links)
{
    char *a = person(jc, "Leyla", "Rahimi"), *b = person(jc, "Leila", "Rahimi"), path[128];
    http_resp_t *r = link_cases(jc, a, b, "same_person");
    ck_assert_int_eq(r->status, 201);
    char link[40];
    snprintf(link, sizeof link, "%s", jstr(r, "id"));
    http_free(r);
    r = http("POST", case_path(path, sizeof path, a, "/anonymize"), jc, NULL, (const char *[]){"If-Match: *", NULL});
    ck_assert_int_eq(r->status, 200);
    http_free(r);
    char *removed = sqlf("SELECT count(*) FROM person_links WHERE case_id IN ('%1$s', '%2$s') "
                         "OR other_id IN ('%1$s', '%2$s')", a, b);
    ck_assert_str_eq(removed, "0"); /* no row ties the anonymized case to the other one */
    free(removed);
    r = links_of(jc, b);
    ck_assert_msg(strstr(r->body, link) == NULL, "%s", r->body);
    http_free(r);
    free(a);
    free(b);
}
END_TEST

/* Whether the candidate pages of token contain the pair a, b (in either order). */
static int candidate(const char *token, const char *a, const char *b, char *body_out, size_t n)
{
    http_resp_t *r = http("GET", "/v1/duplicate-candidates?limit=500", token, NULL, NULL);
    ck_assert_msg(r->status == 200, "%ld %s", r->status, r->body);
    int found = 0;
    size_t i;
    json_t *item;
    json_array_foreach(json_object_get(r->json, "items"), i, item) {
        const char *x = json_string_value(json_object_get(json_object_get(item, "case"), "id"));
        const char *y = json_string_value(json_object_get(json_object_get(item, "other_case"), "id"));
        found |= (strcmp(x, a) == 0 && strcmp(y, b) == 0) || (strcmp(x, b) == 0 && strcmp(y, a) == 0);
    }
    if (body_out)
        snprintf(body_out, n, "%s", r->body);
    http_free(r);
    return found;
}

START_TEST(coordination_office_sees_candidates_among_what_it_may_see)
{
    char *ki = demo_token("demo-coordinator");
    char *a = person(jc, "Mohammed", "Haidari"), *b = person(caritas, "Muhammad", "Haidari");
    char *c = person(awo, "Mohamed", "Haidari");
    free(grant(jc, a, KI_AGENCY, "[\"identity\"]", NULL));
    free(grant(caritas, b, KI_AGENCY, "[\"identity\"]", NULL));
    /* c has no consent for the office: it is in no pair */
    static char body[1 << 16];
    ck_assert(candidate(ki, a, b, body, sizeof body));
    ck_assert_msg(strstr(body, c) == NULL, "%s", body);
    ck_assert_msg(strstr(body, "Haidari") == NULL, "references only: %s", body);
    /* audited: the page names the cases it showed */
    char *audited = sqlf("SELECT count(*) FROM audit_log WHERE action = 'case.duplicates' "
                         "AND '%s' = ANY (case_ids) AND '%s' = ANY (case_ids)", a, b);
    ck_assert_int_ge(atoi(audited), 1);
    free(audited);
    /* decided as different people: no longer a candidate */
    http_resp_t *r = link_cases(ki, b, a, "different_people");
    ck_assert_msg(r->status == 201, "%ld %s", r->status, r->body);
    http_free(r);
    ck_assert(!candidate(ki, a, b, NULL, 0));
    /* a caseworker's agency is not the coordination office */
    ck_assert_int_eq(status_of("GET", "/v1/duplicate-candidates", jc, NULL), 403);
    ck_assert_int_eq(status_of("GET", "/v1/duplicate-candidates?cursor=bm9wZQ", ki, NULL), 400);
    free(ki);
    free(a);
    free(b);
    free(c);
}
END_TEST

Suite *suite_person_links(void)
{
    Suite *s = suite_create("person_links");
    TCase *tc = tcase_create("person_links");
    tcase_set_timeout(tc, 60);
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, linked_only_by_and_shown_only_to_who_sees_both);
    tcase_add_test(tc, coordination_office_sees_candidates_among_what_it_may_see);
    tcase_add_test(tc, anonymizing_removes_the_links);
    suite_add_tcase(s, tc);
    return s;
}
