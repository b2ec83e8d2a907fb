/* cases.c - SQL for cases; see cases.h.  A case's JSON is built here per
 * caller: members of a category the caller may not see are absent. */
#include "cases.h"
#include "case_json.h"

#define SET(col, obj, key) SQL_MERGE("c", col, obj, key)
#define SET_TYPED(col, obj, key, type) SQL_MERGE_AS("c", col, obj, key, type)
#define PERSON "coalesce(p->'person', '{}')"
#define CONTACT "coalesce(p->'person'->'contact', '{}')"
#define RESIDENCE "coalesce(p->'residence', '{}')"

const db_stmt_t CASE_NEXT_NUMBER = {
    "case_next_number",
    "INSERT INTO case_counters AS cc (network_id, year, last_value) "
    "VALUES (lotse_network(), extract(year FROM now() AT TIME ZONE 'Europe/Berlin')::int, 1) "
    "ON CONFLICT (network_id, year) DO UPDATE SET last_value = cc.last_value + 1 "
    "RETURNING (SELECT code FROM networks WHERE id = lotse_network()) || '-' || cc.year || '-' "
    "|| lpad(cc.last_value::text, 6, '0') AS reference",
    0};

const db_stmt_t CASE_CREATE = {
    "case_create",
    "WITH ins AS (INSERT INTO cases AS c (network_id, reference, lead_agency_id, case_manager, "
    "target_group, fields_of_action, first_name, last_name, birth_date, birth_year, gender, "
    "nationality, languages, phone, email, address, residence_status, residence_expires_on, "
    "arrival_date, municipality_ags, accommodation, created_by, external_reference) "
    "SELECT lotse_network(), $2, lotse_agency(), p->>'case_manager', p->>'target_group', "
    "coalesce(ARRAY(SELECT jsonb_array_elements_text(p->'fields_of_action')), '{}'), "
    "p->'person'->>'first_name', p->'person'->>'last_name', (p->'person'->>'birth_date')::date, "
    "extract(year FROM (p->'person'->>'birth_date')::date)::int, p->'person'->>'gender', "
    "p->'person'->>'nationality', coalesce(p->'person'->'languages', '[]'), "
    "p->'person'->'contact'->>'phone', p->'person'->'contact'->>'email', "
    "p->'person'->'contact'->>'address', p->'residence'->>'status', "
    "(p->'residence'->>'expires_on')::date, (p->'residence'->>'arrival_date')::date, "
    "p->'residence'->>'municipality_ags', p->'residence'->>'accommodation', $3, p->>'external_reference' "
    "FROM (SELECT $1::jsonb AS p) s RETURNING c.*) "
    "SELECT c.id, c.network_id, c.version, " CASE_JSON " AS json FROM ins c, "
    "LATERAL (SELECT ARRAY['identity', 'residence', 'potential', 'plan', 'journal'] AS cats) k",
    3};

const db_stmt_t CASE_BY_EXTERNAL_REFERENCE = {
    "case_by_external_reference",
    "SELECT c.id, c.network_id, c.version, c.reference FROM cases c WHERE c.lead_agency_id = lotse_agency() "
    "AND c.network_id = lotse_network() AND c.external_reference = $1",
    1};

/* The caller's access to the case whose id follows (an expression of $1). */
#define ACCESS_TO                                                                              \
    "SELECT c.id, c.version, c.status, c.lead_agency_id, c.lead_agency_id = lotse_agency() "    \
    "AS is_lead, c.anonymized_at IS NOT NULL AS anonymized, array_to_string(k.cats, ',') AS cats " \
    "FROM cases c, " CATS " WHERE c.network_id = lotse_network() AND k.cats IS NOT NULL AND c.id = "

const db_stmt_t CASE_ACCESS = {"case_access", ACCESS_TO "$1::uuid", 1};

/* the referral's case: one round trip, seen only by a party of the referral */
const db_stmt_t CASE_ACCESS_OF_REFERRAL = {
    "case_access_of_referral",
    ACCESS_TO "(SELECT x.case_id FROM referrals x WHERE x.id = $1::uuid "
    "AND (x.from_agency_id = lotse_agency() OR x.to_agency_id = lotse_agency()))",
    1};

/* the conference's case, seen by its organiser and participants (row-level security) */
const db_stmt_t CASE_ACCESS_OF_CONFERENCE = {
    "case_access_of_conference", ACCESS_TO "(SELECT x.case_id FROM conferences x WHERE x.id = $1::uuid)", 1};

const db_stmt_t CASE_READ = {
    "case_read",
    "WITH acc AS MATERIALIZED (SELECT c.*, " CATEGORIES_OF("c") " AS cats FROM cases c "
    "  WHERE c.id = $1::uuid AND c.network_id = lotse_network()), "
    "aud AS (INSERT INTO audit_log (network_id, request_id, actor_sub, actor_agency, actor_client, "
    "  action, case_id, categories, outcome) SELECT lotse_network(), $2, $3, nullif($4, '')::uuid, "
    "  nullif($5, ''), 'case.read', $1::uuid, coalesce((SELECT cats FROM acc), '{}'), "
    "  CASE WHEN EXISTS (SELECT 1 FROM acc WHERE cats IS NOT NULL) THEN 'success' ELSE 'denied' END "
    "  RETURNING 1) "
    "SELECT c.version, " CASE_JSON " AS json FROM acc c, LATERAL (SELECT c.cats AS cats) k "
    "WHERE c.cats IS NOT NULL AND EXISTS (SELECT 1 FROM aud)",
    5};

const db_stmt_t CASE_GET = {
    "case_get",
    "SELECT c.id, c.version, " CASE_JSON " AS json FROM cases c, " CATS " "
    "WHERE c.id = $1::uuid AND c.network_id = lotse_network() AND k.cats IS NOT NULL",
    1};

/* the list; `match` narrows it to the cases of $10 (uuid[]) */
#define CASE_LIST_SQL(match)                                                                       \
    "SELECT c.id::text AS key, array_to_string(k.cats, ',') AS cats, " CASE_JSON " AS json "      \
    "FROM cases c, " CATS " WHERE c.network_id = lotse_network() AND k.cats IS NOT NULL " match  \
    "AND ($1::uuid IS NULL OR c.id > $1::uuid) "                                                 \
    "AND ($2::timestamptz IS NULL OR c.updated_at >= $2::timestamptz) "                          \
    "AND ($4::text IS NULL OR c.status = $4) "                                                   \
    "AND ($5::uuid IS NULL OR c.lead_agency_id = $5::uuid) "                                     \
    /* filters on a category the caller does not see match nothing */                           \
    "AND ($6::text IS NULL OR ('residence' = ANY(k.cats) AND c.target_group = $6)) "             \
    "AND ($7::text IS NULL OR ('plan' = ANY(k.cats) AND $7 = ANY(c.fields_of_action))) "         \
    "AND ($8::text IS NULL OR ('residence' = ANY(k.cats) AND c.municipality_ags = $8)) "         \
    "AND ($9::text IS NULL OR ('residence' = ANY(k.cats) AND c.residence_status = $9)) "         \
    "ORDER BY c.id LIMIT $3::int"

const db_stmt_t CASE_LIST = {"case_list", CASE_LIST_SQL(""), 9};
const db_stmt_t CASE_LIST_MATCHING = {"case_list_matching", CASE_LIST_SQL("AND c.id = ANY ($10::uuid[]) "), 10};

const db_stmt_t CASE_REFERENCE_MATCHES = {
    "case_reference_matches", "SELECT lotse_cases_by_reference($1) AS ids", 1};

const db_stmt_t CASE_UPDATE = {
    "case_update",
    "WITH upd AS (UPDATE cases AS c SET "
    SET("case_manager", "p", "case_manager") ", "
    SET("external_reference", "p", "external_reference") ", "
    "target_group = coalesce(p->>'target_group', c.target_group), "
    "fields_of_action = CASE WHEN p ? 'fields_of_action' THEN "
    "  ARRAY(SELECT jsonb_array_elements_text(p->'fields_of_action')) ELSE c.fields_of_action END, "
    SET("first_name", PERSON, "first_name") ", " SET("last_name", PERSON, "last_name") ", "
    SET_TYPED("birth_date", PERSON, "birth_date", "date") ", "
    "birth_year = CASE WHEN " PERSON " ? 'birth_date' THEN "
    "  extract(year FROM (" PERSON "->>'birth_date')::date)::int ELSE c.birth_year END, "
    SET("gender", PERSON, "gender") ", " SET("nationality", PERSON, "nationality") ", "
    "languages = CASE WHEN " PERSON " ? 'languages' THEN coalesce(" PERSON "->'languages', '[]') "
    "  ELSE c.languages END, "
    SET("phone", CONTACT, "phone") ", " SET("email", CONTACT, "email") ", "
    SET("address", CONTACT, "address") ", "
    "residence_status = CASE WHEN " RESIDENCE " ? 'status' THEN " RESIDENCE "->>'status' "
    "  ELSE c.residence_status END, "
    "residence_expires_on = CASE WHEN " RESIDENCE " ? 'expires_on' THEN "
    "  (" RESIDENCE "->>'expires_on')::date ELSE c.residence_expires_on END, "
    SET_TYPED("arrival_date", RESIDENCE, "arrival_date", "date") ", "
    SET("municipality_ags", RESIDENCE, "municipality_ags") ", "
    SET("accommodation", RESIDENCE, "accommodation") ", "
    "version = c.version + 1, updated_at = now() "
    "FROM (SELECT $2::jsonb AS p) s "
    "WHERE c.id = $1::uuid AND c.network_id = lotse_network() AND c.version = $3::int "
    "RETURNING c.*) "
    "SELECT c.id, c.network_id, c.version, " CASE_JSON " AS json FROM upd c, " CATS,
    3};

const db_stmt_t CASE_SET_STATUS = {
    "case_set_status",
    "WITH upd AS (UPDATE cases AS c SET status = $2, closure_reason = $3, "
    "closed_at = CASE WHEN $2 = 'closed' THEN now() END, "
    "version = c.version + 1, updated_at = now() "
    "WHERE c.id = $1::uuid AND c.network_id = lotse_network() AND c.version = $4::int "
    "RETURNING c.*) "
    "SELECT c.id, c.network_id, c.version, " CASE_JSON " AS json FROM upd c, " CATS,
    4};

const db_stmt_t CASE_TRANSFER = {
    "case_transfer",
    "UPDATE cases AS c SET lead_agency_id = $2::uuid, version = c.version + 1, "
    "updated_at = now() WHERE c.id = $1::uuid AND c.network_id = lotse_network() "
    "AND c.version = $3::int RETURNING $1::uuid AS id",
    3};

const db_stmt_t CASE_ACT_AS = {
    "case_act_as", "SELECT set_config('lotse.agency_id', $1, true)", 1};

const db_stmt_t CASE_CATEGORIES_OF = {
    "case_categories_of",
    "SELECT array_to_string(lotse_case_categories($1::uuid, $2::uuid), ',') AS cats", 2};

const db_stmt_t CASE_EXPORT = {
    "case_export",
    "SELECT (jsonb_build_object("
    "'case', (SELECT " CASE_JSON "::jsonb FROM cases c, " CATS " WHERE c.id = $1::uuid), "
    "'consents', coalesce((SELECT jsonb_agg(jsonb_build_object('id', x.id, "
    "  'recipient_agency_id', x.recipient_agency_id, 'whole_network', x.whole_network, "
    "  'categories', x.categories, 'purpose', x.purpose, 'legal_basis', x.legal_basis, "
    "  'legal_reference', x.legal_reference, 'form_reference', x.form_reference, "
    "  'valid_from', lotse_ts(x.valid_from), 'valid_until', lotse_ts(x.valid_until), "
    "  'granted_by', x.granted_by, 'granted_at', lotse_ts(x.created_at), "
    "  'revoked_at', lotse_ts(x.revoked_at), 'revocation_reason', x.revocation_reason) "
    "  ORDER BY x.created_at) FROM consents x WHERE x.case_id = $1::uuid), '[]'), "
    "'potential_analyses', coalesce((SELECT jsonb_agg(to_jsonb(a) - 'network_id' "
    "  ORDER BY a.assessed_on) FROM potential_analyses a WHERE a.case_id = $1::uuid), '[]'), "
    "'goals', coalesce((SELECT jsonb_agg(to_jsonb(g) - 'network_id' - 'record_key' ORDER BY g.created_at) "
    "  FROM goals g WHERE g.case_id = $1::uuid), '[]'), "
    "'journal', coalesce((SELECT jsonb_agg(to_jsonb(j) - 'network_id' || jsonb_build_object("
    "  'history', coalesce((SELECT jsonb_agg(jsonb_build_object('text', v.previous_text, "
    "  'replaced_at', lotse_ts(v.replaced_at)) ORDER BY v.id) FROM journal_revisions v "
    "  WHERE v.entry_id = j.id), '[]')) ORDER BY j.created_at) "
    "  FROM journal_entries j WHERE j.case_id = $1::uuid), '[]'), "
    "'barriers', coalesce((SELECT jsonb_agg(to_jsonb(b) - 'network_id' - 'record_key' ORDER BY b.created_at) "
    "  FROM barriers b WHERE b.case_id = $1::uuid), '[]'), "
    /* GDPR Art. 15(1)(c): which agencies received which data, and when */
    "'recipients', coalesce((SELECT jsonb_agg(jsonb_build_object('agency_id', r.actor_agency, "
    "  'agency_name', lotse_agency_name(r.actor_agency), 'categories', r.categories, 'first_access', lotse_ts(r.first_at), "
    "  'last_access', lotse_ts(r.last_at), 'accesses', r.n) ORDER BY r.first_at) FROM ("
    "    SELECT a.actor_agency, coalesce(array_agg(DISTINCT cat ORDER BY cat) "
    "      FILTER (WHERE cat IS NOT NULL), '{}') AS categories, "
    "    min(a.at) AS first_at, max(a.at) AS last_at, count(DISTINCT a.id) AS n "
    "    FROM lotse_audit_case_rows($1::uuid, NULL, NULL, NULL) a "
    "    LEFT JOIN LATERAL unnest(a.categories) AS cat ON true "
    "    WHERE a.outcome = 'success' "
    /* not the agency that led the case at that moment: the one that handed it over next
     * (case.transferred is written by the lead it leaves), else today's lead */
    "    AND a.actor_agency IS DISTINCT FROM coalesce((SELECT t.actor_agency FROM events t "
    "      WHERE t.case_id = $1::uuid AND t.type = 'case.transferred' AND t.created_at >= a.at "
    "      ORDER BY t.created_at LIMIT 1), (SELECT lead_agency_id FROM cases WHERE id = $1::uuid)) "
    "    GROUP BY a.actor_agency) r), '[]'), "
    /* offers to another network, and links to other cases of the person the lead also sees */
    "'handovers', coalesce((SELECT jsonb_agg(jsonb_build_object('id', h.id, 'status', h.status, "
    "  'to_network', lotse_network_public(h.target_network_id), 'to_agency_id', h.target_agency_id, "
    "  'categories', h.categories, 'reason', h.reason, 'offered_at', lotse_ts(h.created_at), "
    "  'decided_at', lotse_ts(h.decided_at)) ORDER BY h.created_at) "
    "  FROM handovers h WHERE h.case_id = $1::uuid), '[]'), "
    "'person_links', coalesce((SELECT jsonb_agg(jsonb_build_object('id', l.id, 'verdict', l.verdict, "
    "  'other_case_id', CASE WHEN l.case_id = $1::uuid THEN l.other_id ELSE l.case_id END, "
    "  'created_at', lotse_ts(l.created_at), 'removed_at', lotse_ts(l.removed_at)) ORDER BY l.created_at) "
    "  FROM person_links l WHERE l.case_id = $1::uuid OR l.other_id = $1::uuid), '[]'), "
    /* the documents kept for the case: what they are, not their bytes (each can be downloaded) */
    "'documents', coalesce((SELECT jsonb_agg(jsonb_build_object('id', d.id, 'category', d.category, "
    "  'consent_id', d.consent_id, 'title', d.title, 'media_type', d.media_type, "
    "  'size_bytes', d.size_bytes, 'sha256', d.sha256, 'uploaded_by_agency', d.uploaded_by_agency, "
    "  'uploaded_at', lotse_ts(d.created_at)) ORDER BY d.created_at) "
    "  FROM documents d WHERE d.case_id = $1::uuid), '[]'), "
    "'exported_at', lotse_ts(now())) "
    /* referrals and conferences, also those the lead does not take part in (migration 0019) */
    "|| lotse_case_export_more($1::uuid))::text AS json",
    1};

/* Anonymization ($1 case id): what the personal-data map says to erase
 * (lotse_anonymize_case, migration 0016), then the network's anonymized
 * cases generalized to k-anonymity ($1 k). */
const db_stmt_t CASE_ANONYMIZE = {
    "case_anonymize",
    "SELECT $1::uuid AS id, lotse_network() AS network_id, lotse_anonymize_case($1::uuid) AS changed",
    1};
const db_stmt_t CASE_GENERALIZE = {
    "case_generalize", "SELECT lotse_generalize($1::int) AS steps", 1};

const db_stmt_t PERSON_SEARCH = {
    "person_search",
    "SELECT case_id, key, json FROM lotse_person_search($1, $2::date, $3::int, $4, $5::int, $6::int)", 6};

const db_stmt_t CASE_DUPLICATES = {
    "case_duplicates",
    "SELECT coalesce(json_agg(json_build_object('case_id', d.case_id, 'reference', d.j->>'reference', "
    "'score', (d.j->>'score')::numeric) ORDER BY d.rank), '[]')::text AS json, "
    "coalesce(array_agg(d.case_id), '{}')::text AS ids "
    "FROM (SELECT s.case_id, s.key::int AS rank, s.json::json AS j "
    "  FROM lotse_person_search($1, $2::date, NULL, NULL, NULL, 6) s "
    "  WHERE s.case_id <> $3::uuid AND (s.json::json->>'score')::numeric >= 0.6 ORDER BY 2 LIMIT 5) d",
    3};
