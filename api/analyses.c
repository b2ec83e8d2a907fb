/* analyses.c - potential analyses (Potenzialanalysen): dated, structured
 * assessments of a case in category "potential", each the case's intake
 * (one at most: the first unless stated) or a follow-up.  The author
 * agency may correct one within 24 hours; after that a new assessment
 * supersedes it, so intake and progress stay comparable. */
#include "analyses.h"
#include "audit.h"
#include "case_access.h"
#include "handlers.h"
#include "json_in.h"
#include "page.h"
#include "resource.h"

#include <string.h>

static const char *const RECOGNITION[] = {"not_applicable", "not_started", "in_progress",
                                          "recognised", "partially_recognised", "not_recognised",
                                          NULL};
const char *const EMPLOYMENT_STATUSES[] = {"employed", "self_employed", "vocational_training",
                                         "in_school", "language_course", "unemployed",
                                         "not_in_labour_force", NULL};
const char *const CEFR_LEVELS[] = {"none", "A1", "A2", "B1", "B2", "C1", "C2", NULL};
static const char *const PRIORITIES[] = {"high", "medium", "low", NULL};

static const field_spec_t PROFESSIONAL[] = {
    FIELD_INT("isced_level", F_NULLABLE, 0, 8),
    FIELD_BOOL("vocational_qualification", F_NULLABLE),
    FIELD_ENUM("recognition_status", F_NULLABLE, RECOGNITION),
    FIELD_INT("work_experience_years", F_NULLABLE, 0, 60),
    FIELD_ENUM("employment_status", F_NULLABLE, EMPLOYMENT_STATUSES),
    FIELD_END,
};
static const field_spec_t LANGUAGE[] = {
    FIELD_ENUM("german_level", F_NULLABLE, CEFR_LEVELS),
    FIELD_END,
};
static const field_spec_t SOCIAL[] = {
    FIELD_INT("household_size", F_NULLABLE, 1, 30),
    FIELD_INT("children_count", F_NULLABLE, 0, 20),
    FIELD_BOOL("childcare_needed", F_NULLABLE),
    FIELD_END,
};
static const field_spec_t PERSONAL[] = {
    FIELD_BOOL("health_restrictions", F_NULLABLE),
    FIELD_END,
};
static const field_spec_t NEED[] = {
    FIELD_ENUM("field_of_action", F_REQUIRED, FIELDS_OF_ACTION),
    FIELD_ENUM("priority", F_REQUIRED, PRIORITIES),
    FIELD_END,
};
static const char *const KINDS[] = {"intake", "follow_up", NULL};
static const field_spec_t ANALYSIS_FIELDS[] = {
    FIELD_ENUM("kind", 0, KINDS),
    FIELD_DATE("assessed_on", F_REQUIRED | F_PAST),
    FIELD_OBJ("professional", 0, PROFESSIONAL),
    FIELD_OBJ("language", 0, LANGUAGE),
    FIELD_OBJ("social", 0, SOCIAL),
    FIELD_OBJ("personal", 0, PERSONAL),
    FIELD_OBJS("needs", F_NULLABLE, 0, 12, NEED),
    FIELD_TEXT("notes", F_NULLABLE, 1, 5000),
    FIELD_END,
};

static const case_sub_t ANALYSES = {"{potential}", "analysis.list",
                                    "analysis.read", &ANALYSIS_LIST, &ANALYSIS_GET, 0};

int h_analyses_create(req_t *r)
{
    case_access_t a;
    if (case_here(r, &a) != 0)
        return -1;
    json_t *body = body_object(r, 0);
    if (body == NULL || body_validate(r, body, ANALYSIS_FIELDS, 0) != 0)
        return -1;
    const char *params[3] = {a.id, json_text(r, body), r->principal.sub};
    PGresult *res = db_write(r, &ANALYSIS_CREATE, params, "analysis.created", "analysis");
    if (res == NULL || audit(r, "analysis.create", a.id, "{potential}", 1) != 0)
        return -1;
    return respond_row(r, res, 201, arena_sprintf(r->arena, "/v1/cases/%s/analyses/%s", a.id,
                                                  db_get(res, 0, "id")));
}

int h_analyses_list(req_t *r)
{
    return case_sub_list(r, &ANALYSES, NULL);
}

int h_analyses_get(req_t *r)
{
    return case_sub_get(r, &ANALYSES);
}

int h_analyses_update(req_t *r)
{
    case_access_t a;
    const char *id, *version;
    json_t *patch;
    if (case_sub_change(r, ANALYSIS_FIELDS, 1, &a, &id, &version,
                        &patch) != 0)
        return -1;
    const char *params[4] = {a.id, id, json_text(r, patch), version};
    PGresult *cur = db_exec(r, &ANALYSIS_GET, params);
    if (cur == NULL)
        return -1;
    if (PQntuples(cur) == 0)
        return fail_req(r, ERR_NOT_FOUND, "no such analysis");
    if (strcmp(db_get(cur, 0, "is_author"), "t") != 0)
        return case_deny(r, &a, "analysis.update", ERR_FORBIDDEN,
                         "only the agency that made the assessment may correct it");
    if (require_version(r, db_get(cur, 0, "version")) != 0)
        return -1;
    if (strcmp(db_get(cur, 0, "editable"), "t") != 0)
        return fail_req(r, ERR_CONFLICT, "an assessment is fixed 24 hours after it was made; "
                                         "record a new one instead");
    if (version == NULL)
        params[3] = db_get(cur, 0, "version");
    PGresult *res = db_write(r, &ANALYSIS_UPDATE, params, "analysis.updated", "analysis");
    if (res == NULL)
        return -1;
    if (PQntuples(res) == 0)
        return fail_req(r, ERR_PRECONDITION_FAILED, "the analysis changed since you read it");
    if (audit(r, "analysis.update", a.id, "{potential}", 1) != 0)
        return -1;
    return respond_row(r, res, 200, NULL);
}
