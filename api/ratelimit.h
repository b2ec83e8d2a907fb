/* ratelimit.h - token buckets per key (an API client, a source address,
 * failed token requests of an address), held in this instance's memory:
 * a bounded table (older keys are evicted), thread-safe. */
#ifndef LOTSE_RATELIMIT_H
#define LOTSE_RATELIMIT_H

/* Takes one token from key's bucket (refilled at rate per second up to
 * burst).  Returns 0 when there was one, else the seconds (>= 1) until
 * there is.  rate <= 0: no limit, always 0. */
int ratelimit_take(const char *key, double rate, double burst);

/* Like ratelimit_take without taking: the seconds until a token is there. */
int ratelimit_wait(const char *key, double rate, double burst);

#endif
