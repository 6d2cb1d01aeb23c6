#!/usr/bin/env bash
# compare-outputs.sh BASE_BIN NEW_BIN — are two chiso binaries' outputs byte-identical?
#
# Runs both binaries over every sample (samples/*), every test input (tests/data/**,
# tests/bad/*) and the bench inputs, with
#     convert --to xlsx | json | csv,  summary,  inspect,  history -> xlsx | csv | json
# (plus a few multi-file and option cases), and compares, case by case, the exit code,
# stdout, stderr and every output file byte for byte. An xlsx is compared unzipped, part by
# part (the zip container itself carries no content of its own); docProps/core.xml is
# compared with its dates blanked only when the dates are its only difference (that is
# reported as a note, not a difference). Prints the differences, one block per case, and
# exits 1 if there is any, 0 if none, 2 on bad usage.
#
# Both binaries run from the repository's root with the same relative input paths and the
# same output path, so messages that name files match.
#
# Bench inputs (scripts/gen_bench.py's generators, the same seeds):
#   COMPARE_BENCH=small (default): a deterministic, smaller version, generated once into
#       $COMPARE_CACHE (default build/compare-inputs): the long table of the bench's 2,000
#       communes over 5 weeks (10,000 rows, instead of 50 weeks / 100,000 rows) and 100
#       appendices shaped like reference 001 (instead of 1,000); the 1,000,000-row table is
#       left out (it only checks memory).
#   COMPARE_BENCH=full: the bench's own 100,000-row table and 1,000 appendices (not the
#       1,000,000-row table), about 4 times slower.
#   COMPARE_BENCH=none: no bench inputs.
# COMPARE_JOBS (default 2): cases run in parallel.
# COMPARE_KEEP=1: keep the work directory (its path is printed) to look at the outputs.
set -uo pipefail
export LC_ALL=C.UTF-8 TZ=UTC
unset SOURCE_DATE_EPOCH

[ $# -eq 2 ] || { echo "usage: $0 BASE_BIN NEW_BIN" >&2; exit 2; }
ROOT=$(cd "$(dirname "$0")/.." && pwd)
abs() { case $1 in /*) echo "$1" ;; *) echo "$PWD/$1" ;; esac; }
BASE=$(abs "$1"); NEW=$(abs "$2")
for b in "$BASE" "$NEW"; do [ -x "$b" ] || { echo "compare: $b is not an executable" >&2; exit 2; }; done
PY=${PY:-/usr/bin/python3}
MODE=${COMPARE_BENCH:-small}
JOBS=${COMPARE_JOBS:-2}
CACHE=${COMPARE_CACHE:-$ROOT/build/compare-inputs}
cd "$ROOT"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/chiso-compare.XXXXXX")
if [ "${COMPARE_KEEP:-0}" = 1 ]; then echo "compare: work directory $WORK" >&2
else trap 'rm -rf "$WORK"' EXIT; fi
mkdir -p "$WORK/cases"

# ---- bench inputs ---------------------------------------------------------------------------
BENCH_DIR=""
if [ "$MODE" != none ]; then
    case $MODE in
        small) weeks=5; nsmall=100 ;;
        full)  weeks=50; nsmall=1000 ;;
        *) echo "compare: COMPARE_BENCH is small, full or none" >&2; exit 2 ;;
    esac
    BENCH_DIR=$CACHE/$MODE
    stamp="$(sha256sum scripts/gen_bench.py | cut -c1-16) $weeks $nsmall"
    if [ "$(cat "$BENCH_DIR/.stamp" 2>/dev/null)" != "$stamp" ]; then
        echo "compare: generating the bench inputs ($MODE) in $BENCH_DIR" >&2
        rm -rf "$BENCH_DIR" "$BENCH_DIR.tmp"
        mkdir -p "$BENCH_DIR.tmp"
        "$PY" - "$ROOT/scripts" "$BENCH_DIR.tmp" "$weeks" "$nsmall" <<'PYEOF' || { echo "compare: generation failed" >&2; exit 2; }
import datetime, os, sys
sys.path.insert(0, sys.argv[1])
import gen_bench as g
out, weeks, nsmall = sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
units = g.unit_names(g.Rng(g.SEED), 2000)          # as gen_bench.main does
g.write_long(os.path.join(out, "history-long.csv"), g.Rng(g.SEED + 1), units,
             g.mondays(datetime.date(2024, 1, 1), weeks))
g.write_small(os.path.join(out, "small"), g.Rng(g.SEED + 3), nsmall)
PYEOF
        echo "$stamp" > "$BENCH_DIR.tmp/.stamp"
        mv "$BENCH_DIR.tmp" "$BENCH_DIR"
    fi
    BENCH_DIR=${BENCH_DIR#"$ROOT"/}
fi

# ---- the cases ------------------------------------------------------------------------------
# A case is a file in $WORK/cases holding the arguments, one a line; @ stands for the case's
# output directory (the same path for both binaries).
NCASES=0
add_case() {   # add_case ID ARG...
    local id=$1; shift
    id=${id//\//_}
    [ -e "$WORK/cases/$id" ] && id="$id.$NCASES"
    printf '%s\n' "$@" > "$WORK/cases/$id"
    NCASES=$((NCASES + 1))
}
per_input() {  # the eight commands over one input
    local f=$1
    add_case "$f.convert-xlsx" convert "$f" -o @/out.xlsx
    add_case "$f.convert-json" convert "$f" --to json
    add_case "$f.convert-csv"  convert "$f" --to csv
    add_case "$f.summary"      summary "$f"
    add_case "$f.inspect"      inspect "$f"
    add_case "$f.history-xlsx" history "$f" -o @/history.xlsx
    add_case "$f.history-csv"  history "$f" -o @/history.csv
    add_case "$f.history-json" history "$f" -o @/history.json
}
group() {      # history (three formats) and convert over several files at once
    local id=$1; shift
    add_case "$id.history-xlsx" history "$@" -o @/history.xlsx
    add_case "$id.history-csv"  history "$@" -o @/history.csv
    add_case "$id.history-json" history "$@" -o @/history.json
}

INPUTS=()
while IFS= read -r f; do INPUTS+=("$f"); done < <(
    { find samples tests/data -type f; find tests/bad -maxdepth 1 -type f \
        ! -name '*.golden' ! -name '*.md' ! -name '*.py'; } | LC_ALL=C sort)
for f in "${INPUTS[@]}"; do per_input "$f"; done

# several files at once
group samples-csv samples/*.csv
group data-history tests/data/history/*.csv
for d in tests/data/shapes/*/per-period; do group "$d" "$d"/*.csv; done
add_case multi.convert-xlsx convert tests/data/history/phu-tan-2024-t5-w1.csv tests/data/history/phu-tan-2024-t5-w2.csv -o @/out.xlsx
# options that choose other paths
add_case previous.convert-xlsx convert tests/data/history/phu-tan-2024-t5-w2.csv \
    --previous tests/data/history/phu-tan-2024-t5-w1.csv -o @/out.xlsx
add_case previous.summary-json summary tests/data/history/phu-tan-2024-t5-w2.csv \
    --previous tests/data/history/phu-tan-2024-t5-w1.csv --format json
add_case markdown.summary summary samples/phu-tan-2024-t5-w1.csv --format markdown
add_case rules.convert-json convert samples/phu-tan-2024-t5-w1.csv --rules samples/quy-tac-mac-dinh.rules --to json
add_case keep-order.convert-xlsx convert samples/phu-tan-2024-t5-w1.csv --keep-order -o @/out.xlsx
for ind in diem_tong_hop tien_do_giai_quyet; do
    add_case "indicator-$ind.convert-xlsx" convert tests/data/shapes/wide/diem-2024-theo-thang.xlsx \
        --indicator "$ind" -o @/out.xlsx
done
add_case nobom.convert-csv convert samples/phu-tan-2024-t5-w1.csv --to csv --no-bom

# bench inputs
if [ -n "$BENCH_DIR" ]; then
    per_input "$BENCH_DIR/history-long.csv"
    smalls=("$BENCH_DIR"/small/*.csv)
    for f in "${smalls[@]:0:3}"; do per_input "$f"; done
    group "$BENCH_DIR/small-all" "${smalls[@]}"
fi

# ---- running ----------------------------------------------------------------------------------
# run_case ID: runs both binaries, leaving $WORK/{base,new}/ID/{rc,stdout,stderr,files/...}.
run_case() {
    local id=$1 side bin a args=() out="$WORK/out/$1"
    while IFS= read -r a; do args+=("${a//@/$out}"); done < "$WORK/cases/$id"
    for side in base new; do
        [ $side = base ] && bin=$BASE || bin=$NEW
        rm -rf "$out"; mkdir -p "$out" "$WORK/$side/$id"
        "$bin" "${args[@]}" > "$WORK/$side/$id/stdout" 2> "$WORK/$side/$id/stderr" < /dev/null
        echo $? > "$WORK/$side/$id/rc"
        mv "$out" "$WORK/$side/$id/files"
    done
    compare_case "$id" > "$WORK/cases/$id.result"
}

# xlsx_diff A B: compares two workbooks part by part; prints one line per difference.
xlsx_diff() {
    "$PY" - "$1" "$2" <<'PYEOF'
import re, sys, zipfile
def parts(p):
    try:
        with zipfile.ZipFile(p) as z:
            return {n: z.read(n) for n in z.namelist()}
    except Exception as e:
        return {"<unreadable zip>": repr(e).encode()}
a, b = parts(sys.argv[1]), parts(sys.argv[2])
for n in sorted(set(a) | set(b)):
    if n not in a: print("  part %s only in NEW" % n); continue
    if n not in b: print("  part %s only in BASE" % n); continue
    if a[n] == b[n]: continue
    if n == "docProps/core.xml":
        blank = lambda s: re.sub(rb"(<dcterms:(created|modified)[^>]*>)[^<]*", rb"\1", s)
        if blank(a[n]) == blank(b[n]):
            print("  note: docProps/core.xml differs only in its dates")
            continue
    # the first differing offset, with a little context
    x, y = a[n], b[n]
    i = next((k for k in range(min(len(x), len(y))) if x[k] != y[k]), min(len(x), len(y)))
    print("  part %s differs at byte %d (sizes %d, %d):" % (n, i, len(x), len(y)))
    print("    BASE: %r" % x[max(0, i - 40):i + 60])
    print("    NEW:  %r" % y[max(0, i - 40):i + 60])
PYEOF
}

compare_case() {
    local id=$1 b="$WORK/base/$1" n="$WORK/new/$1" f rel d
    if ! cmp -s "$b/rc" "$n/rc"; then echo "  exit status: BASE $(cat "$b/rc"), NEW $(cat "$n/rc")"; fi
    for f in stdout stderr; do
        cmp -s "$b/$f" "$n/$f" && continue
        echo "  $f differs:"
        diff -a "$b/$f" "$n/$f" | head -8 | sed 's/^/    /'
    done
    while IFS= read -r rel; do
        if [ ! -e "$b/files/$rel" ]; then echo "  output $rel only in NEW"; continue; fi
        if [ ! -e "$n/files/$rel" ]; then echo "  output $rel only in BASE"; continue; fi
        cmp -s "$b/files/$rel" "$n/files/$rel" && continue
        case $rel in
            *.xlsx) d=$(xlsx_diff "$b/files/$rel" "$n/files/$rel")
                    if echo "$d" | grep -qv '^  note: '; then echo "  output $rel:"; echo "$d"
                    elif [ -n "$d" ]; then echo "$d" | sed "s|note: |note: $rel: |"; fi ;;
            *) echo "  output $rel differs:"
               diff -a "$b/files/$rel" "$n/files/$rel" | head -8 | sed 's/^/    /' ;;
        esac
    done < <( { cd "$b/files" && find . -type f; cd "$n/files" && find . -type f; } | sed 's|^\./||' | sort -u)
}

export -f run_case compare_case xlsx_diff
export WORK BASE NEW PY
echo "compare: $NCASES cases, BASE $BASE, NEW $NEW" >&2
(cd "$WORK/cases" && ls) | xargs -P "$JOBS" -I{} bash -c 'run_case "$1"' _ {}

# ---- the report ---------------------------------------------------------------------------------
ndiff=0; nnote=0
for r in "$WORK"/cases/*.result; do
    [ -s "$r" ] || continue
    id=$(basename "$r" .result)
    if grep -qv '^  note: ' "$r"; then
        ndiff=$((ndiff + 1)); echo "DIFF $id"; cat "$r"
    else
        nnote=$((nnote + 1)); echo "same $id"; cat "$r"
    fi
done
echo "compare: $NCASES cases, $ndiff with differences, $nnote equal but for a creation date"
[ $ndiff -eq 0 ]
