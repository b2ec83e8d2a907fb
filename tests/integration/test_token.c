/* test_token.c - POST /v1/oauth/token (client credentials). */
#include "harness.h"

#include <stdlib.h>
#include <string.h>

#define FORM "application/x-www-form-urlencoded"

static http_resp_t *token_req(const char *form, const char *const *extra)
{
    return http_to(g_base, "POST", "/v1/oauth/token", NULL, FORM, form, 0, extra);
}

START_TEST(client_secret_post_and_basic)
{
    http_resp_t *r = token_req("grant_type=client_credentials&client_id=demo-caritas"
                               "&client_secret=demo-caritas-secret", NULL);
    ck_assert_int_eq(r->status, 200);
    ck_assert_str_eq(jstr(r, "token_type"), "Bearer");
    ck_assert_int_eq(json_integer_value(json_object_get(r->json, "expires_in")), 900);
    ck_assert_ptr_nonnull(jstr(r, "access_token"));
    char *cc = resp_header_value(r, "Cache-Control");
    ck_assert_str_eq(cc, "no-store");
    free(cc);
    http_free(r);
    /* demo-caritas:demo-caritas-secret */
    const char *basic[] = {"Authorization: Basic ZGVtby1jYXJpdGFzOmRlbW8tY2FyaXRhcy1zZWNyZXQ=", NULL};
    r = token_req("grant_type=client_credentials", basic);
    ck_assert_int_eq(r->status, 200);
    http_free(r);
}
END_TEST

START_TEST(bad_credentials_are_invalid_client)
{
    const char *forms[] = {
        "grant_type=client_credentials&client_id=demo-caritas&client_secret=wrong",
        "grant_type=client_credentials&client_id=nobody&client_secret=demo-caritas-secret",
        "grant_type=client_credentials&client_id=demo-caritas",
        "grant_type=client_credentials",
    };
    for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++) {
        http_resp_t *r = token_req(forms[i], NULL);
        ck_assert_msg(r->status == 401, "%s: %ld", forms[i], r->status);
        ck_assert_str_eq(jstr(r, "error"), "invalid_client");
        char *www = resp_header_value(r, "WWW-Authenticate");
        ck_assert_ptr_nonnull(www);
        free(www);
        http_free(r);
    }
    const char *basic[] = {"Authorization: Basic bm90LWJhc2U2NA", NULL};
    http_resp_t *r = token_req("grant_type=client_credentials", basic);
    ck_assert_int_eq(r->status, 401);
    http_free(r);
}
END_TEST

START_TEST(request_errors)
{
    http_resp_t *r = token_req("grant_type=password&username=a&password=b", NULL);
    ck_assert_int_eq(r->status, 400);
    ck_assert_str_eq(jstr(r, "error"), "unsupported_grant_type");
    http_free(r);
    r = token_req("client_id=demo-caritas&client_secret=demo-caritas-secret", NULL);
    ck_assert_int_eq(r->status, 400);
    ck_assert_str_eq(jstr(r, "error"), "invalid_request");
    http_free(r);
    r = token_req("grant_type=client_credentials&grant_type=client_credentials", NULL);
    ck_assert_int_eq(r->status, 400);
    http_free(r);
    r = token_req("grant_type=client_credentials&client_id=%zz", NULL);
    ck_assert_int_eq(r->status, 400);
    http_free(r);
    const char *basic[] = {"Authorization: Basic ZGVtby1jYXJpdGFzOmRlbW8tY2FyaXRhcy1zZWNyZXQ=", NULL};
    r = token_req("grant_type=client_credentials&client_secret=demo-caritas-secret", basic);
    ck_assert_int_eq(r->status, 400);
    http_free(r);
    r = http("POST", "/v1/oauth/token", NULL, "{\"grant_type\":\"client_credentials\"}", NULL);
    ck_assert_int_eq(r->status, 415);
    char *ct = resp_header_value(r, "Content-Type");
    ck_assert_str_eq(ct, "application/problem+json");
    free(ct);
    http_free(r);
}
END_TEST

START_TEST(scope_narrows_roles)
{
    http_resp_t *r = token_req("grant_type=client_credentials&client_id=demo-caritas"
                               "&client_secret=demo-caritas-secret&scope=caseworker", NULL);
    ck_assert_int_eq(r->status, 200);
    ck_assert_str_eq(jstr(r, "scope"), "caseworker");
    char *t = strdup(jstr(r, "access_token"));
    http_free(r);
    r = http("GET", "/v1/api-clients", t, NULL, NULL);
    ck_assert_int_eq(r->status, 403); /* agency_admin was left out */
    http_free(r);
    free(t);
    r = token_req("grant_type=client_credentials&client_id=demo-caritas"
                  "&client_secret=demo-caritas-secret&scope=coordinator", NULL);
    ck_assert_int_eq(r->status, 400);
    ck_assert_str_eq(jstr(r, "error"), "invalid_scope");
    http_free(r);
}
END_TEST

START_TEST(secret_is_stored_only_as_hash)
{
    char *n = sql_super("SELECT count(*) FROM api_clients WHERE secret_hash = 'demo-caritas-secret' "
                        "OR secret_hash !~ '^[0-9a-f]{64}$'");
    ck_assert_str_eq(n, "0");
    free(n);
}
END_TEST

Suite *suite_token(void)
{
    Suite *s = suite_create("token");
    TCase *tc = tcase_create("client_credentials");
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, client_secret_post_and_basic);
    tcase_add_test(tc, bad_credentials_are_invalid_client);
    tcase_add_test(tc, request_errors);
    tcase_add_test(tc, scope_narrows_roles);
    tcase_add_test(tc, secret_is_stored_only_as_hash);
    suite_add_tcase(s, tc);
    return s;
}
