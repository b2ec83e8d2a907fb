/* consents.c - SQL for consents; see consents.h. */
#include "consents.h"

#define CONSENT_JSON                                                                             \
    "json_build_object('id', x.id, 'case_id', x.case_id, "                                       \
    "'recipient_agency_id', x.recipient_agency_id, 'whole_network', x.whole_network, "           \
    "'receiving_network', lotse_network_public(x.receiving_network_id), "                        \
    "'receiving_agency_id', x.receiving_agency_id, "                                             \
    "'categories', x.categories, 'purpose', x.purpose, 'legal_basis', x.legal_basis, "           \
    "'legal_reference', x.legal_reference, 'form_reference', x.form_reference, "                 \
    "'valid_from', lotse_ts(x.valid_from), 'valid_until', lotse_ts(x.valid_until), "             \
    "'active', x.revoked_at IS NULL AND x.valid_from <= now() "                                  \
    "  AND (x.valid_until IS NULL OR x.valid_until > now()), "                                   \
    "'granted_by', x.granted_by, 'revoked_at', lotse_ts(x.revoked_at), "                         \
    "'revoked_by', x.revoked_by, 'revocation_reason', x.revocation_reason, "                     \
    "'version', x.version, 'created_at', lotse_ts(x.created_at), "                               \
    "'updated_at', lotse_ts(x.updated_at))::text"

const db_stmt_t CONSENT_CREATE = {
    "consent_create",
    "INSERT INTO consents AS x (network_id, case_id, recipient_agency_id, whole_network, "
    "receiving_network_id, receiving_agency_id, "
    "categories, purpose, legal_basis, legal_reference, form_reference, valid_from, valid_until, "
    "granted_by) SELECT lotse_network(), $1::uuid, (p->>'recipient_agency_id')::uuid, "
    "coalesce((p->>'whole_network')::boolean, false), $4::uuid, (p->>'receiving_agency_id')::uuid, "
    "ARRAY(SELECT jsonb_array_elements_text(p->'categories')), p->>'purpose', p->>'legal_basis', "
    "p->>'legal_reference', p->>'form_reference', "
    "coalesce((p->>'valid_from')::timestamptz, now()), (p->>'valid_until')::timestamptz, $3 "
    "FROM (SELECT $2::jsonb AS p) s "
    "RETURNING x.id, x.network_id, x.version, " CONSENT_JSON " AS json",
    4};

const db_stmt_t CONSENT_LIST = {
    "consent_list",
    "SELECT x.id::text AS key, " CONSENT_JSON " AS json FROM consents x "
    "WHERE x.network_id = lotse_network() AND x.case_id = $1::uuid "
    "AND ($2::uuid IS NULL OR x.id > $2::uuid) "
    "AND ($4::boolean IS NULL OR $4::boolean = (x.revoked_at IS NULL AND x.valid_from <= now() "
    "  AND (x.valid_until IS NULL OR x.valid_until > now()))) "
    "ORDER BY x.id LIMIT $3::int",
    4};

const db_stmt_t CONSENT_GET = {
    "consent_get",
    "SELECT x.version, " CONSENT_JSON " AS json FROM consents x "
    "WHERE x.network_id = lotse_network() AND x.case_id = $1::uuid AND x.id = $2::uuid",
    2};

const db_stmt_t CONSENT_REVOKE = {
    "consent_revoke",
    "UPDATE consents AS x SET revoked_at = coalesce(x.revoked_at, now()), "
    "revoked_by = coalesce(x.revoked_by, $4), revocation_reason = coalesce(x.revocation_reason, $3), "
    "version = x.version + 1, updated_at = now() "
    "WHERE x.network_id = lotse_network() AND x.case_id = $1::uuid AND x.id = $2::uuid "
    "AND ($5::int IS NULL OR x.version = $5::int) "
    "RETURNING x.id, x.network_id, x.version, " CONSENT_JSON " AS json",
    5};

const db_stmt_t AGENCY_IN_NETWORK = {
    "agency_in_network",
    "SELECT 1 FROM agencies WHERE network_id = lotse_network() AND id = $1::uuid", 1};
