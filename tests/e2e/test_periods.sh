#!/usr/bin/env bash
# Periods end to end: reference 001 without its THÁNG 4 and change columns + the previous
# month as a separate file with names written differently gives the printed values for
# all 18 communes; `summary` names the communes reference 001's prose names; `history`
# over tests/data/history/ gives one table with every value traced to file and cell.
set -u
. "$(dirname "$0")/lib.sh"
cd "$ROOT"
NOPREV=tests/data/periods/phu-tan-2024-t5-w1-no-prev.csv
PREV=samples/phu-tan-2024-t4.csv
FULL=samples/phu-tan-2024-t5-w1.csv

# 1. The previous month, joined across 'Xã Hoà Lạc', 'PHU HUNG', 'Thị trấn Chợ Vàm'.
expect_exit 0 "$CHISO" convert "$NOPREV" --previous "$PREV" --to json
cp "$OUT" "$TMPD/prev.json"
grep -q "unit_fuzzy_match" "$ERR" || fail "PHU HUNG should be matched with a warning"
grep -q "PHU HUNG" "$ERR" || fail "the warning should name PHU HUNG"
expect_exit 0 "$CHISO" convert "$FULL" --to json
cp "$OUT" "$TMPD/full.json"
$PY tests/e2e/test_periods.py previous "$TMPD/prev.json" "$TMPD/full.json" || fail "previous-period values"

# Printed values that disagree with the previous file are warnings, not silent fixes.
sed 's/^3,TÂN HÒA,89.04,TỐT,89.06/3,TÂN HÒA,89.04,TỐT,89.60/' "$FULL" > "$TMPD/typo.csv"
expect_exit 0 "$CHISO" convert "$TMPD/typo.csv" --previous "$PREV" --to json
grep -q "previous_mismatch" "$ERR" || fail "a wrong printed THÁNG 4 must be a warning"
grep "previous_mismatch" "$ERR" | grep -q "Tân Hòa" || fail "the mismatch warning names the unit"

# The Phụ lục shows THÁNG 4 and the change, and a Tổng hợp sheet.
expect_exit 0 "$CHISO" convert "$NOPREV" --previous "$PREV" -o "$TMPD/pl.xlsx"
$PY tests/e2e/test_periods.py xlsx "$TMPD/pl.xlsx" || fail "Phụ lục with the previous period"

# 2. summary names the communes reference 001's prose names.
expect_exit 0 "$CHISO" summary "$FULL"
cp "$OUT" "$TMPD/summary.txt"
$PY tests/e2e/test_periods.py summary "$TMPD/summary.txt" || fail "summary text"
expect_exit 0 "$CHISO" summary "$FULL" --format json
$PY -c "import json,sys; d=json.load(open(sys.argv[1])); assert d['counts']['tot']==15, d['counts']" "$OUT" || fail "summary json"
expect_exit 0 "$CHISO" summary "$FULL" --format markdown
grep -q "^## " "$OUT" || fail "summary markdown"
expect_exit 0 "$CHISO" summary "$NOPREV" --previous "$PREV"
grep -q "Giảm điểm so với Tháng 4: Phú Long" "$OUT" || fail "summary with --previous: $(cat "$OUT")"

# 3. history over a folder of weekly files.
H=tests/data/history
expect_exit 0 "$CHISO" history "$H"/*.csv --scope "Phú Tân, An Giang" -o "$TMPD/h.csv"
grep -q "duplicate_period" "$ERR" || fail "the duplicate week must be a warning"
grep -q "^chiso: history: " "$ERR" || fail "final count line"
expect_exit 0 "$CHISO" history "$H"/*.csv --scope "Phú Tân, An Giang" -o "$TMPD/h.json"
expect_exit 0 "$CHISO" history "$H"/*.csv --scope "Phú Tân, An Giang" -o "$TMPD/h.xlsx"
$PY tests/e2e/test_periods.py history "$H" "$TMPD/h.csv" "$TMPD/h.json" "$TMPD/h.xlsx" || fail "history table"

# A folder stands for its files.
expect_exit 0 "$CHISO" history "$H" --scope "Phú Tân, An Giang" -o "$TMPD/hd.csv"
cmp -s "$TMPD/hd.csv" "$TMPD/h.csv" || fail "history over the folder differs from the files"

# A file that fails is reported and skipped; --strict stops (exit 2, no output); none readable: exit 2.
printf 'not a table\n' > "$TMPD/bad.csv"
expect_exit 0 "$CHISO" history "$H"/*.csv "$TMPD/bad.csv" -o "$TMPD/h2.csv"
grep -q "bad.csv" "$ERR" || fail "the failing file is named"
expect_exit 2 "$CHISO" history "$H"/*.csv "$TMPD/bad.csv" --strict -o "$TMPD/h3.csv"
[ ! -e "$TMPD/h3.csv" ] || fail "--strict left an output"
expect_exit 2 "$CHISO" history "$TMPD/bad.csv" -o "$TMPD/h4.csv"
[ ! -e "$TMPD/h4.csv" ] || fail "no readable file left an output"
done_ok
