#!/usr/bin/env bash
# readme_examples.sh README BASE_URL - runs the README's shell examples as a
# reader pastes them, against a live server, so that they cannot drift.
#
# Every ```sh block that calls curl is run, in the order of the README, in
# one bash (variables such as $TOKEN and $CASE carry from block to block),
# with http://127.0.0.1:8080 replaced by BASE_URL.  `curl` is wrapped: each
# call must exit 0 and answer 2xx, else the run stops there, naming the
# block's first line and the call.  Output: the log of the calls, then one
# line "readme: N blocks, M calls, all 2xx"; exit status 0 only then.
set -euo pipefail
readme=${1:?usage: readme_examples.sh README BASE_URL}
base=${2:?usage: readme_examples.sh README BASE_URL}
work=$(mktemp -d /tmp/lotse-readme-XXXXXX)
trap 'rm -rf "$work"' EXIT

# the blocks, one file each (only those that call curl)
awk -v dir="$work" '
  /^```sh[[:space:]]*$/ { inb = 1; n++; f = sprintf("%s/block-%02d.sh", dir, n); start = NR; next }
  inb && /^```[[:space:]]*$/ { inb = 0; close(f); next }
  inb { if (!((f) in seen)) { print "# README.md line " start > f; seen[f] = 1 } print > f }
' "$readme"
blocks=()
for f in "$work"/block-*.sh; do
  grep -q '\bcurl ' "$f" && blocks+=("$f")
done
[ ${#blocks[@]} -gt 0 ] || { echo "readme: no example calls curl" >&2; exit 1; }

# the calls the blocks make (a command substitution or a pipe is one call)
expected=$(cat "${blocks[@]}" | grep -v '^[[:space:]]*#' | grep -o '\bcurl ' | wc -l)

script="$work/run.sh"
cat > "$script" <<'PRE'
set -euo pipefail
# pipes and command substitutions run the wrapper in a subshell: the calls
# are counted in a file
curl() {
  local err code rc=0
  err=$(mktemp)
  command curl -w '%{stderr}%{http_code}' "$@" 2>"$err" || rc=$?
  code=$(tail -c 3 "$err"); rm -f "$err"
  echo "$code" >> "$READMECALLS"
  echo "readme: call $(wc -l < "$READMECALLS") ($readme_block): HTTP $code, curl exit $rc" >&2
  if [ "$rc" -ne 0 ] || [ "${code:0:1}" != 2 ]; then
    echo "readme: FAILED in the block at $readme_block: curl $*" >&2
    return 1
  fi
}
PRE
for f in "${blocks[@]}"; do
  echo "readme_block='$(head -1 "$f" | sed 's/^# //')'" >> "$script"
  tail -n +2 "$f" | sed "s#http://127.0.0.1:8080#$base#g" >> "$script"
  echo >> "$script"
done
export READMECALLS="$work/calls"
: > "$READMECALLS"
if ! bash "$script" >"$work/out" 2>"$work/err"; then
  cat "$work/err" >&2
  echo "readme: the examples stopped with an error (output of the last call: $(tail -c 300 "$work/out"))" >&2
  exit 1
fi
cat "$work/err" >&2
calls=$(wc -l < "$READMECALLS")
if [ "$calls" -ne "$expected" ]; then
  echo "readme: $calls calls made, but the blocks contain $expected" >&2
  exit 1
fi
echo "readme: ${#blocks[@]} blocks, $calls calls, all 2xx"
