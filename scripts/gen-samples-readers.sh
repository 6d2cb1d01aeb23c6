#!/usr/bin/env bash
# Regenerates the reader samples of issue 3 (committed; tests never run this).
# Needs Debian's openpyxl (/usr/bin/python3), iconv and LibreOffice (soffice).
#   bash scripts/gen-samples-readers.sh [samples]
set -euo pipefail
OUT=${1:-samples}
HERE="$(cd "$(dirname "$0")" && pwd)"
/usr/bin/python3 "$HERE/gen-samples-readers.py" "$OUT"

# Excel's "Unicode text": UTF-16LE with a BOM, tab-separated, CRLF.
{ printf '\xff\xfe'; iconv -f UTF-8 -t UTF-16LE "$OUT/phu-tan-2024-t5-w1.utf16.tsv8"; } \
    > "$OUT/phu-tan-2024-t5-w1.utf16.txt"
rm -f "$OUT/phu-tan-2024-t5-w1.utf16.txt.tmp" "$OUT/phu-tan-2024-t5-w1.utf16.tsv8"

# Reference 003's workbook goes once through LibreOffice Calc, so the sample has the
# shape of a file an office application saved (shared strings, its own styles part),
# not only openpyxl's.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp "$OUT/khoai-chau-2024-t2.xlsx" "$tmp/in.xlsx"
soffice --headless -env:UserInstallation=file://$tmp/profile \
    --convert-to 'xlsx:Calc MS Excel 2007 XML' --outdir "$tmp/out" "$tmp/in.xlsx" >/dev/null 2>&1
cp "$tmp/out/in.xlsx" "$OUT/khoai-chau-2024-t2.xlsx"
