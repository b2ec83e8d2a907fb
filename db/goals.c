/* goals.c - SQL for goals; see goals.h. */
#include "goals.h"

#define GOAL_JSON                                                                             \
    "json_build_object('id', g.id, 'case_id', g.case_id, 'field_of_action', g.field_of_action, " \
    "'title', g.title, 'description', g.description, "                                        \
    "'responsible_agency_id', g.responsible_agency_id, 'due_on', g.due_on, 'status', g.status, " \
    "'achieved_at', lotse_ts(g.achieved_at), 'created_by_agency', g.created_by_agency, "       \
    "'version', g.version, 'created_at', lotse_ts(g.created_at), "                             \
    "'updated_at', lotse_ts(g.updated_at))::text"

const db_stmt_t GOAL_CREATE = {
    "goal_create",
    "INSERT INTO goals AS g (network_id, case_id, field_of_action, title, description, "
    "responsible_agency_id, due_on, created_by_agency, created_by) "
    "SELECT lotse_network(), $1::uuid, p->>'field_of_action', p->>'title', p->>'description', "
    "(p->>'responsible_agency_id')::uuid, (p->>'due_on')::date, lotse_agency(), $3 "
    "FROM (SELECT $2::jsonb AS p) s RETURNING g.id, g.network_id, g.version, " GOAL_JSON " AS json",
    3};

const db_stmt_t GOAL_LIST = {
    "goal_list",
    "SELECT " SQL_CHRONO_KEY("g") " AS key, " GOAL_JSON " AS json FROM goals g "
    "WHERE g.network_id = lotse_network() AND g.case_id = $1::uuid "
    "AND ($2::text IS NULL OR " SQL_CHRONO_KEY("g") " > $2) "
    "AND ($4::text IS NULL OR g.status = $4) ORDER BY 1 LIMIT $3::int",
    4};

const db_stmt_t GOAL_GET = {
    "goal_get",
    "SELECT g.version, g.status, " GOAL_JSON " AS json FROM goals g "
    "WHERE g.network_id = lotse_network() AND g.case_id = $1::uuid AND g.id = $2::uuid",
    2};

const db_stmt_t GOAL_UPDATE = {
    "goal_update",
    "UPDATE goals AS g SET title = coalesce(p->>'title', g.title), "
    SQL_MERGE("g", "description", "p", "description") ", "
    SQL_MERGE_AS("g", "due_on", "p", "due_on", "date") ", "
    "responsible_agency_id = coalesce((p->>'responsible_agency_id')::uuid, g.responsible_agency_id), "
    "status = coalesce(p->>'status', g.status), "
    "achieved_at = CASE WHEN p->>'status' = 'achieved' THEN now() ELSE g.achieved_at END, "
    "version = g.version + 1, updated_at = now() FROM (SELECT $3::jsonb AS p) s "
    "WHERE g.network_id = lotse_network() AND g.case_id = $1::uuid AND g.id = $2::uuid "
    "AND g.version = $4::int RETURNING g.id, g.network_id, g.version, " GOAL_JSON " AS json",
    4};
