/* json_in.c - body parsing with limits and declarative field checks. */
#include "json_in.h"
#include "config.h"

#include <string.h>

int json_depth_ok(const char *s, size_t len, int max_depth)
{
    int depth = 0, in_string = 0;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (in_string) {
            if (c == '\\')
                i++;
            else if (c == '"')
                in_string = 0;
        } else if (c == '"') {
            in_string = 1;
        } else if (c == '{' || c == '[') {
            if (++depth > max_depth)
                return 0;
        } else if (c == '}' || c == ']') {
            depth--;
        }
    }
    return 1;
}

static int media_type_is(const char *ct, const char *want)
{
    size_t n = strlen(want);
    if (ct == NULL || strncasecmp(ct, want, n) != 0)
        return 0;
    return ct[n] == '\0' || ct[n] == ';' || ct[n] == ' ';
}

json_t *body_object(req_t *r, int merge_patch)
{
    const char *ct = req_header(r, "Content-Type");
    if (!media_type_is(ct, "application/json") &&
        !(merge_patch && media_type_is(ct, "application/merge-patch+json"))) {
        fail_req(r, ERR_UNSUPPORTED_MEDIA, "send the body as %s",
             merge_patch ? "application/merge-patch+json or application/json"
                         : "application/json");
        return NULL;
    }
    if (r->body == NULL || r->body_len == 0) {
        fail_req(r, ERR_BAD_REQUEST, "a JSON object body is required");
        return NULL;
    }
    if (!json_depth_ok(r->body, r->body_len, g_config.json_max_depth)) {
        fail_req(r, ERR_BAD_REQUEST, "the JSON nests deeper than %d levels", g_config.json_max_depth);
        return NULL;
    }
    json_error_t jerr;
    json_t *v = json_loadb(r->body, r->body_len, JSON_REJECT_DUPLICATES, &jerr);
    if (v == NULL) {
        fail_req(r, ERR_BAD_REQUEST, "the body is not valid JSON: %s (line %d, column %d)",
             jerr.text, jerr.line, jerr.column);
        return NULL;
    }
    arena_defer(r->arena, (void (*)(void *))json_decref, v);
    if (!json_is_object(v)) {
        fail_req(r, ERR_BAD_REQUEST, "the body must be a JSON object");
        return NULL;
    }
    return v;
}

size_t utf8_length(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        if (((unsigned char)*s & 0xC0) != 0x80)
            n++;
    return n;
}

static const field_spec_t *find_spec(const field_spec_t *specs, const char *name)
{
    for (; specs->name; specs++)
        if (strcmp(specs->name, name) == 0)
            return specs;
    return NULL;
}

static int in_values(const char *const *values, const char *s)
{
    for (; *values; values++)
        if (strcmp(*values, s) == 0)
            return 1;
    return 0;
}

static void check_string(req_t *r, const field_spec_t *f, const char *ptr, const char *s)
{
    size_t len = utf8_length(s);
    int max = f->max > 0 ? f->max : g_config.max_string;
    if ((int)len < f->min)
        add_field_error(r, ptr, "must have at least %d characters", f->min);
    else if (len > (size_t)max)
        add_field_error(r, ptr, "must have at most %d characters", max);
    else if (f->check && !f->check(s))
        add_field_error(r, ptr, "%s", f->check_msg ? f->check_msg : "has the wrong format");
}

static void check_field(req_t *r, const field_spec_t *f, json_t *v)
{
    char ptr[160];
    snprintf(ptr, sizeof ptr, "/%s", f->name);
    if (json_is_null(v)) {
        if (!(f->flags & F_NULLABLE))
            add_field_error(r, ptr, "must not be null");
        return;
    }
    switch (f->type) {
    case FT_STRING:
        if (!json_is_string(v))
            add_field_error(r, ptr, "must be a string");
        else
            check_string(r, f, ptr, json_string_value(v));
        break;
    case FT_UUID:
        if (!json_is_string(v) || !is_uuid(json_string_value(v)))
            add_field_error(r, ptr, "must be a UUID string");
        break;
    case FT_BOOL:
        if (!json_is_boolean(v))
            add_field_error(r, ptr, "must be true or false");
        break;
    case FT_INT:
        if (!json_is_integer(v))
            add_field_error(r, ptr, "must be an integer");
        else if (json_integer_value(v) < f->min || json_integer_value(v) > f->max)
            add_field_error(r, ptr, "must be from %d to %d", f->min, f->max);
        break;
    case FT_ENUM:
        if (!json_is_string(v) || !in_values(f->values, json_string_value(v)))
            add_field_error(r, ptr, "must be one of the documented values");
        break;
    case FT_ENUM_ARRAY: {
        if (!json_is_array(v)) {
            add_field_error(r, ptr, "must be an array");
            break;
        }
        size_t n = json_array_size(v);
        if ((int)n < f->min || (f->max > 0 && (int)n > f->max))
            add_field_error(r, ptr, "must have from %d to %d items", f->min, f->max);
        size_t i;
        json_t *item;
        json_array_foreach(v, i, item) {
            if (!json_is_string(item) || !in_values(f->values, json_string_value(item))) {
                char ip[200];
                snprintf(ip, sizeof ip, "%s/%zu", ptr, i);
                add_field_error(r, ip, "must be one of the documented values");
            }
            for (size_t j = 0; j < i; j++)
                if (json_equal(json_array_get(v, j), item)) {
                    char ip[200];
                    snprintf(ip, sizeof ip, "%s/%zu", ptr, i);
                    add_field_error(r, ip, "is repeated");
                    break;
                }
        }
        break;
    }
    }
}

/* JSON Pointer escaping of a member name (~ and /). */
static void pointer_for(const char *key, char *out, size_t outlen)
{
    size_t o = 0;
    if (outlen < 4)
        return;
    out[o++] = '/';
    for (const char *k = key; *k && o + 3 < outlen; k++) {
        if (*k == '~') {
            out[o++] = '~';
            out[o++] = '0';
        } else if (*k == '/') {
            out[o++] = '~';
            out[o++] = '1';
        } else {
            out[o++] = *k;
        }
    }
    out[o] = '\0';
}

int body_validate(req_t *r, json_t *obj, const field_spec_t *specs, int patch)
{
    const char *key;
    json_t *v;
    json_object_foreach(obj, key, v) {
        const field_spec_t *f = find_spec(specs, key);
        if (f == NULL) {
            char ptr[160];
            pointer_for(key, ptr, sizeof ptr);
            add_field_error(r, ptr, "is not a known or writable field");
            continue;
        }
        check_field(r, f, v);
    }
    if (!patch)
        for (const field_spec_t *f = specs; f->name; f++)
            if ((f->flags & F_REQUIRED) && json_object_get(obj, f->name) == NULL) {
                char ptr[160];
                snprintf(ptr, sizeof ptr, "/%s", f->name);
                add_field_error(r, ptr, "is required");
            }
    if (r->err_errors && json_array_size(r->err_errors) > 0)
        return fail_req(r, ERR_VALIDATION, "%zu field(s) are invalid; see errors",
                    json_array_size(r->err_errors));
    return 0;
}

int is_ags(const char *s)
{
    return s && strlen(s) == 8 && strspn(s, "0123456789") == 8;
}
