/* clock.h - seconds on the monotonic clock, for deadlines, rates and
 * durations (never for wall-clock times). */
#ifndef LOTSE_CLOCK_H
#define LOTSE_CLOCK_H

#include <time.h>

static inline double monotonic_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

#endif
