#!/usr/bin/env bash
# client.sh - `make client`: TypeScript types generated from
# openapi/openapi.yaml (openapi-typescript) into build/client/lotse.d.ts,
# and the example openapi/examples/scenario.mts type-checked against them
# and compiled to build/client/examples/scenario.mjs (openapi-fetch).
# The npm tools are pinned in openapi/package-lock.json.
set -euo pipefail
cd "$(dirname "$0")/.."
bash deploy/npm-tools.sh
mkdir -p build/client
ln -sfn ../../openapi/node_modules build/client/node_modules
# generated outside openapi/, so that the strict lint rules (redocly.yaml) stay the lint's
(cd build/client && node_modules/.bin/openapi-typescript ../../openapi/openapi.yaml \
  --default-non-nullable false -o lotse.d.ts >/dev/null)
openapi/node_modules/.bin/tsc -p openapi/examples/tsconfig.json
echo "client: build/client/lotse.d.ts; example type-checked, build/client/examples/scenario.mjs"
