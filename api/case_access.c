/* case_access.c - see case_access.h. */
#include "case_access.h"
#include "audit.h"
#include "cases.h"
#include "json_in.h"
#include "store.h"
#include "page.h"
#include "resource.h"

#include <string.h>

static const char *const CATEGORY_NAMES[] = {"identity", "residence", "potential", "plan",
                                             "journal"};

unsigned category_bit(const char *name)
{
    for (unsigned i = 0; i < 5; i++)
        if (strcmp(CATEGORY_NAMES[i], name) == 0)
            return 1u << i;
    return 0;
}

const char *category_array(req_t *r, unsigned bits)
{
    char buf[64] = "{";
    for (unsigned i = 0; i < 5; i++)
        if (bits & (1u << i)) {
            if (buf[1])
                strcat(buf, ",");
            strcat(buf, CATEGORY_NAMES[i]);
        }
    strcat(buf, "}");
    return arena_strdup(r->arena, buf);
}

unsigned category_bits(const char *list)
{
    unsigned bits = 0;
    char buf[128];
    snprintf(buf, sizeof buf, "%s", list ? list : "");
    char *save = NULL;
    for (char *t = strtok_r(buf, ",", &save); t; t = strtok_r(NULL, ",", &save))
        bits |= category_bit(t);
    return bits;
}

/* 403 for a principal without an agency role (coordinator only), else 404. */
static int refuse(req_t *r, const char *case_id, const char *action)
{
    if (audit(r, action, is_uuid(case_id) ? case_id : NULL, NULL, 0) != 0)
        return -1;
    if (!has_role(r, ROLE_CASEWORKER | ROLE_AGENCY_ADMIN))
        return fail_req(r, ERR_FORBIDDEN, "your agency has no consent for this case");
    return fail_req(r, ERR_NOT_FOUND, "no such case");
}

/* Fills a from the one row of an access statement (or returns 0 without a row). */
static int fill_access(req_t *r, PGresult *res, case_access_t *a)
{
    if (PQntuples(res) == 0)
        return 0;
    a->id = db_get(res, 0, "id");
    a->version = db_get(res, 0, "version");
    a->status = db_get(res, 0, "status");
    a->lead_agency_id = db_get(res, 0, "lead_agency_id");
    a->cats = category_bits(db_get(res, 0, "cats"));
    a->cats_array = category_array(r, a->cats);
    a->is_lead = strcmp(db_get(res, 0, "is_lead"), "t") == 0;
    a->anonymized = strcmp(db_get(res, 0, "anonymized"), "t") == 0;
    r->case_id = a->id;
    return 1;
}

int case_access(req_t *r, const char *case_id, const char *action, case_access_t *a)
{
    memset(a, 0, sizeof *a);
    if (case_id == NULL)
        case_id = path_param(r, 0);
    if (!is_uuid(case_id) || r->principal.agency[0] == '\0')
        return refuse(r, case_id, action);
    const char *params[1] = {case_id};
    PGresult *res = db_exec(r, &CASE_ACCESS, params);
    if (res == NULL)
        return -1;
    return fill_access(r, res, a) ? 0 : refuse(r, case_id, action);
}

/* The access to the case of the referral or conference of path parameter 0
 * in one statement: 404, audited, when the caller takes no part in it (or
 * no longer sees its case). */
static int access_through(req_t *r, const scope_t *s, case_access_t *a)
{
    int referral = s->from == CASE_OF_REFERRAL;
    const char *params[1] = {path_param(r, 0)};
    memset(a, 0, sizeof *a);
    if (is_uuid(params[0]) && r->principal.agency[0]) {
        PGresult *res = db_exec(r, referral ? &CASE_ACCESS_OF_REFERRAL : &CASE_ACCESS_OF_CONFERENCE,
                                params);
        if (res == NULL)
            return -1;
        if (fill_access(r, res, a))
            return 0;
    }
    if (audit(r, r->match.route->audit, NULL, NULL, 0) != 0)
        return -1;
    return referral ? fail_req(r, ERR_NOT_FOUND, "no such referral")
                    : fail_req(r, ERR_NOT_FOUND, "no such conference");
}

int case_scope_enter(req_t *r)
{
    const route_t *rt = r->match.route;
    case_access_t *a = arena_alloc(r->arena, sizeof *a);
    int rc;
    if (rt->scope.from == CASE_IN_PATH) {
        rc = case_access(r, NULL, rt->audit, a);
    } else if (rt->scope.from == CASE_IN_BODY) {
        json_t *body = body_object(r, 0);
        const char *id = body ? json_string_value(json_object_get(body, "case_id")) : NULL;
        if (body == NULL)
            return -1;
        if (id == NULL || !is_uuid(id))
            return 0; /* the handler's validation answers 400; it gets no case */
        rc = case_access(r, arena_strdup(r->arena, id), rt->audit, a);
    } else {
        rc = access_through(r, &rt->scope, a);
    }
    if (rc != 0 || case_require(r, a, rt->scope.cats, rt->scope.lead, rt->audit) != 0)
        return -1;
    /* nothing is written into an anonymized case again, whatever the operation */
    if (a->anonymized && rt->kind != OP_LIST && rt->kind != OP_GET && !rt->scope.anonymized)
        return case_deny(r, a, rt->audit, ERR_CONFLICT, "the case is anonymized");
    r->access = a;
    return 0;
}

int case_here(req_t *r, case_access_t *a)
{
    if (r->access == NULL)
        return fail_req(r, ERR_INTERNAL, "the operation %s %s declares no case", r->method,
                        r->match.route->pattern);
    *a = *r->access;
    return 0;
}

int case_require(req_t *r, const case_access_t *a, unsigned cats, int lead_only,
                 const char *action)
{
    if ((a->cats & cats) == cats && (!lead_only || a->is_lead))
        return 0;
    return case_deny(r, a, action, ERR_FORBIDDEN,
                     lead_only ? "only the lead agency may do this"
                               : "your agency's consent does not cover this data");
}

int responsible_sees_plan(req_t *r, const case_access_t *a, const char *agency)
{
    if (agency == NULL || !a->is_lead)
        return 0;
    const char *params[2] = {a->id, agency};
    PGresult *res = db_exec(r, &CASE_CATEGORIES_OF, params);
    if (res == NULL)
        return -1;
    const char *cats = db_get(res, 0, "cats");
    if (cats == NULL || strstr(cats, "plan") == NULL)
        return fail_req(r, ERR_CONSENT_REQUIRED,
                        "the responsible agency has no consent covering the plan of this case");
    return 0;
}

static const db_stmt_t MAP_CATEGORIES = {
    "map_categories",
    "SELECT string_agg(DISTINCT m.category, ',') AS cats, count(*) = cardinality($1::text[]) AS all_mapped "
    "FROM data_map m WHERE m.table_name || '.' || m.column_name = ANY($1::text[])",
    1};

int case_require_members(req_t *r, const case_access_t *a, json_t *body, const member_column_t *cols,
                         const char *action)
{
    char list[512] = "{";
    for (; cols->member; cols++) {
        json_t *v = json_object_get(body, cols->member);
        if (v == NULL || json_is_null(v))
            continue;
        if (strlen(list) + strlen(cols->column) + 3 > sizeof list)
            return fail_req(r, ERR_INTERNAL, "a column written here is not in the personal-data map");
        strcat(strcat(list, list[1] ? "," : ""), cols->column); /* constant names, no quoting */
    }
    if (list[1] == 0)
        return 0;
    strcat(list, "}");
    const char *params[1] = {list};
    PGresult *res = db_exec(r, &MAP_CATEGORIES, params);
    if (res == NULL)
        return -1;
    if (strcmp(db_get(res, 0, "all_mapped"), "t") != 0)
        return fail_req(r, ERR_INTERNAL, "a column written here is not in the personal-data map");
    return case_require(r, a, category_bits(db_get(res, 0, "cats")) & CAT_ALL, 0, action);
}

int case_deny(req_t *r, const case_access_t *a, const char *action, lotse_err_t err,
              const char *msg)
{
    if (audit(r, action, a->id, NULL, 0) != 0)
        return -1;
    return fail_req(r, err, "%s", msg);
}

static const db_stmt_t CODES_CHECK = {
    "case_codes_check",
    "SELECT ($1::text IS NULL OR EXISTS (SELECT 1 FROM countries WHERE code = $1)) AS nationality_ok, "
    "(SELECT string_agg((e.i - 1)::text, ',') FROM jsonb_array_elements(coalesce($2::jsonb, '[]')) "
    "  WITH ORDINALITY AS e(v, i) WHERE NOT EXISTS (SELECT 1 FROM languages l "
    "  WHERE l.code = e.v->>'code')) AS bad_languages, "
    "($3::text IS NULL OR EXISTS (SELECT 1 FROM municipalities WHERE network_id = lotse_network() "
    "  AND ags = $3)) AS ags_ok",
    3};

int check_codes(req_t *r, json_t *person, json_t *residence)
{
    json_t *langs = json_object_get(person, "languages");
    const char *params[3] = {json_string_value(json_object_get(person, "nationality")),
                             json_is_array(langs) ? json_text(r, langs) : NULL,
                             json_string_value(json_object_get(residence, "municipality_ags"))};
    if (!params[0] && !params[1] && !params[2])
        return 0;
    PGresult *res = db_exec(r, &CODES_CHECK, params);
    if (res == NULL)
        return -1;
    if (strcmp(db_get(res, 0, "nationality_ok"), "t") != 0)
        add_field_error(r, "/person/nationality", "is not an ISO 3166-1 alpha-2 country code");
    const char *bad = db_get(res, 0, "bad_languages");
    char buf[256], *save = NULL;
    snprintf(buf, sizeof buf, "%s", bad ? bad : "");
    for (char *t = strtok_r(buf, ",", &save); t; t = strtok_r(NULL, ",", &save))
        add_field_error(r, arena_sprintf(r->arena, "/person/languages/%s/code", t),
                        "is not an ISO 639-1 language code");
    if (strcmp(db_get(res, 0, "ags_ok"), "t") != 0)
        add_field_error(r, "/residence/municipality_ags", "is not a municipality of this network");
    if (r->err_errors)
        return fail_req(r, ERR_VALIDATION, "%zu field(s) are invalid; see errors",
                        json_array_size(r->err_errors));
    return 0;
}

/* The categories a read of s by a showed: s's own, or those of its optional members the
 * caller sees. */
static const char *categories_read(req_t *r, const case_sub_t *s, const case_access_t *a)
{
    if (s->categories)
        return s->categories;
    return category_array(r, a->cats & s->shown_if_seen); /* "{}" when it showed none */
}

int case_sub_list(req_t *r, const case_sub_t *s, const char *filter)
{
    case_access_t a;
    page_t p;
    if (case_here(r, &a) != 0 || page_parse(r, &p) != 0)
        return -1;
    const char *params[4] = {a.id, p.after, p.limit_plus_one, filter};
    PGresult *res = db_exec(r, s->list, params);
    if (res == NULL || audit(r, s->list_action, a.id, categories_read(r, s, &a), 1) != 0)
        return -1;
    return page_respond(r, &p, res);
}

int case_sub_get(req_t *r, const case_sub_t *s)
{
    case_access_t a;
    if (case_here(r, &a) != 0)
        return -1;
    const char *params[2] = {a.id, uuid_param(r, 1)};
    if (params[1] == NULL)
        return -1;
    PGresult *res = db_exec(r, s->get, params);
    if (res == NULL || audit(r, s->read_action, a.id, categories_read(r, s, &a), 1) != 0)
        return -1;
    return respond_row(r, res, 200, NULL);
}

int case_sub_change(req_t *r, const field_spec_t *fields, int patch, case_access_t *a,
                    const char **id, const char **version, json_t **body)
{
    int ok;
    if (case_here(r, a) != 0 || (*id = uuid_param(r, 1)) == NULL)
        return -1;
    *version = if_match_version(r, &ok);
    if (!ok || (*body = body_object(r, 1)) == NULL)
        return -1;
    return body_validate(r, *body, fields, patch);
}
