#!/usr/bin/env bash
# search.sh - `make bench-search` (not in CI; issue 22): the person search's
# recall on generated German and transliterated names with known variants,
# and its latency (tests/bench/search_quality.py says what it generates).
# SEARCH_PEOPLE (default 10000) and SEARCH_QUERIES (default 2000);
# SEARCH_SCALE=N (e.g. 1000000) adds cases up to N in all, people as a
# network meets them (tests/bench/seed_search.sql; 1,000,000 take about
# three minutes to load).  Ends with the plan of one search's inner query
# (EXPLAIN ANALYZE, BUFFERS) and the time a search takes before and after
# 1,000 cases of its name are registered that the caller does not see.
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=tests/bench/common.sh
source tests/bench/common.sh
eval "$(bash deploy/pg-local.sh start "$work/pg")"
export DATABASE_URL LOTSE_MIGRATION_DATABASE_URL LOTSE_SUPER_URL
build/lotse migrate 2>/dev/null
psql "$LOTSE_SUPER_URL" -q -v ON_ERROR_STOP=1 -f db/seed/demo.sql >/dev/null
people=${SEARCH_PEOPLE:-10000}
if [ "${SEARCH_SCALE:-0}" -gt "$people" ]; then
  echo "== seeding $((SEARCH_SCALE - people)) more cases" >&2
  psql "$LOTSE_SUPER_URL" -q -v ON_ERROR_STOP=1 -v first=1 -v last=$((SEARCH_SCALE - people)) \
    -f tests/bench/seed_search.sql >/dev/null
fi
export LOTSE_PORT=${SEARCH_PORT:-8093}
LOTSE_MIGRATION_DATABASE_URL= build/lotse serve 2>"$work/lotse.log" &
pid=$!
BASE=http://127.0.0.1:$LOTSE_PORT
for _ in $(seq 100); do curl -fs "$BASE/healthz" >/dev/null && break; sleep 0.1; done
BASE=$BASE TOKEN=$(tok demo-jobcenter "$BASE") CARITAS_TOKEN=$(tok demo-caritas "$BASE") \
  python3 tests/bench/search_quality.py | tee build/bench/search.md
# the plan of the search's own query (auto_explain of the statement inside lotse_person_search)
{
  echo
  echo "Plan of the inner query of a search for 'Mohammed Müller', born 1990, by the Jobcenter:"
  psql "$LOTSE_SUPER_URL" -qAtX -v ON_ERROR_STOP=1 2>&1 >/dev/null <<'SQL' |
LOAD 'auto_explain';
SET auto_explain.log_min_duration = 0; SET auto_explain.log_analyze = on; SET auto_explain.log_buffers = on;
SET auto_explain.log_nested_statements = on; SET auto_explain.log_level = notice;
SELECT set_config('lotse.network_id', 'a0000000-0000-4000-8000-000000000001', false),
       set_config('lotse.agency_id', 'b0000000-0000-4000-8000-000000000003', false);
SELECT count(*) FROM lotse_person_search('Mohammed Müller', NULL, 1990, NULL, NULL, 6);
SQL
    awk '/NOTICE:/ {mine = plan = 0} /NOTICE: +duration/ {head = $0; next}
         head != "" {mine = /WITH (seen|cand)/; if (mine) print head; head = ""}
         mine && /\(cost=/ {plan = 1} plan'
} | tee -a build/bench/search.md
