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
    {"name", FT_STRING, F_REQUIRED, 1, 5, NULL, NULL, NULL},
    {"color", FT_ENUM, 0, 0, 0, COLORS, NULL, NULL},
    {"tags", FT_ENUM_ARRAY, 0, 1, 2, COLORS, NULL, NULL},
    {"on", FT_BOOL, F_NULLABLE, 0, 0, NULL, NULL, NULL},
    {"n", FT_INT, 0, 1, 9, NULL, NULL, NULL},
    {"id", FT_UUID, 0, 0, 0, NULL, NULL, NULL},
    {NULL, 0, 0, 0, 0, NULL, NULL, NULL},
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

START_TEST(length_counts_characters_not_bytes)
{
    g_config.max_string = 100;
    char *e = errors_of("{\"name\":\"\xc3\xa4\xc3\xb6\xc3\xbc\xc3\x9f\xc3\xa9\"}", 0);
    ck_assert_str_eq(e, "ok");
    free(e);
    ck_assert_uint_eq(utf8_length("R\xc3\xb6srath"), 7);
}
END_TEST

Suite *suite_json_in(void)
{
    Suite *s = suite_create("json_in");
    TCase *tc = tcase_create("validate");
    tcase_add_test(tc, depth_limit_counts_only_structure);
    tcase_add_test(tc, valid_and_invalid_fields);
    tcase_add_test(tc, required_only_on_create_and_pointer_escaping);
    tcase_add_test(tc, length_counts_characters_not_bytes);
    suite_add_tcase(s, tc);
    return s;
}
