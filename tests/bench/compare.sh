#!/usr/bin/env bash
# compare.sh REV - A1 (GET /v1/cases/{id} by a consented agency) and A4
# (POST /v1/referrals) of revision REV and of this checkout, measured in
# turns in one session (`make bench-compare REV=...`): each is built from
# its own tree, migrated into its own private cluster with the demo
# network and 100,000 cases, and served with the bench settings of
# common.sh; then BENCH_ROUNDS (3) rounds run each scenario for
# BENCH_SECONDS (10) at 64 connections against REV and this checkout in
# turn (BENCH_SCENARIOS="a1" for one).  Prints the median req/s of each and their ratio (this / REV).
set -euo pipefail
cd "$(dirname "$0")/../.."
rev=${1:?usage: compare.sh REV}
secs=${BENCH_SECONDS:-10}
rounds=${BENCH_ROUNDS:-3}
# shellcheck source=tests/bench/common.sh
source tests/bench/common.sh
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"

old=build/bench/rev-$(git rev-parse --short "$rev")
if [ ! -x "$old/build/lotse" ]; then
  echo "== building $rev in $old" >&2
  rm -rf "$old" && mkdir -p "$old"
  git archive "$rev" | tar -x -C "$old"
  make -C "$old" -s all >/dev/null
fi

pids=()
stop_all() {
  for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  for v in old new; do bash deploy/pg-local.sh stop "$work/$v" >/dev/null 2>&1 || true; done
  cleanup
}
trap stop_all EXIT

# start_variant NAME TREE PORT: its own cluster in $work/NAME, migrated
# and seeded by its own tree, and its lotse on PORT
start_variant() {
  local name=$1 tree=$2 port=$3 urls
  urls=$(bash deploy/pg-local.sh start "$work/$name")
  eval "$urls"
  (cd "$tree" && LOTSE_MIGRATION_DATABASE_URL=$LOTSE_MIGRATION_DATABASE_URL build/lotse migrate 2>/dev/null)
  psql "$LOTSE_SUPER_URL" -q -v ON_ERROR_STOP=1 -f "$tree/db/seed/demo.sql" >/dev/null
  echo "== $name: seeding 100,000 cases" >&2
  psql "$LOTSE_SUPER_URL" -q -v ON_ERROR_STOP=1 -f "$tree/tests/bench/seed_cases.sql" >/dev/null
  DATABASE_URL=$DATABASE_URL LOTSE_PORT=$port LOTSE_MIGRATION_DATABASE_URL= "$tree/build/lotse" serve \
    2>"$work/$name.log" &
  pids+=($!)
  for _ in $(seq 100); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
}

declare -A PORT=([old]=18771 [new]=18772) TREE=([old]=$old [new]=.)
for v in old new; do
  start_variant "$v" "${TREE[$v]}" "${PORT[$v]}"
done

caritas=b0000000-0000-4000-8000-000000000007
for v in old new; do
  base=http://127.0.0.1:${PORT[$v]}
  ca=$(tok demo-caritas "$base")
  jc=$(tok demo-jobcenter "$base")
  cat > "$work/$v-a1.lua" <<LUA
request = function()
  return wrk.format("GET", string.format("/v1/cases/c0000000-0000-4000-8000-%012d", math.random(100000)),
    { ["Authorization"] = "Bearer $ca" })
end
LUA
  cat > "$work/$v-a4.lua" <<LUA
request = function()
  return wrk.format("POST", "/v1/referrals", { ["Authorization"] = "Bearer $jc",
    ["Content-Type"] = "application/json" },
    string.format('{"case_id":"c0000000-0000-4000-8000-%012d","to_agency_id":"$caritas","field_of_action":"language"}',
      math.random(99999)))
end
LUA
  wrk -t 2 -c 64 -d 3s -s "$work/$v-a1.lua" "$base" >/dev/null # warm-up
done

# rps V SCENARIO: requests/s of one run (non-2xx answers make it fail)
rps() {
  local out; out=$(wrk -t 2 -c 64 -d "${secs}s" -s "$work/$1-$2.lua" "http://127.0.0.1:${PORT[$1]}")
  if grep -q "Non-2xx" <<<"$out"; then echo "compare: $1 $2 answered non-2xx: $out" >&2; exit 1; fi
  sed -n 's/^Requests\/sec: *\([0-9.]*\)/\1/p' <<<"$out" | awk '{printf "%.0f", $1}'
}
declare -A RUNS
for r in $(seq "$rounds"); do
  for s in ${BENCH_SCENARIOS:-a1 a4}; do
    for v in old new; do
      x=$(rps "$v" "$s")
      RUNS[$v-$s]="${RUNS[$v-$s]:-} $x"
      echo "   round $r  ${s^^}  $v ($([ $v = old ] && echo "$rev" || echo this checkout)): $x req/s" >&2
    done
  done
done
median() { tr ' ' '\n' <<<"$1" | grep . | sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }
echo "| scenario | $rev req/s (median of $rounds) | this checkout req/s | ratio | runs ($rev; this) |"
echo "|---|---|---|---|---|"
for s in ${BENCH_SCENARIOS:-a1 a4}; do
  o=$(median "${RUNS[old-$s]}"); n=$(median "${RUNS[new-$s]}")
  name=$([ $s = a1 ] && echo "A1: GET /v1/cases/{id}" || echo "A4: POST /v1/referrals")
  echo "| $name | $o | $n | $(awk -v a="$n" -v b="$o" 'BEGIN {printf "%.2f", a / b}') |${RUNS[old-$s]};${RUNS[new-$s]} |"
done
