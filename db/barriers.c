/* barriers.c - SQL for barriers; see barriers.h.  The free text of a
 * barrier is in its JSON only for agencies whose consent covers the
 * case's journal. */
#include "barriers.h"

#define CODE_JSON                                                                              \
    "json_build_object('code', b.code, 'label_de', b.label_de, 'label_en', b.label_en, "        \
    "'scope', CASE WHEN b.network_id IS NULL THEN 'built_in' ELSE 'network' END)::text"

const db_stmt_t BARRIER_CODE_LIST = {
    "barrier_code_list",
    "SELECT b.code AS key, " CODE_JSON " AS json FROM barrier_codes b "
    "WHERE b.network_id IS NULL OR b.network_id = lotse_network() "
    "ORDER BY b.network_id IS NOT NULL, b.code",
    0};

const db_stmt_t BARRIER_CODE_CREATE = {
    "barrier_code_create",
    "INSERT INTO barrier_codes AS b (network_id, code, label_de, label_en) "
    "SELECT lotse_network(), p->>'code', p->>'label_de', p->>'label_en' FROM (SELECT $1::jsonb AS p) s "
    "WHERE NOT lotse_barrier_code(p->>'code') ON CONFLICT DO NOTHING "
    "RETURNING b.code AS id, b.network_id, 1 AS version, " CODE_JSON " AS json",
    1};

const db_stmt_t BARRIER_CODE_KNOWN = {
    "barrier_code_known", "SELECT 1 WHERE lotse_barrier_code($1)", 1};

#define BARRIER_JSON                                                                           \
    "(jsonb_build_object('id', b.id, 'case_id', b.case_id, 'referral_id', b.referral_id, "      \
    "'code', b.code, 'field_of_action', b.field_of_action, "                                    \
    "'concerned_agency_id', b.concerned_agency_id, 'offer_id', b.offer_id, "                    \
    "'municipality_ags', b.municipality_ags, 'text', b.text, 'source', b.source, "              \
    "'reported_by_agency', b.reported_by_agency, 'created_at', lotse_ts(b.created_at)) "        \
    /* members by the categories of the personal-data map: the text is journal data, the */    \
    /* field of action and what it concerns plan data, the municipality residence data */      \
    "- (CASE WHEN lotse_sees(b.case_id, 'journal') THEN '{}' ELSE ARRAY['text'] END "           \
    "|| CASE WHEN lotse_sees(b.case_id, 'plan') THEN '{}' ELSE ARRAY['field_of_action', "       \
    "'referral_id', 'concerned_agency_id', 'offer_id'] END "                                    \
    "|| CASE WHEN lotse_sees(b.case_id, 'residence') THEN '{}' ELSE ARRAY['municipality_ags'] END))::text"

const db_stmt_t BARRIER_CREATE = {
    "barrier_create",
    "INSERT INTO barriers AS b (network_id, case_id, referral_id, code, field_of_action, "
    "concerned_agency_id, offer_id, municipality_ags, text, source, reported_by_agency, created_by) "
    "SELECT lotse_network(), $1::uuid, (p->>'referral_id')::uuid, p->>'code', p->>'field_of_action', "
    "(p->>'concerned_agency_id')::uuid, (p->>'offer_id')::uuid, p->>'municipality_ags', p->>'text', "
    "'report', lotse_agency(), $3 FROM (SELECT $2::jsonb AS p) s "
    "RETURNING b.id, b.network_id, 1 AS version, " BARRIER_JSON " AS json",
    3};

const db_stmt_t BARRIER_LIST = {
    "barrier_list",
    "SELECT " SQL_CHRONO_KEY("b") " AS key, " BARRIER_JSON " AS json FROM barriers b "
    "WHERE b.network_id = lotse_network() AND b.case_id = $1::uuid "
    "AND ($2::text IS NULL OR " SQL_CHRONO_KEY("b") " > $2) "
    "AND ($4::text IS NULL OR b.code = $4) ORDER BY 1 LIMIT $3::int",
    4};

const db_stmt_t BARRIER_GET = {
    "barrier_get",
    "SELECT 1 AS version, " BARRIER_JSON " AS json FROM barriers b "
    "WHERE b.network_id = lotse_network() AND b.case_id = $1::uuid AND b.id = $2::uuid",
    2};

const db_stmt_t BARRIER_FROM_DECLINE = {
    "barrier_from_decline",
    "INSERT INTO barriers AS b (network_id, case_id, referral_id, code, field_of_action, "
    "concerned_agency_id, offer_id, municipality_ags, source, reported_by_agency, created_by) "
    "SELECT x.network_id, x.case_id, x.id, CASE x.decline_reason WHEN 'not_responsible' "
    "THEN 'no_responsible_agency' ELSE 'waiting_list' END, x.field_of_action, x.to_agency_id, "
    "x.offer_id, a.municipality_ags, 'referral_decline', lotse_agency(), $2 "
    "FROM referrals x JOIN agencies a ON a.id = x.to_agency_id "
    "WHERE x.network_id = lotse_network() AND x.id = $1::uuid AND x.status = 'declined' "
    "AND x.decline_reason IN ('not_responsible', 'capacity') RETURNING b.id, b.case_id, b.network_id",
    2};

const db_stmt_t BARRIER_REFERRAL_OF_CASE = {
    "barrier_referral_of_case",
    "SELECT 1 FROM referrals x WHERE x.network_id = lotse_network() AND x.id = $1::uuid "
    "AND x.case_id = $2::uuid",
    2};
