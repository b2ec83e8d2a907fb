/* test_json_in.c - depth scanning and declarative field validation. */
#include "config.h"
#include "harness.h"
#include "json_in.h"

#include <string.h>

START_TEST(depth_limit_counts_only_structure)
{
    ck_assert_int_eq(json_depth_ok("{\"a\":[[1]]}", 11, 3), 1);
    ck_assert_int_eq(json_depth_ok("{\"a\":[[1]]}", 11, 2), 0);
    /* brackets inside strings and escaped quotes do not count */
    const char *s = "{\"a\":\"[[[[\\\"[[[[\"}";
    ck_assert_int_eq(json_depth_ok(s, strlen(s), 1), 1);
    char deep[2001];
    memset(deep, '[', 1000);
    memset(deep + 1000, ']', 1000);
    deep[2000] = '\0';
    ck_assert_int_eq(json_depth_ok(deep, 2000, 32), 0);
}
END_TEST

static const char *const COLORS[] = {"red", "green", NULL};
static const field_spec_t SPEC[] = {
    FIELD_STR("name", F_REQUIRED, 1, 5),
    FIELD_ENUM("color", 0, COLORS),
    FIELD_ENUMS("tags", 0, 1, 2, COLORS),
    FIELD_BOOL("on", F_NULLABLE),
    FIELD_INT("n", 0, 1, 9),
    FIELD_UUID("id", 0),
    FIELD_END,
};

/* Validates text and returns the JSON of the field errors (caller frees). */
static char *errors_of(const char *text, int patch)
{
    req_t r;
    memset(&r, 0, sizeof r);
    r.arena = arena_new();
    json_t *v = json_loads(text, 0, NULL);
    int rc = body_validate(&r, v, SPEC, patch);
    char *out = rc == 0 ? strdup("ok") : json_dumps(r.err_errors, JSON_COMPACT);
    json_decref(v);
    arena_free(r.arena);
    return out;
}

START_TEST(valid_and_invalid_fields)
{
    g_config.max_string = 100;
    char *e = errors_of("{\"name\":\"ab\",\"color\":\"red\",\"tags\":[\"green\"],\"on\":null,"
                        "\"n\":3,\"id\":\"a0000000-0000-4000-8000-000000000001\"}", 0);
    ck_assert_str_eq(e, "ok");
    free(e);
    e = errors_of("{\"color\":\"blue\",\"x\":1,\"n\":\"3\",\"tags\":[\"red\",\"red\"],"
                  "\"id\":\"nope\",\"name\":\"toolong\"}", 0);
    ck_assert_ptr_nonnull(strstr(e, "\"/color\""));
    ck_assert_ptr_nonnull(strstr(e, "\"/x\""));
    ck_assert_ptr_nonnull(strstr(e, "\"/n\""));
    ck_assert_ptr_nonnull(strstr(e, "\"/tags/1\""));
    ck_assert_ptr_nonnull(strstr(e, "\"/id\""));
    ck_assert_ptr_nonnull(strstr(e, "\"/name\""));
    free(e);
}
END_TEST

START_TEST(required_only_on_create_and_pointer_escaping)
{
    g_config.max_string = 100;
    char *e = errors_of("{}", 0);
    ck_assert_ptr_nonnull(strstr(e, "\"/name\""));
    free(e);
    e = errors_of("{}", 1);
    ck_assert_str_eq(e, "ok");
    free(e);
    e = errors_of("{\"name\":null}", 1);
    ck_assert_ptr_nonnull(strstr(e, "must not be null"));
    free(e);
    e = errors_of("{\"a/b~c\":1}", 1);
    ck_assert_ptr_nonnull(strstr(e, "\"/a~1b~0c\""));
    free(e);
}
END_TEST

static const field_spec_t LANG[] = {
    FIELD_STR("code", F_REQUIRED, 2, 2),
    FIELD_ENUM("level", 0, COLORS),
    FIELD_END,
};
static const field_spec_t PERSON[] = {
    FIELD_DATE("born", F_PAST),
    FIELD_OBJS("langs", 0, 0, 3, LANG),
    FIELD_TIME("seen", F_NULLABLE),
    FIELD_END,
};
static const field_spec_t NESTED[] = {
    FIELD_OBJ("person", 0, PERSON),
    FIELD_END,
};

START_TEST(nested_objects_dates_and_pointers)
{
    req_t r;
    memset(&r, 0, sizeof r);
    r.arena = arena_new();
    json_t *v = json_loads("{\"person\":{\"born\":\"2999-01-01\",\"langs\":[{\"code\":\"ar\"},"
                           "{\"level\":\"red\"},7],\"seen\":\"2026-02-30T10:00:00Z\",\"x\":1}}", 0, NULL);
    ck_assert_int_eq(body_validate(&r, v, NESTED, 0), -1);
    char *e = json_dumps(r.err_errors, JSON_COMPACT);
    ck_assert_ptr_nonnull(strstr(e, "\"/person/born\""));
    ck_assert_ptr_nonnull(strstr(e, "\"/person/langs/1/code\""));
    ck_assert_ptr_nonnull(strstr(e, "\"/person/langs/2\""));
    ck_assert_ptr_nonnull(strstr(e, "\"/person/seen\""));
    ck_assert_ptr_nonnull(strstr(e, "\"/person/x\""));
    ck_assert_ptr_null(strstr(e, "\"/person/langs/0"));
    free(e);
    json_decref(v);
    arena_free(r.arena);
    ck_assert(is_date("2024-02-29"));
    ck_assert(!is_date("2023-02-29"));
    ck_assert(!is_date("2023-1-01"));
    ck_assert(is_timestamp("2026-11-21T10:00:00.123Z"));
    ck_assert(is_timestamp("2026-11-21T10:00:00+01:00"));
    ck_assert(!is_timestamp("2026-11-21 10:00:00Z"));
}
END_TEST

START_TEST(length_counts_characters_not_bytes)
{
    g_config.max_string = 100;
    char *e = errors_of("{\"name\":\"\xc3\xa4\xc3\xb6\xc3\xbc\xc3\x9f\xc3\xa9\"}", 0);
    ck_assert_str_eq(e, "ok");
    free(e);
    ck_assert_uint_eq(utf8_length("R\xc3\xb6srath"), 7);
}
END_TEST

/* Suppression of one breakdown: cells, total, k -> which are hidden. */
Suite *suite_json_in(void)
{
    Suite *s = suite_create("json_in");
    TCase *tc = tcase_create("validate");
    tcase_add_test(tc, depth_limit_counts_only_structure);
    tcase_add_test(tc, valid_and_invalid_fields);
    tcase_add_test(tc, required_only_on_create_and_pointer_escaping);
    tcase_add_test(tc, length_counts_characters_not_bytes);
    tcase_add_test(tc, nested_objects_dates_and_pointers);
    suite_add_tcase(s, tc);
    return s;
}
