#!/usr/bin/env bash
# import.sh - `make bench-import` (not in CI; issue 23): 10,000 cases (IMPORT_CASES) of
# the Jobcenter as one CSV through POST /v1/imports, first as a dry run
# (with likely duplicates), then for real, then the same file again (every
# line unchanged); the time of each from the POST to the job's end, as the
# client sees it, into build/bench/import.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=tests/bench/common.sh
source tests/bench/common.sh
eval "$(bash deploy/pg-local.sh start "$work/pg")"
export DATABASE_URL LOTSE_MIGRATION_DATABASE_URL LOTSE_SUPER_URL
build/lotse migrate 2>/dev/null
psql "$LOTSE_SUPER_URL" -q -v ON_ERROR_STOP=1 -f db/seed/demo.sql >/dev/null
export LOTSE_PORT=${IMPORT_PORT:-8094} LOTSE_REMINDER_INTERVAL_S=0
LOTSE_MIGRATION_DATABASE_URL= build/lotse serve 2>"$work/lotse.log" &
pid=$!
BASE=http://127.0.0.1:$LOTSE_PORT
for _ in $(seq 100); do curl -fs "$BASE/healthz" >/dev/null && break; sleep 0.1; done
TOKEN=$(tok demo-jobcenter "$BASE")
n=${IMPORT_CASES:-10000}
python3 - "$n" > "$work/cases.csv" <<'PY'
import random, sys
random.seed(23)
first = ["Amina", "Mohammed", "Olena", "Fatima", "Ionut", "Mehmet", "Yusuf", "Sara", "Ali", "Maryam",
         "Dmytro", "Leyla", "Omar", "Nour", "Hassan", "Ayse", "Samir", "Zainab", "Ivan", "Elif"]
last = ["Haddad", "Nasser", "Kovalenko", "Ahmadi", "Popescu", "Yildiz", "Demir", "Khan", "Rahimi",
        "Shevchenko", "Kaya", "Saleh", "Hussein", "Aziz", "Moradi", "Bondarenko", "Celik", "Karimi"]
groups = ["newly_arrived", "recognised_refugee", "family_reunification", "eu_migrant", "long_term_tolerated"]
print("external_reference;target_group;first_name;last_name;birth_date;nationality;languages;fields_of_action;municipality_ags")
for i in range(int(sys.argv[1])):
    y, m, d = random.randint(1950, 2008), random.randint(1, 12), random.randint(1, 28)
    print(f"BG-{i:06d};{random.choice(groups)};{random.choice(first)};{random.choice(last)};{y}-{m:02d}-{d:02d};"
          f"{random.choice(['SY','UA','AF','TR','RO','IQ'])};\"ar:native;de:A2\";\"language;employment\";05378004")
PY
run() { # run QUERY LABEL
  local t0 t1 loc st
  t0=$(date +%s.%N)
  loc=$(curl -s -D - -o /dev/null -H "Authorization: Bearer $TOKEN" -H 'Content-Type: text/csv' \
    --data-binary @"$work/cases.csv" "$BASE/v1/imports?$1" | tr -d '\r' | sed -n 's/^Location: //p')
  while :; do
    st=$(curl -s -H "Authorization: Bearer $TOKEN" "$BASE$loc")
    echo "$st" | grep -q '"status" : "running"' || break
    sleep 0.2
  done
  t1=$(date +%s.%N)
  printf '| %s | %.1f s | %s |\n' "$2" "$(python3 -c "print($t1 - $t0)")" \
    "$(echo "$st" | python3 -c 'import json,sys; j=json.load(sys.stdin); print(", ".join(f"{k} {j[k]}" for k in ("lines_done","imported","unchanged","failed","likely_duplicates")))')"
}
{
  echo "Import of $n cases (CSV, $(du -k "$work/cases.csv" | cut -f1) kB) by the Jobcenter, $(nproc) cores:"
  echo
  echo "| run | POST to done | counts |"
  echo "|---|---|---|"
  run "format=csv&dry_run=true" "dry run (with likely duplicates)"
  run "format=csv" "import"
  run "format=csv" "the same file again"
} | tee build/bench/import.md
