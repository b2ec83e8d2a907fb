#!/usr/bin/env bash
# stats.sh [REV] - `make bench-stats`: the ministry's statistics (one year by
# month, GET /v1/statistics) over 100,000 cases in twelve networks with a
# referral for every second one (seed_stats.sql): the first call after the
# load (it counts every day into the rollups) and the median of five calls
# after it; then how far the published counts lie from the true ones
# (utility.py).  With REV, the same latencies for that revision too, each
# in its own cluster, measured in turns in one session (this / REV).
set -euo pipefail
cd "$(dirname "$0")/../.."
rev=${1:-}
# shellcheck source=tests/bench/common.sh
source tests/bench/common.sh

variants=(new)
declare -A TREE=([new]=.) PORT=([old]=18781 [new]=18782) URL
if [ -n "$rev" ]; then
  old=build/bench/rev-$(git rev-parse --short "$rev")
  if [ ! -x "$old/build/lotse" ]; then
    echo "== building $rev in $old" >&2
    rm -rf "$old" && mkdir -p "$old"
    git archive "$rev" | tar -x -C "$old"
    make -C "$old" -s all >/dev/null
  fi
  TREE[old]=$old
  variants=(old new)
fi
pids=()
stop_all() {
  for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  for v in old new; do bash deploy/pg-local.sh stop "$work/$v" >/dev/null 2>&1 || true; done
  cleanup
}
trap stop_all EXIT

for v in "${variants[@]}"; do
  eval "$(bash deploy/pg-local.sh start "$work/$v")"
  URL[$v]=$LOTSE_SUPER_URL
  (cd "${TREE[$v]}" && LOTSE_MIGRATION_DATABASE_URL=$LOTSE_MIGRATION_DATABASE_URL build/lotse migrate 2>/dev/null)
  psql "$LOTSE_SUPER_URL" -q -v ON_ERROR_STOP=1 -f "${TREE[$v]}/db/seed/demo.sql" >/dev/null
  echo "== $v: seeding 100,000 cases in twelve networks" >&2
  psql "$LOTSE_SUPER_URL" -q -v ON_ERROR_STOP=1 -v first=1 -v last=100000 -f tests/bench/seed_stats.sql >/dev/null
  DATABASE_URL=$DATABASE_URL LOTSE_PORT=${PORT[$v]} LOTSE_MIGRATION_DATABASE_URL= "${TREE[$v]}/build/lotse" serve \
    2>"$work/$v.log" &
  pids+=($!)
  for _ in $(seq 100); do curl -fs "http://127.0.0.1:${PORT[$v]}/healthz" >/dev/null && break; sleep 0.1; done
done

from=$(date -u -d '1 year ago' +%Y-%m-01); to=$(date -u +%Y-%m-%d)
stats() {
  curl -s -o /dev/null -w '%{time_total}\n' -H "Authorization: Bearer $2" \
    "http://127.0.0.1:${PORT[$1]}/v1/statistics?from=$from&to=$to&granularity=month"
}
declare -A TOKEN FIRST RUNS
for v in "${variants[@]}"; do
  TOKEN[$v]=$(tok demo-ministry "http://127.0.0.1:${PORT[$v]}")
  FIRST[$v]=$(stats "$v" "${TOKEN[$v]}")
done
for _ in 1 2 3 4 5; do
  for v in "${variants[@]}"; do RUNS[$v]="${RUNS[$v]:-} $(stats "$v" "${TOKEN[$v]}")"; done
done
median() { tr ' ' '\n' <<<"$1" | grep . | sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }
for v in "${variants[@]}"; do
  printf '   ST: %-14s GET /v1/statistics, 100,000 cases: first call %.2f s, then median %.3f s (of%s)\n' \
    "$([ "$v" = old ] && echo "$rev" || echo "this checkout")" "${FIRST[$v]}" "$(median "${RUNS[$v]}")" "${RUNS[$v]}"
done
if [ -n "$rev" ]; then
  awk -v a="$(median "${RUNS[new]}")" -v b="$(median "${RUNS[old]}")" -v c="${FIRST[new]}" -v d="${FIRST[old]}" \
    'BEGIN { printf "   ST: this / %s: repeated call %.2f, first call %.2f\n", "REV", a / b, c / d }'
fi
perf record -g -o /tmp/perf.data -p ${pids[0]} -- sleep 6 & sleep 0.5; for _ in 1 2 3 4 5 6 7 8; do stats new "${TOKEN[new]}"; done; wait
