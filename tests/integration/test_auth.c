/* test_auth.c - bearer token verification from the outside: valid tokens
 * of each trusted issuer, and the attack list, each answered with 401. */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define HS_HEADER "{\"alg\":\"HS256\",\"typ\":\"JWT\"}"
#define RS_HEADER "{\"alg\":\"RS256\",\"typ\":\"JWT\"}"
#define ES_HEADER "{\"alg\":\"ES256\",\"typ\":\"JWT\"}"

static long status_with(const char *token)
{
    http_resp_t *r = http("GET", "/v1/me", token, NULL, NULL);
    long st = r->status;
    if (st == 401) {
        char *www = resp_header_value(r, "WWW-Authenticate");
        ck_assert_ptr_nonnull(www);
        ck_assert_ptr_nonnull(strstr(www, "Bearer"));
        free(www);
        ck_assert_str_eq(jstr(r, "type"), "https://lotse.example/problems/unauthorized");
    }
    http_free(r);
    return st;
}

static long status_signed(const char *alg, const char *header, const char *payload, const char *key)
{
    char *t = jwt_sign(alg, header, payload, key);
    long st = status_with(t);
    free(t);
    return st;
}

START_TEST(valid_tokens_of_each_issuer)
{
    char *p = claims_json("lotse", NULL);
    ck_assert_int_eq(status_signed("HS256", HS_HEADER, p, TEST_JWT_SECRET), 200);
    free(p);
    p = claims_json("test-rs", NULL);
    ck_assert_int_eq(status_signed("RS256", RS_HEADER, p, getenv("LOTSE_TEST_RSA_PRIV")), 200);
    free(p);
    p = claims_json("test-es", NULL);
    ck_assert_int_eq(status_signed("ES256", ES_HEADER, p, getenv("LOTSE_TEST_EC_PRIV")), 200);
    free(p);
}
END_TEST

/* A trusted issuer asserts only what it is configured for (test-rs: the
 * default roles, any network; test-es: RBK only), for at most
 * LOTSE_JWT_MAX_LIFETIME (3600 s), and only agencies that are active in
 * the network the token names. */
/* A payload of issuer iss; roles a JSON array, exp absolute. */
static char *payload_of(const char *iss, const char *roles, const char *network, const char *agency,
                        long long exp)
{
    char *out = malloc(1024);
    snprintf(out, 1024, "{\"iss\":\"%s\",\"aud\":\"lotse\",\"sub\":\"user:idp\",\"iat\":%lld,"
             "\"exp\":%lld,\"roles\":%s,\"agency\":\"%s\",\"network\":\"%s\"}", iss,
             (long long)time(NULL), exp, roles, agency, network);
    return out;
}

START_TEST(trusted_issuers_assert_only_what_they_are_trusted_with)
{
    const char *rs = getenv("LOTSE_TEST_RSA_PRIV"), *es = getenv("LOTSE_TEST_EC_PRIV");
    long long hour = (long long)time(NULL) + 3000;
    struct { const char *iss, *roles, *network, *agency; long long exp; long want; } T[] = {
        {"test-rs", "[\"caseworker\"]", RBK_NETWORK, JOBCENTER_AGENCY, hour, 200},
        {"test-rs", "[\"caseworker\",\"platform_admin\"]", RBK_NETWORK, JOBCENTER_AGENCY, hour, 401},
        {"test-rs", "[\"ministry\"]", RBK_NETWORK, JOBCENTER_AGENCY, hour, 401},
        {"test-es", "[\"caseworker\"]", RBK_NETWORK, JOBCENTER_AGENCY, hour, 200},
        {"test-es", "[\"caseworker\"]", "a0000000-0000-4000-8000-0000000000ff", JOBCENTER_AGENCY, hour, 401},
        {"test-rs", "[\"caseworker\"]", RBK_NETWORK, JOBCENTER_AGENCY, (long long)time(NULL) + (1LL << 40), 401},
        {"test-rs", "[\"caseworker\"]", RBK_NETWORK, JOBCENTER_AGENCY, (long long)time(NULL) + 7200, 401},
        /* an agency that does not exist in the network it names */
        {"test-rs", "[\"caseworker\"]", RBK_NETWORK, "b0000000-0000-4000-8000-0000000000ff", hour, 401},
    };
    for (size_t i = 0; i < sizeof T / sizeof T[0]; i++) {
        char *p = payload_of(T[i].iss, T[i].roles, T[i].network, T[i].agency, T[i].exp);
        int es256 = strcmp(T[i].iss, "test-es") == 0;
        long st = status_signed(es256 ? "ES256" : "RS256", es256 ? ES_HEADER : RS_HEADER, p, es256 ? es : rs);
        ck_assert_msg(st == T[i].want, "case %zu: %ld, wanted %ld: %s", i, st, T[i].want, p);
        free(p);
    }
    /* a subject of this service's own API clients */
    char *own = payload_of("test-rs", "[\"caseworker\"]", RBK_NETWORK, JOBCENTER_AGENCY, hour);
    char *at = strstr(own, "user:idp");
    char *spoof = malloc(strlen(own) + 16);
    sprintf(spoof, "%.*sclient:demo-caritas%s", (int)(at - own), own, at + 8);
    ck_assert_int_eq(status_signed("RS256", RS_HEADER, spoof, rs), 401);
    free(own);
    free(spoof);
    /* an agency the network deactivated */
    char *p = payload_of("test-rs", "[\"caseworker\"]", RBK_NETWORK, JOBCENTER_AGENCY, hour);
    free(sql_super("UPDATE agencies SET active = false WHERE id = '" JOBCENTER_AGENCY "'"));
    long st = status_signed("RS256", RS_HEADER, p, rs);
    free(sql_super("UPDATE agencies SET active = true WHERE id = '" JOBCENTER_AGENCY "'"));
    ck_assert_int_eq(st, 401);
    ck_assert_int_eq(status_signed("RS256", RS_HEADER, p, rs), 200);
    free(p);
}
END_TEST

START_TEST(missing_or_malformed_header)
{
    ck_assert_int_eq(status_with(NULL), 401);
    ck_assert_int_eq(status_with(""), 401);
    ck_assert_int_eq(status_with("not-a-jwt"), 401);
    ck_assert_int_eq(status_with("a.b"), 401);
    ck_assert_int_eq(status_with("a.b.c.d"), 401);
    ck_assert_int_eq(status_with("!!!.???.###"), 401);
    const char *basic[] = {"Authorization: Basic ZGVtbzpkZW1v", NULL};
    http_resp_t *r = http("GET", "/v1/me", NULL, NULL, basic);
    ck_assert_int_eq(r->status, 401);
    http_free(r);
}
END_TEST

START_TEST(alg_none)
{
    char *p = claims_json("lotse", NULL);
    ck_assert_int_eq(status_signed("none", "{\"alg\":\"none\",\"typ\":\"JWT\"}", p, NULL), 401);
    /* none with a bogus signature appended */
    char *t = jwt_sign("HS256", "{\"alg\":\"none\"}", p, TEST_JWT_SECRET);
    ck_assert_int_eq(status_with(t), 401);
    free(t);
    free(p);
}
END_TEST

START_TEST(hs256_signed_with_the_rs_public_key)
{
    /* the classic confusion: the attacker knows the RS256 public key */
    FILE *f = fopen(getenv("LOTSE_TEST_RSA_PUB"), "r");
    ck_assert_ptr_nonnull(f);
    char pem[8192];
    size_t n = fread(pem, 1, sizeof pem - 1, f);
    pem[n] = '\0';
    fclose(f);
    char *p = claims_json("test-rs", NULL);
    ck_assert_int_eq(status_signed("HS256", HS_HEADER, p, pem), 401);
    free(p);
}
END_TEST

START_TEST(wrong_alg_for_issuer)
{
    /* RS256 token claiming the local (HS256) issuer */
    char *p = claims_json("lotse", NULL);
    ck_assert_int_eq(status_signed("RS256", RS_HEADER, p, getenv("LOTSE_TEST_RSA_PRIV")), 401);
    free(p);
    /* ES key used for the RS issuer */
    p = claims_json("test-rs", NULL);
    ck_assert_int_eq(status_signed("ES256", ES_HEADER, p, getenv("LOTSE_TEST_EC_PRIV")), 401);
    free(p);
    /* HS384 header */
    p = claims_json("lotse", NULL);
    ck_assert_int_eq(status_signed("HS256", "{\"alg\":\"HS384\"}", p, TEST_JWT_SECRET), 401);
    free(p);
}
END_TEST

static char *payload_with(const char *exp_member, const char *extra)
{
    char *out = malloc(2048);
    long long now = (long long)time(NULL);
    snprintf(out, 2048,
             "{\"iss\":\"lotse\",\"aud\":\"lotse\",\"sub\":\"user:x\",\"iat\":%lld,%s%s"
             "\"roles\":[\"caseworker\"],\"agency\":\"" JOBCENTER_AGENCY "\","
             "\"network\":\"" RBK_NETWORK "\"%s}",
             now, exp_member, exp_member[0] ? "," : "", extra ? extra : "");
    return out;
}

START_TEST(time_claims)
{
    char exp[64];
    long long now = (long long)time(NULL);
    snprintf(exp, sizeof exp, "\"exp\":%lld", now - 3600);
    char *p = payload_with(exp, NULL);
    ck_assert_int_eq(status_signed("HS256", HS_HEADER, p, TEST_JWT_SECRET), 401); /* expired */
    free(p);
    snprintf(exp, sizeof exp, "\"exp\":%lld", now + 7200);
    char nbf[64];
    snprintf(nbf, sizeof nbf, ",\"nbf\":%lld", now + 3600);
    p = payload_with(exp, nbf);
    ck_assert_int_eq(status_signed("HS256", HS_HEADER, p, TEST_JWT_SECRET), 401); /* not yet */
    free(p);
    p = payload_with("", NULL);
    ck_assert_int_eq(status_signed("HS256", HS_HEADER, p, TEST_JWT_SECRET), 401); /* no exp */
    free(p);
    snprintf(exp, sizeof exp, "\"exp\":\"%lld\"", now + 3600);
    p = payload_with(exp, NULL);
    ck_assert_int_eq(status_signed("HS256", HS_HEADER, p, TEST_JWT_SECRET), 401); /* string */
    free(p);
}
END_TEST

START_TEST(issuer_and_audience)
{
    char *p = claims_json("evil-issuer", NULL);
    ck_assert_int_eq(status_signed("HS256", HS_HEADER, p, TEST_JWT_SECRET), 401);
    free(p);
    long long now = (long long)time(NULL);
    char buf[1024];
    snprintf(buf, sizeof buf,
             "{\"iss\":\"lotse\",\"aud\":\"another-api\",\"sub\":\"u\",\"exp\":%lld,"
             "\"roles\":[\"caseworker\"],\"agency\":\"" JOBCENTER_AGENCY "\",\"network\":\""
             RBK_NETWORK "\"}", now + 600);
    ck_assert_int_eq(status_signed("HS256", HS_HEADER, buf, TEST_JWT_SECRET), 401);
    /* right issuer name, wrong secret */
    p = claims_json("lotse", NULL);
    ck_assert_int_eq(status_signed("HS256", HS_HEADER, p, "another-secret-of-sufficient-length-000000"), 401);
    free(p);
}
END_TEST

/* A token of alg is accepted as signed, and refused with another payload
 * under its signature, with one signature character flipped and with its
 * signature cut short (for ES256: not the 64 bytes of r||s). */
static void check_tampered(const char *alg, const char *header, const char *iss, const char *key)
{
    char *p = claims_json(iss, NULL);
    char *t = jwt_sign(alg, header, p, key);
    ck_assert_int_eq(status_with(t), 200);
    /* swap in a different payload, keep the signature */
    char *q = claims_json(iss, "\"x\":1");
    char *forged = jwt_sign("none", header, q, NULL); /* header.payload. */
    char *sig = strrchr(t, '.');
    size_t n = strlen(forged) + strlen(sig) + 1;
    char *combined = malloc(n);
    snprintf(combined, n, "%.*s%s", (int)(strlen(forged) - 1), forged, sig);
    ck_assert_int_eq(status_with(combined), 401);
    /* one signature character flipped */
    char *flipped = strdup(t);
    size_t last = strlen(flipped) - 2;
    flipped[last] = flipped[last] == 'A' ? 'B' : 'A';
    ck_assert_int_eq(status_with(flipped), 401);
    /* the signature cut short by three bytes (four base64url characters) */
    t[strlen(t) - 4] = '\0';
    ck_assert_int_eq(status_with(t), 401);
    free(flipped);
    free(combined);
    free(forged);
    free(q);
    free(t);
    free(p);
}

START_TEST(tampered_payload)
{
    check_tampered("HS256", HS_HEADER, "lotse", TEST_JWT_SECRET);
    check_tampered("RS256", RS_HEADER, "test-rs", getenv("LOTSE_TEST_RSA_PRIV"));
    check_tampered("ES256", ES_HEADER, "test-es", getenv("LOTSE_TEST_EC_PRIV"));
}
END_TEST

START_TEST(oversized_header)
{
    char *big = malloc(20000);
    memset(big, 'A', 9999);
    memcpy(big, "eyJ", 3);
    big[9999] = '\0';
    ck_assert_int_eq(status_with(big), 401);
    free(big);
}
END_TEST

START_TEST(role_not_allowed_is_403)
{
    char *t = demo_token("demo-ministry");
    http_resp_t *r = http("GET", "/v1/agencies", t, NULL, NULL);
    ck_assert_int_eq(r->status, 403);
    ck_assert_str_eq(jstr(r, "type"), "https://lotse.example/problems/forbidden");
    http_free(r);
    free(t);
    t = demo_token("demo-jobcenter");
    r = http("POST", "/v1/agencies", t, "{\"name\":\"x\",\"kind\":\"school\"}", NULL);
    ck_assert_int_eq(r->status, 403);
    http_free(r);
    free(t);
}
END_TEST

Suite *suite_auth(void)
{
    Suite *s = suite_create("auth");
    TCase *tc = tcase_create("jwt");
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, valid_tokens_of_each_issuer);
    tcase_add_test(tc, trusted_issuers_assert_only_what_they_are_trusted_with);
    tcase_add_test(tc, missing_or_malformed_header);
    tcase_add_test(tc, alg_none);
    tcase_add_test(tc, hs256_signed_with_the_rs_public_key);
    tcase_add_test(tc, wrong_alg_for_issuer);
    tcase_add_test(tc, time_claims);
    tcase_add_test(tc, issuer_and_audience);
    tcase_add_test(tc, tampered_payload);
    tcase_add_test(tc, oversized_header);
    tcase_add_test(tc, role_not_allowed_is_403);
    suite_add_tcase(s, tc);
    return s;
}
