/* events.c - GET /v1/events: every change the caller's agency may see, in
 * commit order, with a cursor that never skips an event (see
 * db/events.h).  Events carry no personal data: type, time, resource,
 * the case's reference, the acting agency and a link.  With wait=N (1-30)
 * a request that finds nothing new waits up to N seconds for an event
 * (longpoll.h). */
#include "events.h"
#include "handlers.h"
#include "longpoll.h"
#include "page.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int h_events_list(req_t *r)
{
    page_t p;
    if (page_parse(r, &p) != 0)
        return -1;
    p.feed = 1;
    char txid[24] = "", id[24] = "";
    if (p.after) {
        const char *dot = strchr(p.after, '.');
        size_t n = dot ? (size_t)(dot - p.after) : 0;
        if (dot == NULL || n == 0 || n >= sizeof txid || strlen(dot + 1) >= sizeof id ||
            strspn(p.after, "0123456789") != n || strspn(dot + 1, "0123456789") != strlen(dot + 1) ||
            dot[1] == '\0')
            return fail_req(r, ERR_BAD_REQUEST, "cursor is not one this service issued");
        memcpy(txid, p.after, n);
        snprintf(id, sizeof id, "%s", dot + 1);
    }
    const char *types = req_query(r, "types");
    char *list = NULL;
    if (types) {
        size_t n = strlen(types);
        if (n == 0 || n > 1000 ||
            strspn(types, "abcdefghijklmnopqrstuvwxyz_.,") != n)
            return fail_req(r, ERR_BAD_REQUEST, "types is a comma-separated list of event types");
        list = arena_sprintf(r->arena, "{%s}", types);
    }
    const char *w = req_query(r, "wait");
    int wait = 0;
    if (w) {
        char *end = NULL;
        long v = strtol(w, &end, 10);
        if (*w == '\0' || *end != '\0' || v < 0 || v > 30)
            return fail_req(r, ERR_BAD_REQUEST, "wait is a whole number of seconds from 0 to 30");
        wait = (int)v;
    }
    const char *params[4] = {p.after ? txid : NULL, p.after ? id : NULL, list, p.limit_plus_one};
    longpoll_begin(r);
    PGresult *res = db_exec_once(r, &EVENT_FEED, params);
    if (res == NULL)
        return -1;
    if (PQntuples(res) == 0 && longpoll_should_wait(r, wait))
        return 0; /* the server suspends the connection; it runs again on an event */
    return page_respond(r, &p, res);
}
