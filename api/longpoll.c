/* longpoll.c - see longpoll.h. */
#include "longpoll.h"

#include "clock.h"
#include "store.h"
#include "log.h"
#include "webhook_worker.h"

#include <libpq-fe.h>
#include <microhttpd.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* A waiter is resumed when an event of its network commits, when its
 * deadline passes, and (a few times, half a second apart) after a wake-up
 * that found nothing: an event can stay hidden from the feed for a moment
 * while an older transaction is still open. */
#define RECHECK_S 0.5
#define RECHECKS 6

typedef struct waiter {
    struct waiter *next;
    req_t *r;
    char network[40];
    double due;  /* when to resume at the latest: the deadline or a recheck */
} waiter_t;

static pthread_mutex_t g_mu = PTHREAD_MUTEX_INITIALIZER;
static waiter_t *g_waiters;
static atomic_int g_count, g_stopping;
static atomic_uint g_generation; /* notifications received so far */
static pthread_t g_thread;
static int g_started;
static char *g_url;

void longpoll_begin(req_t *r)
{
    r->wait_generation = atomic_load(&g_generation);
}

int longpoll_should_wait(req_t *r, int wait_s)
{
    if (wait_s <= 0 || atomic_load(&g_stopping))
        return 0;
    double now = monotonic_s();
    if (r->wait_until == 0)
        r->wait_until = now + wait_s;
    if (now >= r->wait_until)
        return 0;
    r->wait_now = 1;
    return 1;
}

int longpoll_suspend(req_t *r)
{
    if (!r->wait_now)
        return 0;
    r->wait_now = 0;
    waiter_t *w = malloc(sizeof *w);
    if (w == NULL)
        return 0; /* answers now with what it found */
    w->r = r;
    snprintf(w->network, sizeof w->network, "%s", r->principal.network);
    w->due = r->wait_until;
    if (r->wait_woken && r->wait_rechecks < RECHECKS) {
        r->wait_rechecks++;
        double soon = monotonic_s() + RECHECK_S;
        if (soon < w->due)
            w->due = soon;
    }
    r->wait_woken = 0;
    if (atomic_load(&g_generation) != r->wait_generation)
        w->due = 0; /* something committed since the read: look again at once */
    MHD_suspend_connection(r->conn);
    pthread_mutex_lock(&g_mu);
    w->next = g_waiters;
    g_waiters = w;
    pthread_mutex_unlock(&g_mu);
    atomic_fetch_add(&g_count, 1);
    return 1;
}

int longpoll_waiting(void)
{
    return atomic_load(&g_count);
}

/* Resumes the waiters of network (NULL: none by network), those due by
 * `now`, or all of them; outside the lock, so that MHD's own lock is never
 * taken while holding ours. */
static void wake(const char *network, double now, int all)
{
    waiter_t *ready = NULL;
    pthread_mutex_lock(&g_mu);
    for (waiter_t **p = &g_waiters; *p;) {
        waiter_t *w = *p;
        int by_event = network && strcmp(w->network, network) == 0;
        if (all || by_event || w->due <= now) {
            *p = w->next;
            w->r->wait_woken = by_event;
            w->next = ready;
            ready = w;
        } else {
            p = &w->next;
        }
    }
    pthread_mutex_unlock(&g_mu);
    while (ready) {
        waiter_t *w = ready;
        ready = w->next;
        if (all)
            w->r->wait_until = -1; /* shutting down: answer now */
        atomic_fetch_sub(&g_count, 1);
        MHD_resume_connection(w->r->conn);
        free(w);
    }
}

static PGconn *listen_conn(void)
{
    PGconn *pg = PQconnectdb(g_url);
    db_log_notices(pg);
    if (PQstatus(pg) == CONNECTION_OK) {
        PGresult *res = PQexec(pg, "LISTEN lotse_events");
        int ok = PQresultStatus(res) == PGRES_COMMAND_OK;
        PQclear(res);
        if (ok)
            return pg;
    }
    log_msg(LOG_WARN, "event listener: cannot listen (%s); retrying", PQerrorMessage(pg));
    PQfinish(pg);
    return NULL;
}

static void *listener(void *arg)
{
    (void)arg;
    PGconn *pg = NULL;
    while (!atomic_load(&g_stopping)) {
        if (pg == NULL && (pg = listen_conn()) == NULL) {
            /* no notifications while the database is away: waiters then
             * answer at their deadline or recheck */
            wake(NULL, monotonic_s(), 0);
            usleep(250000);
            continue;
        }
        struct pollfd pfd = {PQsocket(pg), POLLIN, 0};
        int n = poll(&pfd, 1, 100);
        if (n > 0 && !PQconsumeInput(pg)) {
            PQfinish(pg);
            pg = NULL;
            continue;
        }
        PGnotify *note;
        while ((note = PQnotifies(pg)) != NULL) {
            atomic_fetch_add(&g_generation, 1);
            webhook_worker_kick();
            wake(note->extra, 0, 0);
            PQfreemem(note);
        }
        wake(NULL, monotonic_s(), 0);
    }
    PQfinish(pg);
    return NULL;
}

int longpoll_start(const char *database_url)
{
    g_url = strdup(database_url);
    if (g_url == NULL || pthread_create(&g_thread, NULL, listener, NULL) != 0)
        return -1;
    g_started = 1;
    return 0;
}

void longpoll_stop(void)
{
    atomic_store(&g_stopping, 1);
    wake(NULL, 0, 1);
    if (g_started)
        pthread_join(g_thread, NULL);
    g_started = 0;
}
