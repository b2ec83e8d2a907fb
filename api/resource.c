/* resource.c - see resource.h. */
#include "resource.h"

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

int respond_case_row(req_t *r, const db_stmt_t *st, const char *const *params)
{
    PGresult *res = db_exec_once(r, st, params);
    if (res && PQntuples(res) == 1)
        r->case_id = db_get(res, 0, "case_id");
    return respond_row(r, res, 200, NULL);
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

int require_version(req_t *r, const char *current)
{
    int ok;
    const char *want = if_match_version(r, &ok);
    if (!ok)
        return -1;
    if (want != NULL && (current == NULL || strcmp(want, current) != 0))
        return fail_req(r, ERR_PRECONDITION_FAILED, "the resource changed since you read it (ETag \"v%s\")",
                        current ? current : "?");
    return 0;
}

const char *json_text(req_t *r, json_t *v)
{
    char *s = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
    const char *copy = arena_strdup(r->arena, s ? s : "null");
    free(s);
    return copy;
}

const char *uuid_param(req_t *r, int i)
{
    const char *id = path_param(r, i);
    if (is_uuid(id))
        return id;
    fail_req(r, ERR_NOT_FOUND, "no such resource");
    return NULL;
}

json_t *patch_body(req_t *r, const field_spec_t *fields, const char **version)
{
    int ok;
    *version = if_match_version(r, &ok);
    if (!ok)
        return NULL;
    json_t *patch = body_object(r, 1);
    if (patch == NULL || body_validate(r, patch, fields, 1) != 0)
        return NULL;
    return patch;
}

int conditional_write(req_t *r, const write_spec_t *w, const char **params)
{
    if (w->fields) {
        json_t *patch = patch_body(r, w->fields, &params[w->version_param]);
        if (patch == NULL)
            return -1;
        params[w->patch_param] = json_text(r, patch);
    } else {
        int ok;
        params[w->version_param] = if_match_version(r, &ok);
        if (!ok)
            return -1;
    }
    PGresult *res = db_write(r, w->write, params, w->event, w->resource);
    if (res == NULL)
        return -1;
    if (PQntuples(res) == 0)
        return fail_stale_or_missing(r, w->get, params);
    return w->no_content ? respond_no_content(r) : respond_row(r, res, 200, NULL);
}

int create_resource(req_t *r, const field_spec_t *fields, const db_stmt_t *st,
                    const char **params, const char *event, const char *resource,
                    const char *location_prefix)
{
    json_t *body = body_object(r, 0);
    if (body == NULL || body_validate(r, body, fields, 0) != 0)
        return -1;
    params[0] = json_text(r, body);
    PGresult *res = db_write(r, st, params, event, resource);
    if (res == NULL)
        return -1;
    return respond_row(r, res, 201,
                       arena_sprintf(r->arena, "%s%s", location_prefix, db_get(res, 0, "id")));
}
