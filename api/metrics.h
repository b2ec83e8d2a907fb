/* metrics.h - Prometheus counters kept with atomics (no locks). */
#ifndef LOTSE_METRICS_H
#define LOTSE_METRICS_H

#include <stddef.h>

/* Sizes the per-route counters; call once before serving. */
void metrics_init(size_t nroutes);

/* Counts one finished request. route_index == (size_t)-1 for unmatched. */
void metrics_observe(size_t route_index, int status, double seconds);

/* Counts one database error (failed statement or lost connection). */
void metrics_db_error(void);

/* Prometheus text exposition; caller frees. http_connections is the
 * current number of open HTTP connections. */
char *metrics_render(unsigned http_connections);

#endif
