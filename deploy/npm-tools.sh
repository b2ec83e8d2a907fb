#!/usr/bin/env bash
# npm-tools.sh - the OpenAPI tools (lint, validation, contract check, typed
# client) pinned in openapi/package-lock.json, installed into
# openapi/node_modules only when the lock file changed since the last
# install (its SHA-256 is kept in node_modules/.lotse-lock); otherwise
# nothing runs and nothing needs the network.
set -euo pipefail
cd "$(dirname "$0")/../openapi"
stamp=node_modules/.lotse-lock
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && [ -x node_modules/.bin/redocly ]; then
  exit 0
fi
echo "npm: installing the OpenAPI tools pinned in openapi/package-lock.json (first time or the lock changed)" >&2
start=$(date +%s)
# --prefer-offline: packages already in npm's cache are taken from it
# without asking the registry
npm ci --prefer-offline --no-audit --no-fund --loglevel=error --progress=false >&2
echo "$want" > "$stamp"
echo "npm: $(ls node_modules | wc -l) packages installed in $(( $(date +%s) - start )) s" >&2
