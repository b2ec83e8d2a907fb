/* analyses.c - SQL for potential analyses; see analyses.h.  Coded fields
 * are columns (statistics compare intake with the latest assessment). */
#include "analyses.h"

#define ANALYSIS_JSON                                                                          \
    "json_build_object('id', a.id, 'case_id', a.case_id, 'agency_id', a.agency_id, "           \
    "'kind', a.kind, 'assessed_on', a.assessed_on, 'professional', json_build_object("         \
    "'isced_level', a.isced_level, 'vocational_qualification', a.vocational_qualification, "   \
    "'recognition_status', a.recognition_status, "                                             \
    "'work_experience_years', a.work_experience_years, "                                       \
    "'employment_status', a.employment_status), "                                              \
    "'language', json_build_object('german_level', a.german_level), "                          \
    "'social', json_build_object('household_size', a.household_size, "                        \
    "'children_count', a.children_count, 'childcare_needed', a.childcare_needed), "            \
    "'personal', json_build_object('health_restrictions', a.health_restrictions), "            \
    "'needs', a.needs, 'notes', a.notes, "                                                     \
    "'editable_until', lotse_ts(a.created_at + interval '24 hours'), 'version', a.version, "  \
    "'created_at', lotse_ts(a.created_at), 'updated_at', lotse_ts(a.updated_at))::text"
#define PRO "coalesce(p->'professional', '{}')"
#define LANG "coalesce(p->'language', '{}')"
#define SOC "coalesce(p->'social', '{}')"
#define PERS "coalesce(p->'personal', '{}')"
#define M(col, obj, key, type) SQL_MERGE_AS("a", col, obj, key, type)

const db_stmt_t ANALYSIS_CREATE = {
    "analysis_create",
    "INSERT INTO potential_analyses AS a (network_id, case_id, agency_id, assessed_on, "
    "isced_level, vocational_qualification, recognition_status, work_experience_years, "
    "employment_status, german_level, household_size, children_count, childcare_needed, "
    "health_restrictions, needs, notes, created_by, kind) "
    "SELECT lotse_network(), $1::uuid, lotse_agency(), (p->>'assessed_on')::date, "
    "(p->'professional'->>'isced_level')::int, (p->'professional'->>'vocational_qualification')::boolean, "
    "p->'professional'->>'recognition_status', (p->'professional'->>'work_experience_years')::int, "
    "p->'professional'->>'employment_status', p->'language'->>'german_level', "
    "(p->'social'->>'household_size')::int, (p->'social'->>'children_count')::int, "
    "(p->'social'->>'childcare_needed')::boolean, (p->'personal'->>'health_restrictions')::boolean, "
    "coalesce(p->'needs', '[]'), p->>'notes', $3, coalesce(p->>'kind', CASE WHEN EXISTS (SELECT 1 "
    "  FROM potential_analyses i WHERE i.case_id = $1::uuid AND i.kind = 'intake') THEN 'follow_up' "
    "  ELSE 'intake' END) FROM (SELECT $2::jsonb AS p) s "
    "RETURNING a.id, a.network_id, a.version, " ANALYSIS_JSON " AS json",
    3};

const db_stmt_t ANALYSIS_LIST = {
    "analysis_list",
    "SELECT " SQL_CHRONO_KEY("a") " AS key, " ANALYSIS_JSON " AS json FROM potential_analyses a "
    "WHERE a.network_id = lotse_network() AND a.case_id = $1::uuid "
    "AND ($2::text IS NULL OR " SQL_CHRONO_KEY("a") " > $2) ORDER BY 1 LIMIT $3::int",
    3};

const db_stmt_t ANALYSIS_GET = {
    "analysis_get",
    "SELECT a.version, a.agency_id = lotse_agency() AS is_author, "
    "a.created_at > now() - interval '24 hours' AS editable, " ANALYSIS_JSON " AS json "
    "FROM potential_analyses a WHERE a.network_id = lotse_network() AND a.case_id = $1::uuid "
    "AND a.id = $2::uuid",
    2};

const db_stmt_t ANALYSIS_UPDATE = {
    "analysis_update",
    "UPDATE potential_analyses AS a SET "
    "assessed_on = coalesce((p->>'assessed_on')::date, a.assessed_on), kind = coalesce(p->>'kind', a.kind), "
    M("isced_level", PRO, "isced_level", "int") ", "
    M("vocational_qualification", PRO, "vocational_qualification", "boolean") ", "
    M("recognition_status", PRO, "recognition_status", "text") ", "
    M("work_experience_years", PRO, "work_experience_years", "int") ", "
    M("employment_status", PRO, "employment_status", "text") ", "
    M("german_level", LANG, "german_level", "text") ", "
    M("household_size", SOC, "household_size", "int") ", "
    M("children_count", SOC, "children_count", "int") ", "
    M("childcare_needed", SOC, "childcare_needed", "boolean") ", "
    M("health_restrictions", PERS, "health_restrictions", "boolean") ", "
    "needs = CASE WHEN p ? 'needs' THEN coalesce(p->'needs', '[]') ELSE a.needs END, "
    SQL_MERGE("a", "notes", "p", "notes") ", "
    "version = a.version + 1, updated_at = now() FROM (SELECT $3::jsonb AS p) s "
    "WHERE a.network_id = lotse_network() AND a.case_id = $1::uuid AND a.id = $2::uuid "
    "AND a.agency_id = lotse_agency() AND a.created_at > now() - interval '24 hours' "
    "AND a.version = $4::int RETURNING a.id, a.network_id, a.version, " ANALYSIS_JSON " AS json",
    4};
