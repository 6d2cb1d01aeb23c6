#!/usr/bin/env bash
# CSV in, canonical JSON out: the two samples against hand-written expected files (from the
# printed tables of references 001 and 002), inspect's report, and the CSV reader's edge cases.
set -u
. "$(dirname "$0")/lib.sh"
cd "$ROOT"
HERE=tests/e2e

for s in phu-tan-2024-t5-w1 cho-moi-2023-t12-w1; do
    expect_exit 0 "$CHISO" convert "samples/$s.csv" --to json
    cp "$OUT" "$TMPD/$s.json"
    "$PY" "$HERE/compare_json.py" "$HERE/expected/$s.json" "$TMPD/$s.json" >"$TMPD/cmp" 2>&1 \
        || { cat "$TMPD/cmp" >&2; fail "$s.csv: JSON differs from $HERE/expected/$s.json"; }
done

# The same appendix in every other shape a user may have: the same units and values.
for f in samples/phu-tan-2024-t5-w1*; do
    [ "$f" = samples/phu-tan-2024-t5-w1.csv ] && continue
    expect_exit 0 "$CHISO" convert "$f" --to json
    cp "$OUT" "$TMPD/other.json"
    "$PY" "$HERE/compare_json.py" --units-only "$HERE/expected/phu-tan-2024-t5-w1.json" "$TMPD/other.json" >"$TMPD/cmp" 2>&1 \
        || { cat "$TMPD/cmp" >&2; fail "$f: units differ from the CSV's"; }
done

# inspect: header rows, each column's id, the row accounting
expect_exit 0 "$CHISO" inspect samples/phu-tan-2024-t5-w1.csv
grep -q "delimiter: ','" "$OUT" || fail "inspect: delimiter"
grep -q "header: rows 4-5" "$OUT" || fail "inspect: header rows"
grep -Eq "^ +F +ĐIỂM TỔNG HỢP / ĐIỂM \(TĂNG/GIẢM\) +-> tang_giam" "$OUT" || fail "inspect: column F"
grep -q "rows: 19 read = 19 units + 0 skipped" "$OUT" || fail "inspect: row accounting"
expect_exit 0 "$CHISO" inspect samples/cho-moi-2023-t12-w1.csv
grep -q "delimiter: ';'" "$OUT" || fail "inspect: ';'"
grep -q "dvc_truc_tuyen (threshold 50)" "$OUT" || fail "inspect: threshold"

# notes under the table: skipped with a warning naming the row; an unknown column named
printf 'STT,Đơn vị,DVCTT,Ý kiến\r\n1,Phú Hùng,"78,7",ok\r\n2,Phú Bình,abc,\r\n\r\nGhi chú: số liệu tạm,,,\r\n' >"$TMPD/notes.csv"
expect_exit 0 "$CHISO" convert "$TMPD/notes.csv" --to json
grep -q "skipped_row" "$ERR" || fail "notes row not warned"
grep -q "row 5" "$ERR" || fail "skipped row number"
grep -q "cell C3" "$ERR" || fail "bad number cell"
grep -q "unknown_column" "$ERR" || fail "unknown column"
"$PY" -c 'import json,sys; d=json.load(open(sys.argv[1])); u=d["units"]; assert len(u)==2 and u[0]["values"]["dvc_truc_tuyen"]==78.7 and "dvc_truc_tuyen" not in u[1]["values"], u' "$OUT" \
    || fail "notes.csv values"

# tab-separated, BOM, CR line endings
printf '\xef\xbb\xbfSTT\tĐƠN VỊ\tXẾP LOẠI\tĐIỂM TỔNG HỢP\r1\tLONG KIẾN\tTRUNGB ÌNH\t61,86\r' >"$TMPD/tab.csv"
expect_exit 0 "$CHISO" convert "$TMPD/tab.csv" --to json
"$PY" -c 'import json,sys; u=json.load(open(sys.argv[1]))["units"][0]; assert u["values"]=={"diem_tong_hop":61.86,"xep_loai":"trung_binh"}, u' "$OUT" \
    || fail "tab.csv values"

# no table: exit 2, the file named, the reason given
printf 'Báo cáo,tuần\nnội dung,khác\n' >"$TMPD/none.csv"
expect_exit 2 "$CHISO" convert "$TMPD/none.csv" --to json
grep -q "none.csv: no indicator table found" "$ERR" || fail "no-table message: $(cat "$ERR")"
printf 'STT,Đơn vị,Điểm tổng hợp\n' >"$TMPD/header-only.csv"
expect_exit 2 "$CHISO" convert "$TMPD/header-only.csv" --to json
grep -q "no unit rows" "$ERR" || fail "header-only message"
done_ok
