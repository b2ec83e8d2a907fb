/* statistics.c - SQL for statistics; see statistics.h.  Periods follow
 * the calendar in Europe/Berlin. */
#include "statistics.h"

const db_stmt_t STATS_CONTEXT = {
    "stats_context",
    "SELECT set_config('lotse.network_id', $1, true), set_config('lotse.statistics', 'on', true)",
    1};

#define LOCAL(col) "(" col " AT TIME ZONE 'Europe/Berlin')"
/* the counts of one dimension of the rows in `set` (a CTE), per period */
#define BREAKDOWN(set, dim, expr) \
    " UNION ALL SELECT start, 'cases." set "', '" dim "', " expr ", count(*) FROM " set " GROUP BY 1, 4"

const db_stmt_t STATS_CASES = {
    "stats_cases",
    "WITH periods AS (SELECT p AS start, p + ('1 ' || $3)::interval AS stop "
    "  FROM generate_series(date_trunc($3, $1::date), $2::date, ('1 ' || $3)::interval) p), "
    "c AS (SELECT c.*, a.kind AS lead_kind, " LOCAL("c.created_at") " AS opened_at, "
    "  " LOCAL("c.closed_at") " AS closed_local FROM cases c JOIN agencies a ON a.id = c.lead_agency_id "
    "  WHERE c.network_id = lotse_network()), "
    "top AS (SELECT nationality FROM c WHERE nationality IS NOT NULL "
    "  AND opened_at < (SELECT max(stop) FROM periods) GROUP BY nationality "
    "  ORDER BY count(*) DESC, nationality LIMIT 10), "
    "opened AS (SELECT p.start, c.*, CASE WHEN c.birth_year IS NULL THEN 'unknown' "
    "  WHEN extract(year FROM c.opened_at) - c.birth_year < 18 THEN '0-17' "
    "  WHEN extract(year FROM c.opened_at) - c.birth_year < 27 THEN '18-26' "
    "  WHEN extract(year FROM c.opened_at) - c.birth_year < 45 THEN '27-44' "
    "  WHEN extract(year FROM c.opened_at) - c.birth_year < 65 THEN '45-64' ELSE '65+' END AS age_band, "
    "  CASE WHEN c.nationality IS NULL THEN 'unknown' WHEN c.nationality IN (SELECT nationality FROM top) "
    "  THEN c.nationality ELSE 'other' END AS nat "
    "  FROM periods p JOIN c ON c.opened_at >= p.start AND c.opened_at < p.stop), "
    "closed AS (SELECT p.start, c.* FROM periods p JOIN c ON c.closed_local >= p.start "
    "  AND c.closed_local < p.stop), "
    "active AS (SELECT p.start, c.* FROM periods p JOIN c ON c.opened_at < p.stop "
    "  AND (c.closed_local IS NULL OR c.closed_local >= p.stop)) "
    "SELECT CASE $3 WHEN 'month' THEN to_char(x.start, 'YYYY-MM') "
    "  WHEN 'quarter' THEN to_char(x.start, 'YYYY-\"Q\"Q') ELSE to_char(x.start, 'YYYY') END AS period, "
    "x.indicator, x.breakdown, x.value, x.n AS count FROM ("
    "SELECT p.start, 'cases.opened' AS indicator, 'total' AS breakdown, '' AS value, count(o.id) AS n "
    "  FROM periods p LEFT JOIN opened o ON o.start = p.start GROUP BY p.start"
    BREAKDOWN("opened", "target_group", "target_group")
    BREAKDOWN("opened", "residence_status", "coalesce(residence_status, 'unknown')")
    BREAKDOWN("opened", "municipality", "coalesce(municipality_ags, 'unknown')")
    BREAKDOWN("opened", "lead_agency_kind", "lead_kind")
    BREAKDOWN("opened", "age_band", "age_band")
    BREAKDOWN("opened", "gender", "coalesce(gender, 'unknown')")
    BREAKDOWN("opened", "nationality", "nat")
    " UNION ALL SELECT p.start, 'cases.closed', 'total', '', count(x.id) FROM periods p "
    "  LEFT JOIN closed x ON x.start = p.start GROUP BY p.start"
    BREAKDOWN("closed", "closure_reason", "closure_reason")
    " UNION ALL SELECT p.start, 'cases.active', 'total', '', count(x.id) FROM periods p "
    "  LEFT JOIN active x ON x.start = p.start GROUP BY p.start"
    BREAKDOWN("active", "target_group", "target_group")
    ") x ORDER BY 1, 2, 3, 4",
    3};

/* The same shape for referrals, goals and conferences; $1-$3 as above. */
#define PERIODS                                                                                   \
    "WITH periods AS (SELECT p AS start, p + ('1 ' || $3)::interval AS stop "                     \
    "  FROM generate_series(date_trunc($3, $1::date), $2::date, ('1 ' || $3)::interval) p), "
#define IN_PERIOD(col) LOCAL(col) " >= p.start AND " LOCAL(col) " < p.stop"
#define TOTAL(indicator, set) \
    "SELECT p.start, '" indicator "' AS indicator, 'total' AS breakdown, '' AS value, " \
    "count(x.id) AS n FROM periods p LEFT JOIN " set " x ON x.start = p.start GROUP BY p.start"
#define DIM(indicator, set, dim, expr) \
    " UNION ALL SELECT start, '" indicator "', '" dim "', " expr ", count(*) FROM " set " GROUP BY 1, 4"

const db_stmt_t STATS_ACTIVITY = {
    "stats_activity",
    PERIODS
    "r AS (SELECT x.*, fa.kind AS from_kind, ta.kind AS to_kind FROM referrals x "
    "  JOIN agencies fa ON fa.id = x.from_agency_id JOIN agencies ta ON ta.id = x.to_agency_id "
    "  WHERE x.network_id = lotse_network()), "
    "requested AS (SELECT p.start, r.* FROM periods p JOIN r ON " IN_PERIOD("r.requested_at") "), "
    "answered AS (SELECT p.start, r.*, extract(epoch FROM r.responded_at - r.requested_at) / 86400 AS days "
    "  FROM periods p JOIN r ON " IN_PERIOD("r.responded_at") "), "
    "ended AS (SELECT p.start, r.* FROM periods p JOIN r ON " IN_PERIOD("r.closed_at") "), "
    "late AS (SELECT p.start, r.* FROM periods p JOIN r ON " IN_PERIOD("r.requested_at") " "
    "  AND coalesce(r.responded_at, now()) > r.response_due_at), "
    "g AS (SELECT x.* FROM goals x WHERE x.network_id = lotse_network()), "
    "goals_set AS (SELECT p.start, g.* FROM periods p JOIN g ON " IN_PERIOD("g.created_at") "), "
    "goals_achieved AS (SELECT p.start, g.* FROM periods p JOIN g ON g.status = 'achieved' AND "
    IN_PERIOD("g.achieved_at") "), "
    "goals_missed AS (SELECT p.start, g.* FROM periods p JOIN g ON g.status = 'not_achieved' AND "
    IN_PERIOD("g.updated_at") "), "
    "held AS (SELECT p.start, c.*, (SELECT count(*) FROM conference_participants cp "
    "  WHERE cp.conference_id = c.id) AS participants FROM periods p JOIN conferences c "
    "  ON c.network_id = lotse_network() AND c.status = 'held' AND " IN_PERIOD("c.held_at") "), "
    "cancelled AS (SELECT p.start, c.* FROM periods p JOIN conferences c ON c.network_id = lotse_network() "
    "  AND c.status = 'cancelled' AND " IN_PERIOD("c.updated_at") "), "
    "decisions AS (SELECT p.start, d.*, CASE WHEN d.status = 'open' AND d.due_on < current_date "
    "  THEN 'overdue' ELSE d.status END AS state FROM periods p JOIN conference_decisions d "
    "  ON d.network_id = lotse_network() AND " IN_PERIOD("d.created_at") ") "
    "SELECT CASE $3 WHEN 'month' THEN to_char(x.start, 'YYYY-MM') "
    "  WHEN 'quarter' THEN to_char(x.start, 'YYYY-\"Q\"Q') ELSE to_char(x.start, 'YYYY') END AS period, "
    "x.indicator, x.breakdown, x.value, x.n AS count FROM ("
    TOTAL("referrals.requested", "requested")
    DIM("referrals.requested", "requested", "field_of_action", "field_of_action")
    DIM("referrals.requested", "requested", "agency_kinds", "from_kind || '>' || to_kind")
    DIM("referrals.requested", "requested", "under_agreement",
        "CASE WHEN agreement_id IS NULL THEN 'no' ELSE 'yes' END")
    " UNION ALL " TOTAL("referrals.answered", "answered")
    DIM("referrals.answered", "answered", "answer",
        "CASE WHEN decline_reason IS NULL THEN 'accepted' ELSE 'declined' END")
    DIM("referrals.answered", "answered", "response_days",
        "CASE WHEN days <= 1 THEN '<=1' WHEN days <= 3 THEN '<=3' WHEN days <= 7 THEN '<=7' "
        "WHEN days <= 14 THEN '<=14' WHEN days <= 30 THEN '<=30' ELSE '>30' END")
    " UNION ALL " TOTAL("referrals.ended", "ended")
    DIM("referrals.ended", "ended", "status", "status")
    DIM("referrals.ended", "ended", "outcome", "coalesce(outcome, 'none')")
    " UNION ALL " TOTAL("referrals.overdue", "late")
    " UNION ALL " TOTAL("goals.set", "goals_set")
    DIM("goals.set", "goals_set", "field_of_action", "field_of_action")
    " UNION ALL " TOTAL("goals.achieved", "goals_achieved")
    DIM("goals.achieved", "goals_achieved", "field_of_action", "field_of_action")
    " UNION ALL " TOTAL("goals.not_achieved", "goals_missed")
    DIM("goals.not_achieved", "goals_missed", "field_of_action", "field_of_action")
    " UNION ALL " TOTAL("conferences.held", "held")
    " UNION ALL SELECT p.start, 'conferences.participants', 'total', '', coalesce(sum(h.participants), 0) "
    "  FROM periods p LEFT JOIN held h ON h.start = p.start GROUP BY p.start"
    " UNION ALL " TOTAL("conferences.cancelled", "cancelled")
    " UNION ALL " TOTAL("decisions.made", "decisions")
    DIM("decisions.made", "decisions", "state", "state")
    ") x ORDER BY 1, 2, 3, 4",
    3};

/* Outcomes and cooperation; $1-$3 as above. */
const db_stmt_t STATS_OUTCOMES = {
    "stats_outcomes",
    PERIODS
    "a AS (SELECT x.case_id, x.assessed_on, x.created_at, x.german_level, x.employment_status "
    "  FROM potential_analyses x WHERE x.network_id = lotse_network()), "
    "ends AS (SELECT DISTINCT ON (case_id) case_id, first_value(german_level) OVER w AS first_german, "
    "  last_value(german_level) OVER w AS last_german, "
    "  first_value(employment_status) OVER w AS first_work, "
    "  last_value(employment_status) OVER w AS last_work, max(created_at) OVER w AS latest_at, "
    "  count(*) OVER w AS n FROM a WINDOW w AS (PARTITION BY case_id ORDER BY assessed_on, created_at "
    "  ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)), "
    "language AS (SELECT p.start, e.case_id AS id, e.* FROM periods p JOIN ends e ON e.n > 1 AND "
    IN_PERIOD("e.latest_at") "), "
    "work AS (SELECT p.start, c.id, e.first_work, e.last_work FROM periods p JOIN cases c "
    "  ON c.network_id = lotse_network() AND c.status = 'closed' AND " IN_PERIOD("c.closed_at") " "
    "  JOIN ends e ON e.case_id = c.id), "
    "pairs AS (SELECT DISTINCT p.start, x.from_agency_id, x.to_agency_id, "
    "  (x.agreement_id IS NOT NULL) AS agreed, x.from_agency_id::text || x.to_agency_id::text AS id "
    "  FROM periods p JOIN referrals x ON x.network_id = lotse_network() AND " IN_PERIOD("x.requested_at") "), "
    "agreements_active AS (SELECT p.start, g.id FROM periods p JOIN agreements g "
    "  ON g.network_id = lotse_network() AND g.status = 'active' AND g.activated_at < p.stop "
    "  AND g.valid_from < p.stop::date AND (g.valid_until IS NULL OR g.valid_until >= p.start::date)) "
    "SELECT CASE $3 WHEN 'month' THEN to_char(x.start, 'YYYY-MM') "
    "  WHEN 'quarter' THEN to_char(x.start, 'YYYY-\"Q\"Q') ELSE to_char(x.start, 'YYYY') END AS period, "
    "x.indicator, x.breakdown, x.value, x.n AS count FROM ("
    TOTAL("outcomes.german_level", "language")
    DIM("outcomes.german_level", "language", "intake>latest",
        "coalesce(first_german, 'unknown') || '>' || coalesce(last_german, 'unknown')")
    " UNION ALL " TOTAL("outcomes.employment", "work")
    DIM("outcomes.employment", "work", "intake>closure",
        "coalesce(first_work, 'unknown') || '>' || coalesce(last_work, 'unknown')")
    " UNION ALL " TOTAL("referrals.agency_pairs", "pairs")
    DIM("referrals.agency_pairs", "pairs", "under_agreement", "CASE WHEN agreed THEN 'yes' ELSE 'no' END")
    " UNION ALL " TOTAL("agreements.active", "agreements_active")
    ") x ORDER BY 1, 2, 3, 4",
    3};

const db_stmt_t STATS_NETWORKS = {
    "stats_networks", "SELECT id, code FROM networks ORDER BY code", 0};
