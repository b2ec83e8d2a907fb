/* statistics.c - anonymous statistics for the network's coordination
 * office and the state ministry, in long format (one row per period x
 * indicator x breakdown value), as JSON or, with Accept: text/csv, as CSV.
 * Counts of people and their cases are perturbed by the cell key method
 * (api/ckm.h; each cell by its own key, so that the same cell always gets
 * the same deviation and differencing overlapping cells yields noise);
 * organisational figures are exact.  Every breakdown publishes the fixed
 * set of its values (api/stats_rows.h); the state's cells are cells of
 * their own (true counts and keys summed over the networks, then
 * perturbed), so rows need not add up.  Every call is audited per
 * network. */
#include "audit.h"
#include "config.h"
#include "handlers.h"
#include "json_in.h"
#include "resource.h"
#include "statistics.h"
#include "stats_cell.h"
#include "stats_request.h"
#include "stats_rows.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#define SCHEMA_VERSION 2

typedef struct row {
    char network[16];
    char period[16];
    char indicator[40];
    char breakdown[40];
    char value[64];
    cell_t cell;
} row_t;

typedef struct rows {
    req_t *r;
    row_t *v;
    size_t n, cap;
} rows_t;

/* src into dst of n bytes, cut if longer. */
static void put(char *dst, size_t n, const char *src)
{
    size_t len = strnlen(src, n - 1);
    memcpy(dst, src, len);
    dst[len] = '\0';
}

static void rows_add(rows_t *rs, const char *network, const char *period, const char *indicator,
                     const char *breakdown, const char *value, long count, uint32_t key)
{
    if (rs->n == rs->cap) {
        size_t cap = rs->cap ? rs->cap * 2 : 1024;
        row_t *nv = arena_alloc(rs->r->arena, cap * sizeof *nv);
        if (rs->n)
            memcpy(nv, rs->v, rs->n * sizeof *nv);
        rs->v = nv;
        rs->cap = cap;
    }
    row_t *x = &rs->v[rs->n++];
    put(x->network, sizeof x->network, network);
    put(x->period, sizeof x->period, period);
    put(x->indicator, sizeof x->indicator, indicator);
    put(x->breakdown, sizeof x->breakdown, breakdown);
    put(x->value, sizeof x->value, value);
    x->cell = (cell_t){count, key, stats_exact(indicator)};
}

/* The order of cells within a network (and across networks for the state). */
static int cell_order(const row_t *a, const row_t *b)
{
    int c;
    if ((c = strcmp(a->period, b->period)) || (c = strcmp(a->indicator, b->indicator)) ||
        (c = strcmp(a->breakdown, b->breakdown)))
        return c;
    return strcmp(a->value, b->value);
}

static int by_cell(const void *pa, const void *pb)
{
    return cell_order(*(row_t *const *)pa, *(row_t *const *)pb);
}

/* Pointers to rs's rows from index from on, sorted by cell (arena). */
static row_t **sorted_cells(rows_t *rs, size_t from)
{
    size_t n = rs->n - from;
    row_t **p = arena_alloc(rs->r->arena, (n ? n : 1) * sizeof *p);
    for (size_t i = 0; i < n; i++)
        p[i] = &rs->v[from + i];
    qsort(p, n, sizeof *p, by_cell); /* pointers: the rows are too large to move around */
    return p;
}

/* Sorts one network's rows (from index from on) and merges the rows of
 * one cell into one, summing their units (counts and keys). */
static void merge_cells(rows_t *rs, size_t from)
{
    size_t n = rs->n - from, out = 0;
    row_t **p = sorted_cells(rs, from);
    row_t *merged = arena_alloc(rs->r->arena, (n ? n : 1) * sizeof *merged);
    for (size_t i = 0; i < n; i++) {
        if (out > 0 && cell_order(&merged[out - 1], p[i]) == 0)
            cell_add(&merged[out - 1].cell, &p[i]->cell);
        else
            merged[out++] = *p[i];
    }
    memcpy(rs->v + from, merged, out * sizeof *merged);
    rs->n = from + out;
}

/* Filling one network's fixed rows: every value of every breakdown in
 * every period, count 0 where nothing was counted. */
typedef struct fill {
    rows_t *rs;
    const char *network, *period;
    PGresult *own; /* breakdown, value: the network's own values */
} fill_t;

static const char *own_value(void *arg, const char *breakdown, size_t i)
{
    fill_t *f = arg;
    for (int k = 0; k < PQntuples(f->own); k++)
        if (strcmp(PQgetvalue(f->own, k, 0), breakdown) == 0 && i-- == 0)
            return PQgetvalue(f->own, k, 1);
    return NULL;
}

static void add_zero(void *arg, const char *indicator, const char *breakdown, const char *value)
{
    fill_t *f = arg;
    rows_add(f->rs, f->network, f->period, indicator, breakdown, value, 0, 0);
}

static void fill_fixed_rows(rows_t *rs, size_t from, const char *network, PGresult *own)
{
    size_t n = rs->n;
    for (size_t i = from; i < n; i++) {
        /* every indicator has a total in every period: one fill per period */
        if (strcmp(rs->v[i].indicator, "cases.opened") != 0 || strcmp(rs->v[i].breakdown, "total") != 0)
            continue;
        /* rows_add may move rs->v to a new arena block; the old one, and this period, stay valid */
        fill_t f = {rs, network, rs->v[i].period, own};
        stats_each_value(&f, own_value, add_zero);
    }
    merge_cells(rs, from);
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

/* The true counts and keys of one network into rs, with its fixed rows,
 * and its audit row. */
static int collect(req_t *r, rows_t *rs, const char *network_id, const char *code,
                   const char *from, const char *to, const char *gran)
{
    const char *cparams[1] = {network_id};
    PGresult *ctx = db_exec(r, &STATS_CONTEXT, cparams);
    if (ctx == NULL)
        return -1;
    /* one call recounts a network's changed days; calls meanwhile read the rollups as they are,
     * unless there are none yet (the first build after loading or a migration): then they wait */
    int mine = strcmp(db_get(ctx, 0, "refresh"), "t") == 0;
    if (!mine) {
        PGresult *wait = db_exec(r, &STATS_WAIT_UNBUILT, cparams);
        if (wait == NULL)
            return -1;
        mine = PQntuples(wait) == 1;
    }
    if (mine && refresh(r) != 0)
        return -1;
    char nat[256] = "{";
    for (const char *const *c = STATS_NATIONALITIES; *c; c++)
        strcat(strcat(nat, nat[1] ? "," : ""), *c); /* two-letter codes: no quoting */
    strcat(nat, "}");
    const char *params[4] = {from, to, gran, nat};
    size_t first = rs->n;
    PGresult *own = db_exec(r, &STATS_VALUES, NULL);
    if (own == NULL)
        return -1;
    PGresult *res = db_exec(r, &STATS_ROLLUP, params); /* the rollups just refreshed */
    if (res == NULL)
        return -1;
    for (int i = 0; i < PQntuples(res); i++)
        rows_add(rs, code, PQgetvalue(res, i, 0), PQgetvalue(res, i, 1), PQgetvalue(res, i, 2),
                 PQgetvalue(res, i, 3), atol(PQgetvalue(res, i, 4)), cell_key(PQgetvalue(res, i, 5)));
    fill_fixed_rows(rs, first, code, own);
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

/* The parameters of the disclosure control, for the meta of an answer. */
json_t *stats_method_json(void)
{
    const ckm_table_t *t = &g_config.stats_table;
    json_t *blocked = json_array();
    for (int j = 1; j <= CKM_BLOCKED; j++)
        json_array_append_new(blocked, json_integer(j));
    return json_pack("{s:s, s:i, s:f, s:o}", "method", "cell_key", "max_deviation", t->d, "variance", t->v,
                     "never_published", blocked);
}

/* s as a JSON string onto f (the codes here rarely need escaping: written whole then). */
static void json_text_to(FILE *f, const char *s)
{
    size_t plain = 0;
    while (s[plain] && s[plain] != '"' && s[plain] != '\\' && (unsigned char)s[plain] >= 0x20)
        plain++;
    fputc('"', f);
    fwrite(s, 1, plain, f);
    for (const unsigned char *c = (const unsigned char *)s + plain; *c; c++) {
        if (*c == '"' || *c == '\\')
            fprintf(f, "\\%c", *c);
        else if (*c < 0x20)
            fprintf(f, "\\u%04x", *c);
        else
            fputc(*c, f);
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
        fputs("network,period,indicator,breakdown,value,count,perturbed\r\n", f);
        for (size_t i = 0; i < rs->n; i++) {
            row_t *x = &rs->v[i];
            csv_field(f, x->network);
            fputc(',', f);
            csv_field(f, x->period);
            fprintf(f, ",%s,%s,", x->indicator, x->breakdown);
            csv_field(f, x->value);
            fprintf(f, ",%ld,%s\r\n", cell_published(&x->cell), x->cell.exact ? "false" : "true");
        }
        fclose(f);
        resp_header(r, "Content-Disposition",
                    arena_sprintf(r->arena, "attachment; filename=\"lotse-statistics-%s-%s.csv\"", from, to));
        respond_bytes(r, 200, "text/csv; charset=utf-8", buf, len);
        free(buf);
        return 0;
    }
    /* tens of thousands of rows: written as text, not built as jansson objects */
    json_t *meta = json_pack("{s:i, s:s, s:s, s:s, s:s, s:o, s:s}", "schema_version", SCHEMA_VERSION, "scope",
                             scope, "from", from, "to", to, "granularity", gran, "disclosure_control",
                             stats_method_json(), "computed_at", computed);
    char *meta_text = json_dumps(meta, JSON_COMPACT);
    json_decref(meta);
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    fprintf(f, "{\"meta\":%s,\"rows\":[", meta_text ? meta_text : "null");
    free(meta_text);
    for (size_t i = 0; i < rs->n; i++) {
        row_t *x = &rs->v[i];
        fputs(i ? ",{\"network\":" : "{\"network\":", f);
        json_text_to(f, x->network);
        fputs(",\"period\":", f);
        json_text_to(f, x->period);
        fputs(",\"indicator\":", f);
        json_text_to(f, x->indicator);
        fputs(",\"breakdown\":", f);
        json_text_to(f, x->breakdown);
        fputs(",\"value\":", f);
        json_text_to(f, x->value);
        fprintf(f, ",\"count\":%ld,\"perturbed\":%s}", cell_published(&x->cell),
                x->cell.exact ? "false" : "true");
    }
    fputs("]}", f);
    fclose(f);
    int rc = respond_raw_json(r, 200, buf, len);
    free(buf);
    return rc;
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
    rows_t rs = {r, NULL, 0, 0};
    if (collect(r, &rs, id, code, from, to, gran) != 0)
        return -1;
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
    rows_t rs = {r, NULL, 0, 0};
    for (int i = 0; i < PQntuples(nets); i++)
        if (collect(r, &rs, PQgetvalue(nets, i, 0), PQgetvalue(nets, i, 1), from, to, gran) != 0)
            return -1;
    /* the state: cells of their own, the units of every network's cell summed */
    size_t networks = rs.n;
    row_t **p = sorted_cells(&rs, 0);
    for (size_t i = 0; i < networks;) {
        cell_t sum = p[i]->cell;
        size_t j = i + 1;
        for (; j < networks && cell_order(p[i], p[j]) == 0; j++)
            cell_add(&sum, &p[j]->cell);
        const row_t *x = p[i]; /* stays valid when rows_add moves rs.v: the arena frees nothing */
        rows_add(&rs, "NW", x->period, x->indicator, x->breakdown, x->value, sum.raw, sum.key);
        i = j;
    }
    return respond_rows(r, &rs, from, to, gran, "NW");
}
