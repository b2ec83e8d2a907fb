/* test_claims.c - the claim checks that follow a verified signature. */
#include "auth.h"
#include "harness.h"

#include <string.h>

#define NOW 1800000000LL

static int check(const char *payload, const char **why, principal_t *p)
{
    json_t *v = json_loads(payload, 0, NULL);
    ck_assert_ptr_nonnull(v);
    int rc = auth_check_claims(v, NOW, 60, "lotse", p, why);
    json_decref(v);
    return rc;
}

#define BASE "\"aud\":\"lotse\",\"sub\":\"u1\",\"roles\":[\"caseworker\"],\"agency\":\"" \
    JOBCENTER_AGENCY "\",\"network\":\"" RBK_NETWORK "\""

START_TEST(accepts_valid_claims)
{
    principal_t p;
    const char *why = NULL;
    ck_assert_int_eq(check("{" BASE ",\"exp\":1800000100,\"iat\":1800000000,\"nbf\":1800000000}",
                           &why, &p), 0);
    ck_assert_str_eq(p.sub, "u1");
    ck_assert_uint_eq(p.roles, ROLE_CASEWORKER);
    ck_assert_str_eq(p.network, RBK_NETWORK);
    /* audience as array, clock skew within leeway */
    ck_assert_int_eq(check("{\"aud\":[\"x\",\"lotse\"],\"sub\":\"u\",\"roles\":[\"ministry\"],"
                           "\"exp\":1799999950}", &why, &p), 0);
}
END_TEST

START_TEST(rejects_bad_time_claims)
{
    principal_t p;
    const char *why = NULL;
    ck_assert_int_eq(check("{" BASE "}", &why, &p), -1);                              /* no exp */
    ck_assert_int_eq(check("{" BASE ",\"exp\":\"1800000100\"}", &why, &p), -1);       /* string */
    ck_assert_int_eq(check("{" BASE ",\"exp\":1800000100.5}", &why, &p), -1);         /* real */
    ck_assert_int_eq(check("{" BASE ",\"exp\":1799999900}", &why, &p), -1);           /* expired */
    ck_assert_int_eq(check("{" BASE ",\"exp\":1800000100,\"nbf\":1800000300}", &why, &p), -1);
    ck_assert_int_eq(check("{" BASE ",\"exp\":1800000100,\"iat\":1800000300}", &why, &p), -1);
    ck_assert_int_eq(check("{" BASE ",\"exp\":1800000100,\"nbf\":\"0\"}", &why, &p), -1);
}
END_TEST

START_TEST(rejects_bad_identity_claims)
{
    principal_t p;
    const char *why = NULL;
    ck_assert_int_eq(check("{\"aud\":\"other\",\"sub\":\"u\",\"roles\":[\"ministry\"],\"exp\":1800000100}",
                           &why, &p), -1);
    ck_assert_int_eq(check("{\"aud\":\"lotse\",\"roles\":[\"ministry\"],\"exp\":1800000100}", &why, &p), -1);
    ck_assert_int_eq(check("{\"aud\":\"lotse\",\"sub\":\"u\",\"roles\":[\"wizard\"],\"exp\":1800000100}",
                           &why, &p), -1);
    /* network role without network, agency role without agency */
    ck_assert_int_eq(check("{\"aud\":\"lotse\",\"sub\":\"u\",\"roles\":[\"coordinator\"],\"exp\":1800000100}",
                           &why, &p), -1);
    ck_assert_int_eq(check("{\"aud\":\"lotse\",\"sub\":\"u\",\"roles\":[\"caseworker\"],\"network\":\""
                           RBK_NETWORK "\",\"exp\":1800000100}", &why, &p), -1);
    ck_assert_int_eq(check("{" BASE ",\"network\":\"not-a-uuid\",\"exp\":1800000100}", &why, &p), -1);
}
END_TEST

Suite *suite_claims(void)
{
    Suite *s = suite_create("claims");
    TCase *tc = tcase_create("check");
    tcase_add_test(tc, accepts_valid_claims);
    tcase_add_test(tc, rejects_bad_time_claims);
    tcase_add_test(tc, rejects_bad_identity_claims);
    suite_add_tcase(s, tc);
    return s;
}
