/* metrics.c - request counters by route and status, a latency histogram,
 * database errors and connection gauges; see metrics.h. */
#include "metrics.h"
#include "problem.h"
#include "longpoll.h"
#include "store.h"
#include "router.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The statuses counted (g_statuses): the successes below and every status of the
 * problem table (problem.c), so a new problem type is counted without
 * being listed here too (429 was not). */
static const int SUCCESSES[] = {200, 201, 204, 304};
#define MAX_STATUS 48
static int g_statuses[MAX_STATUS];
static size_t g_nstatus;

static void add_status(int status)
{
    for (size_t i = 0; i < g_nstatus; i++)
        if (g_statuses[i] == status)
            return;
    if (g_nstatus < MAX_STATUS)
        g_statuses[g_nstatus++] = status;
}
static const double BUCKETS[] = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1,
                                 2.5, 5};
#define NBUCKETS (sizeof BUCKETS / sizeof BUCKETS[0])

static size_t g_nroutes;
static atomic_ulong *g_requests;          /* [(nroutes + 1) * (g_nstatus + 1)] */
static atomic_ulong g_buckets[NBUCKETS + 1];
static atomic_ulong g_sum_us;
static atomic_ulong g_db_errors;

void metrics_init(size_t nroutes)
{
    for (size_t i = 0; i < sizeof SUCCESSES / sizeof SUCCESSES[0]; i++)
        add_status(SUCCESSES[i]);
    size_t n;
    const problem_type_t *types = problem_types(&n);
    for (size_t i = 0; i < n; i++)
        add_status(types[i].status);
    add_status(431); /* libmicrohttpd's answer to oversized headers */
    g_nroutes = nroutes;
    g_requests = calloc((nroutes + 1) * (g_nstatus + 1), sizeof *g_requests);
}

static size_t status_slot(int status)
{
    for (size_t i = 0; i < g_nstatus; i++)
        if (g_statuses[i] == status)
            return i;
    return g_nstatus;
}

void metrics_observe(size_t route_index, int status, double seconds)
{
    if (g_requests == NULL)
        return;
    size_t route = route_index < g_nroutes ? route_index : g_nroutes;
    atomic_fetch_add(&g_requests[route * (g_nstatus + 1) + status_slot(status)], 1);
    size_t b = 0;
    while (b < NBUCKETS && seconds > BUCKETS[b])
        b++;
    atomic_fetch_add(&g_buckets[b], 1);
    atomic_fetch_add(&g_sum_us, (unsigned long)(seconds * 1e6));
}

void metrics_db_error(void)
{
    atomic_fetch_add(&g_db_errors, 1);
}

char *metrics_render(unsigned http_connections)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (f == NULL)
        return NULL;
    size_t n;
    const route_t *routes = routes_table(&n);
    fputs("# HELP lotse_http_requests_total Finished HTTP requests by route and status.\n"
          "# TYPE lotse_http_requests_total counter\n", f);
    for (size_t r = 0; g_requests && r <= g_nroutes; r++)
        for (size_t s = 0; s <= g_nstatus; s++) {
            unsigned long v = atomic_load(&g_requests[r * (g_nstatus + 1) + s]);
            if (v == 0)
                continue;
            char status[8];
            if (s < g_nstatus)
                snprintf(status, sizeof status, "%d", g_statuses[s]);
            else
                strcpy(status, "other");
            if (r < g_nroutes && r < n)
                fprintf(f, "lotse_http_requests_total{method=\"%s\",route=\"%s\",status=\"%s\"} %lu\n",
                        routes[r].method, routes[r].pattern, status, v);
            else
                fprintf(f, "lotse_http_requests_total{method=\"\",route=\"unmatched\",status=\"%s\"} %lu\n",
                        status, v);
        }
    fputs("# HELP lotse_http_request_duration_seconds Request latency.\n"
          "# TYPE lotse_http_request_duration_seconds histogram\n", f);
    unsigned long cum = 0;
    for (size_t b = 0; b <= NBUCKETS; b++) {
        cum += atomic_load(&g_buckets[b]);
        if (b < NBUCKETS)
            fprintf(f, "lotse_http_request_duration_seconds_bucket{le=\"%g\"} %lu\n", BUCKETS[b], cum);
        else
            fprintf(f, "lotse_http_request_duration_seconds_bucket{le=\"+Inf\"} %lu\n", cum);
    }
    fprintf(f, "lotse_http_request_duration_seconds_sum %.6f\n"
               "lotse_http_request_duration_seconds_count %lu\n",
            (double)atomic_load(&g_sum_us) / 1e6, cum);
    fprintf(f, "# HELP lotse_db_errors_total Failed statements and lost connections.\n"
               "# TYPE lotse_db_errors_total counter\nlotse_db_errors_total %lu\n",
            atomic_load(&g_db_errors));
    fprintf(f, "# HELP lotse_db_connections Open database connections.\n"
               "# TYPE lotse_db_connections gauge\nlotse_db_connections %d\n",
            db_open_connections());
    fprintf(f, "# HELP lotse_http_connections Open HTTP connections.\n"
               "# TYPE lotse_http_connections gauge\nlotse_http_connections %u\n",
            http_connections);
    fprintf(f, "# HELP lotse_long_polls_waiting Long polls suspended until an event.\n"
               "# TYPE lotse_long_polls_waiting gauge\nlotse_long_polls_waiting %d\n",
            longpoll_waiting());
    fclose(f);
    return buf;
}
