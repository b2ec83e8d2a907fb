/* test_imports.c - bulk import (issue 23, item 3): a dry run reports each
 * line's errors (line, field) and likely duplicates and stores nothing;
 * the import makes the valid lines' cases as POST /v1/cases does, audited
 * per batch as the job; posting the file again changes nothing (idempotent
 * by the agency's external reference); NDJSON; a bad header or format is a
 * 400 without a job; another agency does not see the job. */
#include "case_fixture.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Posts file as an import (query "format=...&dry_run=..."); waits for the job to end and
 * returns it (the response of its last GET). */
static http_resp_t *import_and_wait(const char *token, const char *query, const char *file)
{
    char path[128];
    snprintf(path, sizeof path, "/v1/imports?%s", query);
    http_resp_t *r = http_to(g_base, "POST", path, token, "text/csv", file, strlen(file), NULL);
    ck_assert_msg(r->status == 202, "%ld %s", r->status, r->body);
    char *loc = resp_header_value(r, "Location");
    http_free(r);
    for (int i = 0; i < 600; i++) {
        r = http("GET", loc, token, NULL, NULL);
        ck_assert_int_eq(r->status, 200);
        if (strcmp(jstr(r, "status"), "running") != 0)
            break;
        http_free(r);
        r = NULL;
        usleep(100000);
    }
    free(loc);
    ck_assert_ptr_nonnull(r);
    return r;
}

static long num(const http_resp_t *r, const char *key)
{
    return (long)json_integer_value(json_object_get(r->json, key));
}

/* The line results of job (JSON array, caller decrefs). */
static json_t *lines_of(const char *token, const char *job)
{
    char path[128];
    snprintf(path, sizeof path, "/v1/imports/%s/lines?limit=500", job);
    http_resp_t *r = http("GET", path, token, NULL, NULL);
    ck_assert_msg(r->status == 200, "%ld %s", r->status, r->body);
    json_t *items = json_incref(json_object_get(r->json, "items"));
    http_free(r);
    return items;
}

static json_t *line_no(json_t *items, long line)
{
    size_t i;
    json_t *it;
    json_array_foreach(items, i, it) if (json_integer_value(json_object_get(it, "line")) == line) return it;
    return NULL;
}

START_TEST(dry_run_then_import_then_again)
{
    char *jc = demo_token("demo-jobcenter"), *car = demo_token("demo-caritas");
    char m[9], file[2048], sql[256];
    random_hex(m, 8);
    /* a case the Jobcenter sees already: line 6 is likely the same person */
    char body[256];
    snprintf(body, sizeof body, "{\"target_group\":\"newly_arrived\",\"person\":{\"first_name\":\"Dara%s\","
             "\"last_name\":\"Imported\",\"birth_date\":\"1979-09-09\"}}", m);
    ck_assert_int_eq(status_of("POST", "/v1/cases", jc, body), 201);
    /* German spreadsheet style: semicolons, a byte order mark, quoted lists, an address over two
     * lines; lines 3 and 4 are wrong, line 7 is empty, line 8 is likely Dara again */
    snprintf(file, sizeof file,
             "\xef\xbb\xbf" "external_reference;target_group;first_name;last_name;birth_date;languages;address;fields_of_action\n"
             "A-%1$s-1;newly_arrived;Amal%1$s;Imported;1990-01-02;\"ar:native;de:A1\";;\"language;employment\"\n"
             "A-%1$s-2;no_such_group;Bilal%1$s;Imported;1991-02-03;;;\n"
             "A-%1$s-3;eu_migrant;Chiara%1$s;Imported;1992-13-45;;;\n"
             "A-%1$s-4;recognised_refugee;Duc%1$s;Imported;1993-04-05;;\"Hauptstr. 1; Hinterhaus\n51465 Bergisch Gladbach\";\n"
             "\n"
             "A-%1$s-5;newly_arrived;Dara%1$s;Imported;1979-09-09;;;\n",
             m);
    http_resp_t *job = import_and_wait(jc, "format=csv&dry_run=true", file);
    ck_assert_str_eq(jstr(job, "status"), "done");
    ck_assert(json_is_true(json_object_get(job->json, "dry_run")));
    ck_assert_int_eq(num(job, "lines_total"), 5);
    ck_assert_int_eq(num(job, "lines_done"), 5);
    ck_assert_int_eq(num(job, "failed"), 2);
    ck_assert_int_eq(num(job, "imported"), 3);
    ck_assert_int_ge(num(job, "likely_duplicates"), 1);
    char id[40];
    snprintf(id, sizeof id, "%s", jstr(job, "id"));
    http_free(job);
    json_t *lines = lines_of(jc, id);
    ck_assert_int_eq(json_array_size(lines), 5);
    json_t *l3 = line_no(lines, 3), *l4 = line_no(lines, 4), *l8 = line_no(lines, 8);
    ck_assert_msg(l3 && l4 && l8, "%s", json_dumps(lines, 0));
    ck_assert_str_eq(json_string_value(json_object_get(l3, "status")), "failed");
    ck_assert_str_eq(json_string_value(json_object_get(json_array_get(json_object_get(l3, "errors"), 0), "field")),
                     "/target_group");
    ck_assert_str_eq(json_string_value(json_object_get(json_array_get(json_object_get(l4, "errors"), 0), "field")),
                     "/person/birth_date");
    ck_assert_str_eq(json_string_value(json_object_get(l8, "status")), "valid");
    ck_assert_int_ge(json_array_size(json_object_get(l8, "likely_duplicates")), 1);
    json_decref(lines);
    snprintf(sql, sizeof sql, "SELECT count(*) FROM cases WHERE external_reference LIKE 'A-%s-%%'", m);
    char *n = sql_super(sql);
    ck_assert_str_eq(n, "0"); /* a dry run stores no case */
    free(n);

    /* the import: three cases, audited as the job, each with its case.created */
    job = import_and_wait(jc, "format=csv", file);
    ck_assert_str_eq(jstr(job, "status"), "done");
    ck_assert_int_eq(num(job, "imported"), 3);
    ck_assert_int_eq(num(job, "failed"), 2);
    snprintf(id, sizeof id, "%s", jstr(job, "id"));
    http_free(job);
    n = sql_super(sql);
    ck_assert_str_eq(n, "3");
    free(n);
    snprintf(sql, sizeof sql, "SELECT coalesce(sum(cardinality(case_ids)), 0) FROM audit_log WHERE request_id = 'import-%s' "
             "AND action = 'case.import'", id);
    n = sql_super(sql);
    ck_assert_str_eq(n, "3");
    free(n);
    snprintf(sql, sizeof sql, "SELECT count(*) FROM events WHERE request_id = 'import-%s' AND type = 'case.created'", id);
    n = sql_super(sql);
    ck_assert_str_eq(n, "3");
    free(n);
    /* the address kept its line break; the lead sees its file number */
    snprintf(sql, sizeof sql, "SELECT id FROM cases WHERE external_reference = 'A-%s-4'", m);
    char *c4 = sql_one(sql), path[96];
    snprintf(path, sizeof path, "/v1/cases/%s", c4);
    http_resp_t *r = http("GET", path, jc, NULL, NULL);
    ck_assert_msg(strstr(r->body, "Hinterhaus\\n51465"), "%s", r->body);
    ck_assert_msg(strstr(r->body, "\"external_reference\" : \"A-"), "%s", r->body);
    http_free(r);
    free(c4);
    /* another agency does not see the job */
    char p[96];
    snprintf(p, sizeof p, "/v1/imports/%s", id);
    ck_assert_int_eq(status_of("GET", p, car, NULL), 404);

    /* the same file again: nothing new */
    job = import_and_wait(jc, "format=csv", file);
    ck_assert_int_eq(num(job, "imported"), 0);
    ck_assert_int_eq(num(job, "unchanged"), 3);
    ck_assert_int_eq(num(job, "failed"), 2);
    http_free(job);
    snprintf(sql, sizeof sql, "SELECT count(*) FROM cases WHERE external_reference LIKE 'A-%s-%%'", m);
    n = sql_super(sql);
    ck_assert_str_eq(n, "3");
    free(n);
    free(jc);
    free(car);
}
END_TEST

START_TEST(ndjson_and_bad_input)
{
    char *jc = demo_token("demo-jobcenter");
    char m[9], file[1024];
    random_hex(m, 8);
    snprintf(file, sizeof file,
             "{\"external_reference\":\"N-%1$s-1\",\"target_group\":\"newly_arrived\",\"person\":{\"first_name\":\"Nadia%1$s\"}}\n"
             "{\"external_reference\":\"N-%1$s-2\",\"target_group\":\n"
             "[1,2]\n", m);
    http_resp_t *job = import_and_wait(jc, "format=ndjson", file);
    ck_assert_str_eq(jstr(job, "status"), "done");
    ck_assert_int_eq(num(job, "imported"), 1);
    ck_assert_int_eq(num(job, "failed"), 2);
    http_free(job);
    /* no job for a bad header, a missing format, an empty file */
    char sql[160];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM import_jobs");
    char *before = sql_super(sql);
    const char *bad[][2] = {{"format=csv", "name;target_group\nx;newly_arrived\n"},
                            {"format=csv", "first_name\nx\n"},
                            {"format=xml", "target_group\nnewly_arrived\n"},
                            {"dry_run=true", "target_group\nnewly_arrived\n"},
                            {"format=csv", ""}};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char path[96];
        snprintf(path, sizeof path, "/v1/imports?%s", bad[i][0]);
        http_resp_t *r = http_to(g_base, "POST", path, jc, "text/csv", bad[i][1], strlen(bad[i][1]), NULL);
        ck_assert_msg(r->status == 400, "%zu: %ld %s", i, r->status, r->body);
        http_free(r);
    }
    char *after = sql_super(sql);
    ck_assert_str_eq(before, after);
    free(before);
    free(after);
    free(jc);
}
END_TEST

Suite *suite_imports(void)
{
    Suite *s = suite_create("imports");
    TCase *tc = tcase_create("imports");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, dry_run_then_import_then_again);
    tcase_add_test(tc, ndjson_and_bad_input);
    suite_add_tcase(s, tc);
    return s;
}
