"""Checks for test_periods.sh (run with Debian's /usr/bin/python3: openpyxl)."""
import csv, json, os, re, sys

def fail(msg):
    print('FAIL:', msg, file=sys.stderr)
    sys.exit(1)

def previous(got_path, want_path):
    """THÁNG 4 and ĐIỂM (TĂNG/GIẢM) computed from the separate file = the printed ones."""
    got, want = json.load(open(got_path)), json.load(open(want_path))
    gu, wu = got['units'], want['units']
    if len(gu) != len(wu) or len(gu) != 19:
        fail(f'{len(gu)} units, expected 19')
    for g, w in zip(gu, wu):
        if g['name'] != w['name']:
            fail(f"unit order: {g['name']} vs {w['name']}")
        for ind in ('diem_ky_truoc', 'tang_giam'):
            a, b = g['values'].get(ind), w['values'].get(ind)
            if a is None or b is None or abs(a - b) > 1e-9:
                fail(f"{g['name']}: {ind} = {a}, printed {b}")

def xlsx(path):
    import openpyxl
    wb = openpyxl.load_workbook(path)
    if 'Tổng hợp' not in wb.sheetnames:
        fail(f'no Tổng hợp sheet: {wb.sheetnames}')
    ws = wb.worksheets[0]
    cells = [c for row in ws.iter_rows(values_only=True) for c in row if isinstance(c, str)]
    if not any(re.fullmatch(r'(?i)tháng 4', c.strip()) for c in cells):
        fail('no THÁNG 4 heading in the Phụ lục')
    if not any('TĂNG/GIẢM' in c.upper() for c in cells):
        fail('no change heading in the Phụ lục')
    th = wb['Tổng hợp']
    text = ' '.join(str(c) for row in th.iter_rows(values_only=True) for c in row if c is not None)
    for name in ('Phú Long', 'Bình Thạnh Đông', 'Hòa Lạc', 'Chợ Vàm', 'Long Hòa', 'Phú Thọ'):
        if name not in text:
            fail(f'Tổng hợp does not name {name}')
    if not th._charts:
        fail('Tổng hợp has no chart')

def summary(path):
    """Reference 001's prose: publicity (in this order), processing time, online services."""
    text = open(path, encoding='utf-8').read()
    lines = text.splitlines()
    def line(word):
        for l in lines:
            if word in l:
                return l
        fail(f'no line about {word}:\n{text}')
    pub = line('Công khai, minh bạch')
    names = ['Phú Long', 'Bình Thạnh Đông', 'Hòa Lạc', 'Chợ Vàm', 'Long Hòa']
    pos = [pub.find(n) for n in names]
    if min(pos) < 0 or pos != sorted(pos):
        fail(f'publicity line does not name {names} in order: {pub}')
    if re.search(r'Phú (Hùng|Bình|Thọ)', pub):
        fail(f'publicity line names a commune that passes: {pub}')
    tdg = line('Tiến độ giải quyết')
    if 'Phú Long' not in tdg or 'Tân Trung' in tdg:
        fail(f'processing-time line: {tdg}')
    dvc = line('Dịch vụ công trực tuyến')
    if 'Phú Thọ' not in dvc:
        fail(f'online-services line: {dvc}')
    if '86,59' not in text:
        fail('the district score is missing')

COLS = ['period', 'year', 'quarter', 'month', 'week', 'cutoff', 'scope', 'key', 'name', 'kind', 'code',
        'indicator', 'value', 'source', 'sheet', 'cell']

def cell_of(ref):
    m = re.fullmatch(r'([A-Z]+)(\d+)', ref)
    col = 0
    for ch in m.group(1):
        col = col * 26 + ord(ch) - 64
    return int(m.group(2)) - 1, col - 1

LABELS = {'XUẤT SẮC': 'xuat_sac', 'TỐT': 'tot', 'KHÁ': 'kha', 'TB': 'trung_binh', 'TRUNG BÌNH': 'trung_binh', 'YẾU': 'yeu'}

def history(folder, csv_path, json_path, xlsx_path):
    raw = open(csv_path, encoding='utf-8-sig').read()
    rows = list(csv.DictReader(raw.splitlines()))
    if list(rows[0].keys()) != COLS:
        fail(f'columns: {list(rows[0].keys())}')
    sources = {}
    periods = []
    for r in rows:
        if not r['cell']:
            continue
        src = r['source']
        if src not in sources:
            sources[src] = list(csv.reader(open(src, encoding='utf-8')))
        ri, ci = cell_of(r['cell'])
        cell = sources[src][ri][ci]
        if r['indicator'] == 'xep_loai':
            if LABELS.get(cell.strip().upper()) != r['value']:
                fail(f"{src} {r['cell']}: '{cell}' vs {r['value']}")
        elif abs(float(cell) - float(r['value'])) > 1e-9:
            fail(f"{src} {r['cell']}: '{cell}' vs {r['value']}")
        if not periods or periods[-1] != r['period']:
            periods.append(r['period'])
    # Every value traced: all have a cell (nothing computed in these files).
    if any(not r['cell'] for r in rows):
        fail('a value without its cell')
    # The duplicate week: only the corrected file's rows.
    used = {os.path.basename(s) for s in sources}
    if 'phu-tan-2024-t5-w3.csv' in used or 'phu-tan-2024-t5-w3-bo-sung.csv' not in used:
        fail(f'duplicate week not resolved to the later cutoff: {sorted(used)}')
    if len(used) != 11 or len(periods) != 11 or len(set(periods)) != 11:
        fail(f'{len(used)} files, periods {periods}')
    keys = [(int(r['year']), int(r['month']), int(r['week'])) for r in rows]
    if keys != sorted(keys):
        fail('rows not in time order')
    # The renamed commune keeps its code, so it is one series.
    codes = {r['code'] for r in rows if r['key'] in ('phú hùng', 'phú hưng')}
    if codes != {'30451'}:
        fail(f'renamed unit codes: {codes}')
    # JSON: the same rows.
    js = json.load(open(json_path))
    if len(js) != len(rows):
        fail(f'json {len(js)} rows, csv {len(rows)}')
    for a, b in zip(js, rows):
        if list(a.keys()) != COLS or str(a['value']) != b['value'] and abs(float(a['value']) - float(b['value'])) > 1e-9:
            fail(f'json row {a} vs {b}')
        if (a['cell'] or '') != b['cell'] or a['source'] != b['source']:
            fail(f'json row {a} vs {b}')
    # xlsx: the tidy table first, then a sheet per indicator with one column per period.
    import openpyxl
    wb = openpyxl.load_workbook(xlsx_path)
    t = wb.worksheets[0]
    xrows = list(t.iter_rows(values_only=True))
    if list(xrows[0]) != COLS or len(xrows) - 1 != len(rows):
        fail(f'xlsx tidy sheet: {xrows[0]}, {len(xrows) - 1} rows')
    m = wb['diem_tong_hop']
    mrows = list(m.iter_rows(values_only=True))
    heads = [c for c in mrows[1][2:] if c]
    if heads != periods:
        fail(f'matrix columns {heads} vs {periods}')
    series = [r for r in mrows[2:] if r[0] in ('Phú Hưng', 'Phú Hùng')]
    if len(series) != 1 or sum(v is not None for v in series[0][2:]) != 11:
        fail(f'renamed unit not one full series: {series}')
    if not m._charts or not m.conditional_formatting:
        fail('matrix sheet without chart or conditional formats')

if __name__ == '__main__':
    cmd = sys.argv[1]
    {'previous': previous, 'xlsx': xlsx, 'summary': summary, 'history': history}[cmd](*sys.argv[2:])
