/* test_sideways.c - categories do not leak sideways: what an agency reads
 * of a conference follows its consent column by column (the
 * personal-data map), decision texts do not come back through the
 * corrections of a journal-only agency, and only the lead agency learns
 * which agencies hold consent (another agency's conference, goal or
 * referral naming an agency without consent stands; that agency sees
 * nothing until the lead grants it). */
#include "case_fixture.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* GET path as token: 200 asserted, the body (malloc'd). */
static char *body_of(const char *path, const char *token)
{
    http_resp_t *r = http("GET", path, token, NULL, NULL);
    ck_assert_msg(r->status == 200, "GET %s: %ld", path, r->status);
    char *b = strdup(r->body);
    http_free(r);
    return b;
}

START_TEST(a_conference_shows_each_agency_only_its_categories)
{
    char *jc, *caritas, *awo, *mbe, marker[9], body[1024], p[200], sql[300];
    demo_team(&jc, &caritas, &awo, &mbe);
    random_hex(marker, 8);
    char *case_id = create_case(jc, marker);
    free(grant(jc, case_id, CARITAS_AGENCY, "[\"journal\"]", NULL)); /* journal only */
    free(grant(jc, case_id, AWO_AGENCY, "[\"identity\"]", NULL));    /* identity only */
    snprintf(body, sizeof body, "{\"case_id\":\"%s\",\"starts_at\":\"2031-05-06T09:00:00Z\","
             "\"ends_at\":\"2031-05-06T10:00:00Z\",\"place\":\"Wohnung-%s\",\"agenda\":\"Agenda-%s\","
             "\"participants\":[{\"agency_id\":\"" CARITAS_AGENCY "\",\"role\":\"minute_taker\"},"
             "{\"agency_id\":\"" AWO_AGENCY "\",\"role\":\"chair\"}]}", case_id, marker, marker);
    http_resp_t *r = http("POST", "/v1/conferences", jc, body, NULL);
    ck_assert_msg(r->status == 201, "%ld %s", r->status, r->body);
    char conf[40];
    snprintf(conf, sizeof conf, "%s", jstr(r, "id"));
    http_free(r);
    snprintf(p, sizeof p, "/v1/conferences/%s/held", conf);
    snprintf(body, sizeof body, "{\"minutes\":\"Protokoll-%s\",\"decisions\":[{\"text\":\"Entscheidung-%s\","
             "\"responsible_agency_id\":\"" JOBCENTER_AGENCY "\"}]}", marker, marker);
    ck_assert_int_eq(status_of("POST", p, jc, body), 200);
    /* a late correction of the decision keeps its earlier text */
    snprintf(sql, sizeof sql, "UPDATE conferences SET held_at = now() - interval '3 days' WHERE id = '%s'", conf);
    free(sql_super(sql));
    snprintf(sql, sizeof sql, "SELECT id FROM conference_decisions WHERE conference_id = '%s'", conf);
    char *decision = sql_one(sql);
    snprintf(p, sizeof p, "/v1/conferences/%s/decisions/%s", conf, decision);
    ck_assert_int_eq(status_of("PATCH", p, jc, "{\"text\":\"Neue Fassung\"}"), 200);

    snprintf(p, sizeof p, "/v1/conferences/%s", conf);
    char want[64];
    char *lead = body_of(p, jc), *journal = body_of(p, caritas), *identity = body_of(p, awo);
    snprintf(want, sizeof want, "Entscheidung-%s", marker);
    ck_assert_ptr_nonnull(strstr(lead, want)); /* the lead sees the correction */
    ck_assert_msg(strstr(journal, want) == NULL, "a journal-only agency reads the decision text: %s", journal);
    snprintf(want, sizeof want, "Protokoll-%s", marker);
    ck_assert_ptr_nonnull(strstr(journal, want));
    ck_assert_ptr_null(strstr(identity, want));
    snprintf(want, sizeof want, "Agenda-%s", marker);
    ck_assert_ptr_nonnull(strstr(lead, want));
    ck_assert_msg(strstr(journal, want) == NULL && strstr(identity, want) == NULL,
                  "the agenda (plan) shown without the plan");
    snprintf(want, sizeof want, "Wohnung-%s", marker);
    ck_assert_ptr_nonnull(strstr(identity, want));
    ck_assert_msg(strstr(journal, want) == NULL, "the place (identity) shown without identity");
    /* the calendar feed follows the same rule */
    snprintf(p, sizeof p, "/v1/conferences/%s/calendar.ics", conf);
    char *ics = body_of(p, caritas);
    ck_assert_ptr_null(strstr(ics, want));
    free(ics);
    free(lead);
    free(journal);
    free(identity);
    free(decision);
    free(case_id);
    demo_team_free(jc, caritas, awo, mbe);
}
END_TEST

START_TEST(only_the_lead_learns_who_holds_consent)
{
    char *jc, *caritas, *awo, *mbe, body[512];
    demo_team(&jc, &caritas, &awo, &mbe);
    char *case_id = create_case(jc, "Einladung");
    free(grant(jc, case_id, AWO_AGENCY, "[\"identity\"]", NULL));
    snprintf(body, sizeof body, "{\"case_id\":\"%s\",\"starts_at\":\"2031-05-07T09:00:00Z\","
             "\"ends_at\":\"2031-05-07T10:00:00Z\",\"participants\":[{\"agency_id\":\"" MBE_AGENCY "\","
             "\"role\":\"chair\"}]}", case_id);
    /* another organiser is not told: the invitation stands, MBE sees nothing without consent */
    http_resp_t *r = http("POST", "/v1/conferences", awo, body, NULL);
    ck_assert_int_eq(r->status, 201);
    char conf[64];
    snprintf(conf, sizeof conf, "/v1/conferences/%s", jstr(r, "id"));
    http_free(r);
    ck_assert_int_eq(status_of("GET", conf, mbe, NULL), 404);
    /* likewise a goal with MBE responsible: refused to the lead only */
    free(grant(jc, case_id, CARITAS_AGENCY, "[\"identity\",\"plan\"]", NULL));
    char gp[160], goal[256];
    snprintf(gp, sizeof gp, "/v1/cases/%s/goals", case_id);
    snprintf(goal, sizeof goal, "{\"field_of_action\":\"language\",\"title\":\"B1\","
             "\"responsible_agency_id\":\"" MBE_AGENCY "\"}");
    ck_assert_int_eq(status_of("POST", gp, caritas, goal), 201);
    ck_assert_int_eq(status_of("POST", gp, jc, goal), 422);
    r = http("POST", "/v1/conferences", jc, body, NULL);
    ck_assert_int_eq(r->status, 422);
    ck_assert_ptr_nonnull(strstr(r->body, MBE_AGENCY)); /* the lead lists consents anyway */
    http_free(r);
    /* what an agency may not read it may not write: an agenda (plan) by AWO (identity only) */
    snprintf(body, sizeof body, "{\"case_id\":\"%s\",\"starts_at\":\"2031-05-08T09:00:00Z\","
             "\"ends_at\":\"2031-05-08T10:00:00Z\",\"agenda\":\"Gesundheit\",\"participants\":[{\"agency_id\":\"" MBE_AGENCY "\",\"role\":\"chair\"}]}", case_id);
    ck_assert_int_eq(status_of("POST", "/v1/conferences", awo, body), 403);
    free(case_id);
    demo_team_free(jc, caritas, awo, mbe);
}
END_TEST

/* The event types of case_id (and of resource id) the feed shows token, as
 * " type type ..." (malloc'd), read through every page. */
static char *feed_types(const char *token, const char *case_id, const char *id)
{
    char *out = calloc(1, 8192), path[512], cursor[256] = "";
    for (;;) {
        snprintf(path, sizeof path, "/v1/events?limit=500&types=analysis.created,goal.created,"
                 "decision.created,referral.requested,consent.granted,journal.created%s%s",
                 cursor[0] ? "&cursor=" : "", cursor);
        http_resp_t *r = http("GET", path, token, NULL, NULL);
        ck_assert_int_eq(r->status, 200);
        size_t i;
        json_t *e;
        json_array_foreach(json_object_get(r->json, "items"), i, e) {
            const char *c = json_string_value(json_object_get(e, "case_id"));
            const char *res = json_string_value(json_object_get(e, "resource_id"));
            if ((c && strcmp(c, case_id) == 0) || (res && id && strcmp(res, id) == 0)) {
                strncat(out, " ", 8191 - strlen(out));
                strncat(out, json_string_value(json_object_get(e, "type")), 8191 - strlen(out));
            }
        }
        const char *next = json_string_value(json_object_get(r->json, "next_cursor"));
        int more = next && json_array_size(json_object_get(r->json, "items")) > 0;
        if (more)
            snprintf(cursor, sizeof cursor, "%s", next);
        http_free(r);
        if (!more)
            return out;
    }
}

/* Events reach only agencies that may read what they announce: Caritas
 * (identity only) gets none of the analysis, goal, journal events of the
 * case, nor the referral to MBE, and of the consents only its own; MBE
 * (the receiver) gets the referral's event; the lead all of them. */
START_TEST(events_reach_only_agencies_that_may_read_the_object)
{
    char *jc, *caritas, *awo, *mbe, body[512], p[200];
    demo_team(&jc, &caritas, &awo, &mbe);
    char *case_id = create_case(jc, "Ereignis");
    free(grant(jc, case_id, CARITAS_AGENCY, "[\"identity\"]", NULL));
    free(grant(jc, case_id, MBE_AGENCY, "[\"identity\",\"plan\"]", NULL));
    snprintf(p, sizeof p, "/v1/cases/%s/analyses", case_id);
    ck_assert_int_eq(status_of("POST", p, jc, "{\"assessed_on\":\"2026-11-02\"}"), 201);
    snprintf(p, sizeof p, "/v1/cases/%s/goals", case_id);
    ck_assert_int_eq(status_of("POST", p, jc, "{\"field_of_action\":\"language\",\"title\":\"B1\",\"responsible_agency_id\":\"" JOBCENTER_AGENCY "\"}"), 201);
    snprintf(p, sizeof p, "/v1/cases/%s/journal", case_id);
    ck_assert_int_eq(status_of("POST", p, jc, "{\"text\":\"Gespräch\"}"), 201);
    snprintf(body, sizeof body, "{\"case_id\":\"%s\",\"to_agency_id\":\"" MBE_AGENCY "\","
             "\"field_of_action\":\"employment\"}", case_id);
    http_resp_t *r = http("POST", "/v1/referrals", jc, body, NULL);
    ck_assert_msg(r->status == 201, "%ld %s", r->status, r->body);
    char referral[40];
    snprintf(referral, sizeof referral, "%s", jstr(r, "id"));
    http_free(r);

    char *partner = feed_types(caritas, case_id, referral), *receiver = feed_types(mbe, case_id, referral);
    char *lead = feed_types(jc, case_id, referral);
    static const char *const TYPES[] = {"analysis.created", "goal.created", "journal.created",
                                        "referral.requested"};
    for (size_t i = 0; i < 4; i++) {
        ck_assert_msg(strstr(lead, TYPES[i]) != NULL, "the lead lacks %s: %s", TYPES[i], lead);
        ck_assert_msg(strstr(partner, TYPES[i]) == NULL, "an identity-only agency got %s: %s", TYPES[i],
                      partner);
    }
    /* of the two consents each partner sees only the one naming it, the lead both */
    const char *second = strstr(lead, "consent.granted");
    ck_assert(second && strstr(second + 1, "consent.granted"));
    second = strstr(partner, "consent.granted");
    ck_assert_msg(second && !strstr(second + 1, "consent.granted"), "consents: %s", partner);
    ck_assert_msg(strstr(receiver, "referral.requested") != NULL, "the receiver lacks its referral: %s",
                  receiver);
    ck_assert_ptr_null(strstr(receiver, "analysis.created"));
    free(partner);
    free(receiver);
    free(lead);
    free(case_id);
    demo_team_free(jc, caritas, awo, mbe);
}
END_TEST

/* An idempotent retry replays the first answer only while the caller may
 * still see the case: after the consent is revoked the retry is a 404
 * without the entry's text (the scope is checked before the replay). */
START_TEST(a_replay_after_revocation_shows_nothing)
{
    char *jc, *caritas, *awo, *mbe, p[200], key[64], m[9];
    demo_team(&jc, &caritas, &awo, &mbe);
    random_hex(m, 8);
    char *case_id = create_case(jc, "Wiederholung");
    char *consent = grant(jc, case_id, CARITAS_AGENCY, "[\"identity\",\"journal\"]", NULL);
    snprintf(p, sizeof p, "/v1/cases/%s/journal", case_id);
    snprintf(key, sizeof key, "Idempotency-Key: replay-%s", m);
    char body[128];
    snprintf(body, sizeof body, "{\"text\":\"Vertraulich-%s\"}", m);
    http_resp_t *r = http("POST", p, caritas, body, (const char *[]){key, NULL});
    ck_assert_int_eq(r->status, 201);
    http_free(r);
    r = http("POST", p, caritas, body, (const char *[]){key, NULL});
    ck_assert_int_eq(r->status, 201); /* replayed while the consent holds */
    http_free(r);
    char rp[256];
    snprintf(rp, sizeof rp, "/v1/cases/%s/consents/%s/revoke", case_id, consent);
    ck_assert_int_eq(status_of("POST", rp, jc, NULL), 200);
    r = http("POST", p, caritas, body, (const char *[]){key, NULL});
    ck_assert_int_eq(r->status, 404);
    ck_assert_ptr_null(strstr(r->body, "Vertraulich"));
    http_free(r);
    free(consent);
    free(case_id);
    demo_team_free(jc, caritas, awo, mbe);
}
END_TEST

/* A replay shows only what the caller may see now: after its consent was
 * narrowed from the plan to identity, JMD's retried conference answer (its
 * first answer showed the agenda) is a 409; after the lead was handed over,
 * the Jobcenter's retried POST /v1/cases is a 404 like its GET. */
START_TEST(a_replay_shows_only_what_the_caller_sees_now)
{
    char *jc, *caritas, *awo, *mbe, body[512], p[200], m[9], key[64];
    demo_team(&jc, &caritas, &awo, &mbe);
    char *jmd = demo_token("demo-jmd");
    random_hex(m, 8);
    char *case_id = create_case(jc, "Enger");
    char *consent = grant(jc, case_id, JMD_AGENCY, "[\"identity\",\"plan\"]", NULL);
    snprintf(body, sizeof body, "{\"case_id\":\"%s\",\"starts_at\":\"2031-05-09T09:00:00Z\","
             "\"ends_at\":\"2031-05-09T10:00:00Z\",\"agenda\":\"Plan-%s\",\"participants\":"
             "[{\"agency_id\":\"" JMD_AGENCY "\",\"role\":\"chair\"}]}", case_id, m);
    http_resp_t *r = http("POST", "/v1/conferences", jc, body, NULL);
    ck_assert_int_eq(r->status, 201);
    snprintf(p, sizeof p, "/v1/conferences/%s/answer", jstr(r, "id"));
    http_free(r);
    snprintf(key, sizeof key, "Idempotency-Key: narrow-%s", m);
    r = http("POST", p, jmd, "{\"answer\":\"confirmed\"}", (const char *[]){key, "If-Match: *", NULL});
    ck_assert_int_eq(r->status, 200);
    ck_assert_ptr_nonnull(strstr(r->body, "Plan-"));
    http_free(r);
    char rp[256];
    snprintf(rp, sizeof rp, "/v1/cases/%s/consents/%s/revoke", case_id, consent);
    ck_assert_int_eq(status_of("POST", rp, jc, NULL), 200);
    free(grant(jc, case_id, JMD_AGENCY, "[\"identity\"]", NULL));
    r = http("POST", p, jmd, "{\"answer\":\"confirmed\"}", (const char *[]){key, "If-Match: *", NULL});
    ck_assert_int_eq(r->status, 409);
    ck_assert_ptr_null(strstr(r->body, "Plan-"));
    http_free(r);

    /* the Jobcenter's case, created with a key, handed to AWO */
    char *cb = case_body(m);
    snprintf(key, sizeof key, "Idempotency-Key: handed-%s", m);
    r = http("POST", "/v1/cases", jc, cb, (const char *[]){key, NULL});
    ck_assert_int_eq(r->status, 201);
    char id[40];
    snprintf(id, sizeof id, "%s", jstr(r, "id"));
    http_free(r);
    free(grant(jc, id, AWO_AGENCY, "[\"identity\"]", NULL));
    snprintf(p, sizeof p, "/v1/cases/%s/transfer", id);
    ck_assert_int_eq(status_of("POST", p, jc, "{\"lead_agency_id\":\"" AWO_AGENCY "\"}"), 200);
    r = http("POST", "/v1/cases", jc, cb, (const char *[]){key, NULL});
    ck_assert_int_eq(r->status, 404);
    ck_assert_ptr_null(strstr(r->body, "Amina"));
    http_free(r);
    free(cb);
    free(consent);
    free(case_id);
    free(jmd);
    demo_team_free(jc, caritas, awo, mbe);
}
END_TEST

/* A referral is plan data: an agency whose consent covers identity only
 * receives none, and one narrowed to identity no longer reads its field,
 * reason or notes (404, absent from its list). */
START_TEST(a_referral_needs_the_plan)
{
    char *jc, *caritas, *awo, *mbe, body[512], p[200];
    demo_team(&jc, &caritas, &awo, &mbe);
    char *case_id = create_case(jc, "Ueberweisung");
    free(grant(jc, case_id, AWO_AGENCY, "[\"identity\"]", NULL));
    char *consent = grant(jc, case_id, CARITAS_AGENCY, "[\"identity\",\"plan\"]", NULL);
    snprintf(body, sizeof body, "{\"case_id\":\"%s\",\"to_agency_id\":\"" AWO_AGENCY "\","
             "\"field_of_action\":\"health\",\"reason\":\"Psychotherapie\"}", case_id);
    ck_assert_int_eq(status_of("POST", "/v1/referrals", jc, body), 422);
    snprintf(body, sizeof body, "{\"case_id\":\"%s\",\"to_agency_id\":\"" CARITAS_AGENCY "\","
             "\"field_of_action\":\"health\",\"reason\":\"Psychotherapie\"}", case_id);
    http_resp_t *r = http("POST", "/v1/referrals", jc, body, NULL);
    ck_assert_int_eq(r->status, 201);
    snprintf(p, sizeof p, "/v1/referrals/%s", jstr(r, "id"));
    http_free(r);
    ck_assert_int_eq(status_of("GET", p, caritas, NULL), 200);
    char rp[256];
    snprintf(rp, sizeof rp, "/v1/cases/%s/consents/%s/revoke", case_id, consent);
    ck_assert_int_eq(status_of("POST", rp, jc, NULL), 200);
    free(grant(jc, case_id, CARITAS_AGENCY, "[\"identity\"]", NULL));
    r = http("GET", p, caritas, NULL, NULL);
    ck_assert_int_eq(r->status, 404);
    ck_assert_ptr_null(strstr(r->body, "Psychotherapie"));
    http_free(r);
    snprintf(rp, sizeof rp, "/v1/referrals?case_id=%s", case_id);
    r = http("GET", rp, caritas, NULL, NULL);
    ck_assert_int_eq(r->status, 200);
    ck_assert_int_eq(json_array_size(json_object_get(r->json, "items")), 0);
    http_free(r);
    /* nor through a barrier (a declined referral turns into one with its field of action) */
    snprintf(rp, sizeof rp, "/v1/cases/%s/barriers", case_id);
    ck_assert_int_eq(status_of("POST", rp, jc, "{\"code\":\"waiting_list\",\"field_of_action\":\"health\","
                               "\"municipality_ags\":\"05378004\"}"), 201);
    r = http("GET", rp, caritas, NULL, NULL);
    ck_assert_int_eq(r->status, 200);
    ck_assert_int_eq(json_array_size(json_object_get(r->json, "items")), 1);
    ck_assert_msg(strstr(r->body, "health") == NULL && strstr(r->body, "05378004") == NULL,
                  "a barrier shows plan or residence data: %s", r->body);
    http_free(r);
    free(consent);
    free(case_id);
    demo_team_free(jc, caritas, awo, mbe);
}
END_TEST

/* POST a referral of case_id to agency as token: 201 asserted; the
 * answer's members, in order, as "k,k,..." into keys; the id (malloc'd). */
static char *refer_keys(const char *token, const char *case_id, const char *agency, char *keys, size_t n)
{
    char body[256];
    snprintf(body, sizeof body, "{\"case_id\":\"%s\",\"to_agency_id\":\"%s\",\"field_of_action\":\"language\","
             "\"reason\":\"Kurs\"}", case_id, agency);
    http_resp_t *r = http("POST", "/v1/referrals", token, body, NULL);
    ck_assert_msg(r->status == 201, "%ld %s", r->status, r->body);
    ck_assert_str_eq(jstr(r, "status"), "requested");
    keys[0] = 0;
    const char *k;
    json_t *v;
    json_object_foreach(r->json, k, v) {
        strncat(keys, k, n - strlen(keys) - 1);
        strncat(keys, ",", n - strlen(keys) - 1);
    }
    char *id = strdup(jstr(r, "id"));
    http_free(r);
    return id;
}

START_TEST(a_referral_does_not_tell_who_holds_consent)
{
    char *jc, *caritas, *awo, *mbe, with[512], without[512], p[160], cp[200];
    demo_team(&jc, &caritas, &awo, &mbe);
    char *case_id = create_case(jc, "Weiterleitung");
    free(grant(jc, case_id, CARITAS_AGENCY, "[\"identity\",\"plan\"]", NULL));
    free(grant(jc, case_id, AWO_AGENCY, "[\"identity\"]", NULL)); /* no plan */
    char *other = grant(jc, case_id, JMD_AGENCY, "[\"identity\",\"plan\"]", NULL);
    /* Caritas refers to JMD (consent) and to AWO (no plan) and MBE (none): answered alike */
    free(refer_keys(caritas, case_id, JMD_AGENCY, with, sizeof with));
    char *to_awo = refer_keys(caritas, case_id, AWO_AGENCY, without, sizeof without);
    ck_assert_str_eq(without, with);
    char *to_mbe = refer_keys(caritas, case_id, MBE_AGENCY, without, sizeof without);
    ck_assert_str_eq(without, with);
    snprintf(p, sizeof p, "/v1/referrals/%s", to_awo);
    ck_assert_int_eq(status_of("GET", p, awo, NULL), 404); /* waiting, unseen */
    /* a revocation sweeps the case's referrals: the waiting ones stay requested */
    snprintf(cp, sizeof cp, "/v1/cases/%s/consents/%s/revoke", case_id, other);
    ck_assert_int_eq(status_of("POST", cp, jc, NULL), 200);
    http_resp_t *r = http("GET", p, caritas, NULL, NULL);
    ck_assert_str_eq(jstr(r, "status"), "requested");
    http_free(r);
    /* the lead grants AWO the plan: the referral reaches AWO, which may answer */
    char *awo_plan = grant(jc, case_id, AWO_AGENCY, "[\"identity\",\"plan\"]", NULL);
    ck_assert_int_eq(status_of("GET", p, awo, NULL), 200);
    /* from now on a revocation withdraws it like any other */
    snprintf(cp, sizeof cp, "/v1/cases/%s/consents/%s/revoke", case_id, awo_plan);
    ck_assert_int_eq(status_of("POST", cp, jc, NULL), 200);
    r = http("GET", p, caritas, NULL, NULL);
    ck_assert_str_eq(jstr(r, "status"), "withdrawn");
    http_free(r);
    snprintf(p, sizeof p, "/v1/referrals/%s", to_mbe);
    r = http("GET", p, caritas, NULL, NULL);
    ck_assert_str_eq(jstr(r, "status"), "requested");
    http_free(r);
    ck_assert_int_eq(status_of("GET", p, mbe, NULL), 404);
    /* a consent covering the plan but not who the person is does not end the wait */
    free(grant(jc, case_id, MBE_AGENCY, "[\"plan\"]", NULL));
    ck_assert_int_eq(status_of("GET", p, mbe, NULL), 404);
    snprintf(cp, sizeof cp, "%s/accept", p);
    ck_assert_int_eq(status_of("POST", cp, mbe, NULL), 404);
    free(awo_plan);
    free(to_awo);
    free(to_mbe);
    free(other);
    free(case_id);
    demo_team_free(jc, caritas, awo, mbe);
}
END_TEST

Suite *suite_sideways(void)
{
    Suite *s = suite_create("sideways");
    TCase *tc = tcase_create("categories");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, a_conference_shows_each_agency_only_its_categories);
    tcase_add_test(tc, only_the_lead_learns_who_holds_consent);
    tcase_add_test(tc, a_referral_does_not_tell_who_holds_consent);
    tcase_add_test(tc, events_reach_only_agencies_that_may_read_the_object);
    tcase_add_test(tc, a_replay_after_revocation_shows_nothing);
    tcase_add_test(tc, a_replay_shows_only_what_the_caller_sees_now);
    tcase_add_test(tc, a_referral_needs_the_plan);
    suite_add_tcase(s, tc);
    return s;
}
