/* ratelimit.c - see ratelimit.h.  64 shards of 64 buckets, each shard with
 * its own lock; a new key takes the shard's least recently used bucket,
 * so memory stays at about 300 KB whatever the traffic. */
#include "ratelimit.h"

#include "clock.h"
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define SHARDS 64
#define SLOTS 64

typedef struct bucket {
    char key[72];
    double tokens, at; /* tokens at time `at` (monotonic seconds) */
} bucket_t;

static struct shard {
    pthread_mutex_t mu;
    bucket_t slot[SLOTS];
} g_shards[SHARDS];
static pthread_once_t g_once = PTHREAD_ONCE_INIT;

static void init(void)
{
    for (int i = 0; i < SHARDS; i++)
        pthread_mutex_init(&g_shards[i].mu, NULL);
}

static uint32_t hash(const char *s)
{
    uint32_t h = 2166136261u;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 16777619u;
    return h;
}

/* 64-bit FNV-1a of s from seed. */
static uint64_t hash64(const char *s, uint64_t seed)
{
    uint64_t h = seed;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211u;
    return h;
}

/* The key as a bucket holds it: itself when it fits, else "#" and 128
 * bits of two hashes of the whole key (a long `sub` used to be cut to
 * the bucket's size and then never matched its bucket again). */
static void bucket_key(const char *key, char *out, size_t n)
{
    if (strlen(key) < n) {
        snprintf(out, n, "%s", key);
        return;
    }
    snprintf(out, n, "#%016llx%016llx", (unsigned long long)hash64(key, 14695981039346656037u),
             (unsigned long long)hash64(key, 0x9e3779b97f4a7c15u));
}

/* The bucket of key, refilled to now (a new one starts full). Caller holds the shard lock. */
static bucket_t *bucket(struct shard *sh, const char *key, double rate, double burst, double now)
{
    bucket_t *oldest = &sh->slot[0];
    for (int i = 0; i < SLOTS; i++) {
        bucket_t *b = &sh->slot[i];
        if (strcmp(b->key, key) == 0) {
            b->tokens = fmin(burst, b->tokens + (now - b->at) * rate);
            b->at = now;
            return b;
        }
        if (b->at < oldest->at)
            oldest = b;
    }
    snprintf(oldest->key, sizeof oldest->key, "%s", key);
    oldest->tokens = burst;
    oldest->at = now;
    return oldest;
}

static int limit(const char *key, double rate, double burst, int take)
{
    if (rate <= 0)
        return 0;
    pthread_once(&g_once, init);
    char k[sizeof g_shards[0].slot[0].key];
    bucket_key(key, k, sizeof k);
    key = k;
    struct shard *sh = &g_shards[hash(key) % SHARDS];
    double now = monotonic_s();
    pthread_mutex_lock(&sh->mu);
    bucket_t *b = bucket(sh, key, rate, burst, now);
    int wait = 0;
    if (b->tokens >= 1) {
        if (take)
            b->tokens -= 1;
    } else {
        wait = (int)ceil((1 - b->tokens) / rate);
        if (wait < 1)
            wait = 1;
    }
    pthread_mutex_unlock(&sh->mu);
    return wait;
}

int ratelimit_take(const char *key, double rate, double burst)
{
    return limit(key, rate, burst, 1);
}

int ratelimit_wait(const char *key, double rate, double burst)
{
    return limit(key, rate, burst, 0);
}
