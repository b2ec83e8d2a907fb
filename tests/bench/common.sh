# common.sh - sourced by run.sh and profile.sh (from the repository's root):
# a scratch folder $work, removed on exit together with the Lotse process
# in $pid and the private PostgreSQL cluster in $work/pg; and
#   bench_database SETTING...  that cluster started with each SETTING
#   applied by ALTER SYSTEM SET, migrated, with the demo network and
#   100,000 cases; exports DATABASE_URL, LOTSE_MIGRATION_DATABASE_URL and
#   LOTSE_SUPER_URL.
mkdir -p build/bench
work=$(mktemp -d /tmp/lotse-bench-XXXXXX)
chmod 755 "$work"
pid=""
cleanup() {
  [ -n "$pid" ] && kill -TERM "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true
  bash deploy/pg-local.sh stop "$work/pg" || true
  rm -rf "$work"
}
trap cleanup EXIT

bench_database() {
  eval "$(bash deploy/pg-local.sh start "$work/pg")"
  export DATABASE_URL LOTSE_MIGRATION_DATABASE_URL LOTSE_SUPER_URL
  local setting
  for setting in "$@"; do psql "$LOTSE_SUPER_URL" -q -c "ALTER SYSTEM SET $setting"; done
  bash deploy/pg-local.sh restart "$work/pg" >/dev/null
  build/lotse migrate 2>/dev/null
  psql "$LOTSE_SUPER_URL" -q -v ON_ERROR_STOP=1 -f db/seed/demo.sql >/dev/null
  echo "== seeding 100,000 cases" >&2
  psql "$LOTSE_SUPER_URL" -q -v ON_ERROR_STOP=1 -f tests/bench/seed_cases.sql >/dev/null
}
