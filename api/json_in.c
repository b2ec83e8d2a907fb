/* json_in.c - body parsing with limits and declarative field checks. */
#include "json_in.h"
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

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
    if (r->body_json) /* parsed already (the dispatcher reads a case_id from it) */
        return r->body_json;
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
    r->body_json = v;
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

int has_forbidden_chars(const char *s, int multiline)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p < 0x20 && !(multiline && (*p == '\t' || *p == '\n' || *p == '\r')))
            return 1;
        if (*p == 0x7f)
            return 1;
        if (multiline)
            continue;
        if (p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f) /* C1: U+0080-U+009F */
            return 1;
        if (p[0] == 0xe2 && p[1] == 0x80 && ((p[2] >= 0xaa && p[2] <= 0xae) || /* U+202A-U+202E */
                                             p[2] == 0x8b || p[2] == 0x8e ||   /* U+200B, U+200E, */
                                             p[2] == 0x8f ||                   /* U+200F */
                                             p[2] == 0xa8 || p[2] == 0xa9))     /* U+2028, U+2029 */
            return 1;
        if ((p[0] == 0xd8 && p[1] == 0x9c) || (p[0] == 0xef && p[1] == 0xbb && p[2] == 0xbf))
            return 1; /* U+061C Arabic letter mark, U+FEFF */
        if (p[0] == 0xe2 && p[1] == 0x81 && p[2] >= 0xa6 && p[2] <= 0xa9) /* U+2066-U+2069 */
            return 1;
    }
    return 0;
}

int is_https_url(const char *s)
{
    if (s == NULL || strncmp(s, "https://", 8) != 0 || s[8] == '\0' || s[8] == '/' ||
        has_forbidden_chars(s, 0))
        return 0;
    for (const char *p = s; *p; p++)
        if (*p == ' ' || *p == '"' || *p == '<' || *p == '>' || *p == '\\')
            return 0;
    return 1;
}

static void check_string(req_t *r, const field_spec_t *f, const char *ptr, const char *s)
{
    size_t len = utf8_length(s);
    int max = f->max > 0 ? f->max : g_config.max_string;
    if ((int)len < f->min)
        add_field_error(r, ptr, "must have at least %d characters", f->min);
    else if (len > (size_t)max)
        add_field_error(r, ptr, "must have at most %d characters", max);
    else if ((f->flags & F_MULTILINE) && has_forbidden_chars(s, 1))
        add_field_error(r, ptr, "must not contain control characters other than line breaks and tabs");
    else if (!(f->flags & F_MULTILINE) && has_forbidden_chars(s, 0))
        add_field_error(r, ptr, "must be one line without control characters or bidirectional controls");
    else if (f->check && !f->check(s))
        add_field_error(r, ptr, "%s", f->check_msg ? f->check_msg : "has the wrong format");
}

int is_country(const char *s)
{
    return s && strlen(s) == 2 && strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") == 2;
}

int is_date(const char *s)
{
    int y, m, d;
    char tail;
    if (s == NULL || strlen(s) != 10 || sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 ||
        s[4] != '-' || s[7] != '-' || strspn(s, "0123456789-") != 10)
        return 0;
    static const int DAYS[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1 || d > DAYS[m - 1])
        return 0;
    return !(m == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0));
}

int is_timestamp(const char *s)
{
    size_t n = s ? strlen(s) : 0;
    if (n < 20 || n > 35 || !is_date((char[11]){s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7], s[8], s[9], 0}))
        return 0;
    int h, mi, sec;
    if (s[10] != 'T' || sscanf(s + 11, "%2d:%2d:%2d", &h, &mi, &sec) != 3 || s[13] != ':' ||
        s[16] != ':' || h > 23 || mi > 59 || sec > 60)
        return 0;
    const char *p = s + 19;
    if (*p == '.') {
        p++;
        size_t digits = strspn(p, "0123456789");
        if (digits == 0 || digits > 9)
            return 0;
        p += digits;
    }
    if (strcmp(p, "Z") == 0)
        return 1;
    return (p[0] == '+' || p[0] == '-') && strlen(p) == 6 && p[3] == ':' &&
           strspn(p + 1, "0123456789:") == 5;
}

/* Is the date or timestamp s later than now (UTC)? Compares the date part. */
static int in_future(const char *s)
{
    char today[11];
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(today, sizeof today, "%Y-%m-%d", &tm);
    return strncmp(s, today, 10) > 0;
}

static void validate_object(req_t *r, json_t *obj, const field_spec_t *specs, int patch,
                            const char *prefix);

static void check_field(req_t *r, const field_spec_t *f, json_t *v, const char *ptr, int patch)
{
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
    case FT_DATE:
    case FT_TIMESTAMP: {
        const char *s = json_string_value(v);
        int ok = f->type == FT_DATE ? is_date(s) : is_timestamp(s);
        if (!ok)
            add_field_error(r, ptr, f->type == FT_DATE ? "must be a date YYYY-MM-DD"
                                                       : "must be an RFC 3339 date-time");
        else if ((f->flags & F_PAST) && in_future(s))
            add_field_error(r, ptr, "must not be in the future");
        break;
    }
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
    case FT_OBJECT:
        if (!json_is_object(v))
            add_field_error(r, ptr, "must be an object");
        else
            validate_object(r, v, f->nested, patch, ptr);
        break;
    case FT_ENUM_ARRAY:
    case FT_OBJECT_ARRAY: {
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
            char ip[224];
            snprintf(ip, sizeof ip, "%s/%zu", ptr, i);
            if (f->type == FT_OBJECT_ARRAY) {
                if (!json_is_object(item))
                    add_field_error(r, ip, "must be an object");
                else
                    validate_object(r, item, f->nested, 0, ip);
                continue;
            }
            if (!json_is_string(item) ||
                (f->values ? !in_values(f->values, json_string_value(item))
                           : f->check && !f->check(json_string_value(item))))
                add_field_error(r, ip, "%s", f->values || !f->check_msg
                                                 ? "must be one of the documented values"
                                                 : f->check_msg);
            for (size_t j = 0; j < i; j++)
                if (json_equal(json_array_get(v, j), item)) {
                    add_field_error(r, ip, "is repeated");
                    break;
                }
        }
        break;
    }
    }
}

/* JSON Pointer escaping of a member name (~ and /) appended to prefix. */
static void pointer_for(const char *prefix, const char *key, char *out, size_t outlen)
{
    size_t o = (size_t)snprintf(out, outlen, "%s/", prefix);
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
    out[o < outlen ? o : outlen - 1] = '\0';
}

static void validate_object(req_t *r, json_t *obj, const field_spec_t *specs, int patch,
                            const char *prefix)
{
    const char *key;
    json_t *v;
    json_object_foreach(obj, key, v) {
        char ptr[200];
        pointer_for(prefix, key, ptr, sizeof ptr);
        const field_spec_t *f = find_spec(specs, key);
        if (f == NULL)
            add_field_error(r, ptr, "is not a known or writable field");
        else
            check_field(r, f, v, ptr, patch);
    }
    if (!patch)
        for (const field_spec_t *f = specs; f->name; f++)
            if ((f->flags & F_REQUIRED) && json_object_get(obj, f->name) == NULL) {
                char ptr[200];
                pointer_for(prefix, f->name, ptr, sizeof ptr);
                add_field_error(r, ptr, "is required");
            }
}

int body_validate(req_t *r, json_t *obj, const field_spec_t *specs, int patch)
{
    validate_object(r, obj, specs, patch, "");
    if (r->err_errors && json_array_size(r->err_errors) > 0)
        return fail_req(r, ERR_VALIDATION, "%zu field(s) are invalid; see errors",
                        json_array_size(r->err_errors));
    return 0;
}

int is_ags(const char *s)
{
    return s && strlen(s) == 8 && strspn(s, "0123456789") == 8;
}
