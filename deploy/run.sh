#!/usr/bin/env bash
# run.sh - `make run`: serve Lotse locally.  Without DATABASE_URL it starts
# a private PostgreSQL in .pg/, migrates it, loads the demo network and
# stops PostgreSQL again on Ctrl-C.  With DATABASE_URL it serves against
# that database (migrating only when LOTSE_MIGRATION_DATABASE_URL is set)
# and loads no demo data.
set -euo pipefail
cd "$(dirname "$0")/.."

export LOTSE_PORT=${LOTSE_PORT:-8080}
export LOTSE_LISTEN=${LOTSE_LISTEN:-127.0.0.1}
demo=0
if [ -z "${DATABASE_URL:-}" ]; then
  demo=1
  eval "$(bash deploy/pg-local.sh start .pg)"
  export DATABASE_URL LOTSE_MIGRATION_DATABASE_URL
  trap 'bash deploy/pg-local.sh stop .pg' EXIT
  build/lotse migrate
  psql "$LOTSE_SUPER_URL" -q -v ON_ERROR_STOP=1 -f db/seed/demo.sql >/dev/null
  # a fixed development secret: fine for the demo cluster, refused nowhere
  # else because deployments set their own LOTSE_JWT_SECRET
  export LOTSE_JWT_SECRET=${LOTSE_JWT_SECRET:-lotse-demo-only-signing-secret-change-me-0001}
  # the README's webhook example subscribes a receiver on this machine
  export LOTSE_WEBHOOK_ALLOW_LOOPBACK=${LOTSE_WEBHOOK_ALLOW_LOOPBACK:-1}
fi

base="http://$LOTSE_LISTEN:$LOTSE_PORT"
cat <<MSG

  Lotse is starting on $base   (Ctrl-C stops it$([ $demo = 1 ] && echo " and its PostgreSQL"))
MSG
if [ $demo = 1 ]; then
cat <<MSG

  Get a token for the demo coordinator (Kommunales Integrationszentrum RBK):

    TOKEN=\$(curl -s -u demo-coordinator:demo-coordinator-secret \\
      -d grant_type=client_credentials $base/v1/oauth/token | jq -r .access_token)
    curl -s -H "Authorization: Bearer \$TOKEN" $base/v1/agencies

  Other demo clients (secret = <client_id>-secret) are listed in README.md.

MSG
fi

build/lotse serve &
pid=$!
trap 'kill -TERM $pid 2>/dev/null || true' INT TERM
wait $pid || true
wait $pid 2>/dev/null || true
