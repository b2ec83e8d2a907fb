#!/usr/bin/env bash
# profile.sh - `make profile`: where the work of one request goes, measured
# instead of guessed (issue 10's "measure first"):
#   - Lotse's instructions per request: valgrind's callgrind counts every
#     instruction Lotse executes (one worker thread, its counters zeroed
#     after a warm-up), split by library, with the functions that
#     execute the most;
#   - PostgreSQL's side: pg_stat_statements over the same requests, each
#     statement's calls and execution time per request.
# Requests: A1 the case read, A3 a page of 50 cases, A4 POST /v1/referrals,
# A5 PATCH /v1/cases/{id} (If-Match: *), as in `make bench`, over the same
# 100,000 cases.  The tables go to stdout and build/bench/profile.md, each
# request kind's whole callgrind listing to build/bench/profile-KIND.txt.
# PROFILE_REQUESTS (default 200) requests of each kind.
set -euo pipefail
cd "$(dirname "$0")/../.."
n=${PROFILE_REQUESTS:-200}
out=build/bench/profile.md
# shellcheck source=tests/bench/common.sh
source tests/bench/common.sh
bench_database "shared_preload_libraries = 'pg_stat_statements'"
psql "$LOTSE_SUPER_URL" -q -c "CREATE EXTENSION pg_stat_statements"

export LOTSE_PORT=18767 LOTSE_THREADS=1
base=http://127.0.0.1:18767
valgrind --tool=callgrind --callgrind-out-file="$work/cg.out" build/lotse serve 2>"$work/valgrind.log" &
pid=$!
for _ in $(seq 300); do curl -fs "$base/healthz" >/dev/null && break; sleep 0.1; done
jc=$(tok demo-jobcenter "$base")
ca=$(tok demo-caritas "$base")
caritas=b0000000-0000-4000-8000-000000000007
case_url() { printf '%s/v1/cases/c0000000-0000-4000-8000-%012d' "$base" "$1"; }

# requests KIND COUNT: COUNT requests of KIND over keep-alive connections
requests() {
  local args=() i
  for i in $(seq "$2"); do
    [ "$i" -gt 1 ] && args+=(--next)
    args+=(-s -o /dev/null)
    case $1 in
      A1) args+=(-H "Authorization: Bearer $ca" "$(case_url $((RANDOM * 3 % 100000 + 1)))") ;;
      A3) args+=(-H "Authorization: Bearer $ca" "$base/v1/cases?target_group=eu_migrant&limit=50") ;;
      A4) args+=(-H "Authorization: Bearer $jc" -H 'Content-Type: application/json'
                 -d "{\"case_id\":\"c0000000-0000-4000-8000-$(printf %012d $((RANDOM * 3 % 99999 + 1)))\",\"to_agency_id\":\"$caritas\",\"field_of_action\":\"language\"}"
                 "$base/v1/referrals") ;;
      A5) args+=(-X PATCH -H "Authorization: Bearer $jc" -H 'Content-Type: application/json'
                 -H 'If-Match: *' -d '{"case_manager":"Profile"}' "$(case_url $((RANDOM * 3 % 100000 + 1)))") ;;
    esac
  done
  curl "${args[@]}"
}

# the newest callgrind dump
last_dump() { ls -t "$work"/cg.out.* | head -1; }

{
  echo "Lotse's instructions per request (callgrind, $n requests each after a warm-up; one worker thread):"
  echo
  echo "| request | instructions | Lotse's code | libmicrohttpd | jansson | libpq | libc | OpenSSL | other | top functions (own instructions per request) |"
  echo "|---|---|---|---|---|---|---|---|---|---|"
} > "$out"
: > "$work/pg.md"
for kind in A1 A3 A4 A5; do
  echo "== $kind" >&2
  requests "$kind" 20
  callgrind_control -z "$pid" >/dev/null 2>&1
  psql "$LOTSE_SUPER_URL" -q -c "SELECT pg_stat_statements_reset()" >/dev/null
  requests "$kind" "$n"
  callgrind_control --dump="$kind" "$pid" >/dev/null 2>&1
  dump=$(last_dump)
  callgrind_annotate --auto=no --threshold=100 "$dump" > "build/bench/profile-$kind.txt" 2>/dev/null
  # "1,234 (12.3%)  file:function [object]" lines (each function's own
  # instructions) by object (a line without one is a part of a function
  # listed before); clone and start_thread are listed with their callees'
  # instructions and are left out
  awk -v n="$n" -v kind="$kind" '
    / PROGRAM TOTALS/ { next }
    /^ *[0-9,]+ +\(/ && !/:(clone|start_thread) \[/ {
      ir = $1; gsub(",", "", ir); ir += 0
      fn = $0; sub(/^ *[0-9,]+ +\([ 0-9.]+%\) +/, "", fn); sub(/ \[.*/, "", fn); sub(/^[^:]*:/, "", fn)
      if (/\[/) { obj = $0; sub(/.*\[/, "", obj); sub(/\].*/, "", obj); obj_of[fn] = obj }
      else obj = obj_of[fn]
      k = "other"
      if (obj ~ /lotse$/) k = "lotse"; else if (obj ~ /libmicrohttpd/) k = "mhd"
      else if (obj ~ /libjansson/) k = "jansson"; else if (obj ~ /libpq/) k = "pq"
      else if (obj ~ /libc\.so|ld-linux/) k = "libc"; else if (obj ~ /libcrypto|libssl/) k = "ssl"
      by[k] += ir; total += ir
      if (nf < 5 && /\[/) { top = top (nf ? ", " : "") fn " " int(ir / n); nf++ }
    }
    END {
      pct = "lotse mhd jansson pq libc ssl other"; split(pct, ks, " ")
      printf "| %s | %d", kind, total / n
      for (i = 1; i <= 7; i++) printf " | %.0f %%", 100 * by[ks[i]] / (total ? total : 1)
      printf " | %s |\n", top
    }' "build/bench/profile-$kind.txt" >> "$out"
  psql "$LOTSE_SUPER_URL" -At -F ' | ' -c "
    SELECT '$kind', round(calls::numeric / $n, 2), round((total_exec_time / $n)::numeric, 3),
           round((total_exec_time / calls)::numeric, 3), round(rows::numeric / calls, 1),
           regexp_replace(left(query, 70), '\s+', ' ', 'g')
    FROM pg_stat_statements
    WHERE calls >= $n AND query NOT LIKE '%pg_stat_statements%'
    ORDER BY total_exec_time DESC" | sed 's/^/| /; s/$/ |/' >> "$work/pg.md"
done
{
  echo
  echo "PostgreSQL's statements over the same requests (pg_stat_statements; execution only, without parse and network):"
  echo
  echo "| request | calls per request | ms per request | ms per call | rows per call | statement |"
  echo "|---|---|---|---|---|---|"
  cat "$work/pg.md"
} >> "$out"
cat "$out"
