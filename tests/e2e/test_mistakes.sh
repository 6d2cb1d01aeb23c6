#!/usr/bin/env bash
# Mistakes office workers make (issue 16) that need more than one file: chiso's own Phụ lục
# given back, the wrong --previous (another district's, or the two files swapped), and
# `chiso convert FILE` typed at a terminal without -o. (Files of the wrong kind, in both
# languages: tests/bad/*.golden.)
set -u
. "$(dirname "$0")/lib.sh"
S="$ROOT/samples"

# 1. The Phụ lục chiso wrote, read back: its legend and its Tổng hợp sheet are no warnings.
expect_exit 0 "$CHISO" convert "$S/phu-tan-2024-t5-w1.csv" --previous "$S/phu-tan-2024-t4.csv" -o "$TMPD/pl.xlsx"
expect_exit 0 "$CHISO" convert "$TMPD/pl.xlsx" -o "$TMPD/back.json"
grep -q "warning" "$ERR" && fail "warnings reading chiso's own Phụ lục back"
"$PY" - "$TMPD/back.json" <<'PY' || fail "the Phụ lục read back lost units"
import json, sys
j = json.load(open(sys.argv[1], encoding="utf-8"))
assert len(j["units"]) >= 18, len(j["units"])
PY

# 2. Another district's report as --previous: refused, said plainly; --force compares anyway.
expect_exit 1 "$CHISO" convert "$S/phu-tan-2024-t5-w1.csv" --previous "$S/cho-moi-2023-t12-w1.csv" -o "$TMPD/x.xlsx"
grep -q "looks like another district's or commune's report" "$ERR" || fail "wrong district not said"
[ ! -e "$TMPD/x.xlsx" ] || fail "an output was written with the wrong --previous"
expect_exit 1 "$CHISO" --lang vi convert "$S/phu-tan-2024-t5-w1.csv" --previous "$S/cho-moi-2023-t12-w1.csv" -o "$TMPD/x.xlsx"
grep -q "báo cáo của huyện, xã khác" "$ERR" || fail "wrong district not said in Vietnamese"
expect_exit 0 "$CHISO" convert "$S/phu-tan-2024-t5-w1.csv" --previous "$S/cho-moi-2023-t12-w1.csv" --force -o "$TMPD/x.xlsx"

# 3. Current and previous swapped: refused unless --force.
expect_exit 1 "$CHISO" convert "$S/phu-tan-2024-t4.csv" --previous "$S/phu-tan-2024-t5-w1.csv" -o "$TMPD/y.xlsx"
grep -q "the two files look swapped" "$ERR" || fail "swapped files not said"
expect_exit 1 "$CHISO" summary "$S/phu-tan-2024-t4.csv" --previous "$S/phu-tan-2024-t5-w1.csv"
grep -q "the two files look swapped" "$ERR" || fail "summary: swapped files not said"
expect_exit 0 "$CHISO" convert "$S/phu-tan-2024-t4.csv" --previous "$S/phu-tan-2024-t5-w1.csv" --force -o "$TMPD/y.xlsx"

# 4. At a terminal without -o: no JSON on the screen; the Phụ lục goes beside the input.
if command -v script >/dev/null; then
    cp "$S/phu-tan-2024-t5-w1.csv" "$TMPD/bao-cao.csv"
    script -qec "'$CHISO' --lang vi convert '$TMPD/bao-cao.csv'" /dev/null > "$TMPD/screen" 2>&1
    [ -s "$TMPD/bao-cao-phu-luc.xlsx" ] || fail "no Phụ lục beside the input: $(cat "$TMPD/screen")"
    grep -q "đã ghi" "$TMPD/screen" || fail "the closing line is not said: $(cat "$TMPD/screen")"
    grep -q '"units"' "$TMPD/screen" && fail "JSON poured on the terminal"
    # Not a terminal: JSON on stdout as before (pipes and scripts rely on it).
    "$CHISO" convert "$TMPD/bao-cao.csv" 2>/dev/null | head -c 200 | grep -q '"schema"' || fail "stdout JSON when piped"
fi
done_ok
