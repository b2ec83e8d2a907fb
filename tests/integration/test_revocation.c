/* test_revocation.c - the revocation matrix.  A case of the Jobcenter
 * with every kind of case-bound object (analysis, goal, journal entry,
 * barrier, two referrals to Caritas, a conference with Caritas) is set up
 * three times; then Caritas's consent is revoked, or it expires, or the
 * Jobcenter hands the lead over to Caritas.  Afterwards every operation of
 * the route table on the case, its referrals and its conference, reads and
 * writes alike (with If-Match: * and the documented example body), answers
 * 404 to the agency that lost access, and its lists, calendar and action
 * items and worklist (the case's follow-up for Caritas) show none of them, nor does its person search by the person's name or
 * the household the case is in.  After a revocation or an expiry the open
 * referrals to Caritas are withdrawn, each with a referral.withdrawn event. */
#include "case_fixture.h"
#include "router.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Does the body of GET path as token mention id? */
static int mentions(const char *path, const char *token, const char *id)
{
    http_resp_t *r = http("GET", path, token, NULL, NULL);
    ck_assert_msg(r->status == 200, "GET %s: %ld", path, r->status);
    int found = strstr(r->body, id) != NULL;
    http_free(r);
    return found;
}

/* The person search for the name of full_case's person (its marker "Widerruf"). */
#define SEARCH "/v1/person-search?name=AminaWiderruf%20HaddadWiderruf&limit=500"

/* Every case-bound operation as `former` answers 404; lists show nothing.
 * Returns the number of operations checked; failures are counted. */
static int cut_off(const full_case_t *f, json_t *doc, const char *former, const char *former_agency,
                   const char *household, const char *scenario, int *failures)
{
    size_t n;
    const route_t *t = routes_table(&n);
    int checked = 0;
    for (size_t i = 0; i < n; i++) {
        char path[256];
        if (!full_case_path(f, t[i].pattern, path, sizeof path))
            continue;
        char *body = doc_example(doc, &t[i]);
        char key[80];
        snprintf(key, sizeof key, "Idempotency-Key: revocation-%s-%zu", scenario, i);
        const char *hdr[] = {"If-Match: *", key, NULL};
        http_resp_t *r = http(t[i].method, path, former, body, hdr);
        if (r->status != 404) {
            fprintf(stderr, "revocation (%s): %s %s answered %ld: %.200s\n", scenario, t[i].method, path,
                    r->status, r->body);
            (*failures)++;
        }
        checked++;
        http_free(r);
        free(body);
    }
    char p[200];
    const char *lists[][2] = {{"/v1/referrals", f->referral}, {"/v1/referrals", f->accepted},
                              {"/v1/conferences", f->conference}, {"/v1/action-items", f->conference},
                              {"/v1/cases", f->case_id}, {SEARCH, f->case_id},
                              {"/v1/worklist?limit=500", f->task}};
    for (size_t i = 0; i < sizeof lists / sizeof lists[0]; i++)
        if (mentions(lists[i][0], former, lists[i][1])) {
            fprintf(stderr, "revocation (%s): GET %s still shows %s\n", scenario, lists[i][0], lists[i][1]);
            (*failures)++;
        }
    /* the household the case is in: gone, or without the case (its founder still sees it) */
    snprintf(p, sizeof p, "/v1/households/%s", household);
    http_resp_t *h = http("GET", p, former, NULL, NULL);
    if (!(h->status == 404 || (h->status == 200 && strstr(h->body, f->case_id) == NULL))) {
        fprintf(stderr, "revocation (%s): the household still shows the case (%ld)\n", scenario, h->status);
        (*failures)++;
    }
    http_free(h);
    snprintf(p, sizeof p, "/v1/agencies/%s/conferences.ics", former_agency);
    if (mentions(p, former, f->conference)) {
        fprintf(stderr, "revocation (%s): the calendar still shows the conference\n", scenario);
        (*failures)++;
    }
    return checked;
}

/* The open referrals to Caritas were withdrawn, each with its event. */
static void withdrawn(const full_case_t *f, const char *jc, int *failures)
{
    const char *ids[] = {f->referral, f->accepted};
    for (int i = 0; i < 2; i++) {
        char p[120], sql[256];
        snprintf(p, sizeof p, "/v1/referrals/%s", ids[i]);
        http_resp_t *r = http("GET", p, jc, NULL, NULL);
        ck_assert_int_eq(r->status, 200);
        if (strcmp(jstr(r, "status"), "withdrawn") != 0) {
            fprintf(stderr, "revocation: referral %s is %s, not withdrawn\n", ids[i], jstr(r, "status"));
            (*failures)++;
        }
        http_free(r);
        snprintf(sql, sizeof sql, "SELECT count(*) FROM events WHERE type = 'referral.withdrawn' "
                 "AND resource_id = '%s'", ids[i]);
        char *v = sql_super(sql);
        ck_assert_str_eq(v, "1");
        free(v);
    }
}

START_TEST(revocation_expiry_and_transfer_cut_every_case_bound_object)
{
    char *jc, *caritas, *awo, *mbe;
    demo_team(&jc, &caritas, &awo, &mbe);
    http_resp_t *d = http("GET", "/openapi.json", NULL, NULL, NULL);
    int failures = 0, ops = 0, cases = 0;
    const char *scenarios[] = {"revoked", "expired", "transferred"};
    for (int s = 0; s < 3; s++) {
        full_case_t f;
        full_case(&f, jc, caritas, "Widerruf");
        /* before: the ids are real and Caritas sees all of them */
        char p[200], sql[300];
        const char *seen[][2] = {{"/v1/cases/", f.case_id}, {"/v1/referrals/", f.accepted},
                                 {"/v1/conferences/", f.conference}};
        for (int i = 0; i < 3; i++) {
            snprintf(p, sizeof p, "%s%s", seen[i][0], seen[i][1]);
            ck_assert_int_eq(status_of("GET", p, caritas, NULL), 200);
        }
        /* the case in a household the Jobcenter founds with it; Caritas sees it as a member */
        char household[40];
        snprintf(sql, sizeof sql, "{\"case_id\":\"%s\"}", f.case_id);
        http_resp_t *hh = http("POST", "/v1/households", jc, sql, NULL);
        ck_assert_int_eq(hh->status, 201);
        snprintf(household, sizeof household, "%s", jstr(hh, "id"));
        http_free(hh);
        snprintf(p, sizeof p, "/v1/households/%s", household);
        ck_assert(mentions(p, caritas, f.case_id));
        const char *former = caritas, *former_agency = CARITAS_AGENCY;
        if (s == 0) {
            snprintf(p, sizeof p, "/v1/cases/%s/consents/%s/revoke", f.case_id, f.consent);
            ck_assert(mentions(SEARCH, caritas, f.case_id)); /* found by name before */
            ck_assert_int_eq(status_of("POST", p, jc, "{\"reason\":\"Widerruf\"}"), 200);
        } else if (s == 1) {
            snprintf(sql, sizeof sql, "UPDATE consents SET valid_from = now() - interval '2 days', "
                     "valid_until = now() - interval '1 second' WHERE id = '%s'", f.consent);
            free(sql_super(sql));
            ck_assert_int_eq(system("build/lotse maintenance 2>/dev/null"), 0);
        } else {
            snprintf(p, sizeof p, "/v1/cases/%s/transfer", f.case_id);
            ck_assert_int_eq(status_of("POST", p, jc, "{\"lead_agency_id\":\"" CARITAS_AGENCY "\"}"), 200);
            former = jc;
            former_agency = JOBCENTER_AGENCY;
        }
        ops += cut_off(&f, d->json, former, former_agency, household, scenarios[s], &failures);
        cases++;
        if (s < 2)
            withdrawn(&f, jc, &failures);
    }
    printf("revocation matrix: %d operations checked over %d cases (revoked, expired, transferred), "
           "%d failures\n", ops, cases, failures);
    ck_assert_int_eq(failures, 0);
    ck_assert_int_ge(ops, 3 * 40);
    http_free(d);
    demo_team_free(jc, caritas, awo, mbe);
}
END_TEST

/* The category matrix: Caritas's consent is narrowed to identity (revoked
 * and granted again for identity only).  Every operation the route table
 * declares case-bound with a category beyond identity (and not lead-only)
 * then answers Caritas 403 (404 where row-level security already hides the
 * object: its referrals) with a problem that carries none of the case's
 * data, and the Jobcenter (the lead) 2xx for the reads among them. */
START_TEST(a_narrowed_consent_cuts_every_operation_of_the_categories_it_lost)
{
    char *jc, *caritas, *awo, *mbe;
    demo_team(&jc, &caritas, &awo, &mbe);
    http_resp_t *d = http("GET", "/openapi.json", NULL, NULL, NULL);
    full_case_t f;
    full_case(&f, jc, caritas, "Kategorie");
    char p[200];
    snprintf(p, sizeof p, "/v1/cases/%s/consents/%s/revoke", f.case_id, f.consent);
    ck_assert_int_eq(status_of("POST", p, jc, NULL), 200);
    free(grant(jc, f.case_id, CARITAS_AGENCY, "[\"identity\"]", NULL));
    size_t n;
    const route_t *t = routes_table(&n);
    int checked = 0, failures = 0;
    for (size_t i = 0; i < n; i++) {
        char path[256];
        if (t[i].scope.kind != SCOPE_CASE || t[i].scope.lead || (t[i].scope.cats & ~CAT_IDENTITY) == 0 ||
            !full_case_path(&f, t[i].pattern, path, sizeof path))
            continue;
        char *body = doc_example(d->json, &t[i]);
        char key[80];
        snprintf(key, sizeof key, "Idempotency-Key: category-%zu", i);
        const char *hdr[] = {"If-Match: *", key, NULL};
        http_resp_t *r = http(t[i].method, path, caritas, body, hdr);
        /* 403, or 404 where row-level security already hides the object (a referral) */
        if ((r->status != 403 && r->status != 404) || strstr(r->body, "Kategorie")) {
            fprintf(stderr, "category matrix: %s %s answered %ld: %.200s\n", t[i].method, path, r->status,
                    r->body);
            failures++;
        }
        http_free(r);
        if (strcmp(t[i].method, "GET") == 0 && status_of("GET", path, jc, NULL) != 200) {
            fprintf(stderr, "category matrix: the lead cannot GET %s\n", path);
            failures++;
        }
        free(body);
        checked++;
    }
    printf("category matrix: %d operations needing more than identity checked, %d failures\n", checked,
           failures);
    ck_assert_int_eq(failures, 0);
    ck_assert_int_ge(checked, 15);
    http_free(d);
    demo_team_free(jc, caritas, awo, mbe);
}
END_TEST

/* After anonymization nothing is written into the case again: every
 * change the route table declares case-bound (but anonymizing again and
 * revoking a consent) answers 409, by the lead and by the partner, and no
 * event is appended. */
START_TEST(an_anonymized_case_takes_no_change)
{
    char *jc, *caritas, *awo, *mbe;
    demo_team(&jc, &caritas, &awo, &mbe);
    http_resp_t *d = http("GET", "/openapi.json", NULL, NULL, NULL);
    full_case_t f;
    full_case(&f, jc, caritas, "Danach");
    char p[200], sql[200];
    snprintf(p, sizeof p, "/v1/cases/%s/anonymize", f.case_id);
    ck_assert_int_eq(status_of("POST", p, jc, NULL), 200);
    snprintf(sql, sizeof sql, "SELECT count(*) FROM events WHERE case_id = '%s'", f.case_id);
    char *before = sql_one(sql);
    size_t n;
    const route_t *t = routes_table(&n);
    int checked = 0, failures = 0;
    for (size_t i = 0; i < n; i++) {
        char path[256];
        if (t[i].scope.kind != SCOPE_CASE || t[i].kind == OP_GET || t[i].kind == OP_LIST ||
            t[i].scope.anonymized)
            continue;
        if (t[i].scope.from == CASE_IN_BODY)
            snprintf(path, sizeof path, "%s", t[i].pattern);
        else if (!full_case_path(&f, t[i].pattern, path, sizeof path))
            continue;
        char *example = doc_example(d->json, &t[i]);
        json_t *body = example ? json_loads(example, 0, NULL) : NULL;
        if (body && json_object_get(body, "case_id"))
            json_object_set_new(body, "case_id", json_string(f.case_id));
        char *text = body ? json_dumps(body, JSON_COMPACT) : NULL;
        for (int who = 0; who < 2; who++) {
            char key[80];
            snprintf(key, sizeof key, "Idempotency-Key: anonymized-%zu-%d", i, who);
            const char *hdr[] = {"If-Match: *", key, NULL};
            http_resp_t *r = http(t[i].method, path, who ? caritas : jc, text, hdr);
            if (r->status != 409 && !(who == 1 && (r->status == 403 || r->status == 404))) {
                fprintf(stderr, "anonymized: %s %s as %s answered %ld: %.200s\n", t[i].method, path,
                        who ? "the partner" : "the lead", r->status, r->body);
                failures++;
            }
            http_free(r);
        }
        checked++;
        free(text);
        free(example);
        json_decref(body);
    }
    char *after = sql_one(sql);
    ck_assert_str_eq(before, after);
    printf("anonymized: %d changes refused on an anonymized case, %d failures\n", checked, failures);
    ck_assert_int_eq(failures, 0);
    ck_assert_int_ge(checked, 25);
    free(before);
    free(after);
    http_free(d);
    demo_team_free(jc, caritas, awo, mbe);
}
END_TEST

Suite *suite_revocation(void)
{
    Suite *s = suite_create("revocation");
    TCase *tc = tcase_create("matrix");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, revocation_expiry_and_transfer_cut_every_case_bound_object);
    tcase_add_test(tc, a_narrowed_consent_cuts_every_operation_of_the_categories_it_lost);
    tcase_add_test(tc, an_anonymized_case_takes_no_change);
    suite_add_tcase(s, tc);
    return s;
}
