#!/usr/bin/python3
"""Build the .xls samples the way an office would have them (run once; the outputs are committed).

    /usr/bin/python3 scripts/make-sample-xls.py            # writes samples/ and tests/data/xls/
    /usr/bin/python3 scripts/make-sample-xls.py errors     # only the named ones

Each workbook is written as .xlsx with openpyxl, then converted by LibreOffice
(`soffice --headless --convert-to xls`), which computes every formula and stores
the cached results in the .xls, as Excel does. The xls reader must recover those
cached values (freexl 1.0.6 gives NULL for formula cells).

Outputs:
  samples/phu-tan-2024-t5-w1.xls   reference 001's appendix (from samples/phu-tan-2024-t5-w1.csv):
                                   merged title and two-level header, the change column as
                                   =ROUND(Cn-En,2), the classification as =IF(...) (text results),
                                   numbers as numbers, labels as text.
  tests/data/xls/phu-tan-variant.xls  the same, with CÔNG KHAI/TIẾN ĐỘ as fractions in a 0.00%
                                   format and Phú Long's change =.../0 (#DIV/0!)
  tests/data/xls/errors.xls        a #DIV/0! formula, a literal error, booleans, a text formula
  tests/data/xls/formats.xls       custom format 0.00 "m/s", percents, a real date, a time, 1904 no
  tests/data/xls/date1904.xls      a 1904-date-system workbook (serials must come out in the 1900 system)
  tests/data/xls/long.xls          strings split across CONTINUE records (SST and STRING)
  tests/fuzz/corpus/fuzz_xls/continue.xls  a 25 KB fuzzing seed with SST and STRING CONTINUEs
  tests/data/xls/biff5.xls         the sample as Excel 95 (BIFF5), by Gnumeric's ssconvert
  tests/data/xls/literals.xls      typed-in TRUE/FALSE/#DIV/0!/#N/A as BOOLERR records (ssconvert)
  tests/data/xls/encrypted.xls     the sample saved with the password "matkhau" (LibreOffice macro)
  tests/data/xls/truncated.xls     the sample's first 7000 bytes (a cut-off download)
Needs: /usr/bin/python3 with openpyxl, soffice; ssconvert (gnumeric) for biff5.xls.
"""
import csv
import datetime
import os
import shutil
import subprocess
import sys
import tempfile

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def soffice(src, outdir, filt="xls", extra=None):
    cmd = ["soffice", "--headless", "--norestore", "--convert-to", filt, "--outdir", outdir, src]
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def number(s):
    try:
        f = float(s)
    except ValueError:
        return s
    return int(f) if f.is_integer() and "." not in s else f


def phu_tan(path, variant=False):
    rows = list(csv.reader(open(os.path.join(ROOT, "samples/phu-tan-2024-t5-w1.csv"), encoding="utf-8")))
    wb = Workbook()
    ws = wb.active
    ws.title = "Phụ lục 1"
    bold = Font(name="Times New Roman", bold=True, size=12)
    center = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for r, row in enumerate(rows, start=1):
        for c, v in enumerate(row, start=1):
            if v == "":
                continue
            cell = ws.cell(row=r, column=c)
            if r <= 5:
                cell.value = v
                cell.font = bold
                cell.alignment = center
            elif c == 2:
                cell.value = v
            elif c == 4:
                # XẾP LOẠI computed from the score, as offices do (a text result: STRING record)
                cell.value = f'=IF(C{r}>=80,"TỐT",IF(C{r}>=70,"KHÁ","TB"))'
            elif c == 6:
                cell.value = f"=ROUND(C{r}-E{r},2)"
                if variant and r == 24:
                    cell.value = f"=ROUND(C{r}-E{r},2)/0"      # an error cell: #DIV/0!
            elif variant and c in (7, 8):
                # percent columns stored as fractions with a % format, as many offices keep them
                cell.value = float(v) / 100
                cell.number_format = "0.00%"
            else:
                cell.value = number(v)
    # check the formulas give the CSV's values (so the xls must read back like the CSV)
    for r, row in enumerate(rows[5:], start=6):
        c, e = float(row[2]), float(row[4])
        assert f"{round(c - e, 2):.2f}" == f"{float(row[5]):.2f}", (r, row)
        cls = "TỐT" if c >= 80 else "KHÁ" if c >= 70 else "TB"
        assert cls == row[3], (r, row)
    ws.merge_cells("A1:M1")
    ws.merge_cells("A2:M2")
    for rng in ("A4:A5", "B4:B5", "C4:F4", "G4:G5", "H4:H5", "I4:J4", "K4:M4"):
        ws.merge_cells(rng)
    ws.column_dimensions["B"].width = 22
    wb.save(path)


def errors(path):
    wb = Workbook()
    ws = wb.active
    ws.title = "Lỗi"
    ws.append(["ĐƠN VỊ", "A", "B", "A/B", "OK", "NOTE", "LITERAL"])
    ws.append(["PHÚ HÙNG", 10, 0, "=B2/C2", True, '=IF(C2=0,"chia 0","")', "#DIV/0!"])
    ws.append(["PHÚ BÌNH", 9, 3, "=B3/C3", False, "=1/0", "#N/A"])
    ws.append(["PHÚ LÂM", 1, 4, "=NA()", "=B4>C4", '=""', 5])
    wb.create_sheet("Trống")
    ws3 = wb.create_sheet("Sheet 3")
    ws3["C5"] = 42
    wb.save(path)


def literals(path):
    """typed-in TRUE/FALSE and error values (LibreOffice would store them as formulas)"""
    wb = Workbook()
    ws = wb.active
    ws.title = "Hằng"
    ws.append(["ĐƠN VỊ", "OK", "LỖI"])
    ws.append(["PHÚ HÙNG", True, "#DIV/0!"])
    ws.append(["PHÚ BÌNH", False, "#N/A"])
    wb.save(path)


def long_strings(path):
    """strings that cross BIFF record boundaries: the SST continues in CONTINUE records
    (a 9000-character cell, 3000 distinct names), and a formula's 6000-character text
    result needs a STRING record plus CONTINUE"""
    wb = Workbook()
    ws = wb.active
    ws.title = "Dài"
    ws["A1"] = "Thời gian chốt số liệu " * 391 + "hết"        # 9000 characters
    ws["A2"] = '=REPT("ệ",6000)'
    ws["A3"] = '=REPT("a",9000)&"Đ"'
    for i in range(3000):
        ws.cell(row=4 + i, column=1, value="Xã số %d – Ấp Phú Hưng" % i)
        ws.cell(row=4 + i, column=2, value=i * 0.25)
    wb.save(path)


def continued(path):
    """a small fuzzing seed whose SST and STRING records both need CONTINUE"""
    wb = Workbook()
    ws = wb.active
    ws.title = "Nối"
    ws["A1"] = "Đ" * 5000
    ws["A2"] = '=REPT("ệ",4500)'
    ws["B1"] = 1.5
    wb.save(path)


def date1904(path):
    """a workbook in the 1904 date system (old Mac Excel): DATEMODE = 1"""
    from openpyxl.utils.datetime import CALENDAR_MAC_1904
    wb = Workbook()
    wb.epoch = CALENDAR_MAC_1904
    ws = wb.active
    ws.title = "Mac"
    ws["A1"] = datetime.date(2024, 5, 6)
    ws["A1"].number_format = "dd/mm/yyyy"
    ws["B1"] = 12.5
    wb.save(path)


def formats(path):
    wb = Workbook()
    ws = wb.active
    ws.title = "Định dạng"
    ws.append(["ĐƠN VỊ", "TỐC ĐỘ", "TỶ LỆ", "NGÀY", "GIỜ", "SỐ"])
    ws.append(["PHÚ HÙNG", 12.5, 0.898, datetime.date(2024, 5, 6), datetime.time(12, 0), 1234.5])
    ws.append(["PHÚ BÌNH", 0.25, 1, datetime.date(2023, 12, 31), datetime.time(6, 30), 7])
    for r in (2, 3):
        ws[f"B{r}"].number_format = '0.00 "m/s"'
        ws[f"C{r}"].number_format = "0.0%"
        ws[f"D{r}"].number_format = "dd/mm/yyyy"
        ws[f"E{r}"].number_format = "hh:mm"
        ws[f"F{r}"].number_format = '#,##0.0 "đ";[Red]-#,##0.0 "đ"'
    ws["G2"] = 86.59
    ws["G2"].number_format = '[$-42A]0.00'
    ws["H2"] = "=B2*2"
    ws["H2"].number_format = '0.00 "m/s"'
    ws["I2"] = "=C2"
    ws["I2"].number_format = "0%"
    wb.save(path)


MACRO = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE script:module PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "module.dtd">
<script:module xmlns:script="http://openoffice.org/2000/script" script:name="Module1" script:language="StarBasic">
Sub SaveEnc(src As String, dst As String, filt As String)
  Dim a(0) As New com.sun.star.beans.PropertyValue
  a(0).Name = &quot;Hidden&quot; : a(0).Value = True
  doc = StarDesktop.loadComponentFromURL(ConvertToURL(src), &quot;_blank&quot;, 0, a())
  Dim p(1) As New com.sun.star.beans.PropertyValue
  p(0).Name = &quot;FilterName&quot; : p(0).Value = filt
  p(1).Name = &quot;Password&quot; : p(1).Value = &quot;matkhau&quot;
  doc.storeToURL(ConvertToURL(dst), p())
  doc.close(True)
End Sub
</script:module>
"""


def encrypted(src, dst, tmp, filt="MS Excel 97"):
    prof = os.path.join(tmp, "profile")
    env = "-env:UserInstallation=file://" + prof
    if not os.path.exists(prof):
        subprocess.run(["soffice", env, "--headless", "--terminate_after_init"], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        with open(os.path.join(prof, "user/basic/Standard/Module1.xba"), "w") as f:
            f.write(MACRO)
    subprocess.run(["soffice", env, "--headless",
                    'macro:///Standard.Module1.SaveEnc("%s","%s","%s")' % (src, dst, filt)], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if not os.path.exists(dst):
        raise SystemExit("LibreOffice did not write " + dst)


def main():
    """with names (phu-tan-variant, errors, ...), makes only those"""
    only = set(sys.argv[1:])
    tmp = tempfile.mkdtemp(prefix="chiso-xls-")
    data = os.path.join(ROOT, "tests/data/xls")
    os.makedirs(data, exist_ok=True)
    try:
        for name, make, dest in (
            ("phu-tan-2024-t5-w1", phu_tan, os.path.join(ROOT, "samples")),
            ("phu-tan-variant", lambda p: phu_tan(p, True), data),
            ("errors", errors, data),
            ("formats", formats, data),
            ("long", long_strings, data),
            ("date1904", date1904, data),
            ("continue", continued, os.path.join(ROOT, "tests/fuzz/corpus/fuzz_xls")),
        ):
            if only and name not in only:
                continue
            x = os.path.join(tmp, name + ".xlsx")
            make(x)
            soffice(x, tmp)
            shutil.copy(os.path.join(tmp, name + ".xls"), os.path.join(dest, name + ".xls"))
            print("wrote", os.path.join(dest, name + ".xls"))
        if only:
            return 0
        sample = os.path.join(ROOT, "samples/phu-tan-2024-t5-w1.xls")
        # Excel 95 (BIFF5): LibreOffice 7.4 no longer exports it; Gnumeric's ssconvert does
        # (it writes code page 1200, which freexl cannot list: the walker reads it alone)
        if shutil.which("ssconvert"):
            b5 = os.path.join(data, "biff5.xls")
            subprocess.run(["ssconvert", "-T", "Gnumeric_Excel:excel_biff7", sample, b5], check=True,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            print("wrote", b5)
            # BOOLERR records for typed-in booleans and errors: Gnumeric writes them as such
            lx = os.path.join(tmp, "literals.xlsx")
            literals(lx)
            subprocess.run(["ssconvert", "-T", "Gnumeric_Excel:excel_biff8", lx, os.path.join(data, "literals.xls")],
                           check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            print("wrote", os.path.join(data, "literals.xls"))
        else:
            print("skipped biff5.xls: needs ssconvert (apt-get install gnumeric)")
        # password-protected: --convert-to cannot set a password, a Basic macro in a
        # throw-away LibreOffice profile can (storeToURL with a Password property)
        encrypted(sample, os.path.join(data, "encrypted.xls"), tmp)
        print("wrote", os.path.join(data, "encrypted.xls"))
        # truncated download: the first 7000 of the sample's bytes
        blob = open(sample, "rb").read()
        open(os.path.join(data, "truncated.xls"), "wb").write(blob[:7000])
        print("wrote", os.path.join(data, "truncated.xls"))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
