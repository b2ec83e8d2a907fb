/* cpuprobe.c - how steady this machine's CPU is, for `make bench`: every
 * 20 ms it spins for 1 ms counting loop turns (each turn reads the clock),
 * and compares each window's count with the median of all windows.  On a
 * shared virtual machine the host may slow a vCPU down for a while without
 * taking it away (no steal time shows in the guest); a request that falls
 * into such a window waits, and the queue behind it grows.
 *
 * usage: cpuprobe SECONDS
 * CPUPROBE_TRACE=1 also prints each window slower than half the median
 * (CLOCK_MONOTONIC seconds, speed in % of the median) to stderr.
 * Prints one line:
 *   CPUPROBE windows slow_windows slow_pct slowest_pct
 * where slow means under 50 % of the median and slowest_pct is the slowest
 * window's speed in % of the median.  Uses about 5 % of one core.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int cmp_long(const void *a, const void *b)
{
    long x = *(const long *)a, y = *(const long *)b;
    return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
    double secs = argc == 2 ? atof(argv[1]) : 0;
    if (secs <= 0 || secs > 3600) {
        fprintf(stderr, "usage: cpuprobe SECONDS\n");
        return 2;
    }
    size_t cap = (size_t)(secs / 0.02) + 2, n = 0;
    long *turns = malloc(cap * sizeof *turns), *sorted = malloc(cap * sizeof *sorted);
    double *at = malloc(cap * sizeof *at);
    if (turns == NULL || sorted == NULL || at == NULL)
        return 1;
    double start = now_s();
    while (n < cap && now_s() - start < secs) {
        double t0 = now_s(), t = t0;
        long k = 0;
        while (t - t0 < 0.001) {
            t = now_s();
            k++;
        }
        at[n] = t0;
        turns[n++] = k;
        struct timespec pause = {0, 19000000};
        nanosleep(&pause, NULL);
    }
    for (size_t i = 0; i < n; i++)
        sorted[i] = turns[i];
    qsort(sorted, n, sizeof *sorted, cmp_long);
    long median = n ? sorted[n / 2] : 1;
    int trace = getenv("CPUPROBE_TRACE") != NULL;
    size_t slow = 0;
    for (size_t i = 0; i < n; i++)
        if (turns[i] * 2 < median) {
            slow++;
            if (trace)
                fprintf(stderr, "slow %.3f %ld %%\n", at[i], turns[i] * 100 / median);
        }
    printf("CPUPROBE %zu %zu %.1f %ld\n", n, slow, n ? 100.0 * (double)slow / (double)n : 0.0,
           n ? sorted[0] * 100 / median : 0);
    free(turns);
    free(sorted);
    free(at);
    return 0;
}
