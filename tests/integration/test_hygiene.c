/* test_hygiene.c - what may enter at the edges: one-line fields refuse
 * control characters and bidirectional overrides, URLs must be https
 * without control characters, and calendar output escapes and folds every
 * text so that no stored value can add a line or an event. */
#include "case_fixture.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Does the answer refuse the member at pointer with 400? */
static int refused_at(const char *method, const char *path, const char *token, const char *body,
                      const char *pointer)
{
    const char *hdr[] = {"If-Match: *", NULL};
    http_resp_t *r = http(method, path, token, body, hdr);
    int refused = r->status == 400 && refuses_member(r, pointer);
    if (!refused)
        fprintf(stderr, "hygiene: %s %s answered %ld: %.300s\n", method, path, r->status, r->body);
    http_free(r);
    return refused;
}

START_TEST(one_line_fields_refuse_control_characters_and_bidi_overrides)
{
    char *jc, *caritas, *awo, *mbe;
    demo_team(&jc, &caritas, &awo, &mbe);
    char *before = sql_one("SELECT count(*) FROM cases");
    static const char *const NAMES[] = {"Amina\\r\\nX", "Amina\\u202eanimA", "Amina\\u2066X", "Amina\\u0085",
                                        "Amina\\u0007", "Amina\\tX", "Amina\\u2028X", "Amina\\u2029X",
                                        "Amina\\u200fX", "Amina\\u061cX", "Amina\\u200bX", "Amina\\ufeffX"};
    for (size_t i = 0; i < sizeof NAMES / sizeof NAMES[0]; i++) {
        char body[512];
        snprintf(body, sizeof body, "{\"target_group\":\"newly_arrived\",\"person\":{\"first_name\":\"%s\","
                 "\"last_name\":\"Haddad\"}}", NAMES[i]);
        ck_assert_msg(refused_at("POST", "/v1/cases", jc, body, "/person/first_name"), "%s", NAMES[i]);
    }
    char *after = sql_one("SELECT count(*) FROM cases");
    ck_assert_str_eq(before, after); /* nothing stored */
    /* a free text keeps its lines; Arabic and umlauts are fine in names */
    char *id = create_case(jc, "\\u0623\\u0645\\u064a\\u0646\\u0629 J\\u00fcrgen");
    free(create_case(jc, "Mohammad\\u200cReza")); /* Persian names keep their joiners */
    char p[160];
    snprintf(p, sizeof p, "/v1/cases/%s/journal", id);
    ck_assert_int_eq(status_of("POST", p, jc, "{\"text\":\"Erste Zeile\\nzweite Zeile\\tmit Tab\"}"), 201);
    ck_assert(refused_at("POST", p, jc, "{\"text\":\"Glocke\\u0007\"}", "/text"));
    free(id);
    free(before);
    free(after);
    demo_team_free(jc, caritas, awo, mbe);
}
END_TEST

START_TEST(urls_must_be_https_without_control_characters)
{
    char *jc, *caritas, *awo, *mbe;
    demo_team(&jc, &caritas, &awo, &mbe);
    full_case_t f;
    full_case(&f, jc, caritas, "Hygiene");
    static const char *const URLS[] = {
        "https://meet.example.org/a\\r\\nBEGIN:VEVENT\\r\\nSUMMARY:Amina Haddad", "http://meet.example.org/a",
        "javascript:alert(1)", "https://meet.example.org/a b", "https:///nohost", "https://x\\u202e.org"};
    char p[160], body[512];
    snprintf(p, sizeof p, "/v1/conferences/%s/reschedule", f.conference);
    for (size_t i = 0; i < sizeof URLS / sizeof URLS[0]; i++) {
        snprintf(body, sizeof body, "{\"starts_at\":\"2031-03-04T09:00:00Z\",\"ends_at\":"
                 "\"2031-03-04T10:00:00Z\",\"online_url\":\"%s\"}", URLS[i]);
        ck_assert_msg(refused_at("POST", p, jc, body, "/online_url"), "%s", URLS[i]);
    }
    snprintf(body, sizeof body, "{\"starts_at\":\"2031-03-04T09:00:00Z\",\"ends_at\":\"2031-03-04T10:00:00Z\","
             "\"online_url\":\"https://meet.example.org/fallkonferenz?id=7\"}");
    ck_assert_int_eq(status_of("POST", p, jc, body), 200);
    demo_team_free(jc, caritas, awo, mbe);
}
END_TEST

/* A value stored before the checks (written here by SQL) cannot add a
 * line or an event to a feed: every text is escaped, control characters
 * dropped, every line folded at 75 octets. */
START_TEST(calendar_output_escapes_and_folds_whatever_is_stored)
{
    char *jc, *caritas, *awo, *mbe;
    demo_team(&jc, &caritas, &awo, &mbe);
    full_case_t f;
    full_case(&f, jc, caritas, "Kalender");
    char sql[512], p[160];
    snprintf(sql, sizeof sql, "UPDATE conferences SET online_url = E'https://x.example/a\\r\\nEND:VEVENT\\r\\n"
             "BEGIN:VEVENT\\r\\nSUMMARY:Amina Haddad', place = E'Raum 1\\r\\nSUMMARY:Amina Haddad; "
             "%s' WHERE id = '%s'", "Langer Ortsname mit Umlauten äöü und noch mehr Text, der weit über "
             "fünfundsiebzig Oktette hinausgeht", f.conference);
    free(sql_super(sql));
    snprintf(p, sizeof p, "/v1/conferences/%s/calendar.ics", f.conference);
    http_resp_t *r = http("GET", p, jc, NULL, NULL);
    ck_assert_int_eq(r->status, 200);
    int events = 0;
    for (char *line = r->body; line && *line;) {
        char *end = strstr(line, "\r\n");
        ck_assert_msg(end != NULL, "a line without CRLF: %s", line);
        ck_assert_msg(end - line <= 75, "a line of %d octets: %.*s", (int)(end - line), (int)(end - line),
                      line);
        ck_assert_msg(memchr(line, '\n', (size_t)(end - line)) == NULL && memchr(line, '\r', (size_t)(end - line)) == NULL,
                      "a bare line break inside a line");
        ck_assert_msg(strncmp(line, "SUMMARY:Amina", 13) != 0, "an injected SUMMARY line");
        events += strncmp(line, "BEGIN:VEVENT", 12) == 0;
        line = end + 2;
    }
    ck_assert_int_eq(events, 1);
    http_free(r);
    demo_team_free(jc, caritas, awo, mbe);
}
END_TEST

Suite *suite_hygiene(void)
{
    Suite *s = suite_create("hygiene");
    TCase *tc = tcase_create("edges");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, one_line_fields_refuse_control_characters_and_bidi_overrides);
    tcase_add_test(tc, urls_must_be_https_without_control_characters);
    tcase_add_test(tc, calendar_output_escapes_and_folds_whatever_is_stored);
    suite_add_tcase(s, tc);
    return s;
}
