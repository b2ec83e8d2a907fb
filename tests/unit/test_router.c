/* test_router.c - path matching against a small table and the real one. */
#include "harness.h"
#include "router.h"

#include <string.h>

static int dummy(struct req *r)
{
    (void)r;
    return 0;
}

static const route_t T[] = {
    {"GET", "/v1/agencies", dummy, 1, OP_GET, NULL},
    {"POST", "/v1/agencies", dummy, 1, OP_GET, NULL},
    {"GET", "/v1/agencies/{id}", dummy, 1, OP_GET, NULL},
    {"PATCH", "/v1/agencies/{id}", dummy, 1, OP_GET, NULL},
    {"POST", "/v1/api-clients/{id}/revoke", dummy, 1, OP_GET, NULL},
    {"GET", "/v1/conferences/{id}", dummy, 1, OP_GET, NULL},
    {"GET", "/v1/conferences/{id}/calendar.ics", dummy, 1, OP_GET, NULL},
};
#define NT (sizeof T / sizeof T[0])

static match_result_t match(const char *method, const char *path, route_match_t *m)
{
    static char copy[256];
    snprintf(copy, sizeof copy, "%s", path);
    return router_match(T, NT, method, copy, m);
}

START_TEST(literal_and_param)
{
    route_match_t m;
    ck_assert_int_eq(match("GET", "/v1/agencies", &m), MATCH_OK);
    ck_assert_ptr_eq(m.route, &T[0]);
    ck_assert_int_eq(match("PATCH", "/v1/agencies/abc", &m), MATCH_OK);
    ck_assert_ptr_eq(m.route, &T[3]);
    ck_assert_int_eq(m.nparams, 1);
    ck_assert_str_eq(m.params[0], "abc");
    ck_assert_int_eq(match("POST", "/v1/api-clients/x1/revoke", &m), MATCH_OK);
    ck_assert_str_eq(m.params[0], "x1");
    ck_assert_uint_eq(m.index, 4);
}
END_TEST

START_TEST(whole_segments)
{
    route_match_t m;
    ck_assert_int_eq(match("GET", "/v1/conferences/abc/calendar.ics", &m), MATCH_OK);
    ck_assert_uint_eq(m.index, 6);
    ck_assert_str_eq(m.params[0], "abc");
    ck_assert_int_eq(match("GET", "/v1/conferences/abc.ics", &m), MATCH_OK);
    ck_assert_uint_eq(m.index, 5); /* a parameter is the whole segment, suffix and all */
    ck_assert_str_eq(m.params[0], "abc.ics");
    ck_assert_int_eq(match("GET", "/v1/conferences/abc/calendar", &m), MATCH_NO_PATH);
}
END_TEST

START_TEST(not_found_shapes)
{
    route_match_t m;
    const char *bad[] = {"/", "", "/v1", "/v1/agencies/", "/v1//agencies", "/v1/agencies/a/b",
                         "/v1/api-clients/x/revoke/more", "v1/agencies", "/v1/AGENCIES"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        ck_assert_msg(match("GET", bad[i], &m) == MATCH_NO_PATH, "%s should not match", bad[i]);
}
END_TEST

START_TEST(method_not_allowed_lists_allow)
{
    route_match_t m;
    ck_assert_int_eq(match("DELETE", "/v1/agencies/1", &m), MATCH_NO_METHOD);
    ck_assert_str_eq(m.allow, "GET, PATCH");
    ck_assert_int_eq(match("PUT", "/v1/agencies", &m), MATCH_NO_METHOD);
    ck_assert_str_eq(m.allow, "GET, POST");
}
END_TEST

START_TEST(real_table_has_unique_rows)
{
    size_t n;
    const route_t *t = routes_table(&n);
    ck_assert_uint_gt(n, 20);
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++)
            ck_assert_msg(!(strcmp(t[i].method, t[j].method) == 0 &&
                            strcmp(t[i].pattern, t[j].pattern) == 0),
                          "duplicate route %s %s", t[i].method, t[i].pattern);
}
END_TEST

Suite *suite_router(void)
{
    Suite *s = suite_create("router");
    TCase *tc = tcase_create("match");
    tcase_add_test(tc, literal_and_param);
    tcase_add_test(tc, not_found_shapes);
    tcase_add_test(tc, whole_segments);
    tcase_add_test(tc, method_not_allowed_lists_allow);
    tcase_add_test(tc, real_table_has_unique_rows);
    suite_add_tcase(s, tc);
    return s;
}
