/* test_agencies.c - agencies: create, read, filter, merge patch, events. */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

START_TEST(create_read_patch_with_events)
{
    char *t = demo_token("demo-coordinator");
    http_resp_t *r = http("POST", "/v1/agencies", t,
                          "{\"name\":\"Volkshochschule Bergisch Gladbach\",\"kind\":\"school\","
                          "\"municipality_ags\":\"05378004\",\"email\":\"vhs@demo.invalid\"}", NULL);
    ck_assert_int_eq(r->status, 201);
    char id[40];
    strcpy(id, jstr(r, "id"));
    ck_assert_str_eq(jstr(r, "network_id"), RBK_NETWORK);
    ck_assert_ptr_nonnull(strstr(jstr(r, "created_at"), "Z"));
    http_free(r);

    char path[128];
    snprintf(path, sizeof path, "/v1/agencies/%s", id);
    char *caritas = demo_token("demo-caritas");
    r = http("GET", path, caritas, NULL, NULL);
    ck_assert_int_eq(r->status, 200);
    ck_assert_str_eq(jstr(r, "email"), "vhs@demo.invalid");
    http_free(r);

    const char *v1[] = {"If-Match: \"v1\"", NULL};
    r = http("PATCH", path, t, "{\"email\":null,\"active\":false,\"phone\":\"02202 1234\"}", v1);
    ck_assert_int_eq(r->status, 200);
    ck_assert(json_is_null(json_object_get(r->json, "email")));
    ck_assert(json_is_false(json_object_get(r->json, "active")));
    ck_assert_str_eq(jstr(r, "phone"), "02202 1234");
    ck_assert_str_eq(jstr(r, "name"), "Volkshochschule Bergisch Gladbach");
    http_free(r);

    r = http("PATCH", path, t, "{\"municipality_ags\":\"99999999\"}", (const char *[]){"If-Match: *", NULL});
    ck_assert_int_eq(r->status, 422);
    http_free(r);

    r = http("GET", "/v1/agencies?active=false&kind=school", caritas, NULL, NULL);
    ck_assert_int_eq(r->status, 200);
    int found = 0;
    size_t i;
    json_t *it;
    json_array_foreach(json_object_get(r->json, "items"), i, it) {
        ck_assert_str_eq(json_string_value(json_object_get(it, "kind")), "school");
        found |= strcmp(json_string_value(json_object_get(it, "id")), id) == 0;
    }
    ck_assert(found);
    http_free(r);
    r = http("GET", "/v1/agencies?kind=castle", caritas, NULL, NULL);
    ck_assert_int_eq(r->status, 400);
    http_free(r);

    char sql[256];
    snprintf(sql, sizeof sql,
             "SELECT string_agg(type || '/' || actor_sub || '/' || network_id, ',' ORDER BY id) "
             "FROM events WHERE resource_id = '%s'", id);
    char *ev = sql_super(sql);
    ck_assert_str_eq(ev, "agency.created/client:demo-coordinator/" RBK_NETWORK
                         ",agency.updated/client:demo-coordinator/" RBK_NETWORK);
    free(ev);
    free(caritas);
    free(t);
}
END_TEST

START_TEST(failed_write_leaves_no_event)
{
    char *t = demo_token("demo-coordinator");
    char *before = sql_super("SELECT count(*) FROM events");
    http_resp_t *r = http("POST", "/v1/agencies", t,
                          "{\"name\":\"Jobcenter Rhein-Berg\",\"kind\":\"jobcenter\"}", NULL);
    ck_assert_int_eq(r->status, 409);
    http_free(r);
    char *after = sql_super("SELECT count(*) FROM events");
    ck_assert_str_eq(before, after);
    free(before);
    free(after);
    free(t);
}
END_TEST

Suite *suite_agencies(void)
{
    Suite *s = suite_create("agencies");
    TCase *tc = tcase_create("agencies");
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, create_read_patch_with_events);
    tcase_add_test(tc, failed_write_leaves_no_event);
    suite_add_tcase(s, tc);
    return s;
}
