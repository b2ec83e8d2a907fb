/* page.c - keyset pagination; see page.h. */
#include "page.h"
#include "json_in.h"
#include "b64.h"

#include <microhttpd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_CURSOR 256

/* 1 when s looks like an RFC 3339 date-time (PostgreSQL parses it after). */
static int looks_like_timestamp(const char *s)
{
    size_t n = strlen(s);
    if (n < 20 || n > 35)
        return 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        int ok = (c >= '0' && c <= '9') || c == '-' || c == ':' || c == 'T' || c == 'Z' ||
                 c == '.' || c == '+';
        if (!ok)
            return 0;
    }
    return s[4] == '-' && s[7] == '-' && s[10] == 'T' && s[13] == ':' && s[16] == ':';
}

int page_parse(req_t *r, page_t *p)
{
    memset(p, 0, sizeof *p);
    p->limit = 50;
    const char *limit = req_query(r, "limit");
    if (limit) {
        char *end;
        long n = strtol(limit, &end, 10);
        if (*limit == '\0' || *end != '\0' || n < 1 || n > 500)
            return fail_req(r, ERR_BAD_REQUEST, "limit must be a whole number from 1 to 500");
        p->limit = (int)n;
    }
    snprintf(p->limit_plus_one, sizeof p->limit_plus_one, "%d", p->limit + 1);
    const char *cursor = req_query(r, "cursor");
    if (cursor) {
        size_t n = 0, len = strlen(cursor);
        char *raw = len <= MAX_CURSOR ? b64url_decode(cursor, len, &n) : NULL;
        if (raw == NULL || n == 0 || strlen(raw) != n) {
            free(raw);
            return fail_req(r, ERR_BAD_REQUEST, "cursor is not one this service issued");
        }
        p->after = arena_strdup(r->arena, raw);
        p->cursor = cursor;
        free(raw);
    }
    const char *since = req_query(r, "updated_since");
    if (since) {
        if (!looks_like_timestamp(since))
            return fail_req(r, ERR_BAD_REQUEST, "updated_since must be an RFC 3339 timestamp");
        p->updated_since = since;
    }
    return 0;
}

struct link_ctx {
    FILE *f;
    int first;
};

static void url_encode(FILE *f, const char *s)
{
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
            c == '-' || c == '_' || c == '.' || c == '~')
            fputc(c, f);
        else
            fprintf(f, "%%%02X", c);
    }
}

static enum MHD_Result add_arg(void *cls, enum MHD_ValueKind kind, const char *key,
                               const char *value)
{
    (void)kind;
    struct link_ctx *l = cls;
    if (strcmp(key, "cursor") == 0)
        return MHD_YES;
    fputc(l->first ? '?' : '&', l->f);
    l->first = 0;
    url_encode(l->f, key);
    if (value) {
        fputc('=', l->f);
        url_encode(l->f, value);
    }
    return MHD_YES;
}

void note_case_ids(req_t *r, PGresult *res, int rows)
{
    int cols[2] = {PQfnumber(res, "case_id"), PQfnumber(res, "other_id")}, seen = PQfnumber(res, "seen_ids");
    if (cols[0] < 0)
        return;
    size_t room = 2 * 37 * (size_t)rows + 3;
    for (int i = 0; seen >= 0 && i < rows; i++)
        room += (size_t)PQgetlength(res, i, seen) + 1;
    char *ids = arena_alloc(r->arena, room), *end = ids;
    *end++ = '{';
    for (int i = 0; i < rows; i++) {
        for (int c = 0; c < 2; c++)
            if (cols[c] >= 0 && !PQgetisnull(res, i, cols[c]))
                end += sprintf(end, "%s%s", end > ids + 1 ? "," : "", PQgetvalue(res, i, cols[c]));
        /* more cases a row shows, as an array literal "{a,b}" (an import line's likely duplicates) */
        const char *more = seen >= 0 && !PQgetisnull(res, i, seen) ? PQgetvalue(res, i, seen) : "{}";
        size_t n = strlen(more);
        if (n > 2)
            end += sprintf(end, "%s%.*s", end > ids + 1 ? "," : "", (int)(n - 2), more + 1);
    }
    strcpy(end, "}");
    r->case_ids = ids;
}

int page_respond(req_t *r, const page_t *p, PGresult *res)
{
    int rows = PQntuples(res);
    int shown = rows > p->limit ? p->limit : rows;
    int kcol = PQfnumber(res, "key"), jcol = PQfnumber(res, "json");
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (f == NULL || kcol < 0 || jcol < 0) {
        if (f)
            fclose(f);
        free(buf);
        return fail_req(r, ERR_INTERNAL, "collection query without key/json columns");
    }
    fputs("{\"items\":[", f);
    for (int i = 0; i < shown; i++) {
        if (i)
            fputc(',', f);
        fputs(PQgetvalue(res, i, jcol), f);
    }
    note_case_ids(r, res, shown);
    fputs("],\"next_cursor\":", f);
    char cursor[MAX_CURSOR];
    if (rows > p->limit || (p->feed && shown > 0)) {
        const char *key = PQgetvalue(res, shown - 1, kcol);
        b64url_encode((const unsigned char *)key, strlen(key), cursor);
        fprintf(f, "\"%s\"}", cursor);
    } else if (p->feed && p->cursor) {
        fprintf(f, "\"%s\"}", p->cursor);
    } else {
        fputs("null}", f);
    }
    fclose(f);
    respond_raw_json(r, 200, buf, len);
    free(buf);
    if (rows > p->limit) {
        char *link = NULL;
        size_t llen = 0;
        FILE *lf = open_memstream(&link, &llen);
        struct link_ctx l = {lf, 1};
        fprintf(lf, "<%s", r->url);
        MHD_get_connection_values(r->conn, MHD_GET_ARGUMENT_KIND, add_arg, &l);
        fprintf(lf, "%ccursor=%s>; rel=\"next\"", l.first ? '?' : '&', cursor);
        fclose(lf);
        resp_header(r, "Link", link);
        free(link);
    }
    return 0;
}

int is_due_date(const char *s)
{
    return is_date(s) || strcmp(s, "infinity") == 0;
}

int is_key_pair(const char *key, int (*first)(const char *), int (*second)(const char *))
{
    const char *tilde = strchr(key, '~');
    char a[40];
    if (tilde == NULL || tilde - key >= (long)sizeof a)
        return 0;
    snprintf(a, sizeof a, "%.*s", (int)(tilde - key), key);
    return first(a) && second(tilde + 1);
}
