/* test_lengths.c - the document's string limits are the server's,
 * generated from the document: for every operation with a request body on
 * a path this test can fill (collections, and everything under a case, a
 * referral or a conference of a fresh full case), every free string member
 * of its request schema (nested objects included; not enums, formats or
 * patterns) is sent one character shorter than its minLength (the empty
 * string when it has none) and one longer than its maxLength, the rest of
 * the body being the documented example.  The server must refuse exactly
 * those with a field error naming the member, and must not refuse the
 * member at exactly minLength and maxLength.  A server minimum the
 * document does not state (the empty string refused, no minLength) is a
 * failure, as is a documented limit the server does not keep. */
#include "case_fixture.h"
#include "router.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static json_t *g_doc;

/* The schema behind $ref (one level of components). */
static json_t *resolve(json_t *s)
{
    const char *ref = json_string_value(json_object_get(s, "$ref"));
    if (ref && strncmp(ref, "#/components/schemas/", 21) == 0)
        return resolve(json_object_get(json_object_get(json_object_get(g_doc, "components"), "schemas"),
                                       ref + 21));
    return s;
}

/* Does the schema describe a string (or string-or-null)? */
static int is_string(json_t *s)
{
    json_t *t = json_object_get(s, "type");
    if (json_is_string(t))
        return strcmp(json_string_value(t), "string") == 0;
    size_t i;
    json_t *v;
    json_array_foreach(t, i, v) if (strcmp(json_string_value(v), "string") == 0) return 1;
    return 0;
}

typedef struct probe {
    const route_t *rt;
    const char *path, *token;
    json_t *example;
    int checked, failures;
    long status; /* of the last call */
    char detail[160];
} probe_t;

/* Sends the example with the member at pointer (its parent object is
 * parent, its name name) set to a string of len characters. */
static int send_len(probe_t *p, json_t *parent, const char *name, const char *pointer, size_t len)
{
    char *s = malloc(len + 1);
    memset(s, 'x', len);
    s[len] = '\0';
    json_t *old = json_incref(json_object_get(parent, name));
    json_object_set_new(parent, name, json_string(s));
    char *body = json_dumps(p->example, JSON_COMPACT);
    const char *hdr[] = {"If-Match: *", NULL};
    http_resp_t *r = http(p->rt->method, p->path, p->token, body, hdr);
    int no = refuses_member(r, pointer);
    p->status = r->status;
    snprintf(p->detail, sizeof p->detail, "%s", r->json ? json_string_value(json_object_get(r->json, "detail")) ? json_string_value(json_object_get(r->json, "detail")) : "" : "");
    http_free(r);
    if (old)
        json_object_set_new(parent, name, old);
    else
        json_object_del(parent, name);
    free(body);
    free(s);
    return no;
}

typedef struct length_case {
    size_t len;
    int want; /* 1: must be refused */
    const char *what;
} length_case_t;

/* Checks every free string member of schema (example object ex at pointer prefix). */
static void members(probe_t *p, json_t *schema, json_t *ex, const char *prefix)
{
    schema = resolve(schema);
    size_t i;
    json_t *part;
    json_array_foreach(json_object_get(schema, "allOf"), i, part) members(p, part, ex, prefix);
    const char *name;
    json_t *prop;
    json_object_foreach(json_object_get(schema, "properties"), name, prop) {
        char pointer[256];
        snprintf(pointer, sizeof pointer, "%s/%s", prefix, name);
        json_t *s = resolve(prop);
        if (json_is_object(json_object_get(ex, name)) && json_object_get(s, "properties")) {
            members(p, s, json_object_get(ex, name), pointer);
            continue;
        }
        if (!is_string(s) || json_object_get(s, "enum") || json_object_get(s, "format") ||
            json_object_get(s, "pattern") || json_object_get(s, "readOnly"))
            continue;
        json_int_t min = json_integer_value(json_object_get(s, "minLength"));
        json_t *maxj = json_object_get(s, "maxLength");
        length_case_t cases[4];
        int n = 0;
        if (min > 0)
            cases[n++] = (length_case_t){(size_t)min - 1, 1, "shorter than minLength"};
        else
            cases[n++] = (length_case_t){0, 0, "empty, and the document states no minLength"};
        if (maxj)
            cases[n++] = (length_case_t){(size_t)json_integer_value(maxj) + 1, 1, "longer than maxLength"};
        if (min > 0)
            cases[n++] = (length_case_t){(size_t)min, 0, "exactly minLength"};
        if (maxj)
            cases[n++] = (length_case_t){(size_t)json_integer_value(maxj), 0, "exactly maxLength"};
        for (int k = 0; k < n; k++) {
            int got = send_len(p, ex, name, pointer, cases[k].len);
            if (p->status == 413 && cases[k].want)
                got = 1; /* the body limit of this server refuses it before the member's own */
            p->checked++;
            if (got != cases[k].want) {
                fprintf(stderr, "lengths: %s %s %s (%zu characters, %s): %s (%ld %s)\n", p->rt->method,
                        p->rt->pattern, pointer, cases[k].len, cases[k].what,
                        got ? "refused" : "not refused", p->status, p->detail);
                p->failures++;
            }
        }
    }
}

/* /v1/<collection>/{param}<rest> filled with the first item token lists
 * in GET /v1/<collection> (its "ags" for {ags}, else its "id"); 0 when
 * the pattern has another shape or the list is empty. */
static int first_listed(const char *pattern, const char *token, char *out, size_t n)
{
    char coll[128], param[32];
    const char *rest;
    if (sscanf(pattern, "/v1/%127[^/]/{%31[^}]}", coll, param) != 2)
        return 0;
    rest = strchr(pattern + 4 + strlen(coll) + 1, '}') + 1;
    if (strchr(rest, '{'))
        return 0;
    char list[160];
    snprintf(list, sizeof list, "/v1/%s?limit=1", coll);
    http_resp_t *r = http("GET", list, token, NULL, NULL);
    json_t *item = json_array_get(json_object_get(r->json, "items"), 0);
    const char *id = json_string_value(json_object_get(item, strcmp(param, "ags") == 0 ? "ags" : "id"));
    int found = r->status == 200 && id;
    if (found)
        snprintf(out, n, "/v1/%s/%s%s", coll, id, rest);
    http_free(r);
    return found;
}

/* The first of tokens whose call of the operation reaches the body's
 * validation: the example with an undocumented member is refused naming
 * that member (nothing changes).  NULL when none does (the resource is in
 * a state that refuses the action before reading the body). */
static const char *admitted(const route_t *rt, const char *path, const char *example, char **tokens,
                            int ntokens)
{
    json_t *ex = json_loads(example, 0, NULL);
    json_object_set_new(ex, "x_probe", json_true());
    char *body = json_dumps(ex, JSON_COMPACT);
    json_decref(ex);
    const char *hdr[] = {"If-Match: *", NULL}, *found = NULL;
    for (int i = 0; i < ntokens && !found; i++) {
        http_resp_t *r = http(rt->method, path, tokens[i], body, hdr);
        if (refuses_member(r, "/x_probe"))
            found = tokens[i];
        http_free(r);
    }
    free(body);
    return found;
}

START_TEST(documented_string_limits_are_the_servers)
{
    char *jc, *caritas, *awo, *mbe;
    demo_team(&jc, &caritas, &awo, &mbe);
    char *tokens[] = {jc, caritas, demo_token("demo-coordinator"), demo_token("demo-platform")};
    http_resp_t *d = http("GET", "/openapi.json", NULL, NULL, NULL);
    g_doc = d->json;
    size_t n;
    const route_t *t = routes_table(&n);
    int ops = 0, checked = 0, failures = 0;
    for (size_t i = 0; i < n; i++) {
        char *example = doc_example(g_doc, &t[i]);
        if (example == NULL || strcmp(example, "{}") == 0) {
            free(example);
            continue;
        }
        full_case_t f;
        char path[256];
        int filled = strchr(t[i].pattern, '{') == NULL;
        json_t *ex = json_loads(example, 0, NULL);
        if (!filled || json_object_get(ex, "case_id")) {
            full_case(&f, jc, caritas, "Laenge");
            if (json_object_get(ex, "case_id")) { /* a referral or conference of the fresh case */
                json_object_set_new(ex, "case_id", json_string(f.case_id));
                free(example);
                example = json_dumps(ex, JSON_COMPACT);
            }
        }
        json_decref(ex);
        const char *token = NULL;
        if (filled)
            snprintf(path, sizeof path, "%s", t[i].pattern);
        else
            filled = full_case_path(&f, t[i].pattern, path, sizeof path);
        if (filled)
            token = admitted(&t[i], path, example, tokens, 4);
        else /* a resource of the network: the first one each client lists */
            for (int k = 0; k < 4 && !token; k++)
                if (first_listed(t[i].pattern, tokens[k], path, sizeof path) &&
                    admitted(&t[i], path, example, &tokens[k], 1))
                    token = tokens[k], filled = 1;
        if (token == NULL) {
            printf("lengths: %s %s does not read its body %s; not probed\n", t[i].method, t[i].pattern,
                   filled ? "in the fresh state" : "for any client on the first resource it lists");
            free(example);
            continue;
        }
        char m[8];
        snprintf(m, sizeof m, "%s", t[i].method);
        for (char *c = m; *c; c++)
            *c = (char)(*c - 'A' + 'a');
        json_t *op = json_object_get(json_object_get(json_object_get(g_doc, "paths"), t[i].pattern), m);
        json_t *content = json_object_get(json_object_get(op, "requestBody"), "content");
        json_t *media = json_object_get(content, "application/json");
        if (media == NULL)
            media = json_object_get(content, "application/merge-patch+json");
        probe_t p = {&t[i], path, token, json_loads(example, 0, NULL), 0, 0, 0, ""};
        members(&p, json_object_get(media, "schema"), p.example, "");
        json_decref(p.example);
        free(example);
        ops++;
        checked += p.checked;
        failures += p.failures;
    }
    printf("lengths: %d operations, %d string limits probed, %d failures\n", ops, checked, failures);
    ck_assert_int_eq(failures, 0);
    ck_assert_int_ge(ops, 30);
    http_free(d);
    free(tokens[2]);
    free(tokens[3]);
    demo_team_free(jc, caritas, awo, mbe);
}
END_TEST

Suite *suite_lengths(void)
{
    Suite *s = suite_create("lengths");
    TCase *tc = tcase_create("document");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, documented_string_limits_are_the_servers);
    suite_add_tcase(s, tc);
    return s;
}
