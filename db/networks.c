/* networks.c - SQL for networks; see networks.h.  Visibility is stated in
 * every query and enforced again by row-level security. */
#include "networks.h"

#define NETWORK_JSON                                                                    \
    "json_build_object('id', n.id, 'code', n.code, 'name', n.name, 'state', n.state, "  \
    "'referrals_require_agreement', n.referrals_require_agreement, "                    \
    "'referral_response_days', n.referral_response_days, 'version', n.version, "        \
    "'created_at', lotse_ts(n.created_at), 'updated_at', lotse_ts(n.updated_at))::text"
#define NETWORK_VISIBLE "(lotse_scope() IN ('platform', 'ministry') OR n.id = lotse_network())"

const db_stmt_t NETWORK_LIST = {
    "network_list",
    "SELECT n.id::text AS key, " NETWORK_JSON " AS json FROM networks n "
    "WHERE " NETWORK_VISIBLE " AND ($1::uuid IS NULL OR n.id > $1::uuid) "
    "AND ($2::timestamptz IS NULL OR n.updated_at >= $2::timestamptz) "
    "ORDER BY n.id LIMIT $3::int",
    3};

const db_stmt_t NETWORK_GET = {
    "network_get",
    "SELECT n.version, " NETWORK_JSON " AS json FROM networks n "
    "WHERE n.id = $1::uuid AND " NETWORK_VISIBLE,
    1};

const db_stmt_t NETWORK_CREATE = {
    "network_create",
    "INSERT INTO networks AS n (code, name, state, referrals_require_agreement) "
    "SELECT p->>'code', p->>'name', coalesce(p->>'state', 'NW'), "
    "coalesce((p->>'referrals_require_agreement')::boolean, false) "
    "FROM (SELECT $1::jsonb AS p) s "
    "RETURNING n.id, n.id AS network_id, n.version, " NETWORK_JSON " AS json",
    1};

const db_stmt_t NETWORK_UPDATE = {
    "network_update",
    "UPDATE networks AS n SET name = coalesce(p->>'name', n.name), "
    "state = coalesce(p->>'state', n.state), "
    "referrals_require_agreement = coalesce((p->>'referrals_require_agreement')::boolean, "
    "  n.referrals_require_agreement), "
    "referral_response_days = coalesce((p->>'referral_response_days')::int, "
    "  n.referral_response_days), "
    "version = n.version + 1, updated_at = now() "
    "FROM (SELECT $2::jsonb AS p) s "
    "WHERE n.id = $1::uuid AND ($3::int IS NULL OR n.version = $3::int) "
    "AND (lotse_is_platform() OR n.id = lotse_network()) "
    "RETURNING n.id, n.id AS network_id, n.version, " NETWORK_JSON " AS json",
    3};
