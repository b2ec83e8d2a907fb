#!/usr/bin/env bash
# run.sh - `make bench`: throughput of Lotse against what PostgreSQL
# itself does on the same machine, measured in one run.
#   B = pgbench -S -M prepared (select-only, prepared), the baseline
#   A = wrk: GET /v1/agencies/{id} (token check, transaction, tenant
#       context, RLS-filtered read) with 64 connections
# Prints requests/s, p50/p99 latency and A/B.  Durations: BENCH_SECONDS.
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

echo "== baseline B: pgbench -S -M prepared, 64 clients, ${secs}s"
psql "$LOTSE_SUPER_URL" -q -c "CREATE DATABASE bench" >/dev/null
bench_url="${LOTSE_SUPER_URL/\/lotse\?//bench?}"
"$BIN/pgbench" -i -q -s 10 "$bench_url" >/dev/null 2>&1
B=$("$BIN/pgbench" -S -M prepared -c 64 -j 2 -T "$secs" "$bench_url" 2>/dev/null |
    sed -n 's/^tps = \([0-9.]*\).*/\1/p')
echo "   B = $B tps"

export LOTSE_PORT=18765 LOTSE_LISTEN=127.0.0.1 LOTSE_LOG_LEVEL=warn
export LOTSE_JWT_SECRET=bench-only-secret-0123456789abcdef0123456789
export LOTSE_THREADS=${LOTSE_THREADS:-8} LOTSE_MIGRATION_DATABASE_URL=
build/lotse serve 2>"$work/lotse.log" &
pid=$!
for _ in $(seq 50); do curl -fs "http://127.0.0.1:$LOTSE_PORT/healthz" >/dev/null && break; sleep 0.1; done
token=$(curl -s -u demo-caritas:demo-caritas-secret -d grant_type=client_credentials \
  "http://127.0.0.1:$LOTSE_PORT/v1/oauth/token" | sed 's/.*"access_token":"\([^"]*\)".*/\1/')
cat > "$work/get.lua" <<LUA
local ids = {}
for i = 1, 11 do ids[i] = string.format("b0000000-0000-4000-8000-%012d", i) end
request = function()
  return wrk.format("GET", "/v1/agencies/" .. ids[math.random(#ids)],
                    { ["Authorization"] = "Bearer $token" })
end
done = function(summary, latency, requests)
  io.write(string.format("BENCH %d %d %.0f %.0f\n", summary.requests, summary.errors.status,
                         latency:percentile(50), latency:percentile(99)))
end
LUA
echo "== A: GET /v1/agencies/{id}, wrk 64 connections, ${secs}s, $LOTSE_THREADS lotse threads"
out=$(wrk -t 2 -c 64 -d "${secs}s" -s "$work/get.lua" "http://127.0.0.1:$LOTSE_PORT")
read -r _ total errors p50 p99 <<<"$(grep '^BENCH' <<<"$out")"
rps=$(sed -n 's/^Requests\/sec: *\([0-9.]*\)/\1/p' <<<"$out")
echo "   A = $rps req/s, p50 ${p50} us, p99 ${p99} us, non-2xx $errors of $total"
awk -v a="$rps" -v b="$B" 'BEGIN { printf "   A/B = %.2f\n", a / b }'
