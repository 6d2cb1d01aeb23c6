#!/usr/bin/env bash
# The readers of issue 3 end to end: the same appendix (reference 001) as CSV, xlsx,
# HTML saved as .xls, UTF-16 "Unicode text" and Excel 2003 XML gives identical JSON units; reference
# 003's two sheets give one snapshot of 25 units with six indicators; the portal's
# workbook gives two snapshots with kinds, codes and group scores; the portal's JSON
# in both forms; damaged inputs give one line naming the file and exit 2.
set -u
. "$(dirname "$0")/lib.sh"
S="$ROOT/samples"
J="$ROOT/tests/data/json"
CHECK="$ROOT/tests/e2e/test_readers.py"

# Same appendix, four formats (the reader is chosen from the bytes: .xls here is HTML).
for f in phu-tan-2024-t5-w1.csv phu-tan-2024-t5-w1.xlsx phu-tan-2024-t5-w1.html.xls phu-tan-2024-t5-w1.utf16.txt \
         phu-tan-2024-t5-w1.xml.xls; do
    expect_exit 0 "$CHISO" convert "$S/$f" --to json -o "$TMPD/$f.json"
done
$PY "$CHECK" same-units "$TMPD/phu-tan-2024-t5-w1.csv.json" "$TMPD/phu-tan-2024-t5-w1.xlsx.json" \
    "$TMPD/phu-tan-2024-t5-w1.html.xls.json" "$TMPD/phu-tan-2024-t5-w1.utf16.txt.json" \
    "$TMPD/phu-tan-2024-t5-w1.xml.xls.json" || fail "same appendix, different units"
$PY "$CHECK" source "$TMPD/phu-tan-2024-t5-w1.html.xls.json" html utf-8 || fail "html source"
$PY "$CHECK" source "$TMPD/phu-tan-2024-t5-w1.xlsx.json" xlsx utf-8 || fail "xlsx source"
$PY "$CHECK" source "$TMPD/phu-tan-2024-t5-w1.utf16.txt.json" csv utf-16le || fail "utf-16 source"

# Reference 003: two sheets about the same communes -> one snapshot; and its Phụ lục.
expect_exit 0 "$CHISO" convert "$S/khoai-chau-2024-t2.xlsx" --to json -o "$TMPD/kc.json"
$PY "$CHECK" khoai-chau "$TMPD/kc.json" || fail "reference 003 workbook"
$PY "$CHECK" period "$TMPD/kc.json" "Tháng 2/2024" || fail "reference 003 period"
expect_exit 0 "$CHISO" convert "$S/khoai-chau-2024-t2.xlsx" -o "$TMPD/kc.xlsx"
$PY -c "import openpyxl,sys; openpyxl.load_workbook(sys.argv[1])" "$TMPD/kc.xlsx" || fail "kc.xlsx does not open"

# The portal's workbook: Sở Ban and Xã Phường are different units -> two snapshots.
expect_exit 0 "$CHISO" convert "$S/an-giang-portal-xa-phuong.xlsx" --to json -o "$TMPD/portal.json"
$PY "$CHECK" portal "$TMPD/portal.json" || fail "portal workbook"

# The portal's JSON, old rows (under data, bare array) and new evaluation (both groupScores shapes).
for f in portal-old-data:4 portal-old-bare:4 portal-new-evaluation:3 portal-new-groups-array:3; do
    expect_exit 0 "$CHISO" convert "$J/${f%%:*}.json" --to json -o "$TMPD/${f%%:*}.out.json"
    $PY "$CHECK" portal-json "$TMPD/${f%%:*}.out.json" "${f##*:}" || fail "portal JSON ${f%%:*}"
    $PY "$CHECK" source "$TMPD/${f%%:*}.out.json" json utf-8 || fail "json source"
done
# The request fields give the period (p_nam/p_thang, year/month, timeType QUARTER).
$PY "$CHECK" period "$TMPD/portal-old-data.out.json" "Tháng 5/2024" || fail "old JSON period"
$PY "$CHECK" period "$TMPD/portal-new-evaluation.out.json" "Tháng 8/2025" || fail "new JSON period"
$PY "$CHECK" period "$TMPD/portal-new-groups-array.out.json" "Quý 3/2025" || fail "new JSON quarter"
expect_exit 0 "$CHISO" inspect "$J/portal-new-evaluation.json"
grep -q "format: json" "$OUT" || fail "inspect does not name the format"

# Bad input: one line naming the file, exit 2, nothing written.
printf '<html><body><p>Xin ch&agrave;o</p></body></html>' > "$TMPD/page.xls"
expect_exit 2 "$CHISO" convert "$TMPD/page.xls" -o "$TMPD/page.json"
grep -q "page.xls: an HTML page with no table" "$ERR" || fail "HTML without a table: $(cat "$ERR")"
[ ! -e "$TMPD/page.json" ] || fail "an output was written for a page without a table"
head -c 3000 "$S/khoai-chau-2024-t2.xlsx" > "$TMPD/cut.xlsx"
expect_exit 2 "$CHISO" convert "$TMPD/cut.xlsx" -o "$TMPD/cut.json"
grep -q "cut.xlsx: the file is incomplete.*Download it again" "$ERR" || fail "truncated xlsx: $(cat "$ERR")"
# An xlsx whose shared strings part is gone: the first cell that needs it is named.
$PY - "$S/khoai-chau-2024-t2.xlsx" "$TMPD/nosst.xlsx" <<'PYEOF' || fail "making nosst.xlsx"
import sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as src, zipfile.ZipFile(sys.argv[2], "w", zipfile.ZIP_DEFLATED) as dst:
    for i in src.infolist():
        if i.filename != "xl/sharedStrings.xml":
            dst.writestr(i, src.read(i.filename))
PYEOF
expect_exit 2 "$CHISO" convert "$TMPD/nosst.xlsx" -o "$TMPD/nosst.json"
grep -q "nosst.xlsx: sheet 'Phụ lục 1': cell A1 refers to shared string" "$ERR" || fail "missing shared strings: $(cat "$ERR")"
printf '{"data": [\n{"TEN": "x",}\n]}' > "$TMPD/bad.json"
expect_exit 2 "$CHISO" convert "$TMPD/bad.json" -o "$TMPD/bad.out.json"
grep -q "bad.json, line 2, column .*invalid JSON" "$ERR" || fail "invalid JSON: $(cat "$ERR")"
done_ok
