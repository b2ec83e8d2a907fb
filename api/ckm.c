/* ckm.c - the perturbation table of the cell key method; see ckm.h.
 *
 * A row's distribution of maximum entropy under the constraints of mean 0
 * and a given variance has the form p(x) ~ exp(a*x + b*x^2) over its
 * deviations x.  For a fixed b the mean grows with a, and with a chosen
 * for mean 0 the variance grows with b (its derivative is the variance of
 * x^2 left after regressing on x), so two nested bisections find a and b. */
#include "ckm.h"

#include <math.h>

/* p over the deviations for (a, b), normalised without overflow. */
static void weights(const int *x, int n, double a, double b, double *p)
{
    double top = -INFINITY, sum = 0;
    for (int k = 0; k < n; k++)
        top = fmax(top, a * x[k] + b * x[k] * x[k]);
    for (int k = 0; k < n; k++)
        sum += p[k] = exp(a * x[k] + b * x[k] * x[k] - top);
    for (int k = 0; k < n; k++)
        p[k] /= sum;
}

static double moment(const int *x, const double *p, int n, int power)
{
    double m = 0;
    for (int k = 0; k < n; k++)
        m += p[k] * (power == 1 ? x[k] : (double)x[k] * x[k]);
    return m;
}

/* p with mean 0 for the given b: a by bisection. */
static void centred(const int *x, int n, double b, double *p)
{
    double lo = -4000, hi = 4000; /* |a| must outweigh |b| * d * d */
    for (int it = 0; it < 200; it++) {
        double a = (lo + hi) / 2;
        weights(x, n, a, b, p);
        if (moment(x, p, n, 1) > 0)
            hi = a;
        else
            lo = a;
    }
    weights(x, n, (lo + hi) / 2, b, p);
}

/* The range of variances a mean-0 distribution on x can have. */
static void variance_range(const int *x, int n, double *vmin, double *vmax)
{
    *vmin = INFINITY;
    for (int k = 0; k < n; k++)
        for (int l = 0; l < n; l++)
            if (x[k] <= 0 && x[l] >= 0)
                *vmin = fmin(*vmin, -(double)x[k] * x[l]); /* two points, or 0 alone */
    *vmax = -(double)x[0] * x[n - 1];
}

static void build_row(ckm_row_t *r, int i, int d, double v)
{
    r->n = 0;
    for (int j = i - d > 0 ? i - d : 0; j <= i + d; j++)
        if (j == 0 || j > CKM_BLOCKED)
            r->dev[r->n++] = j - i;
    if (r->dev[0] >= 0 || r->dev[r->n - 1] <= 0) {
        /* no deviation on one side: only staying keeps the mean (the count itself is a target) */
        r->n = 1;
        r->dev[0] = 0;
        r->p[0] = 1;
    } else {
        double vmin, vmax;
        variance_range(r->dev, r->n, &vmin, &vmax);
        double want = v > vmin && v < vmax ? v : (vmin + vmax) / 2;
        double lo = -60, hi = 60;
        for (int it = 0; it < 200; it++) {
            double b = (lo + hi) / 2;
            centred(r->dev, r->n, b, r->p);
            if (moment(r->dev, r->p, r->n, 2) > want)
                hi = b;
            else
                lo = b;
        }
        centred(r->dev, r->n, (lo + hi) / 2, r->p);
    }
    double cum = 0;
    for (int k = 0; k < r->n; k++)
        r->upper[k] = cum += r->p[k];
    r->upper[r->n - 1] = 1;
    r->variance = moment(r->dev, r->p, r->n, 2);
}

int ckm_build(ckm_table_t *t, int d, double v)
{
    if (d < CKM_BLOCKED || d > CKM_MAX_D || !(v > 0) || v > (double)d * d)
        return -1;
    t->d = d;
    t->v = v;
    t->rows = d + CKM_BLOCKED + 2;
    for (int i = 0; i < t->rows; i++)
        build_row(&t->row[i], i, d, v);
    return 0;
}

const ckm_row_t *ckm_row(const ckm_table_t *t, long count)
{
    return &t->row[count < t->rows ? (count < 0 ? 0 : count) : t->rows - 1];
}

long ckm_publish(const ckm_table_t *t, long count, uint32_t cell_key)
{
    if (count <= 0)
        return 0;
    const ckm_row_t *r = ckm_row(t, count);
    double u = cell_key / 4294967296.0;
    int k = 0;
    while (k < r->n - 1 && u >= r->upper[k])
        k++;
    return count + r->dev[k];
}
