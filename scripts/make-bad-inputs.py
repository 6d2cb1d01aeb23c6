#!/usr/bin/python3
"""Writes the bad and odd inputs of tests/bad/ (issue 7), deterministically.

    /usr/bin/python3 scripts/make-bad-inputs.py            # (re)write the committed inputs
    /usr/bin/python3 scripts/make-bad-inputs.py --big DIR   # the two large ones, into DIR (tests)

Only tests/bad/good.xls and good.xlsx are not made here: LibreOffice wrote them
once from samples/phu-tan-2024-t5-w1.csv (soffice --headless
--infilter=CSV:44,34,76,1 --convert-to xls, then xlsx; LibreOffice, unlike
openpyxl, writes a shared strings part); the broken workbooks are derived
from them byte by byte.
The 5 MB cell and the 100,000 columns are made at test time (--big) instead of
being committed. Uses the standard library and openpyxl (Debian's /usr/bin/python3).
"""
import io, os, pathlib, random, sys, zipfile

ROOT = pathlib.Path(__file__).resolve().parent.parent
BAD = ROOT / "tests/bad"
SAMPLE = (ROOT / "samples/phu-tan-2024-t5-w1.csv").read_text(encoding="utf-8")
LINES = SAMPLE.splitlines()
HEAD = LINES[:5]            # title, cutoff, blank, two header rows
TOTAL = LINES[5]            # TOÀN HUYỆN (row 6)
UNITS = LINES[6:]           # PHÚ HÙNG is row 7


def put(name, data):
    if isinstance(data, str):
        data = data.encode("utf-8")
    (BAD / name).write_bytes(data)


def csv_of(rows):
    return "\n".join(rows) + "\n"


def cells(line):
    return line.split(",")


def with_cell(line, col, value):
    c = cells(line)
    c[col] = value
    return ",".join(c)


def fixed_zip(entries, drop=()):
    """A zip with fixed timestamps and order (byte-identical on every run)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in entries:
            if name in drop:
                continue
            zi = zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            z.writestr(zi, data)
    return out.getvalue()


def xlsx_entries(build):
    import openpyxl, datetime
    wb = openpyxl.Workbook()
    build(wb)
    t = datetime.datetime(2024, 5, 6)
    wb.properties.created = wb.properties.modified = t
    buf = io.BytesIO()
    wb.save(buf)
    with zipfile.ZipFile(io.BytesIO(buf.getvalue())) as z:
        return [(n, z.read(n)) for n in z.namelist()]


def sample_sheet(wb):
    ws = wb.active
    ws.title = "Phụ lục"
    import csv
    for row in csv.reader(io.StringIO(SAMPLE)):
        ws.append([float(v) if v.replace(".", "", 1).replace("-", "", 1).isdigit() else v for v in row])


def many_sheets(wb):
    sample_sheet(wb)
    for i in range(2, 301):
        wb.create_sheet("Tuan %d" % i)["A1"] = i


def committed():
    # --- text files -------------------------------------------------------
    put("empty.csv", b"")
    put("bom-only.csv", b"\xef\xbb\xbf")
    put("whitespace-only.csv", " \r\n\t\n  \n")
    put("header-only.csv", csv_of(HEAD))
    put("title-only.csv", csv_of(HEAD[:2]))
    put("no-heading.csv", "mã,tên,giá trị\n1,Phú Hùng,89.21\n2,Phú Bình,89.12\n")
    put("duplicate-units.csv", csv_of(HEAD + [TOTAL] + UNITS[:3] + [UNITS[0]]))
    put("unit-twice-different.csv", csv_of(HEAD + [TOTAL] + UNITS[:3] + [with_cell(UNITS[0], 2, "75.5")]))
    # CÔNG KHAI, MINH BẠCH (%) is column G (index 6); TIỀN ĐỘ (%) is H (7).
    put("percent-250.csv", csv_of(HEAD + [TOTAL, with_cell(UNITS[0], 6, "250")] + UNITS[1:3]))
    put("percent-minus3.csv", csv_of(HEAD + [TOTAL, with_cell(UNITS[0], 7, "-3")] + UNITS[1:3]))
    put("huge-1e308.csv", csv_of(HEAD + [TOTAL, with_cell(UNITS[0], 2, "1e308")] + UNITS[1:3]))
    put("nan-text.csv", csv_of(HEAD + [TOTAL, with_cell(UNITS[0], 6, "NaN")] + UNITS[1:3]))
    eols = ["\r\n", "\n", "\r"]
    put("mixed-eol.csv", "".join(l + eols[i % 3] for i, l in enumerate(HEAD + [TOTAL] + UNITS)))
    put("nul-bytes.csv", csv_of(HEAD + [TOTAL, UNITS[0].replace("PHÚ HÙNG", "PHÚ \0HÙNG")] + UNITS[1:3]))
    put("invalid-utf8.csv", csv_of(HEAD + [TOTAL]).encode() +
        UNITS[0].encode().replace("PHÚ HÙNG".encode(), b"PH\xff H\xc3NG") + b"\n" + csv_of(UNITS[1:3]).encode())
    put("utf16-odd.txt", b"\xff\xfe" + "STT\tĐƠN VỊ\n".encode("utf-16-le") + b"\x41")
    put("ragged-rows.csv", csv_of(HEAD + [TOTAL, UNITS[0] + ",1,2,3,4,5"] + UNITS[1:3]))
    put("formula-names.csv", csv_of(HEAD + [TOTAL, UNITS[0].replace("PHÚ HÙNG", "=HYPERLINK(\"\"http://x\"\")"),
                                           UNITS[1].replace("PHÚ BÌNH", "@SUM(A1)")] + UNITS[2:4]))
    # Row accounting: a row with values but no name, and a note inside the table.
    put("skipped-rows.csv", csv_of(HEAD + [TOTAL] + UNITS[:2] + [",,88.1,TỐT,80,8.1,100,100,100,100,80,0,0",
                                                               "Ghi chú: số liệu tạm tính"] + UNITS[2:4]))
    # --- html and json ----------------------------------------------------
    html = "<html><head><meta charset=\"utf-8\"></head><body><p>Không có dữ liệu</p></body></html>\n"
    put("no-table.html", html)
    put("html-no-table.xls", html)        # HTML saved with an .xls name, as the portal does
    put("truncated.json", '{"data":[{"departmentName":"Xã Phú Hùng","tienDo":98.')
    put("json-no-data.json", '{"status":"ok","message":"Không có dữ liệu"}\n')
    # --- binary garbage and xls -------------------------------------------
    rnd = random.Random(766)
    put("garbage.xls", bytes(rnd.randrange(256) for _ in range(4096)))
    good = (BAD / "good.xls").read_bytes()
    put("truncated.xls", good[:3000])
    enc = bytearray(good)
    # Turn the WRITEACCESS record after the workbook BOF into a FILEPASS (RC4) record:
    # to every reader that is a password-protected workbook.
    bof = enc.find(b"\x09\x08\x10\x00\x00\x06\x05\x00")
    k = bof + 20
    while enc[k] | enc[k + 1] << 8 != 0x5C:
        k += 4 + (enc[k + 2] | enc[k + 3] << 8)
    ln = enc[k + 2] | enc[k + 3] << 8
    enc[k:k + 2] = b"\x2f\x00"
    enc[k + 4:k + 6] = b"\x01\x00"
    enc[k + 6:k + 4 + ln] = bytes((x * 37 + 11) & 255 for x in range(ln - 2))
    put("encrypted.xls", bytes(enc))
    # --- xlsx and zip -----------------------------------------------------
    with zipfile.ZipFile(BAD / "good.xlsx") as z:
        entries = [(n, z.read(n)) for n in z.namelist()]
    good_xlsx = fixed_zip(entries)
    put("truncated.xlsx", good_xlsx[: len(good_xlsx) // 2])
    eocd = good_xlsx.rfind(b"PK\x05\x06")
    put("no-central-dir.xlsx", good_xlsx[:eocd])
    put("no-sharedstrings.xlsx", fixed_zip(entries, drop=("xl/sharedStrings.xml",)))
    put("not-a-workbook.zip", fixed_zip([("doc/readme.txt", "Phụ lục\n"), ("data.csv", SAMPLE)]))
    put("truncated.zip", fixed_zip([("doc/readme.txt", "Phụ lục\n"), ("data.csv", SAMPLE)])[:120])
    # Zip bomb: the sheet's sizes in both headers claim 3.75 GB uncompressed (> CX_MAX_UNZIPPED).
    bomb = bytearray(good_xlsx)
    name = b"xl/worksheets/sheet1.xml"
    for sig, off in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        i = 0
        while True:
            i = bomb.find(sig, i)
            if i < 0:
                break
            nlen_off = 26 if sig == b"PK\x03\x04" else 28
            hdr = 30 if sig == b"PK\x03\x04" else 46
            nl = bomb[i + nlen_off] | bomb[i + nlen_off + 1] << 8
            if bytes(bomb[i + hdr:i + hdr + nl]) == name:
                bomb[i + off:i + off + 4] = (0xF0000000).to_bytes(4, "little")
            i += 4
    put("zip-bomb.xlsx", bytes(bomb))
    put("too-many-sheets.xlsx", fixed_zip(xlsx_entries(many_sheets)))
    mistakes()


def png_1x1():
    import struct, zlib
    def chunk(t, d):
        return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xFFFFFFFF)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)) +
            chunk(b"IDAT", zlib.compress(b"\0\xff\xff\xff")) + chunk(b"IEND", b""))


def cfb_with(names):
    """The start of a compound file (as Word and PowerPoint write) whose directory names `names`."""
    hdr = bytearray(512)
    hdr[0:8] = bytes([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1])
    hdr[0x1A:0x1C] = (3).to_bytes(2, "little")
    hdr[0x1C:0x1E] = (0xFFFE).to_bytes(2, "little")
    hdr[0x1E:0x20] = (9).to_bytes(2, "little")
    hdr[0x20:0x22] = (6).to_bytes(2, "little")
    d = bytearray()
    for n in ["Root Entry"] + names:
        e = bytearray(128)
        w = n.encode("utf-16-le") + b"\0\0"
        e[0:len(w)] = w
        e[64:66] = len(w).to_bytes(2, "little")
        e[66] = 5 if n == "Root Entry" else 2
        d += e
    return bytes(hdr) + bytes(d) + bytes(512 - len(d) % 512)


def mistakes():
    """Files office workers attach by mistake (issue 16): each must be told for what it is."""
    put("bao-cao.pdf", "%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
        "2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")
    put("anh-chup.png", png_1x1())
    put("anh-chup.jpg", bytes([0xFF, 0xD8, 0xFF, 0xE0, 0, 16]) + b"JFIF\0\1\1\0\0\1\0\1\0\0" + bytes(64) + b"\xff\xd9")
    put("anh-chup.heic", (24).to_bytes(4, "big") + b"ftypheic" + b"\0\0\0\0mif1heic" + bytes(40))
    put("bao-cao.doc", cfb_with(["WordDocument", "1Table", "\x05SummaryInformation"]))
    put("trinh-chieu.ppt", cfb_with(["PowerPoint Document", "Current User"]))
    put("bao-cao.docx", fixed_zip([("[Content_Types].xml", "<Types/>"), ("word/document.xml", "<w:document/>")]))
    put("trinh-chieu.pptx", fixed_zip([("[Content_Types].xml", "<Types/>"), ("ppt/presentation.xml", "<p:presentation/>")]))
    def other_sheets(wb):
        ws = wb.active
        ws.title = "Danh sách cán bộ"
        for r in (["STT", "Họ và tên", "Chức vụ"], [1, "Nguyễn Văn A", "Công chức"], [2, "Trần Thị B", "Văn thư"]):
            ws.append(r)
        ws2 = wb.create_sheet("Lịch trực")
        for r in (["Ngày", "Người trực"], ["06/05/2024", "Nguyễn Văn A"]):
            ws2.append(r)
    put("bang-tinh-khac.xlsx", fixed_zip(xlsx_entries(other_sheets)))
    put("nhieu-tep.zip", fixed_zip([("tuan-01.xlsx", b"PK"), ("tuan-02.xlsx", b"PK"), ("ghi-chu.txt", "Phụ lục\n")]))


def big(outdir):
    outdir = pathlib.Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    # One 5 MB cell in the name column of the first unit.
    cell = "PHÚ HÙNG " + "x" * (5 * 1024 * 1024)
    (outdir / "big-cell.csv").write_text(csv_of(HEAD + [TOTAL, UNITS[0].replace("PHÚ HÙNG", cell)] + UNITS[1:3]),
                                         encoding="utf-8")
    # 100,000 columns in the header row.
    wide = ",".join(["STT", "ĐƠN VỊ"] + ["C%d" % i for i in range(99998)])
    (outdir / "wide-100k-columns.csv").write_text(csv_of([wide, "1,PHÚ HÙNG" + ",1" * 99998]), encoding="utf-8")


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--big":
        big(sys.argv[2])
    else:
        committed()
        print("wrote", BAD)
