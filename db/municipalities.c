/* municipalities.c - SQL for municipalities; see municipalities.h. */
#include "municipalities.h"

#define MUNICIPALITY_JSON                                                             \
    "json_build_object('ags', m.ags, 'name', m.name, 'version', m.version, "          \
    "'created_at', lotse_ts(m.created_at), 'updated_at', lotse_ts(m.updated_at))::text"

const db_stmt_t MUNICIPALITY_LIST = {
    "municipality_list",
    "SELECT m.ags AS key, " MUNICIPALITY_JSON " AS json FROM municipalities m "
    "WHERE m.network_id = lotse_network() AND ($1::text IS NULL OR m.ags > $1) "
    "AND ($2::timestamptz IS NULL OR m.updated_at >= $2::timestamptz) "
    "ORDER BY m.ags LIMIT $3::int",
    3};

const db_stmt_t MUNICIPALITY_GET = {
    "municipality_get",
    "SELECT m.version, " MUNICIPALITY_JSON " AS json FROM municipalities m "
    "WHERE m.network_id = lotse_network() AND m.ags = $1",
    1};

const db_stmt_t MUNICIPALITY_CREATE = {
    "municipality_create",
    "INSERT INTO municipalities AS m (network_id, ags, name) "
    "SELECT lotse_network(), p->>'ags', p->>'name' FROM (SELECT $1::jsonb AS p) s "
    "RETURNING m.ags AS id, m.network_id, m.version, " MUNICIPALITY_JSON " AS json",
    1};

const db_stmt_t MUNICIPALITY_UPDATE = {
    "municipality_update",
    "UPDATE municipalities AS m SET name = coalesce(p->>'name', m.name), "
    "version = m.version + 1, updated_at = now() FROM (SELECT $2::jsonb AS p) s "
    "WHERE m.network_id = lotse_network() AND m.ags = $1 "
    "AND ($3::int IS NULL OR m.version = $3::int) "
    "RETURNING m.ags AS id, m.network_id, m.version, " MUNICIPALITY_JSON " AS json",
    3};

const db_stmt_t MUNICIPALITY_DELETE = {
    "municipality_delete",
    "DELETE FROM municipalities m WHERE m.network_id = lotse_network() AND m.ags = $1 "
    "AND ($2::int IS NULL OR m.version = $2::int) RETURNING m.ags AS id, m.network_id",
    2};
