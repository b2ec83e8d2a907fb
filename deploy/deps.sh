#!/usr/bin/env bash
# deps.sh - makes sure the Debian packages Lotse needs are installed.
# Installs what is missing with apt-get (as root, or through sudo); does
# nothing when everything is there already.
set -euo pipefail

PKGS=(
  build-essential pkg-config
  libmicrohttpd-dev libpq-dev libjansson-dev libjwt-dev libssl-dev
  libcurl4-openssl-dev libmagic-dev check
  postgresql
  python3 python3-yaml openssl curl jq
)
[ "${1:-}" = "--bench" ] && PKGS+=(wrk)
# the tests open /docs in headless Chromium and run a slowloris attack
[ "${1:-}" = "--test" ] && PKGS+=(chromium slowhttptest)
[ "${1:-}" = "--fuzz" ] && PKGS+=(clang libclang-rt-14-dev)
[ "${1:-}" = "--valgrind" ] && PKGS+=(valgrind)
# make docker-check: the Dockerfile replayed in a debootstrap chroot
[ "${1:-}" = "--docker" ] && PKGS+=(debootstrap docker-compose)

missing=()
for p in "${PKGS[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
# Node and npm only check the OpenAPI document and its typed client (make
# test, make client), never serve: make run goes without them
if [ "${1:-}" = "--test" ] || [ "${1:-}" = "--node" ]; then
  command -v npm >/dev/null 2>&1 || missing+=(nodejs npm)
fi
[ ${#missing[@]} -eq 0 ] && exit 0

echo "deps: installing ${#missing[@]} packages and what they need: ${missing[*]}" >&2
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "deps: need root or sudo to install ${missing[*]}" >&2; exit 1; }
  SUDO="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
log=$(mktemp /tmp/lotse-apt-XXXXXX.log)
echo "deps: apt-get update" >&2
$SUDO apt-get update -qq
# apt's own lines, condensed to a count every tenth of the way (its full
# output goes to $log, shown when it fails)
if ! $SUDO apt-get install -y --no-install-recommends -o Dpkg::Use-Pty=0 "${missing[@]}" 2>&1 \
    | tee "$log" | awk '
      function step(what, k) { if (total > 0 && (k == total || int(10 * k / total) > int(10 * (k - 1) / total)))
                                 { printf "deps: %s %d/%d\n", what, k, total; fflush() } }
      / newly installed, / { total = $3 + 0; printf "deps: %d packages to install\n", total; fflush() }
      /^Need to get / { printf "deps: %s\n", $0; fflush() }
      /^Get:[0-9]+ / { step("downloaded", ++got) }
      /^Setting up / { step("set up", ++setup) }' >&2; then
  echo "deps: apt-get install failed; its output:" >&2
  tail -n 30 "$log" >&2
  exit 1
fi
rm -f "$log"
echo "deps: done" >&2
