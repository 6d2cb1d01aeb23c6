#!/usr/bin/env bash
# Issue 15, the readers: small versions of the hostile inputs (scripts/make-hostile.py quick;
# the full sizes run in `make test-hostile`) end with a clean message or a correct result:
# a row's text bounded, nesting capped, a part shared by sheets read once (xlsx and xls),
# duplicate zip entries refused; encoding by evidence (a junk line in a UTF-8 file is warned,
# with its bytes, and the file stays UTF-8); <meta charset> of a legacy encoding on UTF-8
# text hints --encoding; 1e-400 warned; --max-memory checked and named when exceeded.
set -u
. "$(dirname "$0")/lib.sh"
H="$TMPD/h"
"$PY" "$ROOT/scripts/make-hostile.py" quick "$H" || fail "make-hostile.py"
run() { local want=$1 f=$2; shift 2; expect_exit "$want" "$CHISO" convert "$H/$f" -o "$TMPD/o.json" "$@"; }

run 2 sst-row.xlsx;   grep -q "more than 16 MiB of text in one row" "$ERR" || fail "sst-row: $(cat "$ERR")"
run 2 nested-is.xlsx; grep -q "nested more than 256 deep" "$ERR" || fail "nested-is: $(cat "$ERR")"
run 2 dup-entry.xlsx; grep -q "two entries named 'xl/worksheets/sheet1.xml'" "$ERR" || fail "dup-entry: $(cat "$ERR")"
"$CHISO" convert "$H/same-part.xlsx" -o "$TMPD/o.json" >"$OUT" 2>"$ERR"
[ "$(grep -c 'read once \[xlsx_same_part\]' "$ERR")" -eq 255 ] || fail "same-part: $(head -3 "$ERR")"
"$CHISO" convert "$H/same-offset.xls" -o "$TMPD/o.json" >"$OUT" 2>"$ERR"
[ "$(grep -c 'read once \[xls_same_sheet\]' "$ERR")" -eq 255 ] || fail "same-offset: $(head -3 "$ERR")"
run 0 styles-quadratic.xlsx
run 0 many-si.xlsx
run 2 colspan.html;   grep -q "no indicator table" "$ERR" || fail "colspan: $(cat "$ERR")"
run 2 ssml-styles.xml; grep -q "no indicator table" "$ERR" || fail "ssml-styles: $(cat "$ERR")"

# a junk line in a UTF-8 report: UTF-8 still, the line warned with its bytes
run 0 junk-line.csv
grep -q "cell A9: the cell is not valid UTF-8 (\\\\x80\\\\x81" "$ERR" || fail "junk line not warned: $(cat "$ERR")"
grep -q "encoding_guess\|Tá»" "$ERR" && fail "junk line switched the encoding: $(cat "$ERR")"
grep -q '"Phú Hùng"' "$TMPD/o.json" && grep -q '"xep_loai": "tot"' "$TMPD/o.json" || fail "names or classification garbled"
"$PY" - "$TMPD/o.json" <<'PY' || fail "junk line: encoding not utf-8 in the JSON"
import json, sys
d = json.load(open(sys.argv[1]))
srcs = d.get("sources") or d.get("snapshots", [{}])[0].get("sources") or []
s = json.dumps(d)
assert '"utf-8"' in s and "cp1252" not in s
PY

# <meta charset="tcvn3"> on a UTF-8 page: read as UTF-8, with the hint
run 0 tcvn3-meta.html
grep -q "charset=tcvn3 but its text is valid UTF-8.*--encoding tcvn3" "$ERR" || fail "tcvn3 meta: $(cat "$ERR")"
grep -q "Tỏằ" "$ERR" && fail "tcvn3 meta: garbled names"

run 0 underflow.csv
grep -q "'1e-400' is too small for a number" "$ERR" || fail "underflow not warned: $(cat "$ERR")"

# --max-memory: checked, and an input that needs more is a clean message naming the limit
expect_exit 1 "$CHISO" convert "$H/big.json" --max-memory 12 -o "$TMPD/o.json"
grep -q -- "--max-memory must be a size" "$ERR" || fail "bad --max-memory: $(cat "$ERR")"
if ! grep -q asan <<<"$CHISO"; then
    "$PY" - "$H/wide.json" <<'PY'
import sys
one = '{"TEN_COQUAN":"x","TONG_SCORE":1,"a":[1,2,3,4,5,6,7,8]},'
open(sys.argv[1], "w").write('[' + one * 400000 + '{"TEN_COQUAN":"y","TONG_SCORE":2}]')
PY
    expect_exit 2 "$CHISO" convert "$H/wide.json" --max-memory 64M -o "$TMPD/o.json"
    grep -q "memory limit of 64 MiB" "$ERR" || fail "memory limit not named: $(cat "$ERR")"
fi
done_ok
