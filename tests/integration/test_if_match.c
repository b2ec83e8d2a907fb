/* test_if_match.c - the If-Match matrix, generated from the route table:
 * every operation whose declared kind requires If-Match (update, action,
 * delete) is called on an existing resource of the demo network by every
 * demo client, without If-Match, with a malformed one and with a stale
 * one.  Without, every client its roles admit gets 428, and 412 with a
 * malformed tag (others their 403); with a stale tag, at least one client
 * (one that sees the resource) gets 412; no call is a 2xx, and no call
 * changes anything (no event is appended: every write appends one in its
 * transaction). */
#include "case_fixture.h"
#include "router.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const CLIENTS[] = {
    "demo-coordinator", "demo-auditor", "demo-abh", "demo-jobcenter", "demo-sozialamt", "demo-jugendamt",
    "demo-arbeitsagentur", "demo-caritas", "demo-awo", "demo-jmd", "demo-mbe", "demo-ehrenamt",
    "demo-ministry", "demo-platform"};
#define NCLIENTS (sizeof CLIENTS / sizeof CLIENTS[0])
#define DEMO_NET "'a0000000-0000-4000-8000-000000000001'"

/* First column of the first row of sql (superuser), asserted to exist. */
static void row(const char *sql, char *out, size_t n)
{
    char *v = sql_one(sql);
    snprintf(out, n, "%s", v);
    free(v);
}

/* Events appended so far (webhook.disabled comes from the delivery worker
 * of earlier tests' subscriptions, not from a request). */
static long events(void)
{
    char *v = sql_super("SELECT count(*) FROM events WHERE type <> 'webhook.disabled'");
    ck_assert_ptr_nonnull(v);
    long n = atol(v);
    free(v);
    return n;
}

/* The path of an existing resource for a route pattern: rows of the demo
 * network picked by SQL, each sub-resource with its own case. */
static void concrete(const char *tpl, const char *webhook, const char *client, const char *handovers[2],
                     char *out, size_t n)
{
    char a[40] = "", b[40] = "";
    /* handovers[0] the demo network offers (withdrawn by it), [1] one offered to it (answered by it) */
    if (strncmp(tpl, "/v1/handovers/", 14) == 0)
        snprintf(a, sizeof a, "%s", handovers[strstr(tpl, "/withdraw") == NULL]);
    else if (strcmp(tpl, "/v1/cases/{id}/household") == 0)
        row("SELECT case_id FROM household_members WHERE network_id = " DEMO_NET " ORDER BY added_at LIMIT 1",
            a, sizeof a);
    char sql[512];
    static const struct { const char *prefix, *table; } SUB[] = {
        {"/v1/cases/{id}/consents/", "consents"}, {"/v1/cases/{id}/analyses/", "potential_analyses"},
        {"/v1/cases/{id}/goals/", "goals"},       {"/v1/cases/{id}/journal/", "journal_entries"},
        {"/v1/cases/{id}/person-links/", "person_links"}, {"/v1/cases/{id}/documents/", "documents"},
        {"/v1/cases/{id}/tasks/", "tasks"}, {"/v1/cases/{id}/assignments/", "case_assignments"},
    };
    for (size_t i = 0; i < sizeof SUB / sizeof SUB[0]; i++)
        if (strncmp(tpl, SUB[i].prefix, strlen(SUB[i].prefix)) == 0) {
            snprintf(sql, sizeof sql, "SELECT case_id || ' ' || id FROM %s x WHERE network_id = '%s' "
                     "AND EXISTS (SELECT 1 FROM cases c WHERE c.id = x.case_id AND c.anonymized_at IS NULL) "
                     "ORDER BY created_at LIMIT 1", SUB[i].table, "a0000000-0000-4000-8000-000000000001");
            char both[80];
            row(sql, both, sizeof both);
            sscanf(both, "%39s %39s", a, b);
        }
    if (a[0] == '\0') {
        if (strncmp(tpl, "/v1/cases/", 10) == 0)
            row("SELECT id FROM cases WHERE network_id = " DEMO_NET " AND anonymized_at IS NULL "
                "AND status IN ('open', 'active') ORDER BY created_at LIMIT 1", a, sizeof a);
        else if (strncmp(tpl, "/v1/conferences/{id}/decisions/", 31) == 0) {
            char both[80];
            row("SELECT conference_id || ' ' || id FROM conference_decisions WHERE network_id = "
                "'a0000000-0000-4000-8000-000000000001' ORDER BY created_at LIMIT 1", both,
                sizeof both);
            sscanf(both, "%39s %39s", a, b);
        } else if (strncmp(tpl, "/v1/conferences/", 16) == 0)
            row("SELECT id FROM conferences WHERE network_id = " DEMO_NET " AND status = 'scheduled'"
                " ORDER BY created_at LIMIT 1", a, sizeof a);
        else if (strncmp(tpl, "/v1/referrals/", 14) == 0)
            row("SELECT id FROM referrals WHERE network_id = " DEMO_NET " AND status = 'requested'"
                " ORDER BY created_at LIMIT 1", a, sizeof a);
        else if (strncmp(tpl, "/v1/agreements/", 15) == 0)
            row("SELECT id FROM agreements WHERE network_id = " DEMO_NET " AND status = 'active'"
                " ORDER BY created_at LIMIT 1", a, sizeof a);
        else if (strncmp(tpl, "/v1/offers/", 11) == 0)
            row("SELECT id FROM offers WHERE network_id = " DEMO_NET " ORDER BY created_at LIMIT 1", a, sizeof a);
        else if (strncmp(tpl, "/v1/gaps/", 9) == 0)
            row("SELECT id FROM gaps WHERE network_id = " DEMO_NET " ORDER BY created_at LIMIT 1", a, sizeof a);
        else if (strncmp(tpl, "/v1/webhooks/", 13) == 0) {
            snprintf(a, sizeof a, "%s", webhook);
            snprintf(b, sizeof b, "00000000-0000-4000-8000-00000000dead");
        } else if (strncmp(tpl, "/v1/calendar-feeds/", 19) == 0)
            row("SELECT id FROM calendar_feeds WHERE network_id = " DEMO_NET " AND revoked_at IS NULL "
                "ORDER BY created_at LIMIT 1", a, sizeof a);
        else if (strncmp(tpl, "/v1/api-clients/", 16) == 0)
            snprintf(a, sizeof a, "%s", client);
        else if (strncmp(tpl, "/v1/agencies/", 13) == 0)
            snprintf(a, sizeof a, "%s", "b0000000-0000-4000-8000-000000000003");
        else if (strncmp(tpl, "/v1/networks/", 13) == 0)
            snprintf(a, sizeof a, "%s", "a0000000-0000-4000-8000-000000000001");
        else if (strncmp(tpl, "/v1/municipalities/", 19) == 0)
            snprintf(a, sizeof a, "%s", "05378004");
    }
    ck_assert_msg(a[0] != '\0', "no resource for %s", tpl);
    size_t k = 0;
    int param = 0;
    for (const char *p = tpl; *p && k + 1 < n;) {
        if (*p == '{') {
            k += (size_t)snprintf(out + k, n - k, "%s", param++ == 0 ? a : b);
            p = strchr(p, '}') + 1;
        } else {
            out[k++] = *p++;
        }
    }
    out[k] = '\0';
}

START_TEST(if_match_matrix)
{
    char *tokens[NCLIENTS];
    for (size_t i = 0; i < NCLIENTS; i++)
        tokens[i] = demo_token(CLIENTS[i]);
    /* a webhook and an API client of the Jobcenter, made for this test */
    http_resp_t *w = http("POST", "/v1/webhooks", tokens[3], "{\"url\":\"http://127.0.0.1:9/if-match\"}", NULL);
    ck_assert_int_eq(w->status, 201);
    char webhook[40], client[40];
    snprintf(webhook, sizeof webhook, "%s", jstr(w, "id"));
    http_free(w);
    w = http("POST", "/v1/api-clients", tokens[3], "{\"name\":\"If-Match matrix\",\"roles\":[\"caseworker\"]}", NULL);
    ck_assert_int_eq(w->status, 201);
    snprintf(client, sizeof client, "%s", jstr(w, "id"));
    http_free(w);
    http_resp_t *doc = http("GET", "/openapi.json", NULL, NULL, NULL);
    /* a handover the Jobcenter offers, and one a new network offers to the demo network */
    char out_h[40], in_h[40], net[40], agency[40], *boot, hbody[512], path_[128], consent[40];
    char *jc_case = create_case(tokens[3], "IfMatch");
    handover_fixture(tokens[3], jc_case, 0, out_h);
    free(jc_case);
    new_network(net, &boot, agency);
    free(sqlf("INSERT INTO municipalities (network_id, ags, name) VALUES ('%s', '05378004', 'Bergisch Gladbach') "
              "RETURNING 1", net));
    char *in_case = create_case(boot, "IfMatch");
    snprintf(hbody, sizeof hbody, "{\"receiving_network\":\"RBK\",\"categories\":[\"identity\"],"
             "\"purpose\":\"Umzug\",\"legal_basis\":\"consent\"}");
    snprintf(path_, sizeof path_, "/v1/cases/%s/consents", in_case);
    w = http("POST", path_, boot, hbody, NULL);
    ck_assert_int_eq(w->status, 201);
    snprintf(consent, sizeof consent, "%s", jstr(w, "id"));
    http_free(w);
    snprintf(hbody, sizeof hbody, "{\"consent_id\":\"%s\"}", consent);
    snprintf(path_, sizeof path_, "/v1/cases/%s/handovers", in_case);
    w = http("POST", path_, boot, hbody, NULL);
    ck_assert_int_eq(w->status, 201);
    snprintf(in_h, sizeof in_h, "%s", jstr(w, "id"));
    http_free(w);
    free(in_case);
    free(boot);
    const char *handovers[2] = {out_h, in_h};
    /* a person link between two cases of the Jobcenter, and a household of the first */
    char *one = create_case(tokens[3], "IfMatch"), *two = create_case(tokens[3], "IfMatch");
    snprintf(hbody, sizeof hbody, "{\"case_id\":\"%s\"}", one);
    ck_assert_int_eq(status_of("POST", "/v1/households", tokens[3], hbody), 201);
    snprintf(hbody, sizeof hbody, "{\"other_case_id\":\"%s\",\"verdict\":\"same_person\"}", two);
    snprintf(path_, sizeof path_, "/v1/cases/%s/person-links", one);
    ck_assert_int_eq(status_of("POST", path_, tokens[3], hbody), 201);
    free(one);
    free(two);

    size_t n;
    const route_t *t = routes_table(&n);
    int ops = 0, calls = 0, failures = 0;
    for (size_t i = 0; i < n; i++) {
        if (!OP_NEEDS_IF_MATCH(t[i].kind))
            continue;
        ops++;
        char path[512];
        concrete(t[i].pattern, webhook, client, handovers, path, sizeof path);
        char *body = doc_example(doc->json, &t[i]);
        long before = events();
        int got428 = 0, got412 = 0;
        char seen[256] = "";
        for (size_t c = 0; c < NCLIENTS; c++) {
            const char *stale[] = {"If-Match: \"v999999\"", NULL};
            const char *weak[] = {"If-Match: W/\"v1\"", NULL}; /* names no version of ours */
            http_resp_t *none = http(t[i].method, path, tokens[c], body, NULL);
            http_resp_t *old = http(t[i].method, path, tokens[c], body, stale);
            http_resp_t *bad = http(t[i].method, path, tokens[c], body, weak);
            calls += 3;
            if (none->status == 428)
                got428++;
            else if (none->status != 403) {
                fprintf(stderr, "if-match: %s %s as %s without If-Match: %ld\n", t[i].method, path, CLIENTS[c],
                        none->status);
                failures++;
            }
            if (bad->status != (none->status == 428 ? 412 : none->status)) {
                fprintf(stderr, "if-match: %s %s as %s with a malformed If-Match: %ld\n", t[i].method, path,
                        CLIENTS[c], bad->status);
                failures++;
            }
            http_free(bad);
            if (old->status == 412)
                got412++;
            snprintf(seen + strlen(seen), sizeof seen - strlen(seen), " %ld", old->status);
            if (old->status >= 200 && old->status < 300) {
                fprintf(stderr, "if-match: %s %s as %s with a stale If-Match: %ld\n", t[i].method, path,
                        CLIENTS[c], old->status);
                failures++;
            }
            http_free(none);
            http_free(old);
        }
        if (got428 == 0 || got412 == 0) {
            fprintf(stderr, "if-match: %s %s: %d clients got 428, %d got 412 on a stale tag (%s)\n",
                    t[i].method, path, got428, got412, seen);
            failures++;
        }
        long after = events();
        if (after != before) {
            fprintf(stderr, "if-match: %s %s changed something (%ld events)\n", t[i].method, t[i].pattern,
                    after - before);
            failures++;
        }
        free(body);
    }
    printf("if-match matrix: %d operations x %zu clients, %d calls, %d failures\n", ops, NCLIENTS, calls,
           failures);
    ck_assert_int_gt(ops, 40);
    ck_assert_int_eq(failures, 0);
    http_free(doc);
    for (size_t i = 0; i < NCLIENTS; i++)
        free(tokens[i]);
}
END_TEST

Suite *suite_if_match(void)
{
    Suite *s = suite_create("if_match");
    TCase *tc = tcase_create("matrix");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, if_match_matrix);
    suite_add_tcase(s, tc);
    return s;
}
