#!/usr/bin/env bash
# Parking units on disk (convert/core/spool.c, issue 6) changes nothing a user sees: every
# historical shape converted and historied with CHISO_SPOOL_UNITS=1 (every period parked
# as soon as another one gets a row) gives the same bytes, warnings and exit codes as in
# memory; duplicates in a period that was parked and got rows again are still warned.
set -u
. "$(dirname "$0")/lib.sh"
cd "$ROOT"
D=tests/data/shapes
run_both() {   # run_both EXT CMD... : $TMPD/mem.EXT and $TMPD/disk.EXT, stderr in .err
    local ext=$1; shift
    "$CHISO" "$@" -o "$TMPD/mem.$ext" >"$TMPD/mem.out" 2>"$TMPD/mem.err"; local a=$?
    CHISO_SPOOL_UNITS=1 "$CHISO" "$@" -o "$TMPD/disk.$ext" >"$TMPD/disk.out" 2>"$TMPD/disk.err"; local b=$?
    [ $a -eq $b ] || fail "exit $a in memory, $b parked: $*"
    sed -i "s|$TMPD/disk\.|$TMPD/mem.|g" "$TMPD/disk.err"
    cmp -s "$TMPD/mem.err" "$TMPD/disk.err" || { diff "$TMPD/mem.err" "$TMPD/disk.err" | head >&2; fail "stderr differs: $*"; }
    [ $a -ne 0 ] || cmp -s "$TMPD/mem.$ext" "$TMPD/disk.$ext" || fail "output differs when parked: $*"
}
for f in $D/long/long-2-huyen-12-tuan.csv $D/wide/diem-2024-theo-thang.xlsx $D/wide/thang-nam.csv \
         $D/wide/xu-huong.xlsx $D/wide/xu-huong-tinh.xlsx; do
    run_both json convert "$f"
    run_both csv convert "$f"
    run_both xlsx convert "$f"
    run_both json summary "$f" --format json
    run_both csv history "$f"
    run_both json history "$f"
    run_both xlsx history "$f"
    run_both json convert "$f" --scope "huyện Phú Tân, tỉnh An Giang"
    run_both json convert "$f" --previous $D/long/per-period/huyen-2024-t3-w1.csv
done
run_both csv history $D/long/long-2-huyen-12-tuan.csv $D/long/per-period

# The Phụ lục of many periods is written by two threads (xlsx_write.c): the same bytes as
# one thread, parked or not, run after run.
f=$D/long/long-2-huyen-12-tuan.csv
CHISO_THREADS=1 "$CHISO" -q convert "$f" -o "$TMPD/t1.xlsx" || fail "one thread"
for i in 1 2 3; do
    CHISO_THREADS=2 "$CHISO" -q convert "$f" -o "$TMPD/t2.xlsx" || fail "two threads"
    cmp -s "$TMPD/t1.xlsx" "$TMPD/t2.xlsx" || fail "two threads write other bytes than one"
    CHISO_THREADS=2 CHISO_SPOOL_UNITS=1 "$CHISO" -q convert "$f" -o "$TMPD/t2.xlsx" || fail "two threads, parked"
    cmp -s "$TMPD/t1.xlsx" "$TMPD/t2.xlsx" || fail "two threads on parked units write other bytes"
done

# Rows by unit, periods interleaved, one unit twice in a period it returns to after being
# parked: the duplicate is warned once, parked or not (the order of warnings may differ).
{
    echo "STT;Đơn vị;Kỳ báo cáo;Điểm tổng hợp"
    for u in "Phú Long" "Phú Hưng" "Phú Thạnh"; do
        for w in 1 2 3; do echo "1;Xã $u;Tuần $w - Tháng 3/2024;8$w,5"; done
    done
    echo "9;Xã Phú Long;Tuần 2 - Tháng 3/2024;70"
} > "$TMPD/interleaved.csv"
"$CHISO" convert "$TMPD/interleaved.csv" -o "$TMPD/mem.json" 2>"$TMPD/mem.err" || fail "interleaved in memory"
CHISO_SPOOL_UNITS=1 "$CHISO" convert "$TMPD/interleaved.csv" -o "$TMPD/disk.json" 2>"$TMPD/disk.err" || fail "interleaved parked"
cmp -s "$TMPD/mem.json" "$TMPD/disk.json" || fail "interleaved: JSON differs when parked"
sed -i "s|$TMPD/disk\.|$TMPD/mem.|g" "$TMPD/disk.err"
[ "$(grep -c duplicate_unit "$TMPD/mem.err")" = 1 ] || fail "interleaved: one duplicate warning expected in memory"
cmp -s <(sort "$TMPD/mem.err") <(sort "$TMPD/disk.err") || { diff "$TMPD/mem.err" "$TMPD/disk.err" >&2; fail "interleaved: warnings differ"; }
grep -q "row 11 is the same unit as in row 3 for the period Tuần 2 - Tháng 3/2024" "$TMPD/disk.err" || fail "duplicate message"
# No room for the spool: a clear message naming the folder and TMPDIR, exit 2, no output.
for out in x.xlsx x.json; do
    CHISO_SPOOL_UNITS=1 TMPDIR="$TMPD/no-such-folder" expect_exit 2 "$CHISO" convert $D/long/long-2-huyen-12-tuan.csv \
        -o "$TMPD/$out"
    grep -q "cannot create a temporary file in $TMPD/no-such-folder for a large input: .*TMPDIR" "$ERR" || fail "spool message"
    grep -q "out of memory" "$ERR" && fail "the spool's error reported as out of memory"
    [ ! -e "$TMPD/$out" ] || fail "a partial $out was left"
done
done_ok
