/* agencies.c - SQL for agencies; see agencies.h. */
#include "agencies.h"

#define AGENCY_JSON                                                                       \
    "json_build_object('id', a.id, 'network_id', a.network_id, 'name', a.name, "          \
    "'kind', a.kind, 'municipality_ags', a.municipality_ags, 'email', a.email, "          \
    "'phone', a.phone, 'address', a.address, 'active', a.active, 'staff_access', a.staff_access, " \
    "'version', a.version, "                                                               \
    "'created_at', lotse_ts(a.created_at), 'updated_at', lotse_ts(a.updated_at))::text"
/* a merge-patch member: absent keeps, null clears, a value sets */
#define PATCHED(col) "CASE WHEN p ? '" col "' THEN p->>'" col "' ELSE a." col " END"

const db_stmt_t AGENCY_LIST = {
    "agency_list",
    "SELECT a.id::text AS key, " AGENCY_JSON " AS json FROM agencies a "
    "WHERE a.network_id = lotse_network() AND ($1::uuid IS NULL OR a.id > $1::uuid) "
    "AND ($2::timestamptz IS NULL OR a.updated_at >= $2::timestamptz) "
    "AND ($4::text IS NULL OR a.kind = $4) AND ($5::boolean IS NULL OR a.active = $5::boolean) "
    "ORDER BY a.id LIMIT $3::int",
    5};

const db_stmt_t AGENCY_GET = {
    "agency_get",
    "SELECT a.version, " AGENCY_JSON " AS json FROM agencies a "
    "WHERE a.network_id = lotse_network() AND a.id = $1::uuid",
    1};

const db_stmt_t AGENCY_CREATE = {
    "agency_create",
    "INSERT INTO agencies AS a (network_id, name, kind, municipality_ags, email, phone, address) "
    "SELECT coalesce($2::uuid, lotse_network()), p->>'name', p->>'kind', p->>'municipality_ags', "
    "p->>'email', p->>'phone', p->>'address' FROM (SELECT $1::jsonb AS p) s "
    "RETURNING a.id, a.network_id, a.version, " AGENCY_JSON " AS json",
    2};

const db_stmt_t AGENCY_UPDATE = {
    "agency_update",
    "UPDATE agencies AS a SET name = coalesce(p->>'name', a.name), "
    "kind = coalesce(p->>'kind', a.kind), "
    "municipality_ags = " PATCHED("municipality_ags") ", email = " PATCHED("email") ", "
    "phone = " PATCHED("phone") ", address = " PATCHED("address") ", "
    "active = coalesce((p->>'active')::boolean, a.active), "
    "version = a.version + 1, updated_at = now() FROM (SELECT $2::jsonb AS p) s "
    "WHERE a.network_id = lotse_network() AND a.id = $1::uuid "
    "AND ($3::int IS NULL OR a.version = $3::int) "
    "RETURNING a.id, a.network_id, a.version, " AGENCY_JSON " AS json",
    3};
