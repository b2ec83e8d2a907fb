/* api_clients.c - SQL for API clients; see api_clients.h.  The secret
 * itself is never stored: only its SHA-256. */
#include "api_clients.h"

#define CLIENT_JSON                                                                          \
    "json_build_object('id', c.id, 'client_id', c.client_id, 'agency_id', c.agency_id, "     \
    "'name', c.name, 'roles', to_json(c.roles), "                                            \
    "'secret_rotated_at', lotse_ts(c.secret_rotated_at), 'revoked_at', lotse_ts(c.revoked_at), " \
    "'version', c.version, 'created_at', lotse_ts(c.created_at), "                           \
    "'updated_at', lotse_ts(c.updated_at))::text"
#define CLIENT_SCOPE "c.network_id = lotse_network() AND c.agency_id = $2::uuid AND c.id = $1::uuid"
#define CLIENT_RETURNING "RETURNING c.id, c.network_id, c.version, " CLIENT_JSON " AS json"

const db_stmt_t CLIENT_LIST = {
    "client_list",
    "SELECT c.id::text AS key, " CLIENT_JSON " AS json FROM api_clients c "
    "WHERE c.network_id = lotse_network() AND c.agency_id = $4::uuid "
    "AND ($1::uuid IS NULL OR c.id > $1::uuid) "
    "AND ($2::timestamptz IS NULL OR c.updated_at >= $2::timestamptz) "
    "ORDER BY c.id LIMIT $3::int",
    4};

const db_stmt_t CLIENT_GET = {
    "client_get",
    "SELECT c.version, c.revoked_at IS NOT NULL AS revoked, " CLIENT_JSON " AS json "
    "FROM api_clients c WHERE " CLIENT_SCOPE,
    2};

const db_stmt_t CLIENT_CREATE = {
    "client_create",
    "INSERT INTO api_clients AS c (client_id, network_id, agency_id, name, roles, secret_hash, "
    "created_by) VALUES ($1, coalesce($2::uuid, lotse_network()), $3::uuid, $4, "
    "ARRAY(SELECT jsonb_array_elements_text($5::jsonb)), $6, $7) " CLIENT_RETURNING,
    7};

const db_stmt_t CLIENT_UPDATE = {
    "client_update",
    "UPDATE api_clients AS c SET name = coalesce(p->>'name', c.name), "
    "version = c.version + 1, updated_at = now() FROM (SELECT $3::jsonb AS p) s "
    "WHERE " CLIENT_SCOPE " AND ($4::int IS NULL OR c.version = $4::int) " CLIENT_RETURNING,
    4};

const db_stmt_t CLIENT_ROTATE = {
    "client_rotate",
    "UPDATE api_clients AS c SET secret_hash = $3, secret_rotated_at = now(), "
    "secret_generation = c.secret_generation + 1, "
    "version = c.version + 1, updated_at = now() "
    "WHERE " CLIENT_SCOPE " AND c.revoked_at IS NULL AND ($4::int IS NULL OR c.version = $4::int) "
    CLIENT_RETURNING,
    4};

const db_stmt_t CLIENT_REVOKE = {
    "client_revoke",
    "UPDATE api_clients AS c SET revoked_at = coalesce(c.revoked_at, now()), "
    "version = c.version + 1, updated_at = now() "
    "WHERE " CLIENT_SCOPE " AND ($3::int IS NULL OR c.version = $3::int) " CLIENT_RETURNING,
    3};

const db_stmt_t CLIENT_CREDENTIALS = {
    "client_credentials",
    "SELECT c.id, c.secret_hash, c.agency_id, c.network_id, to_json(c.roles)::text AS roles, "
    "c.secret_generation AS generation "
    "FROM api_clients c WHERE c.client_id = $1 AND c.revoked_at IS NULL",
    1};
