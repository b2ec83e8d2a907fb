/* test_limits.c - bodies: size, depth, duplicates, unknown and mistyped
 * fields, media types; and a sweep that sends malformed input to every
 * route and expects a problem, never a 500 and never a changed row; and
 * the rate limits. */
#include "handlers.h"
#include "harness.h"
#include "router.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/time.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

static char *coord;

static void setup(void)
{
    coord = demo_token("demo-coordinator");
}

static void teardown(void)
{
    free(coord);
}

static long post_agency(const char *body, const char *ct, const char *const *extra, http_resp_t **out)
{
    http_resp_t *r = http_to(g_base, "POST", "/v1/agencies", coord, ct, body, 0, extra);
    long st = r->status;
    if (out)
        *out = r;
    else
        http_free(r);
    return st;
}

START_TEST(body_size_limit)
{
    size_t n = 70 * 1024;
    char *big = malloc(n + 64);
    snprintf(big, n + 64, "{\"name\":\"%0*d\",\"kind\":\"school\"}", (int)n, 0);
    http_resp_t *r;
    ck_assert_int_eq(post_agency(big, NULL, NULL, &r), 413);
    ck_assert_str_eq(jstr(r, "type"), "https://lotse.example/problems/payload-too-large");
    http_free(r);
    const char *chunked[] = {"Transfer-Encoding: chunked", NULL};
    ck_assert_int_eq(post_agency(big, NULL, chunked, NULL), 413);
    free(big);
}
END_TEST

START_TEST(depth_and_syntax)
{
    char deep[400] = "{\"name\":";
    for (int i = 0; i < 100; i++)
        strcat(deep, "[");
    for (int i = 0; i < 100; i++)
        strcat(deep, "]");
    strcat(deep, "}");
    http_resp_t *r;
    ck_assert_int_eq(post_agency(deep, NULL, NULL, &r), 400);
    ck_assert_ptr_nonnull(strstr(jstr(r, "detail"), "deeper"));
    http_free(r);
    ck_assert_int_eq(post_agency("{\"name\":\"a\",\"name\":\"b\",\"kind\":\"school\"}", NULL, NULL, &r), 400);
    ck_assert_ptr_nonnull(strstr(jstr(r, "detail"), "duplicate"));
    http_free(r);
    ck_assert_int_eq(post_agency("{\"name\":", NULL, NULL, NULL), 400);
    ck_assert_int_eq(post_agency("[1,2]", NULL, NULL, NULL), 400);
    ck_assert_int_eq(post_agency("\"text\"", NULL, NULL, NULL), 400);
    ck_assert_int_eq(post_agency("{\"name\":\"\xff\xfe\",\"kind\":\"school\"}", NULL, NULL, NULL), 400);
    ck_assert_int_eq(post_agency("{\"name\":\"a\\u0000b\",\"kind\":\"school\"}", NULL, NULL, NULL), 400);
    ck_assert_int_eq(post_agency("{\"name\":\"x\",\"kind\":\"school\"}", "text/plain", NULL, NULL), 415);
}
END_TEST

/* A query parameter the operation does not declare (in the document the
 * binary embeds) is a 400 naming it, in German too, never ignored: a
 * mistyped filter used to answer the unfiltered list. */
START_TEST(unknown_query_parameters_named)
{
    char *jc = demo_token("demo-jobcenter");
    static const char *const CALLS[][3] = {
        {"/v1/cases?nme=Karimi", "nme", "jc"},
        {"/v1/referrals?direction=incoming&overdu=true", "overdu", "jc"},
        {"/v1/agencies?limit=2&cursr=x", "cursr", "jc"},
        {"/v1/public/networks/RBK/offers?qq=Sprachkurse", "qq", NULL},
    };
    for (size_t i = 0; i < sizeof CALLS / sizeof CALLS[0]; i++) {
        http_resp_t *r = http("GET", CALLS[i][0], CALLS[i][2] ? jc : NULL, NULL, NULL);
        ck_assert_msg(r->status == 400, "%s: %ld", CALLS[i][0], r->status);
        ck_assert_ptr_nonnull(strstr(jstr(r, "detail"), CALLS[i][1]));
        http_free(r);
    }
    const char *de[] = {"Accept-Language: de", NULL};
    http_resp_t *r = http("GET", "/v1/cases?nme=Karimi", jc, NULL, de);
    ck_assert_int_eq(r->status, 400);
    ck_assert_str_eq(jstr(r, "detail"), "Unbekannter Abfrageparameter nme");
    http_free(r);
    /* the declared ones still work */
    r = http("GET", "/v1/cases?limit=1&status=open", jc, NULL, NULL);
    ck_assert_int_eq(r->status, 200);
    http_free(r);
    free(jc);
}
END_TEST

/* With Accept-Language: de the field messages and the reason of a 401
 * come in German too, not only the title and detail. */
START_TEST(german_field_messages_and_401)
{
    const char *de[] = {"Accept-Language: de", NULL};
    http_resp_t *r = http("POST", "/v1/agencies", coord, "{\"kind\":\"school\",\"colour\":1}", de);
    ck_assert_int_eq(r->status, 400);
    char *errs = json_dumps(json_object_get(r->json, "errors"), JSON_COMPACT);
    ck_assert_msg(strstr(errs, "ist erforderlich") && strstr(errs, "ist kein bekanntes oder schreibbares Feld"),
                  "%s", errs);
    free(errs);
    http_free(r);
    r = http("GET", "/v1/agencies", NULL, NULL, de);
    ck_assert_int_eq(r->status, 401);
    ck_assert_str_eq(jstr(r, "detail"), "Senden Sie Authorization: Bearer <Token>");
    http_free(r);
    r = http("GET", "/v1/agencies", "not.a.jwt", NULL, de);
    ck_assert_int_eq(r->status, 401);
    ck_assert_str_eq(jstr(r, "detail"), "Kopf oder Inhalt des Tokens ist kein base64url-JSON");
    http_free(r);
}
END_TEST

START_TEST(unknown_and_mistyped_fields_named)
{
    http_resp_t *r;
    ck_assert_int_eq(post_agency("{\"name\":5,\"kind\":\"school\",\"colour\":\"blue\",\"active\":\"yes\"}",
                                 NULL, NULL, &r), 400);
    ck_assert_str_eq(jstr(r, "type"), "https://lotse.example/problems/validation");
    char *errs = json_dumps(json_object_get(r->json, "errors"), JSON_COMPACT);
    ck_assert_ptr_nonnull(strstr(errs, "\"pointer\":\"/name\""));
    ck_assert_ptr_nonnull(strstr(errs, "\"pointer\":\"/colour\""));
    ck_assert_ptr_nonnull(strstr(errs, "\"pointer\":\"/active\""));
    free(errs);
    http_free(r);
    char longname[300];
    memset(longname, 'x', 250);
    longname[250] = '\0';
    char body[400];
    snprintf(body, sizeof body, "{\"name\":\"%s\",\"kind\":\"school\"}", longname);
    ck_assert_int_eq(post_agency(body, NULL, NULL, NULL), 400);
    char *n = sql_super("SELECT count(*) FROM agencies WHERE kind = 'school' AND name ~ '^x+$'");
    ck_assert_str_eq(n, "0");
    free(n);
}
END_TEST

START_TEST(no_route_answers_500_to_malformed_input)
{
    static const char *const BODIES[] = {
        "", "{", "null", "[]", "{\"a\":1}", "{\"name\":null,\"kind\":null,\"roles\":null}",
        "{\"name\":{\"x\":[1,2,{}]}}", "{\"roles\":[1,{},null]}", "\xc3\x28", "{\"name\":1e999}",
        "{\"ags\":\"0537800x\",\"code\":\"\",\"state\":\"nrw\"}",
    };
    static const char *const IDS[] = {"not-a-uuid", "00000000-0000-0000-0000-000000000000",
                                      "%00", "..", "05378004'--"};
    char *events_before = sql_super("SELECT count(*) FROM events");
    char *tokens[] = {coord, demo_token("demo-jobcenter"), demo_token("demo-platform")};
    size_t n;
    const route_t *t = routes_table(&n);
    for (size_t i = 0; i < n; i++)
        for (size_t k = 0; k < sizeof IDS / sizeof IDS[0]; k++)
            for (size_t b = 0; b < sizeof BODIES / sizeof BODIES[0]; b++) {
                char path[256];
                const char *brace = strchr(t[i].pattern, '{');
                if (brace)
                    snprintf(path, sizeof path, "%.*s%s%s", (int)(brace - t[i].pattern),
                             t[i].pattern, IDS[k], strchr(brace, '}') + 1);
                else if (k > 0)
                    continue;
                else
                    snprintf(path, sizeof path, "%s", t[i].pattern);
                const char *ifm[] = {"If-Match: \"v1\"", NULL};
                http_resp_t *r = http_to(g_base, t[i].method, path, tokens[b % 3],
                                         "application/json", BODIES[b], 0, ifm);
                ck_assert_msg(r->status > 0 && r->status < 500 && r->status != 201 &&
                                  !(r->status == 200 && strcmp(t[i].method, "GET") != 0),
                              "%s %s body %zu: %ld %s", t[i].method, path, b, r->status, r->body);
                http_free(r);
            }
    char *events_after = sql_super("SELECT count(*) FROM events");
    ck_assert_str_eq(events_before, events_after);
    free(events_before);
    free(events_after);
    free(tokens[1]);
    free(tokens[2]);
}
END_TEST

/* Rate limits on a server of their own (2 requests a second per API
 * client, burst 3; 3 failed token requests a minute per address): the
 * fourth quick request of a client is 429 with Retry-After while another
 * client goes on, and after three failed token requests even the right
 * secret waits. */
START_TEST(rate_limits_per_client_and_failed_tokens)
{
    char base[64];
    const char *env[] = {"LOTSE_RATE_CLIENT_PER_S=2", "LOTSE_RATE_CLIENT_BURST=3",
                         "LOTSE_RATE_ADDRESS_PER_S=1000", "LOTSE_TOKEN_FAILURES_PER_MIN=3", NULL};
    pid_t pid = server_start(env, base);
    char *jc = demo_token("demo-jobcenter"), *ca = demo_token("demo-caritas");
    long st[5];
    for (int i = 0; i < 5; i++) {
        http_resp_t *r = http_to(base, "GET", "/v1/me", jc, NULL, NULL, 0, NULL);
        st[i] = r->status;
        if (r->status == 429) {
            ck_assert_str_eq(jstr(r, "type"), "https://lotse.example/problems/too-many-requests");
            char *retry = resp_header_value(r, "Retry-After");
            ck_assert_ptr_nonnull(retry);
            ck_assert_int_ge(atoi(retry), 1);
            free(retry);
        }
        http_free(r);
    }
    ck_assert_int_eq(st[0], 200);
    ck_assert_int_eq(st[2], 200);
    ck_assert_int_eq(st[4], 429);
    /* /metrics counts the 429 of its route */
    http_resp_t *m = http_to(base, "GET", "/metrics", NULL, NULL, NULL, 0, NULL);
    ck_assert_msg(strstr(m->body, "route=\"/v1/me\",status=\"429\"}") != NULL, "no 429 in /metrics");
    http_free(m);
    /* a user whose sub is longer than a bucket's key is limited all the same */
    char payload[512];
    long long now = (long long)time(NULL);
    snprintf(payload, sizeof payload,
             "{\"iss\":\"lotse\",\"aud\":\"lotse\",\"sub\":\"user:%0100d\",\"iat\":%lld,\"exp\":%lld,"
             "\"roles\":[\"caseworker\"],\"agency\":\"" CARITAS_AGENCY "\","
             "\"network\":\"a0000000-0000-4000-8000-000000000001\"}", 7, now, now + 600);
    char *longsub = jwt_sign("HS256", "{\"alg\":\"HS256\",\"typ\":\"JWT\"}", payload, TEST_JWT_SECRET);
    for (int i = 0; i < 5; i++) {
        http_resp_t *q = http_to(base, "GET", "/v1/me", longsub, NULL, NULL, 0, NULL);
        st[i] = q->status;
        http_free(q);
    }
    free(longsub);
    ck_assert_msg(st[0] == 200 && st[4] == 429, "a 105-character sub: %ld ... %ld", st[0], st[4]);
    http_resp_t *r = http_to(base, "GET", "/v1/me", ca, NULL, NULL, 0, NULL);
    ck_assert_int_eq(r->status, 200); /* another client is not held up */
    http_free(r);
    const char *form = "grant_type=client_credentials";
    const char *wrong[] = {"Authorization: Basic ZGVtby1hd286d3Jvbmc=", NULL};   /* demo-awo:wrong */
    const char *right[] = {"Authorization: Basic ZGVtby1hd286ZGVtby1hd28tc2VjcmV0", NULL}; /* demo-awo:demo-awo-secret */
    for (int i = 0; i < 3; i++) {
        r = http_to(base, "POST", "/v1/oauth/token", NULL, "application/x-www-form-urlencoded", form, 0, wrong);
        ck_assert_int_eq(r->status, 401);
        http_free(r);
    }
    r = http_to(base, "POST", "/v1/oauth/token", NULL, "application/x-www-form-urlencoded", form, 0, right);
    ck_assert_int_eq(r->status, 429);
    char *retry = resp_header_value(r, "Retry-After");
    ck_assert_ptr_nonnull(retry);
    ck_assert_int_ge(atoi(retry), 1);
    free(retry);
    http_free(r);
    server_stop(pid);
    free(jc);
    free(ca);
}
END_TEST

static long status_of_base(const char *base, const char *path)
{
    http_resp_t *r = http_to(base, "GET", path, NULL, NULL, NULL, 0, NULL);
    long st = r->status;
    http_free(r);
    return st;
}

/* Raw bytes to the server; the whole answer (until it closes or 2 s pass). */
static char *raw(const char *base, const char *bytes, size_t len)
{
    int port = atoi(strrchr(base, ':') + 1);
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ck_assert_int_eq(connect(fd, (struct sockaddr *)&a, sizeof a), 0);
    struct timeval tv = {2, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    ck_assert_int_eq((int)write(fd, bytes, len), (int)len);
    static char out[1 << 16];
    size_t n = 0;
    ssize_t k;
    while (n + 1 < sizeof out && (k = read(fd, out + n, sizeof out - 1 - n)) > 0)
        n += (size_t)k;
    out[n] = '\0';
    close(fd);
    return out;
}

static int answers(const char *s)
{
    int n = 0;
    for (const char *p = strstr(s, "HTTP/1.1 "); p; p = strstr(p + 1, "HTTP/1.1 "))
        n++;
    return n;
}

/* Ambiguous framing is refused before the body, and what follows is not
 * taken for a second request; oversized headers are 431. */
START_TEST(no_request_smuggling)
{
    const char *cases[] = {
        "POST /v1/agencies HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n"
        "0\r\n\r\nGET /healthz HTTP/1.1\r\nHost: x\r\n\r\n",
        "POST /v1/agencies HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nContent-Length: 40\r\n\r\n"
        "{}GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n",
        "POST /v1/agencies HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\nabc",
    };
    for (size_t i = 0; i < 3; i++) {
        char *out = raw(g_base, cases[i], strlen(cases[i]));
        ck_assert_msg(strncmp(out, "HTTP/1.1 400", 12) == 0, "%zu: %.80s", i, out);
        ck_assert_ptr_nonnull(strstr(out, "ambiguous message framing"));
        ck_assert_msg(answers(out) == 1, "%zu: a second answer: %s", i, out);
    }
    static char big[40200];
    int n = snprintf(big, sizeof big, "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ");
    memset(big + n, 'a', 40000);
    memcpy(big + n + 40000, "\r\n\r\n", 5);
    char *out = raw(g_base, big, strlen(big));
    ck_assert_msg(strncmp(out, "HTTP/1.1 431", 12) == 0, "%.80s", out);
    /* the server is fine */
    ck_assert_int_eq(status_of_base(g_base, "/healthz"), 200);
}
END_TEST

/* JSON that breaks parsers: lone surrogates, numbers out of range, and
 * 100,000 keys on a server that takes 4 MB bodies: 400 each, named. */
START_TEST(hostile_json)
{
    http_resp_t *r;
    ck_assert_int_eq(post_agency("{\"name\":\"\\ud800\",\"kind\":\"school\"}", NULL, NULL, NULL), 400);
    ck_assert_int_eq(post_agency("{\"name\":\"\\udc00x\",\"kind\":\"school\"}", NULL, NULL, NULL), 400);
    ck_assert_int_eq(post_agency("{\"name\":\"x\",\"kind\":\"school\",\"n\":1e400}", NULL, NULL, NULL), 400);
    ck_assert_int_eq(post_agency("{\"name\":\"x\",\"kind\":\"school\",\"n\":99999999999999999999999}", NULL, NULL, NULL), 400);
    char base[64];
    const char *env[] = {"LOTSE_MAX_BODY_BYTES=4194304", NULL};
    pid_t pid = server_start(env, base);
    size_t cap = 2000000, len = 0;
    char *body = malloc(cap);
    len += (size_t)snprintf(body, cap, "{\"name\":\"x\",\"kind\":\"school\"");
    for (int i = 0; i < 100000; i++)
        len += (size_t)snprintf(body + len, cap - len, ",\"k%d\":%d", i, i);
    body[len++] = '}';
    body[len] = '\0';
    r = http_to(base, "POST", "/v1/agencies", coord, NULL, body, len, NULL);
    ck_assert_int_eq(r->status, 400);
    ck_assert_int_eq(json_array_size(json_object_get(r->json, "errors")), 100); /* the first ones named */
    http_free(r);
    free(body);
    ck_assert_int_eq(status_of_base(base, "/healthz"), 200);
    server_stop(pid);
}
END_TEST

/* Resident memory of process pid in kB. */
static long rss_kb(pid_t pid)
{
    char path[64], line[256];
    snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
    FILE *f = fopen(path, "r");
    ck_assert_ptr_nonnull(f);
    long kb = -1;
    while (fgets(line, sizeof line, f))
        if (strncmp(line, "VmRSS:", 6) == 0)
            kb = atol(line + 6);
    fclose(f);
    return kb;
}

/* Slowloris (slowhttptest, 400 connections sending headers slowly) and
 * 10,000 idle connections against a server with a 3 s connection timeout:
 * legitimate requests are served throughout, the slow connections are
 * closed by the server, and the idle ones cost bounded memory (reported). */
START_TEST(slowloris_and_idle_connections)
{
    char base[64], cmd[512];
    const char *env[] = {"LOTSE_CONNECTION_TIMEOUT=3", "LOTSE_MAX_CONNECTIONS=20000", NULL};
    pid_t pid = server_start(env, base);
    snprintf(cmd, sizeof cmd, "slowhttptest -c 400 -H -i 5 -r 200 -t GET -u %s/healthz -x 24 -p 2 -l 10 "
             ">build/slowloris.log 2>&1 &", base);
    ck_assert_int_eq(system(cmd), 0);
    sleep(2);
    for (int i = 0; i < 5; i++) {
        http_resp_t *r = http_to(base, "GET", "/v1/agencies?limit=1", coord, NULL, NULL, 0, NULL);
        ck_assert_msg(r->status == 200, "legitimate request %d during slowloris: %ld", i, r->status);
        http_free(r);
        sleep(1);
    }
    for (int i = 0; i < 100 && system("pgrep -x slowhttptest >/dev/null") == 0; i++)
        usleep(200000);
    FILE *f = fopen("build/slowloris.log", "r");
    ck_assert_ptr_nonnull(f);
    static char log[1 << 16];
    size_t n = fread(log, 1, sizeof log - 1, f);
    log[n] = '\0';
    fclose(f);
    ck_assert_msg(strstr(log, "No open connections left") != NULL, "the server kept slow connections: %s",
                  log + (n > 600 ? n - 600 : 0));

    /* 10,000 idle connections, or as many as the open-file limit allows
     * (main() raised it to the hard limit; server and test share it) */
    struct rlimit rl;
    ck_assert_int_eq(getrlimit(RLIMIT_NOFILE, &rl), 0);
    int want = 10000;
    if (rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < (rlim_t)want + 200) {
        want = (int)rl.rlim_cur - 200;
        printf("limits: the open-file limit is %lu: %d idle connections instead of 10,000\n",
               (unsigned long)rl.rlim_cur, want);
    }
    ck_assert_msg(want >= 500, "open-file limit %lu too low for the idle-connection test",
                  (unsigned long)rl.rlim_cur);
    long before = rss_kb(pid);
    int port = atoi(strrchr(base, ':') + 1), open_ok = 0;
    static int fds[10000];
    for (int i = 0; i < want; i++) {
        fds[i] = socket(AF_INET, SOCK_STREAM, 0);
        struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        open_ok += fds[i] >= 0 && connect(fds[i], (struct sockaddr *)&a, sizeof a) == 0;
    }
    usleep(500000);
    long during = rss_kb(pid);
    http_resp_t *r = http_to(base, "GET", "/v1/agencies?limit=1", coord, NULL, NULL, 0, NULL);
    ck_assert_int_eq(r->status, 200);
    http_free(r);
    printf("limits: %d idle connections (%d open): lotse RSS %ld kB -> %ld kB (+%ld kB, %.1f kB each)\n",
           want, open_ok, before, during, during - before, (double)(during - before) / want);
    ck_assert_int_eq(open_ok, want);
    ck_assert_msg(during - before < 20 * want, "%d idle connections cost %ld kB", want, during - before);
    for (int i = 0; i < want; i++)
        if (fds[i] >= 0)
            close(fds[i]);
    server_stop(pid);
}
END_TEST

Suite *suite_limits(void)
{
    Suite *s = suite_create("limits");
    TCase *tc = tcase_create("bodies");
    tcase_set_timeout(tc, 120);
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, body_size_limit);
    tcase_add_test(tc, depth_and_syntax);
    tcase_add_test(tc, unknown_and_mistyped_fields_named);
    tcase_add_test(tc, unknown_query_parameters_named);
    tcase_add_test(tc, german_field_messages_and_401);
    tcase_add_test(tc, no_route_answers_500_to_malformed_input);
    tcase_add_test(tc, rate_limits_per_client_and_failed_tokens);
    tcase_add_test(tc, no_request_smuggling);
    tcase_add_test(tc, hostile_json);
    tcase_add_test(tc, slowloris_and_idle_connections);
    suite_add_tcase(s, tc);
    return s;
}
