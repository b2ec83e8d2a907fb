/* stats_request.h - the query of a statistics request (statistics.c). */
#ifndef LOTSE_STATS_REQUEST_H
#define LOTSE_STATS_REQUEST_H

#include "req.h"

#include <jansson.h>

/* Reads from, to (dates, from <= to, less than ten years apart) and
 * granularity (month | quarter | year, default month) from the query;
 * the strings are owned by the connection.  0, or -1 with a 400. */
int stats_period_params(req_t *r, const char **from, const char **to, const char **gran);

/* The meta of the disclosure control every statistics answer carries:
 * method, max_deviation, variance, never_published (new reference). */
json_t *stats_method_json(void);

#endif
