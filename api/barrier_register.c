/* barrier_register.c - the gap register's view of the barriers, for the
 * network's coordinator (its steering group): counts per period x barrier
 * code and per code x field of action x municipality, each with the count
 * of the period before and a trend.  No case id, no text.  Small cells are
 * suppressed as in the statistics, per period and code (the cells against
 * the code's total); a trend is given only when both counts are
 * published.  Every call is audited. */
#include "audit.h"
#include "config.h"
#include "handlers.h"
#include "resource.h"
#include "statistics.h"
#include "stats_request.h"
#include "stats_suppress.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct reg_row {
    const char *period, *previous, *code, *field, *municipality; /* owned by the result */
    int requested;
    cell_t cell;
} reg_row_t;

static int reg_order(const void *pa, const void *pb)
{
    const reg_row_t *a = pa, *b = pb;
    int c;
    if ((c = strcmp(a->period, b->period)) || (c = strcmp(a->code, b->code)) ||
        (c = strcmp(a->field, b->field)))
        return c;
    return strcmp(a->municipality, b->municipality);
}

/* Suppresses each period x code group: its total is the row without field. */
static void suppress_codes(req_t *r, reg_row_t *rows, size_t n)
{
    cell_t **cells = arena_alloc(r->arena, (n ? n : 1) * sizeof *cells);
    for (size_t i = 0; i < n;) {
        size_t end = i, m = 0;
        cell_t none = {0, 0}, *total = &none;
        while (end < n && strcmp(rows[end].period, rows[i].period) == 0 &&
               strcmp(rows[end].code, rows[i].code) == 0) {
            if (rows[end].field[0] == '\0')
                total = &rows[end].cell;
            else
                cells[m++] = &rows[end].cell;
            end++;
        }
        suppress_group(cells, m, total, g_config.stats_min_cell);
        i = end;
    }
}

static json_t *count_json(const cell_t *c)
{
    return c->suppressed ? json_null() : json_integer(c->raw);
}

static json_t *row_json(const reg_row_t *x, const cell_t *prev)
{
    const char *trend = NULL;
    if (!x->cell.suppressed && !prev->suppressed)
        trend = x->cell.raw > prev->raw ? "up" : x->cell.raw < prev->raw ? "down" : "same";
    return json_pack("{s:s, s:s, s:s?, s:s?, s:o, s:b, s:o, s:b, s:s?}", "period", x->period, "code",
                     x->code, "field_of_action", x->field[0] ? x->field : NULL, "municipality",
                     x->municipality[0] ? x->municipality : NULL, "count", count_json(&x->cell),
                     "suppressed", x->cell.suppressed, "previous_count", count_json(prev),
                     "previous_suppressed", prev->suppressed, "trend", trend);
}

int h_barrier_register(req_t *r)
{
    const char *id = uuid_param(r, 0), *from, *to, *gran;
    if (id == NULL)
        return -1;
    if (strcmp(id, r->principal.network) != 0)
        return fail_req(r, ERR_NOT_FOUND, "no such network");
    if (stats_period_params(r, &from, &to, &gran) != 0)
        return -1;
    const char *params[3] = {from, to, gran};
    PGresult *res;
    if (db_exec(r, &STATS_COUNTING, NULL) == NULL || (res = db_exec(r, &STATS_BARRIERS, params)) == NULL)
        return -1;
    size_t n = (size_t)PQntuples(res);
    reg_row_t *rows = arena_alloc(r->arena, (n ? n : 1) * sizeof *rows);
    for (size_t i = 0; i < n; i++) {
        rows[i] = (reg_row_t){PQgetvalue(res, i, 0), PQgetvalue(res, i, 1), PQgetvalue(res, i, 2),
                              PQgetvalue(res, i, 3), PQgetvalue(res, i, 4),
                              strcmp(PQgetvalue(res, i, 6), "t") == 0,
                              {atol(PQgetvalue(res, i, 5)), 0}};
    }
    qsort(rows, n, sizeof *rows, reg_order);
    suppress_codes(r, rows, n);
    json_t *out = json_array();
    for (size_t i = 0; i < n; i++) {
        if (!rows[i].requested)
            continue;
        reg_row_t key = rows[i];
        key.period = rows[i].previous;
        const reg_row_t *prev = n ? bsearch(&key, rows, n, sizeof *rows, reg_order) : NULL;
        cell_t zero = {0, 0};
        json_array_append_new(out, row_json(&rows[i], prev ? &prev->cell : &zero));
    }
    if (audit(r, arena_sprintf(r->arena, "barriers.register.%s", gran), NULL, NULL, 1) != 0) {
        json_decref(out);
        return -1;
    }
    time_t now = time(NULL);
    char computed[32];
    strftime(computed, sizeof computed, "%Y-%m-%dT%H:%M:%SZ", gmtime(&now));
    return respond_json(r, 200, json_pack("{s:{s:i, s:s, s:s, s:s, s:s, s:i, s:s}, s:o}", "meta",
                                          "schema_version", 1, "network", id, "from", from, "to", to,
                                          "granularity", gran, "suppression_threshold",
                                          g_config.stats_min_cell, "computed_at", computed, "rows", out));
}
