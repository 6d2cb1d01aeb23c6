#!/usr/bin/env bash
# Writers end to end: the rules file on the command line, then each sample converted to
# the Phụ lục (checked by check_phu_luc.py with openpyxl), JSON and CSV; byte-identical
# xlsx for the same input; --rules with the defaults written out gives the same bytes.
set -u
. "$(dirname "$0")/lib.sh"
CHECK="$ROOT/tests/e2e/check_phu_luc.py"
PT="$ROOT/samples/phu-tan-2024-t5-w1.csv"
CM="$ROOT/samples/cho-moi-2023-t12-w1.csv"

# A bad rules file: exit 1, the file and line named, nothing written.
printf '# mine\ndvc_truc_tuyen < 50\nfoo < 3\n' > "$TMPD/bad.rules"
expect_exit 1 "$CHISO" convert "$PT" --rules "$TMPD/bad.rules" -o "$TMPD/bad.xlsx"
grep -q "bad.rules:3: unknown indicator 'foo'" "$ERR" || fail "rules error message: $(cat "$ERR")"
[ ! -e "$TMPD/bad.xlsx" ] || fail "an output was written despite the bad rules file"
printf 'xep_loai < 3\n' > "$TMPD/bad2.rules"
expect_exit 1 "$CHISO" convert "$PT" --rules "$TMPD/bad2.rules" -o "$TMPD/bad.json"
grep -q "bad2.rules:1: xep_loai takes labels" "$ERR" || fail "rules error message: $(cat "$ERR")"
expect_exit 1 "$CHISO" convert "$PT" --rules "$TMPD/none.rules" -o "$TMPD/bad.json"
grep -q "none.rules: cannot open the rules file" "$ERR" || fail "missing rules file message: $(cat "$ERR")"

# Reference 001: JSON, then the Phụ lục checked against it.
expect_exit 0 "$CHISO" convert "$PT" -o "$TMPD/pt.json"
expect_exit 0 "$CHISO" convert "$PT" -o "$TMPD/pt.xlsx"
$PY "$CHECK" "$TMPD/pt.xlsx" --json "$TMPD/pt.json" --sheets 1 \
    --expect-marked 'Phú Thọ:dvc_truc_tuyen' --expect-marked 'Chợ Vàm:cong_khai_minh_bach' \
    --expect-marked 'Long Hòa:cong_khai_minh_bach' --expect-marked 'Hòa Lạc:cong_khai_minh_bach' \
    --expect-marked 'Bình Thạnh Đông:cong_khai_minh_bach' --expect-marked 'Phú Long:tien_do_giai_quyet' \
    --expect-marked 'Phú Long:diem_tong_hop' --expect-marked 'Phú Long:xep_loai' \
    || fail "check_phu_luc on reference 001"

# Same input, same bytes; the sample rules file (the defaults written out) changes nothing.
expect_exit 0 "$CHISO" convert "$PT" -o "$TMPD/pt2.xlsx"
cmp -s "$TMPD/pt.xlsx" "$TMPD/pt2.xlsx" || fail "two runs gave different xlsx bytes"
expect_exit 0 "$CHISO" convert "$PT" --rules "$ROOT/samples/quy-tac-mac-dinh.rules" -o "$TMPD/pt3.xlsx"
cmp -s "$TMPD/pt.xlsx" "$TMPD/pt3.xlsx" || fail "the default rules file changed the xlsx"
SOURCE_DATE_EPOCH=1700000000 "$CHISO" convert "$PT" -o "$TMPD/pt4.xlsx" 2>"$ERR" || fail "SOURCE_DATE_EPOCH run"
unzip -p "$TMPD/pt4.xlsx" docProps/core.xml | grep -q '2023-11-14T22:13:20Z' || fail "SOURCE_DATE_EPOCH not honoured"

# --keep-order, --title, custom rules.
printf 'dvc_truc_tuyen < 90 | DVCTT dưới 90%%\nxep_loai in kha\n' > "$TMPD/my.rules"
expect_exit 0 "$CHISO" convert "$PT" --keep-order --title "Phụ lục 2" --rules "$TMPD/my.rules" -o "$TMPD/ko.xlsx"
$PY "$CHECK" "$TMPD/ko.xlsx" --json "$TMPD/pt.json" --keep-order --rules "$TMPD/my.rules" --title "Phụ lục 2" \
    --expect-marked 'Tân Hòa:dvc_truc_tuyen' --expect-marked 'Hòa Lạc:xep_loai' || fail "check_phu_luc --keep-order"

# CSV: BOM unless --no-bom, the header, the total row in place.
expect_exit 0 "$CHISO" convert "$PT" --to csv -o "$TMPD/pt.csv"
head -c 3 "$TMPD/pt.csv" | od -An -tx1 | grep -q "ef bb bf" || fail "CSV without BOM"
head -1 "$TMPD/pt.csv" | grep -q "stt,name,key,kind,diem_tong_hop,xep_loai" || fail "CSV header: $(head -1 "$TMPD/pt.csv")"
expect_exit 0 "$CHISO" convert "$PT" --to csv --no-bom
head -c 4 "$OUT" | grep -q "^stt," || fail "--no-bom CSV on stdout"
$PY - "$TMPD/pt.csv" <<'EOF' || fail "CSV read back"
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8-sig", newline="")))
assert len(rows) == 19, len(rows)
assert rows[0]["kind"] == "tong" and rows[0]["stt"] == "", rows[0]
assert rows[18]["tang_giam"] == "-26.42" and rows[18]["xep_loai"] == "trung_binh", rows[18]
EOF

# Reference 002 (';', decimal commas, line breaks in headings), and both at once.
expect_exit 0 "$CHISO" convert "$CM" -o "$TMPD/cm.json"
expect_exit 0 "$CHISO" convert "$CM" -o "$TMPD/cm.xlsx"
$PY "$CHECK" "$TMPD/cm.xlsx" --json "$TMPD/cm.json" --sheets 1 \
    --expect-marked 'Mỹ Hội Đông:tang_giam' --expect-marked 'Kiến An:xep_loai' \
    --expect-marked 'Chợ Mới:diem_tong_hop' || fail "check_phu_luc on reference 002"
expect_exit 0 "$CHISO" convert "$PT" "$CM" -o "$TMPD/both.json"
expect_exit 0 "$CHISO" convert "$PT" "$CM" -o "$TMPD/both.xlsx"
$PY "$CHECK" "$TMPD/both.xlsx" --json "$TMPD/both.json" --sheets 2 || fail "check_phu_luc on two inputs"
done_ok
