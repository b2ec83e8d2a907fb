/* fuzz_json_body.c - libFuzzer: a request body through the depth check,
 * the duplicate-rejecting parser and declarative validation with nested
 * objects, arrays of objects, dates, enums and string formats. */
#include "config.h"
#include "json_in.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const LEVELS[] = {"A1", "B1", "native", NULL};
static const field_spec_t LANG[] = {
    FIELD_STR("code", F_REQUIRED, 2, 2),
    FIELD_ENUM("level", F_REQUIRED, LEVELS),
    FIELD_END,
};
static const field_spec_t PERSON[] = {
    FIELD_STR("first_name", F_NULLABLE, 1, 100),
    FIELD_DATE("birth_date", F_NULLABLE | F_PAST),
    FIELD_OBJS("languages", F_NULLABLE, 0, 20, LANG),
    FIELD_TIME("seen", F_NULLABLE),
    FIELD_END,
};
static const field_spec_t BODY[] = {
    FIELD_ENUM("level", F_REQUIRED, LEVELS),
    FIELD_ENUMS("levels", 0, 0, 3, LEVELS),
    FIELD_STRS("ags", 0, 0, 5, is_ags, "must be an AGS"),
    FIELD_INT("n", 0, -5, 5),
    FIELD_UUID("id", 0),
    FIELD_BOOL("flag", F_NULLABLE),
    FIELD_OBJ("person", 0, PERSON),
    FIELD_END,
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    g_config.max_string = 1000;
    g_config.json_max_depth = 32;
    if (!json_depth_ok((const char *)data, size, 32))
        return 0;
    json_t *v = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, NULL);
    if (v == NULL || !json_is_object(v)) {
        json_decref(v);
        return 0;
    }
    for (int patch = 0; patch < 2; patch++) {
        req_t r;
        memset(&r, 0, sizeof r);
        r.arena = arena_new();
        body_validate(&r, v, BODY, patch);
        arena_free(r.arena);
    }
    json_decref(v);
    return 0;
}
