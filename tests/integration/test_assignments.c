/* test_assignments.c - assigned caseworkers (issue 23, item 4): an agency
 * chooses that its people see only the cases assigned to them (in person
 * or by a team of their token) while its system client sees every case;
 * a person who opens a case is its case manager; all of one person's
 * cases move to another in one call; lists, search and the event feed
 * follow the same rule (it is row-level security's). */
#include "case_fixture.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* A token of a person of agency (a trusted identity provider's: no API client). */
static char *person(const char *sub, const char *agency, const char *roles, const char *teams)
{
    char payload[1024];
    long long now = (long long)time(NULL);
    snprintf(payload, sizeof payload,
             "{\"iss\":\"lotse\",\"aud\":\"lotse\",\"sub\":\"%s\",\"iat\":%lld,\"exp\":%lld,\"roles\":%s,"
             "\"agency\":\"%s\",\"network\":\"" RBK_NETWORK "\"%s%s}", sub, now, now + 3600, roles, agency,
             teams ? ",\"teams\":" : "", teams ? teams : "");
    return jwt_sign("HS256", "{\"alg\":\"HS256\",\"typ\":\"JWT\"}", payload, TEST_JWT_SECRET);
}

static long get_status(const char *path, const char *token)
{
    http_resp_t *r = http("GET", path, token, NULL, NULL);
    long st = r->status;
    http_free(r);
    return st;
}

static char *new_case(const char *token, const char *name)
{
    char body[512];
    snprintf(body, sizeof body, "{\"target_group\":\"newly_arrived\",\"person\":{\"first_name\":\"%s\","
             "\"last_name\":\"Zugewiesen\",\"birth_date\":\"1987-03-04\"}}", name);
    http_resp_t *r = http("POST", "/v1/cases", token, body, NULL);
    ck_assert_msg(r->status == 201, "%ld %s", r->status, r->body);
    char *id = strdup(jstr(r, "id"));
    http_free(r);
    return id;
}

/* The report at path once its one line is in (ten seconds at most). */
static http_resp_t *one_line(const char *path, const char *token)
{
    for (int i = 0; i < 100; i++) {
        http_resp_t *r = http("GET", path, token, NULL, NULL);
        if (json_array_size(json_object_get(r->json, "items")) == 1)
            return r;
        http_free(r);
        usleep(100000);
    }
    ck_abort_msg("no report at %s", path);
    return NULL;
}

static void set_access(const char *agency, const char *admin, const char *mode)
{
    char path[96], body[64];
    snprintf(path, sizeof path, "/v1/agencies/%s/settings", agency);
    snprintf(body, sizeof body, "{\"staff_access\":\"%s\"}", mode);
    http_resp_t *r = http("PATCH", path, admin, body, (const char *[]){"If-Match: *", NULL});
    ck_assert_msg(r->status == 200 && strcmp(jstr(r, "staff_access"), mode) == 0, "%ld %s", r->status, r->body);
    http_free(r);
}

START_TEST(people_see_their_cases_systems_see_all)
{
    char hex[9], body[256], agency[40];
    random_hex(hex, 8);
    char *coord = demo_token("demo-coordinator");
    snprintf(body, sizeof body, "{\"name\":\"Beratungsstelle %s\",\"kind\":\"migration_counselling\"}", hex);
    http_resp_t *r = http("POST", "/v1/agencies", coord, body, NULL);
    ck_assert_msg(r->status == 201, "%ld %s", r->status, r->body);
    snprintf(agency, sizeof agency, "%s", jstr(r, "id"));
    http_free(r);
    char sub[4][64];
    const char *names[4] = {"admin", "alice", "bob", "carol"};
    for (int i = 0; i < 4; i++)
        snprintf(sub[i], sizeof sub[i], "idp|%s-%s", names[i], hex);
    char *admin = person(sub[0], agency, "[\"agency_admin\",\"caseworker\"]", NULL);
    char *alice = person(sub[1], agency, "[\"caseworker\"]", NULL);
    char *bob = person(sub[2], agency, "[\"caseworker\"]", NULL);
    char *carol = person(sub[3], agency, "[\"caseworker\"]", "[\"Beratung\"]");
    /* the agency's system: an API client */
    r = http("POST", "/v1/api-clients", admin, "{\"name\":\"Fachverfahren\",\"roles\":[\"caseworker\"]}", NULL);
    ck_assert_msg(r->status == 201, "%ld %s", r->status, r->body);
    char *system = token_for(jstr(r, "client_id"), jstr(r, "client_secret"));
    http_free(r);

    char *a = new_case(alice, "Alinda"), *b = new_case(bob, "Bobana");
    char pa[96], pb[96], p0[96];
    snprintf(pa, sizeof pa, "/v1/cases/%s", a);
    snprintf(pb, sizeof pb, "/v1/cases/%s", b);
    /* everyone sees every case of the agency until it chooses otherwise */
    ck_assert_int_eq(get_status(pb, alice), 200);
    set_access(agency, admin, "assigned");
    snprintf(p0, sizeof p0, "/v1/agencies/%s/settings", agency);
    r = http("PATCH", p0, admin, "{\"staff_access\":\"some\"}", (const char *[]){"If-Match: *", NULL});
    ck_assert_int_eq(r->status, 400);
    http_free(r);

    /* alice sees the case she opened (she is its case manager), not bob's: a 404 like a missing case */
    ck_assert_int_eq(get_status(pa, alice), 200);
    http_resp_t *hidden = http("GET", pb, alice, NULL, NULL);
    http_resp_t *missing = http("GET", "/v1/cases/00000000-0000-4000-8000-00000000c0de", alice, NULL, NULL);
    ck_assert_int_eq(hidden->status, 404);
    ck_assert_str_eq(jstr(hidden, "detail"), jstr(missing, "detail"));
    http_free(hidden);
    http_free(missing);
    ck_assert_int_eq(get_status(pa, bob), 404);
    ck_assert_int_eq(get_status(pb, bob), 200);
    r = http("GET", "/v1/cases?limit=500", alice, NULL, NULL);
    ck_assert_msg(strstr(r->body, a) && !strstr(r->body, b), "%s", r->body);
    http_free(r);
    r = http("GET", "/v1/person-search?name=Bobana%20Zugewiesen&birth_year=1987", alice, NULL, NULL);
    ck_assert_msg(r->status == 200 && !strstr(r->body, b), "%s", r->body);
    http_free(r);
    r = http("GET", "/v1/events?limit=500", alice, NULL, NULL);
    ck_assert_msg(r->status == 200 && strstr(r->body, a) && !strstr(r->body, b), "%s", r->body);
    http_free(r);
    /* the system client sees both; so does nobody else's agency */
    ck_assert_int_eq(get_status(pa, system), 200);
    ck_assert_int_eq(get_status(pb, system), 200);

    /* bob gives his case to the team Beratung: carol (in that team by her token) sees it, not alice's */
    char p[128];
    snprintf(p, sizeof p, "/v1/cases/%s/assignments", b);
    ck_assert_int_eq(status_of("POST", p, bob, "{\"team\":\"Beratung\"}"), 201);
    ck_assert_int_eq(status_of("POST", p, bob, "{\"team\":\"Beratung\",\"assignee\":\"x\"}"), 400);
    ck_assert_int_eq(status_of("POST", p, bob, "{}"), 400);
    ck_assert_int_eq(status_of("POST", p, bob, "{\"team\":\"Bera/tung\"}"), 400);
    char *nassign = sqlf("SELECT count(*) FROM case_assignments WHERE case_id = '%s'", b);
    ck_assert_str_eq(nassign, "2"); /* bob as its opener, and the team: nothing from the refusals */
    free(nassign);
    ck_assert_int_eq(get_status(pb, carol), 200);
    ck_assert_int_eq(get_status(pa, carol), 404);

    /* alice leaves: all her cases to bob in one call, audited with the cases */
    snprintf(body, sizeof body, "{\"from_assignee\":\"%s\",\"to_assignee\":\"%s\"}", sub[1], sub[2]);
    r = http("POST", "/v1/assignment-transfers", admin, body, NULL);
    ck_assert_msg(r->status == 200 && json_integer_value(json_object_get(r->json, "moved")) == 1, "%ld %s",
                  r->status, r->body);
    http_free(r);
    ck_assert_int_eq(get_status(pa, alice), 404);
    ck_assert_int_eq(get_status(pa, bob), 200);
    char *audited = sqlf("SELECT count(*) FROM audit_log WHERE action = 'case.reassign' AND '%s' = ANY (case_ids)", a);
    ck_assert_str_eq(audited, "1");
    free(audited);
    /* the transfer is the agency's own business: another agency's feed does not show it */
    char *car = demo_token("demo-caritas");
    r = http("GET", "/v1/events?types=assignment.transferred&limit=500", car, NULL, NULL);
    ck_assert_msg(r->status == 200 && !strstr(r->body, agency), "%s", r->body);
    http_free(r);
    free(car);
    /* a caseworker may not move assignments, and the settings are the agency's own */
    ck_assert_int_eq(get_status("/v1/assignment-transfers", bob), 405);
    r = http("POST", "/v1/assignment-transfers", bob, body, NULL);
    ck_assert_int_eq(r->status, 403);
    http_free(r);
    char *jc = demo_token("demo-jobcenter");
    snprintf(p, sizeof p, "/v1/agencies/%s/settings", agency);
    r = http("PATCH", p, jc, "{\"staff_access\":\"all\"}", (const char *[]){"If-Match: *", NULL});
    ck_assert_int_eq(r->status, 404);
    http_free(r);

    /* a case of the Jobcenter shared with the agency and referred to it: its restricted people do
     * not see the referral until the case is assigned to one of them; its system does */
    char *jcase = create_case(jc, "Jorinde");
    snprintf(body, sizeof body, "[\"identity\",\"plan\"]");
    free(grant(jc, jcase, agency, body, NULL));
    snprintf(body, sizeof body, "{\"case_id\":\"%s\",\"to_agency_id\":\"%s\",\"field_of_action\":\"language\","
             "\"reason\":\"Sprachkurs Jorinde\"}", jcase, agency);
    r = http("POST", "/v1/referrals", jc, body, NULL);
    ck_assert_msg(r->status == 201, "%ld %s", r->status, r->body);
    char rid[40];
    snprintf(rid, sizeof rid, "%s", jstr(r, "id"));
    http_free(r);
    snprintf(p, sizeof p, "/v1/referrals/%s", rid);
    ck_assert_int_eq(get_status(p, bob), 404);
    ck_assert_int_eq(get_status(p, system), 200);
    r = http("GET", "/v1/referrals?limit=500", bob, NULL, NULL);
    ck_assert_msg(!strstr(r->body, rid) && !strstr(r->body, "Jorinde"), "%s", r->body);
    http_free(r);
    r = http("GET", "/v1/events?limit=500", bob, NULL, NULL);
    ck_assert_msg(!strstr(r->body, jcase), "%s", r->body);
    http_free(r);
    char ap[128];
    snprintf(ap, sizeof ap, "/v1/cases/%s/assignments", jcase);
    snprintf(body, sizeof body, "{\"assignee\":\"%s\"}", sub[2]);
    ck_assert_int_eq(status_of("POST", ap, system, body), 201);
    ck_assert_int_eq(get_status(p, bob), 200);
    free(jcase);

    /* a restricted person's dry run names no likely duplicate it may not see; its job is its own */
    snprintf(body, sizeof body, "{\"target_group\":\"other\",\"person\":{\"first_name\":\"Bobana\","
             "\"last_name\":\"Zugewiesen\",\"birth_date\":\"1987-03-04\"}}\n");
    r = http_to(g_base, "POST", "/v1/imports?format=ndjson&dry_run=true", carol, "application/x-ndjson", body,
                strlen(body), NULL);
    ck_assert_msg(r->status == 202, "%ld %s", r->status, r->body);
    char jobpath[128];
    snprintf(jobpath, sizeof jobpath, "/v1/imports/%s/lines", jstr(r, "id"));
    http_free(r);
    /* carol sees Bobana (her team's case); alice does not: the same line from alice shows none */
    http_resp_t *lines = one_line(jobpath, carol);
    ck_assert_msg(strstr(lines->body, b), "carol's dry run does not name her team's case: %s", lines->body);
    http_free(lines);
    ck_assert_int_eq(get_status(jobpath, alice), 404);
    r = http_to(g_base, "POST", "/v1/imports?format=ndjson&dry_run=true", alice, "application/x-ndjson", body,
                strlen(body), NULL);
    snprintf(jobpath, sizeof jobpath, "/v1/imports/%s/lines", jstr(r, "id"));
    http_free(r);
    lines = one_line(jobpath, alice);
    ck_assert_msg(!strstr(lines->body, b), "a restricted person's dry run names an unassigned case: %s", lines->body);
    http_free(lines);

    /* back to all: alice sees both again */
    set_access(agency, admin, "all");
    ck_assert_int_eq(get_status(pb, alice), 200);
    free(jc);
    free(a);
    free(b);
    free(system);
    free(admin);
    free(alice);
    free(bob);
    free(carol);
    free(coord);
}
END_TEST

Suite *suite_assignments(void)
{
    Suite *s = suite_create("assignments");
    TCase *tc = tcase_create("assignments");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, people_see_their_cases_systems_see_all);
    suite_add_tcase(s, tc);
    return s;
}
