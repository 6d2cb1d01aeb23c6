#!/usr/bin/env bash
# Bad and odd inputs (issue 7): every tests/bad/*.golden gives a command, its exit
# code and its expected stderr; tests/e2e/bad_golden.py runs and compares them
# (syntax in tests/bad/README.md).
set -u
. "$(dirname "$0")/lib.sh"
n=$(ls "$ROOT"/tests/bad/*.golden | wc -l)
[ "$n" -ge 30 ] || fail "only $n golden cases in tests/bad (issue 7 asks for at least 30)"
"$PY" "$ROOT/tests/e2e/bad_golden.py" || exit 1
done_ok
