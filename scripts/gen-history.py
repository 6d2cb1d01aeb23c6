#!/usr/bin/python3
"""Writes tests/data/history/: weekly Phụ lục CSVs of Phú Tân (An Giang), May–July 2024.

Deterministic (fixed seed, no clock): run it again and the files are byte-identical.
- 11 weeks, one file each, shaped like reference 001's appendix (title row, cutoff line,
  two-level header, total row, 18 communes), with the title written the ways the
  reference reports write it;
- the commune the reports call "Phú Hùng" appears from week 7 under the national list's
  spelling "Phú Hưng" (a renamed unit: joined through its national code, 30451);
- week 3 of May twice: the office's file and a corrected one with a later cutoff
  (phu-tan-2024-t5-w3-bo-sung.csv), which must win.
Usage: /usr/bin/python3 scripts/gen-history.py [OUTDIR]
"""
import csv, io, os, random, sys

OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), '..', 'tests', 'data', 'history')
BASE = [  # name as 001 prints it, total score, publicity, processing, online, payment, digitization
    ('PHÚ HÙNG', 89.21, 100, 100, 100, 98.41, 82.1), ('PHÚ BÌNH', 89.12, 100, 100, 100, 100, 82.1),
    ('TÂN HÒA', 89.04, 100, 100, 85.3, 100, 81.2), ('PHÚ THÀNH', 89.04, 100, 100, 100, 100, 81.3),
    ('PHÚ HIỆP', 88.82, 100, 100, 97.7, 100, 81.6), ('HIỆP XƯƠNG', 88.72, 100, 100, 100, 84.62, 81.7),
    ('PHÚ MỸ', 88.62, 100, 98.97, 97.9, 93.75, 81.9), ('PHÚ XUÂN', 88.42, 100, 100, 93.8, 100, 81.9),
    ('PHÚ THỌ', 86.01, 100, 100, 39, 77.42, 82.2), ('TÂN TRUNG', 84.24, 81.8, 94.74, 100, 84.21, 81.2),
    ('PHÚ THẠNH', 83.96, 76.2, 100, 100, 100, 82), ('PHÚ AN', 82.18, 83.7, 100, 93.4, 92.98, 82.1),
    ('CHỢ VÀM', 81.78, 60, 100, 100, 100, 82), ('PHÚ LÂM', 81.09, 100, 100, 94.7, 100, 81.5),
    ('LONG HÒA', 80.79, 60.7, 100, 88.2, 91.3, 80.3), ('HÒA LẠC', 75.17, 35.9, 100, 92.9, 100, 81.8),
    ('BÌNH THẠNH ĐÔNG', 74.81, 34.9, 100, 100, 100, 82), ('PHÚ LONG', 55.87, 29.4, 41.67, 100, 100, 82),
]
# (month, week, cutoff d/m, title form)
WEEKS = [
    (5, 1, '06/5', 'BỘ CHỈ SỐ PHỤC VỤ NGƯỜI DÂN, DOANH NGHIỆP TRONG THỰC HIỆN TTHC, CUNG CẤP DỊCH VỤ CÔNG - THÁNG 5 (Tuần 01)'),
    (5, 2, '13/5', 'BỘ CHỈ SỐ PHỤC VỤ NGƯỜI DÂN, DOANH NGHIỆP TRONG THỰC HIỆN TTHC, CUNG CẤP DỊCH VỤ CÔNG - THÁNG 5 (Tuần 02)'),
    (5, 3, '20/5', 'BỘ CHỈ SỐ PHỤC VỤ NGƯỜI DÂN, DOANH NGHIỆP - Tháng 5 – Tuần 03'),
    (5, 4, '27/5', 'BỘ CHỈ SỐ PHỤC VỤ NGƯỜI DÂN, DOANH NGHIỆP - Tháng 5 – Tuần 04'),
    (6, 1, '03/6', 'BỘ CHỈ SỐ PHỤC VỤ NGƯỜI DÂN, DOANH NGHIỆP trong Tuần 1 của tháng 6 năm 2024'),
    (6, 2, '10/6', 'BỘ CHỈ SỐ PHỤC VỤ NGƯỜI DÂN, DOANH NGHIỆP trong Tuần 2 của tháng 6 năm 2024'),
    (6, 3, '17/6', 'BỘ CHỈ SỐ PHỤC VỤ NGƯỜI DÂN, DOANH NGHIỆP - THÁNG 6 (Tuần 03)'),
    (6, 4, '24/6', 'BỘ CHỈ SỐ PHỤC VỤ NGƯỜI DÂN, DOANH NGHIỆP - THÁNG 6 (Tuần 04)'),
    (7, 1, '01/7', 'BỘ CHỈ SỐ PHỤC VỤ NGƯỜI DÂN, DOANH NGHIỆP - Tháng 7 - Tuần 01 năm 2024'),
    (7, 2, '08/7', 'BỘ CHỈ SỐ PHỤC VỤ NGƯỜI DÂN, DOANH NGHIỆP - Tháng 7 - Tuần 02 năm 2024'),
    (7, 3, '15/7', 'BỘ CHỈ SỐ PHỤC VỤ NGƯỜI DÂN, DOANH NGHIỆP - Tháng 7 - Tuần 03 năm 2024'),
]

# National codes (units-before-2025-07-01.csv, Huyện Phú Tân, Tỉnh An Giang): the files carry
# them in a "MÃ ĐVHC" column, as the portal's exports do, so the rename joins by code.
CODES = {'PHÚ HÙNG': '30451', 'PHÚ BÌNH': '30445', 'TÂN HÒA': '30457', 'PHÚ THÀNH': '30433', 'PHÚ HIỆP': '30424',
         'HIỆP XƯƠNG': '30442', 'PHÚ MỸ': '30406', 'PHÚ XUÂN': '30439', 'PHÚ THỌ': '30448', 'TÂN TRUNG': '30460',
         'PHÚ THẠNH': '30427', 'PHÚ AN': '30436', 'CHỢ VÀM': '30409', 'PHÚ LÂM': '30421', 'LONG HÒA': '30415',
         'HÒA LẠC': '30430', 'BÌNH THẠNH ĐÔNG': '30454', 'PHÚ LONG': '30418'}

def label(s):
    return 'XUẤT SẮC' if s >= 90 else 'TỐT' if s >= 80 else 'KHÁ' if s >= 70 else 'TB' if s >= 50 else 'YẾU'

def num(v, nd):
    t = f'{v:.{nd}f}'.rstrip('0').rstrip('.')
    return t if t not in ('-0', '') else '0'

def table(month, week, cutoff, title, rng, renamed):
    rows = []
    for i, (name, *vals) in enumerate(BASE, 1):
        s, ck, td, dv, tt, sh = vals
        s = min(100, max(30, s + rng.uniform(-3, 3) + (week - 2) * 0.4))
        ck = min(100, max(0, ck + rng.uniform(-8, 8))) if ck < 100 else 100
        dv = min(100, max(0, dv + rng.uniform(-5, 5))) if dv < 100 else 100
        sh = min(100, max(0, sh + rng.uniform(-1.5, 1.5)))
        code = CODES[name]
        if renamed and name == 'PHÚ HÙNG':
            name = 'PHÚ HƯNG'
        rows.append([str(i), name, num(s, 2), label(round(s, 2)), num(ck, 1), num(td, 2), num(dv, 1), num(tt, 2), num(sh, 1), code])
    tot = sum(float(r[2]) for r in rows) / len(rows)
    head = [
        [title] + [''] * 9,
        [f'(Thời gian chốt số liệu: Ngày {cutoff}/2024)'] + [''] * 9,
        [''] * 10,
        ['STT', 'ĐƠN VỊ', 'ĐIỂM TỔNG HỢP', '', 'CÔNG KHAI, MINH BẠCH (%)', 'TIẾN ĐỘ GIẢI QUYẾT (%)', 'DỊCH VỤ CÔNG TT', '', 'SỐ HÓA HỒ SƠ (80%)', 'MÃ ĐVHC'],
        ['', '', f'THÁNG {month} -TUẦN {week:02d}', 'XẾP LOẠI', '', '', 'DVCTT', 'THANH TOÁN TT', 'SỐ HÓA HỒ SƠ', ''],
        ['', 'TOÀN HUYỆN', num(tot, 2), label(round(tot, 2)), '', '', '', '', '', ''],
    ]
    out = io.StringIO()
    w = csv.writer(out, lineterminator='\r\n')
    w.writerows(head + rows)
    return out.getvalue()

def main():
    os.makedirs(OUT, exist_ok=True)
    rng = random.Random(766)
    for n, (month, week, cutoff, title) in enumerate(WEEKS):
        text = table(month, week, cutoff, title, rng, renamed=n >= 6)
        with open(os.path.join(OUT, f'phu-tan-2024-t{month}-w{week}.csv'), 'w', encoding='utf-8', newline='') as f:
            f.write(text)
        if (month, week) == (5, 3):
            # The corrected file: sent the next day, values re-downloaded.
            fixed = table(month, week, '21/5', title, random.Random(2024), renamed=False)
            with open(os.path.join(OUT, 'phu-tan-2024-t5-w3-bo-sung.csv'), 'w', encoding='utf-8', newline='') as f:
                f.write(fixed)

if __name__ == '__main__':
    main()
