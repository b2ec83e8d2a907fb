#!/usr/bin/env bash
# deps.sh - makes sure the Debian packages Lotse needs are installed.
# Installs what is missing with apt-get (as root, or through sudo); does
# nothing when everything is there already.
set -euo pipefail

PKGS=(
  build-essential pkg-config
  libmicrohttpd-dev libpq-dev libjansson-dev libjwt-dev libssl-dev
  libcurl4-openssl-dev check
  postgresql
  python3 python3-yaml openssl curl
)
[ "${1:-}" = "--bench" ] && PKGS+=(wrk)
# the tests open /docs in headless Chromium and run a slowloris attack
[ "${1:-}" = "--test" ] && PKGS+=(chromium slowhttptest)
[ "${1:-}" = "--fuzz" ] && PKGS+=(clang libclang-rt-14-dev)
[ "${1:-}" = "--valgrind" ] && PKGS+=(valgrind)

missing=()
for p in "${PKGS[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
# Node and npm only validate the OpenAPI document (make test), never serve
command -v npm >/dev/null 2>&1 || missing+=(nodejs npm)
[ ${#missing[@]} -eq 0 ] && exit 0

echo "deps: installing ${missing[*]}" >&2
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "deps: need root or sudo to install ${missing[*]}" >&2; exit 1; }
  SUDO="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
