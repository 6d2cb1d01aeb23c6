#!/usr/bin/python3
"""Writes the hostile inputs of issue 15 into a folder, deterministically (nothing large is
committed: tests/e2e/test_hostile_inputs.sh makes the small versions, tests/hostile/run.sh
(`make test-hostile`) the full-size ones).

    /usr/bin/python3 scripts/make-hostile.py quick DIR
    /usr/bin/python3 scripts/make-hostile.py full DIR

Each case is a small file that used to cost gigabytes or minutes; the full versions are the
sizes of the issue (a 4 KB xlsx whose one 1 MiB shared string fills a row of 20,000 cells,
20 M nested elements in <is>, 256 sheets on one part, HTML colspans to column 4095 in
40,000 rows, 100 MB of JSON, 199k numFmt x 199k xf, 199k Excel 2003 style ids, 50 M <si/>).
"""
import io, pathlib, sys, zipfile, struct

ROOT = pathlib.Path(__file__).resolve().parent.parent
SAMPLE = (ROOT / "samples/phu-tan-2024-t5-w1.csv").read_text(encoding="utf-8")

NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ' \
     'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def xlsx(path, sheets, sst=None, styles=None, extra=(), sheet_targets=None):
    """sheets: list of (name, xml bytes); sheet_targets: the part each sheet points at."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        def put(name, data):
            zi = zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(zi, data)
        put("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
        targets = sheet_targets or ["worksheets/sheet%d.xml" % (i + 1) for i in range(len(sheets))]
        wb = ['<?xml version="1.0"?><workbook %s><sheets>' % NS]
        rels = ['<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">']
        for i, (name, _) in enumerate(sheets):
            wb.append('<sheet name="%s" sheetId="%d" r:id="rId%d"/>' % (name, i + 1, i + 1))
            rels.append('<Relationship Id="rId%d" Type="%s/worksheet" Target="%s"/>' % (i + 1, RT, targets[i]))
        if sst is not None:
            rels.append('<Relationship Id="rSst" Type="%s/sharedStrings" Target="sharedStrings.xml"/>' % RT)
        if styles is not None:
            rels.append('<Relationship Id="rSty" Type="%s/styles" Target="styles.xml"/>' % RT)
        wb.append("</sheets></workbook>")
        rels.append("</Relationships>")
        put("xl/workbook.xml", "".join(wb))
        put("xl/_rels/workbook.xml.rels", "".join(rels))
        written = set()
        for i, (_, data) in enumerate(sheets):
            t = "xl/" + targets[i]
            if t in written:
                continue
            written.add(t)
            put(t, data)
        if sst is not None:
            put("xl/sharedStrings.xml", sst)
        if styles is not None:
            put("xl/styles.xml", styles)
        for name, data in extra:
            put(name, data)


def sheet_xml(rows_xml):
    return ('<?xml version="1.0"?><worksheet %s><sheetData>' % NS + rows_xml + "</sheetData></worksheet>").encode()


def sample_sheet():
    """The sample CSV as inline strings and numbers."""
    out = []
    for r, line in enumerate(SAMPLE.splitlines()):
        cells = []
        for c, v in enumerate(line.split(",")):
            if not v:
                continue
            ref = "%s%d" % (chr(65 + c), r + 1)
            try:
                float(v)
                cells.append('<c r="%s"><v>%s</v></c>' % (ref, v))
            except ValueError:
                v = v.replace("&", "&amp;").replace("<", "&lt;")
                cells.append('<c r="%s" t="inlineStr"><is><t>%s</t></is></c>' % (ref, v))
        out.append('<row r="%d">%s</row>' % (r + 1, "".join(cells)))
    return sheet_xml("".join(out))


def sst_row(d, cells):
    big = "A" * (1 << 20)
    sst = '<?xml version="1.0"?><sst %s count="1" uniqueCount="1"><si><t>%s</t></si></sst>' % (NS, big)
    row = '<row r="1">' + '<c t="s"><v>0</v></c>' * cells + "</row>"
    xlsx(d / "sst-row.xlsx", [("S", sheet_xml(row))], sst=sst)


def nested_is(d, depth):
    row = '<row r="1"><c r="A1" t="inlineStr"><is>' + "<r>" * depth + "<t>x</t>" + "</r>" * depth + "</is></c></row>"
    xlsx(d / "nested-is.xlsx", [("S", sheet_xml(row))])


def same_part(d, nsheets, rows):
    body = "".join('<row r="%d"><c r="A%d" t="inlineStr"><is><t>x%d</t></is></c><c r="B%d"><v>%d</v></c></row>'
                   % (r, r, r, r, r) for r in range(1, rows + 1))
    sheets = [("S%d" % i, sheet_xml(body)) for i in range(nsheets)]
    xlsx(d / "same-part.xlsx", sheets, sheet_targets=["worksheets/sheet1.xml"] * nsheets)


def dup_entry(d):
    buf = io.BytesIO()
    xlsx(buf, [("S", sample_sheet())])
    # append a second entry of the same name (zipfile warns, and writes it)
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with zipfile.ZipFile(buf, "a", zipfile.ZIP_DEFLATED) as z:
            zi = zipfile.ZipInfo("xl/worksheets/sheet1.xml", (1980, 1, 1, 0, 0, 0))
            z.writestr(zi, sheet_xml('<row r="1"><c r="A1"><v>666</v></c></row>'))
    (d / "dup-entry.xlsx").write_bytes(buf.getvalue())


def styles_quadratic(d, n):
    fmts = "".join('<numFmt numFmtId="%d" formatCode="0.%s%%"/>' % (164 + i, "0" * (i % 5)) for i in range(n))
    xfs = "".join('<xf numFmtId="%d"/>' % (164 + (n - 1 - i)) for i in range(n))
    styles = ('<?xml version="1.0"?><styleSheet %s><numFmts count="%d">%s</numFmts><cellXfs count="%d">%s</cellXfs></styleSheet>'
              % (NS, n, fmts, n, xfs))
    xlsx(d / "styles-quadratic.xlsx", [("S", sample_sheet())], styles=styles)


def ssml_styles(d, n):
    styles = "".join('<Style ss:ID="s%d"><NumberFormat ss:Format="0.0"/></Style>' % i for i in range(n))
    rows = "".join('<Row><Cell ss:StyleID="s%d"><Data ss:Type="Number">%d</Data></Cell></Row>' % (n - 1 - (i % n), i)
                   for i in range(min(n, 50000)))
    doc = ('<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" '
           'xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet"><Styles>%s</Styles>'
           '<Worksheet ss:Name="S"><Table>%s</Table></Worksheet></Workbook>' % (styles, rows))
    (d / "ssml-styles.xml").write_text(doc)


def many_si(d, n):
    sst = '<?xml version="1.0"?><sst %s>' % NS + "<si/>" * n + "</sst>"
    xlsx(d / "many-si.xlsx", [("S", sample_sheet())], sst=sst)


def html_colspan(d, rows):
    parts = ["<html><body>"]
    for r in range(rows):
        parts.append("<table><tr>" + '<td colspan="1000">a</td>' * 4 + "<td>%d</td></tr></table>\n" % r)
    parts.append("</body></html>")
    (d / "colspan.html").write_text("".join(parts))


def big_json(d, mb):
    one = '{"a":1,"b":[1,2,3],"c":{"d":"x"}},'
    n = mb * (1 << 20) // len(one)
    (d / "big.json").write_text('{"data":[' + one * n + '{"a":0}]}')


def junk_line_csv(d):
    """A UTF-8 report with one line of junk bytes: still UTF-8, the line warned."""
    lines = SAMPLE.encode("utf-8").splitlines()
    junk = bytes(range(0x80, 0x100)) * 2
    lines.insert(8, junk)
    (d / "junk-line.csv").write_bytes(b"\n".join(lines) + b"\n")


def tcvn3_meta(d):
    rows = [l.split(",") for l in SAMPLE.splitlines()]
    body = "".join("<tr>" + "".join("<td>%s</td>" % c for c in r) + "</tr>" for r in rows)
    html = '<html><head><meta charset="tcvn3"></head><body><table>%s</table></body></html>' % body
    (d / "tcvn3-meta.html").write_bytes(html.encode("utf-8"))


def underflow_csv(d):
    lines = SAMPLE.splitlines()
    cells = lines[6].split(",")
    for i in range(len(cells) - 1, 0, -1):
        try:
            float(cells[i]); cells[i] = "1e-400"; break
        except ValueError:
            pass
    lines[6] = ",".join(cells)
    (d / "underflow.csv").write_text("\n".join(lines) + "\n")


def xls_same_offset(d, n):
    """An .xls whose n BOUNDSHEETs all point at the one worksheet substream."""
    def rec(t, data=b""):
        return struct.pack("<HH", t, len(data)) + data
    bof_wb = rec(0x0809, struct.pack("<HHHHII", 0x0600, 0x0005, 0, 0, 0, 0))
    bof_ws = rec(0x0809, struct.pack("<HHHHII", 0x0600, 0x0010, 0, 0, 0, 0))
    eof = rec(0x000A)
    def bs(off, i):
        name = ("S%d" % i).encode()
        return rec(0x0085, struct.pack("<IBB", off, 0, 0) + struct.pack("<BB", len(name), 0) + name)
    cells = b""
    for r in range(200):
        cells += rec(0x0203, struct.pack("<HHHd", r, 0, 0, float(r)))   # NUMBER
        cells += rec(0x0203, struct.pack("<HHHd", r, 1, 0, float(r * 2)))
    ws = bof_ws + cells + eof
    head_len = len(bof_wb) + sum(len(bs(0, i)) for i in range(n)) + len(eof)
    globals_ = bof_wb + b"".join(bs(head_len, i) for i in range(n)) + eof
    stream = globals_ + ws
    (d / "raw-same-offset.biff").write_bytes(stream)
    (d / "same-offset.xls").write_bytes(cfb(stream))


def cfb(stream):
    """A minimal compound file holding one 'Workbook' stream (regular sectors only)."""
    SEC = 512
    stream = stream + b"\0" * ((-len(stream)) % SEC)
    if len(stream) < 4096:
        stream += b"\0" * (4096 - len(stream))
    nst = len(stream) // SEC
    # sectors: 0 = FAT, 1 = directory, 2.. = stream
    nfat_entries = 2 + nst
    fat = [0xFFFFFFFD, 0xFFFFFFFE]
    for i in range(nst):
        fat.append(2 + i + 1 if i + 1 < nst else 0xFFFFFFFE)
    assert nfat_entries <= SEC // 4
    fat += [0xFFFFFFFF] * (SEC // 4 - len(fat))
    fatsec = struct.pack("<%dI" % (SEC // 4), *fat)
    def dirent(name, typ, start, size, child=0xFFFFFFFF):
        n = name.encode("utf-16-le") + b"\0\0"
        e = n + b"\0" * (64 - len(n))
        e += struct.pack("<HBB", len(n), typ, 1)
        e += struct.pack("<III", 0xFFFFFFFF, 0xFFFFFFFF, child)
        e += b"\0" * 16 + struct.pack("<I", 0) + b"\0" * 16
        e += struct.pack("<IQ", start, size)
        return e
    root = dirent("Root Entry", 5, 0xFFFFFFFE, 0, child=1)
    wbk = dirent("Workbook", 2, 2, len(stream))
    empty = b"\0" * 128
    dirsec = root + wbk + empty + empty
    hdr = bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 16
    hdr += struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + b"\0" * 6
    hdr += struct.pack("<IIIIIIIII", 0, 1, 1, 0, 0x1000, 0xFFFFFFFE, 0, 0xFFFFFFFE, 0)
    difat = [0] + [0xFFFFFFFF] * 108
    hdr += struct.pack("<109I", *difat)
    return hdr + fatsec + dirsec + stream


def main():
    mode, out = sys.argv[1], pathlib.Path(sys.argv[2])
    out.mkdir(parents=True, exist_ok=True)
    full = mode == "full"
    sst_row(out, 20000)
    nested_is(out, 20_000_000 if full else 100_000)
    same_part(out, 256, 200_000 if full else 50)
    dup_entry(out)
    styles_quadratic(out, 199_000 if full else 2_000)
    ssml_styles(out, 199_000 if full else 2_000)
    many_si(out, 50_000_000 if full else 10_000)
    html_colspan(out, 40_000 if full else 50)
    big_json(out, 100 if full else 1)
    junk_line_csv(out)
    tcvn3_meta(out)
    underflow_csv(out)
    xls_same_offset(out, 256)


if __name__ == "__main__":
    main()
