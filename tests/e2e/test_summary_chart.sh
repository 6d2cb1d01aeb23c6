#!/usr/bin/env bash
# The Tổng hợp chart plots the Phụ lục's own columns, the ones the Phụ lục chose by what
# is present (its layout, xlsx_summary.h): the units' names and their diem_tong_hop, and
# no chart when the sheet has no diem_tong_hop column (a table of another indicator once
# gave a chart titled "Điểm tổng hợp" plotting TIẾN ĐỘ GIẢI QUYẾT).
set -u
. "$(dirname "$0")/lib.sh"
W="$ROOT/tests/data/shapes/wide/diem-2024-theo-thang.xlsx"
expect_exit 0 "$CHISO" convert "$ROOT/samples/phu-tan-2024-t5-w1.csv" -o "$TMPD/a.xlsx"
expect_exit 0 "$CHISO" convert "$ROOT/samples/khoai-chau-2024-t2.xlsx" -o "$TMPD/b.xlsx"
expect_exit 0 "$CHISO" convert "$W" --indicator diem_tong_hop -o "$TMPD/c.xlsx"
expect_exit 0 "$CHISO" convert "$W" --indicator tien_do_giai_quyet -o "$TMPD/d.xlsx"
"$PY" - "$TMPD" <<'PYEOF' || fail "the Tổng hợp chart does not plot the Phụ lục's columns"
import os, re, sys, openpyxl
from openpyxl.utils import column_index_from_string
d = sys.argv[1]

def charts(path):
    wb = openpyxl.load_workbook(path)
    out = []
    for ws in wb.worksheets:
        for ch in ws._charts:
            for s in ch.series:
                cat = s.cat.strRef or s.cat.numRef
                out.append((ws.title, s.val.numRef.f, cat.f))
    return wb, out

def heading(wb, ref):
    """The Phụ lục's heading over a reference 'Sheet'!$C$6:$C$8 (rows 4-5)."""
    m = re.fullmatch(r"'?(.*?)'?!\$([A-Z]+)\$(\d+):\$([A-Z]+)\$(\d+)", ref)
    assert m and m.group(2) == m.group(4), ref
    ws = wb[m.group(1).replace("''", "'")]
    c = column_index_from_string(m.group(2))
    return " ".join(str(ws.cell(r, c).value or "") for r in (4, 5)).strip()

for name, want in (("a", 1), ("b", 1), ("c", 12)):
    wb, cs = charts(os.path.join(d, name + ".xlsx"))
    assert len(cs) == want, (name, cs)
    for sheet, val, cat in cs:
        assert heading(wb, val).upper().startswith("ĐIỂM TỔNG HỢP"), (name, sheet, val, heading(wb, val))
        assert heading(wb, cat) == "ĐƠN VỊ", (name, sheet, cat, heading(wb, cat))
wb, cs = charts(os.path.join(d, "d.xlsx"))
assert cs == [], ("a chart of diem_tong_hop where the Phụ lục has none", cs)
PYEOF
done_ok
