#!/usr/bin/env bash
# Deterministic output (issue 7): the same input gives a byte-identical xlsx (and JSON,
# CSV), whatever the time of day; SOURCE_DATE_EPOCH sets the document timestamps.
set -u
. "$(dirname "$0")/lib.sh"
# Two runs, no sleep: a clock read would show only when two runs straddle a second, so
# the clock is ruled out below by checking every xlsx writer's creation date against the
# one rule (write_util.h, cx_xlsx_created).
for s in "$ROOT"/samples/*.csv; do
    b=$(basename "$s")
    for ext in xlsx json csv; do
        expect_exit 0 "$CHISO" convert "$s" -o "$TMPD/a.$ext"
        expect_exit 0 "$CHISO" convert "$s" -o "$TMPD/b.$ext"
        cmp -s "$TMPD/a.$ext" "$TMPD/b.$ext" || fail "$b -> .$ext differs between two runs"
    done
done
for ext in xlsx json csv; do
    expect_exit 0 "$CHISO" history "$ROOT"/tests/data/history/*.csv -o "$TMPD/ha.$ext"
    expect_exit 0 "$CHISO" history "$ROOT"/tests/data/history/*.csv -o "$TMPD/hb.$ext"
    cmp -s "$TMPD/ha.$ext" "$TMPD/hb.$ext" || fail "history -> .$ext differs between two runs"
done

# created FILE DATE: the workbook's docProps/core.xml says it was created (and modified)
# at DATE (YYYY-MM-DDTHH:MM:SS): the rule's value, never the time of the run.
created() {
    "$PY" - "$1" "$2" <<'PYEOF' || fail "$1: creation date is not $2 (one rule for every xlsx writer)"
import sys, zipfile, re
core = zipfile.ZipFile(sys.argv[1]).read("docProps/core.xml").decode()
for tag in ("created", "modified"):
    m = re.search(r"<dcterms:%s[^>]*>([^<]*)<" % tag, core)
    assert m and m.group(1) == sys.argv[2] + "Z", (tag, core)
PYEOF
}
# The Phụ lục (with its Tổng hợp sheets): the cutoff date, else 2022-06-23 (Decision 766).
expect_exit 0 "$CHISO" convert "$ROOT/samples/phu-tan-2024-t5-w1.csv" -o "$TMPD/c1.xlsx"
created "$TMPD/c1.xlsx" 2024-05-06T00:00:00
expect_exit 0 "$CHISO" convert "$ROOT/samples/khoai-chau-2024-t2.xlsx" -o "$TMPD/c2.xlsx"
created "$TMPD/c2.xlsx" 2022-06-23T00:00:00
expect_exit 0 "$CHISO" convert "$ROOT/samples/phu-tan-2024-t4.csv" "$ROOT/samples/cho-moi-2023-t12-w1.csv" -o "$TMPD/c3.xlsx"
created "$TMPD/c3.xlsx" 2024-04-29T00:00:00
# The history workbook: the first cutoff in time order, else 2022-06-23.
expect_exit 0 "$CHISO" history "$ROOT"/tests/data/history/*.csv -o "$TMPD/h1.xlsx"
created "$TMPD/h1.xlsx" 2024-05-06T00:00:00
expect_exit 0 "$CHISO" history "$ROOT/tests/data/shapes/long/long-2-huyen-12-tuan.csv" -o "$TMPD/h2.xlsx"
created "$TMPD/h2.xlsx" 2022-06-23T00:00:00
# SOURCE_DATE_EPOCH (2023-11-14 22:13:20 UTC here) wins for every writer.
SOURCE_DATE_EPOCH=1700000000 expect_exit 0 "$CHISO" convert "$ROOT/samples/phu-tan-2024-t5-w1.csv" -o "$TMPD/s1.xlsx"
created "$TMPD/s1.xlsx" 2023-11-14T22:13:20
SOURCE_DATE_EPOCH=1700000000 expect_exit 0 "$CHISO" history "$ROOT"/tests/data/history/*.csv -o "$TMPD/s2.xlsx"
created "$TMPD/s2.xlsx" 2023-11-14T22:13:20

# SOURCE_DATE_EPOCH: 2024-05-06 00:00:00 UTC must be the workbook's created date.
S="$ROOT/samples/phu-tan-2024-t5-w1.csv"
SOURCE_DATE_EPOCH=1714953600 expect_exit 0 "$CHISO" convert "$S" -o "$TMPD/e1.xlsx"
SOURCE_DATE_EPOCH=1714953600 expect_exit 0 "$CHISO" convert "$S" -o "$TMPD/e2.xlsx"
cmp -s "$TMPD/e1.xlsx" "$TMPD/e2.xlsx" || fail "same SOURCE_DATE_EPOCH, different xlsx"
"$PY" - "$TMPD/e1.xlsx" <<'PYEOF' || fail "SOURCE_DATE_EPOCH not honoured"
import sys, zipfile, re
core = zipfile.ZipFile(sys.argv[1]).read("docProps/core.xml").decode()
m = re.search(r"<dcterms:created[^>]*>([^<]*)<", core)
assert m and m.group(1).startswith("2024-05-06T00:00:00"), core
PYEOF
SOURCE_DATE_EPOCH=1700000000 expect_exit 0 "$CHISO" convert "$S" -o "$TMPD/e3.xlsx"
! cmp -s "$TMPD/e1.xlsx" "$TMPD/e3.xlsx" || fail "SOURCE_DATE_EPOCH has no effect on the xlsx"
done_ok
