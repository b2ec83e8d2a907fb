/* state_machine.c - see state_machine.h. */
#include "state_machine.h"

#include <stdio.h>
#include <string.h>

const transition_t *sm_find(const state_machine_t *m, const char *action)
{
    for (size_t i = 0; i < m->n; i++)
        if (strcmp(m->t[i].action, action) == 0)
            return &m->t[i];
    return NULL;
}

int sm_allows(const transition_t *t, const char *status, const char *side)
{
    if (side && t->side && strcmp(t->side, side) != 0)
        return 0;
    for (int i = 0; t->from[i]; i++)
        if (strcmp(t->from[i], status) == 0)
            return 1;
    return 0;
}

const transition_t *sm_take(req_t *r, const state_machine_t *m, const char *action, const char *status,
                            const char *side)
{
    const transition_t *t = sm_find(m, action);
    if (t && sm_allows(t, status, side))
        return t;
    char possible[160] = "";
    for (size_t i = 0; i < m->n; i++)
        if (sm_allows(&m->t[i], status, side))
            snprintf(possible + strlen(possible), sizeof possible - strlen(possible), "%s%s",
                     possible[0] ? ", " : "", m->t[i].action);
    if (possible[0] == '\0')
        fail_req(r, ERR_CONFLICT, "%s is not possible in status %s; nothing is possible now", action, status);
    else
        fail_req(r, ERR_CONFLICT, "%s is not possible in status %s; possible now: %s", action, status, possible);
    return NULL;
}
