/* webhooks.c - SQL for webhooks; see webhooks.h. */
#include "webhooks.h"
#include "events.h"

#define SUB_JSON                                                                               \
    "jsonb_build_object('id', w.id, 'agency_id', w.agency_id, 'url', w.url, "                    \
    "'event_types', w.event_types, 'status', w.status, 'disabled_at', lotse_ts(w.disabled_at), " \
    "'disabled_reason', w.disabled_reason, 'version', w.version, "                               \
    "'created_at', lotse_ts(w.created_at), 'updated_at', lotse_ts(w.updated_at))"
#define OWN "w.network_id = lotse_network() AND w.agency_id = lotse_agency()"
#define TYPES(p) "ARRAY(SELECT DISTINCT jsonb_array_elements_text(coalesce(" p "->'event_types', '[]')) ORDER BY 1)"

const db_stmt_t WEBHOOK_CREATE = {
    "webhook_create",
    "INSERT INTO webhook_subscriptions AS w (network_id, agency_id, url, event_types, secret, created_by) "
    "SELECT lotse_network(), lotse_agency(), p->>'url', " TYPES("p") ", $2, $3 "
    "FROM (SELECT $1::jsonb AS p) s "
    "RETURNING w.id, w.network_id, w.version, (" SUB_JSON " || jsonb_build_object('secret', w.secret))::text AS json",
    3};

const db_stmt_t WEBHOOK_LIST = {
    "webhook_list",
    "SELECT w.id::text AS key, " SUB_JSON "::text AS json FROM webhook_subscriptions w "
    "WHERE " OWN " AND ($1::uuid IS NULL OR w.id > $1::uuid) ORDER BY w.id LIMIT $2::int",
    2};

const db_stmt_t WEBHOOK_GET = {
    "webhook_get",
    "SELECT w.version, " SUB_JSON "::text AS json FROM webhook_subscriptions w WHERE " OWN " AND w.id = $1::uuid",
    1};

const db_stmt_t WEBHOOK_UPDATE = {
    "webhook_update",
    "UPDATE webhook_subscriptions AS w SET url = coalesce(p->>'url', w.url), "
    "event_types = CASE WHEN p ? 'event_types' THEN " TYPES("p") " ELSE w.event_types END, "
    "status = coalesce(p->>'status', w.status), "
    "disabled_at = CASE WHEN p->>'status' = 'active' THEN NULL ELSE w.disabled_at END, "
    "disabled_reason = CASE WHEN p->>'status' = 'active' THEN NULL "
    "  WHEN p->>'status' = 'disabled' AND w.status = 'active' THEN 'disabled by the agency' ELSE w.disabled_reason END, "
    "version = w.version + 1, updated_at = now() FROM (SELECT $2::jsonb AS p) s "
    "WHERE " OWN " AND w.id = $1::uuid AND w.version = $3::int "
    "RETURNING w.id, w.network_id, w.version, " SUB_JSON "::text AS json",
    3};

const db_stmt_t WEBHOOK_DELETE = {
    "webhook_delete",
    /* its deliveries and their attempts go with it (ON DELETE CASCADE, migration 0017) */
    "DELETE FROM webhook_subscriptions w WHERE " OWN " AND w.id = $1::uuid RETURNING w.id, w.network_id",
    1};

#define DELIVERY_JSON                                                                          \
    "json_build_object('id', d.id, 'event_id', d.event_id, 'event_type', d.payload::json->>'type', "         \
    "'status', d.status, 'attempts', d.attempts, 'next_attempt_at', "                            \
    "  CASE WHEN d.status = 'pending' THEN lotse_ts(d.next_attempt_at) END, "                    \
    "'last_status_code', d.last_status_code, 'delivered_at', lotse_ts(d.delivered_at), "         \
    "'created_at', lotse_ts(d.created_at), 'attempt_log', coalesce((SELECT json_agg("            \
    "  json_build_object('at', lotse_ts(x.attempted_at), 'status_code', x.status_code, "         \
    "  'duration_ms', x.duration_ms, 'error', x.error) ORDER BY x.id) "                          \
    "  FROM webhook_attempts x WHERE x.delivery_id = d.id), '[]'))::text"

const db_stmt_t WEBHOOK_DELIVERIES = {
    "webhook_deliveries",
    "SELECT " SQL_CHRONO_KEY("d") " AS key, " DELIVERY_JSON " AS json "
    "FROM webhook_deliveries d JOIN webhook_subscriptions w ON w.id = d.subscription_id "
    "WHERE " OWN " AND w.id = $1::uuid AND ($2::text IS NULL OR " SQL_CHRONO_KEY("d") " > $2) "
    "AND ($4::text IS NULL OR d.status = $4) ORDER BY 1 LIMIT $3::int",
    4};

const db_stmt_t WEBHOOK_REPLAY = {
    "webhook_replay",
    "UPDATE webhook_deliveries AS d SET status = 'pending', next_attempt_at = now() "
    "FROM webhook_subscriptions w WHERE w.id = d.subscription_id AND " OWN " "
    "AND w.id = $1::uuid AND d.id = $2::uuid "
    /* only what the agency may still see: no old payload of a case it lost */
    "AND EXISTS (SELECT 1 FROM events e WHERE e.id = d.event_id AND " EVENT_VISIBLE ") "
    "RETURNING d.id, d.network_id, 1 AS version, " DELIVERY_JSON " AS json",
    2};

const db_stmt_t WEBHOOK_ACTIVE = {
    "webhook_active",
    "SELECT id, network_id, agency_id FROM webhook_subscriptions WHERE status = 'active' "
    "AND lotse_is_platform() ORDER BY id",
    0};

const db_stmt_t WEBHOOK_CLAIM = {
    "webhook_claim",
    "SELECT d.id, d.network_id, d.payload, extract(epoch FROM now() - d.created_at)::bigint AS age_s, "
    "s.url, s.secret, s.id AS subscription_id, d.attempts FROM webhook_deliveries d "
    "JOIN webhook_subscriptions s ON s.id = d.subscription_id "
    "WHERE d.status = 'pending' AND d.next_attempt_at <= now() AND s.status = 'active' "
    "AND lotse_is_platform() ORDER BY d.next_attempt_at, d.id LIMIT 1 FOR UPDATE OF d SKIP LOCKED",
    0};

const db_stmt_t WEBHOOK_RECORD = {
    "webhook_record",
    "WITH a AS (INSERT INTO webhook_attempts (network_id, delivery_id, status_code, duration_ms, error, instance) "
    "  SELECT d.network_id, d.id, $2::int, $3::int, $4, $7 FROM webhook_deliveries d WHERE d.id = $1::uuid), "
    "u AS (UPDATE webhook_deliveries d SET attempts = d.attempts + 1, last_status_code = $2::int, "
    "  status = $5, delivered_at = CASE WHEN $5 = 'delivered' THEN now() END, "
    "  next_attempt_at = now() + make_interval(secs => $6::double precision / 1000) "
    "  WHERE d.id = $1::uuid RETURNING d.subscription_id) "
    "UPDATE webhook_subscriptions s SET status = 'disabled', disabled_at = now(), "
    "disabled_reason = 'a delivery failed for the whole retry window', version = s.version + 1, "
    "updated_at = now() FROM u WHERE s.id = u.subscription_id AND $5 = 'failed' AND s.status = 'active' "
    "RETURNING s.id, s.network_id",
    7};
