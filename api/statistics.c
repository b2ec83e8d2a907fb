/* statistics.c - anonymous, additive statistics for the network's
 * coordination office and the state ministry, in long format (one row per
 * period x indicator x breakdown value), as JSON or, with Accept:
 * text/csv, as CSV.  Counts from 1 to k-1 are published as null with a
 * suppressed marker; secondary suppression hides one more cell of a
 * breakdown when a suppressed cell could otherwise be computed from the
 * total and the rest.  State totals are summed from the raw counts and
 * suppressed themselves.  Every call is audited per network. */
#include "audit.h"
#include "config.h"
#include "handlers.h"
#include "json_in.h"
#include "resource.h"
#include "statistics.h"
#include "stats_request.h"
#include "stats_suppress.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#define SCHEMA_VERSION 1

typedef struct row {
    char network[16];
    char period[16];
    char indicator[40];
    char breakdown[40];
    char value[64];
    cell_t cell;
} row_t;

typedef struct rows {
    row_t *v;
    size_t n, cap;
} rows_t;

static void rows_add(req_t *r, rows_t *rs, const char *network, const char *period,
                     const char *indicator, const char *breakdown, const char *value, long count)
{
    if (rs->n == rs->cap) {
        size_t cap = rs->cap ? rs->cap * 2 : 256;
        row_t *nv = arena_alloc(r->arena, cap * sizeof *nv);
        if (rs->n)
            memcpy(nv, rs->v, rs->n * sizeof *nv);
        rs->v = nv;
        rs->cap = cap;
    }
    row_t *x = &rs->v[rs->n++];
    snprintf(x->network, sizeof x->network, "%s", network);
    snprintf(x->period, sizeof x->period, "%s", period);
    snprintf(x->indicator, sizeof x->indicator, "%s", indicator);
    snprintf(x->breakdown, sizeof x->breakdown, "%s", breakdown);
    snprintf(x->value, sizeof x->value, "%s", value);
    x->cell.raw = count;
    x->cell.suppressed = 0;
}

static int same_block(const row_t *a, const row_t *b)
{
    return strcmp(a->network, b->network) == 0 && strcmp(a->period, b->period) == 0 &&
           strcmp(a->indicator, b->indicator) == 0;
}

static int row_order(const void *pa, const void *pb)
{
    const row_t *a = pa, *b = pb;
    int c;
    if ((c = strcmp(a->network, b->network)) || (c = strcmp(a->period, b->period)) ||
        (c = strcmp(a->indicator, b->indicator)) || (c = strcmp(a->breakdown, b->breakdown)))
        return c;
    return strcmp(a->value, b->value);
}

/* Sorts rows and suppresses every breakdown against the total of its
 * network, period and indicator, in one pass over the sorted blocks. */
static void suppress_all(row_t *rows, size_t n, int k)
{
    qsort(rows, n, sizeof *rows, row_order);
    for (size_t i = 0; i < n;) {
        size_t end = i;
        cell_t *total = NULL;
        while (end < n && same_block(&rows[i], &rows[end])) {
            if (strcmp(rows[end].breakdown, "total") == 0)
                total = &rows[end].cell;
            end++;
        }
        cell_t none = {0, 0};
        if (total == NULL)
            total = &none;
        suppress_group(NULL, 0, total, k);
        for (size_t g = i; g < end;) {
            size_t h = g;
            while (h < end && strcmp(rows[h].breakdown, rows[g].breakdown) == 0)
                h++;
            if (strcmp(rows[g].breakdown, "total") != 0) {
                cell_t *cells[256];
                size_t m = 0;
                for (size_t x = g; x < h && m < 256; x++)
                    cells[m++] = &rows[x].cell;
                suppress_group(cells, m, total, k);
            }
            g = h;
        }
        i = end;
    }
}

/* Brings the context's rollups up to date (see STATS_STALE). */
static int refresh(req_t *r)
{
    PGresult *stale = db_exec(r, &STATS_STALE, NULL);
    if (stale == NULL)
        return -1;
    for (int i = 0; i < PQntuples(stale); i++) {
        const char *clear[3] = {PQgetvalue(stale, i, 0), PQgetvalue(stale, i, 1), PQgetvalue(stale, i, 2)};
        if (db_exec(r, &STATS_CLEAR, clear) == NULL || db_exec(r, &STATS_COMPUTE, clear + 1) == NULL)
            return -1;
    }
    return 0;
}

/* Raw counts of one network into rs, and its audit row. */
static int collect(req_t *r, rows_t *rs, const char *network_id, const char *code,
                   const char *from, const char *to, const char *gran)
{
    const char *cparams[1] = {network_id};
    const char *params[3] = {from, to, gran};
    if (db_exec(r, &STATS_CONTEXT, cparams) == NULL || refresh(r) != 0)
        return -1;
    for (int q = 0; q < 2; q++) {
        /* the rollups just refreshed are read here; the rest may be counted on a replica */
        PGresult *res = q == 0 ? db_exec(r, &STATS_ROLLUP, params)
                               : db_exec_counting(r, &STATS_LIVE, params, network_id);
        if (res == NULL)
            return -1;
        for (int i = 0; i < PQntuples(res); i++)
            rows_add(r, rs, code, PQgetvalue(res, i, 0), PQgetvalue(res, i, 1),
                     PQgetvalue(res, i, 2), PQgetvalue(res, i, 3), atol(PQgetvalue(res, i, 4)));
    }
    return audit(r, arena_sprintf(r->arena, "statistics.%s", gran), NULL, NULL, 1);
}

int stats_period_params(req_t *r, const char **from, const char **to, const char **gran)
{
    static const char *const GRANULARITIES[] = {"month", "quarter", "year", NULL};
    *from = req_query(r, "from");
    *to = req_query(r, "to");
    if (query_enum(r, "granularity", GRANULARITIES, gran) != 0)
        return -1;
    if (*gran == NULL)
        *gran = "month";
    if (!is_date(*from) || !is_date(*to) || strcmp(*from, *to) > 0)
        return fail_req(r, ERR_BAD_REQUEST, "from and to are required dates (YYYY-MM-DD), from <= to");
    int years = atoi(*to) - atoi(*from); /* both YYYY-MM-DD: atoi reads the year */
    if (years > 10 || (years == 10 && strcmp(*to + 4, *from + 4) >= 0))
        return fail_req(r, ERR_BAD_REQUEST, "from and to lie less than ten years apart");
    return 0;
}

static int wants_csv(req_t *r)
{
    const char *accept = req_header(r, "Accept");
    return accept && strncasecmp(accept, "text/csv", 8) == 0;
}

/* One CSV field: quoted when it holds a comma, quote or line break. */
static void csv_field(FILE *f, const char *s)
{
    if (strpbrk(s, ",\"\r\n") == NULL) {
        fputs(s, f);
        return;
    }
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

static int respond_rows(req_t *r, rows_t *rs, const char *from, const char *to, const char *gran,
                        const char *scope)
{
    time_t now = time(NULL);
    char computed[32];
    strftime(computed, sizeof computed, "%Y-%m-%dT%H:%M:%SZ", gmtime(&now));
    if (wants_csv(r)) {
        char *buf = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&buf, &len);
        fputs("network,period,indicator,breakdown,value,count,suppressed\r\n", f);
        for (size_t i = 0; i < rs->n; i++) {
            row_t *x = &rs->v[i];
            csv_field(f, x->network);
            fputc(',', f);
            csv_field(f, x->period);
            fprintf(f, ",%s,%s,", x->indicator, x->breakdown);
            csv_field(f, x->value);
            if (x->cell.suppressed)
                fputs(",,true\r\n", f);
            else
                fprintf(f, ",%ld,false\r\n", x->cell.raw);
        }
        fclose(f);
        resp_header(r, "Content-Disposition",
                    arena_sprintf(r->arena, "attachment; filename=\"lotse-statistics-%s-%s.csv\"", from, to));
        respond_bytes(r, 200, "text/csv; charset=utf-8", buf, len);
        free(buf);
        return 0;
    }
    json_t *rows = json_array();
    for (size_t i = 0; i < rs->n; i++) {
        row_t *x = &rs->v[i];
        json_array_append_new(
            rows, json_pack("{s:s, s:s, s:s, s:s, s:s, s:o, s:b}", "network", x->network, "period",
                            x->period, "indicator", x->indicator, "breakdown", x->breakdown, "value",
                            x->value, "count", x->cell.suppressed ? json_null() : json_integer(x->cell.raw),
                            "suppressed", x->cell.suppressed));
    }
    json_t *body = json_pack("{s:{s:i, s:s, s:s, s:s, s:s, s:i, s:s}, s:o}", "meta", "schema_version",
                             SCHEMA_VERSION, "scope", scope, "from", from, "to", to, "granularity",
                             gran, "suppression_threshold", g_config.stats_min_cell, "computed_at",
                             computed, "rows", rows);
    return respond_json(r, 200, body);
}

int h_network_statistics(req_t *r)
{
    const char *id = uuid_param(r, 0), *from, *to, *gran;
    if (id == NULL)
        return -1;
    if (!has_role(r, ROLE_MINISTRY) && strcmp(id, r->principal.network) != 0)
        return fail_req(r, ERR_NOT_FOUND, "no such network");
    if (stats_period_params(r, &from, &to, &gran) != 0)
        return -1;
    PGresult *nets = db_exec(r, &STATS_NETWORKS, NULL);
    if (nets == NULL)
        return -1;
    const char *code = NULL;
    for (int i = 0; i < PQntuples(nets); i++)
        if (strcmp(PQgetvalue(nets, i, 0), id) == 0)
            code = PQgetvalue(nets, i, 1);
    if (code == NULL)
        return fail_req(r, ERR_NOT_FOUND, "no such network");
    rows_t rs = {0};
    if (collect(r, &rs, id, code, from, to, gran) != 0)
        return -1;
    suppress_all(rs.v, rs.n, g_config.stats_min_cell);
    return respond_rows(r, &rs, from, to, gran, code);
}

int h_state_statistics(req_t *r)
{
    const char *from, *to, *gran;
    if (stats_period_params(r, &from, &to, &gran) != 0)
        return -1;
    PGresult *nets = db_exec(r, &STATS_NETWORKS, NULL);
    if (nets == NULL)
        return -1;
    rows_t rs = {0}, state = {0};
    for (int i = 0; i < PQntuples(nets); i++)
        if (collect(r, &rs, PQgetvalue(nets, i, 0), PQgetvalue(nets, i, 1), from, to, gran) != 0)
            return -1;
    /* the state: raw counts summed over the networks, then suppressed */
    for (size_t i = 0; i < rs.n; i++) {
        row_t *x = &rs.v[i];
        rows_add(r, &state, "NW", x->period, x->indicator, x->breakdown, x->value, x->cell.raw);
    }
    qsort(state.v, state.n, sizeof *state.v, row_order);
    size_t merged = 0;
    for (size_t i = 0; i < state.n; i++) {
        if (merged > 0 && row_order(&state.v[merged - 1], &state.v[i]) == 0)
            state.v[merged - 1].cell.raw += state.v[i].cell.raw;
        else
            state.v[merged++] = state.v[i];
    }
    state.n = merged;
    suppress_all(rs.v, rs.n, g_config.stats_min_cell);
    suppress_all(state.v, state.n, g_config.stats_min_cell);
    for (size_t i = 0; i < state.n; i++) {
        row_t *x = &state.v[i];
        rows_add(r, &rs, x->network, x->period, x->indicator, x->breakdown, x->value, x->cell.raw);
        rs.v[rs.n - 1].cell.suppressed = x->cell.suppressed;
    }
    return respond_rows(r, &rs, from, to, gran, "NW");
}
