/* test_ops.c - operations endpoints, request ids, 404/405, CORS. */
#include "harness.h"

#include <arpa/inet.h>
#include <ifaddrs.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

START_TEST(health_ready_metrics)
{
    http_resp_t *r = http("GET", "/healthz", NULL, NULL, NULL);
    ck_assert_int_eq(r->status, 200);
    ck_assert_str_eq(jstr(r, "status"), "ok");
    char *server = resp_header_value(r, "Server");
    ck_assert_ptr_null(server); /* no version advertised */
    http_free(r);
    r = http("GET", "/readyz", NULL, NULL, NULL);
    ck_assert_int_eq(r->status, 200);
    ck_assert_str_eq(jstr(r, "status"), "ready");
    http_free(r);
    r = http("GET", "/metrics", NULL, NULL, NULL);
    ck_assert_int_eq(r->status, 200);
    char *ct = resp_header_value(r, "Content-Type");
    ck_assert_ptr_nonnull(strstr(ct, "text/plain"));
    free(ct);
    ck_assert_ptr_nonnull(strstr(r->body, "lotse_http_requests_total{method=\"GET\",route=\"/healthz\",status=\"200\"}"));
    ck_assert_ptr_nonnull(strstr(r->body, "lotse_http_request_duration_seconds_bucket{le=\"+Inf\"}"));
    ck_assert_ptr_nonnull(strstr(r->body, "lotse_db_errors_total"));
    ck_assert_ptr_nonnull(strstr(r->body, "lotse_db_connections"));
    http_free(r);
}
END_TEST

/* The first IPv4 address of this machine that is not loopback, into out. */
static int outside_address(char *out, size_t n)
{
    struct ifaddrs *all = NULL;
    int found = 0;
    if (getifaddrs(&all) != 0)
        return 0;
    for (struct ifaddrs *i = all; i && !found; i = i->ifa_next)
        if (i->ifa_addr && i->ifa_addr->sa_family == AF_INET) {
            struct in_addr a = ((struct sockaddr_in *)(void *)i->ifa_addr)->sin_addr;
            if ((ntohl(a.s_addr) >> 24) != 127)
                found = inet_ntop(AF_INET, &a, out, (socklen_t)n) != NULL;
        }
    freeifaddrs(all);
    return found;
}

/* /metrics: without LOTSE_METRICS_TOKEN only over loopback (a connection
 * to this machine's outside address gets 403, whatever a forwarded-for
 * header claims); with it only for that bearer token. */
START_TEST(metrics_are_protected)
{
    char addr[64], base[64], outside[96];
    ck_assert_msg(outside_address(addr, sizeof addr), "this machine has no non-loopback IPv4 address");
    const char *env[] = {"LOTSE_LISTEN=0.0.0.0", "LOTSE_CLIENT_ADDRESS_HEADER=X-Forwarded-For", NULL};
    pid_t pid = server_start(env, base);
    snprintf(outside, sizeof outside, "http://%s:%s", addr, strrchr(base, ':') + 1);
    const char *forwarded[] = {"X-Forwarded-For: 127.0.0.1", NULL};
    http_resp_t *r = http_to(outside, "GET", "/metrics", NULL, NULL, NULL, 0, forwarded);
    ck_assert_int_eq(r->status, 403);
    ck_assert_ptr_null(strstr(r->body, "lotse_http_requests_total"));
    http_free(r);
    r = http_to(base, "GET", "/metrics", NULL, NULL, NULL, 0, NULL);
    ck_assert_int_eq(r->status, 200);
    http_free(r);
    server_stop(pid);

    const char *with_token[] = {"LOTSE_METRICS_TOKEN=metrics-s3cret", NULL};
    pid = server_start(with_token, base);
    const char *wrong[] = {"Authorization: Bearer metrics-s3creT", NULL};
    const char *right[] = {"Authorization: Bearer metrics-s3cret", NULL};
    r = http_to(base, "GET", "/metrics", NULL, NULL, NULL, 0, NULL);
    ck_assert_int_eq(r->status, 401);
    http_free(r);
    r = http_to(base, "GET", "/metrics", NULL, NULL, NULL, 0, wrong);
    ck_assert_int_eq(r->status, 401);
    http_free(r);
    r = http_to(base, "GET", "/metrics", NULL, NULL, NULL, 0, right);
    ck_assert_int_eq(r->status, 200);
    ck_assert_ptr_nonnull(strstr(r->body, "lotse_http_requests_total"));
    http_free(r);
    server_stop(pid);
}
END_TEST

START_TEST(openapi_and_docs_are_served)
{
    http_resp_t *r = http("GET", "/openapi.json", NULL, NULL, NULL);
    ck_assert_int_eq(r->status, 200);
    ck_assert_ptr_nonnull(r->json);
    ck_assert_str_eq(jstr(r, "openapi"), "3.1.0");
    ck_assert_ptr_nonnull(json_object_get(json_object_get(r->json, "paths"), "/v1/agencies"));
    http_free(r);
    r = http("GET", "/docs", NULL, NULL, NULL);
    ck_assert_int_eq(r->status, 200);
    ck_assert_ptr_nonnull(strstr(r->body, "/openapi.json"));
    ck_assert_ptr_null(strstr(r->body, "https://")); /* no CDN */
    http_free(r);
}
END_TEST

/* The operations of the live document that headless Chromium does not
 * find rendered at page (Redoc gives each section id="operation/<id>");
 * the first missing one into first. */
static size_t unrendered(const char *page, char *first, size_t firstlen)
{
    char cmd[512];
    snprintf(cmd, sizeof cmd, "chromium --headless --no-sandbox --disable-gpu --virtual-time-budget=20000 "
             "--dump-dom %s%s 2>/dev/null", g_base, page);
    FILE *p = popen(cmd, "r");
    ck_assert_ptr_nonnull(p);
    static char dom[4 << 20];
    size_t n = fread(dom, 1, sizeof dom - 1, p);
    dom[n] = '\0';
    ck_assert_int_eq(pclose(p), 0);
    http_resp_t *doc = http("GET", "/openapi.json", NULL, NULL, NULL);
    size_t missing = 0, ops = 0;
    const char *path;
    json_t *item;
    first[0] = '\0';
    json_object_foreach(json_object_get(doc->json, "paths"), path, item) {
        const char *m;
        json_t *op;
        json_object_foreach(item, m, op) {
            if (strcmp(m, "parameters") == 0)
                continue;
            const char *id = json_string_value(json_object_get(op, "operationId"));
            char needle[160];
            snprintf(needle, sizeof needle, "id=\"operation/%s\"", id ? id : "?");
            ops++;
            if (id == NULL || strstr(dom, needle) == NULL) {
                if (missing++ == 0)
                    snprintf(first, firstlen, "%s", id ? id : path);
            }
        }
    }
    http_free(doc);
    ck_assert_uint_gt(ops, 100);
    return missing;
}

/* Headless Chromium opens /docs: Redoc, served by Lotse, renders every
 * operation of the live document; the same check on a page without the
 * reference (/openapi.json itself) finds them all missing. */
START_TEST(docs_render_every_operation_in_chromium)
{
    char first[160];
    size_t missing = unrendered("/docs", first, sizeof first);
    ck_assert_msg(missing == 0, "%zu operations not rendered, the first %s", missing, first);
    ck_assert_uint_gt(unrendered("/openapi.json", first, sizeof first), 100);
}
END_TEST

START_TEST(request_id_echoed_or_generated)
{
    const char *given[] = {"X-Request-Id: trace-abc.123", NULL};
    http_resp_t *r = http("GET", "/healthz", NULL, NULL, given);
    char *id = resp_header_value(r, "X-Request-Id");
    ck_assert_str_eq(id, "trace-abc.123");
    free(id);
    http_free(r);
    const char *bad[] = {"X-Request-Id: has spaces and {json}", NULL};
    r = http("GET", "/nope", NULL, NULL, bad);
    id = resp_header_value(r, "X-Request-Id");
    ck_assert_uint_eq(strlen(id), 32);
    ck_assert_str_eq(jstr(r, "request_id"), id);
    free(id);
    http_free(r);
}
END_TEST

START_TEST(unknown_path_and_wrong_method_are_problems)
{
    http_resp_t *r = http("GET", "/v1/nothing-here", NULL, NULL, NULL);
    ck_assert_int_eq(r->status, 404);
    char *ct = resp_header_value(r, "Content-Type");
    ck_assert_str_eq(ct, "application/problem+json");
    free(ct);
    ck_assert_str_eq(jstr(r, "type"), "https://lotse.example/problems/not-found");
    ck_assert_int_eq(json_integer_value(json_object_get(r->json, "status")), 404);
    ck_assert_str_eq(jstr(r, "instance"), "/v1/nothing-here");
    http_free(r);
    r = http("DELETE", "/v1/agencies", NULL, NULL, NULL);
    ck_assert_int_eq(r->status, 405);
    char *allow = resp_header_value(r, "Allow");
    ck_assert_str_eq(allow, "GET, POST");
    free(allow);
    http_free(r);
}
END_TEST

START_TEST(cors_preflight_only_for_configured_origins)
{
    const char *ok[] = {"Origin: https://app.example", "Access-Control-Request-Method: POST", NULL};
    http_resp_t *r = http("OPTIONS", "/v1/agencies", NULL, NULL, ok);
    ck_assert_int_eq(r->status, 204);
    char *acao = resp_header_value(r, "Access-Control-Allow-Origin");
    ck_assert_str_eq(acao, "https://app.example");
    free(acao);
    char *methods = resp_header_value(r, "Access-Control-Allow-Methods");
    ck_assert_str_eq(methods, "GET, POST");
    free(methods);
    http_free(r);
    const char *evil[] = {"Origin: https://evil.example", NULL};
    r = http("OPTIONS", "/v1/agencies", NULL, NULL, evil);
    ck_assert_ptr_null(resp_header_value(r, "Access-Control-Allow-Origin"));
    http_free(r);
    r = http("GET", "/healthz", NULL, NULL, ok);
    acao = resp_header_value(r, "Access-Control-Allow-Origin");
    ck_assert_str_eq(acao, "https://app.example");
    free(acao);
    http_free(r);
}
END_TEST

START_TEST(me_shows_the_principal)
{
    char *t = demo_token("demo-jobcenter");
    http_resp_t *r = http("GET", "/v1/me", t, NULL, NULL);
    ck_assert_int_eq(r->status, 200);
    ck_assert_str_eq(jstr(r, "sub"), "client:demo-jobcenter");
    ck_assert_str_eq(jstr(r, "agency"), JOBCENTER_AGENCY);
    ck_assert_str_eq(jstr(r, "network"), RBK_NETWORK);
    ck_assert_str_eq(jstr(r, "client_id"), "demo-jobcenter");
    ck_assert_uint_eq(json_array_size(json_object_get(r->json, "roles")), 2);
    http_free(r);
    free(t);
}
END_TEST

/* With Accept-Language: de, problems come in German (title and detail,
 * Content-Language: de); the type stays the same URI. */
START_TEST(problems_in_german)
{
    char *jc = demo_token("demo-jobcenter");
    const char *de[] = {"Accept-Language: de-DE,de;q=0.9,en;q=0.5", NULL};
    http_resp_t *r = http("GET", "/v1/cases/00000000-0000-4000-8000-000000000000", jc, NULL, de);
    ck_assert_int_eq(r->status, 404);
    ck_assert_str_eq(jstr(r, "type"), "https://lotse.example/problems/not-found");
    ck_assert_str_eq(jstr(r, "title"), "Nicht gefunden");
    ck_assert_str_eq(jstr(r, "detail"), "Kein solcher Fall");
    char *lang = resp_header_value(r, "Content-Language");
    ck_assert_ptr_nonnull(lang);
    ck_assert_str_eq(lang, "de");
    free(lang);
    http_free(r);
    /* a detail with values, and a validation problem */
    r = http("GET", "/v1/agencies?limit=900", jc, NULL, de);
    ck_assert_int_eq(r->status, 400);
    ck_assert_str_eq(jstr(r, "title"), "Fehlerhafte Anfrage");
    ck_assert_str_eq(jstr(r, "detail"), "limit muss eine ganze Zahl von 1 bis 500 sein");
    http_free(r);
    r = http("POST", "/v1/cases", jc, "{\"target_group\":\"nobody\"}", de);
    ck_assert_int_eq(r->status, 400);
    ck_assert_str_eq(jstr(r, "title"), "Ungültige Felder");
    ck_assert_str_eq(jstr(r, "detail"), "1 Feld(er) ungültig; siehe errors");
    http_free(r);
    /* English stays the default, and when English is preferred */
    const char *en[] = {"Accept-Language: en, de;q=0.8", NULL};
    r = http("GET", "/v1/cases/00000000-0000-4000-8000-000000000000", jc, NULL, en);
    ck_assert_str_eq(jstr(r, "title"), "Not found");
    ck_assert_str_eq(jstr(r, "detail"), "no such case");
    http_free(r);
    free(jc);
}
END_TEST

/* Every vocabulary's codes equal the enum of the same name in the OpenAPI
 * document, each with a German and an English label. */
START_TEST(vocabularies_match_the_document)
{
    char *jc = demo_token("demo-jobcenter");
    http_resp_t *v = http("GET", "/v1/vocabularies", jc, NULL, NULL), *doc = http("GET", "/openapi.json", NULL, NULL, NULL);
    ck_assert_int_eq(v->status, 200);
    json_t *schemas = json_object_get(json_object_get(doc->json, "components"), "schemas");
    const char *pairs[][2] = {{"agency_kinds", "AgencyKind"}, {"fields_of_action", "FieldOfAction"},
                              {"target_groups", "TargetGroup"}, {"residence_statuses", "ResidenceStatus"},
                              {"case_statuses", "CaseStatus"}, {"closure_reasons", "ClosureReason"},
                              {"data_categories", "Category"}, {"legal_bases", "LegalBasis"},
                              {"goal_statuses", "GoalStatus"}, {"agreement_statuses", "AgreementStatus"},
                              {"referral_statuses", "ReferralStatus"}, {"gap_statuses", "GapStatus"},
                              {"roles", "Role"}};
    for (size_t p = 0; p < sizeof pairs / sizeof pairs[0]; p++) {
        json_t *list = json_object_get(v->json, pairs[p][0]);
        json_t *en = json_object_get(json_object_get(schemas, pairs[p][1]), "enum");
        ck_assert_msg(json_array_size(list) == json_array_size(en), "%s", pairs[p][0]);
        for (size_t i = 0; i < json_array_size(en); i++) {
            json_t *item = json_array_get(list, i);
            ck_assert_msg(json_equal(json_object_get(item, "code"), json_array_get(en, i)), "%s/%zu",
                          pairs[p][0], i);
            ck_assert(json_string_length(json_object_get(item, "de")) > 0);
            ck_assert(json_string_length(json_object_get(item, "en")) > 0);
        }
    }
    ck_assert_ptr_nonnull(strstr(v->body, "\"de\":\"Warteliste, keine freien Plätze\""));
    http_free(v);
    http_free(doc);
    free(jc);
}
END_TEST

Suite *suite_ops(void)
{
    Suite *s = suite_create("ops");
    TCase *tc = tcase_create("ops");
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, health_ready_metrics);
    tcase_add_test(tc, openapi_and_docs_are_served);
    tcase_add_test(tc, docs_render_every_operation_in_chromium);
    tcase_add_test(tc, metrics_are_protected);
    tcase_add_test(tc, request_id_echoed_or_generated);
    tcase_add_test(tc, unknown_path_and_wrong_method_are_problems);
    tcase_add_test(tc, cors_preflight_only_for_configured_origins);
    tcase_add_test(tc, me_shows_the_principal);
    tcase_add_test(tc, problems_in_german);
    tcase_add_test(tc, vocabularies_match_the_document);
    suite_add_tcase(s, tc);
    return s;
}
