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

const db_stmt_t STATS_NETWORKS = {
    "stats_networks", "SELECT id, code FROM networks ORDER BY code", 0};
