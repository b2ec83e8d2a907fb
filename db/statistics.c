/* statistics.c - SQL for statistics; see statistics.h.  Periods follow
 * the calendar in Europe/Berlin. */
#include "statistics.h"

const db_stmt_t STATS_CONTEXT = {
    "stats_context",
    "SELECT set_config('lotse.network_id', $1, true), set_config('lotse.statistics', 'on', true), "
    "pg_try_advisory_xact_lock(hashtextextended('lotse.statistics.' || $1, 0)) AS refresh",
    1};

const db_stmt_t STATS_WAIT_UNBUILT = {
    "stats_wait_unbuilt",
    "SELECT pg_advisory_xact_lock(hashtextextended('lotse.statistics.' || $1, 0)) FROM (SELECT 1) s "
    "WHERE NOT EXISTS (SELECT 1 FROM stat_state WHERE network_id = $1::uuid)",
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
#define PERIOD_OF(col) "date_trunc($3, " LOCAL(col) ") AS start"
#define IN_SPAN(col) LOCAL(col) " >= (SELECT lo FROM span) AND " LOCAL(col) " < (SELECT hi FROM span)"
/* the label of the period starting at local time t */
#define PERIOD_LABEL(t) \
    "CASE $3 WHEN 'month' THEN to_char(" t ", 'YYYY-MM') " \
    "WHEN 'quarter' THEN to_char(" t ", 'YYYY-\"Q\"Q') ELSE to_char(" t ", 'YYYY') END"
#define LABEL \
    "SELECT " PERIOD_LABEL("x.start") " AS period, x.indicator, x.breakdown, x.value, x.n AS count, " \
    "x.k AS key FROM ("
/* the cell key of a set of units: the sum of their record keys modulo 2^32 (api/ckm.h) */
#define KEY(col) "coalesce(sum(" col "), 0) % 4294967296"

/* ---- the daily rollups (stat_days, migration 0008) ---- */

/* Deletes the network's marks, records the refresh and returns the days
 * to recompute as ranges of consecutive days (lo, hi exclusive), one row
 * each, and `rebuild` (no refresh yet, or a '-infinity' mark: one range
 * from the first case or referral to today).  Otherwise the days are the
 * marked ones, the days of the marked objects (stat_dirty_objects: a
 * case's analyses and closing, a conference's holding), and the request
 * days of unanswered referrals and the days of open decisions that fell
 * due since the last refresh (with an hour's margin for transactions that
 * were still open then, a day's for decisions' dates). */
const db_stmt_t STATS_STALE = {
    "stats_stale",
    "WITH st AS (SELECT refreshed_at FROM stat_state WHERE network_id = lotse_network()), "
    "marks AS (DELETE FROM stat_dirty WHERE network_id = lotse_network() RETURNING day), "
    "done AS (INSERT INTO stat_state (network_id, refreshed_at) VALUES (lotse_network(), now()) "
    "  ON CONFLICT (network_id) DO UPDATE SET refreshed_at = excluded.refreshed_at), "
    "f AS (SELECT NOT EXISTS (SELECT 1 FROM st) OR EXISTS (SELECT 1 FROM marks WHERE day = '-infinity') AS rebuild), "
    "objects AS (DELETE FROM stat_dirty_objects WHERE network_id = lotse_network() RETURNING object_id), "
    "since AS (SELECT coalesce((SELECT refreshed_at FROM st), now()) - interval '1 hour' AS t), "
    "d AS (SELECT day AS d FROM marks WHERE day <> '-infinity' "
    "  UNION SELECT lotse_day(requested_at) FROM referrals WHERE network_id = lotse_network() "
    "    AND responded_at IS NULL AND response_due_at >= (SELECT t FROM since) AND response_due_at < now() "
    "  UNION SELECT lotse_day(created_at) FROM conference_decisions WHERE network_id = lotse_network() "
    "    AND status = 'open' AND due_on >= (SELECT t FROM since)::date - 1 AND due_on < current_date "
    "  UNION SELECT lotse_day(a.created_at) FROM potential_analyses a WHERE a.network_id = lotse_network() "
    "    AND a.case_id IN (SELECT object_id FROM objects) "
    "  UNION SELECT lotse_day(c.closed_at) FROM cases c WHERE c.network_id = lotse_network() "
    "    AND c.id IN (SELECT object_id FROM objects) AND c.closed_at IS NOT NULL "
    "  UNION SELECT lotse_day(f.held_at) FROM conferences f WHERE f.network_id = lotse_network() "
    "    AND f.id IN (SELECT object_id FROM objects) AND f.held_at IS NOT NULL), "
    "runs AS (SELECT min(d) AS lo, max(d) + 1 AS hi FROM (SELECT d, d - (row_number() OVER (ORDER BY d))::int AS run "
    "  FROM d) x GROUP BY run) "
    "SELECT true AS rebuild, least((SELECT lotse_day(min(created_at)) FROM cases WHERE network_id = lotse_network()), "
    "  (SELECT lotse_day(min(requested_at)) FROM referrals WHERE network_id = lotse_network()), "
    "  (SELECT lotse_day(min(created_at)) FROM goals WHERE network_id = lotse_network()), "
    "  (SELECT lotse_day(min(created_at)) FROM barriers WHERE network_id = lotse_network()), "
    "  (SELECT lotse_day(min(held_at)) FROM conferences WHERE network_id = lotse_network() AND status = 'held'), "
    "  (SELECT lotse_day(min(updated_at)) FROM conferences WHERE network_id = lotse_network() AND status = 'cancelled'), "
    "  (SELECT lotse_day(min(created_at)) FROM conference_decisions WHERE network_id = lotse_network()), "
    "  (SELECT lotse_day(min(created_at)) FROM potential_analyses WHERE network_id = lotse_network()), "
    "  (SELECT lotse_day(min(activated_at)) FROM agreements WHERE network_id = lotse_network() AND status = 'active'), "
    "  lotse_day(now())) AS lo, lotse_day(now()) + 1 AS hi FROM f WHERE rebuild "
    "UNION ALL SELECT false, lo, hi FROM runs WHERE NOT (SELECT rebuild FROM f) ORDER BY 2",
    0};

/* $1 rebuild (boolean), $2 lo, $3 hi (dates, hi exclusive): deletes the
 * network's rollups of those days, or all of them on a rebuild. */
const db_stmt_t STATS_CLEAR = {
    "stats_clear",
    "DELETE FROM stat_days WHERE network_id = lotse_network() "
    "AND ($1::boolean OR (day >= $2::date AND day < $3::date))",
    3};

/* rows of `set` per day: the total and a dimension */
#define ROLL_TOTAL(indicator, set) \
    "SELECT d, '" indicator "' AS indicator, 'total' AS breakdown, '' AS value, count(*) AS n, " \
    KEY("record_key") " AS k FROM " set " GROUP BY d"
#define ROLL_DIM(indicator, set, dim, expr) \
    " UNION ALL SELECT d, '" indicator "', '" dim "', " expr ", count(*), " KEY("record_key") \
    " FROM " set " GROUP BY 1, 4"
/* the rows of `table` whose column `col` lies in the days, with its day as
 * d (bounds as scalars, so that they are index conditions under RLS) */
#define IN_DAYS(table, col) \
    "lotse_day(x." col ") AS d FROM " table " x WHERE x.network_id = lotse_network() " \
    "AND x." col " >= (SELECT lo FROM days) AND x." col " < (SELECT hi FROM days)"

/* $1 lo, $2 hi (dates, hi exclusive): counts every indicator's rows of
 * those days into stat_days.  Internal rows, never published as they are:
 * cases closed by target group (for the cases active at a period's end),
 * agency pairs (referrals.pair, breakdown under an agreement yes/no, value
 * "from>to") for the distinct pairs of a period, and agreements on the day
 * they were activated (agreements.activated, value "valid_from>valid_until")
 * for the agreements active in a period.  Outcomes compare a case's
 * intake (its first analysis when it has none marked) with its latest
 * follow-up, on the day of its latest analysis (German level: an intake
 * and a follow-up) and of its closing (employment). */
const db_stmt_t STATS_COMPUTE = {
    "stats_compute",
    "WITH days AS (SELECT $1::date::timestamp AT TIME ZONE 'Europe/Berlin' AS lo, "
    "  $2::date::timestamp AT TIME ZONE 'Europe/Berlin' AS hi), "
    "opened AS (SELECT c.*, a.kind AS lead_kind, CASE WHEN c.birth_year IS NULL THEN 'unknown' "
    "  WHEN extract(year FROM c.d) - c.birth_year < 18 THEN '0-17' "
    "  WHEN extract(year FROM c.d) - c.birth_year < 27 THEN '18-26' "
    "  WHEN extract(year FROM c.d) - c.birth_year < 45 THEN '27-44' "
    "  WHEN extract(year FROM c.d) - c.birth_year < 65 THEN '45-64' ELSE '65+' END AS age_band "
    "  FROM (SELECT x.target_group, x.residence_status, x.municipality_ags, x.gender, x.nationality, "
    "    x.birth_year, x.lead_agency_id, x.record_key, " IN_DAYS("cases", "created_at") ") c "
    "  JOIN agencies a ON a.id = c.lead_agency_id), "
    "closed AS (SELECT x.id, x.status, x.closure_reason, x.target_group, x.record_key, " IN_DAYS("cases", "closed_at") "), "
    "requested AS (SELECT r.*, fa.kind AS from_kind, ta.kind AS to_kind FROM (SELECT x.field_of_action, "
    "  x.agreement_id, x.from_agency_id, x.to_agency_id, x.responded_at, x.response_due_at, x.record_key, "
    IN_DAYS("referrals", "requested_at") ") r "
    "  JOIN agencies fa ON fa.id = r.from_agency_id JOIN agencies ta ON ta.id = r.to_agency_id), "
    "answered AS (SELECT x.decline_reason, x.record_key, "
    "  extract(epoch FROM x.responded_at - x.requested_at) / 86400 AS days, "
    IN_DAYS("referrals", "responded_at") "), "
    "ended AS (SELECT x.status, x.outcome, x.record_key, " IN_DAYS("referrals", "closed_at") "), "
    "late AS (SELECT * FROM requested WHERE coalesce(responded_at, now()) > response_due_at), "
    "goals_set AS (SELECT x.field_of_action, x.record_key, " IN_DAYS("goals", "created_at") "), "
    "goals_achieved AS (SELECT x.field_of_action, x.record_key, " IN_DAYS("goals", "achieved_at")
    "  AND x.status = 'achieved'), "
    "goals_missed AS (SELECT x.field_of_action, x.record_key, " IN_DAYS("goals", "updated_at")
    "  AND x.status = 'not_achieved'), "
    "reported AS (SELECT x.code, x.field_of_action, x.source, x.record_key, " IN_DAYS("barriers", "created_at") "), "
    "held AS (SELECT (SELECT count(*) FROM conference_participants cp WHERE cp.conference_id = x.id) AS participants, "
    IN_DAYS("conferences", "held_at") " AND x.status = 'held'), "
    "cancelled AS (SELECT " IN_DAYS("conferences", "updated_at") " AND x.status = 'cancelled'), "
    "decided AS (SELECT CASE WHEN x.status = 'open' AND x.due_on < current_date THEN 'overdue' ELSE x.status END "
    "  AS state, x.record_key, " IN_DAYS("conference_decisions", "created_at") "), "
    "activated AS (SELECT x.valid_from, x.valid_until, " IN_DAYS("agreements", "activated_at")
    "  AND x.status = 'active'), "
    "assessed AS (SELECT x.case_id, " IN_DAYS("potential_analyses", "created_at") "), "
    "moved_out AS (SELECT x.record_key, " IN_DAYS("handovers", "decided_at") " AND x.status = 'accepted'), "
    "moved_in AS (SELECT x.record_key, lotse_day(x.decided_at) AS d FROM handovers x "
    "  WHERE x.target_network_id = lotse_network() AND x.status = 'accepted' "
    "  AND x.decided_at >= (SELECT lo FROM days) AND x.decided_at < (SELECT hi FROM days)), "
    "ends AS (SELECT DISTINCT ON (case_id) case_id, first_value(german_level) OVER w AS first_german, "
    "  last_value(german_level) OVER w AS last_german, first_value(employment_status) OVER w AS first_work, "
    "  last_value(employment_status) OVER w AS last_work, max(created_at) OVER w AS latest_at, "
    "  count(*) FILTER (WHERE kind = 'intake') OVER w AS intakes, "
    "  count(*) FILTER (WHERE kind = 'follow_up') OVER w AS follow_ups "
    "  FROM potential_analyses a WHERE a.network_id = lotse_network() "
    "  AND a.case_id IN (SELECT case_id FROM assessed UNION SELECT id FROM closed) "
    "  WINDOW w AS (PARTITION BY case_id ORDER BY kind <> 'intake', assessed_on, created_at "
    "  ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)), "
    "language AS (SELECT e.first_german, e.last_german, c.record_key, lotse_day(e.latest_at) AS d FROM ends e "
    "  JOIN cases c ON c.id = e.case_id WHERE e.intakes > 0 AND e.follow_ups > 0 "
    "  AND e.latest_at >= (SELECT lo FROM days) AND e.latest_at < (SELECT hi FROM days)), "
    "work AS (SELECT c.d, c.record_key, e.first_work, e.last_work FROM closed c JOIN ends e ON e.case_id = c.id "
    "  WHERE c.status = 'closed') "
    "INSERT INTO stat_days (network_id, day, indicator, breakdown, value, n, k) "
    "SELECT lotse_network(), d, indicator, breakdown, value, n, k FROM ("
    ROLL_TOTAL("cases.opened", "opened")
    ROLL_DIM("cases.opened", "opened", "target_group", "target_group")
    ROLL_DIM("cases.opened", "opened", "residence_status", "coalesce(residence_status, 'unknown')")
    ROLL_DIM("cases.opened", "opened", "municipality", "coalesce(municipality_ags, 'unknown')")
    ROLL_DIM("cases.opened", "opened", "lead_agency_kind", "lead_kind")
    ROLL_DIM("cases.opened", "opened", "age_band", "age_band")
    ROLL_DIM("cases.opened", "opened", "gender", "coalesce(gender, 'unknown')")
    ROLL_DIM("cases.opened", "opened", "nationality", "coalesce(nationality, 'unknown')")
    " UNION ALL " ROLL_TOTAL("cases.closed", "closed")
    ROLL_DIM("cases.closed", "closed", "closure_reason", "coalesce(closure_reason, 'unknown')")
    ROLL_DIM("cases.closed", "closed", "target_group", "target_group")
    " UNION ALL " ROLL_TOTAL("referrals.requested", "requested")
    ROLL_DIM("referrals.requested", "requested", "field_of_action", "field_of_action")
    ROLL_DIM("referrals.requested", "requested", "agency_kinds", "from_kind || '>' || to_kind")
    ROLL_DIM("referrals.requested", "requested", "under_agreement",
             "CASE WHEN agreement_id IS NULL THEN 'no' ELSE 'yes' END")
    " UNION ALL SELECT d, 'referrals.pair', CASE WHEN agreement_id IS NULL THEN 'no' ELSE 'yes' END, "
    "  from_agency_id::text || '>' || to_agency_id::text, count(*), 0 FROM requested GROUP BY 1, 3, 4"
    " UNION ALL " ROLL_TOTAL("referrals.answered", "answered")
    ROLL_DIM("referrals.answered", "answered", "answer",
             "CASE WHEN decline_reason IS NULL THEN 'accepted' ELSE 'declined' END")
    ROLL_DIM("referrals.answered", "answered", "response_days",
             "CASE WHEN days <= 1 THEN '<=1' WHEN days <= 3 THEN '<=3' WHEN days <= 7 THEN '<=7' "
             "WHEN days <= 14 THEN '<=14' WHEN days <= 30 THEN '<=30' ELSE '>30' END")
    " UNION ALL " ROLL_TOTAL("referrals.ended", "ended")
    ROLL_DIM("referrals.ended", "ended", "status", "status")
    ROLL_DIM("referrals.ended", "ended", "outcome", "coalesce(outcome, 'none')")
    " UNION ALL " ROLL_TOTAL("referrals.overdue", "late")
    " UNION ALL " ROLL_TOTAL("goals.set", "goals_set")
    ROLL_DIM("goals.set", "goals_set", "field_of_action", "field_of_action")
    " UNION ALL " ROLL_TOTAL("goals.achieved", "goals_achieved")
    ROLL_DIM("goals.achieved", "goals_achieved", "field_of_action", "field_of_action")
    " UNION ALL " ROLL_TOTAL("goals.not_achieved", "goals_missed")
    ROLL_DIM("goals.not_achieved", "goals_missed", "field_of_action", "field_of_action")
    " UNION ALL " ROLL_TOTAL("barriers.reported", "reported")
    ROLL_DIM("barriers.reported", "reported", "code", "code")
    ROLL_DIM("barriers.reported", "reported", "field_of_action", "field_of_action")
    ROLL_DIM("barriers.reported", "reported", "source", "source")
    " UNION ALL SELECT d, 'conferences.held', 'total', '', count(*), 0 FROM held GROUP BY d"
    " UNION ALL SELECT d, 'conferences.participants', 'total', '', sum(participants), 0 FROM held GROUP BY d "
    "  HAVING sum(participants) > 0"
    " UNION ALL SELECT d, 'conferences.cancelled', 'total', '', count(*), 0 FROM cancelled GROUP BY d"
    " UNION ALL " ROLL_TOTAL("decisions.made", "decided")
    ROLL_DIM("decisions.made", "decided", "state", "state")
    " UNION ALL " ROLL_TOTAL("outcomes.german_level", "language")
    ROLL_DIM("outcomes.german_level", "language", "intake>latest",
             "coalesce(first_german, 'unknown') || '>' || coalesce(last_german, 'unknown')")
    " UNION ALL " ROLL_TOTAL("outcomes.employment", "work")
    ROLL_DIM("outcomes.employment", "work", "intake>closure",
             "coalesce(first_work, 'unknown') || '>' || coalesce(last_work, 'unknown')")
    " UNION ALL " ROLL_TOTAL("handovers.moved_out", "moved_out")
    " UNION ALL " ROLL_TOTAL("handovers.moved_in", "moved_in")
    " UNION ALL SELECT d, 'agreements.activated', 'valid', valid_from::text || '>' || coalesce(valid_until::text, ''), "
    "  count(*), 0 FROM activated GROUP BY 1, 3, 4"
    ") x",
    2};

/* Every indicator from the rollups, with the cell keys; $1-$3 as above,
 * $4 the nationalities published by name (text[]; the others are
 * "other").  A case is active at the end of period p when it was opened
 * before p's end and not closed before it: opened minus closed over every
 * day before the end, for the count and for the key.  An agreement is
 * active in p when it was activated before p's end and its validity
 * overlaps p. */
const db_stmt_t STATS_ROLLUP = {
    "stats_rollup",
    PERIODS
    "s AS (SELECT date_trunc($3, x.day::timestamp) AS start, x.day, x.indicator, x.breakdown, x.value, x.n, x.k "
    "  FROM stat_days x WHERE x.network_id = lotse_network() AND x.day < (SELECT hi FROM span)), "
    "cur AS (SELECT * FROM s WHERE start >= (SELECT lo FROM span)), "
    "counts AS (SELECT start, indicator, breakdown, CASE WHEN breakdown = 'nationality' "
    "  AND value <> 'unknown' AND value <> ALL ($4::text[]) THEN 'other' ELSE value END AS value, "
    "  sum(n) AS n, sum(k) % 4294967296 AS k FROM cur WHERE indicator NOT IN ('referrals.pair', 'agreements.activated') "
    "  AND NOT (indicator = 'cases.closed' AND breakdown = 'target_group') GROUP BY 1, 2, 3, 4), "
    "totals AS (SELECT p.start, t.indicator FROM periods p, unnest(ARRAY['cases.opened', 'cases.closed', "
    "  'referrals.requested', 'referrals.answered', 'referrals.ended', 'referrals.overdue', 'goals.set', "
    "  'goals.achieved', 'goals.not_achieved', 'barriers.reported', 'conferences.held', 'conferences.participants', "
    "  'conferences.cancelled', 'decisions.made', 'outcomes.german_level', 'outcomes.employment', "
    "  'handovers.moved_in', 'handovers.moved_out']) t(indicator)), "
    "tg AS (SELECT day, value, sum(CASE WHEN indicator = 'cases.opened' THEN n ELSE -n END) AS d, "
    "  sum(CASE WHEN indicator = 'cases.opened' THEN k ELSE -k END) AS dk FROM s "
    "  WHERE breakdown = 'target_group' AND indicator IN ('cases.opened', 'cases.closed') GROUP BY 1, 2), "
    "active AS (SELECT p.start, tg.value, sum(tg.d) AS n, (sum(tg.dk) % 4294967296 + 4294967296) % 4294967296 AS k "
    "  FROM periods p JOIN tg ON tg.day < p.stop GROUP BY 1, 2), "
    "pairs AS (SELECT DISTINCT start, breakdown, value FROM cur WHERE indicator = 'referrals.pair'), "
    "ag AS (SELECT day, split_part(value, '>', 1)::date AS vf, nullif(split_part(value, '>', 2), '')::date AS vu, n "
    "  FROM s WHERE indicator = 'agreements.activated') "
    LABEL
    "SELECT t.start, t.indicator, 'total' AS breakdown, '' AS value, coalesce(c.n, 0) AS n, "
    "  coalesce(c.k, 0) AS k FROM totals t "
    "  LEFT JOIN counts c ON c.start = t.start AND c.indicator = t.indicator AND c.breakdown = 'total'"
    " UNION ALL SELECT start, indicator, breakdown, value, n, k FROM counts WHERE breakdown <> 'total'"
    " UNION ALL SELECT p.start, 'cases.active', 'total', '', coalesce(sum(a.n), 0), "
    "  coalesce(sum(a.k), 0) % 4294967296 FROM periods p LEFT JOIN active a ON a.start = p.start GROUP BY p.start"
    " UNION ALL SELECT start, 'cases.active', 'target_group', value, n, k FROM active WHERE n > 0"
    " UNION ALL SELECT p.start, 'referrals.agency_pairs', 'total', '', count(x.value), 0 FROM periods p "
    "  LEFT JOIN pairs x ON x.start = p.start GROUP BY p.start"
    " UNION ALL SELECT start, 'referrals.agency_pairs', 'under_agreement', breakdown, count(*), 0 FROM pairs "
    "  GROUP BY 1, 4"
    " UNION ALL SELECT p.start, 'agreements.active', 'total', '', coalesce(sum(a.n), 0), 0 FROM periods p "
    "  LEFT JOIN ag a ON a.day < p.stop AND a.vf < p.stop::date AND (a.vu IS NULL OR a.vu >= p.start::date) "
    "  GROUP BY p.start"
    ") x ORDER BY 1, 2, 3, 4",
    4};

/* The network's barrier codes (built in and its own) and its
 * municipalities ("unknown" too): the fixed values of the code and
 * municipality breakdowns. */
#define CODES "SELECT code FROM barrier_codes WHERE network_id IS NULL OR network_id = lotse_network()"
#define MUNICIPALITIES \
    "SELECT ags FROM municipalities WHERE network_id = lotse_network() UNION SELECT 'unknown'"

/* The gap register's cells with their keys: barriers per period x code,
 * per period x code x field of action and per period x code x
 * municipality, for every code, field ($4, text[]) and municipality of
 * the network whether or not a barrier was reported; $1-$3 as above, with
 * one more period before the first (for the trend; requested false):
 * period, previous (label), code, f, m ('' where the row is not of that
 * breakdown), n, key, requested. */
const db_stmt_t STATS_BARRIERS = {
    "stats_barriers",
    "WITH step AS (SELECT CASE $3 WHEN 'quarter' THEN interval '3 months' ELSE ('1 ' || $3)::interval END AS i), "
    "periods AS (SELECT p AS start FROM generate_series(date_trunc($3, $1::timestamp) - (SELECT i FROM step), "
    "  $2::timestamp, (SELECT i FROM step)) p), "
    "span AS (SELECT min(start) AS lo, max(start) + (SELECT i FROM step) AS hi FROM periods), "
    "b AS (SELECT " PERIOD_OF("x.created_at") ", x.code, x.field_of_action AS f, "
    "  coalesce(x.municipality_ags, 'unknown') AS m, x.record_key FROM barriers x "
    "  WHERE x.network_id = lotse_network() AND " IN_SPAN("x.created_at") "), "
    "counts AS (SELECT start, code, coalesce(f, '') AS f, coalesce(m, '') AS m, count(*) AS n, "
    "  sum(record_key) % 4294967296 AS k FROM b GROUP BY GROUPING SETS ((start, code, f), (start, code, m), "
    "  (start, code))), "
    "cells AS (SELECT p.start, c.code, v.f, v.m FROM periods p, (" CODES ") c, "
    "  (SELECT '' AS f, '' AS m UNION ALL SELECT f, '' FROM unnest($4::text[]) f "
    "   UNION ALL SELECT '', ags FROM (" MUNICIPALITIES ") m) v) "
    "SELECT " PERIOD_LABEL("g.start") " AS period, " PERIOD_LABEL("g.start - (SELECT i FROM step)") " AS previous, "
    "g.code, g.f, g.m, coalesce(c.n, 0) AS n, coalesce(c.k, 0) AS key, "
    "g.start >= date_trunc($3, $1::timestamp) AS requested "
    "FROM cells g LEFT JOIN counts c ON c.start = g.start AND c.code = g.code AND c.f = g.f AND c.m = g.m",
    4};

/* The fixed values of the breakdowns that depend on the network: its
 * municipalities, barrier codes and the pairs of kinds of its agencies
 * (referrals from one kind to another).  breakdown, value. */
const db_stmt_t STATS_VALUES = {
    "stats_values",
    "SELECT 'municipality' AS breakdown, ags AS value FROM (" MUNICIPALITIES ") m "
    "UNION ALL SELECT 'code', code FROM (" CODES ") c "
    "UNION ALL SELECT DISTINCT 'agency_kinds', a.kind || '>' || b.kind FROM agencies a, agencies b "
    "  WHERE a.network_id = lotse_network() AND b.network_id = lotse_network()",
    0};

const db_stmt_t STATS_NETWORKS = {
    "stats_networks", "SELECT id, code FROM networks ORDER BY code", 0};
