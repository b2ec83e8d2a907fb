#!/usr/bin/env bash
# growth.sh - `make bench-growth` (not in CI; issue 21): Lotse as a
# state-wide deployment grows.  One cluster grows through the sizes of
# GROWTH_SIZES ("cases:audit_rows ...", default "10000:1000000
# 100000:10000000 1000000:50000000"; the last needs about 35 GB and half an
# hour): at each size every read below is measured with one client
# (GROWTH_CALLS sequential calls: median and slowest) and with 16
# connections (wrk, GROWTH_SECONDS: p50, p99, non-2xx), then once more with
# every plan generic.  The table goes to stdout and build/bench/growth.md,
# the plans of statements over GROWTH_EXPLAIN_MS (default 100) to
# build/bench/growth-plans.log.
set -euo pipefail
cd "$(dirname "$0")/../.."
sizes=${GROWTH_SIZES:-"10000:1000000 100000:10000000 1000000:50000000"}
calls=${GROWTH_CALLS:-21}
secs=${GROWTH_SECONDS:-5}
# shellcheck source=tests/bench/common.sh
source tests/bench/common.sh
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"

eval "$(bash deploy/pg-local.sh start "$work/pg")"
export DATABASE_URL LOTSE_MIGRATION_DATABASE_URL LOTSE_SUPER_URL
# the plans of the service's statements over 100 ms go to the server's log
# (build/bench/growth-plans.log; row counts, no per-node timing)
service=$(psql "$DATABASE_URL" -Atc "SELECT current_user")
for setting in "session_preload_libraries = 'auto_explain'" "auto_explain.log_min_duration = '${GROWTH_EXPLAIN_MS:-100}ms'" \
  "auto_explain.log_nested_statements = on" "auto_explain.log_analyze = on" "auto_explain.log_timing = off" \
  "auto_explain.log_buffers = on"; do
  psql "$LOTSE_SUPER_URL" -q -c "ALTER ROLE \"$service\" SET $setting"
done
cp build/lotse "$work/lotse" # the binary as it was at the start: a rebuild meanwhile changes nothing here
"$work/lotse" migrate 2>/dev/null
psql "$LOTSE_SUPER_URL" -q -v ON_ERROR_STOP=1 -f db/seed/demo.sql >/dev/null
base=http://127.0.0.1:8080
export LOTSE_THREADS=16
# (re)starts Lotse; its connections take the service role's settings anew
serve() {
  if [ -n "$pid" ]; then kill -TERM "$pid"; wait "$pid" 2>/dev/null || true; fi
  LOTSE_MIGRATION_DATABASE_URL= "$work/lotse" serve 2>>"$work/lotse.log" &
  pid=$!
  for _ in $(seq 100); do curl -fs "$base/healthz" >/dev/null && break; sleep 0.1; done
}
serve
auditor=$(tok demo-auditor $base); jc=$(tok demo-jobcenter $base); ca=$(tok demo-caritas $base)
ministry=$(tok demo-ministry $base)
caritas=b0000000-0000-4000-8000-000000000007
day=$(date -u -d '100 days ago' +%Y-%m-%d); next=$(date -u -d '99 days ago' +%Y-%m-%d)
from=$(date -u -d '1 year ago' +%Y-%m-01); to=$(date -u +%Y-%m-%d)

# name|token|path ({c}: a random case of the bench)
ops=(
  "GET /v1/audit?case_id (auditor)|$auditor|/v1/audit?case_id={c}&limit=50"
  "GET /v1/audit?agency_id&from&to, one day|$auditor|/v1/audit?agency_id=$caritas&from=${day}T00:00:00Z&to=${next}T00:00:00Z&limit=50"
  "GET /v1/cases/{id}/export (lead)|$jc|/v1/cases/{c}/export"
  "GET /v1/referrals?direction=incoming&overdue=true|$ca|/v1/referrals?direction=incoming&overdue=true&limit=50"
  "GET /v1/statistics, one year (ministry)|$ministry|/v1/statistics?from=$from&to=$to&granularity=month"
  "GET /v1/cases/{id} (partner)|$ca|/v1/cases/{c}"
  "GET /v1/cases?target_group=...&limit=50|$ca|/v1/cases?target_group=eu_migrant&limit=50"
  "GET /v1/events?limit=100|$ca|/v1/events?limit=100"
  "GET /v1/audit?actor&from&to, one day|$auditor|/v1/audit?actor=client:demo-caritas&from=${day}T00:00:00Z&to=${next}T00:00:00Z&limit=50"
  "GET /v1/cases?limit=50 (partner)|$ca|/v1/cases?limit=50"
  "GET /v1/cases?q=reference (lead)|$jc|/v1/cases?q=RBK-GROW-0000{n}&limit=50"
  "GET /v1/referrals?direction=outgoing&limit=50|$jc|/v1/referrals?direction=outgoing&limit=50"
  "GET /v1/conferences?limit=50 (partner)|$ca|/v1/conferences?limit=50"
  "GET /v1/action-items?limit=50 (partner)|$ca|/v1/action-items?limit=50"
  "GET /v1/cases/{id}/journal (lead)|$jc|/v1/cases/{c}/journal"
  "GET /v1/cases/{id}/goals (partner)|$ca|/v1/cases/{c}/goals"
  "GET /v1/offers?q=Sprachkurs|$ca|/v1/offers?q=Sprachkurs"
)
case_of() { printf 'c0000000-0000-4000-8000-%012d' $((1 + (RANDOM * 32768 + RANDOM) % $1)); }
# the sorted times of $calls sequential calls of path ($3) with token $2, $1 cases, after
# as many unmeasured ones as Lotse has connections (a connection's first read of the
# partitioned audit log loads its partitions' descriptions: about 17 ms once)
one_client() {
  for _ in $(seq "${LOTSE_THREADS:-16}"); do
    local w=${3//\{c\}/$(case_of "$1")}
    curl -s -o /dev/null -H "Authorization: Bearer $2" "$base${w//\{n\}/$((RANDOM % 900 + 100))}"
  done
  for _ in $(seq "$calls"); do
    local p=${3//\{c\}/$(case_of "$1")}
    curl -s -o /dev/null -w '%{time_total}\n' -H "Authorization: Bearer $2" "$base${p//\{n\}/$((RANDOM % 900 + 100))}"
  done | sort -n
}
ms() { awk -v t="$1" 'BEGIN {printf "%.1f ms", t * 1000}'; }
generic="| operation | cases / audit rows | 1 client median, every plan generic |"$'\n'"|---|---|---|"

out=build/bench/growth.md
echo "| operation | cases / audit rows | 1 client median | 1 client slowest | 16 conn. p50 | 16 conn. p99 | non-2xx |" | tee "$out"
echo "|---|---|---|---|---|---|---|" | tee -a "$out"
seeded=0; audited=0
for size in $sizes; do
  n=${size%%:*}; a=${size##*:}
  echo "== growing to $n cases and $a audit rows" >&2
  psql "$LOTSE_SUPER_URL" -q -v ON_ERROR_STOP=1 -v first=$((seeded + 1)) -v last="$n" -f tests/bench/seed_growth.sql >/dev/null
  seeded=$n
  psql "$LOTSE_SUPER_URL" -q -v ON_ERROR_STOP=1 -v first=$((audited + 1)) -v last="$a" -v cases="$n" \
    -f tests/bench/seed_audit.sql >/dev/null
  audited=$a
  first=$(curl -s -o /dev/null -w '%{time_total}' -H "Authorization: Bearer $ministry" \
    "$base/v1/statistics?from=$from&to=$to&granularity=month") # builds the rollups
  echo "   first statistics call after loading (one year, ministry): ${first} s" | tee -a "$out"
  psql "$LOTSE_SUPER_URL" -Atc "SELECT pg_size_pretty(pg_database_size(current_database()))" |
    sed 's/^/   database size: /' | tee -a "$out"
  for op in "${ops[@]}"; do
    IFS='|' read -r name token path <<<"$op"
    times=$(one_client "$n" "$token" "$path")
    median=$(sed -n "$(((calls + 1) / 2))p" <<<"$times"); slowest=$(tail -1 <<<"$times")
    lua="$work/op.lua"
    cat > "$lua" <<LUA
request = function()
  local p = string.gsub("$path", "{c}", string.format("c0000000-0000-4000-8000-%012d", math.random($n)))
  p = string.gsub(p, "{n}", tostring(math.random(100, 999)))
  return wrk.format("GET", p, { ["Authorization"] = "Bearer $token" })
end
LUA
    w=$(wrk -t 2 -c 16 -d "${secs}s" --latency -s "$lua" "$base" 2>&1)
    p50=$(awk '$1 == "50%" {print $2}' <<<"$w"); p99=$(awk '$1 == "99%" {print $2}' <<<"$w")
    bad=$(sed -n 's/.*Non-2xx or 3xx responses: *\([0-9]*\).*/\1/p' <<<"$w"); bad=${bad:-0}
    printf '| %s | %s / %s | %s | %s | %s | %s | %s |\n' "$name" "$n" "$a" "$(ms "$median")" "$(ms "$slowest")" \
      "$p50" "$p99" "$bad" | tee -a "$out"
  done
  # the same reads with every plan generic (as after five executions of a prepared statement
  # when the planner finds it no costlier): an optional filter left unused must not scan
  psql "$LOTSE_SUPER_URL" -q -c "ALTER ROLE \"$service\" SET plan_cache_mode = force_generic_plan"
  serve
  for op in "${ops[@]}"; do
    IFS='|' read -r name token path <<<"$op"
    median=$(one_client "$n" "$token" "$path" | sed -n "$(((calls + 1) / 2))p")
    generic+=$'\n'"| $name | $n / $a | $(ms "$median") |"
  done
  psql "$LOTSE_SUPER_URL" -q -c "ALTER ROLE \"$service\" RESET plan_cache_mode"
  serve
  bytes=$(psql "$LOTSE_SUPER_URL" -Atc "SELECT round(sum(pg_total_relation_size(c.oid))::numeric / $a) FROM pg_inherits i
    JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'audit_log'::regclass")
  echo "   audit log: $bytes bytes per row (heap, indexes, TOAST) at $a rows" | tee -a "$out"
done
echo | tee -a "$out"
echo "$generic" | tee -a "$out"
cp "$work/pg/postgres.log" build/bench/growth-plans.log 2>/dev/null || true
