/* test_openapi.c - the router table and openapi/openapi.yaml agree: every
 * route is documented with the same roles (x-roles) and security, every
 * documented operation is routed, and the problem types match problem.c. */
#include "handlers.h"
#include "harness.h"
#include "principal.h"
#include "problem.h"
#include "router.h"

#include <ctype.h>
#include <string.h>

static json_t *load_doc(void)
{
    json_error_t e;
    json_t *doc = json_load_file("build/gen/openapi.json", 0, &e);
    ck_assert_msg(doc != NULL, "openapi.json: %s", e.text);
    return doc;
}

static void lower(const char *in, char *out)
{
    while ((*out++ = (char)tolower((unsigned char)*in++)))
        ;
}

START_TEST(every_route_is_documented_with_its_roles)
{
    json_t *doc = load_doc();
    json_t *paths = json_object_get(doc, "paths");
    size_t n;
    const route_t *t = routes_table(&n);
    for (size_t i = 0; i < n; i++) {
        char m[16];
        lower(t[i].method, m);
        json_t *op = json_object_get(json_object_get(paths, t[i].pattern), m);
        ck_assert_msg(op != NULL, "%s %s is not in openapi.yaml", t[i].method, t[i].pattern);
        json_t *roles = json_object_get(op, "x-roles");
        ck_assert_msg(json_is_array(roles), "%s %s has no x-roles", t[i].method, t[i].pattern);
        unsigned bits = 0;
        size_t k;
        json_t *v;
        json_array_foreach(roles, k, v) {
            unsigned b = role_bit(json_string_value(v));
            ck_assert_msg(b != 0, "%s %s: unknown role", t[i].method, t[i].pattern);
            bits |= b;
        }
        ck_assert_msg(bits == t[i].roles, "%s %s: x-roles differ from the router",
                      t[i].method, t[i].pattern);
        json_t *sec = json_object_get(op, "security");
        if (t[i].roles == ROUTE_PUBLIC) {
            /* no token: [] or, for the token endpoint, HTTP Basic or nothing (client_secret_post) */
            ck_assert_msg(json_is_array(sec), "%s %s is public: security must be a list", t[i].method,
                          t[i].pattern);
            size_t a;
            json_t *alt;
            json_array_foreach(sec, a, alt) {
                const char *name;
                json_t *scopes;
                json_object_foreach(alt, name, scopes)
                    ck_assert_msg(strcmp(name, "clientBasic") == 0, "%s %s is public: %s", t[i].method,
                                  t[i].pattern, name);
            }
        }
        else
            ck_assert_msg(sec == NULL, "%s %s needs the default bearer security", t[i].method,
                          t[i].pattern);
        ck_assert_msg(json_object_get(op, "operationId") && json_object_get(op, "responses"),
                      "%s %s lacks operationId or responses", t[i].method, t[i].pattern);
    }
    json_decref(doc);
}
END_TEST

START_TEST(every_documented_operation_is_routed)
{
    static const char *const METHODS[] = {"get", "put", "post", "delete", "patch", "head", "options", "trace"};
    json_t *doc = load_doc();
    const char *path;
    json_t *item;
    size_t n;
    const route_t *t = routes_table(&n);
    json_object_foreach(json_object_get(doc, "paths"), path, item) {
        for (size_t k = 0; k < sizeof METHODS / sizeof METHODS[0]; k++) {
            if (json_object_get(item, METHODS[k]) == NULL)
                continue;
            int found = 0;
            for (size_t i = 0; i < n; i++) {
                char m[16];
                lower(t[i].method, m);
                found |= strcmp(m, METHODS[k]) == 0 && strcmp(t[i].pattern, path) == 0;
            }
            ck_assert_msg(found, "%s %s is documented but not routed", METHODS[k], path);
        }
    }
    json_decref(doc);
}
END_TEST

/* Does op (or its path item) list the If-Match parameter? */
static int lists_if_match(json_t *item, json_t *op)
{
    json_t *lists[2] = {json_object_get(op, "parameters"), json_object_get(item, "parameters")};
    for (int l = 0; l < 2; l++) {
        size_t k;
        json_t *p;
        json_array_foreach(lists[l], k, p) {
            const char *ref = json_string_value(json_object_get(p, "$ref"));
            if (ref && strcmp(ref, "#/components/parameters/If-Match") == 0)
                return 1;
        }
    }
    return 0;
}

/* The route table declares each operation's kind; the kind and the method
 * agree, and exactly the kinds that require If-Match document it with
 * their 412 and 428 answers. */
START_TEST(if_match_documented_where_the_kind_requires_it)
{
    json_t *doc = load_doc();
    json_t *paths = json_object_get(doc, "paths");
    size_t n;
    const route_t *t = routes_table(&n);
    for (size_t i = 0; i < n; i++) {
        const char *m = t[i].method;
        op_kind_t k = t[i].kind;
        int fits = strcmp(m, "GET") == 0 ? (k == OP_LIST || k == OP_GET)
                 : strcmp(m, "POST") == 0 ? (k == OP_CREATE || k == OP_ACTION || k == OP_UPLOAD)
                 : strcmp(m, "PATCH") == 0 ? k == OP_UPDATE
                 : strcmp(m, "DELETE") == 0 ? k == OP_DELETE : 0;
        ck_assert_msg(fits, "%s %s: its kind does not fit its method", m, t[i].pattern);
        char lm[16];
        lower(m, lm);
        json_t *item = json_object_get(paths, t[i].pattern);
        json_t *op = json_object_get(item, lm);
        json_t *responses = json_object_get(op, "responses");
        int needs = OP_NEEDS_IF_MATCH(k);
        ck_assert_msg(lists_if_match(item, op) == needs, "%s %s: If-Match %s in openapi.yaml", m,
                      t[i].pattern, needs ? "required but not listed" : "listed but not required");
        ck_assert_msg(!needs || (json_object_get(responses, "412") && json_object_get(responses, "428")),
                      "%s %s: requires If-Match but documents no 412 or 428", m, t[i].pattern);
        /* the dispatcher refuses every change to an anonymized case with 409 */
        int anonymized_409 = t[i].scope.kind == SCOPE_CASE && k != OP_GET && k != OP_LIST &&
                             !t[i].scope.anonymized;
        ck_assert_msg(!anonymized_409 || json_object_get(responses, "409"),
                      "%s %s: a change to a case documents no 409", m, t[i].pattern);
    }
    json_decref(doc);
}
END_TEST

/* Every authenticated POST takes Idempotency-Key (the server honours it on
 * all) and documents 422 for a key reused with another body; every
 * operation with a body documents 413 and 415. */
START_TEST(idempotency_and_body_answers_documented)
{
    json_t *doc = load_doc();
    const char *path;
    json_t *item;
    json_object_foreach(json_object_get(doc, "paths"), path, item) {
        const char *method;
        json_t *op;
        json_object_foreach(item, method, op) {
            if (strcmp(method, "parameters") == 0)
                continue;
            json_t *responses = json_object_get(op, "responses");
            json_t *sec = json_object_get(op, "security");
            if (strcmp(method, "post") == 0 && sec == NULL) {
                int listed = 0;
                json_t *lists[2] = {json_object_get(op, "parameters"), json_object_get(item, "parameters")};
                for (int l = 0; l < 2; l++) {
                    size_t k;
                    json_t *p;
                    json_array_foreach(lists[l], k, p) {
                        const char *ref = json_string_value(json_object_get(p, "$ref"));
                        listed |= ref && strcmp(ref, "#/components/parameters/Idempotency-Key") == 0;
                    }
                }
                ck_assert_msg(listed && json_object_get(responses, "422"),
                              "POST %s: Idempotency-Key or its 422 undocumented", path);
            }
            if (json_object_get(op, "requestBody"))
                ck_assert_msg(json_object_get(responses, "413") && json_object_get(responses, "415"),
                              "%s %s takes a body but documents no 413 or 415", method, path);
            /* every JSON body, request and 2xx answer, is a named schema (for generated clients) */
            const char *ct;
            json_t *media;
            json_object_foreach(json_object_get(json_object_get(op, "requestBody"), "content"), ct, media)
                ck_assert_msg(json_object_get(json_object_get(media, "schema"), "$ref") != NULL,
                              "%s %s: the %s body is not a named schema", method, path, ct);
            const char *code;
            json_t *answer;
            json_object_foreach(responses, code, answer) {
                json_t *json = json_object_get(json_object_get(answer, "content"), "application/json");
                if (code[0] == '2' && json)
                    ck_assert_msg(json_object_get(json_object_get(json, "schema"), "$ref") != NULL,
                                  "%s %s: the %s answer is not a named schema", method, path, code);
            }
        }
    }
    json_decref(doc);
}
END_TEST

START_TEST(problem_types_match)
{
    json_t *doc = load_doc();
    json_t *listed = json_object_get(json_object_get(json_object_get(json_object_get(
        json_object_get(json_object_get(doc, "components"), "schemas"), "Problem"), "properties"),
        "type"), "enum");
    ck_assert_msg(json_is_array(listed), "Problem.type has no enum of problem types");
    size_t n;
    const problem_type_t *types = problem_types(&n);
    ck_assert_uint_eq(json_array_size(listed), n);
    for (size_t i = 0; i < n; i++) {
        char uri[256];
        snprintf(uri, sizeof uri, "%s%s", PROBLEM_BASE, types[i].slug);
        int found = 0;
        size_t k;
        json_t *v;
        json_array_foreach(listed, k, v) found |= strcmp(json_string_value(v), uri) == 0;
        ck_assert_msg(found, "problem type %s is not in openapi.yaml", uri);
    }
    json_decref(doc);
}
END_TEST

Suite *suite_openapi(void)
{
    Suite *s = suite_create("openapi");
    TCase *tc = tcase_create("contract");
    tcase_add_test(tc, every_route_is_documented_with_its_roles);
    tcase_add_test(tc, every_documented_operation_is_routed);
    tcase_add_test(tc, problem_types_match);
    tcase_add_test(tc, if_match_documented_where_the_kind_requires_it);
    tcase_add_test(tc, idempotency_and_body_answers_documented);
    suite_add_tcase(s, tc);
    return s;
}
