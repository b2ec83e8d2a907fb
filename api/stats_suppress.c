/* stats_suppress.c - see stats_suppress.h. */
#include "stats_suppress.h"

static void primary(cell_t *c, int k)
{
    if (c->raw > 0 && c->raw < k)
        c->suppressed = 1;
}

void suppress_group(cell_t **cells, size_t n, cell_t *total, int k)
{
    primary(total, k);
    for (size_t i = 0; i < n; i++)
        primary(cells[i], k);
    for (;;) {
        size_t hidden = 0;
        for (size_t i = 0; i < n; i++)
            hidden += cells[i]->suppressed != 0;
        if (total->suppressed || hidden != 1)
            return;
        cell_t *smallest = NULL;
        for (size_t i = 0; i < n; i++)
            if (!cells[i]->suppressed && cells[i]->raw > 0 &&
                (smallest == NULL || cells[i]->raw < smallest->raw))
                smallest = cells[i];
        if (smallest)
            smallest->suppressed = 1;
        else
            total->suppressed = 1;
    }
}
