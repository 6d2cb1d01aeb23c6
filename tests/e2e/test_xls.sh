#!/usr/bin/env bash
# The .xls reader end to end: a damaged, a password-protected and a renamed file each give
# one line on stderr and exit 2; the sample appendix as .xls (formula cells, merged header)
# gives the same JSON units as the same table as CSV; percent-formatted fractions become
# percentages and an error cell a missing value with a warning.
set -u
. "$(dirname "$0")/lib.sh"
D="$ROOT/tests/data/xls"

expect_exit 2 "$CHISO" convert "$D/truncated.xls" --to json -o "$TMPD/t.json"
[ "$(wc -l <"$ERR")" -eq 1 ] || fail "truncated: more than one line on stderr"
grep -q "truncated.xls: the workbook is incomplete" "$ERR" || fail "truncated: $(cat "$ERR")"
[ ! -e "$TMPD/t.json" ] || fail "truncated: an output file was left"

expect_exit 2 "$CHISO" convert "$D/encrypted.xls" --to json -o "$TMPD/e.json"
[ "$(wc -l <"$ERR")" -eq 1 ] || fail "encrypted: more than one line on stderr"
grep -q "encrypted.xls: the workbook is password-protected; save it without a password and try again" "$ERR" \
    || fail "encrypted: $(cat "$ERR")"

# a CFBF whose header is zeros, under an .xls name
printf '\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1' >"$TMPD/bad.xls"
head -c 4088 /dev/zero >>"$TMPD/bad.xls"
expect_exit 2 "$CHISO" convert "$TMPD/bad.xls" --to json -o "$TMPD/b.json"
[ "$(wc -l <"$ERR")" -eq 1 ] || fail "zeros: more than one line on stderr"
grep -q "bad.xls: " "$ERR" || fail "zeros: $(cat "$ERR")"

# the same appendix as .xls and as CSV: identical units
"$CHISO" convert "$ROOT/samples/phu-tan-2024-t5-w1.csv" --to json -o "$TMPD/csv.json" 2>"$TMPD/csv.err" ||
    fail "the sample as CSV does not convert: $(head -1 "$TMPD/csv.err")"
{
    expect_exit 0 "$CHISO" convert "$ROOT/samples/phu-tan-2024-t5-w1.xls" --to json -o "$TMPD/xls.json"
    "$PY" "$ROOT/tests/e2e/xls_units.py" "$TMPD/csv.json" "$TMPD/xls.json" || fail "xls and csv units differ"
    "$PY" -c "
import json,sys
d=json.load(open(sys.argv[1]))
d=d[0] if isinstance(d,list) else d
s=d['sources'][0]
assert s['format']=='xls', s
assert s.get('encoding')=='utf-16le', s
" "$TMPD/xls.json" || fail "sources[].format/encoding of the xls"
    # the Excel 95 copy reads the same
    expect_exit 0 "$CHISO" convert "$D/biff5.xls" --to json -o "$TMPD/b5.json"
    "$PY" "$ROOT/tests/e2e/xls_units.py" "$TMPD/csv.json" "$TMPD/b5.json" || fail "biff5 and csv units differ"
    # percent columns stored as fractions in a 0.00% format, and one #DIV/0! change cell:
    # the same units, except that value is missing, with a warning naming the cell
    expect_exit 0 "$CHISO" convert "$D/phu-tan-variant.xls" --to json -o "$TMPD/v.json"
    "$PY" - "$TMPD/csv.json" "$TMPD/v.json" <<'PYEOF' || fail "percent/error variant"
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
a = a[0] if isinstance(a, list) else a
b = b[0] if isinstance(b, list) else b
ua = a["units"]
ub = b["units"]
assert len(ua) == len(ub) == 19, (len(ua), len(ub))
for x, y in zip(ua, ub):
    if x["name"] == "Phú Long":
        assert "tang_giam" not in y["values"], y
        x["values"].pop("tang_giam")
    assert x == y, (x, y)
w = [w for w in b["warnings"] if w.get("row") == 24 and w.get("column") == "F"]
assert w and "#DIV/0!" in w[0]["message"], b["warnings"]
PYEOF
}
done_ok
