#!/usr/bin/env bash
# Runs every test: cmocka unit binaries in BUILD/tests/, then every tests/e2e/test_*.sh
# (each exits 0 on pass). Ends with one line "N passed, N failed".
set -u
BUILD=${1:-build}
export CHISO="$(cd "$(dirname "$BUILD/chiso")" && pwd)/chiso"
export PY=/usr/bin/python3
# Messages in English unless a test asks (the goldens are English): no LANGUAGE from outside.
unset LANGUAGE CHISO_LANG
cd "$(dirname "$0")/.."
pass=0; fail=0; failed=()
for t in "$BUILD"/tests/test_*; do
    [ -x "$t" ] || continue
    if out=$("$t" 2>&1); then pass=$((pass+1)); echo "PASS unit $(basename "$t")";
    else fail=$((fail+1)); failed+=("$t"); echo "FAIL unit $(basename "$t")"; echo "$out" | tail -30; fi
done
for t in tests/e2e/test_*.sh; do
    [ -f "$t" ] || continue
    tmp=$(mktemp -d)
    if out=$(TMPD="$tmp" bash "$t" 2>&1); then pass=$((pass+1)); echo "PASS e2e $(basename "$t")";
    else fail=$((fail+1)); failed+=("$t"); echo "FAIL e2e $(basename "$t")"; echo "$out" | tail -30; fi
    rm -rf "$tmp"
done
# Front ends over the public header alone (tests/api; binaries in BUILD/api).
for t in tests/api/test_*.sh; do
    [ -f "$t" ] || continue
    tmp=$(mktemp -d)
    if out=$(TMPD="$tmp" API="$BUILD/api" bash "$t" 2>&1); then pass=$((pass+1)); echo "PASS api $(basename "$t")";
    else fail=$((fail+1)); failed+=("$t"); echo "FAIL api $(basename "$t")"; echo "$out" | tail -30; fi
    rm -rf "$tmp"
done
[ $fail -eq 0 ] || printf 'failed: %s\n' "${failed[@]}"
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
