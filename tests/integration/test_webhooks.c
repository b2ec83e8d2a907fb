/* test_webhooks.c - webhook subscriptions delivering to a receiver in this
 * process: signed deliveries (checked here with OpenSSL, independently of
 * the server's code), each event once and only what the agency may see,
 * retries against a receiver that fails first, the subscription disabled
 * after the retry window and a delivery replayed, SSRF refusals, and two
 * instances sharing requests and deliveries while one of them dies. */
#include "case_fixture.h"

#include <microhttpd.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <pthread.h>
#include <signal.h>
#include <sys/wait.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_SEEN 256

typedef struct delivery {
    char id[64], timestamp[32], signature[128];
    char *body;
} delivery_t;

/* A receiver on loopback: answers 500 to the first `fail_first` requests
 * (all of them while fail_always), 204 after; records every request. */
typedef struct receiver {
    struct MHD_Daemon *d;
    int port;
    pthread_mutex_t mu;
    int fail_first, fail_always, requests;
    delivery_t seen[MAX_SEEN];
    int n;
} receiver_t;

typedef struct upload {
    char *buf;
    size_t len;
} upload_t;

static enum MHD_Result on_hook(void *cls, struct MHD_Connection *c, const char *url, const char *method,
                               const char *version, const char *data, size_t *size, void **state)
{
    (void)url;
    (void)method;
    (void)version;
    receiver_t *rc = cls;
    upload_t *u = *state;
    if (u == NULL) {
        *state = calloc(1, sizeof *u);
        return MHD_YES;
    }
    if (*size) {
        u->buf = realloc(u->buf, u->len + *size + 1);
        memcpy(u->buf + u->len, data, *size);
        u->len += *size;
        u->buf[u->len] = '\0';
        *size = 0;
        return MHD_YES;
    }
    pthread_mutex_lock(&rc->mu);
    int fail = rc->fail_always || rc->requests < rc->fail_first;
    rc->requests++;
    if (!fail && rc->n < MAX_SEEN) {
        delivery_t *x = &rc->seen[rc->n++];
        const char *v;
        snprintf(x->id, sizeof x->id, "%s", (v = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "webhook-id")) ? v : "");
        snprintf(x->timestamp, sizeof x->timestamp, "%s",
                 (v = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "webhook-timestamp")) ? v : "");
        snprintf(x->signature, sizeof x->signature, "%s",
                 (v = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "webhook-signature")) ? v : "");
        x->body = u->buf ? strdup(u->buf) : strdup("");
    }
    pthread_mutex_unlock(&rc->mu);
    free(u->buf);
    free(u);
    *state = NULL;
    struct MHD_Response *resp = MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
    enum MHD_Result ret = MHD_queue_response(c, fail ? 500 : 204, resp);
    MHD_destroy_response(resp);
    return ret;
}

static receiver_t *receiver_start(int fail_first)
{
    receiver_t *rc = calloc(1, sizeof *rc);
    pthread_mutex_init(&rc->mu, NULL);
    rc->fail_first = fail_first;
    rc->d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD, 0, NULL, NULL, on_hook, rc,
                             MHD_OPTION_END);
    ck_assert_ptr_nonnull(rc->d);
    rc->port = MHD_get_daemon_info(rc->d, MHD_DAEMON_INFO_BIND_PORT)->port;
    return rc;
}

static void receiver_stop(receiver_t *rc)
{
    MHD_stop_daemon(rc->d);
    for (int i = 0; i < rc->n; i++)
        free(rc->seen[i].body);
    pthread_mutex_destroy(&rc->mu);
    free(rc);
}

/* The number of deliveries whose body contains needle, waiting up to
 * 10 s for at least want of them. */
static int received(receiver_t *rc, const char *needle, int want)
{
    int n = 0;
    for (int t = 0; t < 200; t++) {
        n = 0;
        pthread_mutex_lock(&rc->mu);
        for (int i = 0; i < rc->n; i++)
            n += strstr(rc->seen[i].body, needle) != NULL;
        pthread_mutex_unlock(&rc->mu);
        if (n >= want)
            return n;
        usleep(50000);
    }
    return n;
}

/* Standard Webhooks, verified here: v1,base64(HMAC-SHA256(key, id.timestamp.body)). */
static int signature_ok(const char *secret, const delivery_t *x)
{
    unsigned char key[64], mac[EVP_MAX_MD_SIZE];
    const char *b64 = secret + strlen("whsec_");
    int klen = EVP_DecodeBlock(key, (const unsigned char *)b64, (int)strlen(b64));
    klen -= (b64[strlen(b64) - 1] == '=') + (b64[strlen(b64) - 2] == '=');
    size_t len = strlen(x->id) + strlen(x->timestamp) + strlen(x->body) + 3;
    char *msg = malloc(len);
    ck_assert_ptr_nonnull(msg);
    snprintf(msg, len, "%s.%s.%s", x->id, x->timestamp, x->body);
    unsigned maclen = 0;
    HMAC(EVP_sha256(), key, klen, (unsigned char *)msg, strlen(msg), mac, &maclen);
    free(msg);
    char want[128] = "v1,";
    EVP_EncodeBlock((unsigned char *)want + 3, mac, (int)maclen);
    return strcmp(want, x->signature) == 0;
}

/* Creates a subscription of token's agency; returns its id, secret into secret. */
static char *subscribe(const char *token, receiver_t *rc, const char *types, char *secret)
{
    char body[512];
    snprintf(body, sizeof body, "{\"url\":\"http://127.0.0.1:%d/hook\"%s%s}", rc->port,
             types ? ",\"event_types\":" : "", types ? types : "");
    http_resp_t *r = http("POST", "/v1/webhooks", token, body, NULL);
    ck_assert_msg(r->status == 201, "%ld %s", r->status, r->body);
    snprintf(secret, 64, "%s", jstr(r, "secret"));
    ck_assert_int_eq(strncmp(secret, "whsec_", 6), 0);
    char *id = strdup(jstr(r, "id"));
    http_free(r);
    return id;
}

/* Waits until subscription sub has fanned out every event up to the
 * case.created of case_id (its cursor is past it). */
static void fanned_out_past(const char *sub, const char *case_id)
{
    char sql[512];
    snprintf(sql, sizeof sql, "SELECT (s.cursor_txid, s.cursor_id) >= (e.txid, e.id) FROM webhook_subscriptions s, "
             "events e WHERE s.id = '%s' AND e.type = 'case.created' AND e.resource_id = '%s'", sub, case_id);
    for (int i = 0; i < 200; i++) {
        char *t = sql_super(sql);
        int past = strcmp(t, "t") == 0;
        free(t);
        if (past)
            return;
        usleep(50000);
    }
    ck_abort_msg("subscription %s did not pass the event of case %s", sub, case_id);
}

START_TEST(signed_deliveries_once_and_only_what_the_agency_sees)
{
    char *jobcenter, *caritas, *awo, *mbe, secret[64], only_secret[64];
    demo_team(&jobcenter, &caritas, &awo, &mbe);
    receiver_t *all = receiver_start(0), *only = receiver_start(0);
    char *sub = subscribe(jobcenter, all, NULL, secret);
    char *only_sub = subscribe(jobcenter, only, "[\"case.status_changed\"]", only_secret);
    /* the secret is shown once */
    char p[160];
    snprintf(p, sizeof p, "/v1/webhooks/%s", sub);
    http_resp_t *r = http("GET", p, jobcenter, NULL, NULL);
    ck_assert_int_eq(r->status, 200);
    ck_assert_ptr_null(json_object_get(r->json, "secret"));
    ck_assert_ptr_null(strstr(r->body, secret + 6));
    http_free(r);
    ck_assert_int_eq(status_of("GET", p, caritas, NULL), 404);
    /* bad input changes nothing */
    ck_assert_int_eq(status_of("PATCH", p, jobcenter, "{\"url\":\"https://10.1.2.3/hook\"}"), 422);
    ck_assert_int_eq(status_of("PATCH", p, jobcenter, "{\"status\":\"paused\"}"), 400);
    r = http("GET", p, jobcenter, NULL, NULL);
    ck_assert_int_eq(json_integer_value(json_object_get(r->json, "version")), 1);
    ck_assert_ptr_nonnull(strstr(jstr(r, "url"), "127.0.0.1"));
    http_free(r);
    char dp[200];
    snprintf(dp, sizeof dp, "%s/deliveries?status=lost", p);
    ck_assert_int_eq(status_of("GET", dp, jobcenter, NULL), 400);

    char m[9];
    random_hex(m, 8);
    /* Caritas' case first: once the Jobcenter's is delivered, the fan-out
     * (in commit order) has passed Caritas' case, which the Jobcenter may
     * not know */
    char *theirs = create_case(caritas, m), *mine = create_case(jobcenter, m);
    ck_assert_int_eq(received(all, mine, 1), 1);
    ck_assert_int_eq(received(all, theirs, 0), 0);
    /* the filtered subscription passed the case.created events without a delivery */
    fanned_out_past(only_sub, mine);
    ck_assert_int_eq(received(only, mine, 0), 0);
    pthread_mutex_lock(&all->mu);
    int checked = 0;
    for (int i = 0; i < all->n; i++) {
        delivery_t *x = &all->seen[i];
        ck_assert_msg(signature_ok(secret, x), "bad signature on %s", x->id);
        for (int j = i + 1; j < all->n; j++)
            ck_assert_msg(strcmp(x->id, all->seen[j].id) != 0, "%s delivered twice", x->id);
        if (strstr(x->body, mine)) {
            json_t *b = json_loads(x->body, 0, NULL);
            ck_assert_str_eq(json_string_value(json_object_get(b, "type")), "case.created");
            ck_assert_str_eq(json_string_value(json_object_get(json_object_get(b, "data"), "resource_id")), mine);
            json_decref(b);
            ck_assert_ptr_null(strstr(x->body, "Amina")); /* no personal data */
            checked++;
        }
        /* a changed byte breaks it */
        x->body[0] = ' ';
        ck_assert(!signature_ok(secret, x));
    }
    pthread_mutex_unlock(&all->mu);
    ck_assert_int_eq(checked, 1);
    /* handing the case's events to the partner system left an audit row naming it (the
     * Art. 15 recipients), none for Caritas' case it never got */
    char *n = sqlf("SELECT count(*) FROM audit_log WHERE action = 'webhook.deliver' AND "
                   "actor_sub = 'webhook:%s' AND actor_agency = '%s' AND '%s' = ANY(case_ids)", sub,
                   JOBCENTER_AGENCY, mine);
    ck_assert_str_eq(n, "1");
    free(n);
    n = sqlf("SELECT count(*) FROM audit_log WHERE action = 'webhook.deliver' AND '%s' = ANY(case_ids)", theirs);
    ck_assert_str_eq(n, "0");
    free(n);
    /* the filtered subscription gets only case.status_changed */
    snprintf(p, sizeof p, "/v1/cases/%s/close", mine);
    ck_assert_int_eq(status_of("POST", p, jobcenter, "{\"closure_reason\":\"moved_away\"}"), 200);
    ck_assert_int_eq(received(only, mine, 1), 1);
    pthread_mutex_lock(&only->mu);
    ck_assert_int_eq(only->n, 1);
    ck_assert_ptr_nonnull(strstr(only->seen[0].body, "case.status_changed"));
    ck_assert(signature_ok(only_secret, &only->seen[0]));
    pthread_mutex_unlock(&only->mu);
    /* deliveries with their attempts (the attempt is recorded after the receiver answered) */
    snprintf(p, sizeof p, "/v1/webhooks/%s/deliveries?status=delivered", only_sub);
    for (int t = 0;; t++) {
        r = http("GET", p, jobcenter, NULL, NULL);
        ck_assert_int_eq(r->status, 200);
        if (json_array_size(json_object_get(r->json, "items")) > 0 || t == 100)
            break;
        http_free(r);
        usleep(50000);
    }
    json_t *d = json_array_get(json_object_get(r->json, "items"), 0);
    ck_assert_str_eq(json_string_value(json_object_get(d, "event_type")), "case.status_changed");
    json_t *a = json_array_get(json_object_get(d, "attempt_log"), 0);
    ck_assert_int_eq(json_integer_value(json_object_get(a, "status_code")), 204);
    ck_assert(json_is_integer(json_object_get(a, "duration_ms")));
    http_free(r);
    snprintf(p, sizeof p, "/v1/webhooks/%s", only_sub);
    ck_assert_int_eq(status_of("DELETE", p, jobcenter, NULL), 204);
    ck_assert_int_eq(status_of("GET", p, jobcenter, NULL), 404);
    receiver_stop(all);
    receiver_stop(only);
    free(mine);
    free(theirs);
    free(sub);
    free(only_sub);
    demo_team_free(jobcenter, caritas, awo, mbe);
}
END_TEST

START_TEST(retries_then_disables_and_replays)
{
    char *jobcenter, *caritas, *awo, *mbe, secret[64], p[200];
    demo_team(&jobcenter, &caritas, &awo, &mbe);
    /* fails twice, then takes it */
    receiver_t *flaky = receiver_start(2);
    char *sub = subscribe(mbe, flaky, "[\"case.created\"]", secret);
    char m[9];
    random_hex(m, 8);
    char *c1 = create_case(mbe, m);
    ck_assert_int_eq(received(flaky, c1, 1), 1);
    snprintf(p, sizeof p, "/v1/webhooks/%s/deliveries", sub);
    /* the worker records the attempt after the receiver answered: wait for it */
    http_resp_t *r = NULL;
    json_t *d = NULL;
    for (int i = 0; i < 50; i++) {
        if (r) {
            http_free(r);
            usleep(100000);
        }
        r = http("GET", p, mbe, NULL, NULL);
        d = json_array_get(json_object_get(r->json, "items"), 0);
        if (strcmp(json_string_value(json_object_get(d, "status")), "delivered") == 0)
            break;
    }
    ck_assert_str_eq(json_string_value(json_object_get(d, "status")), "delivered");
    ck_assert_int_eq(json_integer_value(json_object_get(d, "attempts")), 3);
    json_t *log = json_object_get(d, "attempt_log");
    ck_assert_int_eq(json_integer_value(json_object_get(json_array_get(log, 0), "status_code")), 500);
    ck_assert_int_eq(json_integer_value(json_object_get(json_array_get(log, 1), "status_code")), 500);
    ck_assert_int_eq(json_integer_value(json_object_get(json_array_get(log, 2), "status_code")), 204);
    http_free(r);
    /* always failing: disabled after the retry window (3 s in the tests) */
    flaky->fail_always = 1;
    char *c2 = create_case(mbe, m);
    snprintf(p, sizeof p, "/v1/webhooks/%s", sub);
    const char *status = "active";
    for (int t = 0; t < 120 && strcmp(status, "disabled") != 0; t++) {
        usleep(100000);
        r = http("GET", p, mbe, NULL, NULL);
        status = strcmp(jstr(r, "status"), "disabled") == 0 ? "disabled" : "active";
        http_free(r);
    }
    ck_assert_str_eq(status, "disabled");
    char sql[256];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM events WHERE type = 'webhook.disabled' AND resource_id = '%s'", sub);
    char *n = sql_super(sql);
    ck_assert_str_eq(n, "1");
    free(n);
    snprintf(p, sizeof p, "/v1/webhooks/%s/deliveries?status=failed", sub);
    r = http("GET", p, mbe, NULL, NULL);
    ck_assert_int_eq(json_array_size(json_object_get(r->json, "items")), 1);
    char delivery[40];
    snprintf(delivery, sizeof delivery, "%s",
             json_string_value(json_object_get(json_array_get(json_object_get(r->json, "items"), 0), "id")));
    http_free(r);
    /* the receiver is fixed: re-enable and replay */
    flaky->fail_always = 0;
    snprintf(p, sizeof p, "/v1/webhooks/%s", sub);
    ck_assert_int_eq(status_of("PATCH", p, mbe, "{\"status\":\"active\"}"), 200);
    snprintf(p, sizeof p, "/v1/webhooks/%s/deliveries/%s/replay", sub, delivery);
    ck_assert_int_eq(status_of("POST", p, jobcenter, NULL), 404); /* not the Jobcenter's */
    ck_assert_int_eq(status_of("POST", p, mbe, NULL), 200);
    ck_assert_int_eq(received(flaky, c2, 1), 1);
    receiver_stop(flaky);
    free(c1);
    free(c2);
    free(sub);
    demo_team_free(jobcenter, caritas, awo, mbe);
}
END_TEST

/* A delivery is replayed only while the agency may still see its event:
 * after Caritas' consent is revoked, replaying the delivery of the case's
 * event is a 404 and nothing is sent again. */
START_TEST(no_replay_of_what_the_agency_lost)
{
    char *jobcenter, *caritas, *awo, *mbe, secret[64], m[9], p[256];
    demo_team(&jobcenter, &caritas, &awo, &mbe);
    receiver_t *rc = receiver_start(0);
    char *sub = subscribe(caritas, rc, "[\"consent.granted\"]", secret);
    random_hex(m, 8);
    char *case_id = create_case(jobcenter, m);
    char *consent = grant(jobcenter, case_id, CARITAS_AGENCY, "[\"identity\"]", NULL);
    ck_assert_int_eq(received(rc, case_id, 1), 1);
    char sql[300];
    snprintf(sql, sizeof sql, "SELECT d.id FROM webhook_deliveries d JOIN events e ON e.id = d.event_id "
             "WHERE d.subscription_id = '%s' AND e.case_id = '%s'", sub, case_id);
    char *delivery = sql_one(sql);
    snprintf(p, sizeof p, "/v1/webhooks/%s/deliveries/%s/replay", sub, delivery);
    ck_assert_int_eq(status_of("POST", p, caritas, NULL), 200); /* while the consent holds */
    ck_assert_int_eq(received(rc, case_id, 2), 2);
    char rp[256];
    snprintf(rp, sizeof rp, "/v1/cases/%s/consents/%s/revoke", case_id, consent);
    ck_assert_int_eq(status_of("POST", rp, jobcenter, NULL), 200);
    ck_assert_int_eq(status_of("POST", p, caritas, NULL), 404);
    snprintf(sql, sizeof sql, "SELECT status FROM webhook_deliveries WHERE id = '%s'", delivery);
    char *status = sql_one(sql);
    ck_assert_str_eq(status, "delivered"); /* not queued again */
    free(status);
    receiver_stop(rc);
    free(delivery);
    free(consent);
    free(case_id);
    free(sub);
    demo_team_free(jobcenter, caritas, awo, mbe);
}
END_TEST

START_TEST(ssrf_targets_refused)
{
    char *admin = demo_token("demo-jobcenter");
    char *cw = signed_token("[\"caseworker\"]", JOBCENTER_AGENCY, RBK_NETWORK);
    const char *refused[] = {
        "https://10.0.0.1/hook",                 "http://192.168.1.20/hook",
        "https://172.16.5.4/hook",               "https://169.254.169.254/latest/meta-data",
        "https://[::ffff:10.0.0.1]/hook",        "https://[fe80::1]/hook",
        "https://0.0.0.0/hook",                  "https://100.64.0.1/hook",
        "ftp://127.0.0.1/hook",                  "https://user:pw@127.0.0.1/hook",
        "https://no-such-host.invalid/hook",     "not a url",
        "https://[fec0::1]/hook",                "https://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/hook",
        "https://[2002:c0a8:101::1]/hook",       "https://[64:ff9b::a00:1]/hook",
        "https://[64:ff9b:1::a00:1]/hook",       "https://93.184.215.14:8443/hook",
        "https://93.184.215.14:22/hook",
    };
    for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
        char body[256];
        snprintf(body, sizeof body, "{\"url\":\"%s\"}", refused[i]);
        http_resp_t *r = http("POST", "/v1/webhooks", admin, body, NULL);
        ck_assert_msg(r->status == 422 || r->status == 400, "%s: %ld", refused[i], r->status);
        if (r->status == 422)
            ck_assert_ptr_nonnull(strstr(r->body, "/url"));
        http_free(r);
    }
    char *n = sql_super("SELECT count(*) FROM webhook_subscriptions WHERE url LIKE '%/hook' AND url NOT LIKE 'http://127.0.0.1:%'");
    ck_assert_str_eq(n, "0");
    free(n);
    /* a public address on port 443 is a target (the control of the port rule) */
    http_resp_t *ok = http("POST", "/v1/webhooks", admin, "{\"url\":\"https://93.184.215.14/hook443\"}", NULL);
    ck_assert_msg(ok->status == 201, "%ld %s", ok->status, ok->body);
    char hook[128];
    snprintf(hook, sizeof hook, "/v1/webhooks/%s", jstr(ok, "id"));
    http_free(ok);
    ck_assert_int_eq(status_of("DELETE", hook, admin, NULL), 204); /* nothing is sent there */
    ck_assert_int_eq(status_of("POST", "/v1/webhooks", cw, "{\"url\":\"https://127.0.0.1/hook\"}"), 403);
    ck_assert_int_eq(status_of("POST", "/v1/webhooks", admin, "{\"url\":\"http://127.0.0.1:9/hook\",\"event_types\":[\"nope\"]}"), 400);
    free(admin);
    free(cw);
}
END_TEST

/* Two instances on one database: requests alternate between them, an
 * idempotent retry sent to the other replays the first answer, and both
 * deliver webhooks; one is killed halfway and no event is lost. */
START_TEST(two_instances_share_the_work)
{
    enum { CASES = 24 };
    char base2[64], secret[64], key[64], *bases[2] = {g_base, base2};
    pid_t second = server_start(NULL, base2);
    char *jobcenter, *caritas, *awo, *mbe;
    demo_team(&jobcenter, &caritas, &awo, &mbe);
    /* a retry at the other instance replays the same answer */
    char m[9];
    random_hex(m, 8);
    char *body = case_body(m);
    snprintf(key, sizeof key, "Idempotency-Key: two-%s", m);
    const char *hdr[] = {key, NULL};
    http_resp_t *a = http_to(g_base, "POST", "/v1/cases", jobcenter, NULL, body, strlen(body), hdr);
    http_resp_t *b = http_to(base2, "POST", "/v1/cases", jobcenter, NULL, body, strlen(body), hdr);
    ck_assert_int_eq(a->status, 201);
    ck_assert_int_eq(b->status, 201);
    ck_assert_str_eq(jstr(a, "id"), jstr(b, "id"));
    char *replayed = resp_header_value(b, "Idempotent-Replayed");
    ck_assert_ptr_nonnull(replayed);
    free(replayed);
    http_free(a);
    http_free(b);
    free(body);

    receiver_t *rc = receiver_start(0);
    char *sub = subscribe(awo, rc, "[\"case.created\"]", secret);
    char ids[CASES][40];
    for (int i = 0; i < CASES; i++) {
        if (i == CASES / 2) { /* the second instance dies, mid-work */
            kill(second, SIGKILL);
            waitpid(second, NULL, 0);
        }
        const char *base = bases[i < CASES / 2 ? i % 2 : 0];
        char *cb = case_body(m);
        http_resp_t *r = http_to(base, "POST", "/v1/cases", awo, NULL, cb, strlen(cb), NULL);
        ck_assert_msg(r->status == 201, "case %d at %s: %ld", i, base, r->status);
        snprintf(ids[i], sizeof ids[i], "%s", jstr(r, "id"));
        http_free(r);
        free(cb);
        /* what one instance wrote the other reads */
        char path[80];
        snprintf(path, sizeof path, "/v1/cases/%s", ids[i]);
        r = http_to(bases[i < CASES / 2 ? (i + 1) % 2 : 0], "GET", path, awo, NULL, NULL, 0, NULL);
        ck_assert_int_eq(r->status, 200);
        http_free(r);
    }
    for (int i = 0; i < CASES; i++)
        ck_assert_msg(received(rc, ids[i], 1) >= 1, "the event of case %d was lost", i);
    pthread_mutex_lock(&rc->mu);
    int total = rc->n, distinct = 0;
    for (int i = 0; i < rc->n; i++) {
        ck_assert(signature_ok(secret, &rc->seen[i]));
        int first = 1;
        for (int j = 0; j < i; j++)
            first &= strcmp(rc->seen[i].id, rc->seen[j].id) != 0;
        distinct += first;
    }
    pthread_mutex_unlock(&rc->mu);
    ck_assert_int_eq(distinct, CASES);
    /* at least once: only an attempt cut off by the kill may repeat */
    ck_assert_msg(total <= CASES + 1, "%d deliveries for %d events", total, CASES);
    char sql[256];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM webhook_deliveries WHERE subscription_id = '%s' "
             "AND status = 'delivered'", sub);
    char *n = sql_super(sql);
    ck_assert_int_eq(atoi(n), CASES);
    free(n);
    receiver_stop(rc);
    free(sub);
    demo_team_free(jobcenter, caritas, awo, mbe);
}
END_TEST

Suite *suite_webhooks(void)
{
    Suite *s = suite_create("webhooks");
    TCase *tc = tcase_create("webhooks");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, signed_deliveries_once_and_only_what_the_agency_sees);
    tcase_add_test(tc, retries_then_disables_and_replays);
    tcase_add_test(tc, no_replay_of_what_the_agency_lost);
    tcase_add_test(tc, ssrf_targets_refused);
    tcase_add_test(tc, two_instances_share_the_work);
    suite_add_tcase(s, tc);
    return s;
}
