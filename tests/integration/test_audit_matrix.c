/* test_audit_matrix.c - the audit matrix, generated from the route table:
 * every operation that declares an audit action is called on a case with
 * every kind of case-bound object (a fresh one per operation), by the
 * agency that may take it (the receiver of a referral and the invited
 * agency of a conference take theirs, the lead agency all others).  Every
 * call that succeeds leaves at least one audit row under its request id.
 * Every change that succeeds also appends the first event its route
 * declares under that request id.
 * Then, with INSERT on audit_log revoked from the service role, the same
 * operations on further fresh cases: each that succeeded before now
 * answers 503, and no answer carries the case's personal data. */
#include "case_fixture.h"
#include "router.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MARKER "Auditspur"

/* The path of route rt on f (lists and feeds as they are; the agency
 * calendar of the caller); 0 for a route this matrix does not cover. */
static int path_of(const full_case_t *f, const route_t *rt, const char *agency, char *out, size_t n)
{
    if (strncmp(rt->pattern, "/v1/households/{id}", 19) == 0) {
        /* a household founded now with this case */
        char *jc = demo_token("demo-jobcenter"), body[96];
        snprintf(body, sizeof body, "{\"case_id\":\"%s\"}", f->case_id);
        http_resp_t *r = http("POST", "/v1/households", jc, body, NULL);
        ck_assert_msg(r->status == 201, "%ld %s", r->status, r->body);
        snprintf(out, n, "/v1/households/%s%s", jstr(r, "id"), rt->pattern + 19);
        http_free(r);
        free(jc);
        return 1;
    }
    if (strncmp(rt->pattern, "/v1/handovers/{id}", 18) == 0) {
        /* a handover of this case, offered now by its lead */
        char *jc = demo_token("demo-jobcenter"), id[40];
        handover_fixture(jc, f->case_id, 0, id);
        free(jc);
        snprintf(out, n, "/v1/handovers/%s%s", id, rt->pattern + 18);
        return 1;
    }
    if (full_case_path(f, rt->pattern, out, n)) {
        if (rt->kind == OP_UPLOAD) /* a document: its category in the query */
            snprintf(out + strlen(out), n - strlen(out), "?category=plan");
        /* the requested referral for the receiver's answers and the sender's withdrawal */
        const char *last = strrchr(rt->pattern, '/');
        if (strncmp(rt->pattern, "/v1/referrals/{id}/", 19) == 0 && strcmp(last, "/complete") != 0)
            snprintf(out, n, "/v1/referrals/%s%s", f->referral, last);
        return 1;
    }
    if (strchr(rt->pattern, '{') == NULL) {
        snprintf(out, n, "%s", rt->pattern);
        return 1;
    }
    if (strncmp(rt->pattern, "/v1/imports/{id}", 16) == 0) { /* the Jobcenter's dry run (demo data) */
        snprintf(out, n, "/v1/imports/c5000000-0000-4000-8000-000000000001%s", rt->pattern + 16);
        return 1;
    }
    if (rt->scope.kind == SCOPE_FEED) {
        /* a calendar feed of the Jobcenter, made now: its secret path */
        char *jc = demo_token("demo-jobcenter");
        http_resp_t *r = http("POST", "/v1/calendar-feeds", jc, "{\"label\":\"Audit\"}", NULL);
        ck_assert_msg(r->status == 201, "%ld %s", r->status, r->body);
        const char *url = strstr(jstr(r, "url"), "/v1/feeds/");
        snprintf(out, n, "%s", url);
        http_free(r);
        free(jc);
        return 1;
    }
    if (strcmp(rt->pattern, "/v1/agencies/{id}/conferences.ics") == 0) {
        snprintf(out, n, "/v1/agencies/%s/conferences.ics", agency);
        return 1;
    }
    return 0;
}

/* Does the invited agency or the receiver take this operation? */
static int taken_by_partner(const route_t *rt)
{
    if (strncmp(rt->pattern, "/v1/handovers/", 14) == 0)
        return 0; /* the receiving network: partner_token() */
    static const char *const SUFFIX[] = {"/accept", "/decline", "/complete", "/answer"};
    for (size_t i = 0; i < sizeof SUFFIX / sizeof SUFFIX[0]; i++) {
        size_t n = strlen(rt->pattern), k = strlen(SUFFIX[i]);
        if (n > k && strcmp(rt->pattern + n - k, SUFFIX[i]) == 0)
            return 1;
    }
    return 0;
}

/* The token that takes rt: the receiving network's for a handover's
 * answers, the partner's (Caritas) for the others taken_by_partner(). */
static const char *partner_token(const route_t *rt, const char *jc, const char *caritas)
{
    if (strncmp(rt->pattern, "/v1/handovers/{id}/", 19) == 0 && strstr(rt->pattern, "/withdraw") == NULL)
        return receiving_token();
    return taken_by_partner(rt) ? caritas : jc;
}

/* The body of rt for case case_id: its documented example; a referral
 * names this case, a handover offer a consent of it naming the receiving
 * network. */
static char *body_for(json_t *doc, const route_t *rt, const char *case_id)
{
    char *body = doc_example(doc, rt);
    if (rt->kind == OP_UPLOAD) { /* a file, not JSON */
        free(body);
        return strdup("Förderplan: Sprachkurs\n");
    }
    if (body && strncmp(rt->pattern, "/v1/households", 14) == 0) {
        /* the case founds the household; a new case of the Jobcenter joins it */
        char *jc = demo_token("demo-jobcenter");
        char *joining = strstr(rt->pattern, "/members") ? create_case(jc, MARKER) : NULL;
        free(body);
        body = malloc(128);
        snprintf(body, 128, "{\"case_id\":\"%.36s\"%s}", joining ? joining : case_id,
                 joining ? ",\"relation\":\"child\"" : "");
        free(joining);
        free(jc);
    }
    if (body && strcmp(rt->pattern, "/v1/cases/{id}/handovers") == 0) {
        char *jc = demo_token("demo-jobcenter"), consent[40];
        handover_fixture(jc, case_id, 1, consent);
        free(jc);
        free(body);
        body = malloc(64);
        snprintf(body, 64, "{\"consent_id\":\"%.36s\"}", consent);
    }
    if (body && strcmp(rt->pattern, "/v1/referrals") == 0) {
        free(body);
        body = malloc(256);
        snprintf(body, 256, "{\"case_id\":\"%.40s\",\"to_agency_id\":\"" CARITAS_AGENCY "\","
                 "\"field_of_action\":\"employment\",\"reason\":\"Bewerbung\"}", case_id);
    }
    return body;
}

/* Calls rt on a fresh case; its status, and the body's mention of the
 * case's personal data, into *status and *leaked; the request id into rid. */
static void call(const route_t *rt, json_t *doc, const char *jc, const char *caritas, int n, long *status,
                 int *leaked, char rid[40], char case_id[40], int *shows_case)
{
    full_case_t f;
    full_case(&f, jc, caritas, MARKER);
    snprintf(case_id, 40, "%s", f.case_id);
    const char *token = partner_token(rt, jc, caritas);
    char path[256], hex[17], h_rid[80], h_key[80];
    ck_assert(path_of(&f, rt, taken_by_partner(rt) ? CARITAS_AGENCY : JOBCENTER_AGENCY, path, sizeof path));
    random_hex(hex, 16);
    snprintf(rid, 40, "audit-%s", hex);
    snprintf(h_rid, sizeof h_rid, "X-Request-Id: %s", rid);
    snprintf(h_key, sizeof h_key, "Idempotency-Key: audit-%d-%s", n, hex);
    const char *hdr[] = {h_rid, h_key, "If-Match: *", NULL};
    char *body = body_for(doc, rt, f.case_id);
    http_resp_t *r = http(rt->method, path, token, body, hdr);
    *status = r->status;
    *leaked = strstr(r->body, MARKER) != NULL;
    char sql[160];
    snprintf(sql, sizeof sql, "SELECT reference FROM cases WHERE id = '%s'", f.case_id);
    char *reference = sql_one(sql);
    /* by its id, or by its reference (the calendar feeds) */
    *shows_case = strstr(r->body, f.case_id) != NULL || strstr(r->body, reference) != NULL;
    free(reference);
    http_free(r);
    free(body);
}

START_TEST(every_audited_operation_writes_its_row_and_fails_closed)
{
    char *jc, *caritas, *awo, *mbe;
    demo_team(&jc, &caritas, &awo, &mbe);
    http_resp_t *d = http("GET", "/openapi.json", NULL, NULL, NULL);
    size_t n;
    const route_t *t = routes_table(&n);
    long ok_status[160] = {0};
    int ops = 0, succeeded = 0, failures = 0, events = 0;
    for (size_t i = 0; i < n && i < 160; i++) {
        if (t[i].audit == NULL)
            continue;
        ops++;
        long st;
        int leaked, shows_case;
        char rid[40], sql[320], case_id[40];
        call(&t[i], d->json, jc, caritas, (int)i, &st, &leaked, rid, case_id, &shows_case);
        ok_status[i] = st;
        if (st < 200 || st > 299) {
            /* named, so that a route this matrix never gets through is seen */
            fprintf(stderr, "audit matrix: %s %s answered %ld (not checked)\n", t[i].method, t[i].pattern, st);
            continue;
        }
        succeeded++;
        snprintf(sql, sizeof sql, "SELECT count(*) FROM audit_log WHERE request_id = '%s'", rid);
        char *rows = sql_super(sql);
        if (atoi(rows) < 1) {
            fprintf(stderr, "audit matrix: %s %s answered %ld without an audit row\n", t[i].method, t[i].pattern,
                    st);
            failures++;
        }
        free(rows);
        /* an answer that shows the case names it in its audit row (a page in case_ids) */
        snprintf(sql, sizeof sql, "SELECT count(*) FROM audit_log WHERE request_id = '%s' AND "
                 "(case_id = '%s' OR '%s' = ANY(case_ids))", rid, case_id, case_id);
        rows = sql_super(sql);
        if (shows_case && atoi(rows) < 1) {
            fprintf(stderr, "audit matrix: %s %s showed the case but its audit row does not name it\n",
                    t[i].method, t[i].pattern);
            failures++;
        }
        free(rows);
        /* a change appends its own event (the first the route declares) in the same transaction */
        if (t[i].events) {
            snprintf(sql, sizeof sql, "SELECT count(*) FROM events WHERE request_id = '%s' AND "
                     "type = split_part('%s', ' ', 1)", rid, t[i].events);
            rows = sql_super(sql);
            if (atoi(rows) < 1) {
                fprintf(stderr, "audit matrix: %s %s appended no %s\n", t[i].method, t[i].pattern,
                        t[i].events);
                failures++;
            }
            free(rows);
            events++;
        }
    }
    /* fail closed: no audit row, no answer */
    full_case_t spare[160];
    static char spare_path[160][256];
    char *spare_body[160] = {0};
    for (size_t i = 0; i < n && i < 160; i++)
        if (t[i].audit && ok_status[i] >= 200 && ok_status[i] < 300) {
            /* made before the audit log closes (handover fixtures write) */
            full_case(&spare[i], jc, caritas, MARKER);
            path_of(&spare[i], &t[i], taken_by_partner(&t[i]) ? CARITAS_AGENCY : JOBCENTER_AGENCY,
                    spare_path[i], sizeof spare_path[i]);
            spare_body[i] = body_for(d->json, &t[i], spare[i].case_id);
        }
    free(sql_super("REVOKE INSERT ON audit_log FROM lotse_app"));
    int closed = 0;
    for (size_t i = 0; i < n && i < 160; i++) {
        if (t[i].audit == NULL || ok_status[i] < 200 || ok_status[i] > 299)
            continue;
        const char *token = partner_token(&t[i], jc, caritas);
        char key[80], hex[17], *path = spare_path[i], *body = spare_body[i];
        random_hex(hex, 16);
        snprintf(key, sizeof key, "Idempotency-Key: audit-closed-%s", hex);
        const char *hdr[] = {key, "If-Match: *", NULL};
        http_resp_t *r = http(t[i].method, path, token, body, hdr);
        if (r->status != 503 || strstr(r->body, MARKER) != NULL) {
            fprintf(stderr, "audit matrix: without audit rows %s %s answered %ld: %.160s\n", t[i].method, path,
                    r->status, r->body);
            failures++;
        }
        closed++;
        http_free(r);
        free(body);
    }
    free(sql_super("GRANT INSERT ON audit_log TO lotse_app"));
    printf("audit matrix: %d audited operations, %d succeeded with their audit rows (%d changes with "
           "their own event), %d failed closed without them, %d failures\n", ops, succeeded, events, closed,
           failures);
    ck_assert_int_eq(failures, 0);
    ck_assert_int_ge(succeeded, 30);
    http_free(d);
    demo_team_free(jc, caritas, awo, mbe);
}
END_TEST

Suite *suite_audit_matrix(void)
{
    Suite *s = suite_create("audit_matrix");
    TCase *tc = tcase_create("matrix");
    tcase_set_timeout(tc, 180);
    tcase_add_test(tc, every_audited_operation_writes_its_row_and_fails_closed);
    suite_add_tcase(s, tc);
    return s;
}
