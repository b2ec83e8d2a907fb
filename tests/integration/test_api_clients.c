/* test_api_clients.c - an agency admin manages its own clients; secrets
 * shown once; rotation and revocation take effect on the next request;
 * another agency's clients are 404. */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Creates a caseworker client of demo-jobcenter; fills id and secret. */
static void create_client(const char *admin, char *id, char *client_id, char *secret)
{
    http_resp_t *r = http("POST", "/v1/api-clients", admin,
                          "{\"name\":\"Fachverfahren\",\"roles\":[\"caseworker\"]}", NULL);
    ck_assert_msg(r->status == 201, "%ld %s", r->status, r->body);
    strcpy(id, jstr(r, "id"));
    strcpy(client_id, jstr(r, "client_id"));
    strcpy(secret, jstr(r, "client_secret"));
    ck_assert_uint_ge(strlen(secret), 40);
    ck_assert_str_eq(jstr(r, "agency_id"), JOBCENTER_AGENCY);
    http_free(r);
}

START_TEST(create_list_get_without_secret)
{
    char *admin = demo_token("demo-jobcenter");
    char id[40], cid[40], secret[64];
    create_client(admin, id, cid, secret);
    char path[128];
    snprintf(path, sizeof path, "/v1/api-clients/%s", id);
    http_resp_t *r = http("GET", path, admin, NULL, NULL);
    ck_assert_int_eq(r->status, 200);
    ck_assert_ptr_null(json_object_get(r->json, "client_secret"));
    ck_assert_ptr_null(strstr(r->body, secret));
    http_free(r);
    r = http("GET", "/v1/api-clients?limit=500", admin, NULL, NULL);
    ck_assert_int_eq(r->status, 200);
    ck_assert_ptr_nonnull(strstr(r->body, cid));
    ck_assert_ptr_null(strstr(r->body, "demo-caritas"));  /* only own agency's clients */
    http_free(r);
    char *t = token_for(cid, secret);
    r = http("GET", "/v1/me", t, NULL, NULL);
    ck_assert_str_eq(jstr(r, "agency"), JOBCENTER_AGENCY);
    http_free(r);
    r = http("GET", "/v1/api-clients", t, NULL, NULL);
    ck_assert_int_eq(r->status, 403);  /* caseworker is no admin */
    http_free(r);
    free(t);
    free(admin);
}
END_TEST

/* The secret is shown once: an idempotent retry answers the client
 * without it, and the stored record never held it. */
START_TEST(a_retry_does_not_show_the_secret_again)
{
    char *admin = demo_token("demo-jobcenter");
    char key[64], hex[17], sql[200];
    random_hex(hex, 16);
    snprintf(key, sizeof key, "Idempotency-Key: client-%s", hex);
    const char *body = "{\"name\":\"Fachverfahren 2\",\"roles\":[\"caseworker\"]}";
    http_resp_t *r = http("POST", "/v1/api-clients", admin, body, (const char *[]){key, NULL});
    ck_assert_int_eq(r->status, 201);
    char secret[64];
    snprintf(secret, sizeof secret, "%s", jstr(r, "client_secret"));
    http_free(r);
    r = http("POST", "/v1/api-clients", admin, body, (const char *[]){key, NULL});
    ck_assert_int_eq(r->status, 201);
    ck_assert_ptr_null(json_object_get(r->json, "client_secret"));
    ck_assert_ptr_null(strstr(r->body, secret));
    http_free(r);
    snprintf(sql, sizeof sql, "SELECT count(*) FROM idempotency_keys WHERE strpos(body, '%s') > 0", secret);
    char *n = sql_super(sql);
    ck_assert_str_eq(n, "0");
    free(n);
    free(admin);
}
END_TEST

START_TEST(other_agency_admin_gets_404)
{
    char *admin = demo_token("demo-jobcenter");
    char id[40], cid[40], secret[64];
    create_client(admin, id, cid, secret);
    char *other = demo_token("demo-caritas");
    char path[160];
    const char *any[] = {"If-Match: *", NULL};
    snprintf(path, sizeof path, "/v1/api-clients/%s", id);
    http_resp_t *r = http("GET", path, other, NULL, NULL);
    ck_assert_int_eq(r->status, 404);
    http_free(r);
    r = http("PATCH", path, other, "{\"name\":\"mine now\"}", any);
    ck_assert_int_eq(r->status, 404);
    http_free(r);
    snprintf(path, sizeof path, "/v1/api-clients/%s/rotate-secret", id);
    r = http("POST", path, other, NULL, any);
    ck_assert_int_eq(r->status, 404);
    http_free(r);
    snprintf(path, sizeof path, "/v1/api-clients/%s/revoke", id);
    r = http("POST", path, other, NULL, any);
    ck_assert_int_eq(r->status, 404);
    http_free(r);
    /* the client still works */
    free(token_for(cid, secret));
    free(other);
    free(admin);
}
END_TEST

START_TEST(rotate_then_revoke)
{
    char *admin = demo_token("demo-jobcenter");
    char id[40], cid[40], secret[64];
    create_client(admin, id, cid, secret);
    char *old_token = token_for(cid, secret); /* no pause: the rotation may fall in its second */
    char path[160];
    snprintf(path, sizeof path, "/v1/api-clients/%s/rotate-secret", id);
    http_resp_t *r = http("POST", path, admin, NULL, NULL);
    ck_assert_int_eq(r->status, 428);
    http_free(r);
    const char *v1[] = {"If-Match: \"v1\"", NULL};
    r = http("POST", path, admin, NULL, v1);
    ck_assert_int_eq(r->status, 200);
    char secret2[64];
    strcpy(secret2, jstr(r, "client_secret"));
    ck_assert_str_ne(secret, secret2);
    http_free(r);
    /* the old secret and tokens issued before the rotation stop working */
    char form[256];
    snprintf(form, sizeof form, "grant_type=client_credentials&client_id=%s&client_secret=%s", cid, secret);
    r = http_to(g_base, "POST", "/v1/oauth/token", NULL, "application/x-www-form-urlencoded", form, 0, NULL);
    ck_assert_int_eq(r->status, 401);
    http_free(r);
    r = http("GET", "/v1/agencies", old_token, NULL, NULL);
    ck_assert_int_eq(r->status, 401);
    http_free(r);
    r = http("GET", "/v1/me", old_token, NULL, NULL); /* a route that reads nothing of the database */
    ck_assert_int_eq(r->status, 401);
    http_free(r);
    char *t2 = token_for(cid, secret2);
    r = http("GET", "/v1/agencies", t2, NULL, NULL);
    ck_assert_int_eq(r->status, 200);
    http_free(r);
    /* a token issued in the same second as the next rotation, before it, stops too
     * (the whole-second comparison of iat with the rotation let it pass) */
    const char *v3[] = {"If-Match: \"v2\"", NULL};
    r = http("POST", path, admin, NULL, v3);
    ck_assert_int_eq(r->status, 200);
    char secret3[64];
    strcpy(secret3, jstr(r, "client_secret"));
    http_free(r);
    r = http("GET", "/v1/agencies", t2, NULL, NULL);
    ck_assert_int_eq(r->status, 401);
    http_free(r);
    free(t2);
    t2 = token_for(cid, secret3);
    r = http("GET", "/v1/agencies", t2, NULL, NULL);
    ck_assert_int_eq(r->status, 200); /* the new secret's token works at once */
    http_free(r);

    snprintf(path, sizeof path, "/v1/api-clients/%s/revoke", id);
    const char *v4[] = {"If-Match: \"v3\"", NULL};
    r = http("POST", path, admin, NULL, v4);
    ck_assert_int_eq(r->status, 200);
    ck_assert_ptr_nonnull(jstr(r, "revoked_at"));
    http_free(r);
    r = http("GET", "/v1/agencies", t2, NULL, NULL);
    ck_assert_int_eq(r->status, 401);  /* revocation is effective at once */
    http_free(r);
    /* also where the check opens a transaction (BEGIN, context, statement in one pipeline) */
    r = http("GET", "/v1/cases?limit=1", t2, NULL, NULL);
    ck_assert_int_eq(r->status, 401);
    http_free(r);
    r = http("GET", "/v1/me", t2, NULL, NULL);
    ck_assert_int_eq(r->status, 401);
    ck_assert_ptr_null(jstr(r, "client_id"));
    http_free(r);
    snprintf(form, sizeof form, "grant_type=client_credentials&client_id=%s&client_secret=%s", cid, secret3);
    r = http_to(g_base, "POST", "/v1/oauth/token", NULL, "application/x-www-form-urlencoded", form, 0, NULL);
    ck_assert_int_eq(r->status, 401);
    http_free(r);
    snprintf(path, sizeof path, "/v1/api-clients/%s/rotate-secret", id);
    const char *any[] = {"If-Match: *", NULL};
    r = http("POST", path, admin, NULL, any);
    ck_assert_int_eq(r->status, 409);
    http_free(r);
    free(t2);
    free(old_token);
    free(admin);
}
END_TEST

START_TEST(no_privilege_escalation)
{
    char *admin = demo_token("demo-jobcenter");
    http_resp_t *r = http("POST", "/v1/api-clients", admin,
                          "{\"name\":\"x\",\"roles\":[\"coordinator\"]}", NULL);
    ck_assert_int_eq(r->status, 403);
    http_free(r);
    r = http("POST", "/v1/api-clients", admin, "{\"name\":\"x\",\"roles\":[\"platform_admin\"]}", NULL);
    ck_assert_int_eq(r->status, 400);
    http_free(r);
    r = http("POST", "/v1/api-clients", admin, "{\"name\":\"x\",\"roles\":[]}", NULL);
    ck_assert_int_eq(r->status, 400);
    http_free(r);
    free(admin);
    char *coord = demo_token("demo-coordinator");
    r = http("POST", "/v1/api-clients", coord, "{\"name\":\"Auditor\",\"roles\":[\"auditor\"]}", NULL);
    ck_assert_int_eq(r->status, 201);
    http_free(r);
    free(coord);
}
END_TEST

Suite *suite_api_clients(void)
{
    Suite *s = suite_create("api_clients");
    TCase *tc = tcase_create("api_clients");
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, create_list_get_without_secret);
    tcase_add_test(tc, a_retry_does_not_show_the_secret_again);
    tcase_add_test(tc, other_agency_admin_gets_404);
    tcase_add_test(tc, rotate_then_revoke);
    tcase_add_test(tc, no_privilege_escalation);
    suite_add_tcase(s, tc);
    return s;
}
