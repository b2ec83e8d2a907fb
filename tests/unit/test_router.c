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
    {"GET", "/v1/agencies", dummy, 1, OP_GET, NULL, {SCOPE_PUBLIC, CASE_IN_PATH, 0, 0, 0}, NULL},
    {"POST", "/v1/agencies", dummy, 1, OP_GET, NULL, {SCOPE_PUBLIC, CASE_IN_PATH, 0, 0, 0}, NULL},
    {"GET", "/v1/agencies/{id}", dummy, 1, OP_GET, NULL, {SCOPE_PUBLIC, CASE_IN_PATH, 0, 0, 0}, NULL},
    {"PATCH", "/v1/agencies/{id}", dummy, 1, OP_GET, NULL, {SCOPE_PUBLIC, CASE_IN_PATH, 0, 0, 0}, NULL},
    {"POST", "/v1/api-clients/{id}/revoke", dummy, 1, OP_GET, NULL, {SCOPE_PUBLIC, CASE_IN_PATH, 0, 0, 0}, NULL},
    {"GET", "/v1/conferences/{id}", dummy, 1, OP_GET, NULL, {SCOPE_PUBLIC, CASE_IN_PATH, 0, 0, 0}, NULL},
    {"GET", "/v1/conferences/{id}/calendar.ics", dummy, 1, OP_GET, NULL, {SCOPE_PUBLIC, CASE_IN_PATH, 0, 0, 0}, NULL},
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

static int starts(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* The rules between the columns of the operation table: a row that breaks
 * one names itself. */
START_TEST(real_table_declares_scope_audit_and_events_consistently)
{
    size_t n;
    const route_t *t = routes_table(&n);
    for (size_t i = 0; i < n; i++) {
        const route_t *rt = &t[i];
        const scope_t *s = &rt->scope;
        int write = strcmp(rt->method, "GET") != 0;
        /* no token exactly for public routes */
        ck_assert_msg((s->kind == SCOPE_PUBLIC || s->kind == SCOPE_FEED) == (rt->roles == ROUTE_PUBLIC),
                      "%s %s: public scope and roles disagree", rt->method, rt->pattern);
        /* personal data: every case-bound operation is audited, and only those (and creating a case) */
        int case_bound = s->kind == SCOPE_CASE || s->kind == SCOPE_CASE_ROWS || s->kind == SCOPE_HANDOVER ||
                         s->kind == SCOPE_FEED;
        ck_assert_msg(case_bound == (rt->audit != NULL) ||
                          (rt->kind == OP_CREATE && s->kind == SCOPE_AGENCY && rt->audit),
                      "%s %s: audited exactly when case-bound", rt->method, rt->pattern);
        ck_assert_msg(s->kind != SCOPE_CASE_ROWS || !write, "%s %s: a write must name its case",
                      rt->method, rt->pattern);
        ck_assert_msg((s->kind == SCOPE_CASE || !s->lead) &&
                          (s->kind == SCOPE_CASE || s->kind == SCOPE_CASE_ROWS || s->kind == SCOPE_FEED ||
                           !s->cats),
                      "%s %s: lead only for one case, categories only for case data", rt->method,
                      rt->pattern);
        /* everything under a case, referral or conference names it where the path says */
        static const struct { const char *prefix; case_from_t from; } OWNED[] = {
            {"/v1/cases/{id}", CASE_IN_PATH}, {"/v1/referrals/{id}", CASE_OF_REFERRAL},
            {"/v1/conferences/{id}", CASE_OF_CONFERENCE}};
        ck_assert_msg(!starts(rt->pattern, "/v1/handovers") || s->kind == SCOPE_HANDOVER,
                      "%s %s: a handover route is scoped to the handover's parties", rt->method,
                      rt->pattern);
        for (size_t k = 0; k < 3; k++)
            if (starts(rt->pattern, OWNED[k].prefix) &&
                (write || strcmp(rt->pattern, "/v1/cases/{id}") != 0)) /* GET of a case: see routes.c */
                ck_assert_msg(s->kind == SCOPE_CASE && s->from == OWNED[k].from,
                              "%s %s: must be scoped to its case, named %s", rt->method, rt->pattern,
                              OWNED[k].prefix);
        /* every change appends an event (the token is no change); reads append none */
        ck_assert_msg(write == (rt->events != NULL) || strcmp(rt->pattern, "/v1/oauth/token") == 0,
                      "%s %s: a change declares its events, a read none", rt->method, rt->pattern);
    }
}
END_TEST

START_TEST(declared_events_match_whole_names)
{
    route_t rt = {"POST", "/x", dummy, 1, OP_ACTION, NULL, {SCOPE_NETWORK, CASE_IN_PATH, 0, 0, 0},
                  "consent.revoked referral.withdrawn"};
    ck_assert(route_declares_event(&rt, "consent.revoked"));
    ck_assert(route_declares_event(&rt, "referral.withdrawn"));
    ck_assert(!route_declares_event(&rt, "consent.revoke"));
    ck_assert(!route_declares_event(&rt, "referral.withdrawn2"));
    ck_assert(!route_declares_event(&rt, "revoked"));
    rt.events = NULL;
    ck_assert(!route_declares_event(&rt, "consent.revoked"));
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
    tcase_add_test(tc, real_table_declares_scope_audit_and_events_consistently);
    tcase_add_test(tc, declared_events_match_whole_names);
    suite_add_tcase(s, tc);
    return s;
}
