/* route_params.h - the query parameters each operation takes, read from
 * the OpenAPI document the binary embeds (the contract), so that the
 * dispatcher answers 400 naming a parameter no operation declares (a
 * mistyped filter used to be ignored and the unfiltered list answered). */
#ifndef LOTSE_ROUTE_PARAMS_H
#define LOTSE_ROUTE_PARAMS_H

#include <stddef.h>

#include "router.h"

/* Reads the query parameters of every row of table[0..n) from the
 * embedded document; once, before serving.  Returns 0, or -1 (with why,
 * whylen bytes) when a route is not documented. */
int route_params_init(const route_t *table, size_t n, char *why, size_t whylen);

/* Does the operation at index (its position in the table) declare query
 * parameter name?  Before route_params_init every name is declared. */
int route_declares_query(size_t index, const char *name);

#endif
