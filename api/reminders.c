/* reminders.c - see reminders.h. */
#include "reminders.h"

#include "handlers.h"
#include "log.h"
#include "retention.h"
#include "store.h"
#include "tasks.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int reminders_run(int horizon_days, int min_gap_s, reminder_counts_t *out)
{
    memset(out, 0, sizeof *out);
    req_t *all = req_internal("reminders", NULL, NULL, ROLE_PLATFORM_ADMIN);
    if (all == NULL)
        return -1;
    PGresult *nets = db_exec(all, &MAINT_NETWORKS, NULL);
    db_finish(all, 1); /* nets stays readable until the arena is freed */
    if (nets == NULL) {
        arena_free(all->arena);
        out->failed = 1;
        return -1;
    }
    char days[16], gap[32];
    snprintf(days, sizeof days, "%d", horizon_days);
    snprintf(gap, sizeof gap, "%d seconds", min_gap_s);
    for (int i = 0; i < PQntuples(nets); i++) {
        const char *net = PQgetvalue(nets, i, 0);
        req_t *r = req_internal("reminders", net, NULL, ROLE_COORDINATOR);
        if (r == NULL) {
            out->failed++;
            continue;
        }
        const char *params[3] = {net, days, gap};
        PGresult *res = db_exec(r, &REMINDER_RUN, params);
        if (db_finish(r, res != NULL) != 0 || res == NULL) {
            out->failed++;
            log_msg(LOG_ERROR, "reminders: network %s: %s", net, r->err_detail ? r->err_detail : "failed");
        } else if (PQntuples(res) == 0) {
            out->networks_skipped++;
        } else {
            out->networks_run++;
            out->created += atol(PQgetvalue(res, 0, 0));
            out->closed += atol(PQgetvalue(res, 0, 1));
            out->announced += atol(PQgetvalue(res, 0, 2));
        }
        arena_free(r->arena);
    }
    arena_free(all->arena);
    if (out->created || out->closed || out->announced || out->failed)
        log_msg(out->failed ? LOG_WARN : LOG_INFO,
                "reminders: %ld created, %ld closed, %ld announced due or overdue (%d network(s) run, "
                "%d skipped, %d failed)", out->created, out->closed, out->announced, out->networks_run,
                out->networks_skipped, out->failed);
    return out->failed ? -1 : 0;
}

static pthread_t g_thread;
static int g_started, g_interval, g_days;
static atomic_int g_stop;
static pthread_mutex_t g_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t g_cv = PTHREAD_COND_INITIALIZER;

static void *timer(void *arg)
{
    (void)arg;
    while (!atomic_load(&g_stop)) {
        reminder_counts_t c;
        /* a network another instance ran in the last 80 % of the interval is left to it */
        reminders_run(g_days, g_interval * 4 / 5, &c);
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_sec += g_interval;
        pthread_mutex_lock(&g_mu);
        while (!atomic_load(&g_stop) && pthread_cond_timedwait(&g_cv, &g_mu, &until) == 0)
            ;
        pthread_mutex_unlock(&g_mu);
    }
    db_thread_close();
    return NULL;
}

int reminders_start(int interval_s, int horizon_days)
{
    if (interval_s <= 0)
        return 0;
    g_interval = interval_s;
    g_days = horizon_days;
    atomic_store(&g_stop, 0);
    if (pthread_create(&g_thread, NULL, timer, NULL) != 0)
        return -1;
    g_started = 1;
    return 0;
}

void reminders_stop(void)
{
    if (!g_started)
        return;
    pthread_mutex_lock(&g_mu);
    atomic_store(&g_stop, 1);
    pthread_cond_broadcast(&g_cv);
    pthread_mutex_unlock(&g_mu);
    pthread_join(g_thread, NULL);
    g_started = 0;
}
