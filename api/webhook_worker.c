/* webhook_worker.c - see webhook_worker.h.  A delivery is an event for a
 * subscription; each attempt runs in one transaction that holds the
 * delivery's row lock, so an instance that dies mid-delivery leaves it
 * pending for another (at least once).  Failed attempts are retried after
 * LOTSE_WEBHOOK_RETRY_BASE_MS, doubling up to an hour; a delivery still
 * failing after LOTSE_WEBHOOK_RETRY_WINDOW_S disables its subscription
 * (event webhook.disabled). */
#include "webhook_worker.h"

#include "clock.h"
#include "config.h"
#include "arena.h"
#include "db.h"
#include "events.h"
#include "log.h"
#include "webhook_target.h"
#include "webhooks.h"

#include <curl/curl.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static pthread_t g_thread;
static int g_started;
static atomic_int g_stop;
static pthread_mutex_t g_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t g_cv = PTHREAD_COND_INITIALIZER;
static int g_kicked;
static char g_instance[96];

/* "v1,<base64 HMAC-SHA256 over id.timestamp.body>" with the key of secret
 * ("whsec_<base64>") into out; 0, or -1 for a malformed secret. */
static int webhook_sign(const char *secret, const char *id, long long timestamp, const char *body,
                        char *out, size_t outlen)
{
    if (strncmp(secret, "whsec_", 6) != 0)
        return -1;
    unsigned char key[128], mac[EVP_MAX_MD_SIZE];
    const char *b64 = secret + 6;
    size_t n = strlen(b64);
    if (n == 0 || n % 4 != 0 || n / 4 * 3 > sizeof key)
        return -1;
    int klen = EVP_DecodeBlock(key, (const unsigned char *)b64, (int)n);
    if (klen < 0)
        return -1;
    klen -= (n >= 1 && b64[n - 1] == '=') + (n >= 2 && b64[n - 2] == '=');
    size_t blen = strlen(body), mlen = strlen(id) + 24 + blen;
    char *msg = malloc(mlen + 1);
    if (msg == NULL)
        return -1;
    int hl = snprintf(msg, mlen + 1, "%s.%lld.", id, timestamp);
    memcpy(msg + hl, body, blen);
    unsigned maclen = 0;
    int ok = HMAC(EVP_sha256(), key, klen, (const unsigned char *)msg, (size_t)hl + blen, mac, &maclen) != NULL;
    free(msg);
    if (!ok || outlen < 4 + 4 * ((maclen + 2) / 3) + 1)
        return -1;
    memcpy(out, "v1,", 3);
    EVP_EncodeBlock((unsigned char *)out + 3, mac, (int)maclen);
    return 0;
}

/* A unit of the worker's own work (no request): a db context for the
 * platform (network NULL) or for one agency of a network, and the arena
 * that owns its results.  job_end commits (or rolls back after an error),
 * logs a failure and frees it. */
typedef struct job {
    arena_t *arena;
    db_ctx_t x;
} job_t;

static job_t *job_begin(const char *network, const char *agency)
{
    arena_t *a = arena_new();
    if (a == NULL)
        return NULL;
    job_t *j = arena_alloc(a, sizeof *j);
    j->arena = a;
    j->x.tenant = (db_tenant_t){.network = network, .agency = agency, .sub = "webhooks",
                                .scope = network ? "network" : "platform"};
    j->x.request_id = "webhooks";
    j->x.owner = a;
    j->x.defer = arena_defer_owned;
    return j;
}

static void job_end(job_t *j)
{
    int failed = j->x.err != DB_OK;
    if (dbc_finish(&j->x, !failed) != 0 || failed)
        log_msg(LOG_WARN, "webhook worker: a database step failed (%d); it is retried", (int)j->x.err);
    arena_free(j->arena);
}

/* Fans the new events of every active subscription out into deliveries:
 * the subscriptions are read in one transaction, which ends before each
 * subscription's fan-out runs in a transaction of its own (one connection
 * runs one transaction at a time). */
static void fan_out(void)
{
    job_t *all = job_begin(NULL, NULL);
    if (all == NULL)
        return;
    PGresult *subs = dbc_exec(&all->x, &WEBHOOK_ACTIVE, NULL);
    int n = subs ? PQntuples(subs) : 0;
    dbc_finish(&all->x, 1); /* subs stays readable until the job's arena is freed */
    for (int i = 0; i < n && !atomic_load(&g_stop); i++) {
        for (int more = 1; more;) {
            job_t *one = job_begin(PQgetvalue(subs, i, 1), PQgetvalue(subs, i, 2));
            if (one == NULL)
                break;
            const char *params[1] = {PQgetvalue(subs, i, 0)};
            PGresult *res = dbc_exec(&one->x, &WEBHOOK_FANOUT, params);
            more = res && PQntuples(res) == 1 && atoi(PQgetvalue(res, 0, 1)) == 500;
            job_end(one);
        }
    }
    job_end(all);
}

static size_t discard(char *data, size_t size, size_t n, void *arg)
{
    (void)data;
    (void)arg;
    return size * n;
}

/* One attempt at url; the status code (0: no answer) and why it failed. */
static long post(const char *url, const char *pin, const char *id, const char *body,
                 const char *secret, char *err, size_t errlen)
{
    long long ts = (long long)time(NULL);
    char sig[128], h_id[160], h_ts[64], h_sig[160];
    if (webhook_sign(secret, id, ts, body, sig, sizeof sig) != 0) {
        snprintf(err, errlen, "the subscription's secret is malformed");
        return 0;
    }
    snprintf(h_id, sizeof h_id, "webhook-id: %s", id);
    snprintf(h_ts, sizeof h_ts, "webhook-timestamp: %lld", ts);
    snprintf(h_sig, sizeof h_sig, "webhook-signature: %s", sig);
    struct curl_slist *hdrs = curl_slist_append(NULL, "Content-Type: application/json");
    hdrs = curl_slist_append(hdrs, h_id);
    hdrs = curl_slist_append(hdrs, h_ts);
    hdrs = curl_slist_append(hdrs, h_sig);
    hdrs = curl_slist_append(hdrs, "User-Agent: Lotse-Webhooks/1");
    struct curl_slist *resolve = curl_slist_append(NULL, pin);
    CURL *c = curl_easy_init();
    long code = 0;
    if (c) {
        curl_easy_setopt(c, CURLOPT_URL, url);
        curl_easy_setopt(c, CURLOPT_RESOLVE, resolve);
        curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
        curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
        curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
        curl_easy_setopt(c, CURLOPT_HTTPHEADER, hdrs);
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
        curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, (long)g_config.webhook_timeout_ms);
        curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, (long)g_config.webhook_timeout_ms);
        curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, discard);
        CURLcode rc = curl_easy_perform(c);
        if (rc == CURLE_OK)
            curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
        else
            snprintf(err, errlen, "%s", curl_easy_strerror(rc));
        curl_easy_cleanup(c);
    }
    curl_slist_free_all(hdrs);
    curl_slist_free_all(resolve);
    if (code != 0 && (code < 200 || code > 299))
        snprintf(err, errlen, "answered %ld", code);
    return code;
}

/* Sends the next due delivery, if any; 1 when one was attempted. */
static int deliver_one(void)
{
    job_t *j = job_begin(NULL, NULL);
    if (j == NULL)
        return 0;
    PGresult *d = dbc_exec(&j->x, &WEBHOOK_CLAIM, NULL);
    int found = d && PQntuples(d) == 1;
    if (found) {
        const char *id = PQgetvalue(d, 0, 0), *network = PQgetvalue(d, 0, 1);
        const char *url = PQgetvalue(d, 0, 4);
        int attempts = atoi(PQgetvalue(d, 0, 7));
        long age = atol(PQgetvalue(d, 0, 3));
        char pin[512], err[256] = "", why[200];
        double t0 = monotonic_s();
        long code = 0;
        if (webhook_target(url, pin, sizeof pin, why, sizeof why) == 0)
            code = post(url, pin, id, PQgetvalue(d, 0, 2), PQgetvalue(d, 0, 5), err, sizeof err);
        else
            snprintf(err, sizeof err, "the url %s", why);
        int ok = code >= 200 && code <= 299;
        double delay = (double)g_config.webhook_retry_base_ms;
        for (int i = 0; i < attempts && delay < 3600e3; i++)
            delay *= 2;
        if (delay > 3600e3)
            delay = 3600e3;
        const char *status = ok ? "delivered"
                             : age + delay / 1000 > g_config.webhook_retry_window_s ? "failed"
                                                                                     : "pending";
        char scode[16], ms[16], next[24];
        snprintf(scode, sizeof scode, "%ld", code);
        snprintf(ms, sizeof ms, "%d", (int)((monotonic_s() - t0) * 1000));
        snprintf(next, sizeof next, "%.0f", delay);
        const char *params[7] = {id, code ? scode : NULL, ms, ok ? NULL : err, status, next, g_instance};
        PGresult *off = dbc_exec(&j->x, &WEBHOOK_RECORD, params);
        if (off && PQntuples(off) == 1) {
            log_msg(LOG_WARN, "webhook %s disabled: deliveries failed for the retry window",
                    PQgetvalue(off, 0, 0));
            const char *ev[8] = {network, "webhook.disabled", "webhook", PQgetvalue(off, 0, 0), "webhooks",
                                 "", "webhooks", NULL};
            dbc_exec(&j->x, &EVENT_INSERT, ev);
        }
    }
    job_end(j);
    return found;
}

/* Fan-outs are at least this far apart: a burst of events (hundreds of
 * writes per second) costs one fan-out per interval, not one per event. */
#define FANOUT_MIN_S 0.05

/* Waits on g_cv until seconds from now, or a kick (g_mu held). */
static void wait_locked(double seconds)
{
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    long ns = until.tv_nsec + (long)(seconds * 1e9);
    until.tv_sec += ns / 1000000000L;
    until.tv_nsec = ns % 1000000000L;
    pthread_cond_timedwait(&g_cv, &g_mu, &until);
}

static void *worker(void *arg)
{
    (void)arg;
    double last_fanout = 0;
    int pending = 0; /* a kick not yet followed by a fan-out */
    while (!atomic_load(&g_stop)) {
        pthread_mutex_lock(&g_mu);
        pending |= g_kicked;
        g_kicked = 0;
        pthread_mutex_unlock(&g_mu);
        /* events are fanned out when they commit (a burst waits for the
         * interval), and every two seconds for those that were hidden
         * behind an older transaction then */
        double since = monotonic_s() - last_fanout;
        if (pending && since < FANOUT_MIN_S) {
            usleep((useconds_t)((FANOUT_MIN_S - since) * 1e6));
            continue;
        }
        if (pending || since > 2) {
            fan_out();
            last_fanout = monotonic_s();
            pending = 0;
        }
        int sent = 0;
        while (sent < 100 && !atomic_load(&g_stop) && deliver_one())
            sent++;
        if (sent == 0) {
            pthread_mutex_lock(&g_mu);
            if (!g_kicked && !atomic_load(&g_stop))
                wait_locked(0.2);
            pthread_mutex_unlock(&g_mu);
        }
    }
    db_thread_close();
    return NULL;
}

void webhook_worker_kick(void)
{
    pthread_mutex_lock(&g_mu);
    g_kicked = 1;
    pthread_cond_signal(&g_cv);
    pthread_mutex_unlock(&g_mu);
}

int webhook_worker_start(void)
{
    char host[64] = "";
    gethostname(host, sizeof host - 1);
    snprintf(g_instance, sizeof g_instance, "%s:%d", host, (int)getpid());
    if (pthread_create(&g_thread, NULL, worker, NULL) != 0)
        return -1;
    g_started = 1;
    return 0;
}

void webhook_worker_stop(void)
{
    atomic_store(&g_stop, 1);
    webhook_worker_kick();
    if (g_started)
        pthread_join(g_thread, NULL);
    g_started = 0;
}
