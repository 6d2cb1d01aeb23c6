#!/usr/bin/env bash
# The portal's real files and the group files written from its README (tests/data/portal/):
# every value checked against the source by portal_check.py (json, openpyxl), not against
# chiso's own output.
set -u
. "$(dirname "$0")/lib.sh"
cd "$ROOT"
D=tests/data/portal
C=tests/e2e/portal_check.py

for f in gia-lai-2026-02-ket-qua phu-tho-2026-08-tien-do-giai-quyet phu-tho-2026-08-cong-khai-minh-bach \
         phu-tho-2026-08-dich-vu-truc-tuyen phu-tho-2026-08-thanh-toan-truc-tuyen phu-tho-2026-08-muc-do-hai-long \
         phu-tho-2026-08-so-hoa-ho-so phu-tho-2026-08-ket-qua ca-nuoc-2026-02-xep-hang \
         gia-lai-2026-02-crawler-xa-phuong; do
    expect_exit 0 "$CHISO" convert "$D/$f.json" -o "$TMPD/$f.out.json"
    grep -q "unknown_column\|duplicate_column" "$ERR" && fail "$f: a warning on the fields"
    $PY "$C" json "$D/$f.json" "$TMPD/$f.out.json" || fail "$f: values differ from the source"
done

# The workbook: every sheet, its period, kinds, no unknown fields; inspect names portal fields.
expect_exit 0 "$CHISO" convert "$D/an-giang-2025-10-bao-cao.xlsx" -o "$TMPD/ag.json"
$PY "$C" xlsx "$D/an-giang-2025-10-bao-cao.xlsx" "$TMPD/ag.json" || fail "An Giang workbook"
expect_exit 0 "$CHISO" inspect "$D/an-giang-2025-10-bao-cao.xlsx"
grep -q "ID_COQUAN .*portal field, not an indicator" "$OUT" || fail "inspect: ID_COQUAN not named a portal field"
grep -q "period: not found" "$OUT" && fail "inspect says 'not found' before naming a period"
expect_exit 0 "$CHISO" inspect "$D/phu-tho-2026-08-tien-do-giai-quyet.json"
grep -q "maxScore .*portal field, not an indicator" "$OUT" || fail "inspect: maxScore not named a portal field"

# history keeps every table (provinces for the year and the month, departments, communes, trends).
expect_exit 0 "$CHISO" history "$D/an-giang-2025-10-bao-cao.xlsx" -o "$TMPD/ag.csv"
$PY "$C" history "$TMPD/ag.csv" "$ERR" || fail "history of the An Giang workbook"

# The six groups of one province and month joined; the total is their sum, checked against
# the service results (one unit is 0.5 off there).
SIX=""
for g in cong-khai-minh-bach tien-do-giai-quyet dich-vu-truc-tuyen thanh-toan-truc-tuyen muc-do-hai-long so-hoa-ho-so; do
    SIX="$SIX $D/phu-tho-2026-08-$g.json"
done
# shellcheck disable=SC2086
expect_exit 0 "$CHISO" convert $SIX "$D/phu-tho-2026-08-ket-qua.json" -o "$TMPD/six.json"
# shellcheck disable=SC2086
expect_exit 0 "$CHISO" convert $SIX -o "$TMPD/six.xlsx"
# shellcheck disable=SC2086
$PY "$C" six "$TMPD/six.json" "$TMPD/six.xlsx" $SIX || fail "six groups"
# history joins them too: one table for the month
# shellcheck disable=SC2086
expect_exit 0 "$CHISO" history $SIX -o "$TMPD/six.csv"
grep -q "6 tables read (1 kept, 5 group files joined, 0 duplicates left out)" "$ERR" || fail "history: group files not joined"
n=$($PY -c "import csv,sys; print(len({r['indicator'] for r in csv.DictReader(open(sys.argv[1], encoding='utf-8-sig'))}))" "$TMPD/six.csv")
[ "$n" -gt 12 ] || fail "history of the six groups: only $n indicators"
grep -q ',diem_tong_hop,' "$TMPD/six.csv" || fail "history of the six groups: no total score"
# shellcheck disable=SC2086
expect_exit 0 "$CHISO" history "$D/phu-tho-2026-08-ket-qua.json" $SIX -o "$TMPD/six2.csv"
grep -q "Sở Công Thương: the six groups add up to" "$ERR" || fail "history: the sum is not checked against the service results"

# A group file of another month is refused, naming both files.
cp "$D/phu-tho-2026-08-cong-khai-minh-bach.json" "$TMPD/phu-tho-2026-07-cong-khai-minh-bach.json"
expect_exit 1 "$CHISO" convert "$D/phu-tho-2026-08-tien-do-giai-quyet.json" "$TMPD/phu-tho-2026-07-cong-khai-minh-bach.json" -o "$TMPD/x.json"
grep -q "Tháng 7/2026" "$ERR" && grep -q "Tháng 8/2026" "$ERR" || fail "refusal does not say which period"

# A unit stating another maximum than its group's is warned.
sed '0,/"maxScore":20,/s//"maxScore":25,/' "$D/phu-tho-2026-08-tien-do-giai-quyet.json" > "$TMPD/phu-tho-2026-08-x.json"
expect_exit 0 "$CHISO" convert "$TMPD/phu-tho-2026-08-x.json" -o "$TMPD/x2.json"
grep -q "states a maximum of 25 points.*worth 20 \[group_maximum\]" "$ERR" || fail "a maximum of 25 in a group of 20 not warned"

# A group file's Phụ lục: its columns, its failing values marked, no total score column.
expect_exit 0 "$CHISO" convert "$D/phu-tho-2026-08-tien-do-giai-quyet.json" -o "$TMPD/tdgq.xlsx"
$PY - "$TMPD/tdgq.xlsx" <<'EOF' || fail "group Phụ lục"
import sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1]).worksheets[0]
heads = [c.value for r in ws.iter_rows(min_row=4, max_row=5) for c in r if c.value]
assert any("TIẾN ĐỘ GIẢI QUYẾT (20 điểm)" in h for h in heads), heads
assert not any(h == "ĐIỂM TỔNG HỢP" for h in heads), heads
rules = [(str(cf.sqref), [r.formula for r in cf.rules]) for cf in ws.conditional_formatting]
assert any(f and f[-1] == ["90"] for _, f in rules), rules
EOF
done_ok
