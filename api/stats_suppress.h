/* stats_suppress.h - small-cell suppression of statistics (pure). */
#ifndef LOTSE_STATS_SUPPRESS_H
#define LOTSE_STATS_SUPPRESS_H

#include <stddef.h>

typedef struct cell {
    long raw;        /* the true count */
    int suppressed;  /* published as null */
} cell_t;

/* Suppresses one breakdown whose cells add up to total: every count from
 * 1 to k-1 (cells and total); zero stays zero.  Then, while the total is
 * published and exactly one cell is suppressed (it could be computed from
 * the total and the rest), also the smallest published non-zero cell, or
 * the total when there is none.  cells may be NULL when n is 0. */
void suppress_group(cell_t **cells, size_t n, cell_t *total, int k);

#endif
