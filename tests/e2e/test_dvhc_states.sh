#!/usr/bin/env bash
# The national list over time (convert/dvhc/units-2019-2025.csv): a report is matched against the
# list as it was at its date. Reference 003's February 2024 appendix of Khoái Châu (Hưng Yên),
# tests/data/khoai-chau-2024-02.csv, has 25 units; 8 of them were merged or renamed in late 2024.
set -u
. "$(dirname "$0")/lib.sh"
KC="$ROOT/tests/data/khoai-chau-2024-02.csv"
LIST="$ROOT/convert/dvhc/units-2019-2025.csv"
CHECK="$ROOT/tests/e2e/dvhc_states.py"

# the period in the title (tháng 2/2024) is the date: all 25 matched, each with the code the list
# of 2024-02-01 gives it (Đồng Tiến 12241, Hồng Tiến 12244, Bình Kiều 12235 ...)
expect_exit 0 "$CHISO" convert "$KC" --scope "Khoái Châu, Hưng Yên" -o "$TMPD/kc.json"
$PY "$CHECK" "$TMPD/kc.json" "$LIST" 330 2024-02-01 || fail "Feb 2024 codes"
grep -q "unmatched_unit" "$ERR" && fail "unmatched units in Feb 2024"
grep -q "'An Vỹ' .* at 2024-02-01; taken as 'Xã An Vĩ'" "$ERR" || fail "near match names the state"
# a cutoff says the date as well; the other appendix (Phụ lục 1) too
expect_exit 0 "$CHISO" convert "$KC" --scope "Khoái Châu, Hưng Yên" --period "Tháng 2" --cutoff 2024-03-05 -o "$TMPD/kc-cut.json"
$PY "$CHECK" "$TMPD/kc-cut.json" "$LIST" 330 2024-03-05 || fail "cutoff 2024-03-05"
expect_exit 0 "$CHISO" convert "$ROOT/tests/data/khoai-chau-2024-02-pl1.csv" --scope "Khoái Châu, Hưng Yên" -o "$TMPD/pl1.json"
$PY "$CHECK" "$TMPD/pl1.json" "$LIST" 330 2024-02-01 || fail "Phụ lục 1"

# a date in 2025: the list of 2025-03-01; the units gone since are found in earlier states, with
# a warning each; Hồng Tiến's code is Đồng Tiến's by then, so Hồng Tiến stays unmatched
expect_exit 0 "$CHISO" convert "$KC" --scope "Khoái Châu, Hưng Yên" --cutoff 2025-03-10 -o "$TMPD/kc25.json"
$PY "$CHECK" "$TMPD/kc25.json" "$LIST" 330 2025-03-10 --unmatched 1 || fail "March 2025"
[ "$(grep -c unit_other_state "$ERR")" -eq 7 ] || fail "7 unit_other_state warnings expected"

# a report dated after 1 July 2025 is of the new list: no unit of the earlier states is taken
expect_exit 0 "$CHISO" convert "$KC" --scope "Khoái Châu, Hưng Yên" --cutoff 2025-10-01 -o "$TMPD/kc-new.json"
grep -q unit_other_state "$ERR" && fail "old units taken for a report of October 2025"
grep -q "'Bình Kiều' is not in the national list of .* the last before the 1 July 2025" "$ERR" || fail "after-2025 message"

# --to-2025 follows the units through the later states to 1 July 2025
expect_exit 0 "$CHISO" convert "$KC" --scope "Khoái Châu, Hưng Yên" --to-2025 -o "$TMPD/kc-2025.json"
$PY - "$TMPD/kc-2025.json" <<'PYEOF' || fail "--to-2025"
import json, sys
u = {x["name"]: x for x in json.load(open(sys.argv[1], encoding="utf-8"))["units"]}
assert [n["code"] for n in u["Dạ Trạch"]["new_units"]] == ["12223"], u["Dạ Trạch"]      # renamed in 2025, same code
assert [n["code"] for n in u["Đồng Tiến"]["new_units"]] == ["12238"], u["Đồng Tiến"]    # merged into 12244, which took its name
assert [n["code"] for n in u["Hồng Tiến"]["new_units"]] == ["12238"], u["Hồng Tiến"]
assert not u["Bình Kiều"].get("new_units"), u["Bình Kiều"]                              # merged, the list does not say where
PYEOF
grep -q "'Đồng Tiến' (code 12241) was merged .* into 'Xã Đồng Tiến' (code 12244)" "$ERR" || fail "unit_followed"
grep -q "'Bình Kiều' (code 12235) was merged into another unit of Huyện Khoái Châu" "$ERR" || fail "no_2025_unit for Bình Kiều"

# chiso units --at: the list as it was then
expect_exit 0 "$CHISO" units --at 2024-02-01 huyện Khoái Châu
[ "$(wc -l < "$OUT")" -eq 26 ] || fail "huyện Khoái Châu at 2024-02-01: $(wc -l < "$OUT") lines"
grep -q "Xã Bình Kiều .*12235 .*không còn sau 2024-11-01" "$OUT" || fail "Bình Kiều at 2024-02-01: $(cat "$OUT")"
grep -q "Xã Đồng Tiến .*12241 .*12244 Xã Đồng Tiến.*12238 Xã Việt Tiến" "$OUT" || fail "Đồng Tiến at 2024-02-01"
expect_exit 0 "$CHISO" units huyện Khoái Châu
[ "$(wc -l < "$OUT")" -eq 21 ] || fail "huyện Khoái Châu now: $(wc -l < "$OUT") lines"
expect_exit 0 "$CHISO" units --at 2024-02-01 Phạm Hồng Thái, Khoái Châu
[ ! -s "$OUT" ] || fail "Phạm Hồng Thái existed in 2024: $(cat "$OUT")"
grep -q "at 2024-02-01 matches" "$ERR" || fail "no-match message with the date"
expect_exit 1 "$CHISO" units --at 2024-02-30x Đồng Tiến
done_ok
