/* test_problem_de.c - German problem details: every German wording takes
 * the conversions of its English format in the same order, every literal
 * detail format in api/ and db/ has one, and Accept-Language is read by
 * preference. */
#include "harness.h"
#include "problem.h"
#include "problem_de.h"
#include "req.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The conversions of a printf format, e.g. "%s%zu%d", into out. */
static void conversions(const char *fmt, char *out, size_t n)
{
    size_t k = 0;
    for (const char *p = fmt; *p && k + 4 < n; p++) {
        if (*p != '%')
            continue;
        if (p[1] == '%') {
            p++;
            continue;
        }
        out[k++] = '%';
        while (*++p && strchr("-+ #0123456789.hlzjt", *p))
            out[k++] = *p;
        out[k++] = *p;
    }
    out[k] = '\0';
}

START_TEST(german_wordings_take_the_same_conversions)
{
    const char *en, *de;
    size_t i = 0;
    for (; problem_detail_pair(i, &en, &de); i++) {
        char a[64], b[64];
        conversions(en, a, sizeof a);
        conversions(de, b, sizeof b);
        ck_assert_msg(strcmp(a, b) == 0, "\"%s\" (%s) vs \"%s\" (%s)", en, a, de, b);
    }
    ck_assert_uint_gt(i, 100);
}
END_TEST

/* Appends to out the unescaped adjacent string literals at *p (advanced
 * past them); 0 when no literal starts there or a macro follows them. */
static int literals(const char **p, char *out, size_t n)
{
    const char *s = *p;
    size_t k = 0;
    while (*s == ' ' || *s == '\n')
        s++;
    if (*s != '"')
        return 0;
    while (*s == '"') {
        for (s++; *s && *s != '"'; s++) {
            if (*s == '\\' && s[1])
                s++;
            if (k + 1 < n)
                out[k++] = *s;
        }
        s++;
        while (*s == ' ' || *s == '\n')
            s++;
    }
    out[k] = '\0';
    *p = s;
    return *s == ',' || *s == ')' || *s == ';';
}

/* The comma that ends the call argument starting at s (commas inside
 * parentheses and string literals do not count); NULL at the call's end. */
static const char *end_of_arg(const char *s)
{
    int depth = 0;
    for (; *s; s++) {
        if (*s == '"') {
            for (s++; *s && *s != '"'; s++)
                if (*s == '\\' && s[1])
                    s++;
        } else if (*s == '(') {
            depth++;
        } else if (*s == ')') {
            if (depth-- == 0)
                return NULL;
        } else if (*s == ',' && depth == 0) {
            return s;
        }
    }
    return NULL;
}

/* Checks every literal detail of fail_req and case_deny in the .c files of dir. */
static int check_dir(const char *dir)
{
    DIR *d = opendir(dir);
    ck_assert_ptr_nonnull(d);
    struct dirent *e;
    int checked = 0;
    while ((e = readdir(d)) != NULL) {
        size_t len = strlen(e->d_name);
        if (len < 3 || strcmp(e->d_name + len - 2, ".c") != 0 || strcmp(e->d_name, "problem_de.c") == 0)
            continue;
        char path[512];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        FILE *f = fopen(path, "r");
        ck_assert_ptr_nonnull(f);
        static char text[1 << 20];
        size_t n = fread(text, 1, sizeof text - 1, f);
        text[n] = '\0';
        fclose(f);
        /* the detail follows the error code; a field error's message its
         * pointer; an authentication failure is the literal set as why */
        const char *calls[] = {"fail_req(", "case_deny(", "add_field_error(", "*why = "};
        for (int c = 0; c < 4; c++) {
            for (const char *p = strstr(text, calls[c]); p; p = strstr(p + 1, calls[c])) {
                const char *close = strchr(p, ';'), *q;
                if (c == 3) {
                    q = p + strlen(calls[c]) - 1;
                } else if (c == 2) {
                    q = end_of_arg(p + strlen(calls[c])); /* r, pointer, message */
                    q = q ? end_of_arg(q + 1) : NULL;
                    if (q == NULL || (close && q > close))
                        continue;
                } else {
                    const char *err = strstr(p, "ERR_");
                    if (err == NULL || (close && err > close))
                        continue;
                    q = strchr(err, ',');
                }
                if (q == NULL)
                    continue;
                q++;
                char fmt[1024];
                if (!literals(&q, fmt, sizeof fmt))
                    continue;
                if (strcmp(fmt, "%s") != 0)
                    ck_assert_msg(problem_detail_de(fmt) != NULL, "%s: no German wording for \"%s\"",
                                  path, fmt);
                checked++;
            }
        }
    }
    closedir(d);
    return checked;
}

START_TEST(every_detail_has_a_german_wording)
{
    int n = check_dir("api") + check_dir("db");
    ck_assert_int_gt(n, 100);
}
END_TEST

START_TEST(accept_language_by_preference)
{
    ck_assert(prefers_german("de"));
    ck_assert(prefers_german("de-DE,de;q=0.9,en;q=0.8"));
    ck_assert(prefers_german("en;q=0.5, de-AT"));
    ck_assert(!prefers_german("en, de;q=0.5"));
    ck_assert(!prefers_german("fr"));
    ck_assert(!prefers_german("dez"));
    ck_assert(!prefers_german(""));
    ck_assert(!prefers_german(NULL));
}
END_TEST

/* The database layer knows no HTTP: no file under db/ includes a header
 * of api/ (api/store.c runs db/ for a request). */
START_TEST(db_includes_no_api_header)
{
    DIR *d = opendir("db");
    ck_assert_ptr_nonnull(d);
    struct dirent *e;
    int files = 0;
    while ((e = readdir(d)) != NULL) {
        size_t len = strlen(e->d_name);
        if (len < 3 || (strcmp(e->d_name + len - 2, ".c") != 0 && strcmp(e->d_name + len - 2, ".h") != 0))
            continue;
        char path[512], line[512];
        snprintf(path, sizeof path, "db/%s", e->d_name);
        FILE *f = fopen(path, "r");
        ck_assert_ptr_nonnull(f);
        files++;
        while (fgets(line, sizeof line, f)) {
            char name[256];
            if (sscanf(line, "#include \"%255[^\"]\"", name) != 1)
                continue;
            char api[300], own[300];
            snprintf(api, sizeof api, "api/%s", name);
            snprintf(own, sizeof own, "db/%s", name);
            FILE *h = fopen(api, "r");
            int in_api = h != NULL;
            if (h)
                fclose(h);
            h = fopen(own, "r");
            int in_db = h != NULL;
            if (h)
                fclose(h);
            ck_assert_msg(!in_api || in_db, "%s includes %s, a header of api/", path, name);
        }
        fclose(f);
    }
    closedir(d);
    ck_assert_int_gt(files, 40);
}
END_TEST

/* An internal error's detail (what went wrong inside) never reaches the
 * client: the body carries a generic one, in German too. */
START_TEST(internal_details_are_not_sent)
{
    for (int german = 0; german < 2; german++) {
        json_t *b = problem_body(ERR_INTERNAL, "query returned no json column", "/v1/x", "rid", NULL, german);
        const char *d = json_string_value(json_object_get(b, "detail"));
        ck_assert_ptr_null(strstr(d, "json column"));
        ck_assert_str_eq(d, german ? "Ein interner Fehler ist aufgetreten; nennen Sie die request_id"
                                   : "an internal error occurred; quote the request id");
        json_decref(b);
    }
}
END_TEST

Suite *suite_problem_de(void)
{
    Suite *s = suite_create("problem_de");
    TCase *tc = tcase_create("problem_de");
    tcase_add_test(tc, german_wordings_take_the_same_conversions);
    tcase_add_test(tc, every_detail_has_a_german_wording);
    tcase_add_test(tc, accept_language_by_preference);
    tcase_add_test(tc, internal_details_are_not_sent);
    tcase_add_test(tc, db_includes_no_api_header);
    suite_add_tcase(s, tc);
    return s;
}
