/* agreements.c - SQL for cooperation agreements; see agreements.h. */
#include "agreements.h"

#define AGREEMENT_JSON                                                                          \
    "json_build_object('id', a.id, 'title', a.title, 'fields_of_action', a.fields_of_action, "  \
    "'data_categories', a.data_categories, 'response_days', a.response_days, "                  \
    "'response_day_kind', a.response_day_kind, "                                                \
    "'valid_from', a.valid_from, 'valid_until', a.valid_until, 'text', a.text, "                \
    "'document_url', a.document_url, 'status', lotse_agreement_status(a), "                     \
    "'activated_at', lotse_ts(a.activated_at), 'terminated_at', lotse_ts(a.terminated_at), "    \
    "'termination_reason', a.termination_reason, 'supersedes_id', a.supersedes_id, "            \
    "'parties', (SELECT json_agg(json_build_object('agency_id', p.agency_id, "                  \
    "'contact_name', p.contact_name, 'contact_email', p.contact_email, "                        \
    "'signed_at', lotse_ts(p.signed_at), 'signed_by', p.signed_by) ORDER BY p.agency_id) "      \
    "FROM agreement_parties p WHERE p.agreement_id = a.id), 'version', a.version, "             \
    "'created_at', lotse_ts(a.created_at), 'updated_at', lotse_ts(a.updated_at))::text"
#define ARRAY_OF(expr) "ARRAY(SELECT jsonb_array_elements_text(" expr "))"

const db_stmt_t AGREEMENT_CREATE = {
    "agreement_create",
    "INSERT INTO agreements AS a (network_id, title, fields_of_action, data_categories, "
    "response_days, response_day_kind, valid_from, valid_until, text, document_url, supersedes_id, "
    "created_by_agency, created_by) SELECT lotse_network(), p->>'title', "
    ARRAY_OF("p->'fields_of_action'") ", coalesce(" ARRAY_OF("p->'data_categories'") ", '{}'), "
    "(p->>'response_days')::int, coalesce(p->>'response_day_kind', 'calendar'), (p->>'valid_from')::date, (p->>'valid_until')::date, "
    "p->>'text', p->>'document_url', $3::uuid, lotse_agency(), $2 "
    "FROM (SELECT $1::jsonb AS p) s RETURNING a.id, a.network_id, a.version",
    3};

const db_stmt_t AGREEMENT_ADD_PARTIES = {
    "agreement_add_parties",
    "INSERT INTO agreement_parties (agreement_id, network_id, agency_id, contact_name, "
    "contact_email) SELECT $1::uuid, lotse_network(), (e->>'agency_id')::uuid, "
    "e->>'contact_name', e->>'contact_email' FROM jsonb_array_elements($2::jsonb) e",
    2};

const db_stmt_t AGREEMENT_LIST = {
    "agreement_list",
    "SELECT a.id::text AS key, " AGREEMENT_JSON " AS json FROM agreements a "
    "WHERE a.network_id = lotse_network() AND ($1::uuid IS NULL OR a.id > $1::uuid) "
    "AND ($3::uuid IS NULL OR EXISTS (SELECT 1 FROM agreement_parties p "
    "  WHERE p.agreement_id = a.id AND p.agency_id = $3::uuid)) "
    "AND ($4::text IS NULL OR $4 = ANY(a.fields_of_action)) "
    "AND ($5::text IS NULL OR lotse_agreement_status(a) = $5) "
    "AND ($6::date IS NULL OR (a.valid_from <= $6::date "
    "  AND (a.valid_until IS NULL OR a.valid_until >= $6::date))) "
    "ORDER BY a.id LIMIT $2::int",
    6};

const db_stmt_t AGREEMENT_GET = {
    "agreement_get",
    "SELECT a.version, lotse_agreement_status(a) AS status, EXISTS (SELECT 1 FROM "
    "agreement_parties p WHERE p.agreement_id = a.id AND p.agency_id = lotse_agency()) AS is_party, "
    AGREEMENT_JSON " AS json FROM agreements a WHERE a.network_id = lotse_network() "
    "AND a.id = $1::uuid",
    1};

const db_stmt_t AGREEMENT_UPDATE = {
    "agreement_update",
    "UPDATE agreements AS a SET title = coalesce(p->>'title', a.title), "
    "fields_of_action = CASE WHEN p ? 'fields_of_action' THEN " ARRAY_OF("p->'fields_of_action'")
    " ELSE a.fields_of_action END, "
    "data_categories = CASE WHEN p ? 'data_categories' THEN " ARRAY_OF("p->'data_categories'")
    " ELSE a.data_categories END, "
    "response_days = coalesce((p->>'response_days')::int, a.response_days), "
    "response_day_kind = coalesce(p->>'response_day_kind', a.response_day_kind), "
    "valid_from = coalesce((p->>'valid_from')::date, a.valid_from), "
    SQL_MERGE_AS("a", "valid_until", "p", "valid_until", "date") ", "
    SQL_MERGE("a", "text", "p", "text") ", " SQL_MERGE("a", "document_url", "p", "document_url") ", "
    "version = a.version + 1, updated_at = now() FROM (SELECT $2::jsonb AS p) s "
    "WHERE a.network_id = lotse_network() AND a.id = $1::uuid AND a.status = 'draft' "
    "AND a.version = $3::int RETURNING a.id, a.network_id, a.version, " AGREEMENT_JSON " AS json",
    3};

const db_stmt_t AGREEMENT_UNSIGN = {
    "agreement_unsign",
    "UPDATE agreement_parties SET signed_at = NULL, signed_by = NULL "
    "WHERE agreement_id = $1::uuid AND signed_at IS NOT NULL",
    1};

const db_stmt_t AGREEMENT_SIGN = {
    "agreement_sign",
    "UPDATE agreement_parties AS p SET signed_at = now(), signed_by = $2 FROM agreements a "
    "WHERE p.agreement_id = $1::uuid AND p.agency_id = lotse_agency() AND p.signed_at IS NULL "
    "AND a.id = p.agreement_id AND a.status = 'draft' RETURNING p.agreement_id AS id",
    2};

const db_stmt_t AGREEMENT_ACTIVATE = {
    "agreement_activate",
    "UPDATE agreements AS a SET status = 'active', activated_at = now(), version = a.version + 1, "
    "updated_at = now() WHERE a.id = $1::uuid AND a.status = 'draft' AND NOT EXISTS (SELECT 1 "
    "FROM agreement_parties p WHERE p.agreement_id = a.id AND p.signed_at IS NULL) "
    "RETURNING a.id, a.network_id, a.supersedes_id",
    1};

const db_stmt_t AGREEMENT_TERMINATE = {
    "agreement_terminate",
    "UPDATE agreements AS a SET status = 'terminated', terminated_at = now(), "
    "termination_reason = $2, version = a.version + 1, updated_at = now() "
    "WHERE a.network_id = lotse_network() AND a.id = $1::uuid AND a.status = 'active' "
    "AND ($3::int IS NULL OR a.version = $3::int) "
    "RETURNING a.id, a.network_id, a.version, " AGREEMENT_JSON " AS json",
    3};

const db_stmt_t AGREEMENT_COPY = {
    "agreement_copy",
    "INSERT INTO agreements AS a (network_id, title, fields_of_action, data_categories, "
    "response_days, response_day_kind, valid_from, valid_until, text, document_url, supersedes_id, "
    "created_by_agency, created_by) SELECT o.network_id, o.title, o.fields_of_action, "
    "o.data_categories, o.response_days, o.response_day_kind, greatest(o.valid_from, current_date), o.valid_until, "
    "o.text, o.document_url, o.id, lotse_agency(), $2 FROM agreements o "
    "WHERE o.network_id = lotse_network() AND o.id = $1::uuid RETURNING a.id, a.network_id, a.version",
    2};

const db_stmt_t AGREEMENT_COPY_PARTIES = {
    "agreement_copy_parties",
    "INSERT INTO agreement_parties (agreement_id, network_id, agency_id, contact_name, "
    "contact_email) SELECT $1::uuid, p.network_id, p.agency_id, p.contact_name, p.contact_email "
    "FROM agreement_parties p WHERE p.agreement_id = $2::uuid",
    2};

const db_stmt_t AGREEMENT_BETWEEN = {
    "agreement_between",
    "SELECT n.referral_response_days AS default_days, n.referrals_require_agreement AS required, "
    "x.id, x.response_days, coalesce(x.response_day_kind, 'calendar') AS response_day_kind "
    "FROM networks n LEFT JOIN LATERAL (SELECT a.id, a.response_days, a.response_day_kind FROM agreements a "
    "  WHERE a.network_id = n.id AND lotse_agreement_status(a) = 'active' AND $3 = ANY(a.fields_of_action) "
    "  AND EXISTS (SELECT 1 FROM agreement_parties p WHERE p.agreement_id = a.id AND p.agency_id = $1::uuid) "
    "  AND EXISTS (SELECT 1 FROM agreement_parties p WHERE p.agreement_id = a.id AND p.agency_id = $2::uuid) "
    "  ORDER BY a.response_days LIMIT 1) x ON true WHERE n.id = lotse_network()",
    3};
