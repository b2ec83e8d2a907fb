/* households.c - SQL for households; see households.h. */
#include "households.h"
#include "case_json.h"

/* household h with the members the caller sees (row-level security) */
#define HOUSEHOLD_SELECT                                                                        \
    "SELECT h.version, json_build_object('id', h.id, 'version', h.version, "                    \
    "'created_at', lotse_ts(h.created_at), 'updated_at', lotse_ts(h.updated_at), "              \
    "'members', coalesce((SELECT json_agg(json_build_object('case_id', m.case_id, "             \
    "'relation', m.relation, 'added_at', lotse_ts(m.added_at), 'case', " CASE_JSON "::json) "     \
    "ORDER BY m.relation <> 'reference_person', m.added_at, m.case_id) "                       \
    "FROM household_members m JOIN cases c ON c.id = m.case_id, " CATS " "                        \
    "WHERE m.household_id = h.id), '[]'))::text AS json, "                                      \
    "(SELECT coalesce(array_agg(m.case_id), '{}') FROM household_members m "                    \
    "WHERE m.household_id = h.id)::text AS case_ids FROM households h "

const db_stmt_t HOUSEHOLD_CREATE = {
    "household_create",
    "WITH h AS (INSERT INTO households (network_id, created_by_agency, created_by) "
    "  VALUES (lotse_network(), lotse_agency(), $2) RETURNING id, network_id, version), "
    "m AS (INSERT INTO household_members (case_id, household_id, network_id, relation, added_by_agency) "
    "  SELECT $1::uuid, h.id, h.network_id, 'reference_person', lotse_agency() FROM h RETURNING case_id) "
    "SELECT h.id, h.network_id, h.version FROM h, m",
    2};

const db_stmt_t HOUSEHOLD_ADD = {
    "household_add",
    "WITH m AS (INSERT INTO household_members (case_id, household_id, network_id, relation, added_by_agency) "
    "  SELECT $2::uuid, h.id, h.network_id, $3, lotse_agency() FROM households h "
    "  WHERE h.id = $1::uuid AND h.network_id = lotse_network() RETURNING household_id) "
    "UPDATE households h SET version = h.version + 1, updated_at = now() FROM m "
    "WHERE h.id = m.household_id RETURNING h.id, h.network_id, h.version",
    3};

const db_stmt_t HOUSEHOLD_LEAVE = {
    "household_leave",
    "WITH x AS (SELECT m.household_id FROM household_members m JOIN households h ON h.id = m.household_id "
    "  WHERE m.case_id = $1::uuid AND ($2::int IS NULL OR h.version = $2::int)), "
    "d AS (DELETE FROM household_members m USING x WHERE m.case_id = $1::uuid "
    "  AND m.household_id = x.household_id RETURNING m.household_id) "
    "UPDATE households h SET version = h.version + 1, updated_at = now() FROM d "
    "WHERE h.id = d.household_id RETURNING h.id, h.network_id, h.version",
    2};

const db_stmt_t HOUSEHOLD_GET = {
    "household_get", HOUSEHOLD_SELECT "WHERE h.id = $1::uuid AND h.network_id = lotse_network()", 1};

const db_stmt_t HOUSEHOLD_OF_CASE = {
    "household_of_case",
    HOUSEHOLD_SELECT "WHERE h.id = (SELECT m.household_id FROM household_members m WHERE m.case_id = $1::uuid) "
    "AND h.network_id = lotse_network()",
    1};
