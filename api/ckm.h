/* ckm.h - the cell key method (pure): a perturbation table built from its
 * parameters, and the published value of a cell from its true count and
 * its cell key.
 *
 * Every counted unit carries a secret random record key in [0, 2^32); a
 * cell's key is the sum of its units' keys modulo 2^32, read as a fraction
 * of 2^32.  Row i of the table is the distribution of the deviation added
 * to a true count i: the cumulative intervals of its targets, in ascending
 * order, partition [0, 1) and the cell key picks one.  The same cell (the
 * same units) always gets the same deviation; cells of other units get
 * independent ones. */
#ifndef LOTSE_CKM_H
#define LOTSE_CKM_H

#include <stdint.h>

#define CKM_MAX_D 5
#define CKM_BLOCKED 2 /* positive counts up to this are never published */
#define CKM_ROWS (CKM_MAX_D + CKM_BLOCKED + 2)

typedef struct ckm_row {
    int n;                          /* targets of this row */
    int dev[2 * CKM_MAX_D + 1];     /* deviations j - i, ascending */
    double p[2 * CKM_MAX_D + 1];    /* their probabilities */
    double upper[2 * CKM_MAX_D + 1]; /* cumulative upper bounds; the last is 1 */
    double variance;                /* of the deviation */
} ckm_row_t;

typedef struct ckm_table {
    int d;       /* maximum deviation */
    double v;    /* variance of the deviation where the row's targets allow it */
    int rows;    /* rows 0 .. rows-1; the last serves every larger count */
    ckm_row_t row[CKM_ROWS];
} ckm_table_t;

/* Builds the table for maximum deviation d (CKM_BLOCKED..CKM_MAX_D) and
 * variance v (0 < v <= d*d).  Row i's targets are the counts j with
 * |j - i| <= d, j >= 0 and j not in 1..CKM_BLOCKED; its distribution is
 * the one of maximum entropy with mean i (unbiased) and variance v, or,
 * where these targets cannot have variance v, the middle of the variances
 * they can have (i = 1: 2, i = 2: 3 for d = 2); 0 stays 0, and a row whose
 * targets lie on one side of i (i = 3 for d = 2) stays i.  Returns 0, or
 * -1 for parameters out of range (t untouched). */
int ckm_build(ckm_table_t *t, int d, double v);

/* The row of true count (counts beyond the last row use the last, shifted). */
const ckm_row_t *ckm_row(const ckm_table_t *t, long count);

/* The published value of a cell with true count (>= 0) and cell key. */
long ckm_publish(const ckm_table_t *t, long count, uint32_t cell_key);

#endif
