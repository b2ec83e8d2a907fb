/* test_feeds.c - subscribable calendars (issue 23, item 5): an agency
 * admin makes a feed and gets its secret URL once; the URL answers a
 * calendar app without a bearer header with the agency's conferences by
 * reference (no names), audited as the feed; an unknown token and a
 * revoked feed are the same 404 at once; polls are rate-limited per feed;
 * the access log does not carry the token. */
#include "case_fixture.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The path part of a feed URL ("/v1/feeds/..."), in out. */
static void path_of_url(const char *url, char *out, size_t n)
{
    const char *p = strstr(url, "/v1/feeds/");
    ck_assert_ptr_nonnull(p);
    snprintf(out, n, "%s", p);
}

static http_resp_t *new_feed(const char *base, const char *token, const char *label)
{
    char body[128];
    snprintf(body, sizeof body, "{\"label\":\"%s\"}", label);
    return http_to(base, "POST", "/v1/calendar-feeds", token, "application/json", body, 0, NULL);
}

START_TEST(a_feed_shows_references_until_it_is_revoked)
{
    char *jc, *car, *awo, *mbe;
    demo_team(&jc, &car, &awo, &mbe);
    /* a conference of the Jobcenter on a case whose person has a name to look for */
    char *c = create_case(jc, "FeedPerson");
    free(grant(jc, c, CARITAS_AGENCY, "[\"identity\"]", NULL));
    char body[512];
    snprintf(body, sizeof body, "{\"case_id\":\"%s\",\"starts_at\":\"2031-07-01T09:00:00Z\","
             "\"ends_at\":\"2031-07-01T10:00:00Z\",\"place\":\"Rathaus\",\"participants\":[{\"agency_id\":\""
             CARITAS_AGENCY "\",\"role\":\"participant\"}]}", c);
    ck_assert_int_eq(status_of("POST", "/v1/conferences", jc, body), 201);
    char *ref = sqlf("SELECT reference FROM cases WHERE id = '%s'", c);

    http_resp_t *r = http("POST", "/v1/calendar-feeds", jc, "{\"label\":\"Team Sprache\"}",
                          (const char *[]){"Idempotency-Key: feed-once", NULL});
    ck_assert_msg(r->status == 201, "%ld %s", r->status, r->body);
    char path[200], id[40];
    path_of_url(jstr(r, "url"), path, sizeof path);
    snprintf(id, sizeof id, "%s", jstr(r, "id"));
    ck_assert_ptr_nonnull(strstr(jstr(r, "webcal_url"), "webcal://"));
    ck_assert_int_eq(strncmp(path, "/v1/feeds/lcf_", 14), 0);
    http_free(r);
    /* nor does the stored answer of its idempotency key */
    char *kept = sql_super("SELECT count(*) FROM idempotency_keys WHERE body LIKE '%lcf_%'");
    ck_assert_str_eq(kept, "0");
    free(kept);
    /* the list never shows the token again */
    r = http("GET", "/v1/calendar-feeds", jc, NULL, NULL);
    ck_assert_msg(r->status == 200 && strstr(r->body, id) && !strstr(r->body, path + 10), "%s", r->body);
    http_free(r);
    /* a caseworker without agency_admin may not make one */
    char *cw = signed_token("[\"caseworker\"]", JOBCENTER_AGENCY, RBK_NETWORK);
    ck_assert_int_eq(status_of("POST", "/v1/calendar-feeds", cw, "{\"label\":\"x\"}"), 403);
    ck_assert_int_eq(status_of("POST", "/v1/calendar-feeds", jc, "{}"), 400);
    ck_assert_int_eq(status_of("POST", "/v1/calendar-feeds", jc, "{\"label\":\"\"}"), 400);
    free(cw);

    /* the feed, without any token: the conference by reference, no name */
    r = http("GET", path, NULL, NULL, NULL);
    ck_assert_int_eq(r->status, 200);
    char *ct = resp_header_value(r, "Content-Type");
    ck_assert_ptr_nonnull(strstr(ct, "text/calendar"));
    free(ct);
    ck_assert_msg(strstr(r->body, ref) != NULL, "%s", r->body);
    ck_assert_msg(strstr(r->body, "FeedPerson") == NULL, "the feed shows a name: %s", r->body);
    http_free(r);
    char *audited = sqlf("SELECT count(*) FROM audit_log WHERE actor_sub = 'calendar-feed:%s' AND action = "
                         "'conference.calendar' AND actor_agency = '" JOBCENTER_AGENCY "' AND '%s' = ANY (case_ids)",
                         id, c);
    ck_assert_str_eq(audited, "1");
    free(audited);

    /* a token that is no feed, and then the revoked feed: the same 404 */
    http_resp_t *unknown = http("GET", "/v1/feeds/lcf_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA/conferences.ics",
                                NULL, NULL, NULL);
    ck_assert_int_eq(unknown->status, 404);
    char p[96];
    snprintf(p, sizeof p, "/v1/calendar-feeds/%s/revoke", id);
    ck_assert_int_eq(status_of("POST", p, car, NULL), 404); /* another agency's feed is none of Caritas's */
    r = http("POST", p, jc, NULL, (const char *[]){"If-Match: *", NULL});
    ck_assert_msg(r->status == 200 && jstr(r, "revoked_at"), "%ld %s", r->status, r->body);
    http_free(r);
    r = http("GET", path, NULL, NULL, NULL);
    ck_assert_int_eq(r->status, 404);
    ck_assert_str_eq(jstr(r, "detail"), jstr(unknown, "detail"));
    http_free(r);
    http_free(unknown);
    free(ref);
    free(c);
    demo_team_free(jc, car, awo, mbe);
}
END_TEST

/* Polls of one feed beyond LOTSE_CALENDAR_FEED_PER_MIN are 429; the access log shows the
 * route, never the token. */
START_TEST(polls_are_limited_and_the_token_is_not_logged)
{
    char log[] = "/tmp/lotse-feed-log-XXXXXX", base[64];
    int fd = mkstemp(log);
    close(fd);
    setenv("LOTSE_TEST_SERVER_LOG", log, 1);
    pid_t pid = server_start((const char *[]){"LOTSE_CALENDAR_FEED_PER_MIN=3", "LOTSE_LOG_LEVEL=info", NULL}, base);
    unsetenv("LOTSE_TEST_SERVER_LOG");
    char *jc = demo_token("demo-jobcenter");
    http_resp_t *r = new_feed(base, jc, "Limit");
    ck_assert_int_eq(r->status, 201);
    char path[200];
    path_of_url(jstr(r, "url"), path, sizeof path);
    http_free(r);
    /* other methods on the secret path are logged without it too */
    r = http_to(base, "OPTIONS", path, NULL, NULL, NULL, 0, NULL);
    http_free(r);
    r = http_to(base, "DELETE", path, NULL, NULL, NULL, 0, NULL);
    ck_assert_int_eq(r->status, 405);
    http_free(r);
    long last = 0;
    for (int i = 0; i < 4; i++) {
        r = http_to(base, "GET", path, NULL, NULL, NULL, 0, NULL);
        last = r->status;
        ck_assert_msg(i == 3 || r->status == 200, "poll %d: %ld", i, r->status);
        http_free(r);
    }
    ck_assert_int_eq(last, 429);
    ck_assert_int_eq(server_stop(pid), 0);
    char cmd[300], out[64];
    snprintf(cmd, sizeof cmd, "grep -c '%s' %s", path + 10, log);
    shell_output(cmd, out, sizeof out);
    ck_assert_str_eq(out, "0\n");
    snprintf(cmd, sizeof cmd, "grep -c '/v1/feeds/{token}/conferences.ics' %s", log);
    shell_output(cmd, out, sizeof out);
    ck_assert_msg(atoi(out) >= 4, "the access log has %s lines of the feed", out);
    unlink(log);
    free(jc);
}
END_TEST

Suite *suite_feeds(void)
{
    Suite *s = suite_create("feeds");
    TCase *tc = tcase_create("feeds");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, a_feed_shows_references_until_it_is_revoked);
    tcase_add_test(tc, polls_are_limited_and_the_token_is_not_logged);
    suite_add_tcase(s, tc);
    return s;
}
