/* barrier_register.c - the gap register's view of the barriers, for the
 * network's coordinator (its steering group): counts per period x barrier
 * code, per code x field of action and per code x municipality, for every
 * code, field and municipality of the network, each with the count of
 * the period before and a trend.  No case id, no text.  The counts are
 * perturbed by the cell key method like the statistics (each cell by its
 * own key; the previous count is that period's cell).  Every call is
 * audited. */
#include "audit.h"
#include "handlers.h"
#include "resource.h"
#include "statistics.h"
#include "stats_cell.h"
#include "stats_request.h"

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

static json_t *row_json(const reg_row_t *x, const cell_t *prev)
{
    long now = cell_published(&x->cell), before = cell_published(prev);
    const char *trend = now > before ? "up" : now < before ? "down" : "same";
    return json_pack("{s:s, s:s, s:s?, s:s?, s:I, s:I, s:s}", "period", x->period, "code", x->code,
                     "field_of_action", x->field[0] ? x->field : NULL, "municipality",
                     x->municipality[0] ? x->municipality : NULL, "count", (json_int_t)now,
                     "previous_count", (json_int_t)before, "trend", trend);
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
    char fields[512] = "{";
    for (const char *const *f = FIELDS_OF_ACTION; *f; f++)
        strcat(strcat(fields, fields[1] ? "," : ""), *f); /* plain identifiers: no quoting */
    strcat(fields, "}");
    const char *params[4] = {from, to, gran, fields};
    PGresult *res = db_exec_counting(r, &STATS_BARRIERS, params, id); /* on a replica when there is one */
    if (res == NULL)
        return -1;
    size_t n = (size_t)PQntuples(res);
    reg_row_t *rows = arena_alloc(r->arena, (n ? n : 1) * sizeof *rows);
    for (size_t i = 0; i < n; i++) {
        rows[i] = (reg_row_t){PQgetvalue(res, i, 0), PQgetvalue(res, i, 1), PQgetvalue(res, i, 2),
                              PQgetvalue(res, i, 3), PQgetvalue(res, i, 4),
                              strcmp(PQgetvalue(res, i, 7), "t") == 0,
                              {atol(PQgetvalue(res, i, 5)), cell_key(PQgetvalue(res, i, 6)), 0}};
    }
    qsort(rows, n, sizeof *rows, reg_order);
    json_t *out = json_array();
    for (size_t i = 0; i < n; i++) {
        if (!rows[i].requested)
            continue;
        reg_row_t key = rows[i];
        key.period = rows[i].previous;
        const reg_row_t *prev = bsearch(&key, rows, n, sizeof *rows, reg_order);
        cell_t zero = {0, 0, 0};
        json_array_append_new(out, row_json(&rows[i], prev ? &prev->cell : &zero));
    }
    if (audit(r, arena_sprintf(r->arena, "barriers.register.%s", gran), NULL, NULL, 1) != 0) {
        json_decref(out);
        return -1;
    }
    time_t now = time(NULL);
    char computed[32];
    strftime(computed, sizeof computed, "%Y-%m-%dT%H:%M:%SZ", gmtime(&now));
    return respond_json(r, 200, json_pack("{s:{s:i, s:s, s:s, s:s, s:s, s:o, s:s}, s:o}", "meta",
                                          "schema_version", 2, "network", id, "from", from, "to", to,
                                          "granularity", gran, "disclosure_control", stats_method_json(),
                                          "computed_at", computed, "rows", out));
}
