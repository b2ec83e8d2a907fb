/* municipalities.c - the Städte and Gemeinden of a network, keyed by the
 * 8-digit Amtlicher Gemeindeschlüssel. Members read; the coordination
 * office manages. */
#include "municipalities.h"
#include "handlers.h"
#include "json_in.h"
#include "page.h"
#include "rows.h"

#include <string.h>

static const field_spec_t MUNICIPALITY_FIELDS[] = {
    {"ags", FT_STRING, F_REQUIRED, 8, 8, NULL, is_ags, "must be an 8-digit AGS"},
    {"name", FT_STRING, F_REQUIRED, 1, 200, NULL, NULL, NULL},
    {NULL, 0, 0, 0, 0, NULL, NULL, NULL},
};
static const field_spec_t MUNICIPALITY_PATCH[] = {
    {"name", FT_STRING, 0, 1, 200, NULL, NULL, NULL},
    {NULL, 0, 0, 0, 0, NULL, NULL, NULL},
};

int h_municipalities_list(req_t *r)
{
    page_t p;
    if (page_parse(r, &p) != 0)
        return -1;
    const char *params[3] = {p.after, p.updated_since, p.limit_plus_one};
    PGresult *res = db_exec(r, &MUNICIPALITY_LIST, params);
    return res ? page_respond(r, &p, res) : -1;
}

int h_municipalities_create(req_t *r)
{
    json_t *body = body_object(r, 0);
    if (body == NULL || body_validate(r, body, MUNICIPALITY_FIELDS, 0) != 0)
        return -1;
    const char *params[1] = {json_text(r, body)};
    PGresult *res = db_write(r, &MUNICIPALITY_CREATE, params, "municipality.created",
                             "municipality");
    if (res == NULL)
        return -1;
    return respond_row(r, res, 201,
                       arena_sprintf(r->arena, "/v1/municipalities/%s", db_get(res, 0, "id")));
}

int h_municipalities_get(req_t *r)
{
    const char *ags = path_param(r, 0);
    if (!is_ags(ags))
        return fail_req(r, ERR_NOT_FOUND, "no such municipality");
    const char *params[1] = {ags};
    return respond_row(r, db_exec(r, &MUNICIPALITY_GET, params), 200, NULL);
}

int h_municipalities_update(req_t *r)
{
    const char *ags = path_param(r, 0);
    if (!is_ags(ags))
        return fail_req(r, ERR_NOT_FOUND, "no such municipality");
    int ok;
    const char *version = if_match_version(r, &ok);
    if (!ok)
        return -1;
    json_t *patch = body_object(r, 1);
    if (patch == NULL || body_validate(r, patch, MUNICIPALITY_PATCH, 1) != 0)
        return -1;
    const char *params[3] = {ags, json_text(r, patch), version};
    PGresult *res = db_write(r, &MUNICIPALITY_UPDATE, params, "municipality.updated",
                             "municipality");
    if (res == NULL)
        return -1;
    if (PQntuples(res) == 0)
        return fail_stale_or_missing(r, &MUNICIPALITY_GET, params);
    return respond_row(r, res, 200, NULL);
}

int h_municipalities_delete(req_t *r)
{
    const char *ags = path_param(r, 0);
    if (!is_ags(ags))
        return fail_req(r, ERR_NOT_FOUND, "no such municipality");
    int ok;
    const char *version = if_match_version(r, &ok);
    if (!ok)
        return -1;
    const char *params[2] = {ags, version};
    PGresult *res = db_write(r, &MUNICIPALITY_DELETE, params, "municipality.deleted",
                             "municipality");
    if (res == NULL)
        return -1;
    if (PQntuples(res) == 0)
        return fail_stale_or_missing(r, &MUNICIPALITY_GET, params);
    return respond_no_content(r);
}
