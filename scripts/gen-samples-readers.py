#!/usr/bin/python3
"""Writes the reader samples of issue 3 with real programs (openpyxl; the UTF-16
text and the LibreOffice pass are done by gen-samples-readers.sh).

    /usr/bin/python3 scripts/gen-samples-readers.py samples

Outputs (committed; tests never regenerate them):
  khoai-chau-2024-t2.xlsx        reference 003: "Phụ lục 1" + "Phụ lục 2", same 25 communes
  phu-tan-2024-t5-w1.xlsx        reference 001's appendix, merged two-level header
  phu-tan-2024-t5-w1.html.xls    the same as an HTML table (portal/web export), named .xls
  phu-tan-2024-t5-w1.utf16.tsv8  tab-separated UTF-8, turned into UTF-16 by the .sh
  phu-tan-2024-t5-w1.xml.xls     the same as Excel 2003 "XML Spreadsheet", named .xls
  an-giang-portal-xa-phuong.xlsx   portal field codes, sheets "Sở Ban" and "Xã Phường"
"""
import csv
import html
import html.entities
import os
import sys

import openpyxl
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

OUT = sys.argv[1] if len(sys.argv) > 1 else "samples"
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

# ---- reference 003 (Khoái Châu, Hưng Yên, February 2024) -------------------
K1 = """Thị trấn Khoái Châu|100|100|89.74
An Vỹ|99.32|100|87.94
Bình Kiều|100|100|62.96
Bình Minh|98.45|100|91.46
Chí Tân|100|100|90.74
Dân Tiến|100|100|98.39
Dạ Trạch|100|100|82.14
Hàm Tử |92.31|100|96
Hồng Tiến|83.33|100|45
Liên Khê|100|100|75
Nhuế Dương|100|100|85.71
Phùng Hưng|88.89|100|97.78
Thuần Hưng|100|100|84.82
Thành Công|100|100|75.47
Tân Châu|100|100|100
Tân Dân|100|100|78.29
Tứ Dân|100|100|76.52
Việt Hoà|100|100|48.65
Ông Đình|100|100|65.52
Đông Kết|100|100|96.24
Đông Ninh|100|100|93.75
Đông Tảo|100|100|50
Đại Hưng|98.21|100|73.08
Đại Tập|100|100|88.89
Đồng Tiến|98.39|100|100"""
K2 = """Thị trấn Khoái Châu|81.34|82.3|1405
An Vỹ|82.86|82.3|1419
Bình Kiều|69.31|82.1|354
Bình Minh|82.71|82.2|1996
Chí Tân|79.56|81.8|543
Dân Tiến|74.31|81.9|923
Dạ Trạch|82.16|82.5|964
Hàm Tử|85.82|82.1|1769
Hồng Tiến|64.74|82|802
Liên Khê|79.12|81|931
Nhuế Dương|71.41|80.1|430
Phùng Hưng|73.44|82|895
Thuần Hưng|85.35|81|745
Thành Công|79.28|82.2|481
Tân Châu|71.24|81.9|426
Tân Dân|74.39|82.4|3212
Tứ Dân|83.54|81.1|689
Việt Hoà|83.76|79.9|64
Ông Đình|77.05|80.4|383
Đông Kết|85.56|82|2633
Đông Ninh|80.82|80.9|259
Đông Tảo|78.38|82.3|744
Đại Hưng|72.74|81.3|1230
Đại Tập|88.64|82.1|912
Đồng Tiến|81.29|73|363"""


def num(s):
    v = float(s)
    return int(v) if v == int(v) and "." not in s else v


def khoai_chau(path):
    wb = openpyxl.Workbook()
    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, horizontal="center", vertical="center")
    sheets = [
        ("Phụ lục 1", "Phụ lục 1",
         "Một số tiêu chí thành phần trong bộ chỉ số phục vụ người dân, doanh nghiệp của "
         "UBND các xã, thị trấn tháng 02/2024",
         ["STT", "Đơn vị", "Kết quả xử lý hồ sơ (%)", "Tỷ lệ mức độ hài lòng (%)",
          "Tỷ lệ hồ sơ thanh toán trực tuyến (%)"], K1, None),
        ("Phụ lục 2", "Phụ lục 2",
         "Các chỉ tiêu chỉ phát sinh hoặc thống kê được của UBND các xã, thị trấn tháng 2/2024",
         ["STT", "Đơn vị", "Điểm tổng hợp %", "Kết quả tỷ lệ số hoá %",
          "Kết quả cấp bản sao điện tử"], K2, 3),
    ]
    first = True
    for name, label, title, heads, data, pct_col in sheets:
        ws = wb.active if first else wb.create_sheet()
        first = False
        ws.title = name
        ws["A1"] = label
        ws["A1"].font = bold
        ws.merge_cells("A1:E1")
        ws["A2"] = title
        ws["A2"].font = bold
        ws["A2"].alignment = Alignment(wrap_text=True, horizontal="center")
        ws.merge_cells("A2:E2")
        for j, h in enumerate(heads, 1):
            c = ws.cell(row=4, column=j, value=h)
            c.font = bold
            c.alignment = wrap
        for i, line in enumerate(data.split("\n"), 1):
            f = line.split("|")
            ws.cell(row=4 + i, column=1, value=i)
            ws.cell(row=4 + i, column=2, value=f[0])
            for j, v in enumerate(f[1:], 3):
                c = ws.cell(row=4 + i, column=j)
                if pct_col is not None and j - 1 == pct_col:
                    # digitization typed as a percentage: the cell stores 0.823, shows 82.3%
                    c.value = round(float(v) / 100, 6)
                    c.number_format = "0.0%"
                else:
                    c.value = num(v)
        ws.column_dimensions["B"].width = 24
        for col in "CDE":
            ws.column_dimensions[col].width = 18
    wb.save(path)


# ---- reference 001 (Phú Tân, An Giang, May 2024 week 1) --------------------
def read_001():
    with open(os.path.join(ROOT, "samples", "phu-tan-2024-t5-w1.csv"), encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(f))


def cellvalue(s):
    try:
        return num(s)
    except ValueError:
        return s if s != "" else None


def phu_tan_xlsx(rows, path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Phụ lục"
    for i, r in enumerate(rows, 1):
        for j, v in enumerate(r, 1):
            val = cellvalue(v) if i > 5 else (v or None)
            if val is not None:
                ws.cell(row=i, column=j, value=val)
    # merged like the office's sheet: titles across, STT/ĐƠN VỊ down, group headings across
    for rng in ("A1:M1", "A2:M2", "A4:A5", "B4:B5", "C4:F4", "G4:G5", "H4:H5", "I4:J4", "K4:M4"):
        ws.merge_cells(rng)
    bold = Font(bold=True)
    for row in ws.iter_rows(min_row=1, max_row=5):
        for c in row:
            c.font = bold
            c.alignment = Alignment(wrap_text=True, horizontal="center", vertical="center")
    wb.save(path)


def ent(s, style):
    """Write non-ASCII letters as entities, the way web exports do (style 0 named, 1 decimal, 2 hex)."""
    out = []
    for ch in s:
        cp = ord(ch)
        if ch == "&":
            out.append("&amp;")
        elif ch == "<":
            out.append("&lt;")
        elif cp < 128:
            out.append(ch)
        elif style == 0 and cp in html.entities.codepoint2name:
            out.append("&%s;" % html.entities.codepoint2name[cp])
        elif style == 2:
            out.append("&#x%X;" % cp)
        elif style in (0, 1):
            out.append("&#%d;" % cp)
        else:
            out.append(ch)
    return "".join(out)


def phu_tan_html(rows, path):
    title, cutoff = rows[0][0], rows[1][0]
    o = []
    o.append('<html xmlns:o="urn:schemas-microsoft-com:office:office" '
             'xmlns:x="urn:schemas-microsoft-com:office:excel">')
    o.append('<head><meta charset="utf-8">')
    o.append("<title>Ket qua Bo chi so</title>")
    o.append("<style>td { mso-number-format: '\\@'; } .num { mso-number-format: '0.00'; }"
             " /* <table> in a comment is not a table */</style>")
    o.append("<script>var t = '<table><tr><td>x</td></tr></table>';</script>")
    o.append("</head><body>")
    o.append('<table border="1" cellspacing="0">')
    o.append('<tr><td colspan="13" align="center"><b>%s</b></td></tr>' % ent(title, 3))
    o.append('<tr><td colspan="13" align="center"><i>%s</i></td></tr>' % ent(cutoff, 1))
    o.append('<tr><td colspan="13">&nbsp;</td></tr>')
    o.append("<tr>")
    o.append('<th rowspan="2">STT</th><th rowspan="2">&#272;&#416;N V&#7882;</th>')
    o.append('<th colspan="4">%s</th>' % ent("ĐIỂM TỔNG HỢP", 0))
    o.append('<th rowspan="2">C&Ocirc;NG KHAI,<br>MINH B&#7840;CH (%)</th>')
    o.append('<th rowspan="2">%s</th>' % ent("TIỀN ĐỘ GIẢI QUYẾT (%)", 2))
    o.append('<th colspan="2">D&#7882;CH V&#7908; C&Ocirc;NG TT</th>')
    o.append('<th colspan="3">%s</th>' % ent("SỐ HÓA HỒ SƠ (80%)", 1))
    o.append("</tr>")
    o.append("<tr>" + "".join("<th>%s</th>" % ent(h, k % 3) for k, h in enumerate(rows[4][2:6])) +
             "".join("<th>%s</th>" % ent(h, 1) for h in rows[4][8:]) + "</tr>")
    for k, r in enumerate(rows[5:]):
        cells = []
        for j, v in enumerate(r):
            if v == "":
                cells.append("<td>&nbsp;</td>")
            elif j == 1:
                # names: <b>, entities of every style, stray spaces the browser collapses
                cells.append("<td><b>  %s\n  </b></td>" % ent(v, k % 3))
            elif j == 3:
                cells.append("<td>%s</td>" % ent(v, k % 3))
            else:
                cells.append('<td class="num" x:num="%s">%s</td>' % (v, v))
        o.append("<tr>" + "".join(cells) + "</tr>")
    o.append("</table>")
    o.append("<p>Ngu&#7891;n: C&#7893;ng D&#7883;ch v&#7909; c&ocirc;ng qu&#7889;c gia</p>")
    o.append("</body></html>")
    with open(path, "w", encoding="utf-8", newline="\r\n") as f:
        f.write("\n".join(o) + "\n")


def phu_tan_ssml(rows, path):
    """Excel 2003 "XML Spreadsheet", as older web applications export it under an .xls name:
    merges as MergeAcross/MergeDown with ss:Index after them, a rich-text heading."""
    from xml.sax.saxutils import escape
    o = ['<?xml version="1.0" encoding="utf-8"?>', '<?mso-application progid="Excel.Sheet"?>',
         '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" xmlns:o="urn:schemas-microsoft-com:office:office"'
         ' xmlns:x="urn:schemas-microsoft-com:office:excel" xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet"'
         ' xmlns:html="http://www.w3.org/TR/REC-html40">',
         ' <Styles>', '  <Style ss:ID="Default" ss:Name="Normal"><Font ss:FontName="Times New Roman"/></Style>',
         '  <Style ss:ID="h"><Font ss:Bold="1"/><Alignment ss:Horizontal="Center" ss:WrapText="1"/></Style>',
         '  <Style ss:ID="n2"><NumberFormat ss:Format="0.00"/></Style>', ' </Styles>',
         ' <Worksheet ss:Name="Phụ lục">', '  <Table ss:ExpandedColumnCount="13" x:FullColumns="1" x:FullRows="1">']

    def cell(v, style=None, idx=None, across=0, down=0, rich=False):
        a = ""
        if idx:
            a += ' ss:Index="%d"' % idx
        if across:
            a += ' ss:MergeAcross="%d"' % across
        if down:
            a += ' ss:MergeDown="%d"' % down
        if style:
            a += ' ss:StyleID="%s"' % style
        if v is None:
            return "<Cell%s/>" % a
        if rich:
            return ('<Cell%s><ss:Data ss:Type="String" xmlns="http://www.w3.org/TR/REC-html40">'
                    '<B>%s</B></ss:Data></Cell>' % (a, escape(v)))
        try:
            float(v)
            return '<Cell%s><Data ss:Type="Number">%s</Data></Cell>' % (a, v)
        except ValueError:
            return '<Cell%s><Data ss:Type="String">%s</Data></Cell>' % (a, escape(v))

    o.append('   <Row>%s</Row>' % cell(rows[0][0], "h", across=12))
    o.append('   <Row>%s</Row>' % cell(rows[1][0], across=12))
    h1, h2 = rows[3], rows[4]
    o.append('   <Row ss:Index="4">' + cell(h1[0], "h", down=1) + cell(h1[1], "h", down=1) +
             cell(h1[2], "h", across=3, rich=True) + cell(h1[6], "h", down=1) + cell(h1[7], "h", down=1) +
             cell(h1[8], "h", across=1) + cell(h1[10], "h", across=2) + '</Row>')
    o.append('   <Row>' + cell(h2[2], "h", idx=3) + "".join(cell(v, "h") for v in h2[3:6]) +
             cell(h2[8], "h", idx=9) + "".join(cell(v, "h") for v in h2[9:]) + '</Row>')
    for r in rows[5:]:
        cs, skip = [], False
        for j, v in enumerate(r):
            if v == "":
                skip = True
                continue
            cs.append(cell(v, "n2" if j >= 2 and j != 3 else None, idx=(j + 1) if skip else None))
            skip = False
        o.append('   <Row>' + "".join(cs) + '</Row>')
    o += ['  </Table>', ' </Worksheet>', '</Workbook>']
    with open(path, "w", encoding="utf-8", newline="\r\n") as f:
        f.write("\n".join(o) + "\n")


def phu_tan_tsv(rows, path):
    # Excel's "Unicode text": tab-separated, CRLF; the .sh converts it to UTF-16LE + BOM
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, dialect="excel-tab", lineterminator="\r\n")
        for r in rows:
            w.writerow(r)


# ---- portal table (An Giang, field codes of the national portal) ----------
MAX = {"CKMB": 18, "TDGQ": 20, "CLGQ": 12, "TTTT": 10, "MDHL": 18, "MDSH": 22}
SO = [
    ("Sở Du lịch - tỉnh An Giang", 18, 20, 11.52, 10, 17.1, 19.05),
    ("Sở Tư pháp - tỉnh An Giang", 18, 19.87, 12, 9.6, 18, 20.5),
    ("Sở Tài chính - tỉnh An Giang", 17.25, 20, 10.8, 8.45, 17.64, 18.3),
    ("Sở Nội vụ - tỉnh An Giang", 16.5, 18.92, 9.6, 7.2, 18, 16.72),
    ("Sở Y tế - tỉnh An Giang", 18, 17.4, 11.28, 6.35, 16.2, 21.01),
    ("Sở Xây dựng - tỉnh An Giang", 15.75, 20, 8.4, 10, 17.28, 14.96),
]
XA = [
    ("UBND xã Đông Thái - tỉnh An Giang", 18, 20, 12, 10, 18, 19.05),
    ("UBND phường Long Xuyên - tỉnh An Giang", 17.1, 19.6, 11.4, 9.2, 17.82, 20.24),
    ("UBND phường Châu Đốc - tỉnh An Giang", 16.2, 20, 10.68, 8.7, 18, 18.7),
    ("UBND xã Phú Tân - tỉnh An Giang", 18, 18.45, 12, 10, 16.92, 17.38),
    ("UBND xã Chợ Vàm - tỉnh An Giang", 14.4, 20, 9.36, 7.5, 18, 15.4),
    ("UBND xã Hòa Lạc - tỉnh An Giang", 12.6, 17.2, 7.2, 5.1, 15.3, 12.1),
    ("UBND xã Bình Thạnh Đông - tỉnh An Giang", 18, 20, 11.04, 9.9, 17.46, 21.12),
    ("UBND phường Rạch Giá - tỉnh An Giang", 17.55, 19.2, 10.2, 8.1, 18, 19.8),
]
HEAD = ["ID", "TEN", "TEN_COQUAN", "MA_COQUAN", "LOAI_COQUAN", "CAPDONVIID",
        "TDGQ", "MDHL", "MDSH", "TTTT", "CLGQ", "CKMB", "TONG_SCORE", "ROW_STT"]


def portal(path):
    wb = openpyxl.Workbook()
    first = True
    for sheet, rows, loai, cap, base in (("Sở Ban", SO, "SO_BAN_NGANH", "2", 1000),
                                          ("Xã Phường", XA, "XA_PHUONG", "3", 3000)):
        ws = wb.active if first else wb.create_sheet()
        first = False
        ws.title = sheet
        ws.append(HEAD)
        for i, (name, ckmb, tdgq, clgq, tttt, mdhl, mdsh) in enumerate(rows, 1):
            g = {"CKMB": ckmb, "TDGQ": tdgq, "CLGQ": clgq, "TTTT": tttt, "MDHL": mdhl, "MDSH": mdsh}
            for k, v in g.items():
                assert 0 <= v <= MAX[k], (name, k, v)
            total = round(sum(g.values()), 2)
            short = name.split(" - ")[0]
            # the portal's data as people save it: every value a text cell
            ws.append([str(base + i * 7), short, name, "H01.%d" % (base // 10 + i),
                       loai, cap, "%.2f" % tdgq, "%.2f" % mdhl, "%.2f" % mdsh, "%.2f" % tttt,
                       "%.2f" % clgq, "%.2f" % ckmb, "%.2f" % total, str(i)])
            for c in ws[ws.max_row]:
                c.number_format = "@"
    wb.save(path)


def main():
    os.makedirs(OUT, exist_ok=True)
    rows = read_001()
    khoai_chau(os.path.join(OUT, "khoai-chau-2024-t2.xlsx"))
    phu_tan_xlsx(rows, os.path.join(OUT, "phu-tan-2024-t5-w1.xlsx"))
    phu_tan_html(rows, os.path.join(OUT, "phu-tan-2024-t5-w1.html.xls"))
    phu_tan_tsv(rows, os.path.join(OUT, "phu-tan-2024-t5-w1.utf16.tsv8"))
    phu_tan_ssml(rows, os.path.join(OUT, "phu-tan-2024-t5-w1.xml.xls"))
    portal(os.path.join(OUT, "an-giang-portal-xa-phuong.xlsx"))


if __name__ == "__main__":
    main()
