/* calendar_feeds.c - SQL for calendar feeds; see calendar_feeds.h. */
#include "calendar_feeds.h"

#define FEED_JSON                                                                               \
    "json_build_object('id', f.id, 'agency_id', f.agency_id, 'label', f.label, "                 \
    "'revoked_at', lotse_ts(f.revoked_at), 'version', f.version, "                               \
    "'created_at', lotse_ts(f.created_at), 'updated_at', lotse_ts(f.updated_at))::text"

const db_stmt_t FEED_CREATE = {
    "feed_create",
    "INSERT INTO calendar_feeds AS f (network_id, agency_id, label, token_hash, created_by) "
    "VALUES (lotse_network(), lotse_agency(), $1, $2, $3) "
    "RETURNING f.id, f.network_id, f.version, " FEED_JSON " AS json",
    3};

const db_stmt_t FEED_LIST = {
    "feed_list",
    "SELECT " SQL_CHRONO_KEY("f") " AS key, " FEED_JSON " AS json FROM calendar_feeds f "
    "WHERE f.network_id = lotse_network() AND f.agency_id = lotse_agency() "
    "AND ($1::text IS NULL OR " SQL_CHRONO_KEY("f") " > $1) ORDER BY 1 LIMIT $2::int",
    2};

const db_stmt_t FEED_GET = {
    "feed_get",
    "SELECT f.version, " FEED_JSON " AS json FROM calendar_feeds f "
    "WHERE f.id = $1::uuid AND f.agency_id = lotse_agency()",
    1};

const db_stmt_t FEED_REVOKE = {
    "feed_revoke",
    "UPDATE calendar_feeds AS f SET revoked_at = coalesce(f.revoked_at, now()), "
    "revoked_by = coalesce(f.revoked_by, $2), version = f.version + 1, updated_at = now() "
    "WHERE f.id = $1::uuid AND f.agency_id = lotse_agency() AND ($3::int IS NULL OR f.version = $3::int) "
    "RETURNING f.id, f.network_id, f.version, " FEED_JSON " AS json",
    3};

const db_stmt_t FEED_LOOKUP = {
    "feed_lookup", "SELECT id, network_id, agency_id FROM lotse_calendar_feed($1)", 1};
