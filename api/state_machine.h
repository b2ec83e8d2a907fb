/* state_machine.h - the status actions of cases, referrals, conferences,
 * agreements and gaps: which statuses each may start from, where it
 * leads, who may take it; and the one 409 (German too) that names what is
 * possible instead. */
#ifndef LOTSE_STATE_MACHINE_H
#define LOTSE_STATE_MACHINE_H

#include <stddef.h>

#include "req.h"

typedef struct transition {
    const char *action;  /* "accept", "close", ... */
    const char *side;    /* who may take it ("sender", "organiser", ...); NULL: anyone admitted */
    const char *from[6]; /* statuses it starts from, NULL-terminated */
    const char *to;      /* status it leads to (NULL: unchanged) */
} transition_t;

typedef struct state_machine {
    const transition_t *t;
    size_t n;
} state_machine_t;

#define STATE_MACHINE(table) {table, sizeof table / sizeof table[0]}

/* The transition named action (NULL when the machine has none). */
const transition_t *sm_find(const state_machine_t *m, const char *action);

/* May t be taken from status by side (side NULL: any side)? */
int sm_allows(const transition_t *t, const char *status, const char *side);

/* The transition named action when it may be taken from status by side;
 * otherwise NULL with a 409 naming the actions possible now (for that
 * side), e.g. "accept is not possible in status completed; possible now:
 * withdraw". */
const transition_t *sm_take(req_t *r, const state_machine_t *m, const char *action, const char *status,
                            const char *side);

#endif
