/* test_events.c - the event feed: what an agency may see (and stops
 * seeing when a consent is revoked), and a cursor that never skips or
 * repeats an event while many writers commit concurrently, and long polls
 * that wait without holding a worker thread. */
#include "case_fixture.h"

#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Reads the whole feed after cursor (in/out, may be ""); appends "type:resource" lines to out. */
static int drain(const char *token, char *cursor, size_t cursor_len, char *out, size_t outlen,
                 const char *types)
{
    int n = 0;
    for (;;) {
        char path[512];
        snprintf(path, sizeof path, "/v1/events?limit=7%s%s%s%s", cursor[0] ? "&cursor=" : "", cursor,
                 types ? "&types=" : "", types ? types : "");
        http_resp_t *r = http("GET", path, token, NULL, NULL);
        ck_assert_msg(r->status == 200, "%ld %s", r->status, r->body);
        size_t i;
        json_t *it;
        json_array_foreach(json_object_get(r->json, "items"), i, it) {
            char line[160];
            snprintf(line, sizeof line, "%s:%s\n", json_string_value(json_object_get(it, "type")),
                     json_string_value(json_object_get(it, "resource_id")));
            if (strlen(out) + strlen(line) < outlen)
                strcat(out, line);
            n++;
        }
        /* a feed's cursor always points after what was read */
        const char *next = jstr(r, "next_cursor");
        int more = json_array_size(json_object_get(r->json, "items")) == 7;
        if (next)
            snprintf(cursor, cursor_len, "%s", next);
        http_free(r);
        if (!more)
            return n;
    }
}

/* The feed's current end, as a cursor ("" when empty). */
static void tail_cursor(const char *token, char *cursor, size_t len)
{
    static char sink[65536];
    sink[0] = '\0';
    cursor[0] = '\0';
    drain(token, cursor, len, sink, sizeof sink, NULL);
}

START_TEST(visibility_follows_consent)
{
    char *lead = demo_token("demo-jobcenter"), *caritas = demo_token("demo-caritas");
    char cur_lead[128], cur_ca[128];
    tail_cursor(lead, cur_lead, sizeof cur_lead);
    tail_cursor(caritas, cur_ca, sizeof cur_ca);
    char m[9];
    random_hex(m, 8);
    char *case_id = create_case(lead, m);
    static char seen[65536];
    seen[0] = '\0';
    char c1[128];
    snprintf(c1, sizeof c1, "%s", cur_ca);
    drain(caritas, c1, sizeof c1, seen, sizeof seen, NULL);
    ck_assert_ptr_null(strstr(seen, case_id));
    char *consent = grant(lead, case_id, CARITAS_AGENCY, "[\"identity\"]", NULL);
    seen[0] = '\0';
    snprintf(c1, sizeof c1, "%s", cur_ca);
    drain(caritas, c1, sizeof c1, seen, sizeof seen, NULL);
    char want[128];
    snprintf(want, sizeof want, "case.created:%s\n", case_id);
    ck_assert_ptr_nonnull(strstr(seen, want));
    ck_assert_ptr_nonnull(strstr(seen, "consent.granted:"));
    /* types filter */
    seen[0] = '\0';
    snprintf(c1, sizeof c1, "%s", cur_ca);
    drain(caritas, c1, sizeof c1, seen, sizeof seen, "consent.granted");
    ck_assert_ptr_null(strstr(seen, "case.created"));
    ck_assert_ptr_nonnull(strstr(seen, "consent.granted"));
    /* revoked: the case's events are gone for Caritas */
    char rp[256];
    snprintf(rp, sizeof rp, "/v1/cases/%s/consents/%s/revoke", case_id, consent);
    ck_assert_int_eq(status_of("POST", rp, lead, NULL), 200);
    seen[0] = '\0';
    snprintf(c1, sizeof c1, "%s", cur_ca);
    drain(caritas, c1, sizeof c1, seen, sizeof seen, NULL);
    ck_assert_ptr_null(strstr(seen, case_id));
    ck_assert_int_eq(status_of("GET", "/v1/events?cursor=bm9wZQ", caritas, NULL), 400);
    ck_assert_int_eq(status_of("GET", "/v1/events?types=DROP%20TABLE", caritas, NULL), 400);
    char *ministry = demo_token("demo-ministry");
    ck_assert_int_eq(status_of("GET", "/v1/events", ministry, NULL), 403);
    free(ministry);
    free(consent);
    free(case_id);
    free(lead);
    free(caritas);
}
END_TEST

START_TEST(cursor_sees_every_event_once_in_order_under_concurrent_writers)
{
    enum { WRITERS = 40 };
    char *coord = demo_token("demo-coordinator");
    char cursor[128];
    tail_cursor(coord, cursor, sizeof cursor);
    char marker[9];
    random_hex(marker, 8);
    CURLM *multi = curl_multi_init();
    CURL *h[WRITERS];
    char auth[4096], bodies[WRITERS][128], url[128];
    snprintf(auth, sizeof auth, "Authorization: Bearer %s", coord);
    struct curl_slist *hdrs = curl_slist_append(NULL, auth);
    hdrs = curl_slist_append(hdrs, "Content-Type: application/json");
    snprintf(url, sizeof url, "%s/v1/agencies", g_base);
    FILE *null = fopen("/dev/null", "w");
    for (int i = 0; i < WRITERS; i++) {
        snprintf(bodies[i], sizeof bodies[i], "{\"name\":\"Feed %s %02d\",\"kind\":\"other\"}", marker, i);
        h[i] = curl_easy_init();
        curl_easy_setopt(h[i], CURLOPT_URL, url);
        curl_easy_setopt(h[i], CURLOPT_HTTPHEADER, hdrs);
        curl_easy_setopt(h[i], CURLOPT_POSTFIELDS, bodies[i]);
        curl_easy_setopt(h[i], CURLOPT_WRITEDATA, null);
        curl_multi_add_handle(multi, h[i]);
    }
    /* read while they commit */
    static char seen[1 << 16];
    seen[0] = '\0';
    int running = 1, reads = 0;
    while (running) {
        curl_multi_perform(multi, &running);
        curl_multi_wait(multi, NULL, 0, 5, NULL);
        drain(coord, cursor, sizeof cursor, seen, sizeof seen, "agency.created");
        reads++;
    }
    for (int i = 0; i < WRITERS; i++) {
        long st = 0;
        curl_easy_getinfo(h[i], CURLINFO_RESPONSE_CODE, &st);
        ck_assert_int_eq(st, 201);
        curl_multi_remove_handle(multi, h[i]);
        curl_easy_cleanup(h[i]);
    }
    curl_multi_cleanup(multi);
    curl_slist_free_all(hdrs);
    fclose(null);
    drain(coord, cursor, sizeof cursor, seen, sizeof seen, "agency.created");
    /* every new agency exactly once */
    char sql[256];
    snprintf(sql, sizeof sql, "SELECT string_agg(id::text, ',') FROM agencies WHERE name LIKE 'Feed %s %%'", marker);
    char *ids = sql_super(sql);
    int found = 0;
    for (char *id = strtok(ids, ","); id; id = strtok(NULL, ",")) {
        char line[128];
        snprintf(line, sizeof line, "agency.created:%s\n", id);
        char *first = strstr(seen, line);
        ck_assert_msg(first != NULL, "event of %s missing after %d reads", id, reads);
        ck_assert_msg(strstr(first + 1, line) == NULL, "event of %s seen twice", id);
        found++;
    }
    ck_assert_int_eq(found, WRITERS);
    free(ids);
    free(coord);
}
END_TEST

typedef struct sink {
    char buf[8192];
    size_t len;
} sink_t;

static size_t to_sink(char *data, size_t size, size_t n, void *arg)
{
    sink_t *s = arg;
    size_t k = size * n;
    if (s->len + k < sizeof s->buf) {
        memcpy(s->buf + s->len, data, k);
        s->len += k;
        s->buf[s->len] = '\0';
    }
    return k;
}

static double seconds(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* Long polls: more waiters than the server has worker threads (4 in the
 * tests) all wait without blocking other requests, and wake with the
 * event that commits; another network's waiter sleeps on to its deadline. */
START_TEST(long_polls_wait_without_holding_threads)
{
    enum { WAITERS = 12 };
    char *coord = demo_token("demo-coordinator");
    char cursor[128], net[40], agency[40], *other, other_cursor[128];
    tail_cursor(coord, cursor, sizeof cursor);
    new_network(net, &other, agency);
    tail_cursor(other, other_cursor, sizeof other_cursor);
    ck_assert_int_eq(status_of("GET", "/v1/events?wait=31", coord, NULL), 400);
    ck_assert_int_eq(status_of("GET", "/v1/events?wait=soon", coord, NULL), 400);

    CURLM *multi = curl_multi_init();
    CURL *h[WAITERS + 1];
    static sink_t out[WAITERS + 1];
    char auth[2][4096], url[2][512];
    struct curl_slist *hdrs[2];
    snprintf(auth[0], sizeof auth[0], "Authorization: Bearer %s", coord);
    snprintf(auth[1], sizeof auth[1], "Authorization: Bearer %s", other);
    snprintf(url[0], sizeof url[0], "%s/v1/events?wait=20&cursor=%s", g_base, cursor);
    snprintf(url[1], sizeof url[1], "%s/v1/events?wait=2%s%s", g_base, other_cursor[0] ? "&cursor=" : "",
             other_cursor);
    for (int k = 0; k < 2; k++)
        hdrs[k] = curl_slist_append(NULL, auth[k]);
    for (int i = 0; i <= WAITERS; i++) {
        int k = i == WAITERS;
        out[i].len = 0;
        out[i].buf[0] = '\0';
        h[i] = curl_easy_init();
        curl_easy_setopt(h[i], CURLOPT_URL, url[k]);
        curl_easy_setopt(h[i], CURLOPT_HTTPHEADER, hdrs[k]);
        curl_easy_setopt(h[i], CURLOPT_WRITEFUNCTION, to_sink);
        curl_easy_setopt(h[i], CURLOPT_WRITEDATA, &out[i]);
        curl_multi_add_handle(multi, h[i]);
    }
    int running = 1;
    double start = seconds();
    while (seconds() - start < 0.5) {
        curl_multi_perform(multi, &running);
        curl_multi_wait(multi, NULL, 0, 20, NULL);
    }
    ck_assert_int_eq(running, WAITERS + 1); /* all still waiting */
    /* other requests are served meanwhile, database ones too */
    ck_assert_int_eq(status_of("GET", "/healthz", NULL, NULL), 200);
    http_resp_t *metrics = http("GET", "/metrics", NULL, NULL, NULL);
    ck_assert_ptr_nonnull(strstr(metrics->body, "lotse_long_polls_waiting 13\n"));
    http_free(metrics);
    ck_assert_int_eq(status_of("GET", "/v1/agencies?limit=1", coord, NULL), 200);
    char m[9], body[128];
    random_hex(m, 8);
    snprintf(body, sizeof body, "{\"name\":\"Wecker %s\",\"kind\":\"other\"}", m);
    http_resp_t *r = http("POST", "/v1/agencies", coord, body, NULL);
    ck_assert_int_eq(r->status, 201);
    char id[40];
    snprintf(id, sizeof id, "%s", jstr(r, "id"));
    http_free(r);
    double posted = seconds();
    while (running > 1 && seconds() - posted < 15) {
        curl_multi_perform(multi, &running);
        curl_multi_wait(multi, NULL, 0, 20, NULL);
    }
    double woke = seconds() - posted;
    ck_assert_msg(running <= 1, "%d long polls still waiting %.1f s after the event", running - 1, woke);
    for (int i = 0; i < WAITERS; i++) {
        long st = 0;
        curl_easy_getinfo(h[i], CURLINFO_RESPONSE_CODE, &st);
        ck_assert_int_eq(st, 200);
        ck_assert_msg(strstr(out[i].buf, id) && strstr(out[i].buf, "agency.created"), "%s", out[i].buf);
    }
    /* the other network's waiter saw nothing and answered at its deadline */
    while (running > 0 && seconds() - start < 15) {
        curl_multi_perform(multi, &running);
        curl_multi_wait(multi, NULL, 0, 20, NULL);
    }
    ck_assert_int_eq(running, 0);
    ck_assert_msg(seconds() - start >= 1.9, "the empty long poll answered early");
    json_t *empty = json_loads(out[WAITERS].buf, 0, NULL);
    ck_assert_msg(empty && json_array_size(json_object_get(empty, "items")) == 0, "%s", out[WAITERS].buf);
    json_decref(empty);
    for (int i = 0; i <= WAITERS; i++) {
        curl_multi_remove_handle(multi, h[i]);
        curl_easy_cleanup(h[i]);
    }
    curl_multi_cleanup(multi);
    for (int k = 0; k < 2; k++)
        curl_slist_free_all(hdrs[k]);
    free(coord);
    free(other);
}
END_TEST

Suite *suite_events(void)
{
    Suite *s = suite_create("events");
    TCase *tc = tcase_create("events");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, visibility_follows_consent);
    tcase_add_test(tc, cursor_sees_every_event_once_in_order_under_concurrent_writers);
    tcase_add_test(tc, long_polls_wait_without_holding_threads);
    suite_add_tcase(s, tc);
    return s;
}
