/* test_readme.c - the README's shell examples, run as pasted against the
 * live test server (tests/readme_examples.sh): every call must answer 2xx.
 * A copy of the README with the case id extracted as an earlier version
 * did (a sed that expected "id": " where the server writes "id" : ")
 * shows that a broken example fails the check. */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Runs tests/readme_examples.sh on readme against g_base; its output
 * (stdout and stderr) into out; returns its exit status. */
static int examples(const char *readme, char *out, size_t outlen)
{
    char cmd[512];
    snprintf(cmd, sizeof cmd, "bash tests/readme_examples.sh %s %s 2>&1", readme, g_base);
    return shell_output(cmd, out, outlen);
}

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "r");
    ck_assert_ptr_nonnull(f);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    rewind(f);
    char *s = malloc((size_t)n + 1);
    ck_assert_int_eq(fread(s, 1, (size_t)n, f), (size_t)n);
    s[n] = '\0';
    fclose(f);
    return s;
}

START_TEST(readme_examples_run_as_pasted)
{
    static char out[1 << 16];
    int st = examples("README.md", out, sizeof out);
    ck_assert_msg(st == 0, "README examples failed:\n%s", out + (strlen(out) > 3000 ? strlen(out) - 3000 : 0));
    /* the script's last line: "readme: N blocks, M calls, all 2xx" */
    const char *summary = strrchr(out, '\n');
    while (summary && summary > out && summary[-1] != '\n' && summary[-1] != '\0')
        summary--;
    int blocks = 0, calls = 0;
    ck_assert_msg(summary && sscanf(summary, "readme: %d blocks, %d calls, all 2xx", &blocks, &calls) == 2,
                  "%s", out);
    printf("readme: %d blocks, %d curl calls, all 2xx\n", blocks, calls);
    ck_assert_int_ge(blocks, 5);
    ck_assert_int_ge(calls, 15);
}
END_TEST

/* text with its first from replaced by to (from must occur); free it */
static char *replaced(char *text, const char *from, const char *to)
{
    char *at = strstr(text, from);
    ck_assert_msg(at != NULL, "the README no longer has %s; update this test", from);
    size_t n = strlen(text) - strlen(from) + strlen(to) + 1;
    char *out = malloc(n);
    snprintf(out, n, "%.*s%s%s", (int)(at - text), text, to, at + strlen(from));
    free(text);
    return out;
}

START_TEST(a_broken_readme_example_fails)
{
    char *readme = slurp("README.md");
    /* the agency the examples create exists now: another name for this run */
    readme = replaced(readme, "\"name\":\"Gesamtschule Bergisch Gladbach\"", "\"name\":\"Gesamtschule Refrath\"");
    readme = replaced(readme, "http://127.0.0.1:8080/v1/cases | jq -r .id)",
                      "http://127.0.0.1:8080/v1/cases | sed 's/.*\"id\": \"\\([^\"]*\\)\".*/\\1/')");
    const char *path = "build/README.broken.md";
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs(readme, f);
    fclose(f);
    free(readme);
    static char out[1 << 16];
    int st = examples(path, out, sizeof out);
    ck_assert_msg(st != 0, "a broken example passed:\n%s", out);
    ck_assert_msg(strstr(out, "readme: FAILED in the block at README.md line") != NULL, "%s", out);
    ck_assert_msg(strstr(out, "/consents") != NULL, "not the consent call that failed:\n%s", out);
}
END_TEST

Suite *suite_readme(void)
{
    Suite *s = suite_create("readme");
    TCase *tc = tcase_create("examples");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, readme_examples_run_as_pasted);
    tcase_add_test(tc, a_broken_readme_example_fails);
    suite_add_tcase(s, tc);
    return s;
}
