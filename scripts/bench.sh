#!/usr/bin/env bash
# bench.sh BUILD — `make bench`: chiso against the floor and the pandas peer, in one run.
#
# Generates its inputs deterministically (scripts/gen_bench.py, cached by content in
# BUILD/bench/inputs), builds the floor (tests/bench/floor.c) with the project's flags,
# runs every tool on the same inputs, and prints wall time (median of BENCH_RUNS runs),
# peak RSS (/usr/bin/time -v), ratio to the floor and speed-up over pandas, then PASS or
# MISS per target of issue 6. A MISS never fails: only a broken run (a crash, an error
# from chiso on valid input, a floor that does not build) exits non-zero.
#
# Environment: BENCH_RUNS (default 3), BENCH_SMALL_RUNS (default 31),
#              BENCH_QUICK=1 (one run each, no pandas, no 1,000,000-row check),
#              CC (default cc), PY (default /usr/bin/python3).
set -uo pipefail
export LC_ALL=C            # EPOCHREALTIME and awk with a decimal point, whatever the locale

BUILD=${1:-build}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
CHISO=$BUILD/chiso
BENCH=$BUILD/bench
IN=$BENCH/inputs
PY=${PY:-/usr/bin/python3}
CC=${CC:-cc}
RUNS=${BENCH_RUNS:-3}
SMALL_RUNS=${BENCH_SMALL_RUNS:-31}
QUICK=${BENCH_QUICK:-0}
[ "$QUICK" = 1 ] && RUNS=1 && SMALL_RUNS=11
TMP=$(mktemp -d "${TMPDIR:-/tmp}/chiso-bench.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
BROKEN=0

die() { echo "bench: $*" >&2; exit 1; }
note() { echo "bench: $*" >&2; }

# ---- bench-only dependencies (never part of `make deps`) ---------------------------
[ -x "$CHISO" ] || die "$CHISO is missing; run make first"
[ -x /usr/bin/time ] || die "/usr/bin/time is missing (bench only): apt-get install time"
[ -x "$PY" ] || die "$PY is missing (it generates the inputs)"
[ -n "${EPOCHREALTIME:-}" ] || die "bash >= 5 is needed (EPOCHREALTIME)"
HAVE_PANDAS=1
if [ "$QUICK" = 1 ]; then HAVE_PANDAS=0; PANDAS_NOTE="skipped (BENCH_QUICK=1)"
elif ! "$PY" -c 'import pandas, openpyxl' 2>/dev/null; then
    HAVE_PANDAS=0
    PANDAS_NOTE="skipped: Debian's python3-pandas/python3-openpyxl not importable by $PY (apt-get install python3-pandas)"
fi

# ---- inputs: generated once, cached by the generator's content -------------------------
mkdir -p "$BENCH"
stamp=$(sha256sum "$ROOT/scripts/gen_bench.py" | cut -c1-16)
if [ "$(cat "$IN/.stamp" 2>/dev/null)" != "$stamp" ]; then
    note "generating inputs in $IN (once; about 10 s)"
    rm -rf "$IN" "$IN.tmp"
    "$PY" "$ROOT/scripts/gen_bench.py" "$IN.tmp" || die "input generation failed"
    echo "$stamp" > "$IN.tmp/.stamp"
    mv "$IN.tmp" "$IN"
fi
BIG=$IN/history-100k.csv
HUGE=$IN/history-1m.csv
SMALL=$ROOT/samples/phu-tan-2024-t5-w1.csv
SMALLS=("$IN"/small/*.csv)
[ ${#SMALLS[@]} -eq 1000 ] || die "expected 1000 small inputs in $IN/small, found ${#SMALLS[@]}"

# ---- the floor, with the project's flags ---------------------------------------------
FLOOR=$BENCH/floor
FLAGS="-std=c11 -D_GNU_SOURCE -O2 -g -Wall -Wextra -Werror -Wno-unused-parameter -Wshadow -Wstrict-prototypes"
if [ ! -x "$FLOOR" ] || [ "$ROOT/tests/bench/floor.c" -nt "$FLOOR" ]; then
    # shellcheck disable=SC2086
    $CC $FLAGS $(pkg-config --cflags xlsxwriter) -o "$FLOOR" "$ROOT/tests/bench/floor.c" \
        $(pkg-config --libs xlsxwriter) || die "the floor program does not build"
fi

# ---- measuring -------------------------------------------------------------------------
# one_run CMD...: sets W (wall seconds), R (peak RSS KB), RC; stdout/stderr in $TMP.
one_run() {
    local t0 t1
    t0=$EPOCHREALTIME
    /usr/bin/time -v -o "$TMP/time" "$@" >"$TMP/out" 2>"$TMP/err"
    RC=$?
    t1=$EPOCHREALTIME
    W=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.4f", b - a }')
    R=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$TMP/time")
    C=$(awk -F': ' '/User time|System time/ { s += $2 } END { printf "%.4f", s }' "$TMP/time")
    grep -q 'Command terminated by signal' "$TMP/time" && RC=139
    : "${R:=0}"
}
median() { sort -g | awk '{ a[NR] = $1 } END { if (NR == 0) print "nan"; else if (NR % 2) print a[(NR + 1) / 2]; else printf "%.4f\n", (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

# Results, by key: STATUS (ok, n/a, FAILED, skipped), WALL and CPU (median s), RSS (max KB),
# ROWS (rows in the output: a tool that is fast because it dropped rows shows here).
declare -A STATUS WALL CPU RSS DESC INPUT ROWS
ORDER=()

# measure KEY "tool" "input" RUNS CMD...
measure() {
    local key=$1 tool=$2 input=$3 n=$4; shift 4
    local walls=() cpus=() rss=0 i
    ORDER+=("$key"); DESC[$key]=$tool; INPUT[$key]=$input
    printf 'bench: %-26s %-14s' "$tool" "$input" >&2
    for ((i = 0; i < n; i++)); do
        one_run "$@"
        if [ "$RC" -ne 0 ]; then
            if [ "$RC" -eq 2 ] && grep -qi 'not implemented' "$TMP/err"; then
                STATUS[$key]="n/a"
                echo " not yet supported: $(head -1 "$TMP/err")" >&2
            else
                STATUS[$key]="FAILED"; BROKEN=1
                echo " FAILED (exit $RC): $(head -3 "$TMP/err" | tr '\n' ' ')" >&2
            fi
            return
        fi
        walls+=("$W"); cpus+=("$C")
        [ "$R" -gt "$rss" ] && rss=$R
        printf ' %ss' "$W" >&2
    done
    echo >&2
    STATUS[$key]=ok
    WALL[$key]=$(printf '%s\n' "${walls[@]}" | median)
    CPU[$key]=$(printf '%s\n' "${cpus[@]}" | median)
    RSS[$key]=$rss
    local last=${*: -1}
    ROWS[$key]=$(rows_in "$last")
}

# rows_in FILE: data rows an output holds (all sheets of an xlsx, records of a CSV, rows of JSON).
rows_in() {
    [ -f "$1" ] || { echo "-"; return; }
    "$PY" - "$1" <<'PYEOF' 2>/dev/null || echo "?"
import sys, zipfile, re
p = sys.argv[1]
if p.endswith(".xlsx"):
    n = 0
    with zipfile.ZipFile(p) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/sheet"):
                with z.open(name) as f:
                    tail = b""
                    while True:
                        b = f.read(1 << 20)
                        if not b:
                            break
                        n += (tail + b).count(b"<row ") - tail.count(b"<row ")
                        tail = b[-4:]
    print(n)
elif p.endswith(".csv"):
    import csv
    with open(p, newline="", encoding="utf-8-sig") as f:
        print(sum(1 for _ in csv.reader(f)))
elif p.endswith(".json"):
    n, tail = 0, b""
    with open(p, "rb") as f:
        for b in iter(lambda: f.read(1 << 20), b""):
            n += (tail + b).count(b'"indicator"') - tail.count(b'"indicator"')
            tail = b[-16:]
    print(n)
else:
    print("-")
PYEOF
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }
lt() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a < b) }'; }
le() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a <= b) }'; }

echo "bench: $(nproc) CPUs, $RUNS runs each (median), inputs in $IN" >&2
O=$TMP/o   # outputs of the runs, removed at the end (a fresh path each tool)
mkdir -p "$O"

# 100,000 rows: the same CSV through every tool.
measure floor     "floor (mirror)"         "100k csv" "$RUNS" "$FLOOR" "$BIG" "$O/floor.xlsx"
measure conv      "chiso convert -> xlsx"  "100k csv" "$RUNS" "$CHISO" -q convert "$BIG" -o "$O/conv.xlsx"
measure floortidy "floor --tidy"           "100k csv" "$RUNS" "$FLOOR" --tidy "$BIG" "$O/tidy.xlsx"
measure histx     "chiso history -> xlsx"  "100k csv" "$RUNS" "$CHISO" -q history "$BIG" -o "$O/hist.xlsx"
measure histc     "chiso history -> csv"   "100k csv" "$RUNS" "$CHISO" -q history "$BIG" -o "$O/hist.csv"
measure histj     "chiso history -> json"  "100k csv" "$RUNS" "$CHISO" -q history "$BIG" -o "$O/hist.json"
if [ "$HAVE_PANDAS" = 1 ]; then
    measure pandas "pandas+openpyxl"       "100k csv" "$RUNS" "$PY" "$ROOT/scripts/peer_pandas.py" "$BIG" "$O/pandas.xlsx"
else
    note "pandas peer $PANDAS_NOTE"
fi
rm -f "$O"/*

# 1,000,000 rows: memory must stay flat (one run each).
if [ "$QUICK" != 1 ]; then
    measure floor1m "floor (mirror)"        "1m csv" 1 "$FLOOR" "$HUGE" "$O/floor1m.xlsx"
    measure conv1m  "chiso convert -> xlsx" "1m csv" 1 "$CHISO" -q convert "$HUGE" -o "$O/conv1m.xlsx"
    measure histc1m "chiso history -> csv"  "1m csv" 1 "$CHISO" -q history "$HUGE" -o "$O/hist1m.csv"
    rm -f "$O"/*
fi

# One small appendix (reference 001 size), startup included: median of many runs.
measure small "chiso convert -> xlsx" "1 appendix" 1 "$CHISO" -q convert "$SMALL" -o "$O/small.xlsx"
if [ "${STATUS[small]}" = ok ]; then
    walls=()
    for ((i = 0; i < SMALL_RUNS; i++)); do
        t0=$EPOCHREALTIME
        "$CHISO" -q convert "$SMALL" -o "$O/small.xlsx" 2>/dev/null
        t1=$EPOCHREALTIME
        walls+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.4f", b - a }')")
    done
    WALL[small]=$(printf '%s\n' "${walls[@]}" | median)
fi
measure floorsmall "floor (mirror)" "1 appendix" "$SMALL_RUNS" "$FLOOR" "$SMALL" "$O/floorsmall.xlsx"

# 1,000 appendices in one history call.
measure h1000 "chiso history -> xlsx" "1000 files" "$RUNS" "$CHISO" -q history "${SMALLS[@]}" -o "$O/h1000.xlsx"
measure h1000c "chiso history -> csv" "1000 files" "$RUNS" "$CHISO" -q history "${SMALLS[@]}" -o "$O/h1000.csv"

# ---- the table ---------------------------------------------------------------------------
floor_of() {  # the floor a row is compared with
    case $1 in
        histx) echo floortidy ;; floortidy) echo floortidy ;;
        *1m) echo floor1m ;; small|floorsmall) echo floorsmall ;;
        h1000*) echo "" ;; *) echo floor ;;
    esac
}
echo
printf '%-24s %-11s %12s %10s %11s %8s %8s %9s %10s\n' "tool" "input" "median wall" "cpu" "peak RSS" "x floor" "(cpu)" "pandas/x" "rows out"
printf '%-24s %-11s %12s %10s %11s %8s %8s %9s %10s\n' "------------------------" "-----------" "------------" "----------" "-----------" "--------" "--------" "---------" "----------"
for k in "${ORDER[@]}"; do
    st=${STATUS[$k]}
    if [ "$st" != ok ]; then
        [ "$st" = "n/a" ] && st="not yet supported"
        printf '%-24s %-11s %12s\n' "${DESC[$k]}" "${INPUT[$k]}" "$st"
        continue
    fi
    f=$(floor_of "$k"); xf="-"; xc="-"; xp="-"
    if [ -n "$f" ] && [ "${STATUS[$f]:-}" = ok ]; then
        xf=$(ratio "${WALL[$k]}" "${WALL[$f]}"); xc=$(ratio "${CPU[$k]}" "${CPU[$f]}")
    fi
    case $k in floor|conv|floortidy|histx|histc|histj|pandas)
        [ "${STATUS[pandas]:-}" = ok ] && xp=$(ratio "${WALL[pandas]}" "${WALL[$k]}") ;;
    esac
    printf '%-24s %-11s %11.3fs %9.3fs %8.1f MB %8s %8s %9s %10s\n' "${DESC[$k]}" "${INPUT[$k]}" "${WALL[$k]}" \
        "${CPU[$k]}" "$(awk -v r="${RSS[$k]}" 'BEGIN { print r / 1024 }')" "$xf" "$xc" "$xp" "${ROWS[$k]}"
done
echo
echo "x floor: wall / the floor's wall on the same input (history -> xlsx against floor --tidy, which"
echo "writes the history table's cells); pandas/x: how many times faster than pandas+openpyxl;"
echo "cpu: user+sys, and (cpu) its ratio to the floor's: less noisy than wall on a busy machine;"
echo "rows out: rows in the output (all sheets)."
[ "$HAVE_PANDAS" = 1 ] || echo "pandas peer $PANDAS_NOTE"
echo

# ---- targets (issue 6): PASS / MISS, never a failure -------------------------------------
verdict() {  # verdict OK(0/1/"") TEXT
    case $1 in 1) echo "PASS  $2" ;; 0) echo "MISS  $2" ;; *) echo "----  $2" ;; esac
}
# 100k CSV -> xlsx: `convert` (the Phụ lục) against the mirror floor, `history` (the tidy
# table) against floor --tidy; each against pandas. A target is met by either command.
best=""; bestk=""; fast=""; fastk=""
for k in conv histx; do
    [ "${STATUS[$k]:-}" = ok ] || continue
    f=$(floor_of "$k")
    if [ "${STATUS[$f]:-}" = ok ]; then
        r=$(ratio "${WALL[$k]}" "${WALL[$f]}")
        echo "      ${DESC[$k]}: ${r}x its floor"
        if [ -z "$best" ] || lt "$r" "$best"; then best=$r; bestk=$k; fi
    fi
    if [ "${STATUS[pandas]:-}" = ok ]; then
        sp=$(ratio "${WALL[pandas]}" "${WALL[$k]}")
        echo "      ${DESC[$k]}: ${sp}x faster than pandas+openpyxl"
        if [ -z "$fast" ] || lt "$fast" "$sp"; then fast=$sp; fastk=$k; fi
    fi
done
if [ -n "$best" ]; then
    ok=0; le "$best" 1.3 && ok=1
    verdict $ok "100k CSV -> xlsx within 1.3x the floor: ${best}x (${DESC[$bestk]})"
else verdict "" "100k CSV -> xlsx within 1.3x the floor: not yet supported"; fi

if [ -n "$fast" ]; then
    ok=0; le 8 "$fast" && ok=1
    verdict $ok "at least 8x faster than pandas+openpyxl: ${fast}x (${DESC[$fastk]})"
else verdict "" "at least 8x faster than pandas+openpyxl: not measured"; fi

mem=""; memk=""
for k in conv1m histc1m; do
    [ "${STATUS[$k]:-}" = ok ] || continue
    if [ -z "$mem" ] || [ "${RSS[$k]}" -gt "$mem" ]; then mem=${RSS[$k]}; memk=$k; fi
done
if [ -n "$mem" ]; then
    ok=0; [ "$mem" -lt $((64 * 1024)) ] && ok=1
    verdict $ok "peak RSS under 64 MB at 1,000,000 rows: $(awk -v r="$mem" 'BEGIN { printf "%.1f", r / 1024 }') MB (worst: ${DESC[$memk]})"
else verdict "" "peak RSS under 64 MB at 1,000,000 rows: not measured"; fi

if [ "${STATUS[small]:-}" = ok ]; then
    ms=$(awk -v w="${WALL[small]}" 'BEGIN { printf "%.1f", w * 1000 }')
    ok=0; lt "$ms" 20 && ok=1
    verdict $ok "one small appendix under 20 ms, startup included: $ms ms (median of $SMALL_RUNS)"
else verdict "" "one small appendix under 20 ms: not yet supported"; fi

if [ "${STATUS[h1000]:-}" = ok ]; then
    ok=0; lt "${WALL[h1000]}" 10 && ok=1
    verdict $ok "1,000 appendices in one history call under 10 s: ${WALL[h1000]} s"
else verdict "" "1,000 appendices in one history call under 10 s: not yet supported"; fi

# ---- chiso serve under load (issue 14): 8 clients for BENCH_SERVE_SECONDS (60), then one
# 100,000-row history upload; errors must be 0 and the server's memory flat. BENCH_SERVE=0 skips.
if [ "${BENCH_SERVE:-1}" = 1 ]; then
    echo "chiso serve (scripts/bench-serve.py):"
    smalls=("${SMALLS[@]:0:8}")
    [ -f "${smalls[0]:-}" ] || smalls=("$SMALL")
    if BENCH_SERVE_SECONDS=${BENCH_SERVE_SECONDS:-$([ "$QUICK" = 1 ] && echo 15 || echo 60)} \
        "$PY" "$ROOT/scripts/bench-serve.py" "$CHISO" "$BIG" "${smalls[@]}"; then :
    else echo "bench: the server run had errors or its memory grew (see above)" >&2; BROKEN=1; fi
fi

if [ "$BROKEN" = 1 ]; then
    echo "bench: some runs FAILED (see above): that is a bug, not a number" >&2
    exit 1
fi
exit 0
