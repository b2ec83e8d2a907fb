/* municipalities.c - the Städte and Gemeinden of a network, keyed by the
 * 8-digit Amtlicher Gemeindeschlüssel. Members read; the coordination
 * office manages. */
#include "municipalities.h"
#include "handlers.h"
#include "json_in.h"
#include "page.h"
#include "resource.h"

#include <string.h>

static const field_spec_t MUNICIPALITY_FIELDS[] = {
    FIELD_FMT("ags", F_REQUIRED, 8, 8, is_ags, "must be an 8-digit AGS"),
    FIELD_STR("name", F_REQUIRED, 1, 200),
    FIELD_END,
};
static const field_spec_t MUNICIPALITY_PATCH[] = {
    FIELD_STR("name", 0, 1, 200),
    FIELD_END,
};

int h_municipalities_list(req_t *r)
{
    page_t p;
    if (page_parse(r, &p) != 0)
        return -1;
    const char *params[3] = {p.after, p.updated_since, p.limit_plus_one};
    PGresult *res = db_exec_once(r, &MUNICIPALITY_LIST, params);
    return res ? page_respond(r, &p, res) : -1;
}

int h_municipalities_create(req_t *r)
{
    const char *params[1] = {NULL};
    return create_resource(r, MUNICIPALITY_FIELDS, &MUNICIPALITY_CREATE, params,
                           "municipality.created", "municipality", "/v1/municipalities/");
}

/* The AGS path parameter, or NULL after setting 404. */
static const char *ags_param(req_t *r)
{
    const char *ags = path_param(r, 0);
    if (is_ags(ags))
        return ags;
    fail_req(r, ERR_NOT_FOUND, "no such municipality");
    return NULL;
}

int h_municipalities_get(req_t *r)
{
    const char *params[1] = {ags_param(r)};
    return params[0] ? respond_row(r, db_exec_once(r, &MUNICIPALITY_GET, params), 200, NULL) : -1;
}

static const write_spec_t MUNICIPALITY_UPDATE_SPEC = {
    MUNICIPALITY_PATCH, &MUNICIPALITY_UPDATE, &MUNICIPALITY_GET, "municipality.updated",
    "municipality", 1, 2, 0};
static const write_spec_t MUNICIPALITY_DELETE_SPEC = {
    NULL, &MUNICIPALITY_DELETE, &MUNICIPALITY_GET, "municipality.deleted", "municipality", 0, 1, 1};

int h_municipalities_update(req_t *r)
{
    const char *params[3] = {ags_param(r), NULL, NULL};
    return params[0] ? conditional_write(r, &MUNICIPALITY_UPDATE_SPEC, params) : -1;
}

int h_municipalities_delete(req_t *r)
{
    const char *params[2] = {ags_param(r), NULL};
    return params[0] ? conditional_write(r, &MUNICIPALITY_DELETE_SPEC, params) : -1;
}
