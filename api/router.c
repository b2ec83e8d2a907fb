/* router.c - segment-wise matching of paths against the route table. */
#include "router.h"

#include <stdio.h>
#include <string.h>

#define MAX_SEGMENTS 16

/* Splits path at '/' into segs (in place); -1 if too many or empty segment. */
static int split(char *path, char **segs)
{
    int n = 0;
    if (path[0] != '/')
        return -1;
    char *p = path + 1;
    if (*p == '\0')
        return 0;
    for (;;) {
        if (n == MAX_SEGMENTS)
            return -1;
        segs[n++] = p;
        char *slash = strchr(p, '/');
        if (slash == NULL)
            break;
        *slash = '\0';
        p = slash + 1;
        if (*p == '\0')
            return -1; /* trailing slash: no such resource */
    }
    for (int i = 0; i < n; i++)
        if (segs[i][0] == '\0')
            return -1;
    return n;
}

/* Does pattern match segs? Fills params (and their lengths without a
 * literal suffix) when it does. */
static int pattern_matches(const char *pattern, char **segs, int nsegs, char **params,
                           size_t *lens, int *nparams)
{
    const char *p = pattern + 1;
    int i = 0, np = 0;
    while (*p) {
        const char *end = strchr(p, '/');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        if (i >= nsegs)
            return 0;
        if (p[0] == '{') {
            /* "{id}": one whole, non-empty segment */
            size_t seglen = strlen(segs[i]);
            if (np == MAX_PATH_PARAMS || seglen == 0)
                return 0;
            lens[np] = seglen;
            params[np++] = segs[i];
        } else if (strlen(segs[i]) != len || strncmp(segs[i], p, len) != 0) {
            return 0;
        }
        i++;
        p += len;
        if (*p == '/')
            p++;
    }
    if (i != nsegs)
        return 0;
    *nparams = np;
    return 1;
}

match_result_t router_match(const route_t *table, size_t n, const char *method, char *path,
                            route_match_t *m)
{
    char *segs[MAX_SEGMENTS];
    memset(m, 0, sizeof *m);
    int nsegs = split(path, segs);
    if (nsegs < 0)
        return MATCH_NO_PATH;
    int path_found = 0;
    for (size_t i = 0; i < n; i++) {
        char *params[MAX_PATH_PARAMS];
        size_t lens[MAX_PATH_PARAMS];
        int np = 0;
        if (!pattern_matches(table[i].pattern, segs, nsegs, params, lens, &np))
            continue;
        if (strcmp(table[i].method, method) == 0) {
            m->route = &table[i];
            m->index = i;
            m->nparams = np;
            for (int k = 0; k < np; k++) {
                params[k][lens[k]] = '\0';
                m->params[k] = params[k];
            }
            return MATCH_OK;
        }
        size_t used = strlen(m->allow);
        if (!strstr(m->allow, table[i].method))
            snprintf(m->allow + used, sizeof m->allow - used, "%s%s", used ? ", " : "",
                     table[i].method);
        path_found = 1;
    }
    return path_found ? MATCH_NO_METHOD : MATCH_NO_PATH;
}

int route_declares_event(const route_t *rt, const char *type)
{
    size_t n = strlen(type);
    for (const char *p = rt->events; p && *p;) {
        const char *end = strchr(p, ' ');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        if (len == n && strncmp(p, type, n) == 0)
            return 1;
        p += len + (end != NULL);
    }
    return 0;
}
