"""Checks for test_phu_luc_source.sh: a Phụ lục written by chiso against its source, read
here independently (csv for the source, openpyxl for the Phụ lục).

usage: phu_luc_source.py CHECK XLSX [SOURCE.csv] [args]
CHECK:
  headings SOURCE.csv HDR_ROW [HDR_ROW2]   every heading cell of the source's header (rows
                        1-based in the CSV) is in the Phụ lục's header, as written (spaces of
                        wrapped cells made single), and no heading is in the Phụ lục that the
                        source does not have
  no-classification     no XẾP LOẠI column
  classification NAME=LABEL...             a XẾP LOẠI column with these labels
  caption CAPTION ATTACHED                 A1 the caption, A3 the attached-to line, header rows
                        6-7 (frozen under them, repeated on every page)
  names-as-source SOURCE.csv NAME_COL FIRST_ROW   the unit names are the source's (same case)
  one-page / many-pages                    fit to one page high, or only one page wide
"""
import csv, re, sys, unicodedata
import openpyxl

def nfc(s):
    return unicodedata.normalize("NFC", s) if isinstance(s, str) else s

def one_line(s):
    return re.sub(r"\s+", " ", nfc(s)).strip() if isinstance(s, str) else s

def fail(msg):
    sys.exit(f"phu_luc_source: {msg}")

check, xlsx = sys.argv[1], sys.argv[2]
ws = openpyxl.load_workbook(xlsx).worksheets[0]

def header_rows():
    for r in range(1, 12):
        if ws.cell(r, 1).value == "STT":
            return r, r + 1
    fail("no header row (STT) in the first sheet")

def phu_luc_headings():
    h1, h2 = header_rows()
    return {one_line(ws.cell(r, c).value) for r in (h1, h2) for c in range(3, ws.max_column + 1)
            if isinstance(ws.cell(r, c).value, str)}

def source_rows(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        sample = f.read(4096)
        f.seek(0)
        return list(csv.reader(f, delimiter=";" if sample.count(";") > sample.count(",") else ","))

if check == "headings":
    rows = source_rows(sys.argv[3])
    src = {one_line(c) for r in sys.argv[4:] for c in rows[int(r) - 1][2:] if c.strip()}
    got = phu_luc_headings()
    if src - got:
        fail(f"source headings not in the Phụ lục: {sorted(src - got)}")
    if got - src:
        fail(f"headings the source does not have: {sorted(got - src)}")
elif check == "no-classification":
    if "XẾP LOẠI" in {nfc(x) for x in phu_luc_headings()}:
        fail("a XẾP LOẠI column the source does not have")
elif check == "classification":
    h1, h2 = header_rows()
    col = next((c for c in range(3, ws.max_column + 1) for r in (h1, h2) if nfc(ws.cell(r, c).value) == "XẾP LOẠI"), None)
    if not col:
        fail("no XẾP LOẠI column")
    top = next((r for r in ws.merged_cells.ranges if r.min_row == h1 and r.min_col <= col <= r.max_col), None)
    if not top or top.max_row != h2 or top.min_col != col or top.max_col != col:
        fail(f"the added XẾP LOẠI column is not a heading of its own over both header rows ({top})")
    labels = {nfc(ws.cell(r, 2).value): nfc(ws.cell(r, col).value) for r in range(h2 + 1, ws.max_row + 1) if ws.cell(r, 2).value}
    for want in sys.argv[3:]:
        name, label = want.split("=")
        if labels.get(name) != label:
            fail(f"{name}: {labels.get(name)!r}, expected {label!r}")
elif check == "caption":
    cap, att = sys.argv[3], sys.argv[4]
    if nfc(ws["A1"].value) != cap:
        fail(f"A1 {ws['A1'].value!r}, expected {cap!r}")
    if nfc(ws["A3"].value) != f"({att})":
        fail(f"A3 {ws['A3'].value!r}, expected '({att})'")
    for a in ("A1", "A2", "A3"):
        if not any(r.min_row == r.max_row == int(a[1:]) and r.min_col == 1 and r.max_col == ws.max_column
                   for r in ws.merged_cells.ranges):
            fail(f"{a} is not merged over the table's width")
    if not ws["A1"].font.b or not ws["A3"].font.i:
        fail("caption not bold or attached-to line not italic")
    if header_rows() != (6, 7):
        fail(f"header at rows {header_rows()}, expected 6-7")
    if ws.freeze_panes != "C8":
        fail(f"panes frozen at {ws.freeze_panes}, expected C8")
    if str(ws.print_title_rows) not in ("6:7", "$6:$7"):
        fail(f"repeated rows {ws.print_title_rows}, expected 6:7")
elif check == "names-as-source":
    rows = source_rows(sys.argv[3])
    col, first = int(sys.argv[4]), int(sys.argv[5])
    src = {one_line(r[col]) for r in rows[first - 1:] if len(r) > col and r[col].strip()}
    h1, h2 = header_rows()
    names = [one_line(ws.cell(r, 2).value) for r in range(h2 + 1, ws.max_row + 1)
             if isinstance(ws.cell(r, 1).value, (int, float)) and ws.cell(r, 2).value]
    if not names or set(names) - src:
        fail(f"names not as the source writes them: {sorted(set(names) - src)[:5]}")
elif check in ("one-page", "many-pages"):
    ps = ws.page_setup
    fit = ws.sheet_properties.pageSetUpPr is not None and ws.sheet_properties.pageSetUpPr.fitToPage
    high = int(ps.fitToHeight) if ps.fitToHeight is not None else 1
    if not fit or int(ps.fitToWidth if ps.fitToWidth is not None else 1) != 1:
        fail("not fitted to one page wide")
    if check == "one-page" and high != 1:
        fail(f"fit to {high} pages high, expected 1")
    if check == "many-pages" and high != 0:
        fail(f"fit to {high} pages high, expected 0 (as many as needed)")
else:
    fail(f"unknown check {check}")
