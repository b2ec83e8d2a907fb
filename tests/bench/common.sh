# shellcheck shell=bash
# common.sh - sourced by run.sh and profile.sh (from the repository's root):
# a scratch folder $work, removed on exit together with the Lotse process
# in $pid and the private PostgreSQL cluster in $work/pg; Lotse's settings
# for a bench; and
#   bench_database SETTING...  that cluster started with each SETTING
#   applied by ALTER SYSTEM SET, migrated, with the demo network and
#   100,000 cases; exports DATABASE_URL and LOTSE_SUPER_URL
#   tok CLIENT BASE  a token of the demo API client CLIENT from Lotse at BASE
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

# Lotse on loopback with the access log off; wrk is one client at one
# address, so the rate limits are out of reach, but the buckets are still
# taken on every request (their cost is measured); one set of tokens lasts
# the whole run
export LOTSE_LISTEN=127.0.0.1 LOTSE_LOG_LEVEL=warn LOTSE_TOKEN_TTL=86400
export LOTSE_RATE_CLIENT_PER_S=1000000 LOTSE_RATE_CLIENT_BURST=1000000
export LOTSE_RATE_ADDRESS_PER_S=1000000 LOTSE_RATE_ADDRESS_BURST=1000000
export LOTSE_JWT_SECRET=bench-only-secret-0123456789abcdef0123456789

tok() {
  curl -s -u "$1:$1-secret" -d grant_type=client_credentials "$2/v1/oauth/token" |
    sed 's/.*"access_token":"\([^"]*\)".*/\1/'
}

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
  export LOTSE_MIGRATION_DATABASE_URL=  # migrated: Lotse serves without the owner's URL
}
