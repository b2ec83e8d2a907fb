/* test_contract.c - runs last: every exchange the suites above recorded
 * (LOTSE_CONTRACT_LOG) is checked against the OpenAPI document by
 * openapi/contract.js (route, method, status, content type, body schema).
 * Two broken copies of the document show that the check fails: one
 * without a route, one with a wrong type; a third that the lint fails. */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Runs the contract check of spec over the recorded log; its output into
 * out (outlen bytes); returns its exit status. */
static int contract_log(const char *spec, const char *log, char *out, size_t outlen)
{
    ck_assert_ptr_nonnull(log);
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "node openapi/contract.js %s %s 2>&1", spec, log);
    return shell_output(cmd, out, outlen);
}

static int contract(const char *spec, char *out, size_t outlen)
{
    return contract_log(spec, getenv("LOTSE_CONTRACT_LOG"), out, outlen);
}

static void write_broken(const char *path, void (*breaker)(json_t *))
{
    json_t *api = json_load_file("build/gen/openapi.json", 0, NULL);
    ck_assert_ptr_nonnull(api);
    breaker(api);
    ck_assert_int_eq(json_dump_file(api, path, JSON_COMPACT), 0);
    json_decref(api);
}

static void drop_me(json_t *api)
{
    json_object_del(json_object_get(api, "paths"), "/v1/me");
}

static void me_sub_integer(json_t *api)
{
    json_t *sub = json_object_get(json_object_get(json_object_get(json_object_get(
                      json_object_get(api, "components"), "schemas"), "Me"), "properties"), "sub");
    json_object_set_new(sub, "type", json_string("integer"));
}

START_TEST(every_recorded_response_matches_the_document)
{
    static char out[16384];
    int st = contract("build/gen/openapi.json", out, sizeof out);
    fputs(out, stdout);
    ck_assert_msg(st == 0, "%s", out);
    ck_assert_ptr_nonnull(strstr(out, " 0 violation(s)"));
}
END_TEST

START_TEST(a_broken_document_fails_the_check)
{
    static char out[16384];
    write_broken("build/contract-no-route.json", drop_me);
    ck_assert_int_eq(contract("build/contract-no-route.json", out, sizeof out), 1);
    ck_assert_ptr_nonnull(strstr(out, "GET /v1/me: answered 200, route not in the document"));
    write_broken("build/contract-wrong-type.json", me_sub_integer);
    ck_assert_int_eq(contract("build/contract-wrong-type.json", out, sizeof out), 1);
    ck_assert_ptr_nonnull(strstr(out, "get /v1/me 200 application/json: /sub must be integer"));
    /* a problem that shows a database error */
    FILE *f = fopen("build/contract-leak.jsonl", "w");
    ck_assert_ptr_nonnull(f);
    fputs("{\"method\":\"GET\",\"path\":\"/v1/me\",\"status\":401,\"content_type\":\"application/problem+json\","
          "\"body\":\"{\\\"type\\\":\\\"https://lotse.example/problems/unauthorized\\\",\\\"title\\\":\\\"x\\\","
          "\\\"status\\\":401,\\\"detail\\\":\\\"ERROR: syntax error at or near SELECT\\\"}\"}\n", f);
    fclose(f);
    ck_assert_int_eq(contract_log("build/gen/openapi.json", "build/contract-leak.jsonl", out, sizeof out), 1);
    ck_assert_msg(strstr(out, "internals in a problem") != NULL, "%s", out);
}
END_TEST

/* The lint fails on a copy of the document whose first tag lost its
 * description. */
START_TEST(the_lint_fails_on_a_broken_document)
{
    FILE *in = fopen("openapi/openapi.yaml", "r"), *out = fopen("build/lint-broken.yaml", "w");
    ck_assert_ptr_nonnull(in);
    ck_assert_ptr_nonnull(out);
    char line[4096];
    int dropped = 0;
    while (fgets(line, sizeof line, in))
        if (dropped || strstr(line, "description: \"Liveness") == NULL)
            fputs(line, out);
        else
            dropped = 1;
    fclose(in);
    fclose(out);
    ck_assert_int_eq(dropped, 1);
    static char text[8192];
    ck_assert_msg(shell_output("openapi/node_modules/.bin/redocly lint build/lint-broken.yaml "
                      "--config openapi/redocly.yaml --format=summary 2>&1", text, sizeof text) != 0, "%s", text);
    ck_assert_ptr_nonnull(strstr(text, "tag-description"));
}
END_TEST

/* The README's scenario through the generated types and openapi-fetch,
 * against this server; and a body the document does not allow does not
 * type-check. */
START_TEST(typed_client_walks_the_scenario)
{
    static char out[8192];
    char cmd[256];
    snprintf(cmd, sizeof cmd, "node build/client/examples/scenario.mjs %s 2>&1", g_base);
    ck_assert_msg(shell_output(cmd, out, sizeof out) == 0, "%s", out);
    ck_assert_ptr_nonnull(strstr(out, "referral accepted"));
    FILE *f = fopen("build/client/broken.mts", "w");
    ck_assert_ptr_nonnull(f);
    fputs("import createClient from \"openapi-fetch\";\n"
          "import type { paths } from \"./lotse.js\";\n"
          "const c = createClient<paths>({ baseUrl: \"http://x\" });\n"
          "await c.POST(\"/v1/referrals\", { body: { case_id: \"x\", to_agency_id: \"y\", "
          "field_of_action: \"cooking\" } });\n"
          /* an analysis needs assessed_on in the generated types too */
          "await c.POST(\"/v1/cases/{id}/analyses\", { params: { path: { id: \"x\" } }, "
          "body: { language: { german_level: \"A2\" } } });\n", f);
    fclose(f);
    ck_assert_int_ne(shell_output("cd build/client && node_modules/.bin/tsc --noEmit --strict --target ES2022 "
                         "--module NodeNext --moduleResolution NodeNext --types node --skipLibCheck "
                         "broken.mts 2>&1", out, sizeof out), 0);
    ck_assert_msg(strstr(out, "\"cooking\"") != NULL, "%s", out);
    ck_assert_msg(strstr(out, "assessed_on") != NULL, "assessed_on is not required in the types: %s", out);
}
END_TEST

Suite *suite_contract(void)
{
    Suite *s = suite_create("contract");
    TCase *tc = tcase_create("contract");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, every_recorded_response_matches_the_document);
    tcase_add_test(tc, a_broken_document_fails_the_check);
    tcase_add_test(tc, the_lint_fails_on_a_broken_document);
    tcase_add_test(tc, typed_client_walks_the_scenario);
    suite_add_tcase(s, tc);
    return s;
}
