#!/usr/bin/env bash
# The Phụ lục keeps what the source says (issue 13): its own headings, thresholds included;
# no XẾP LOẠI column the source does not have (unless --add-classification); a caption and
# an attached-to line when asked; unit names as the source writes them (--names-as-source);
# a table that just overflows a page fitted to one. Checked with openpyxl and csv
# (tests/e2e/phu_luc_source.py), and, when LibreOffice is installed, by printing to PDF.
set -u
. "$(dirname "$0")/lib.sh"
C="$ROOT/tests/e2e/phu_luc_source.py"
KC="$ROOT/tests/data/khoai-chau-2024-02.csv"      # reference 003, Phụ lục 2
PT="$ROOT/samples/phu-tan-2024-t5-w1.csv"          # reference 001
CM="$ROOT/samples/cho-moi-2023-t12-w1.csv"         # reference 002
X="$TMPD/out.xlsx"

# the source's own headings: reference 001's two-level header (SỐ HÓA HỒ SƠ (80%), TIỀN ĐỘ
# as it writes it), 002's thresholds (DVCTT (Chỉ tiêu trên 50%)), 003's title case
expect_exit 0 "$CHISO" convert "$PT" -o "$X"
$PY "$C" headings "$X" "$PT" 4 5 || fail "reference 001 headings"
$PY "$C" no-classification "$X" 2>/dev/null && fail "reference 001 has its own XẾP LOẠI column"
expect_exit 0 "$CHISO" convert "$CM" -o "$X"
$PY "$C" headings "$X" "$CM" 3 4 || fail "reference 002 headings"
expect_exit 0 "$CHISO" convert "$KC" --scope "Khoái Châu, Hưng Yên" -o "$X"
$PY "$C" headings "$X" "$KC" 3 || fail "reference 003 headings"

# no classification the province never made; computed only when asked
$PY "$C" no-classification "$X" || fail "Khoái Châu got a XẾP LOẠI column"
expect_exit 0 "$CHISO" convert "$KC" --scope "Khoái Châu, Hưng Yên" --add-classification -o "$X"
$PY "$C" classification "$X" "Bình Kiều=TRUNG BÌNH" "Hồng Tiến=TRUNG BÌNH" "Đại Tập=TỐT" || fail "--add-classification"

# a caption above the title, the attached-to line under it
expect_exit 0 "$CHISO" convert "$PT" --caption "Phụ lục 1" --attached-to "Kèm theo Báo cáo số 123/BC-UBND ngày 08/5/2024" -o "$X"
$PY "$C" caption "$X" "Phụ lục 1" "Kèm theo Báo cáo số 123/BC-UBND ngày 08/5/2024" || fail "--caption, --attached-to"

# names as the source writes them: PHÚ HÙNG in 001, Thị trấn Khoái Châu in 003
expect_exit 0 "$CHISO" convert "$PT" --names-as-source -o "$X"
$PY "$C" names-as-source "$X" "$PT" 1 7 || fail "--names-as-source (001)"
$PY - "$X" <<'PYEOF' || fail "PHÚ HÙNG not upper case"
import openpyxl, sys
ws = openpyxl.load_workbook(sys.argv[1]).worksheets[0]
assert "PHÚ HÙNG" in [ws.cell(r, 2).value for r in range(1, ws.max_row + 1)]
PYEOF
expect_exit 0 "$CHISO" convert "$KC" --scope "Khoái Châu, Hưng Yên" --names-as-source -o "$X"
$PY "$C" names-as-source "$X" "$KC" 1 4 || fail "--names-as-source (003)"
expect_exit 0 "$CHISO" convert "$KC" --scope "Khoái Châu, Hưng Yên" -o "$X"
$PY "$C" names-as-source "$X" "$KC" 1 4 2>/dev/null && fail "names as the source without --names-as-source"

# one page: Khoái Châu's 25 rows and legend just overflow A4 (fitted); 80 units do not
expect_exit 0 "$CHISO" convert "$KC" --scope "Khoái Châu, Hưng Yên" -o "$X"
$PY "$C" one-page "$X" || fail "Khoái Châu not fitted to one page"
{ echo "STT,Đơn vị,Điểm tổng hợp"; for i in $(seq 1 80); do echo "$i,Xã Số $i,$((50 + i % 40)).5"; done; } > "$TMPD/big.csv"
expect_exit 0 "$CHISO" convert "$TMPD/big.csv" -o "$X"
$PY "$C" many-pages "$X" || fail "80 units squeezed onto one page"

# printed, when LibreOffice is here: the Khoái Châu Phụ lục is one page (then Tổng hợp's one)
if command -v soffice >/dev/null && command -v pdfinfo >/dev/null; then
    expect_exit 0 "$CHISO" convert "$KC" --scope "Khoái Châu, Hưng Yên" -o "$TMPD/kc.xlsx"
    (cd "$TMPD" && HOME="$TMPD" timeout 120 soffice --headless --convert-to pdf kc.xlsx >/dev/null 2>&1)
    pages=$(pdfinfo "$TMPD/kc.pdf" 2>/dev/null | awk '/^Pages:/ {print $2}')
    [ "$pages" = 2 ] || fail "Khoái Châu printed on $pages pages, expected 2 (Phụ lục, Tổng hợp)"
else
    echo "skip: printing (no soffice/pdfinfo; scripts/install-deps.sh --render)"
fi
done_ok
