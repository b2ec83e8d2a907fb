/* assignments.c - SQL for case assignments; see assignments.h. */
#include "assignments.h"

#define ASSIGNMENT_JSON                                                                         \
    "json_build_object('id', x.id, 'case_id', x.case_id, 'agency_id', x.agency_id, "             \
    "'assignee', x.assignee, 'team', x.team, 'role', x.role, 'version', x.version, "            \
    "'created_at', lotse_ts(x.created_at))::text"

const db_stmt_t ASSIGNMENT_CREATE = {
    "assignment_create",
    "INSERT INTO case_assignments AS x (network_id, case_id, agency_id, assignee, team, role, created_by) "
    "VALUES (lotse_network(), $1::uuid, lotse_agency(), $2::text, $3::text, CASE WHEN $3::text IS NULL THEN 'case_manager' "
    "ELSE 'team' END, $4) RETURNING x.id, x.network_id, x.version, " ASSIGNMENT_JSON " AS json",
    4};

const db_stmt_t ASSIGNMENT_LIST = {
    "assignment_list",
    "SELECT " SQL_CHRONO_KEY("x") " AS key, " ASSIGNMENT_JSON " AS json FROM case_assignments x "
    "WHERE x.case_id = $1::uuid AND x.agency_id = lotse_agency() "
    "AND ($2::text IS NULL OR " SQL_CHRONO_KEY("x") " > $2) ORDER BY 1 LIMIT $3::int",
    3};

const db_stmt_t ASSIGNMENT_GET = {
    "assignment_get",
    "SELECT x.version, " ASSIGNMENT_JSON " AS json FROM case_assignments x "
    "WHERE x.case_id = $1::uuid AND x.id = $2::uuid AND x.agency_id = lotse_agency()",
    2};

const db_stmt_t ASSIGNMENT_DELETE = {
    "assignment_delete",
    "DELETE FROM case_assignments x WHERE x.case_id = $1::uuid AND x.id = $2::uuid "
    "AND x.agency_id = lotse_agency() AND ($3::int IS NULL OR x.version = $3::int) "
    "RETURNING x.id, x.network_id",
    3};

const db_stmt_t ASSIGNMENT_TRANSFER = {
    "assignment_transfer",
    "WITH gone AS (DELETE FROM case_assignments x WHERE x.agency_id = lotse_agency() AND x.assignee = $1 "
    "  RETURNING x.case_id, x.role), "
    "moved AS (INSERT INTO case_assignments (network_id, case_id, agency_id, assignee, role, created_by) "
    "  SELECT lotse_network(), g.case_id, lotse_agency(), $2, g.role, $3 FROM gone g "
    "  ON CONFLICT DO NOTHING RETURNING case_id) "
    "SELECT (SELECT count(*) FROM gone) AS moved, "
    "(SELECT coalesce(array_agg(DISTINCT case_id), '{}') FROM gone)::text AS case_ids",
    3};

const db_stmt_t AGENCY_STAFF_ACCESS = {
    "agency_staff_access",
    "UPDATE agencies AS a SET staff_access = coalesce($2::jsonb->>'staff_access', a.staff_access), version = a.version + 1, updated_at = now() "
    "WHERE a.id = $1::uuid AND a.id = lotse_agency() AND a.network_id = lotse_network() "
    "AND ($3::int IS NULL OR a.version = $3::int) "
    "RETURNING a.id, a.network_id, a.version, json_build_object('id', a.id, 'staff_access', "
    "a.staff_access, 'version', a.version, 'updated_at', lotse_ts(a.updated_at))::text AS json",
    3};
