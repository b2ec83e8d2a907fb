/* route_params.c - see route_params.h. */
#include "route_params.h"

#include <ctype.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern const char lotse_openapi_json[];
extern const size_t lotse_openapi_json_len;

/* per route: its query parameter names, NULL-terminated (process lifetime) */
static char ***g_names;
static size_t g_n;

/* Appends the query parameters of a parameters array (with $refs into
 * components/parameters) to names[*k..] (room for every entry). */
static void collect(json_t *doc, json_t *params, char **names, size_t *k)
{
    size_t i;
    json_t *p;
    json_array_foreach(params, i, p) {
        const char *ref = json_string_value(json_object_get(p, "$ref"));
        const char *prefix = "#/components/parameters/";
        if (ref && strncmp(ref, prefix, strlen(prefix)) == 0)
            p = json_object_get(json_object_get(json_object_get(doc, "components"), "parameters"),
                                ref + strlen(prefix));
        const char *in = json_string_value(json_object_get(p, "in"));
        const char *name = json_string_value(json_object_get(p, "name"));
        if (in && name && strcmp(in, "query") == 0)
            names[(*k)++] = strdup(name);
    }
}

int route_params_init(const route_t *table, size_t n, char *why, size_t whylen)
{
    json_error_t e;
    json_t *doc = json_loadb(lotse_openapi_json, lotse_openapi_json_len, 0, &e);
    if (doc == NULL) {
        snprintf(why, whylen, "the embedded OpenAPI document: %s", e.text);
        return -1;
    }
    char ***names = calloc(n, sizeof *names);
    json_t *paths = json_object_get(doc, "paths");
    for (size_t i = 0; names && i < n; i++) {
        char method[8];
        size_t m = 0;
        for (; table[i].method[m] && m + 1 < sizeof method; m++)
            method[m] = (char)tolower((unsigned char)table[i].method[m]);
        method[m] = '\0';
        json_t *item = json_object_get(paths, table[i].pattern);
        json_t *op = json_object_get(item, method);
        if (op == NULL) {
            snprintf(why, whylen, "%s %s is not in the embedded OpenAPI document", table[i].method,
                     table[i].pattern);
            json_decref(doc);
            return -1;
        }
        json_t *shared = json_object_get(item, "parameters"), *own = json_object_get(op, "parameters");
        size_t k = 0;
        names[i] = calloc(json_array_size(shared) + json_array_size(own) + 1, sizeof *names[i]);
        if (names[i] == NULL) {
            snprintf(why, whylen, "out of memory");
            json_decref(doc);
            return -1;
        }
        collect(doc, shared, names[i], &k);
        collect(doc, own, names[i], &k);
    }
    json_decref(doc);
    g_names = names;
    g_n = names ? n : 0;
    return names ? 0 : -1;
}

int route_declares_query(size_t index, const char *name)
{
    if (g_names == NULL || index >= g_n)
        return 1;
    for (char **p = g_names[index]; *p; p++)
        if (strcmp(*p, name) == 0)
            return 1;
    return 0;
}
