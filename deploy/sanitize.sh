#!/usr/bin/env bash
# sanitize.sh asan|valgrind - `make test-asan` / `make test-valgrind`: the
# whole suite with lotse and the test runner built with clang's
# AddressSanitizer and UndefinedBehaviorSanitizer (leaks included), or
# with lotse under valgrind memcheck.  Runs in a copy of the tree
# (build/sanitize/KIND), so the normal build is left alone.  Fails on a
# failed test or on any sanitizer report (errors, definite leaks).
set -euo pipefail
cd "$(dirname "$0")/.."
kind=${1:?asan or valgrind}
root=$PWD
dir=build/sanitize/$kind
rm -rf "$dir"
mkdir -p "$dir"
tar --exclude=./build --exclude=./.pg --exclude='./openapi/node_modules' -cf - . | (cd "$dir" && tar xf -)
bash deploy/npm-tools.sh
ln -s "$root/openapi/node_modules" "$dir/openapi/node_modules"
cd "$dir"
echo "$kind: building lotse and the tests in $dir, then the whole suite (a few minutes; log: $dir/build/sanitize.log)" >&2
case $kind in
asan)
  make CC=clang CFLAGS="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer" \
    all build/run_tests >/dev/null
  # a small quarantine: the documents test measures the server's peak memory for a 20 MiB file,
  # and ASan's default 256 MB quarantine keeps every freed 1 MiB chunk resident (a freed block is
  # still checked against use for the next 8 MB of frees)
  export ASAN_OPTIONS=detect_leaks=1:quarantine_size_mb=8 UBSAN_OPTIONS=print_stacktrace=1 ;;
valgrind)
  make all build/run_tests >/dev/null
  # lotse runs under memcheck; the tests wait longer for it
  export LOTSE_TEST_WRAPPER="valgrind --log-file=$PWD/build/valgrind.%p.log --leak-check=full --show-leak-kinds=definite --errors-for-leak-kinds=definite"
  export CK_DEFAULT_TIMEOUT=300 CK_TIMEOUT_MULTIPLIER=10 ;;
*) echo "sanitize.sh: asan or valgrind" >&2; exit 2 ;;
esac
status=0
bash deploy/test.sh > build/sanitize.log 2>&1 || status=$?
reports=$(cat build/test-server.log build/sanitize.log build/valgrind.*.log 2>/dev/null | grep -cE \
  "ERROR: AddressSanitizer|runtime error:|ERROR: LeakSanitizer|ERROR SUMMARY: [1-9]|definitely lost: [1-9]" || true)
if [ "$kind" = valgrind ]; then
  runs=$(cat build/valgrind.*.log 2>/dev/null | grep -c "ERROR SUMMARY" || true)
  echo "valgrind: $runs lotse process(es) ran under memcheck"
  [ "$runs" -gt 0 ] || reports=1
fi
grep -E "^[0-9]+ passed, [0-9]+ failed" build/sanitize.log | tail -1 || tail -5 build/sanitize.log
echo "$kind: $reports report(s); logs in $dir/build/sanitize.log and $dir/build/test-server.log"
[ "$status" -eq 0 ] && [ "$reports" -eq 0 ]
