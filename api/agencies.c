/* agencies.c - the partner agencies of a network.  Every member of the
 * network reads them; the coordination office creates and edits them.
 * Agencies are never deleted (cases refer to them): set active to false. */
#include "agencies.h"
#include "handlers.h"
#include "json_in.h"
#include "page.h"
#include "resource.h"

#include <string.h>

const char *const AGENCY_KINDS[] = {
    "immigration_office", "jobcenter", "social_welfare", "youth_welfare",
    "integration_centre", "employment_agency", "welfare_organisation",
    "youth_migration_service", "migration_counselling", "volunteer_coordination",
    "school", "other", NULL};

static const field_spec_t AGENCY_FIELDS[] = {
    FIELD_STR("name", F_REQUIRED, 1, 200),
    FIELD_ENUM("kind", F_REQUIRED, AGENCY_KINDS),
    FIELD_FMT("municipality_ags", F_NULLABLE, 8, 8, is_ags, "must be an 8-digit AGS"),
    FIELD_STR("email", F_NULLABLE, 3, 254),
    FIELD_STR("phone", F_NULLABLE, 3, 50),
    FIELD_TEXT("address", F_NULLABLE, 1, 500),
    FIELD_BOOL("active", 0),
    FIELD_END,
};

int h_agencies_list(req_t *r)
{
    page_t p;
    if (page_parse(r, &p) != 0)
        return -1;
    const char *kind, *active;
    if (query_enum(r, "kind", AGENCY_KINDS, &kind) || query_enum(r, "active", QUERY_BOOLEANS, &active))
        return -1;
    const char *params[5] = {p.after, p.updated_since, p.limit_plus_one, kind, active};
    PGresult *res = db_exec_once(r, &AGENCY_LIST, params);
    return res ? page_respond(r, &p, res) : -1;
}

int h_agencies_create(req_t *r)
{
    const char *params[2] = {NULL, NULL};
    return create_resource(r, AGENCY_FIELDS, &AGENCY_CREATE, params, "agency.created", "agency",
                           "/v1/agencies/");
}

int h_agencies_get(req_t *r)
{
    const char *params[1] = {uuid_param(r, 0)};
    return params[0] ? respond_row(r, db_exec_once(r, &AGENCY_GET, params), 200, NULL) : -1;
}

static const write_spec_t AGENCY_UPDATE_SPEC = {
    AGENCY_FIELDS, &AGENCY_UPDATE, &AGENCY_GET, "agency.updated", "agency", 1, 2, 0};

int h_agencies_update(req_t *r)
{
    const char *params[3] = {uuid_param(r, 0), NULL, NULL};
    return params[0] ? conditional_write(r, &AGENCY_UPDATE_SPEC, params) : -1;
}
