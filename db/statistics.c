/* statistics.c - SQL for statistics; see statistics.h.  Periods follow
 * the calendar in Europe/Berlin. */
#include "statistics.h"

const db_stmt_t STATS_CONTEXT = {
    "stats_context",
    "SELECT set_config('lotse.network_id', $1, true), set_config('lotse.statistics', 'on', true)",
    1};

#define LOCAL(col) "(" col " AT TIME ZONE 'Europe/Berlin')"
/* The periods from $1 to $2 in steps of $3, as local (naive) timestamps.
 * Every row is put into its period by truncating its local time, so each
 * query reads its tables once instead of once per period. */
#define PERIODS                                                                                  \
    "WITH step AS (SELECT CASE $3 WHEN 'quarter' THEN interval '3 months' ELSE ('1 ' || $3)::interval END AS i), " \
    "periods AS (SELECT p AS start, p + (SELECT i FROM step) AS stop "                            \
    "  FROM generate_series(date_trunc($3, $1::timestamp), $2::timestamp, (SELECT i FROM step)) p), " \
    "span AS (SELECT min(start) AS lo, max(stop) AS hi FROM periods), "
/* the period of `col` as `start`; IN_SPAN(col) keeps rows inside the periods */
#define PERIOD_OF(col) PERIOD_OF_LOCAL(LOCAL(col))
#define IN_SPAN(col) IN_SPAN_LOCAL(LOCAL(col))
/* the same for a column that already holds local time */
#define PERIOD_OF_LOCAL(t) "date_trunc($3, " t ") AS start"
#define IN_SPAN_LOCAL(t) t " >= (SELECT lo FROM span) AND " t " < (SELECT hi FROM span)"
/* the period of local time `t` clamped to the first period; NULL from the
 * end of the last period on */
#define CLAMPED(t) \
    "CASE WHEN " t " < (SELECT lo FROM span) THEN (SELECT lo FROM span) " \
    "WHEN " t " < (SELECT hi FROM span) THEN date_trunc($3, " t ") END"
#define LABEL \
    "SELECT CASE $3 WHEN 'month' THEN to_char(x.start, 'YYYY-MM') " \
    "  WHEN 'quarter' THEN to_char(x.start, 'YYYY-\"Q\"Q') ELSE to_char(x.start, 'YYYY') END AS period, " \
    "x.indicator, x.breakdown, x.value, x.n AS count FROM ("
/* one row per period: the number of rows of `set` (a CTE) in it */
#define TOTAL(indicator, set) \
    "SELECT p.start, '" indicator "' AS indicator, 'total' AS breakdown, '' AS value, " \
    "count(x.id) AS n FROM periods p LEFT JOIN " set " x ON x.start = p.start GROUP BY p.start"
/* the counts of one dimension of the rows in `set`, per period */
#define DIM(indicator, set, dim, expr) \
    " UNION ALL SELECT start, '" indicator "', '" dim "', " expr ", count(*) FROM " set " GROUP BY 1, 4"
#define BREAKDOWN(set, dim, expr) DIM("cases." set, set, dim, expr)

/* A case is active at the end of period p when it was opened before p's
 * end and not closed before it: it counts from the period it was opened in
 * (or the first) up to the one before the period it was closed in. */
const db_stmt_t STATS_CASES = {
    "stats_cases",
    PERIODS
    "c AS (SELECT c.id, c.target_group, c.residence_status, c.municipality_ags, c.gender, "
    "  c.nationality, c.birth_year, c.closure_reason, a.kind AS lead_kind, "
    "  " LOCAL("c.created_at") " AS opened_at, " LOCAL("c.closed_at") " AS closed_local "
    "  FROM cases c JOIN agencies a ON a.id = c.lead_agency_id "
    "  WHERE c.network_id = lotse_network() AND " LOCAL("c.created_at") " < (SELECT hi FROM span)), "
    "top AS (SELECT nationality FROM c WHERE nationality IS NOT NULL GROUP BY nationality "
    "  ORDER BY count(*) DESC, nationality LIMIT 10), "
    "opened AS (SELECT " PERIOD_OF_LOCAL("c.opened_at") ", c.*, CASE WHEN c.birth_year IS NULL THEN 'unknown' "
    "  WHEN extract(year FROM c.opened_at) - c.birth_year < 18 THEN '0-17' "
    "  WHEN extract(year FROM c.opened_at) - c.birth_year < 27 THEN '18-26' "
    "  WHEN extract(year FROM c.opened_at) - c.birth_year < 45 THEN '27-44' "
    "  WHEN extract(year FROM c.opened_at) - c.birth_year < 65 THEN '45-64' ELSE '65+' END AS age_band, "
    "  CASE WHEN c.nationality IS NULL THEN 'unknown' WHEN c.nationality IN (SELECT nationality FROM top) "
    "  THEN c.nationality ELSE 'other' END AS nat FROM c WHERE c.opened_at >= (SELECT lo FROM span)), "
    "closed AS (SELECT " PERIOD_OF_LOCAL("c.closed_local") ", c.* FROM c WHERE " IN_SPAN_LOCAL("c.closed_local") "), "
    "spans AS (SELECT * FROM (SELECT target_group, " CLAMPED("opened_at") " AS first, "
    "  " CLAMPED("closed_local") " AS last FROM c) s WHERE last IS NULL OR last > first), "
    "steps AS (SELECT at, target_group, sum(d) AS d FROM (SELECT first AS at, target_group, 1 AS d FROM spans "
    "  UNION ALL SELECT last, target_group, -1 FROM spans WHERE last IS NOT NULL) s GROUP BY 1, 2), "
    "active AS (SELECT p.start, s.target_group, sum(s.d) AS n FROM periods p JOIN steps s ON s.at <= p.start "
    "  GROUP BY 1, 2) "
    LABEL
    TOTAL("cases.opened", "opened")
    BREAKDOWN("opened", "target_group", "target_group")
    BREAKDOWN("opened", "residence_status", "coalesce(residence_status, 'unknown')")
    BREAKDOWN("opened", "municipality", "coalesce(municipality_ags, 'unknown')")
    BREAKDOWN("opened", "lead_agency_kind", "lead_kind")
    BREAKDOWN("opened", "age_band", "age_band")
    BREAKDOWN("opened", "gender", "coalesce(gender, 'unknown')")
    BREAKDOWN("opened", "nationality", "nat")
    " UNION ALL " TOTAL("cases.closed", "closed")
    BREAKDOWN("closed", "closure_reason", "closure_reason")
    " UNION ALL SELECT p.start, 'cases.active', 'total', '', coalesce(sum(a.n), 0) FROM periods p "
    "  LEFT JOIN active a ON a.start = p.start GROUP BY p.start"
    " UNION ALL SELECT start, 'cases.active', 'target_group', target_group, n FROM active WHERE n > 0"
    ") x ORDER BY 1, 2, 3, 4",
    3};

/* Referrals, goals and conferences; $1-$3 as above. */
const db_stmt_t STATS_ACTIVITY = {
    "stats_activity",
    PERIODS
    "r AS (SELECT x.id, x.field_of_action, x.agreement_id, x.decline_reason, x.status, x.outcome, "
    "  x.requested_at, x.responded_at, x.response_due_at, fa.kind AS from_kind, ta.kind AS to_kind, "
    "  " LOCAL("x.requested_at") " AS requested_local, " LOCAL("x.responded_at") " AS responded_local, "
    "  " LOCAL("x.closed_at") " AS closed_local FROM referrals x "
    "  JOIN agencies fa ON fa.id = x.from_agency_id JOIN agencies ta ON ta.id = x.to_agency_id "
    "  WHERE x.network_id = lotse_network()), "
    "requested AS (SELECT " PERIOD_OF_LOCAL("requested_local") ", r.* FROM r WHERE "
    IN_SPAN_LOCAL("requested_local") "), "
    "answered AS (SELECT " PERIOD_OF_LOCAL("responded_local") ", r.*, "
    "  extract(epoch FROM r.responded_at - r.requested_at) / 86400 AS days FROM r WHERE "
    IN_SPAN_LOCAL("responded_local") "), "
    "ended AS (SELECT " PERIOD_OF_LOCAL("closed_local") ", r.* FROM r WHERE " IN_SPAN_LOCAL("closed_local") "), "
    "late AS (SELECT * FROM requested WHERE coalesce(responded_at, now()) > response_due_at), "
    "g AS (SELECT x.* FROM goals x WHERE x.network_id = lotse_network()), "
    "goals_set AS (SELECT " PERIOD_OF("g.created_at") ", g.* FROM g WHERE " IN_SPAN("g.created_at") "), "
    "goals_achieved AS (SELECT " PERIOD_OF("g.achieved_at") ", g.* FROM g WHERE g.status = 'achieved' AND "
    IN_SPAN("g.achieved_at") "), "
    "goals_missed AS (SELECT " PERIOD_OF("g.updated_at") ", g.* FROM g WHERE g.status = 'not_achieved' AND "
    IN_SPAN("g.updated_at") "), "
    "held AS (SELECT " PERIOD_OF("c.held_at") ", c.*, (SELECT count(*) FROM conference_participants cp "
    "  WHERE cp.conference_id = c.id) AS participants FROM conferences c "
    "  WHERE c.network_id = lotse_network() AND c.status = 'held' AND " IN_SPAN("c.held_at") "), "
    "cancelled AS (SELECT " PERIOD_OF("c.updated_at") ", c.* FROM conferences c "
    "  WHERE c.network_id = lotse_network() AND c.status = 'cancelled' AND " IN_SPAN("c.updated_at") "), "
    "decisions AS (SELECT " PERIOD_OF("d.created_at") ", d.*, CASE WHEN d.status = 'open' "
    "  AND d.due_on < current_date THEN 'overdue' ELSE d.status END AS state FROM conference_decisions d "
    "  WHERE d.network_id = lotse_network() AND " IN_SPAN("d.created_at") ") "
    LABEL
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
    "language AS (SELECT " PERIOD_OF("e.latest_at") ", e.case_id AS id, e.* FROM ends e WHERE e.n > 1 AND "
    IN_SPAN("e.latest_at") "), "
    "work AS (SELECT " PERIOD_OF("c.closed_at") ", c.id, e.first_work, e.last_work FROM cases c "
    "  JOIN ends e ON e.case_id = c.id "
    "  WHERE c.network_id = lotse_network() AND c.status = 'closed' AND " IN_SPAN("c.closed_at") "), "
    "pairs AS (SELECT DISTINCT " PERIOD_OF("x.requested_at") ", x.from_agency_id, x.to_agency_id, "
    "  (x.agreement_id IS NOT NULL) AS agreed, x.from_agency_id::text || x.to_agency_id::text AS id "
    "  FROM referrals x WHERE x.network_id = lotse_network() AND " IN_SPAN("x.requested_at") "), "
    "agreements_active AS (SELECT p.start, g.id FROM periods p JOIN agreements g "
    "  ON g.network_id = lotse_network() AND g.status = 'active' AND g.activated_at < p.stop "
    "  AND g.valid_from < p.stop::date AND (g.valid_until IS NULL OR g.valid_until >= p.start::date)) "
    LABEL
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
