/* import_csv.c - see import_csv.h. */
#include "import_csv.h"

#include <string.h>

const char *const IMPORT_COLUMNS[] = {
    "external_reference", "target_group", "case_manager", "fields_of_action", "first_name",
    "last_name", "birth_date", "gender", "nationality", "languages", "phone", "email", "address",
    "residence_status", "residence_expires_on", "arrival_date", "municipality_ags", "accommodation",
    NULL};

char csv_separator(const char *header_line)
{
    int commas = 0, semis = 0;
    for (const char *p = header_line; *p && *p != '\n'; p++) {
        commas += *p == ',';
        semis += *p == ';';
    }
    return semis > commas ? ';' : ',';
}

int csv_record(FILE *f, char sep, char *buf, size_t buflen, char **fields, int *lines)
{
    size_t len = 0;
    int n = 0, quoted = 0, started = 0, bad = 0, c;
    fields[n++] = buf;
    while ((c = fgetc(f)) != EOF) {
        started = 1;
        if (quoted) {
            if (c == '"') {
                int next = fgetc(f);
                if (next == '"') {
                    c = '"';
                } else {
                    quoted = 0;
                    if (next != EOF)
                        ungetc(next, f);
                    continue;
                }
            } else if (c == '\n') {
                (*lines)++;
            }
        } else if (c == '"') {
            quoted = 1;
            continue;
        } else if (c == '\r') {
            continue;
        } else if (c == '\n') {
            (*lines)++;
            break;
        } else if (c == sep) {
            if (len + 1 >= buflen || n >= IMPORT_MAX_COLUMNS) {
                bad = 1;
                continue;
            }
            buf[len++] = '\0';
            fields[n++] = buf + len;
            continue;
        }
        if (len + 1 >= buflen) {
            bad = 1;
            continue;
        }
        buf[len++] = (char)c;
    }
    if (!started)
        return 0;
    if (c == EOF)
        (*lines)++; /* a last line without its line break */
    buf[len] = '\0';
    return bad || quoted ? -1 : n;
}

int csv_header(char **fields, int n, int *map, const char **which)
{
    int k = 0;
    for (; IMPORT_COLUMNS[k]; k++)
        map[k] = -1;
    for (int i = 0; i < n; i++) {
        const char *name = fields[i];
        if (i == 0 && (unsigned char)name[0] == 0xef && (unsigned char)name[1] == 0xbb &&
            (unsigned char)name[2] == 0xbf)
            name += 3; /* a byte order mark (Excel) */
        int found = -1;
        for (k = 0; IMPORT_COLUMNS[k]; k++)
            if (strcmp(IMPORT_COLUMNS[k], name) == 0)
                found = k;
        *which = name;
        if (found < 0)
            return HEADER_UNKNOWN;
        if (map[found] >= 0)
            return HEADER_TWICE;
        map[found] = i;
    }
    return map[1] < 0 ? HEADER_NO_TARGET_GROUP : HEADER_OK;
}

/* The cell of column k, NULL when absent or empty. */
static const char *cell(char **fields, int n, const int *map, int k)
{
    int i = map[k];
    return i >= 0 && i < n && fields[i][0] ? fields[i] : NULL;
}

/* Sets key of o to the cell of column name (when it has one). */
static void put(json_t *o, const char *key, char **fields, int n, const int *map, const char *name)
{
    for (int k = 0; IMPORT_COLUMNS[k]; k++)
        if (strcmp(IMPORT_COLUMNS[k], name) == 0) {
            const char *v = cell(fields, n, map, k);
            json_t *s = v ? json_string(v) : NULL;
            if (s)
                json_object_set_new(o, key, s);
            else if (v) /* not UTF-8: a value validation refuses */
                json_object_set_new(o, key, json_integer(0));
        }
}

/* "a;b;c" as a JSON array of strings. */
static json_t *list_of(const char *v)
{
    json_t *a = json_array();
    char item[256];
    while (v && *v) {
        size_t k = strcspn(v, ";|");
        snprintf(item, sizeof item, "%.*s", (int)k, v);
        json_t *s = json_string(item);
        json_array_append_new(a, s ? s : json_integer(0));
        v += k + (v[k] != '\0');
    }
    return a;
}

json_t *csv_case(char **fields, int n, const int *map)
{
    json_t *c = json_object(), *person = json_object(), *contact = json_object(), *res = json_object();
    put(c, "external_reference", fields, n, map, "external_reference");
    put(c, "target_group", fields, n, map, "target_group");
    put(c, "case_manager", fields, n, map, "case_manager");
    const char *foa = cell(fields, n, map, 3);
    if (foa)
        json_object_set_new(c, "fields_of_action", list_of(foa));
    put(person, "first_name", fields, n, map, "first_name");
    put(person, "last_name", fields, n, map, "last_name");
    put(person, "birth_date", fields, n, map, "birth_date");
    put(person, "gender", fields, n, map, "gender");
    put(person, "nationality", fields, n, map, "nationality");
    const char *langs = cell(fields, n, map, 9);
    if (langs) { /* "ar:native;de:A2" */
        json_t *list = list_of(langs), *out = json_array(), *l;
        size_t i;
        json_array_foreach(list, i, l) {
            const char *s = json_string_value(l);
            const char *colon = s ? strchr(s, ':') : NULL;
            char code[64];
            snprintf(code, sizeof code, "%.*s", colon ? (int)(colon - s) : 63, s ? s : "");
            json_t *o = json_pack("{s:s}", "code", code);
            if (colon && o)
                json_object_set_new(o, "level", json_string(colon + 1));
            json_array_append_new(out, o ? o : json_integer(0));
        }
        json_decref(list);
        json_object_set_new(person, "languages", out);
    }
    put(contact, "phone", fields, n, map, "phone");
    put(contact, "email", fields, n, map, "email");
    put(contact, "address", fields, n, map, "address");
    if (json_object_size(contact))
        json_object_set(person, "contact", contact);
    if (json_object_size(person))
        json_object_set(c, "person", person);
    put(res, "status", fields, n, map, "residence_status");
    put(res, "expires_on", fields, n, map, "residence_expires_on");
    put(res, "arrival_date", fields, n, map, "arrival_date");
    put(res, "municipality_ags", fields, n, map, "municipality_ags");
    put(res, "accommodation", fields, n, map, "accommodation");
    if (json_object_size(res))
        json_object_set(c, "residence", res);
    json_decref(person);
    json_decref(contact);
    json_decref(res);
    return c;
}
