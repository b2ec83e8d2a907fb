/* stats_cell.h - one published count of the statistics, the barrier
 * register or a gap's effect: exact (organisational figures) or perturbed
 * by the cell key method (counts of people and their cases; api/ckm.h). */
#ifndef LOTSE_STATS_CELL_H
#define LOTSE_STATS_CELL_H

#include <stdint.h>

typedef struct cell {
    long raw;     /* the true count, never published as such unless exact */
    uint32_t key; /* the cell key: the sum of its units' record keys modulo 2^32 */
    int exact;    /* an organisational figure, published as counted */
} cell_t;

/* The count published for c: raw when exact, else the value the
 * configured perturbation table gives (raw, key); never negative. */
long cell_published(const cell_t *c);

/* A cell key as the database returns it ("0" .. "4294967295"). */
uint32_t cell_key(const char *text);

/* Adds b's units to a (count and key). */
void cell_add(cell_t *a, const cell_t *b);

#endif
