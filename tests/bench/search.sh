#!/usr/bin/env bash
# search.sh - `make bench-search` (not in CI; issue 22): the person search's
# recall on generated German and transliterated names with known variants,
# and its latency (tests/bench/search_quality.py says what it generates).
# SEARCH_PEOPLE (default 10000) and SEARCH_QUERIES (default 2000).
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=tests/bench/common.sh
source tests/bench/common.sh
eval "$(bash deploy/pg-local.sh start "$work/pg")"
export DATABASE_URL LOTSE_MIGRATION_DATABASE_URL LOTSE_SUPER_URL
build/lotse migrate 2>/dev/null
psql "$LOTSE_SUPER_URL" -q -v ON_ERROR_STOP=1 -f db/seed/demo.sql >/dev/null
export LOTSE_PORT=${SEARCH_PORT:-8093}
LOTSE_MIGRATION_DATABASE_URL= build/lotse serve 2>"$work/lotse.log" &
pid=$!
BASE=http://127.0.0.1:$LOTSE_PORT
for _ in $(seq 100); do curl -fs "$BASE/healthz" >/dev/null && break; sleep 0.1; done
BASE=$BASE TOKEN=$(tok demo-jobcenter "$BASE") python3 tests/bench/search_quality.py | tee build/bench/search.md
