/* test_networks.c - onboarding a network and keeping networks apart. */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

START_TEST(platform_creates_network_with_bootstrap_client)
{
    char id[40], agency[40], *tok;
    new_network(id, &tok, agency);
    http_resp_t *r = http("GET", "/v1/me", tok, NULL, NULL);
    ck_assert_str_eq(jstr(r, "network"), id);
    http_free(r);
    /* the new coordinator sees only its own agency and network */
    r = http("GET", "/v1/agencies", tok, NULL, NULL);
    ck_assert_int_eq(r->status, 200);
    ck_assert_uint_eq(json_array_size(json_object_get(r->json, "items")), 1);
    http_free(r);
    r = http("GET", "/v1/networks", tok, NULL, NULL);
    ck_assert_uint_eq(json_array_size(json_object_get(r->json, "items")), 1);
    http_free(r);
    char path[128];
    snprintf(path, sizeof path, "/v1/networks/%s", RBK_NETWORK);
    r = http("GET", path, tok, NULL, NULL);
    ck_assert_int_eq(r->status, 404);
    http_free(r);
    /* events of the onboarding carry the new network */
    char sql[256];
    snprintf(sql, sizeof sql, "SELECT string_agg(type, ',' ORDER BY id) FROM events WHERE network_id = '%s'", id);
    char *types = sql_super(sql);
    ck_assert_str_eq(types, "network.created,agency.created,api_client.created");
    free(types);
    free(tok);
}
END_TEST

START_TEST(another_networks_things_are_404)
{
    char id[40], agency[40], *tok;
    new_network(id, &tok, agency);
    char *rbk = demo_token("demo-coordinator");
    char path[128];
    snprintf(path, sizeof path, "/v1/agencies/%s", agency);
    http_resp_t *r = http("GET", path, rbk, NULL, NULL);
    ck_assert_int_eq(r->status, 404);
    http_resp_t *missing = http("GET", "/v1/agencies/00000000-0000-4000-8000-00000000abcd", rbk, NULL, NULL);
    ck_assert_int_eq(missing->status, 404);
    ck_assert_str_eq(jstr(r, "detail"), jstr(missing, "detail"));  /* same answer as a random id */
    http_free(missing);
    http_free(r);
    const char *ifm[] = {"If-Match: *", NULL};
    r = http("PATCH", path, rbk, "{\"name\":\"hijacked\"}", ifm);
    ck_assert_int_eq(r->status, 404);
    http_free(r);
    snprintf(path, sizeof path, "/v1/networks/%s", id);
    r = http("PATCH", path, rbk, "{\"name\":\"hijacked\"}", ifm);
    ck_assert_int_eq(r->status, 404);
    http_free(r);
    /* and the other way round */
    snprintf(path, sizeof path, "/v1/agencies/%s", KI_AGENCY);
    r = http("GET", path, tok, NULL, NULL);
    ck_assert_int_eq(r->status, 404);
    http_free(r);
    free(rbk);
    free(tok);
}
END_TEST

START_TEST(network_validation_and_conflicts)
{
    char *platform = demo_token("demo-platform");
    http_resp_t *r = http("POST", "/v1/networks", platform,
                          "{\"code\":\"RBK\",\"name\":\"Dup\",\"coordination_office_name\":\"x\"}", NULL);
    ck_assert_int_eq(r->status, 409);
    http_free(r);
    r = http("POST", "/v1/networks", platform, "{\"code\":\"rbk-1\",\"name\":\"\"}", NULL);
    ck_assert_int_eq(r->status, 400);
    char *errs = json_dumps(json_object_get(r->json, "errors"), JSON_COMPACT);
    ck_assert_ptr_nonnull(strstr(errs, "/code"));
    ck_assert_ptr_nonnull(strstr(errs, "/name"));
    ck_assert_ptr_nonnull(strstr(errs, "/coordination_office_name"));
    free(errs);
    http_free(r);
    free(platform);
    char *coord = demo_token("demo-coordinator");
    r = http("POST", "/v1/networks", coord,
             "{\"code\":\"XYZ\",\"name\":\"x\",\"coordination_office_name\":\"x\"}", NULL);
    ck_assert_int_eq(r->status, 403);
    http_free(r);
    free(coord);
}
END_TEST

START_TEST(ministry_reads_all_networks_coordinator_edits_own)
{
    char *min = demo_token("demo-ministry");
    http_resp_t *r = http("GET", "/v1/networks?limit=500", min, NULL, NULL);
    ck_assert_int_eq(r->status, 200);
    ck_assert_uint_ge(json_array_size(json_object_get(r->json, "items")), 1);
    http_free(r);
    free(min);
    char *coord = demo_token("demo-coordinator");
    r = http("GET", "/v1/networks/" RBK_NETWORK, coord, NULL, NULL);
    ck_assert_int_eq(r->status, 200);
    char *etag = resp_header_value(r, "ETag");
    http_free(r);
    char ifm[64];
    snprintf(ifm, sizeof ifm, "If-Match: %s", etag);
    const char *h[] = {ifm, NULL};
    r = http("PATCH", "/v1/networks/" RBK_NETWORK, coord, "{\"referrals_require_agreement\":false}", h);
    ck_assert_int_eq(r->status, 200);
    http_free(r);
    free(etag);
    free(coord);
}
END_TEST

Suite *suite_networks(void)
{
    Suite *s = suite_create("networks");
    TCase *tc = tcase_create("networks");
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, platform_creates_network_with_bootstrap_client);
    tcase_add_test(tc, another_networks_things_are_404);
    tcase_add_test(tc, network_validation_and_conflicts);
    tcase_add_test(tc, ministry_reads_all_networks_coordinator_edits_own);
    suite_add_tcase(s, tc);
    return s;
}
