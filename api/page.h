/* page.h - keyset pagination for collections: limit, opaque cursor,
 * updated_since, and the {"items", "next_cursor"} body with a Link header. */
#ifndef LOTSE_PAGE_H
#define LOTSE_PAGE_H

#include <libpq-fe.h>

#include "req.h"

typedef struct page {
    int limit;                  /* 1..500, default 50 */
    char limit_plus_one[16];    /* bound as the SQL LIMIT: one extra row tells "more" */
    const char *after;          /* decoded cursor (last key seen) or NULL */
    const char *updated_since;  /* RFC 3339 timestamp or NULL */
    const char *cursor;         /* the cursor as given, or NULL */
    int feed;                   /* a feed: next_cursor always points after the last item */
} page_t;

/* Reads limit, cursor and updated_since from the query; 0 or -1 (400). */
int page_parse(req_t *r, page_t *p);

/* Whether key (a decoded cursor) is "<a>~<b>", a at most 39 characters,
 * with first(a) and second(b): the keys of lists read in index order by
 * (a, b). */
int is_key_pair(const char *key, int (*first)(const char *), int (*second)(const char *));

/* A date or "infinity" (no due date): the first half of the keys of lists
 * ordered by due date (action items, the worklist). */
int is_due_date(const char *s);

/* Responds 200 with the rows of res (columns "key" and "json", at most
 * limit + 1 rows, ordered by key): items are the json texts, next_cursor
 * encodes the last key when there were more rows (for a feed: always, or
 * the given cursor when nothing new came), and Link rel="next" repeats the
 * request's query with the new cursor when there are more rows. */
int page_respond(req_t *r, const page_t *p, PGresult *res);

/* The case_id (and other_id, for rows that show two cases, and seen_ids, an
 * array literal of more cases a row shows) columns of res's first rows rows
 * as r->case_ids ("{uuid,uuid}", in r's arena), so
 * that the audit row the dispatcher writes names every case an answer
 * showed; nothing without a case_id column. */
void note_case_ids(req_t *r, PGresult *res, int rows);

#endif
