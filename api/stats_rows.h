/* stats_rows.h - what the statistics publish: which indicators are exact
 * (organisational figures) and the fixed values of every breakdown, so
 * that a row never appears because a person exists. */
#ifndef LOTSE_STATS_ROWS_H
#define LOTSE_STATS_ROWS_H

#include <stddef.h>

/* The nationalities published by name (ISO 3166-1 alpha-2; the others are
 * "other"), NULL-terminated: fixed, not taken from the data. */
extern const char *const STATS_NATIONALITIES[];

/* Whether indicator is an organisational figure, published exactly. */
int stats_exact(const char *indicator);

/* Calls add(arg, indicator, breakdown, value) for every value every
 * breakdown of every indicator publishes, whether or not anything was
 * counted in it.  own(arg, breakdown, i) gives the i-th value of a
 * breakdown held by the network (municipality, agency_kinds, code), NULL
 * after the last. */
void stats_each_value(void *arg, const char *(*own)(void *arg, const char *breakdown, size_t i),
                      void (*add)(void *arg, const char *indicator, const char *breakdown,
                                  const char *value));

#endif
