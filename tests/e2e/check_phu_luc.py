#!/usr/bin/python3
"""Independent check of a Phụ lục .xlsx written by chiso, with openpyxl.

Usage: /usr/bin/python3 tests/e2e/check_phu_luc.py FILE.xlsx [options]

Always checked, on every Phụ lục sheet (sheets whose A4 is "STT"):
  - title in A1 merged over the table's width; header rows 4-5 with STT and ĐƠN VỊ
    merged over both rows, every group heading merged over its sub-headings;
  - the total row (if any) first and bold, then the units with STT 1..n, sorted by
    the score descending (units without a score last) unless --keep-order;
  - a conditional format on every column that has a rule (the default rules unless
    --rules FILE or --no-rules), over the units' rows only, never the total row:
    numbers as "blanks, stop if true" + a cellIs rule with the rule's operator and
    threshold; xep_loai as an OR($D7="...") formula anchored on the range's first cell;
    the mark is red text, light red fill, underline;
  - panes frozen at C6; A4 landscape, fit to 1 page wide, rows 4:5 repeated, page
    numbers in the footer; thin borders and Times New Roman in the table.
Options:
  --json FILE         canonical JSON of the same input (one object or an array, one per
                      sheet): every unit's every value must be in the sheet, and nothing else
  --keep-order        units in the JSON's order instead of by score
  --rules FILE        the rules used (chiso rules-file syntax) instead of the defaults
  --no-rules          no rule at all: no conditional format expected
  --expect-marked NAME:INDICATOR   a cell the rules must mark (repeatable; first sheet)
  --expect-marked-count N          exactly N marked cells on the first sheet
  --sheets N          exactly N Phụ lục sheets
  --title TEXT        A1 must contain TEXT
Exits 0 when everything holds, else 1 with one line per failure.
"""
import json
import re
import sys
import unicodedata

import openpyxl
from openpyxl.cell.cell import MergedCell
from openpyxl.utils import get_column_letter

DEFAULT_RULES = """
diem_tong_hop < 70
xep_loai in trung_binh,yeu
tang_giam < 0
cong_khai_minh_bach < 70
tien_do_giai_quyet < 90
dvc_truc_tuyen < 50
thanh_toan_truc_tuyen < 30
so_hoa_ho_so < 80
muc_do_hai_long < 90
"""

# Headings -> id: the fixed ones (convert/core/model.c), used when the source has none. diem_tong_hop and diem_ky_truoc are told
# apart by position inside the ĐIỂM TỔNG HỢP group (their headings are period labels).
HEADINGS = {
    "XẾP LOẠI": "xep_loai", "XẾP HẠNG": "xep_hang", "ĐIỂM (TĂNG/GIẢM)": "tang_giam",
    "CÔNG KHAI, MINH BẠCH (%)": "cong_khai_minh_bach", "TIẾN ĐỘ GIẢI QUYẾT (%)": "tien_do_giai_quyet",
    "DVCTT": "dvc_truc_tuyen", "THANH TOÁN TT": "thanh_toan_truc_tuyen",
    "MỨC ĐỘ HÀI LÒNG (%)": "muc_do_hai_long", "SỐ HÓA HỒ SƠ": "so_hoa_ho_so",
    "TÁI SỬ DỤNG (%)": "tai_su_dung", "CHỨNG THỰC ĐT": "chung_thuc_dien_tu",
    "CHỨNG THỰC ĐT (LŨY KẾ)": "chung_thuc_dien_tu_luy_ke",
    "CÔNG KHAI, MINH BẠCH (18 điểm)": "cong_khai_minh_bach_diem",
    "TIẾN ĐỘ GIẢI QUYẾT (20 điểm)": "tien_do_giai_quyet_diem",
    "DỊCH VỤ CÔNG TRỰC TUYẾN (12 điểm)": "dvc_truc_tuyen_diem",
    "THANH TOÁN TRỰC TUYẾN (10 điểm)": "thanh_toan_truc_tuyen_diem",
    "MỨC ĐỘ HÀI LÒNG (18 điểm)": "muc_do_hai_long_diem",
    "SỐ HÓA HỒ SƠ (22 điểm)": "so_hoa_ho_so_diem",
    # the sources' own headings, which the Phụ lục keeps (reference 001 writes TIỀN ĐỘ)
    "TIỀN ĐỘ GIẢI QUYẾT (%)": "tien_do_giai_quyet",
    # reference 002 (Chợ Mới): thresholds in the headings, the score not under a group
    "ĐIỂM TỔNG HỢP (TUẦN 01/12)": "diem_tong_hop", "ĐIỂM TỔNG HỢP (TUẦN 04/11)": "diem_ky_truoc",
    "TĂNG/ GIẢM SO VỚI TUẦN TRƯỚC": "tang_giam", "DVCTT (Chỉ tiêu trên 50%)": "dvc_truc_tuyen",
    "THANH TOÁN TRỰC TUYẾN (Chỉ tiêu trên 30%)": "thanh_toan_truc_tuyen", "SỐ HÓA (Từ 80% trở lên)": "so_hoa_ho_so",
    "CHỨNG THỰC ĐIỆN TỬ": "chung_thuc_dien_tu", "CHỨNG THỰC ĐIỆN TỬ (Lũy kế)": "chung_thuc_dien_tu_luy_ke",
}
LABELS = {"xuat_sac": "XUẤT SẮC", "tot": "TỐT", "kha": "KHÁ", "trung_binh": "TRUNG BÌNH", "yeu": "YẾU"}
OPS = {"<": "lessThan", "<=": "lessThanOrEqual", ">": "greaterThan", ">=": "greaterThanOrEqual"}
HEADER1, HEADER2, DATA = 4, 5, 6   # 1-based rows

failures = []


def fail(msg):
    failures.append(msg)


def nfc(s):
    return unicodedata.normalize("NFC", s) if isinstance(s, str) else s


def parse_rules(text):
    rules = {}
    for line in text.splitlines():
        line = line.split("#", 1)[0].split("|", 1)[0].strip()
        if not line:
            continue
        m = re.match(r"^(\w+)\s*(<=|>=|<|>|in\b)\s*(.*)$", line, re.I)
        if not m:
            raise SystemExit("check_phu_luc: cannot read rule: " + line)
        ind, op, rest = m.group(1).lower(), m.group(2).lower(), m.group(3).strip()
        if op == "in":
            rules[ind] = ("in", [x.strip().lower() for x in rest.split(",") if x.strip()])
        else:
            rules[ind] = (op, float(rest.rstrip("%").replace(",", ".")))
    return rules


def fails(rule, value):
    op, arg = rule
    if value is None or value == "":
        return False
    if op == "in":
        return value in [LABELS[a] for a in arg]
    if isinstance(value, str):
        return False
    return {"<": value < arg, "<=": value <= arg, ">": value > arg, ">=": value >= arg}[op]


def merged_at(ws, row, col):
    for r in ws.merged_cells.ranges:
        if r.min_row <= row <= r.max_row and r.min_col <= col <= r.max_col:
            return r
    return None


def column_ids(ws, ncols):
    """Map column index (1-based) -> indicator id from the two header rows."""
    ids = {}
    in_score_group = []
    for c in range(3, ncols + 1):
        top = merged_at(ws, HEADER1, c)
        group_cell = ws.cell(HEADER1, top.min_col if top else c).value
        spans_both = top is not None and top.max_row == HEADER2
        heading = nfc(ws.cell(HEADER1 if spans_both else HEADER2, c).value)
        if heading is None:
            fail(f"{ws.title}: column {get_column_letter(c)} has no heading")
            continue
        if heading in HEADINGS:
            ids[c] = HEADINGS[heading]
        elif nfc(group_cell) == "ĐIỂM TỔNG HỢP" and not spans_both:
            in_score_group.append(c)
        else:
            fail(f"{ws.title}: unknown heading '{heading}' in column {get_column_letter(c)}")
    # Unnamed columns of the score group: the current score first, then the previous one.
    for c, ind in zip(in_score_group, ["diem_tong_hop", "diem_ky_truoc"]):
        ids[c] = ind
    return ids


def check_sheet(ws, index, expected, rules, opts):
    title = ws.cell(1, 1).value
    if not title:
        fail(f"{ws.title}: no title in A1")
    ncols = ws.max_column
    # Find the last column of the table from the header (legend text may be wider).
    while ncols > 2 and ws.cell(HEADER2, ncols).value is None and merged_at(ws, HEADER1, ncols) is None \
            and ws.cell(HEADER1, ncols).value is None:
        ncols -= 1
    tr = merged_at(ws, 1, 1)
    if not tr or tr.min_col != 1 or tr.max_col != ncols:
        fail(f"{ws.title}: the title is not merged over A..{get_column_letter(ncols)} ({tr})")
    if opts.get("title") and opts["title"] not in (title or ""):
        fail(f"{ws.title}: title '{title}' lacks '{opts['title']}'")
    for col, text in ((1, "STT"), (2, "ĐƠN VỊ")):
        r = merged_at(ws, HEADER1, col)
        if not r or (r.min_row, r.max_row, r.min_col, r.max_col) != (HEADER1, HEADER2, col, col):
            fail(f"{ws.title}: {text} is not merged over rows 4-5")
        if nfc(ws.cell(HEADER1, col).value) != text:
            fail(f"{ws.title}: heading {get_column_letter(col)}4 is {ws.cell(HEADER1, col).value!r}, not {text}")
    # Group headings are merged over their sub-headings, and only there.
    for r in ws.merged_cells.ranges:
        if r.min_row == HEADER1 and r.max_row == HEADER1:
            for c in range(r.min_col, r.max_col + 1):
                if ws.cell(HEADER2, c).value is None:
                    fail(f"{ws.title}: group {ws.cell(HEADER1, r.min_col).value} spans {get_column_letter(c)} without a sub-heading")
    ids = column_ids(ws, ncols)

    # Data rows: up to the first empty name.
    rows = []
    r = DATA
    while ws.cell(r, 2).value not in (None, ""):
        rows.append(r)
        r += 1
    if not rows:
        fail(f"{ws.title}: no data rows")
        return
    total_rows = [x for x in rows if ws.cell(x, 1).value in (None, "")]
    unit_rows = [x for x in rows if x not in total_rows]
    if total_rows and total_rows != rows[:len(total_rows)]:
        fail(f"{ws.title}: the total row is not first")
    for x in total_rows:
        if not ws.cell(x, 2).font.b:
            fail(f"{ws.title}: the total row {x} is not bold")
    for i, x in enumerate(unit_rows, 1):
        if ws.cell(x, 1).value != i and not opts.get("keep_order"):
            fail(f"{ws.title}: STT of row {x} is {ws.cell(x, 1).value}, expected {i}")
        if ws.cell(x, 2).font.b:
            fail(f"{ws.title}: unit row {x} is bold")
    score_col = next((c for c, i in ids.items() if i == "diem_tong_hop"), None)
    if score_col and not opts.get("keep_order"):
        scores = [ws.cell(x, score_col).value for x in unit_rows]
        have = [s for s in scores if isinstance(s, (int, float))]
        if have != sorted(have, reverse=True):
            fail(f"{ws.title}: units not sorted by score descending: {have}")
        seen_blank = False
        for s in scores:
            if not isinstance(s, (int, float)):
                seen_blank = True
            elif seen_blank:
                fail(f"{ws.title}: a unit without a score comes before one with a score")
                break
    # Style of the table: Times New Roman, thin borders.
    for x in rows[:3] + [HEADER1, HEADER2]:
        for c in range(1, ncols + 1):
            cell = ws.cell(x, c)
            if isinstance(cell, MergedCell):   # openpyxl keeps no style for these
                continue
            if cell.font.name != "Times New Roman":
                fail(f"{ws.title}: {cell.coordinate} font {cell.font.name}")
                break
            if x >= DATA and (cell.border.left.style != "thin" or cell.border.bottom.style != "thin"):
                fail(f"{ws.title}: {cell.coordinate} has no thin border")
                break
    # Number formats: counts #,##0, the rest General.
    for c, ind in ids.items():
        want = "#,##0" if ind.startswith("chung_thuc") else "General"
        got = ws.cell(rows[0], c).number_format
        if got != want:
            fail(f"{ws.title}: column {get_column_letter(c)} ({ind}) number format {got!r}, expected {want!r}")

    # Values against the canonical JSON.
    if expected is not None:
        units = expected.get("units", [])
        json_tot = [u for u in units if u.get("kind") == "tong"]
        json_units = [u for u in units if u.get("kind") != "tong"]
        if len(json_tot) != len(total_rows) or len(json_units) != len(unit_rows):
            fail(f"{ws.title}: {len(total_rows)}+{len(unit_rows)} rows, the JSON has {len(json_tot)}+{len(json_units)}")
        if not opts.get("keep_order"):
            keyed = [(u, i) for i, u in enumerate(json_units)]
            keyed.sort(key=lambda p: (0 if "diem_tong_hop" in p[0]["values"] else 1,
                                      -p[0]["values"].get("diem_tong_hop", 0), p[1]))
            json_units = [u for u, _ in keyed]
        for x, u in zip(total_rows + unit_rows, json_tot + json_units):
            name = nfc(ws.cell(x, 2).value)
            want_name = u["name"].upper() if u.get("kind") == "tong" else u["name"]
            if name != nfc(want_name):
                fail(f"{ws.title}: row {x} is '{name}', expected '{want_name}'")
            for c, ind in ids.items():
                got = ws.cell(x, c).value
                want = u["values"].get(ind)
                if ind == "xep_loai" and want is not None:
                    want = LABELS[want]
                if want is None:
                    if got not in (None, ""):
                        fail(f"{ws.title}: {get_column_letter(c)}{x} ({name}, {ind}) is {got!r}, missing in the JSON")
                elif isinstance(want, str):
                    if got != want:
                        fail(f"{ws.title}: {get_column_letter(c)}{x} ({name}, {ind}) is {got!r}, expected {want!r}")
                elif not isinstance(got, (int, float)) or abs(got - want) > 1e-9:
                    fail(f"{ws.title}: {get_column_letter(c)}{x} ({name}, {ind}) is {got!r}, expected {want!r}")
        present = set()
        for u in units:
            present.update(u["values"].keys())
        if set(ids.values()) - present:
            fail(f"{ws.title}: columns without any value in the JSON: {sorted(set(ids.values()) - present)}")

    # Conditional formats.
    cfs = {}
    for cf in ws.conditional_formatting:
        cfs[str(cf.sqref)] = cf.rules
    marked = []
    seen_ranges = set()
    for c, ind in ids.items():
        letter = get_column_letter(c)
        rule = rules.get(ind)
        if rule is None or not unit_rows:
            continue
        rng = f"{letter}{unit_rows[0]}:{letter}{unit_rows[-1]}" if len(unit_rows) > 1 else f"{letter}{unit_rows[0]}"
        seen_ranges.add(rng)
        got = cfs.get(rng)
        if not got:
            fail(f"{ws.title}: no conditional format on {rng} ({ind}); have {sorted(cfs)}")
            continue
        if rule[0] == "in":
            rr = [x for x in got if x.type == "expression"]
            # Trung bình is also marked when typed "TB" (reference 002).
            want = "OR(" + ",".join(f'${letter}{unit_rows[0]}="{LABELS[a]}"' + (f',${letter}{unit_rows[0]}="TB"' if a == "trung_binh" else "")
                                    for a in LABELS if a in rule[1]) + ")"
            if not rr or nfc(rr[0].formula[0]) != want:
                fail(f"{ws.title}: {rng} formula {[x.formula for x in rr]}, expected {want}")
                continue
            main = rr[0]
        else:
            blanks = [x for x in got if x.type == "containsBlanks"]
            cell = [x for x in got if x.type == "cellIs"]
            if not blanks or not blanks[0].stopIfTrue or got.index(blanks[0]) > got.index(cell[0] if cell else blanks[0]):
                fail(f"{ws.title}: {rng} lacks the blanks/stop-if-true guard before its rule")
            if not cell or cell[0].operator != OPS[rule[0]] or float(cell[0].formula[0]) != rule[1]:
                fail(f"{ws.title}: {rng} rule {[(x.operator, x.formula) for x in cell]}, expected {OPS[rule[0]]} {rule[1]}")
                continue
            main = cell[0]
        dxf = main.dxf
        if not dxf or not dxf.font or not dxf.font.u or not dxf.font.color or not dxf.fill:
            fail(f"{ws.title}: {rng}: the mark is not red, underlined, filled")
        for x in unit_rows:
            if fails(rule, ws.cell(x, c).value):
                marked.append((nfc(ws.cell(x, 2).value), ind))
    for rng in cfs:
        if rng not in seen_ranges:
            fail(f"{ws.title}: unexpected conditional format on {rng}")
        for tr_ in total_rows:
            m = re.match(r"([A-Z]+)(\d+)(?::[A-Z]+(\d+))?$", rng)
            if m and int(m.group(2)) <= tr_ <= int(m.group(3) or m.group(2)):
                fail(f"{ws.title}: a conditional format covers the total row ({rng})")
    # Legend: one line per rule with a column, in Vietnamese, under the table.
    nrules = sum(1 for c, ind in ids.items() if ind in rules)
    if nrules:
        legend = [ws.cell(x, 2).value for x in range(rows[-1] + 2, rows[-1] + 3 + nrules)]
        if not legend[0] or "Ghi chú" not in str(legend[0]):
            fail(f"{ws.title}: no legend under the table (row {rows[-1] + 2}: {legend[0]!r})")
        elif sum(1 for x in legend[1:] if x and str(x).startswith("- ")) != nrules:
            fail(f"{ws.title}: the legend has not one line per rule: {legend}")

    # Panes, print setup.
    if ws.freeze_panes != "C6":
        fail(f"{ws.title}: panes frozen at {ws.freeze_panes}, expected C6")
    ps = ws.page_setup
    if ps.orientation != "landscape":
        fail(f"{ws.title}: orientation {ps.orientation}")
    if str(ps.paperSize) != "9":
        fail(f"{ws.title}: paper size {ps.paperSize}, expected 9 (A4)")
    if not ws.sheet_properties.pageSetUpPr or not ws.sheet_properties.pageSetUpPr.fitToPage:
        fail(f"{ws.title}: not fit to page")
    if ps.fitToWidth not in (1, "1", None) or str(ps.fitToHeight) != "0":
        fail(f"{ws.title}: fit {ps.fitToWidth}x{ps.fitToHeight}, expected 1 wide, any tall")
    if (ws.print_title_rows or "").replace("$", "") != "4:5":
        fail(f"{ws.title}: repeated rows {ws.print_title_rows}, expected 4:5")
    footer = ws.oddFooter.center.text or ""
    if "&P" not in footer or "&N" not in footer:
        fail(f"{ws.title}: no page numbers in the footer ({footer!r})")
    return marked


def main(argv):
    if len(argv) < 2:
        print(__doc__)
        return 2
    path = argv[1]
    opts = {"marked": []}
    rules = parse_rules(DEFAULT_RULES)
    expected = None
    i = 2
    while i < len(argv):
        a = argv[i]
        if a == "--json":
            with open(argv[i + 1], encoding="utf-8") as f:
                expected = json.load(f)
            i += 1
        elif a == "--keep-order":
            opts["keep_order"] = True
        elif a == "--rules":
            with open(argv[i + 1], encoding="utf-8-sig") as f:
                rules = parse_rules(f.read())
            i += 1
        elif a == "--no-rules":
            rules = {}
        elif a == "--expect-marked":
            name, ind = argv[i + 1].rsplit(":", 1)
            opts["marked"].append((nfc(name), ind))
            i += 1
        elif a == "--expect-marked-count":
            opts["marked_count"] = int(argv[i + 1])
            i += 1
        elif a == "--sheets":
            opts["sheets"] = int(argv[i + 1])
            i += 1
        elif a == "--title":
            opts["title"] = nfc(argv[i + 1])
            i += 1
        else:
            print("check_phu_luc: unknown option " + a, file=sys.stderr)
            return 2
        i += 1
    wb = openpyxl.load_workbook(path)
    # Phụ lục sheets: STT and ĐƠN VỊ at A4:B4 (the Tổng hợp sheets are someone else's).
    sheets = [ws for ws in wb.worksheets if ws.cell(HEADER1, 1).value == "STT"
              and nfc(ws.cell(HEADER1, 2).value) == "ĐƠN VỊ" and not ws.title.startswith("Tổng hợp")]
    if not sheets:
        fail("no Phụ lục sheet (A4 = STT) in " + path)
    if "sheets" in opts and len(sheets) != opts["sheets"]:
        fail(f"{len(sheets)} Phụ lục sheets, expected {opts['sheets']}")
    if isinstance(expected, dict):
        expected = [expected]
    if expected is not None and len(expected) != len(sheets):
        fail(f"{len(sheets)} sheets, the JSON has {len(expected)} snapshots")
    first_marked = None
    for k, ws in enumerate(sheets):
        m = check_sheet(ws, k, expected[k] if expected and k < len(expected) else None, rules, opts)
        if first_marked is None:
            first_marked = m or []
    first_marked = first_marked or []
    for want in opts["marked"]:
        if want not in first_marked:
            fail(f"{want[0]} / {want[1]} is not marked; marked: {first_marked}")
    if "marked_count" in opts and len(first_marked) != opts["marked_count"]:
        fail(f"{len(first_marked)} marked cells, expected {opts['marked_count']}: {first_marked}")
    for f in failures:
        print("check_phu_luc: " + f, file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
