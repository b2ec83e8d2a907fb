#!/usr/bin/env bash
# test.sh - `make test`: a throw-away PostgreSQL cluster, migrated and
# seeded with the demo network, test keys for the trusted-issuer tests,
# then every test (build/run_tests starts build/lotse itself).  The
# cluster is removed afterwards, pass or fail.
set -euo pipefail
cd "$(dirname "$0")/.."

work=$(mktemp -d /tmp/lotse-test-XXXXXX)
chmod 755 "$work"
cleanup() {
  bash deploy/pg-local.sh stop "$work/pg" || true
  rm -rf "$work"
}
trap cleanup EXIT

eval "$(bash deploy/pg-local.sh start "$work/pg")"
export DATABASE_URL LOTSE_MIGRATION_DATABASE_URL LOTSE_SUPER_URL
build/lotse migrate
# migrating twice is a no-op
build/lotse migrate
psql "$LOTSE_SUPER_URL" -q -v ON_ERROR_STOP=1 -f db/seed/demo.sql >/dev/null

keys="$work/keys"
mkdir -p "$keys"
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$keys/rsa.pem" 2>/dev/null
openssl pkey -in "$keys/rsa.pem" -pubout -out "$keys/rsa.pub.pem"
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$keys/ec.pem" 2>/dev/null
openssl pkey -in "$keys/ec.pem" -pubout -out "$keys/ec.pub.pem"
export LOTSE_TEST_RSA_PRIV="$keys/rsa.pem" LOTSE_TEST_RSA_PUB="$keys/rsa.pub.pem"
export LOTSE_TEST_EC_PRIV="$keys/ec.pem" LOTSE_TEST_EC_PUB="$keys/ec.pub.pem"
export LOTSE_TEST_PG_DIR="$work/pg"
export LOTSE_TEST_SERVER_LOG="build/test-server.log"
: > "$LOTSE_TEST_SERVER_LOG"
export LOTSE_LOG_LEVEL=${LOTSE_LOG_LEVEL:-warn}
export CK_DEFAULT_TIMEOUT=${CK_DEFAULT_TIMEOUT:-30}

# the contract itself: valid OpenAPI 3.1 with every $ref resolving
bash deploy/npm-tools.sh
node openapi/validate.js build/gen/openapi.json
# lint (openapi/redocly.yaml: the recommended rules, all errors)
(cd openapi && node_modules/.bin/redocly lint openapi.yaml --format=summary)

# the typed client: types generated, the example type-checked (run by the tests)
bash deploy/client.sh

export LOTSE_CONTRACT_LOG="build/contract.jsonl"
: > "$LOTSE_CONTRACT_LOG"
build/run_tests
