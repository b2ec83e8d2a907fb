#!/usr/bin/env bash
# run.sh - `make bench`: Lotse against what PostgreSQL and HTTP alone do on
# the same machine, measured in one run (the scenarios of issue 10):
#   M   how steady the idle machine's CPU is (cpuprobe.c): the share of
#       20 ms windows in which the host ran it at under half its speed
#   B   pgbench -S -M prepared at 16/64/256 connections (the raw ceiling)
#   H0  GET /healthz (the HTTP ceiling, no database)
#   A1  GET /v1/cases/{id} as a consented non-lead agency over 100,000 cases
#       (access check, field filtering, audit row) at 16/64/256 connections
#   A2  A1 with RS256 and ES256 tokens of a trusted issuer, JWT cache on/off
#   A3  GET /v1/cases?target_group=...&limit=50 (a filtered page, audited)
#   A4  POST /v1/referrals          A5  PATCH /v1/cases/{id} with If-Match
#   SQL the very statements each of A1, A3, A4, A5 sent for one request
#       (PostgreSQL's statement log, replay.py), run by pgbench at 64
#       connections and at Lotse's own number right after the scenario:
#       its SQL ceiling is the better of the two
#   C1  A1 at 512 and 2,000 connections, and with a new connection per
#       request (Connection: close)
#   R   A1 at a fixed rate of 1,000/s, 50 % and 90 % of its peak
#       (fixedrate.c, latency from when each request was due), beside
#       pgbench running its SQL at the same rate; cpuprobe runs alongside,
#       and the p99 of the requests outside the CPU dips it saw is judged too
#   S1  a soak at 70 % of A1's peak: errors, RSS at the start and the end
#   ST  the ministry's statistics of one year over 100,000 and 1,000,000 cases
# Every row: requests/s, p50/p99/p99.9, errors (non-2xx and socket), Lotse's
# RSS, CPU per request of Lotse and of PostgreSQL (from /proc), the ratio and
# its target.  The table goes to stdout and build/bench/results.md.
# BENCH_SECONDS (default 10) per run, BENCH_SOAK_SECONDS (600), BENCH_STATS=0
# skips ST.
set -euo pipefail
cd "$(dirname "$0")/../.."
secs=${BENCH_SECONDS:-10}
soak_secs=${BENCH_SOAK_SECONDS:-600}
BIN=/usr/lib/postgresql/15/bin
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
results=build/bench/results.md
# shellcheck source=tests/bench/common.sh
source tests/bench/common.sh

# ---- PostgreSQL with room for 256 pgbench clients beside Lotse ----
bench_database "max_connections = 400"
pgdir=$(psql "$LOTSE_SUPER_URL" -Atc "SHOW data_directory")

# ---- measuring ----
# CPU ticks (1/100 s) of lotse and of every PostgreSQL process of this
# cluster, including backends that already exited (the postmaster's cutime)
pg_ticks() {
  local pm; pm=$(head -1 "$pgdir/postmaster.pid")
  { awk '{print $14 + $15 + $16 + $17}' "/proc/$pm/stat"
    for c in $(pgrep -P "$pm"); do awk '{print $14 + $15}' "/proc/$c/stat" 2>/dev/null || true; done
  } | awk '{s += $1} END {print s}'
}
lotse_ticks() { if [ -n "$pid" ]; then awk '{print $14 + $15}' "/proc/$pid/stat"; else echo 0; fi; }
rss_mb() { if [ -n "$pid" ]; then awk '/^VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$pid/status"; else echo "-"; fi; }
cpu_mark() { T0_L=$(lotse_ticks); T0_P=$(pg_ticks); }
# cpu_per N: "lotse_us pg_us" per request since cpu_mark
cpu_per() {
  local l p; l=$(lotse_ticks); p=$(pg_ticks)
  awk -v n="$1" -v l=$((l - T0_L)) -v p=$((p - T0_P)) \
    'BEGIN { if (n > 0) printf "%.0f %.0f", l * 10000 / n, p * 10000 / n; else printf "- -" }'
}

printf '| scenario | conns | req/s | p50 ms | p99 ms | p99.9 ms | errors | RSS MB | Lotse µs/req | PG µs/req | ratio | target |\n|---|---|---|---|---|---|---|---|---|---|---|---|\n' > "$results"
# row NAME CONNS RPS P50 P99 P999 ERRORS RSS LOTSE_US PG_US RATIO TARGET
row() {
  printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$@" >> "$results"
  printf '   %-44s %5s conns %8s req/s  p50 %6s  p99 %6s  p99.9 %6s ms  errors %s  RSS %s MB  CPU/req lotse %s µs, pg %s µs  %s %s\n' "$@" >&2
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }
# check VALUE OP LIMIT [UNIT]: the target column, "OP LIMIT[ UNIT]: ok" or ": MISSED"
check() {
  awk -v r="$1" -v l="$3" -v op="$2" -v u="${4:+ $4}" \
    'BEGIN { ok = op == ">=" ? r >= l : r <= l; printf "%s %s%s: %s", op, l, u, ok ? "ok" : "MISSED" }'
}

# pgbench_tps CONNS PGBENCH_ARGS...: sets TPS and PG_US (PostgreSQL's CPU per transaction)
pgbench_tps() {
  local c=$1; shift
  cpu_mark
  local out; out=$("$BIN/pgbench" -n -M prepared -c "$c" -j 2 -T "$secs" "$@" 2>"$work/pgbench.err") || true
  local tps; tps=$(sed -n 's/^tps = \([0-9.]*\).*/\1/p' <<<"$out")
  local n; n=$(sed -n 's/^number of transactions actually processed: \([0-9]*\).*/\1/p' <<<"$out")
  [ -n "$tps" ] || { echo "pgbench failed:" >&2; head -5 "$work/pgbench.err" >&2; exit 1; }
  read -r _ PG_US <<<"$(cpu_per "$n")"
  TPS=$(printf '%.0f' "$tps")
}

# ---- M: how steady the machine is, before any load ----
build/bench/cpuprobe "$secs" > "$work/probe.out"
read -r _ _ _ slow_pct slowest < "$work/probe.out"
row "M: the idle machine's CPU (cpuprobe)" - - - - - - - - - \
  "$slow_pct % of 20 ms windows under half speed, slowest at $slowest %" "-"

# ---- B: the raw ceiling ----
echo "== B: pgbench -S -M prepared, ${secs}s each" >&2
psql "$LOTSE_SUPER_URL" -q -c "CREATE DATABASE bench" >/dev/null
bench_url="${LOTSE_SUPER_URL/\/lotse\?//bench?}"
"$BIN/pgbench" -i -q -s 10 "$bench_url" >/dev/null 2>&1
declare -A B
for c in 16 64 256; do
  pgbench_tps "$c" -S "$bench_url"
  B[$c]=$TPS
  row "B: pgbench -S -M prepared" "$c" "${B[$c]}" - - - 0 - - "$PG_US" "1.00" "baseline"
done

# ---- the SQL of one request of each scenario, from the statement log ----
export LOTSE_MAX_CONNECTIONS=4096
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$work/rs.key" 2>/dev/null
openssl pkey -in "$work/rs.key" -pubout -out "$work/rs.pem"
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$work/es.key" 2>/dev/null
openssl pkey -in "$work/es.key" -pubout -out "$work/es.pem"
export LOTSE_JWT_TRUSTED_ISSUERS="bench-rs=RS256:$work/rs.pem,bench-es=ES256:$work/es.pem"
pglog="$(dirname "$pgdir")/postgres.log"
network=a0000000-0000-4000-8000-000000000001
caritas=b0000000-0000-4000-8000-000000000007
capture_case=c0000000-0000-4000-8000-000000100000
case_path='/v1/cases/c0000000-0000-4000-8000-'

psql "$LOTSE_SUPER_URL" -q -c "ALTER ROLE lotse_app SET log_statement = 'all'"
LOTSE_PORT=18766 build/lotse serve 2>/dev/null &
cpid=$!
for _ in $(seq 50); do curl -fs "http://127.0.0.1:18766/healthz" >/dev/null && break; sleep 0.1; done
jc=$(tok demo-jobcenter http://127.0.0.1:18766)
ca=$(tok demo-caritas http://127.0.0.1:18766)
# capture NAME CURL_ARGS...: the request twice (the first prepares the
# statements), the second one's SQL as a pgbench script in $work/NAME.sql
capture() {
  local name=$1; shift
  curl -s -o /dev/null "$@"
  : > "$pglog"
  curl -s -o /dev/null "$@"
  sleep 0.3
  python3 tests/bench/replay.py "$pglog" "$capture_case" > "$work/$name.sql"
}
capture case_read -H "Authorization: Bearer $ca" "http://127.0.0.1:18766$case_path""000000100000"
capture case_list -H "Authorization: Bearer $ca" "http://127.0.0.1:18766/v1/cases?target_group=eu_migrant&limit=50"
capture referral_post -H "Authorization: Bearer $jc" -H 'Content-Type: application/json' \
  -d "{\"case_id\":\"$capture_case\",\"to_agency_id\":\"$caritas\",\"field_of_action\":\"language\"}" \
  http://127.0.0.1:18766/v1/referrals
capture case_patch -X PATCH -H "Authorization: Bearer $jc" -H 'Content-Type: application/json' \
  -H 'If-Match: *' -d '{"case_manager":"Bench"}' "http://127.0.0.1:18766$case_path""000000100000"
# the replayed PATCH must find the row whatever its version has become
sed -i "s/c\.version = '[0-9]*'::int/c.version = c.version/" "$work/case_patch.sql"
kill -TERM "$cpid"; wait "$cpid" 2>/dev/null || true
psql "$LOTSE_SUPER_URL" -q -c "ALTER ROLE lotse_app RESET log_statement"

# ---- Lotse ----
base=http://127.0.0.1:18765
rs=$(python3 tests/bench/sign_jwt.py RS256 "$work/rs.key" bench-rs "$caritas" "$network")
es=$(python3 tests/bench/sign_jwt.py ES256 "$work/es.key" bench-es "$caritas" "$network")

# lua NAME METHOD PATH_EXPR TOKEN [BODY_EXPR [EXTRA_HEADERS]]: a wrk script
lua() {
  local ctype="" body=nil
  if [ -n "${5:-}" ]; then ctype=', ["Content-Type"] = "application/json"'; body=$5; fi
  cat > "$work/$1.lua" <<LUA
local counter = 0
request = function()
  counter = counter + 1
  return wrk.format("$2", $3, { ["Authorization"] = "Bearer $4"$ctype${6:-} }, $body)
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("BENCH %d %d %d %.0f %.0f %.0f\\n", summary.requests, e.status,
    e.connect + e.read + e.write + e.timeout, latency:percentile(50), latency:percentile(99),
    latency:percentile(99.9)))
end
LUA
}
random_case="string.format('${case_path}%012d', math.random(100000))"
lua case_read GET "$random_case" "$ca"
lua case_read_rs GET "$random_case" "$rs"
lua case_read_es GET "$random_case" "$es"
lua case_read_close GET "$random_case" "$ca" "" ', ["Connection"] = "close"'
lua healthz GET '"/healthz"' "$ca"
lua case_list GET '"/v1/cases?target_group=eu_migrant&limit=50"' "$ca"
lua referral_post POST '"/v1/referrals"' "$jc" \
  "string.format('{\"case_id\":\"c0000000-0000-4000-8000-%012d\",\"to_agency_id\":\"$caritas\",\"field_of_action\":\"language\"}', math.random(99999))"
# PATCH: wrk thread t (tid set in setup) walks cases t*49999+1 ... in turn,
# so the k-th visit of a case sends If-Match "v<k>" (all current)
lua case_patch PATCH \
  "string.format('${case_path}%012d', tid * 49999 + (counter - 1) % 49999 + 1)" "$jc" \
  "'{\"case_manager\":\"Bench\"}'" \
  ', ["If-Match"] = string.format("\"v%d\"", 1 + math.floor((counter - 1) / 49999))'
cat >> "$work/case_patch.lua" <<'LUA'
local nthreads = 0
setup = function(thread) thread:set("tid", nthreads); nthreads = nthreads + 1 end
LUA

# start_lotse: a fresh lotse (the environment's settings), warmed up for 3 s
# (connections to PostgreSQL opened, statements prepared) before measuring
start_lotse() {
  [ -n "$pid" ] && { kill -TERM "$pid"; wait "$pid" 2>/dev/null || true; }
  LOTSE_PORT=18765 build/lotse serve 2>"$work/lotse.log" &
  pid=$!
  for _ in $(seq 50); do curl -fs "$base/healthz" >/dev/null && break; sleep 0.1; done
  wrk -t 2 -c 64 -d 3s -s "$work/case_read.lua" "$base" >/dev/null
}
start_lotse
# Lotse's worker threads, each with its own database connection
threads=$(cat /proc/"$pid"/task/*/comm | grep -c MHD-worker)

# run_wrk NAME SCRIPT CONNS: one row; LAST_RPS, LAST_ERRORS set
run_wrk() {
  cpu_mark
  local out; out=$(wrk -t 2 -c "$3" -d "${secs}s" --timeout 10s -s "$work/$2.lua" "$base")
  local total status sock p50 p99 p999
  # wrk reports microseconds; the table has milliseconds
  read -r total status sock p50 p99 p999 <<<"$(awk '/^BENCH/ {
    printf "%d %d %d %.2f %.2f %.2f", $2, $3, $4, $5 / 1000, $6 / 1000, $7 / 1000 }' <<<"$out")"
  LAST_RPS=$(sed -n 's/^Requests\/sec: *\([0-9.]*\)/\1/p' <<<"$out" | awk '{printf "%.0f", $1}')
  LAST_ERRORS=$((status + sock))
  local l p; read -r l p <<<"$(cpu_per "$total")"
  ROW=("$1" "$3" "$LAST_RPS" "$p50" "$p99" "$p999" "$status non-2xx, $sock socket" "$(rss_mb)" "$l" "$p")
}

# vs_sql NAME TARGET: pgbench runs the SQL of one NAME request at 64
# connections and at Lotse's; then ROW (the run just measured) follows
# with its ratio to the better of the two, its SQL ceiling
vs_sql() {
  local measured=("${ROW[@]}") best=0 c r
  for c in 64 "$threads"; do
    pgbench_tps "$c" -f "$work/$1.sql" "$DATABASE_URL"
    [ "$TPS" -gt "$best" ] && best=$TPS
    row "SQL of $1 (pgbench, same statements)" "$c" "$TPS" - - - 0 - - "$PG_US" \
      "$(ratio "$TPS" "${B[64]}") x B@64" "-"
  done
  r=$(ratio "${measured[2]}" "$best")
  row "${measured[@]}" "$r x SQL" "$(check "$r" ">=" "$2")"
}

echo "== Lotse ($threads threads, as many PostgreSQL connections), wrk 2 threads, ${secs}s each" >&2
run_wrk "H0: GET /healthz" healthz 64
row "${ROW[@]}" "$(ratio "$LAST_RPS" "${B[64]}") x B" "$(check "$(ratio "$LAST_RPS" "${B[64]}")" ">=" 1.00)"

declare -A A1
for c in 16 256 64; do
  run_wrk "A1: GET /v1/cases/{id}, HS256" case_read "$c"
  A1[$c]=$LAST_RPS
  r=$(ratio "$LAST_RPS" "${B[$c]}")
  t="-"; [ "$c" = 64 ] && t=$(check "$r" ">=" 0.50)
  row "${ROW[@]}" "$r x B" "$t"
done
vs_sql case_read 0.90

for alg in rs es; do
  run_wrk "A2: A1 with ${alg^^}256, cache on" "case_read_$alg" 64
  row "${ROW[@]}" "$(ratio "$LAST_RPS" "${A1[64]}") x A1" "-"
done
LOTSE_JWT_CACHE=0 start_lotse
run_wrk "A2: A1 with HS256, cache off" case_read 64
row "${ROW[@]}" "$(ratio "$LAST_RPS" "${A1[64]}") x A1" "-"
for alg in rs es; do
  run_wrk "A2: A1 with ${alg^^}256, cache off" "case_read_$alg" 64
  row "${ROW[@]}" "$(ratio "$LAST_RPS" "${A1[64]}") x A1" "-"
done
start_lotse

# the same SQL without HTTP, JSON and auth right after each scenario
run_wrk "A3: GET /v1/cases?target_group&limit=50" case_list 64
vs_sql case_list 0.70
run_wrk "A4: POST /v1/referrals" referral_post 64
vs_sql referral_post 0.70
run_wrk "A5: PATCH /v1/cases/{id}, If-Match" case_patch 64
vs_sql case_patch 0.70

# ---- C1: many connections, new connections ----
for c in 512 2000; do
  run_wrk "C1: A1 at $c connections" case_read "$c"
  r=$(ratio "$LAST_RPS" "${A1[64]}")
  t="-"; [ "$c" = 512 ] && t=$(check "$r" ">=" 0.90)
  [ "$LAST_ERRORS" = 0 ] && t="$t; 0 errors: ok" || t="$t; errors: MISSED"
  row "${ROW[@]}" "$r x A1@64" "$t"
done
run_wrk "C1: A1, Connection: close" case_read_close 64
row "${ROW[@]}" "$(ratio "$LAST_RPS" "${A1[64]}") x A1@64" "$([ "$LAST_ERRORS" = 0 ] && echo "0 errors: ok" || echo "errors: MISSED")"

# ---- R: latency at a fixed rate ----
# cpuprobe runs beside each fixed-rate run (real-time priority where allowed,
# so that the load cannot delay it): the windows in which the host ran this
# machine's CPU at under half its speed.  A request in flight during such a
# dip, or due within 100 ms after one (the queue it left), is "in a dip"; the
# p99 of the others is the latency outside the dips.
probe_rt=(); chrt -f 1 true 2>/dev/null && probe_rt=(chrt -f 1)
# outside_dips: "P99 COUNT", the p99 (ms) and number of the last run's
# requests outside the probe's dips (its trace lists every request)
outside_dips() {
  awk 'FNR == NR { dip[++n] = $2; next }
    /^start/ { s = $2; next }
    /^slow/ { due = s + $2; end = due + $4 / 1000
      lo = 1; hi = n + 1  # the first dip at or after due - 0.1 s (dips are in time order)
      while (lo < hi) { mid = int((lo + hi) / 2); if (dip[mid] < due - 0.1) lo = mid + 1; else hi = mid }
      if (!(lo <= n && dip[lo] <= end)) print $4 }' "$work/probe.trace" "$work/fixed.trace" |
    sort -n | awk '{ a[NR] = $1 } END { i = int(NR * 0.99); if (i < 1) i = 1; printf "%.2f %d", a[i] + 0, NR }'
}
# fixed NAME RATE SECONDS [probe]: a row from fixedrate (latency from due
# time); with "probe", cpuprobe alongside and LAST_DIPS, LAST_OUTSIDE_P99 set
fixed() {
  cpu_mark
  local probe="" trace=""
  if [ "${4:-}" = probe ]; then
    CPUPROBE_TRACE=1 "${probe_rt[@]}" build/bench/cpuprobe "$3" >"$work/probe.out" 2>"$work/probe.trace" &
    probe=$! trace=0
  fi
  local answered non2xx errors rps p50 p99 p999
  read -r _ _ _ answered non2xx errors rps p50 p99 p999 _ <<<"$(FIXEDRATE_TRACE=$trace \
    build/bench/fixedrate 18765 "$2" "$3" 64 "$case_path" 100000 "$ca" 2>"$work/fixed.trace")"
  local l p; read -r l p <<<"$(cpu_per "$answered")"
  ROW=("$1" 64 "$rps" "$p50" "$p99" "$p999" "$non2xx non-2xx, $errors socket" "$(rss_mb)" "$l" "$p")
  LAST_P99=$p99; LAST_ERRORS=$((non2xx + errors))
  if [ -n "$probe" ]; then
    wait "$probe"
    local dip_pct outside n_outside
    read -r _ _ _ dip_pct _ < "$work/probe.out"
    read -r outside n_outside <<<"$(outside_dips)"
    LAST_OUTSIDE_P99=$outside
    LAST_DIPS="CPU dips in $dip_pct % of the time; outside them ($n_outside of $answered requests) p99 $outside ms"
  fi
}
# sql_fixed RATE: p99 of the same SQL run by pgbench at that rate
sql_fixed() {
  rm -f "$work"/pgb.*
  "$BIN/pgbench" -n -M prepared -c 64 -j 2 -R "$1" -T "$secs" -f "$work/case_read.sql" \
    --log --log-prefix="$work/pgb" "$DATABASE_URL" >/dev/null 2>&1 || true
  cat "$work"/pgb.* | awk '{print $3}' | sort -n |
    awk '{a[NR] = $1} END { printf "%.2f %.2f %.2f", a[int(NR * 0.5)] / 1000, a[int(NR * 0.99)] / 1000, a[int(NR * 0.999)] / 1000 }'
}
# a light load first: where the latency is the request's own
fixed "R: A1 at 1,000/s" 1000 "$secs" probe
row "${ROW[@]}" "p99 $LAST_P99 ms; $LAST_DIPS" "outside dips p99 $(check "$LAST_OUTSIDE_P99" "<=" 5 ms)"
for pct_limit in "50 5" "90 20"; do
  read -r pct limit <<<"$pct_limit"
  rate=$((A1[64] * pct / 100))
  fixed "R: A1 at ${pct} % of its peak ($rate/s)" "$rate" "$secs" probe
  row "${ROW[@]}" "p99 $LAST_P99 ms; $LAST_DIPS" \
    "p99 $(check "$LAST_P99" "<=" "$limit" ms); outside dips p99 $(check "$LAST_OUTSIDE_P99" "<=" "$limit" ms)"
  read -r s50 s99 s999 <<<"$(sql_fixed "$rate")"
  row "R: its SQL by pgbench at $rate/s" 64 "$rate" "$s50" "$s99" "$s999" - - - - "-" "-"
done

# ---- S1: soak at 70 % ----
rate=$((A1[64] * 70 / 100))
echo "== S1: soak at $rate/s for ${soak_secs}s" >&2
rss_start=$(rss_mb)
( for _ in $(seq $((soak_secs / 30))); do sleep 30; rss_mb; echo; done ) > "$work/rss.log" &
sampler=$!
fixed "S1: soak, A1 at 70 % ($rate/s, ${soak_secs}s)" "$rate" "$soak_secs"
wait "$sampler" 2>/dev/null || true
rss_end=$(rss_mb)
rss_max=$(sort -n "$work/rss.log" | tail -1)
row "${ROW[@]}" "RSS $rss_start → $rss_end MB (max ${rss_max:-$rss_end})" \
  "$([ "$LAST_ERRORS" = 0 ] && echo "0 errors: ok" || echo "errors: MISSED"); RSS flat: $(awk -v a="$rss_start" -v b="$rss_end" 'BEGIN { print (b <= a * 1.1 + 2) ? "ok" : "MISSED" }')"

cat "$results"

# ---- ST: the ministry's statistics ----
# One year over 100,000 and then 1,000,000 cases (and a referral for every
# second one) in twelve more networks.  The first call after a bulk load
# counts every marked day into the rollups; the median is of the calls
# after it; the last line changes one case of a past month in every network
# first (the usual case: a few marked days).
[ "${BENCH_STATS:-1}" = 1 ] || exit 0
mtoken=$(tok demo-ministry $base)
from=$(date -u -d '1 year ago' +%Y-%m-01); to=$(date -u +%Y-%m-%d)
stats() {
  curl -s -o /dev/null -w '%{time_total}\n' -H "Authorization: Bearer $mtoken" \
    "$base/v1/statistics?from=$from&to=$to&granularity=month"
}
seeded=0
for total in 100000 1000000; do
  psql "$LOTSE_SUPER_URL" -q -v first=$((seeded + 1)) -v last=$total -f tests/bench/seed_stats.sql >/dev/null
  seeded=$total
  first=$(stats)
  times=$(for _ in 1 2 3 4 5; do stats; done | sort -n)
  printf '   ST: GET /v1/statistics, %7d cases    median %.2f s (of %s), first call after the load %.2f s\n' \
    "$total" "$(sed -n 3p <<<"$times")" "$(tr '\n' ' ' <<<"$times")" "$first"
done
psql "$LOTSE_SUPER_URL" -q -c "UPDATE cases SET residence_status = 'eu_citizen'
  WHERE reference IN (SELECT 'BENCH-' || n FROM generate_series(1, 12) n)"
printf '   ST: GET /v1/statistics, %7d cases    %.2f s after one case of a past month changed per network\n' \
  "$seeded" "$(stats)"
