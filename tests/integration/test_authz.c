/* test_authz.c - the authorization matrix.  Every operation of the live
 * OpenAPI document is called with every role (a) of another network,
 * against the demo network's resources, and (b) of an agency of the demo
 * network that has nothing to do with them, against the case-bound ones
 * (cases, referrals, conferences, handovers, households, webhooks, API clients).  Each answer
 * must equal, status and problem body (request_id and instance aside),
 * the answer to the same call with ids that do not exist, and never be a
 * 2xx, except the few declared below (the ministry and the platform
 * operator read networks and statistics by design).  Lists read by the
 * other network must not contain a trace of the demo network. */
#include "case_fixture.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEMO_NETWORK "a0000000-0000-4000-8000-000000000001"
#define MISSING "00000000-0000-4000-8000-00000000dead"

static const char *const ROLES[] = {"caseworker", "agency_admin", "coordinator", "auditor", "ministry",
                                    "platform_admin"};
#define NROLES (sizeof ROLES / sizeof ROLES[0])

/* Cross-tenant answers that are by design: "role method path". */
static const char *const ALLOWED[] = {
    "ministry get /v1/networks/{id}",           "platform_admin get /v1/networks/{id}",
    "platform_admin patch /v1/networks/{id}",   "ministry get /v1/networks/{id}/statistics",
};

static int allowed(const char *role, const char *method, const char *path)
{
    char key[256];
    snprintf(key, sizeof key, "%s %s %s", role, method, path);
    for (size_t i = 0; i < sizeof ALLOWED / sizeof ALLOWED[0]; i++)
        if (strcmp(ALLOWED[i], key) == 0)
            return 1;
    return 0;
}

/* The demo id for a path parameter of template path (NULL: a random
 * missing id), written into out. */
typedef struct ids {
    char case_id[40], consent[40], analysis[40], entry[40], client[40], webhook[40], handover[40];
    char household[40];
} ids_t;

static void param(const ids_t *d, const char *path, const char *name, int missing, char *out, size_t n)
{
    const char *v = MISSING;
    if (strcmp(name, "ags") == 0)
        v = missing ? "09999999" : "05378004";
    else if (strcmp(name, "code") == 0)
        v = missing ? "NOPE" : "RBK";
    else if (!missing) {
        if (strcmp(name, "consent_id") == 0) v = d->consent;
        else if (strcmp(name, "analysis_id") == 0) v = d->analysis;
        else if (strcmp(name, "entry_id") == 0) v = d->entry;
        else if (strcmp(name, "goal_id") == 0) v = "10000000-0000-4000-8000-000000000001";
        else if (strcmp(name, "barrier_id") == 0) v = "80000000-0000-4000-8000-000000000001";
        else if (strcmp(name, "decision_id") == 0) v = "70000000-0000-4000-8000-000000000001";
        else if (strcmp(name, "delivery_id") == 0) v = MISSING;
        /* the demo network's document, task, assignment, calendar feed and import (db/seed/demo.sql) */
        else if (strcmp(name, "document_id") == 0) v = "c1000000-0000-4000-8000-000000000002";
        else if (strcmp(name, "task_id") == 0) v = "c2000000-0000-4000-8000-000000000001";
        else if (strcmp(name, "assignment_id") == 0) v = "c4000000-0000-4000-8000-000000000001";
        else if (strncmp(path, "/v1/calendar-feeds/", 19) == 0) v = "c3000000-0000-4000-8000-000000000001";
        else if (strncmp(path, "/v1/imports/", 12) == 0) v = "c5000000-0000-4000-8000-000000000001";
        else if (strncmp(path, "/v1/networks/", 13) == 0) v = DEMO_NETWORK;
        else if (strncmp(path, "/v1/agencies/", 13) == 0) v = JOBCENTER_AGENCY;
        else if (strncmp(path, "/v1/api-clients/", 16) == 0) v = d->client;
        else if (strncmp(path, "/v1/cases/", 10) == 0) v = d->case_id;
        else if (strncmp(path, "/v1/agreements/", 15) == 0) v = "40000000-0000-4000-8000-000000000001";
        else if (strncmp(path, "/v1/referrals/", 14) == 0) v = "50000000-0000-4000-8000-000000000001";
        else if (strncmp(path, "/v1/offers/", 11) == 0) v = "30000000-0000-4000-8000-000000000001";
        else if (strncmp(path, "/v1/conferences/", 16) == 0) v = "60000000-0000-4000-8000-000000000001";
        else if (strncmp(path, "/v1/gaps/", 9) == 0) v = "90000000-0000-4000-8000-000000000001";
        else if (strncmp(path, "/v1/webhooks/", 13) == 0) v = d->webhook;
        else if (strncmp(path, "/v1/handovers/", 14) == 0) v = d->handover;
        else if (strncmp(path, "/v1/households/", 15) == 0) v = d->household;
    }
    snprintf(out, n, "%s", v);
}

/* path with its {parameters} filled in. */
static void fill(const ids_t *d, const char *tpl, int missing, char *out, size_t n)
{
    size_t k = 0;
    for (const char *p = tpl; *p && k + 1 < n;) {
        if (*p == '{') {
            const char *end = strchr(p, '}');
            char name[64], val[96];
            snprintf(name, sizeof name, "%.*s", (int)(end - p - 1), p + 1);
            param(d, tpl, name, missing, val, sizeof val);
            k += (size_t)snprintf(out + k, n - k, "%s", val);
            p = end + 1;
        } else {
            out[k++] = *p++;
        }
    }
    out[k < n ? k : n - 1] = '\0';
}

/* The answer as compared: status and the problem without request_id and instance. */
static char *normal(const http_resp_t *r)
{
    json_t *b = r->json ? json_deep_copy(r->json) : json_string(r->body);
    if (json_is_object(b)) {
        json_object_del(b, "request_id");
        json_object_del(b, "instance");
    }
    char *body = json_dumps(b, JSON_SORT_KEYS | JSON_COMPACT | JSON_ENCODE_ANY);
    json_decref(b);
    char *out = malloc(strlen(body) + 16);
    sprintf(out, "%ld %s", r->status, body);
    free(body);
    return out;
}

/* Calls method path (foreign and missing) as token and compares the
 * answers; returns 1 when it did (0 for a cross-tenant call by design). */
static int check(const ids_t *d, const char *role, const char *token, const char *method, const char *tpl,
                 json_t *op, int *leaks)
{
    char foreign[512], missing[512], key[64];
    fill(d, tpl, 0, foreign, sizeof foreign);
    fill(d, tpl, 1, missing, sizeof missing);
    if (allowed(role, method, tpl))
        return 0; /* by design; not called, so nothing of the demo network changes */
    char *body = op_example(op);
    static int n;
    snprintf(key, sizeof key, "Idempotency-Key: authz-%d", n++);
    const char *extra[] = {"If-Match: *", key, NULL};
    char upper[8] = "";
    for (size_t i = 0; i + 1 < sizeof upper && method[i]; i++) {
        upper[i] = (char)(method[i] - 'a' + 'A');
        upper[i + 1] = '\0';
    }
    http_resp_t *f = http(upper, foreign, token, body, extra);
    snprintf(key, sizeof key, "Idempotency-Key: authz-%d", n++);
    http_resp_t *m = http(upper, missing, token, body, extra);
    char *nf = normal(f), *nm = normal(m);
    if (f->status >= 200 && f->status < 300) {
        fprintf(stderr, "authz LEAK: %s %s %s answered %ld\n", role, upper, foreign, f->status);
        (*leaks)++;
    } else if (strcmp(nf, nm) != 0) {
        fprintf(stderr, "authz LEAK: %s %s %s: foreign \"%s\" vs missing \"%s\"\n", role, upper, tpl, nf, nm);
        (*leaks)++;
    }
    free(nf);
    free(nm);
    http_free(f);
    http_free(m);
    free(body);
    return 1;
}

START_TEST(every_route_every_role_no_tenant_leak)
{
    ids_t d;
    /* a case the AWO neither leads nor has consent for, and its sub-resources */
    char *c = sql_one("SELECT c.id FROM cases c WHERE c.network_id = '" DEMO_NETWORK "' AND c.lead_agency_id <> '" AWO_AGENCY "' "
                  "AND NOT EXISTS (SELECT 1 FROM consents k WHERE k.case_id = c.id AND (k.recipient_agency_id = '" AWO_AGENCY "' "
                  "OR k.whole_network)) AND EXISTS (SELECT 1 FROM consents k WHERE k.case_id = c.id) "
                  "AND EXISTS (SELECT 1 FROM potential_analyses a WHERE a.case_id = c.id) ORDER BY c.id LIMIT 1");
    snprintf(d.case_id, sizeof d.case_id, "%s", c);
    char sql[512], *v;
    snprintf(sql, sizeof sql, "SELECT id FROM consents WHERE case_id = '%s' LIMIT 1", c);
    v = sql_one(sql), snprintf(d.consent, sizeof d.consent, "%s", v), free(v);
    snprintf(sql, sizeof sql, "SELECT id FROM potential_analyses WHERE case_id = '%s' LIMIT 1", c);
    v = sql_one(sql), snprintf(d.analysis, sizeof d.analysis, "%s", v), free(v);
    v = sql_super("SELECT coalesce((SELECT id::text FROM journal_entries LIMIT 1), '" MISSING "')");
    snprintf(d.entry, sizeof d.entry, "%s", v), free(v);
    v = sql_one("SELECT id FROM api_clients WHERE client_id = 'demo-jobcenter'");
    snprintf(d.client, sizeof d.client, "%s", v), free(v);
    free(c);
    /* a webhook of the Jobcenter */
    char *jc = demo_token("demo-jobcenter");
    http_resp_t *w = http("POST", "/v1/webhooks", jc, "{\"url\":\"http://127.0.0.1:9/authz\"}", NULL);
    ck_assert_int_eq(w->status, 201);
    snprintf(d.webhook, sizeof d.webhook, "%s", jstr(w, "id"));
    http_free(w);
    /* a handover the Jobcenter offers to a third network (handover_fixture's), pending */
    char body[96], *hc = create_case(jc, "Authz");
    handover_fixture(jc, hc, 0, d.handover);
    /* a household of that case */
    snprintf(body, sizeof body, "{\"case_id\":\"%s\"}", hc);
    w = http("POST", "/v1/households", jc, body, NULL);
    ck_assert_int_eq(w->status, 201);
    snprintf(d.household, sizeof d.household, "%s", jstr(w, "id"));
    http_free(w);
    free(hc);
    free(jc);

    /* the other network and its agency */
    char net[40], agency[40], *boot;
    new_network(net, &boot, agency);
    free(boot);
    char *other[NROLES], *same[NROLES];
    for (size_t i = 0; i < NROLES; i++) {
        char roles[64];
        snprintf(roles, sizeof roles, "[\"%s\"]", ROLES[i]);
        int platform = strcmp(ROLES[i], "ministry") == 0 || strcmp(ROLES[i], "platform_admin") == 0;
        other[i] = signed_token(roles, platform ? NULL : agency, platform ? NULL : net);
        same[i] = platform ? NULL : signed_token(roles, AWO_AGENCY, DEMO_NETWORK);
    }
    http_resp_t *doc = http("GET", "/openapi.json", NULL, NULL, NULL);
    const char *tpl;
    json_t *item;
    int pairs = 0, leaks = 0, lists = 0;
    json_object_foreach(json_object_get(doc->json, "paths"), tpl, item) {
        const char *method;
        json_t *op;
        if (strncmp(tpl, "/v1/", 4) != 0 || strncmp(tpl, "/v1/public/", 11) == 0 ||
            strcmp(tpl, "/v1/oauth/token") == 0)
            continue;
        json_object_foreach(item, method, op) {
            if (strcmp(method, "parameters") == 0)
                continue;
            if (strchr(tpl, '{')) {
                for (size_t i = 0; i < NROLES; i++) {
                    pairs += check(&d, ROLES[i], other[i], method, tpl, op, &leaks);
                    int bound = strncmp(tpl, "/v1/cases/", 10) == 0 || strncmp(tpl, "/v1/referrals/", 14) == 0 ||
                                strncmp(tpl, "/v1/conferences/", 16) == 0 || strncmp(tpl, "/v1/webhooks/", 13) == 0 ||
                                strncmp(tpl, "/v1/api-clients/", 16) == 0 || strncmp(tpl, "/v1/handovers/", 14) == 0 ||
                                strncmp(tpl, "/v1/households/", 15) == 0;
                    if (same[i] && bound)
                        pairs += check(&d, ROLES[i], same[i], method, tpl, op, &leaks);
                }
            } else if (strcmp(method, "get") == 0) {
                /* a list read by the other network shows nothing of the demo network */
                for (size_t i = 0; i < NROLES; i++) {
                    if (strcmp(ROLES[i], "ministry") == 0 || strcmp(ROLES[i], "platform_admin") == 0)
                        continue; /* they read every network by design */
                    http_resp_t *r = http("GET", tpl, other[i], NULL, NULL);
                    const char *marks[] = {DEMO_NETWORK, "b0000000-0000-4000-8000", "RBK-", "Amina"};
                    for (size_t k = 0; k < 4; k++)
                        if (strstr(r->body, marks[k])) {
                            fprintf(stderr, "authz LEAK: %s GET %s shows %s\n", ROLES[i], tpl, marks[k]);
                            leaks++;
                        }
                    http_free(r);
                    lists++;
                }
            }
        }
    }
    http_free(doc);
    printf("authz: %d foreign/missing pairs and %d list reads checked, %d leak(s)\n", pairs, lists, leaks);
    ck_assert_int_gt(pairs, 400);
    ck_assert_int_eq(leaks, 0);
    for (size_t i = 0; i < NROLES; i++) {
        free(other[i]);
        free(same[i]);
    }
}
END_TEST

Suite *suite_authz(void)
{
    Suite *s = suite_create("authz");
    TCase *tc = tcase_create("authz");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, every_route_every_role_no_tenant_leak);
    suite_add_tcase(s, tc);
    return s;
}
