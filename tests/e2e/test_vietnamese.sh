#!/usr/bin/env bash
# Vietnamese text end to end: the reference 001 appendix in UTF-8, Windows-1258 (decomposed
# marks), TCVN3, VNI and UTF-16 gives the same units and keys; in scope Phú Tân every unit
# matches the national list with its kind and code; `chiso units` looks units up.
set -u
. "$(dirname "$0")/lib.sh"
S="$ROOT/samples/phu-tan-2024-t5-w1"
CHECK="$ROOT/tests/e2e/vietnamese_units.py"

# chiso units: tolerant of case and marks, places after commas, codes; nothing found is exit 0
expect_exit 0 "$CHISO" units "phu hung, an giang"
grep -q "Xã Phú Hưng .*Huyện Phú Tân .*Tỉnh An Giang .*30451 .*30406 Xã Phú Tân (toàn bộ)" "$OUT" || fail "units: $(cat "$OUT")"
expect_exit 0 "$CHISO" units Chợ Vàm
grep -q "Thị trấn Chợ Vàm .*thi_tran" "$OUT" || fail "units Chợ Vàm: $(cat "$OUT")"
expect_exit 0 "$CHISO" units "huyện Khoái Châu"
grep -q "Xã An Vĩ" "$OUT" || fail "units huyện Khoái Châu: $(cat "$OUT")"
[ "$(wc -l < "$OUT")" -eq 21 ] || fail "huyện Khoái Châu: $(wc -l < "$OUT") lines"
expect_exit 0 "$CHISO" units không có xã này
[ ! -s "$OUT" ] || fail "no match printed something"
grep -q "no unit of the national list matches" "$ERR" || fail "no-match message: $(cat "$ERR")"

# Five encodings, detected, the same units and keys
for e in "" -cp1258 -tcvn3 -vni -utf16; do
    expect_exit 0 "$CHISO" convert "$S$e.csv" --scope "Phú Tân, An Giang" --to-2025 -o "$TMPD/pt$e.json"
done
$PY "$CHECK" "$TMPD/pt.json" "$TMPD/pt-cp1258.json" "$TMPD/pt-tcvn3.json" "$TMPD/pt-vni.json" "$TMPD/pt-utf16.json" --codes --values \
    || fail "encodings or matching"
for pair in "-cp1258 cp1258" "-tcvn3 tcvn3" "-vni vni" "-utf16 utf-16le"; do
    set -- $pair
    grep -q "\"encoding\": \"$2\"" "$TMPD/pt$1.json" || fail "sources[].encoding of $1 is not $2"
done

# --encoding overrides detection; an unknown name is a usage error
expect_exit 0 "$CHISO" convert "$S-tcvn3.csv" --encoding abc --scope "Phú Tân, An Giang" --to-2025 -o "$TMPD/abc.json"
$PY "$CHECK" "$TMPD/pt.json" "$TMPD/abc.json" || fail "--encoding abc"
expect_exit 1 "$CHISO" convert "$S-tcvn3.csv" --encoding klingon -o "$TMPD/k.json"
[ ! -e "$TMPD/k.json" ] || fail "output written with an unknown encoding"

# "huyện Phú Tân" alone: Phú Tân is also in Cà Mau; the units decide, with a warning
expect_exit 0 "$CHISO" convert "$S.csv" --scope "huyện Phú Tân" --to-2025 -o "$TMPD/dist.json"
grep -q "scope_ambiguous" "$ERR" || fail "no scope_ambiguous warning: $(cat "$ERR")"
$PY "$CHECK" "$TMPD/dist.json" --codes || fail "scope from the district alone"

# The xls files whose cells are TCVN3 (.VnTime) or VNI font-encoded
expect_exit 0 "$CHISO" convert "$S-tcvn3-font.xls" --scope "Phú Tân, An Giang" --to-2025 -o "$TMPD/font.json"
grep -q "read as tcvn3" "$ERR" || fail "no font_encoding warning: $(cat "$ERR")"
$PY "$CHECK" "$TMPD/pt.json" "$TMPD/font.json" --values || fail "TCVN3 font-encoded xls"
expect_exit 0 "$CHISO" convert "$S-vni-font.xls" --scope "Phú Tân, An Giang" --to-2025 -o "$TMPD/vfont.json"
grep -q "read as vni" "$ERR" || fail "no font_encoding warning for VNI: $(cat "$ERR")"
$PY "$CHECK" "$TMPD/pt.json" "$TMPD/vfont.json" --values || fail "VNI font-encoded xls"
done_ok
