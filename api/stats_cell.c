/* stats_cell.c - see stats_cell.h. */
#include "stats_cell.h"
#include "config.h"

#include <stdlib.h>

long cell_published(const cell_t *c)
{
    if (c->raw <= 0)
        return 0;
    return c->exact ? c->raw : ckm_publish(&g_config.stats_table, c->raw, c->key);
}

uint32_t cell_key(const char *text)
{
    return (uint32_t)strtoul(text ? text : "0", NULL, 10);
}

void cell_add(cell_t *a, const cell_t *b)
{
    a->raw += b->raw;
    a->key += b->key; /* modulo 2^32 by unsigned arithmetic */
}
