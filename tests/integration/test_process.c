/* test_process.c - the binary's contract: bad configuration exits 2 with
 * a message naming the variable; SIGTERM drains and exits 0. */
#include "harness.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* Runs build/lotse with one variable set; returns exit status, stderr in out. */
static int run_with(const char *name, const char *value, char *out, size_t outlen)
{
    char cmd[4096];
    snprintf(cmd, sizeof cmd,
             "env LOTSE_JWT_SECRET='" TEST_JWT_SECRET "' %s='%s' build/lotse serve 2>&1 >/dev/null",
             name, value);
    return shell_output(cmd, out, outlen);
}

START_TEST(bad_configuration_exits_2)
{
    static const char *const CASES[][2] = {
        {"LOTSE_PORT", "eighty"},        {"LOTSE_PORT", "70000"},
        {"LOTSE_THREADS", "0"},          {"LOTSE_MAX_BODY_BYTES", "12abc"},
        {"LOTSE_LOG_LEVEL", "loud"},     {"LOTSE_LISTEN", "localhost:80"},
        {"LOTSE_JWT_SECRET", "short"},   {"LOTSE_JWT_TRUSTED_ISSUERS", "x=HS256:/etc/passwd"},
        {"LOTSE_JWT_TRUSTED_ISSUERS", "x=RS256:/nonexistent.pem"},
        {"LOTSE_JWT_CACHE", "2"},        {"LOTSE_JWT_CACHE", "on"},
        {"LOTSE_PREPARED_STATEMENTS", "7"}, {"LOTSE_PREPARED_STATEMENTS", "4097"},
        {"LOTSE_PREPARED_STATEMENTS", "many"},
        {"LOTSE_ANONYMITY_K", "1"},      {"LOTSE_ANONYMITY_K", "101"},    {"LOTSE_ANONYMITY_K", "five"},
        {"LOTSE_JWT_MAX_LIFETIME", "30"}, {"LOTSE_JWT_MAX_LIFETIME", "100000"},
        {"LOTSE_WEBHOOK_PORTS", "443;80"}, {"LOTSE_WEBHOOK_PORTS", "https"},
        {"LOTSE_STATS_MAX_DEVIATION", "1"}, {"LOTSE_STATS_MAX_DEVIATION", "6"},
        {"LOTSE_STATS_VARIANCE", "0"},   {"LOTSE_STATS_VARIANCE", "4.5"}, {"LOTSE_STATS_VARIANCE", "nan"},
        {"LOTSE_STATS_VARIANCE", "one"},
        {"LOTSE_AUDIT_RETENTION_MONTHS", "0"}, {"LOTSE_AUDIT_RETENTION_MONTHS", "121"},
        {"LOTSE_AUDIT_RETENTION_MONTHS", "two"}, {"LOTSE_EVENT_RETENTION_DAYS", "29"},
        {"LOTSE_WEBHOOK_RETENTION_DAYS", "0"},
    };
    for (size_t i = 0; i < sizeof CASES / sizeof CASES[0]; i++) {
        char out[1024];
        int st = run_with(CASES[i][0], CASES[i][1], out, sizeof out);
        ck_assert_msg(st == 2, "%s=%s exited %d", CASES[i][0], CASES[i][1], st);
        ck_assert_msg(strstr(out, CASES[i][0]) != NULL, "message does not name %s: %s",
                      CASES[i][0], out);
    }
    /* a trusted issuer's key must be a public key of its algorithm's kind */
    char wrong[3][512];
    snprintf(wrong[0], sizeof wrong[0], "x=RS256:%s", getenv("LOTSE_TEST_EC_PUB"));
    snprintf(wrong[1], sizeof wrong[1], "x=ES256:%s", getenv("LOTSE_TEST_RSA_PUB"));
    snprintf(wrong[2], sizeof wrong[2], "x=ES256:%s", getenv("LOTSE_TEST_EC_PRIV"));
    for (size_t i = 0; i < 3; i++) {
        char out[1024];
        int st = run_with("LOTSE_JWT_TRUSTED_ISSUERS", wrong[i], out, sizeof out);
        ck_assert_msg(st == 2, "%s exited %d", wrong[i], st);
        ck_assert_msg(strstr(out, "is not a PEM public key for") != NULL, "%s: %s", wrong[i], out);
    }
    /* and it asserts only roles and networks that exist and are spelled right */
    static const char *const OPTIONS[] = {";roles=king", ";roles=caseworker+king", ";networks=abc",
                                          ";colour=blue"};
    for (size_t i = 0; i < sizeof OPTIONS / sizeof OPTIONS[0]; i++) {
        char spec[600], out[1024];
        snprintf(spec, sizeof spec, "x=RS256:%s%s", getenv("LOTSE_TEST_RSA_PUB"), OPTIONS[i]);
        int st = run_with("LOTSE_JWT_TRUSTED_ISSUERS", spec, out, sizeof out);
        ck_assert_msg(st == 2, "%s exited %d", OPTIONS[i], st);
        ck_assert_msg(strstr(out, "LOTSE_JWT_TRUSTED_ISSUERS") != NULL, "%s: %s", OPTIONS[i], out);
    }
    char out[1024];
    ck_assert_int_eq(run_with("DATABASE_URL", "", out, sizeof out), 2);
}
END_TEST

START_TEST(sigterm_finishes_and_exits_0)
{
    char base[64];
    pid_t pid = server_start(NULL, base);
    ck_assert_int_gt(pid, 0);
    http_resp_t *r = http_to(base, "GET", "/readyz", NULL, NULL, NULL, 0, NULL);
    ck_assert_int_eq(r->status, 200);
    http_free(r);
    ck_assert_int_eq(server_stop(pid), 0);
    r = http_to(base, "GET", "/healthz", NULL, NULL, NULL, 0, NULL);
    ck_assert_int_eq(r->status, 0); /* nothing listens any more */
    http_free(r);
}
END_TEST

START_TEST(refuses_a_privileged_database_role)
{
    char out[1024];
    char cmd[2048];
    snprintf(cmd, sizeof cmd,
             "env LOTSE_JWT_SECRET='" TEST_JWT_SECRET "' DATABASE_URL='%s' build/lotse serve 2>&1 >/dev/null",
             getenv("LOTSE_SUPER_URL"));
    FILE *p = popen(cmd, "r");
    size_t n = fread(out, 1, sizeof out - 1, p);
    out[n] = '\0';
    int st = pclose(p);
    ck_assert_int_eq(WEXITSTATUS(st), 2);
    ck_assert_ptr_nonnull(strstr(out, "BYPASSRLS"));
}
END_TEST

START_TEST(operator_creates_platform_client)
{
    FILE *p = popen("build/lotse create-client platform_admin 'Betrieb IT.NRW' 2>&1", "r");
    char out[512];
    size_t n = fread(out, 1, sizeof out - 1, p);
    out[n] = '\0';
    ck_assert_int_eq(WEXITSTATUS(pclose(p)), 0);
    json_t *c = json_loads(out, 0, NULL);
    ck_assert_msg(c != NULL, "not JSON: %s", out);
    char *t = token_for(json_string_value(json_object_get(c, "client_id")),
                        json_string_value(json_object_get(c, "client_secret")));
    http_resp_t *r = http("GET", "/v1/me", t, NULL, NULL);
    ck_assert_int_eq(r->status, 200);
    ck_assert_str_eq(json_string_value(json_array_get(json_object_get(r->json, "roles"), 0)),
                     "platform_admin");
    http_free(r);
    free(t);
    json_decref(c);
    p = popen("build/lotse create-client caseworker 'x' 2>&1", "r");
    n = fread(out, 1, sizeof out - 1, p);
    ck_assert_int_ne(WEXITSTATUS(pclose(p)), 0);
}
END_TEST

Suite *suite_process(void)
{
    Suite *s = suite_create("process");
    TCase *tc = tcase_create("process");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, bad_configuration_exits_2);
    tcase_add_test(tc, sigterm_finishes_and_exits_0);
    tcase_add_test(tc, refuses_a_privileged_database_role);
    tcase_add_test(tc, operator_creates_platform_client);
    suite_add_tcase(s, tc);
    return s;
}
