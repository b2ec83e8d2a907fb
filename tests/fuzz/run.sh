#!/usr/bin/env bash
# run.sh SECONDS FUZZER... - runs each libFuzzer harness for SECONDS on a
# corpus seeded from tests/fuzz/seeds/<name>/, reports executions, and
# fails on the first crash (the reproducer stays in build/fuzz/crashes/).
set -uo pipefail
cd "$(dirname "$0")/../.."
secs=$1; shift
mkdir -p build/fuzz/crashes
status=0
for bin in "$@"; do
  name=$(basename "$bin")
  corpus="build/fuzz/corpus/$name"
  mkdir -p "$corpus"
  [ -d "tests/fuzz/seeds/$name" ] && cp -n tests/fuzz/seeds/"$name"/* "$corpus"/ 2>/dev/null
  log="build/fuzz/$name.log"
  "$bin" -max_total_time="$secs" -rss_limit_mb=2048 -max_len=8192 \
    -artifact_prefix="build/fuzz/crashes/$name-" "$corpus" > "$log" 2>&1
  rc=$?
  runs=$(grep -o 'Done [0-9]* runs' "$log" | awk '{print $2}')
  printf 'fuzz %-16s %10s executions in %ss, corpus %s, %s\n' "$name" "${runs:-?}" "$secs" \
    "$(ls "$corpus" | wc -l)" "$([ $rc -eq 0 ] && echo 'no findings' || echo "FINDING (see $log)")"
  [ $rc -eq 0 ] || status=1
done
exit $status
