/* test_municipalities.c - CRUD by AGS, keyset pagination, conditional writes. */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

START_TEST(pagination_walks_every_item_once)
{
    char *t = demo_token("demo-caritas");
    char path[512] = "/v1/municipalities?limit=2";
    int seen = 0, pages = 0;
    char last[16] = "";
    for (;;) {
        http_resp_t *r = http("GET", path, t, NULL, NULL);
        ck_assert_int_eq(r->status, 200);
        json_t *items = json_object_get(r->json, "items");
        size_t i;
        json_t *it;
        json_array_foreach(items, i, it) {
            const char *ags = json_string_value(json_object_get(it, "ags"));
            ck_assert_msg(strcmp(ags, last) > 0, "order broken at %s", ags);
            snprintf(last, sizeof last, "%s", ags);
            seen++;
        }
        pages++;
        const char *next = jstr(r, "next_cursor");
        char *link = resp_header_value(r, "Link");
        if (next == NULL) {
            ck_assert_ptr_null(link);
            http_free(r);
            break;
        }
        ck_assert_ptr_nonnull(link);
        ck_assert_ptr_nonnull(strstr(link, "rel=\"next\""));
        ck_assert_ptr_nonnull(strstr(link, "limit=2"));
        snprintf(path, sizeof path, "/v1/municipalities?limit=2&cursor=%s", next);
        ck_assert_ptr_nonnull(strstr(link, next));
        free(link);
        http_free(r);
    }
    char *count = sql_super("SELECT count(*) FROM municipalities WHERE network_id = '" RBK_NETWORK "'");
    ck_assert_int_eq(seen, atoi(count));
    ck_assert_int_ge(pages, 3);
    free(count);
    http_resp_t *r = http("GET", "/v1/municipalities?limit=0", t, NULL, NULL);
    ck_assert_int_eq(r->status, 400);
    http_free(r);
    r = http("GET", "/v1/municipalities?limit=501", t, NULL, NULL);
    ck_assert_int_eq(r->status, 400);
    http_free(r);
    r = http("GET", "/v1/municipalities?cursor=***", t, NULL, NULL);
    ck_assert_int_eq(r->status, 400);
    http_free(r);
    r = http("GET", "/v1/municipalities?updated_since=yesterday", t, NULL, NULL);
    ck_assert_int_eq(r->status, 400);
    http_free(r);
    r = http("GET", "/v1/municipalities?updated_since=2999-01-01T00:00:00Z", t, NULL, NULL);
    ck_assert_int_eq(r->status, 200);
    ck_assert_uint_eq(json_array_size(json_object_get(r->json, "items")), 0);
    http_free(r);
    free(t);
}
END_TEST

START_TEST(create_update_delete)
{
    char *t = demo_token("demo-coordinator");
    http_resp_t *r = http("POST", "/v1/municipalities", t, "{\"ags\":\"05378020\",\"name\":\"Odenthal\"}", NULL);
    ck_assert_int_eq(r->status, 201);
    char *loc = resp_header_value(r, "Location");
    ck_assert_str_eq(loc, "/v1/municipalities/05378020");
    free(loc);
    char *etag = resp_header_value(r, "ETag");
    ck_assert_str_eq(etag, "\"v1\"");
    http_free(r);
    r = http("POST", "/v1/municipalities", t, "{\"ags\":\"05378020\",\"name\":\"Odenthal\"}", NULL);
    ck_assert_int_eq(r->status, 409);
    http_free(r);
    r = http("POST", "/v1/municipalities", t, "{\"ags\":\"5378020\",\"name\":\"Kurz\"}", NULL);
    ck_assert_int_eq(r->status, 400);
    http_free(r);

    r = http("PATCH", "/v1/municipalities/05378020", t, "{\"name\":\"Odenthal (Bergisches Land)\"}", NULL);
    ck_assert_int_eq(r->status, 428);
    http_free(r);
    const char *stale[] = {"If-Match: \"v7\"", NULL};
    r = http("PATCH", "/v1/municipalities/05378020", t, "{\"name\":\"x\"}", stale);
    ck_assert_int_eq(r->status, 412);
    http_free(r);
    const char *cur[] = {"If-Match: \"v1\"", NULL};
    r = http_to(g_base, "PATCH", "/v1/municipalities/05378020", t, "application/merge-patch+json",
                "{\"name\":\"Odenthal (Bergisches Land)\"}", 0, cur);
    ck_assert_int_eq(r->status, 200);
    ck_assert_str_eq(jstr(r, "name"), "Odenthal (Bergisches Land)");
    free(etag);
    etag = resp_header_value(r, "ETag");
    ck_assert_str_eq(etag, "\"v2\"");
    http_free(r);
    r = http("DELETE", "/v1/municipalities/05378020", t, NULL, cur);
    ck_assert_int_eq(r->status, 412);
    http_free(r);
    const char *v2[] = {"If-Match: \"v2\"", NULL};
    r = http("DELETE", "/v1/municipalities/05378020", t, NULL, v2);
    ck_assert_int_eq(r->status, 204);
    http_free(r);
    r = http("GET", "/v1/municipalities/05378020", t, NULL, NULL);
    ck_assert_int_eq(r->status, 404);
    http_free(r);
    /* a municipality an agency refers to cannot be deleted */
    const char *any[] = {"If-Match: *", NULL};
    r = http("DELETE", "/v1/municipalities/05378004", t, NULL, any);
    ck_assert_int_eq(r->status, 422);
    http_free(r);
    char *types = sql_super("SELECT string_agg(type, ',' ORDER BY id) FROM events WHERE resource_id = '05378020'");
    ck_assert_str_eq(types, "municipality.created,municipality.updated,municipality.deleted");
    free(types);
    free(etag);
    free(t);
}
END_TEST

Suite *suite_municipalities(void)
{
    Suite *s = suite_create("municipalities");
    TCase *tc = tcase_create("municipalities");
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, pagination_walks_every_item_once);
    tcase_add_test(tc, create_update_delete);
    suite_add_tcase(s, tc);
    return s;
}
