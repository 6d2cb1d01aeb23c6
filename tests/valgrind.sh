#!/usr/bin/env bash
# make test-valgrind: every sample (and the good workbooks of tests/bad) converted to
# every output format, and inspected, under valgrind --leak-check=full; any memory
# error or definite leak fails. Then the bad inputs, which must fail cleanly too.
set -u
CHISO=${1:-build/chiso}
cd "$(dirname "$0")/.."
command -v valgrind >/dev/null || { echo "valgrind is not installed (apt-get install valgrind)" >&2; exit 1; }
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
VG=(valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite
    --show-leak-kinds=definite --track-origins=yes --suppressions=tests/sanitizer/valgrind.supp)
pass=0; fail=0
run() {   # run EXPECTED_EXITS... -- ARGS: valgrind error -> exit 99
    local want=$1; shift
    "${VG[@]}" "$CHISO" "$@" >"$T/out" 2>"$T/err"
    local rc=$?
    if [ $rc -eq 99 ] || ! [[ " $want " == *" $rc "* ]]; then
        fail=$((fail+1)); echo "FAIL (exit $rc) chiso $*"; grep -v '^chiso' "$T/err" | head -40
    else
        pass=$((pass+1)); echo "ok   chiso $*"
    fi
}
# Samples must convert; test data includes files meant to be refused (encrypted, no
# table): their exit codes are checked by their own tests, here only valgrind's verdict.
for s in samples/* tests/bad/good.xls tests/bad/good.xlsx \
         $(ls tests/data/*/* 2>/dev/null | grep -E '\.(xls|xlsx|csv|html|json|txt)$' | head -20); do
    case "$s" in *.rules|*.md) continue;; esac
    case "$s" in samples/*|*/good.*) want="0";; *) want="0 2";; esac
    for ext in xlsx json csv; do run "$want" convert "$s" -o "$T/o.$ext"; done
    run "$want" inspect "$s"
done
run "0" convert samples/*.csv -o "$T/all.xlsx"
for b in tests/bad/*; do
    case $b in *.golden|*.md|*/good.*) continue;; esac
    run "0 1 2" convert "$b" -o "$T/b.json"
done
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
