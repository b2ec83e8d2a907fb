#!/usr/bin/env bash
# run.sh - `make bench`: throughput of Lotse against what PostgreSQL
# itself does on the same machine, measured in one run.
#   B = pgbench -S -M prepared (select-only, prepared), the baseline
#   A = wrk: GET /v1/agencies/{id} (token check, transaction, tenant
#       context, RLS-filtered read) with 64 connections
#   C = wrk: GET /v1/cases/{id}, random ids over 100,000 seeded cases, read
#       by a consented non-lead agency (access check + audit row each)
#   H0 = wrk: GET /healthz, the HTTP ceiling (no database)
#   R = wrk: POST /v1/referrals (random case, Jobcenter to Caritas) and
#   L = wrk: GET /v1/referrals?direction=incoming of Caritas, each beside a
#       pgbench run of the very SQL that lotse sent for one such request
#       (captured from PostgreSQL's statement log, replayed by replay.py)
# C, R and L are also compared with pgbench running the very SQL of one such
# request (their SQL ceiling).  Prints requests/s, p50/p99/p99.9 latency,
# lotse's resident memory after each run and the ratios to B.  BENCH_SECONDS sets
# the duration of each run.
set -euo pipefail
cd "$(dirname "$0")/../.."
secs=${BENCH_SECONDS:-10}
BIN=/usr/lib/postgresql/15/bin

work=$(mktemp -d /tmp/lotse-bench-XXXXXX)
chmod 755 "$work"
pid=""
cleanup() {
  [ -n "$pid" ] && kill -TERM "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true
  bash deploy/pg-local.sh stop "$work/pg" || true
  rm -rf "$work"
}
trap cleanup EXIT

eval "$(bash deploy/pg-local.sh start "$work/pg")"
export DATABASE_URL LOTSE_MIGRATION_DATABASE_URL
build/lotse migrate 2>/dev/null
psql "$LOTSE_SUPER_URL" -q -v ON_ERROR_STOP=1 -f db/seed/demo.sql >/dev/null
echo "== seeding 100,000 cases"
psql "$LOTSE_SUPER_URL" -q -v ON_ERROR_STOP=1 -f tests/bench/seed_cases.sql >/dev/null

echo "== baseline B: pgbench -S -M prepared, 64 clients, ${secs}s"
psql "$LOTSE_SUPER_URL" -q -c "CREATE DATABASE bench" >/dev/null
bench_url="${LOTSE_SUPER_URL/\/lotse\?//bench?}"
"$BIN/pgbench" -i -q -s 10 "$bench_url" >/dev/null 2>&1
B=$("$BIN/pgbench" -S -M prepared -c 64 -j 2 -T "$secs" "$bench_url" 2>/dev/null |
    sed -n 's/^tps = \([0-9.]*\).*/\1/p')
printf "   B = %.0f tps\n" "$B"

export LOTSE_LISTEN=127.0.0.1 LOTSE_LOG_LEVEL=warn
# wrk is one client at one address: limits high enough never to bite, but
# the buckets are still taken on every request (their cost is measured)
export LOTSE_RATE_CLIENT_PER_S=1000000 LOTSE_RATE_CLIENT_BURST=1000000
export LOTSE_RATE_ADDRESS_PER_S=1000000 LOTSE_RATE_ADDRESS_BURST=1000000
export LOTSE_JWT_SECRET=bench-only-secret-0123456789abcdef0123456789 LOTSE_MIGRATION_DATABASE_URL=
pglog="$work/pg/postgres.log"

# capture the SQL of one referral request and one incoming list, with a
# lotse whose connections log every statement
psql "$LOTSE_SUPER_URL" -q -c "ALTER ROLE lotse_app SET log_statement = 'all'"
LOTSE_PORT=18766 build/lotse serve 2>/dev/null &
cpid=$!
for _ in $(seq 50); do curl -fs "http://127.0.0.1:18766/healthz" >/dev/null && break; sleep 0.1; done
tok() { curl -s -u "$1:$1-secret" -d grant_type=client_credentials "$2/v1/oauth/token" |
        sed 's/.*"access_token":"\([^"]*\)".*/\1/'; }
jc=$(tok demo-jobcenter http://127.0.0.1:18766)
ca=$(tok demo-caritas http://127.0.0.1:18766)
bench_case=c0000000-0000-4000-8000-000000000042
curl -s -o /dev/null -H "Authorization: Bearer $jc" -H 'Content-Type: application/json' \
  -d "{\"case_id\":\"$bench_case\",\"to_agency_id\":\"b0000000-0000-4000-8000-000000000007\",\"field_of_action\":\"language\"}" \
  http://127.0.0.1:18766/v1/referrals  # warms the prepared statements
: > "$pglog"
curl -s -o /dev/null -H "Authorization: Bearer $jc" -H 'Content-Type: application/json' \
  -d "{\"case_id\":\"$bench_case\",\"to_agency_id\":\"b0000000-0000-4000-8000-000000000007\",\"field_of_action\":\"language\"}" \
  http://127.0.0.1:18766/v1/referrals
sleep 0.3
python3 tests/bench/replay.py "$pglog" "$bench_case" > "$work/referral_post.sql"
curl -s -o /dev/null -H "Authorization: Bearer $ca" "http://127.0.0.1:18766/v1/referrals?direction=incoming"
: > "$pglog"
curl -s -o /dev/null -H "Authorization: Bearer $ca" "http://127.0.0.1:18766/v1/referrals?direction=incoming"
sleep 0.3
python3 tests/bench/replay.py "$pglog" "$bench_case" > "$work/referral_list.sql"
curl -s -o /dev/null -H "Authorization: Bearer $ca" "http://127.0.0.1:18766/v1/cases/$bench_case"
: > "$pglog"
curl -s -o /dev/null -H "Authorization: Bearer $ca" "http://127.0.0.1:18766/v1/cases/$bench_case"
sleep 0.3
python3 tests/bench/replay.py "$pglog" "$bench_case" > "$work/case_read.sql"
kill -TERM "$cpid"; wait "$cpid" 2>/dev/null || true

psql "$LOTSE_SUPER_URL" -q -c "ALTER ROLE lotse_app RESET log_statement"

export LOTSE_PORT=18765
export LOTSE_THREADS=${LOTSE_THREADS:-16}
build/lotse serve 2>"$work/lotse.log" &
pid=$!
for _ in $(seq 50); do curl -fs "http://127.0.0.1:$LOTSE_PORT/healthz" >/dev/null && break; sleep 0.1; done
token=$(curl -s -u demo-caritas:demo-caritas-secret -d grant_type=client_credentials \
  "http://127.0.0.1:$LOTSE_PORT/v1/oauth/token" | sed 's/.*"access_token":"\([^"]*\)".*/\1/')

jtoken=$(curl -s -u demo-jobcenter:demo-jobcenter-secret -d grant_type=client_credentials \
  "http://127.0.0.1:$LOTSE_PORT/v1/oauth/token" | sed 's/.*"access_token":"\([^"]*\)".*/\1/')

# run_wrk NAME LUA_PATH_EXPRESSION [TOKEN [LUA_BODY_EXPRESSION]]: one result
# line with the ratio to B; with a body the request is a JSON POST
run_wrk() {
  local tok=${3:-$token} method=GET body=nil ctype=""
  if [ -n "${4:-}" ]; then method=POST; body=$4; ctype=', ["Content-Type"] = "application/json"'; fi
  cat > "$work/bench.lua" <<LUA
request = function()
  return wrk.format("$method", $2, { ["Authorization"] = "Bearer $tok"$ctype }, $body)
end
done = function(summary, latency, requests)
  io.write(string.format("BENCH %d %d %.0f %.0f %.0f\\n", summary.requests, summary.errors.status,
                         latency:percentile(50), latency:percentile(99), latency:percentile(99.9)))
end
LUA
  local out rps total errors p50 p99 p999 rss
  out=$(wrk -t 2 -c 64 -d "${secs}s" -s "$work/bench.lua" "http://127.0.0.1:$LOTSE_PORT")
  read -r _ total errors p50 p99 p999 <<<"$(grep '^BENCH' <<<"$out")"
  rps=$(sed -n 's/^Requests\/sec: *\([0-9.]*\)/\1/p' <<<"$out")
  rss=$(awk '/^VmRSS/ {print $2}' "/proc/$pid/status")
  LAST_RPS=$rps
  awk -v n="$1" -v a="$rps" -v b="$B" -v p50="$p50" -v p99="$p99" -v p999="$p999" -v e="$errors" \
    -v t="$total" -v rss="$rss" \
    'BEGIN { printf "   %-34s %9.0f req/s  %.2f x B  p50 %.2f  p99 %.2f  p99.9 %.2f ms  non-2xx %d of %d  RSS %d MB\n",
             n, a, a / b, p50 / 1000, p99 / 1000, p999 / 1000, e, t, rss / 1024 }'
}

echo "== lotse with $LOTSE_THREADS threads, wrk 64 connections, ${secs}s each"
run_wrk "H0: GET /healthz (no database)" '"/healthz"'
run_wrk "A: GET /v1/agencies/{id}" \
  '"/v1/agencies/" .. string.format("b0000000-0000-4000-8000-%012d", math.random(11))'
run_wrk "C: GET /v1/cases/{id} (consented)" \
  '"/v1/cases/" .. string.format("c0000000-0000-4000-8000-%012d", math.random(100000))'
C_RPS=$LAST_RPS
R_body="string.format('{\"case_id\":\"c0000000-0000-4000-8000-%012d\",\"to_agency_id\":\"b0000000-0000-4000-8000-000000000007\",\"field_of_action\":\"language\"}', math.random(100000))"
run_wrk "R: POST /v1/referrals" '"/v1/referrals"' "$jtoken" "$R_body"
run_wrk "L: GET /v1/referrals?direction=incoming" '"/v1/referrals?direction=incoming"'

# the same SQL without HTTP, JSON and auth: what PostgreSQL alone does
for s in case_read referral_post referral_list; do
  tps=$("$BIN/pgbench" -n -M prepared -c 64 -j 2 -T "$secs" -f "$work/$s.sql" "$DATABASE_URL" 2>"$work/$s.err" |
        sed -n 's/^tps = \([0-9.]*\).*/\1/p' || true)
  [ -n "$tps" ] || { echo "pgbench $s failed:"; head -5 "$work/$s.err"; exit 1; }
  awk -v n="$s (pgbench, same SQL)" -v a="${tps:-0}" -v b="$B" \
    'BEGIN { printf "   %-34s %9.0f tps    %.2f x B\n", n, a, a / b }'
  [ "$s" = case_read ] && awk -v c="$C_RPS" -v q="$tps" \
    'BEGIN { printf "   C against its own SQL ceiling          %.2f x\n", c / q }'
done

# S: the ministry's statistics of one year over 100,000 and then 1,000,000
# cases (and a referral for every second one) in twelve more networks.  The
# first call after a bulk load counts every marked day into the rollups;
# the median is of the calls after it; the last line changes one case of a
# past month in every network first (the usual case: a few marked days).
mtoken=$(curl -s -u demo-ministry:demo-ministry-secret -d grant_type=client_credentials \
  "http://127.0.0.1:$LOTSE_PORT/v1/oauth/token" | sed 's/.*"access_token":"\([^"]*\)".*/\1/')
from=$(date -u -d '1 year ago' +%Y-%m-01); to=$(date -u +%Y-%m-%d)
stats() {
  curl -s -o /dev/null -w '%{time_total}\n' -H "Authorization: Bearer $mtoken" \
    "http://127.0.0.1:$LOTSE_PORT/v1/statistics?from=$from&to=$to&granularity=month"
}
seeded=0
for total in 100000 1000000; do
  psql "$LOTSE_SUPER_URL" -q -v first=$((seeded + 1)) -v last=$total -f tests/bench/seed_stats.sql >/dev/null
  seeded=$total
  first=$(stats)
  times=$(for _ in 1 2 3 4 5; do stats; done | sort -n)
  printf '   S: GET /v1/statistics, %7d cases    median %.2f s (of %s), first call after the load %.2f s\n' \
    "$total" "$(sed -n 3p <<<"$times")" "$(tr '\n' ' ' <<<"$times")" "$first"
done
psql "$LOTSE_SUPER_URL" -q -c "UPDATE cases SET residence_status = 'eu_citizen'
  WHERE reference IN (SELECT 'BENCH-' || n FROM generate_series(1, 12) n)"
printf '   S: GET /v1/statistics, %7d cases    %.2f s after one case of a past month changed per network\n' \
  "$seeded" "$(stats)"
