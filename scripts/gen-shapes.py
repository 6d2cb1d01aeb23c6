#!/usr/bin/python3
"""Writes tests/data/shapes/: the historical shapes of issue 8 and, for each, the same
data as one file per period (so `history` over either must give the same values).

Deterministic (fixed seed, no clock): run it again and the files are byte-identical
(the .xlsx files get a fixed creation date).
- long/long-2-huyen-12-tuan.csv: 2 districts x 12 weeks, ';' and decimal commas, the period
  in a `Kỳ báo cáo` column written "Tuần 1 - Tháng 3/2024"; long/per-period/: 12 CSVs;
- wide/diem-2024-theo-thang.xlsx: 3 communes x 12 months (`Tháng 1` .. `Tháng 12`), the
  indicator and the year in the title; wide/thang-nam.csv: the same as a long table with
  `Tháng` + `Năm` columns; wide/xu-huong.xlsx: the dashboard's "Xu hướng" sheet
  (name, month, year, score); wide/per-period/: 12 CSVs;
- json/: the portal's old service (rows under "data" with p_nam/p_thang; a bare array whose
  period is in the file name) and new service ("evaluation", year/month/timeType);
  json/per-period/: the same rows as CSVs with the portal's field names as headings.
Usage: /usr/bin/python3 scripts/gen-shapes.py [OUTDIR]
"""
import datetime, json, os, random, sys

OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), '..', 'tests', 'data', 'shapes')
rnd = random.Random(8)


def vn(x):
    """Vietnamese number: decimal comma."""
    return ('%.2f' % x).rstrip('0').rstrip('.').replace('.', ',')


def write(path, text, enc='utf-8'):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, 'w', encoding=enc, newline='') as f:
        f.write(text)


# ---- long table: 2 districts x 12 weeks -------------------------------------------------
DISTRICTS = ['Huyện Phú Tân', 'Huyện Chợ Mới']
WEEKS = [(m, w) for m in (3, 4, 5) for w in (1, 2, 3, 4)]
long_rows = []
for (m, w) in WEEKS:
    for d in DISTRICTS:
        long_rows.append((d, m, w, round(rnd.uniform(70, 95), 2), round(rnd.uniform(60, 100), 2),
                          round(rnd.uniform(80, 100), 2)))
HEAD = 'Điểm tổng hợp;Tiến độ giải quyết (%);Mức độ hài lòng (%)'
lines = ['KẾT QUẢ BỘ CHỈ SỐ CÁC HUYỆN THEO TUẦN NĂM 2024;;;;;', ';;;;;',
         'STT;Đơn vị;Kỳ báo cáo;' + HEAD]
for i, (d, m, w, a, b, c) in enumerate(long_rows):
    lines.append('%d;%s;Tuần %d - Tháng %d/2024;%s;%s;%s' % (i % 2 + 1, d, w, m, vn(a), vn(b), vn(c)))
write(os.path.join(OUT, 'long', 'long-2-huyen-12-tuan.csv'), '\r\n'.join(lines) + '\r\n')
for (m, w) in WEEKS:
    ls = ['KẾT QUẢ BỘ CHỈ SỐ CÁC HUYỆN - Tuần %d - Tháng %d/2024;;;;' % (w, m), ';;;;', 'STT;Đơn vị;' + HEAD]
    k = 1
    for (d, mm, ww, a, b, c) in long_rows:
        if (mm, ww) == (m, w):
            ls.append('%d;%s;%s;%s;%s' % (k, d, vn(a), vn(b), vn(c)))
            k += 1
    write(os.path.join(OUT, 'long', 'per-period', 'huyen-2024-t%d-w%d.csv' % (m, w)), '\r\n'.join(ls) + '\r\n')

# ---- periods as columns: 3 communes x 12 months ------------------------------------------
COMMUNES = ['Xã Phú Hưng', 'Xã Tân Hòa', 'Thị trấn Chợ Vàm']
wide = {c: [round(rnd.uniform(55, 98), 2) for _ in range(12)] for c in COMMUNES}
wide['Xã Tân Hòa'][6] = None   # no July value: the unit is absent from that month only

import openpyxl  # noqa: E402
FIXED = datetime.datetime(2024, 12, 31, 8, 0, 0)


def save(wb, path):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    wb.properties.created = FIXED
    wb.properties.modified = FIXED
    wb.save(path)
    # zip entries carry the time they were written: rewrite them with a fixed one
    import zipfile
    with zipfile.ZipFile(path) as z:
        items = [(i.filename, z.read(i.filename)) for i in z.infolist()]
    with zipfile.ZipFile(path, 'w', zipfile.ZIP_DEFLATED) as z:
        for name, data in items:
            z.writestr(zipfile.ZipInfo(name, date_time=(2024, 12, 31, 8, 0, 0)), data, zipfile.ZIP_DEFLATED)


wb = openpyxl.Workbook()
ws = wb.active
ws.title = 'Năm 2024'
ws.append(['BẢNG ĐIỂM TỔNG HỢP CÁC XÃ, THỊ TRẤN NĂM 2024'])
ws.append([])
ws.append(['STT', 'Đơn vị'] + ['Tháng %d' % m for m in range(1, 13)])
for i, c in enumerate(COMMUNES):
    ws.append([i + 1, c] + wide[c])
save(wb, os.path.join(OUT, 'wide', 'diem-2024-theo-thang.xlsx'))

lines = ['Đơn vị,Tháng,Năm,Điểm tổng hợp']
for m in range(1, 13):
    for c in COMMUNES:
        if wide[c][m - 1] is not None:
            lines.append('%s,%d,2024,"%s"' % (c, m, vn(wide[c][m - 1])))
write(os.path.join(OUT, 'wide', 'thang-nam.csv'), '\n'.join(lines) + '\n')

wb = openpyxl.Workbook()
ws = wb.active
ws.title = 'Xu hướng'
ws.append(['name', 'month', 'year', 'score'])
for m in range(1, 13):
    for c in COMMUNES:
        if wide[c][m - 1] is not None:
            ws.append([c, m, 2024, wide[c][m - 1]])
save(wb, os.path.join(OUT, 'wide', 'xu-huong.xlsx'))

# the dashboard's own trend: month, year, score and no unit column (the scope's total)
TOTAL = [round(rnd.uniform(70, 90), 2) for _ in range(12)]
wb = openpyxl.Workbook()
ws = wb.active
ws.title = 'Xu hướng'
ws.append(['month', 'year', 'score'])
for m in range(1, 13):
    ws.append([m, 2024, TOTAL[m - 1]])
save(wb, os.path.join(OUT, 'wide', 'xu-huong-tinh.xlsx'))

for m in range(1, 13):
    ls = ['ĐIỂM TỔNG HỢP CÁC XÃ, THỊ TRẤN THÁNG %d NĂM 2024' % m, '', 'STT,Đơn vị,Điểm tổng hợp']
    k = 1
    for c in COMMUNES:
        if wide[c][m - 1] is not None:
            ls.append('%d,%s,"%s"' % (k, c, vn(wide[c][m - 1])))
            k += 1
    write(os.path.join(OUT, 'wide', 'per-period', 'xa-2024-t%d.csv' % m), '\n'.join(ls) + '\n')

# ---- the portal's JSON -------------------------------------------------------------------
UNITS = [('UBND xã Đông Thái', 'H01.301'), ('UBND phường Long Xuyên', 'H01.302'), ('UBND xã Phú Tân', 'H01.304')]
GROUPS = [('CKMB', 18), ('TDGQ', 20), ('CLGQ', 12), ('TTTT', 10), ('MDHL', 18), ('MDSH', 22)]


def portal_rows():
    rows = []
    for name, code in UNITS:
        g = {k: round(rnd.uniform(mx * 0.5, mx), 2) for k, mx in GROUPS}
        rows.append((name, code, g, round(sum(g.values()), 2)))
    return rows


old6, old7, new8 = portal_rows(), portal_rows(), portal_rows()


def old_obj(rows):
    out = []
    for i, (name, code, g, tot) in enumerate(rows):
        o = {'ID': str(3000 + i), 'TEN': name, 'TEN_COQUAN': name + ' - tỉnh An Giang', 'MA_COQUAN': code,
             'LOAI_COQUAN': 'XA_PHUONG'}
        o.update({k: '%.2f' % v for k, v in g.items()})
        o['TONG_SCORE'] = '%.2f' % tot
        out.append(o)
    return out


write(os.path.join(OUT, 'json', 'an-giang-thang-6.json'),
      json.dumps({'p_nam': '2024', 'p_thang': '6', 'p_loai': 'thang', 'data': old_obj(old6)},
                 ensure_ascii=False, indent=1) + '\n')
write(os.path.join(OUT, 'json', 'an-giang-2024-t7.json'), json.dumps(old_obj(old7), ensure_ascii=False, indent=1) + '\n')
write(os.path.join(OUT, 'json', 'an-giang-moi.json'), json.dumps({
    'year': 2024, 'month': 8, 'timeType': 'month',
    'evaluation': [{'departmentName': name + ' - tỉnh An Giang', 'departmentCode': code, 'totalScore': tot,
                    'scoreDelta': None, 'groupScores': g} for name, code, g, tot in new8]},
    ensure_ascii=False, indent=1) + '\n')

HDR = 'TEN_COQUAN,MA_COQUAN,' + ','.join(k for k, _ in GROUPS) + ',TONG_SCORE'
for m, rows in ((6, old6), (7, old7), (8, new8)):
    ls = ['Tháng %d/2024' % m, HDR]
    for name, code, g, tot in rows:
        ls.append('%s - tỉnh An Giang,%s,' % (name, code) + ','.join('%.2f' % g[k] for k, _ in GROUPS) + ',%.2f' % tot)
    write(os.path.join(OUT, 'json', 'per-period', 'an-giang-2024-t%d.csv' % m), '\n'.join(ls) + '\n')
print('wrote', OUT)
