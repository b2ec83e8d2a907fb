/* referrals.c - SQL for referrals; see referrals.h. */
#include "referrals.h"

#define REFERRAL_JSON                                                                           \
    "json_build_object('id', x.id, 'case_id', x.case_id, 'from_agency_id', x.from_agency_id, "  \
    "'to_agency_id', x.to_agency_id, 'field_of_action', x.field_of_action, 'reason', x.reason, " \
    "'urgency', x.urgency, 'offer_id', x.offer_id, 'agreement_id', x.agreement_id, "            \
    "'status', x.status, 'requested_at', lotse_ts(x.requested_at), "                            \
    "'response_due_at', lotse_ts(x.response_due_at), "                                          \
    "'overdue', x.status = 'requested' AND x.response_due_at < now(), "                         \
    "'responded_at', lotse_ts(x.responded_at), 'decline_reason', x.decline_reason, "            \
    "'suggested_agency_id', x.suggested_agency_id, "                                            \
    "'outcome', x.outcome, 'note', x.note, 'closed_at', lotse_ts(x.closed_at), "                \
    "'version', x.version, 'created_at', lotse_ts(x.created_at), "                              \
    "'updated_at', lotse_ts(x.updated_at))::text"
#define VISIBLE "x.network_id = lotse_network() AND (x.from_agency_id = lotse_agency() " \
                "OR x.to_agency_id = lotse_agency())"

const db_stmt_t REFERRAL_CREATE = {
    "referral_create",
    "INSERT INTO referrals AS x (network_id, case_id, from_agency_id, to_agency_id, "
    "field_of_action, reason, urgency, offer_id, agreement_id, response_due_at, created_by, "
    "awaiting_consent) "
    "SELECT lotse_network(), $1::uuid, lotse_agency(), (p->>'to_agency_id')::uuid, "
    "p->>'field_of_action', p->>'reason', coalesce(p->>'urgency', 'normal'), "
    "(p->>'offer_id')::uuid, $3::uuid, CASE $7 WHEN 'working' THEN lotse_working_days_after(now(), $4::int) "
    "ELSE now() + make_interval(days => $4::int) END, $5, $6::boolean "
    "FROM (SELECT $2::jsonb AS p) s RETURNING x.id, x.network_id, x.version, " REFERRAL_JSON " AS json",
    7};

/* One list per direction, so that each uses its (agency, id) index. */
#define REFERRAL_LIST_SQL(direction)                                                            \
    "SELECT x.id::text AS key, x.case_id, " REFERRAL_JSON " AS json FROM referrals x "          \
    "WHERE x.network_id = lotse_network() AND " direction " "                                   \
    "AND ($1::uuid IS NULL OR x.id > $1::uuid) AND ($3::uuid IS NULL OR x.case_id = $3::uuid) "  \
    "AND ($4::text IS NULL OR x.status = $4) AND ($5::text IS NULL OR x.field_of_action = $5) " \
    "AND ($6::boolean IS NULL OR $6::boolean = (x.status = 'requested' "                        \
    "  AND x.response_due_at < now())) "                                                        \
    "AND ($7::timestamptz IS NULL OR x.updated_at >= $7::timestamptz) "                         \
    "ORDER BY x.id LIMIT $2::int"

const db_stmt_t REFERRAL_LIST_IN = {
    "referral_list_in", REFERRAL_LIST_SQL("x.to_agency_id = lotse_agency()"), 7};
const db_stmt_t REFERRAL_LIST_OUT = {
    "referral_list_out", REFERRAL_LIST_SQL("x.from_agency_id = lotse_agency()"), 7};
const db_stmt_t REFERRAL_LIST_BOTH = {
    "referral_list_both",
    REFERRAL_LIST_SQL("(x.to_agency_id = lotse_agency() OR x.from_agency_id = lotse_agency())"), 7};

const db_stmt_t REFERRAL_GET = {
    "referral_get",
    "SELECT x.version, x.status, x.case_id, CASE WHEN x.from_agency_id = lotse_agency() "
    "THEN 'sender' ELSE 'receiver' END AS side, " REFERRAL_JSON " AS json "
    "FROM referrals x WHERE " VISIBLE " AND x.id = $1::uuid",
    1};

const db_stmt_t REFERRAL_TRANSITION = {
    "referral_transition",
    "UPDATE referrals AS x SET status = $2, decline_reason = $3, outcome = $4, "
    "note = coalesce($5, x.note), suggested_agency_id = $8::uuid, "
    "responded_at = CASE WHEN $2 IN ('accepted', 'declined') THEN now() ELSE x.responded_at END, "
    "closed_at = CASE WHEN $2 IN ('declined', 'withdrawn', 'completed') THEN now() END, "
    "version = x.version + 1, updated_at = now() "
    "WHERE " VISIBLE " AND x.id = $1::uuid AND x.status = $6 AND ($7::int IS NULL OR x.version = $7::int) "
    "RETURNING x.id, x.network_id, x.version, " REFERRAL_JSON " AS json",
    8};

#define LED_CASES                                                                       \
    "x.case_id IN (SELECT c.id FROM cases c WHERE c.lead_agency_id = lotse_agency() " \
    "  AND ($1::uuid IS NULL OR c.id = $1::uuid)) "

/* the receiver's consent covers what a referral shows (migration 0021) */
#define RECEIVER_CONSENTED "lotse_case_categories(x.case_id, x.to_agency_id) @> ARRAY['identity', 'plan']"

const db_stmt_t REFERRAL_SETTLE = {
    "referral_settle",
    "UPDATE referrals AS x SET awaiting_consent = false "
    "WHERE x.network_id = lotse_network() AND x.awaiting_consent AND " LED_CASES
    "AND " RECEIVER_CONSENTED,
    1};

const db_stmt_t REFERRAL_SWEEP = {
    "referral_sweep",
    "UPDATE referrals AS x SET status = 'withdrawn', closed_at = now(), version = x.version + 1, "
    "updated_at = now() "
    "WHERE x.network_id = lotse_network() AND x.status IN ('requested', 'accepted') "
    "AND NOT x.awaiting_consent AND " LED_CASES
    "AND NOT coalesce(" RECEIVER_CONSENTED ", false) "
    "RETURNING x.id, x.network_id",
    1};

const db_stmt_t OFFER_OF_AGENCY = {
    "offer_of_agency",
    "SELECT 1 FROM offers WHERE network_id = lotse_network() AND id = $1::uuid "
    "AND agency_id = $2::uuid",
    2};
