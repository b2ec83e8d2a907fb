/* idempotency_keys.c - SQL for Idempotency-Key records; see idempotency_keys.h. */
#include "idempotency_keys.h"

#define OWN "network_id = coalesce(lotse_network(), '00000000-0000-0000-0000-000000000000') " \
            "AND principal = current_setting('lotse.sub', true) AND key = $1"

const db_stmt_t IDEM_CLAIM = {
    "idem_claim",
    "INSERT INTO idempotency_keys (network_id, principal, key, request_hash) "
    "VALUES (coalesce(lotse_network(), '00000000-0000-0000-0000-000000000000'), "
    "current_setting('lotse.sub', true), $1, $2) ON CONFLICT DO NOTHING RETURNING 1",
    2};

const db_stmt_t IDEM_GET = {
    "idem_get",
    "SELECT request_hash, status, location, etag, body, case_id, "
    "array_to_string(categories, ',') AS categories FROM idempotency_keys WHERE " OWN, 1};

const db_stmt_t IDEM_STORE = {
    "idem_store",
    "UPDATE idempotency_keys SET status = $2::int, location = $3, etag = $4, body = $5, "
    "case_id = $6::uuid, categories = $7::text[] WHERE " OWN,
    7};

const db_stmt_t IDEM_RELEASE = {
    "idem_release", "DELETE FROM idempotency_keys WHERE " OWN, 1};

const db_stmt_t IDEM_PURGE_MARK = {
    "idem_purge_mark", "SELECT set_config('lotse.purge', $1, true)", 1};

const db_stmt_t IDEM_PURGE = {
    "idem_purge",
    "DELETE FROM idempotency_keys WHERE (case_id::text = current_setting('lotse.purge', true)) "
    "OR (current_setting('lotse.purge', true) = 'expired' "
    "AND created_at < now() - interval '24 hours')",
    0};
