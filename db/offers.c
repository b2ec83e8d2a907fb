/* offers.c - SQL for offers; see offers.h. */
#include "offers.h"

#define OFFER_PUBLIC_FIELDS                                                                     \
    "'id', o.id, 'title', o.title, 'description', o.description, 'agency_id', o.agency_id, "    \
    "'agency_name', (SELECT a.name FROM agencies a WHERE a.id = o.agency_id), "                 \
    "'fields_of_action', o.fields_of_action, 'target_groups', o.target_groups, "                \
    "'languages', o.languages, 'municipalities', o.municipalities, 'address', o.address, "      \
    "'contact_email', o.contact_email, 'contact_phone', o.contact_phone, 'cost', o.cost, "      \
    "'availability', o.availability, 'valid_from', o.valid_from, 'valid_until', o.valid_until"
#define OFFER_JSON                                                                              \
    "json_build_object(" OFFER_PUBLIC_FIELDS ", 'published', o.published, "                    \
    "'version', o.version, 'created_at', lotse_ts(o.created_at), "                              \
    "'updated_at', lotse_ts(o.updated_at))::text"
#define ARR(key) "ARRAY(SELECT jsonb_array_elements_text(coalesce(p->'" key "', '[]')))"
#define MERGE_ARR(key) key " = CASE WHEN p ? '" key "' THEN " ARR(key) " ELSE o." key " END"
#define RETURNING "RETURNING o.id, o.network_id, o.version, o.published, " OFFER_JSON " AS json"

const db_stmt_t OFFER_CREATE = {
    "offer_create",
    "INSERT INTO offers AS o (network_id, agency_id, title, description, fields_of_action, "
    "target_groups, languages, municipalities, address, contact_email, contact_phone, cost, "
    "availability, valid_from, valid_until, published) SELECT lotse_network(), lotse_agency(), "
    "p->>'title', coalesce(p->>'description', ''), " ARR("fields_of_action") ", "
    ARR("target_groups") ", " ARR("languages") ", " ARR("municipalities") ", p->>'address', "
    "p->>'contact_email', p->>'contact_phone', p->>'cost', coalesce(p->>'availability', 'available'), "
    "(p->>'valid_from')::date, (p->>'valid_until')::date, coalesce((p->>'published')::boolean, false) "
    "FROM (SELECT $1::jsonb AS p) s " RETURNING,
    1};

const db_stmt_t OFFER_GET = {
    "offer_get",
    "SELECT o.version, o.published, o.agency_id = lotse_agency() AS own, " OFFER_JSON " AS json "
    "FROM offers o "
    "WHERE o.network_id = lotse_network() AND o.id = $1::uuid "
    "AND (o.published OR o.agency_id = lotse_agency())",
    1};

const db_stmt_t OFFER_UPDATE = {
    "offer_update",
    "UPDATE offers AS o SET title = coalesce(p->>'title', o.title), "
    "description = coalesce(p->>'description', o.description), "
    MERGE_ARR("fields_of_action") ", " MERGE_ARR("target_groups") ", " MERGE_ARR("languages") ", "
    MERGE_ARR("municipalities") ", " SQL_MERGE("o", "address", "p", "address") ", "
    SQL_MERGE("o", "contact_email", "p", "contact_email") ", "
    SQL_MERGE("o", "contact_phone", "p", "contact_phone") ", " SQL_MERGE("o", "cost", "p", "cost") ", "
    "availability = coalesce(p->>'availability', o.availability), "
    SQL_MERGE_AS("o", "valid_from", "p", "valid_from", "date") ", "
    SQL_MERGE_AS("o", "valid_until", "p", "valid_until", "date") ", "
    "published = coalesce((p->>'published')::boolean, o.published), "
    "version = o.version + 1, updated_at = now() FROM (SELECT $2::jsonb AS p) s "
    "WHERE o.network_id = lotse_network() AND o.id = $1::uuid AND o.agency_id = lotse_agency() "
    "AND o.version = $3::int " RETURNING,
    3};

const db_stmt_t OFFER_DELETE = {
    "offer_delete",
    "DELETE FROM offers o WHERE o.network_id = lotse_network() AND o.id = $1::uuid "
    "AND o.agency_id = lotse_agency() AND ($2::int IS NULL OR o.version = $2::int) "
    "RETURNING o.id, o.network_id",
    2};

const db_stmt_t OFFER_SEARCH = {
    "offer_search",
    "SELECT ($9::int + row_number() OVER ())::text AS key, json FROM ("
    "SELECT CASE WHEN $10::boolean THEN json_build_object(" OFFER_PUBLIC_FIELDS ")::text "
    "  ELSE " OFFER_JSON " END AS json FROM offers o "
    "WHERE o.network_id = $1::uuid "
    "AND (o.published OR (NOT $10::boolean AND o.agency_id = lotse_agency())) "
    "AND (NOT $10::boolean OR ((o.valid_from IS NULL OR o.valid_from <= current_date) "
    "  AND (o.valid_until IS NULL OR o.valid_until >= current_date))) "
    "AND ($2::text IS NULL OR o.search @@ lotse_offer_query($2)) "
    "AND ($3::text IS NULL OR $3 = ANY(o.fields_of_action)) "
    "AND ($4::text IS NULL OR $4 = ANY(o.languages)) "
    "AND ($5::text IS NULL OR $5 = ANY(o.target_groups)) "
    "AND ($6::text IS NULL OR $6 = ANY(o.municipalities) OR cardinality(o.municipalities) = 0) "
    "AND ($7::text IS NULL OR o.availability = $7) "
    "ORDER BY CASE WHEN $2::text IS NULL THEN 0 "
    "  ELSE ts_rank(o.search, lotse_offer_query($2)) END DESC, o.title, o.id "
    "LIMIT $8::int OFFSET $9::int) s",
    10};

const db_stmt_t NETWORK_BY_CODE = {
    "network_by_code", "SELECT id FROM networks WHERE code = $1", 1};
