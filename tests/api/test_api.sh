#!/usr/bin/env bash
# Front ends over chiso.h alone (tests/api/*.c, built into $API by `make test`):
#  - example.c (the README's example): a sample held in memory to an xlsx in memory, the
#    same bytes as `chiso convert` of the same file;
#  - api_test.c: memory/stream/path outputs, two jobs in two threads, warnings as records,
#    accessors on parked snapshots, cancellation, errors;
#  - chiso.h's copy of the error enum is the library's (convert/core/diag.h).
set -u
cd "$(dirname "$0")/../.."
API=${API:-build/api}
CHISO=${CHISO:-build/chiso}
T=${TMPD:-$(mktemp -d)}
fail() { echo "FAIL: $*" >&2; exit 1; }

for f in samples/phu-tan-2024-t5-w1.csv samples/khoai-chau-2024-t2.xlsx tests/data/shapes/long/long-2-huyen-12-tuan.csv; do
    "$API/example" "$f" "$T/api.xlsx" 2>"$T/api.err" || fail "example $f: $(cat "$T/api.err")"
    "$CHISO" -q convert "$f" -o "$T/cli.xlsx" || fail "chiso convert $f"
    cmp -s "$T/api.xlsx" "$T/cli.xlsx" || fail "example: $f in memory gives other bytes than chiso convert"
done

"$API/api_test" || fail "api_test"

block() { sed -n '/BEGIN cx_error/,/END cx_error/p' "$1" | sed 1d; }
[ -n "$(block convert/api/chiso.h)" ] || fail "no cx_error block in chiso.h"
diff <(block convert/core/diag.h) <(block convert/api/chiso.h) >&2 \
    || fail "chiso.h's cx_error differs from convert/core/diag.h's: copy it over"
# README's example is this file, word for word.
python3 - <<'PY' || fail "README.md's example differs from tests/api/example.c"
import sys
readme = open("README.md", encoding="utf-8").read()
ex = open("tests/api/example.c", encoding="utf-8").read()
sys.exit(0 if "```c\n" + ex + "```" in readme else 1)
PY
exit 0
