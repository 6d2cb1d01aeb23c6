#!/usr/bin/python3
"""Writes the committed seed corpus tests/fuzz/corpus/<harness>/ from the samples and
a few hand-picked strings (deterministic; rerun after changing it). The readers' own
harnesses (fuzz_xls, fuzz_xlsx, fuzz_html, fuzz_json) keep their seeds in their
own corpus directories, written by their owners."""
import csv, io, os, pathlib

ROOT = pathlib.Path(__file__).resolve().parent.parent
C = ROOT / "tests/fuzz/corpus"


def put(h, name, data):
    d = C / h
    d.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    (d / name).write_bytes(data)


samples = sorted((ROOT / "samples").glob("*.csv"))
for p in samples:
    b = p.read_bytes()
    put("fuzz_csv", p.name, b)
    put("fuzz_sniff", p.name, b)
    # Encoding harness: first byte picks the forced encoding (0 = none, 1 = utf-8, ...).
    put("fuzz_encoding", p.stem + ".utf8", b"\x01" + b[:2048])

small = [
    ("tab.tsv", "STT\tĐƠN VỊ\tĐIỂM TỔNG HỢP\n1\tPHÚ HÙNG\t89,21\n"),
    ("quoted.csv", 'a,"b ""q"" c","multi\nline"\r\n1,2,3\r\n'),
    ("pipe.txt", "STT|ĐƠN VỊ|TIẾN ĐỘ GIẢI QUYẾT (%)\n1|Xã Phú An|98,5\n"),
    ("mixed-eol.csv", "a,b\r\n1,2\n3,4\r5,6\n"),
    ("bracket.csv", "[1],x\n2,y\n"),
]
for name, text in small:
    put("fuzz_csv", name, text)
    put("fuzz_sniff", name, text)
put("fuzz_csv", "utf16.txt", "\ufeffSTT\tĐƠN VỊ\n1\tPHÚ HÙNG\n".encode("utf-16-le"))
put("fuzz_sniff", "utf16.txt", "\ufeffSTT\tĐƠN VỊ\n1\tPHÚ HÙNG\n".encode("utf-16-le"))
put("fuzz_sniff", "table.html", "<html><body><table><tr><td>STT</td><td>ĐƠN VỊ</td></tr>"
    "<tr><td>1</td><td>Phú An</td></tr></table></body></html>")
put("fuzz_sniff", "portal.json", '{"data":[{"departmentName":"Xã Phú An","departmentCode":"000.00.01.H01",'
    '"tienDo":98.5}]}')
put("fuzz_sniff", "cfbf.bin", bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 56)
put("fuzz_sniff", "zip.bin", b"PK\x03\x04" + b"\0" * 26)

# Legacy encodings of a Vietnamese line (bytes as such files hold them).
viet = "Xã Phú Hùng, tiến độ giải quyết 98,5%\n"
put("fuzz_encoding", "cp1258", bytes([0]) + viet.encode("cp1258", errors="replace"))
put("fuzz_encoding", "utf16le", bytes([0]) + b"\xff\xfe" + viet.encode("utf-16-le"))
put("fuzz_encoding", "utf16be", bytes([3]) + viet.encode("utf-16-be"))
put("fuzz_encoding", "tcvn3", bytes([5]) + "Phó Hïng, tiÕn ®é".encode("latin-1", errors="replace"))
put("fuzz_encoding", "vni", bytes([6]) + b"Xa\xf5 Phu\xf9 Hu\xf8ng")
put("fuzz_encoding", "viscii", bytes([7]) + b"Ph\xfa H\xf9ng")
put("fuzz_encoding", "bad-utf8", bytes([1]) + b"Ph\xc3 \xe1\xbb H\xff\xfe\xf8ng")

numbers = ["86.59", "78,7", "1.746", "1,746", "2.834", "-0.02", "+3", "\u22123,5", "\u20132", "(5)",
           "89,8%", "1\u00a0234", "1\u202f234,5", "N/A", "-", "x", "\u2014", "", "1e308", "-1e308",
           "NaN", "nan", "inf", "250", "-3", "0,000000000000000000001", "1.234.567,89", "12 %",
           "99999999999999999999999999", "0x1p3", "1e-400", "4.9e-324", "Tốt"]
for i, n in enumerate(numbers):
    put("fuzz_number", "n%02d" % i, n)

headings = [("", "STT"), ("", "ĐƠN VỊ"), ("ĐIỂM TỔNG HỢP", "THÁNG 5 -TUẦN 01"), ("ĐIỂM TỔNG HỢP", "XẾP LOẠI"),
            ("ĐIỂM TỔNG HỢP", "THÁNG 4"), ("ĐIỂM TỔNG HỢP", "ĐIỂM (TĂNG/GIẢM)"), ("", "CÔNG KHAI, MINH BẠCH (%)"),
            ("", "TIỀN ĐỘ GIẢI QUYẾT (%)"), ("DỊCH VỤ CÔNG TT", "DVCTT"), ("DỊCH VỤ CÔNG TT", "THANH TOÁN TT"),
            ("SỐ HÓA HỒ SƠ (80%)", "TÁI SỬ DỤNG (%)"), ("", "CHỨNG THỰC ĐT"),
            ("", "ĐIỂM\nTỔNG\nHỢP\n(TUẦN\n01/12)"), ("DỊCH VỤ TRỰC TUYẾN", "DVCTT\n(Chỉ tiêu\ntrên\n50%)"),
            ("", "CHỨNG\nTHỰC\nĐIỆN TỬ\n(Lũy kế)"), ("", "MA_COQUAN"), ("", "departmentName"), ("", "Kỳ báo cáo")]
for i, (g, s) in enumerate(headings):
    put("fuzz_heading", "h%02d" % i, (g + "\0" + s) if g else s)

names = ["PHÚ HÙNG", "Xã Phú An", "UBND xã Long Điền A", "Ủy ban nhân dân phường 1", "TT. Chợ Mới",
         "BÌNH\nPHƯỚC\nXUÂN", "  Hoà   Bình  ", "Thuỷ Tiên - tỉnh An Giang", "TOÀN HUYỆN", "Tổng cộng",
         "P. 3", "X.Tân Hòa", "LONG ĐIỀN A", "Mỹ Luông", "Thị trấn Chợ Vàm"]
for i, n in enumerate(names):
    put("fuzz_names", "u%02d" % i, n)
print("seeds written under", C)
