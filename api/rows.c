/* rows.c - see rows.h. */
#include "rows.h"

#include <stdlib.h>
#include <string.h>

int respond_row(req_t *r, PGresult *res, int status, const char *location)
{
    if (res == NULL)
        return -1;
    if (PQntuples(res) == 0)
        return fail_req(r, ERR_NOT_FOUND, "no such resource");
    const char *json = db_get(res, 0, "json");
    const char *version = db_get(res, 0, "version");
    if (json == NULL)
        return fail_req(r, ERR_INTERNAL, "query returned no json column");
    if (version)
        resp_etag(r, version);
    if (location)
        resp_header(r, "Location", location);
    return respond_raw_json(r, status, json, strlen(json));
}

int fail_stale_or_missing(req_t *r, const db_stmt_t *get_st, const char *const *params)
{
    PGresult *res = db_exec(r, get_st, params);
    if (res == NULL)
        return -1;
    if (PQntuples(res) == 0)
        return fail_req(r, ERR_NOT_FOUND, "no such resource");
    return fail_req(r, ERR_PRECONDITION_FAILED, "the resource changed since you read it (ETag \"v%s\")",
                db_get(res, 0, "version"));
}

const char *json_text(req_t *r, json_t *v)
{
    char *s = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
    const char *copy = arena_strdup(r->arena, s ? s : "null");
    free(s);
    return copy;
}
