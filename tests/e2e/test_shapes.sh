#!/usr/bin/env bash
# Historical shapes (issue 8): a long table with a period column, periods as columns (xlsx,
# Tháng + Năm columns, the dashboards' "Xu hướng" sheet) and the portal's JSON in both
# forms each give, through `history --to json`, the same values as the same data given one
# file per period (tests/data/shapes/, written by scripts/gen-shapes.py); every value
# traced to file, sheet and cell; `inspect` names the shape; `convert --period` picks one.
set -u
. "$(dirname "$0")/lib.sh"
cd "$ROOT"
D=tests/data/shapes
same() {   # same SHAPE_INPUT PER_PERIOD_DIR NPERIODS [options]
    local a=$1 b=$2 n=$3; shift 3
    expect_exit 0 "$CHISO" history "$a" --to json -o "$TMPD/a.json" "$@"
    expect_exit 0 "$CHISO" history "$b" --to json -o "$TMPD/b.json"
    $PY tests/e2e/test_shapes.py "$TMPD/a.json" "$TMPD/b.json" "$n" >/dev/null || fail "$a and $b differ"
}
same $D/long/long-2-huyen-12-tuan.csv $D/long/per-period 12
same $D/wide/diem-2024-theo-thang.xlsx $D/wide/per-period 12
same $D/wide/thang-nam.csv $D/wide/per-period 12
same $D/wide/xu-huong.xlsx $D/wide/per-period 12
expect_exit 0 "$CHISO" history $D/json/an-giang-thang-6.json $D/json/an-giang-2024-t7.json $D/json/an-giang-moi.json \
    --to json -o "$TMPD/a.json"
expect_exit 0 "$CHISO" history $D/json/per-period --to json -o "$TMPD/b.json"
$PY tests/e2e/test_shapes.py "$TMPD/a.json" "$TMPD/b.json" 3 >/dev/null || fail "portal JSON and its CSVs differ"

# a portal JSON that says no period: --period gives it
cp $D/json/an-giang-2024-t7.json "$TMPD/portal.json"
expect_exit 0 "$CHISO" history "$TMPD/portal.json" --period "Tháng 7/2024" --to json -o "$TMPD/x.json"
$PY - "$TMPD/x.json" <<'PY' || fail "JSON + --period"
import json, sys
rows = json.load(open(sys.argv[1]))
assert rows and all(r['month'] == 7 and r['year'] == 2024 and r['period'] == 'Tháng 7/2024' for r in rows), rows[0]
assert all(r['cell'] for r in rows if r['indicator'] != 'xep_loai')
PY
# a Xu hướng sheet's score read as another indicator
expect_exit 0 "$CHISO" history $D/wide/xu-huong.xlsx --indicator muc_do_hai_long --to json -o "$TMPD/x.json"
$PY -c "import json,sys; r=json.load(open(sys.argv[1])); assert {x['indicator'] for x in r} == {'muc_do_hai_long'}, r[0]" \
    "$TMPD/x.json" || fail "--indicator on a Xu hướng sheet"
expect_exit 1 "$CHISO" history $D/wide/xu-huong.xlsx --indicator diem --to json -o "$TMPD/x.json"

# a dashboard's own trend (month, year, score; no unit column): the total of each month
expect_exit 0 "$CHISO" history $D/wide/xu-huong-tinh.xlsx --to json -o "$TMPD/x.json"
$PY - "$TMPD/x.json" <<'PY' || fail "Xu hướng without units"
import json, sys
rows = [r for r in json.load(open(sys.argv[1])) if r['indicator'] == 'diem_tong_hop']
assert len(rows) == 12 and {r['kind'] for r in rows} == {'tong'}, rows[:2]
assert [r['cell'] for r in rows] == ['C%d' % i for i in range(2, 14)], [r['cell'] for r in rows]
assert all(r['sheet'] == 'Xu hướng' for r in rows)
PY

# inspect names the shape
expect_exit 0 "$CHISO" inspect $D/long/long-2-huyen-12-tuan.csv
grep -q "shape: long table (period column C 'Kỳ báo cáo', 12 periods)" "$OUT" || fail "inspect long: $(grep shape "$OUT")"
expect_exit 0 "$CHISO" inspect $D/wide/diem-2024-theo-thang.xlsx
grep -q "shape: periods as columns (12 periods, indicator diem_tong_hop" "$OUT" || fail "inspect wide: $(grep shape "$OUT")"
expect_exit 0 "$CHISO" inspect $D/json/an-giang-moi.json
grep -q "shape: portal JSON" "$OUT" || fail "inspect json: $(grep shape "$OUT")"
expect_exit 0 "$CHISO" inspect samples/phu-tan-2024-t5-w1.csv
grep -q "shape: one period" "$OUT" || fail "inspect one period"

# periods as columns with no indicator anywhere: a clear error naming --indicator
printf 'Đơn vị,T8/2025,T9/2025,T10/2025\nXã A,80,81,82\nXã B,70,71,72\n' > "$TMPD/noind.csv"
expect_exit 2 "$CHISO" history "$TMPD/noind.csv" --strict --to json -o "$TMPD/x.json"
grep -q "noind.csv.*--indicator" "$ERR" || fail "no indicator: the error must name the file and --indicator"
expect_exit 0 "$CHISO" history "$TMPD/noind.csv" --indicator tien_do_giai_quyet --to json -o "$TMPD/x.json"
$PY - "$TMPD/x.json" <<'PY' || fail "--indicator values"
import json, sys
rows = json.load(open(sys.argv[1]))
got = {(r['month'], r['year'], r['key'], r['value'], r['cell']) for r in rows}
assert (9, 2025, 'a', 81, 'C2') in got and (10, 2025, 'b', 72, 'D3') in got, got
assert {r['indicator'] for r in rows} == {'tien_do_giai_quyet'}, rows
PY

# convert: one Phụ lục sheet per period, newest first; --period picks one
expect_exit 0 "$CHISO" convert $D/long/long-2-huyen-12-tuan.csv -o "$TMPD/long.xlsx"
$PY - "$TMPD/long.xlsx" <<'PY' || fail "convert: one sheet per period, newest first"
import openpyxl, sys
names = openpyxl.load_workbook(sys.argv[1]).sheetnames
assert len([n for n in names if n.startswith('Tuần')]) == 12, names
assert names[0].startswith('Tuần 4 - Tháng 5'), names
PY
expect_exit 0 "$CHISO" convert $D/long/long-2-huyen-12-tuan.csv --period "Tuần 2 - Tháng 4/2024" --to json
$PY - "$OUT" <<'PY' || fail "--period picks one period"
import json, sys
d = json.load(open(sys.argv[1]))
assert isinstance(d, dict) and d['period']['month'] == 4 and d['period']['week'] == 2, d['period']
assert len(d['units']) == 2
PY
expect_exit 2 "$CHISO" convert $D/long/long-2-huyen-12-tuan.csv --period "Tuần 2 - Tháng 9/2024" --to json
grep -q "none of its 12 periods" "$ERR" || fail "an unknown --period must say so"

# a row whose period cannot be read is a warning naming the cell, never silently dropped
printf 'Đơn vị;Kỳ;Điểm tổng hợp\nXã A;T5/2024;80,5\nXã B;sắp tới;70\n' > "$TMPD/bad.csv"
expect_exit 0 "$CHISO" history "$TMPD/bad.csv" --to json -o "$TMPD/x.json"
grep -q "cell B3.*'sắp tới' is not a period" "$ERR" || fail "bad period warning"
done_ok
