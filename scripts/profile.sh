#!/usr/bin/env bash
# profile.sh BUILD [SCENARIO...] — instruction counts (valgrind callgrind) of chiso on the
# bench inputs: stable on a noisy machine where wall time is not (see NOTES, performance).
#
# Scenarios: convert20k (the first 20,000 rows of the bench's long table -> xlsx),
# history100 (100 weekly appendices -> history xlsx), small (reference 001 -> xlsx),
# floor20k (the floor on the same 20,000 rows). Default: all. Needs `make bench` to have
# generated the inputs once. Prints total instructions and chiso's most expensive functions
# (inclusive); the raw profiles stay in BUILD/bench/profile/ for callgrind_annotate/kcachegrind.
set -euo pipefail
export LC_ALL=C
BUILD=${1:-build}; shift || true
ROOT=$(cd "$(dirname "$0")/.." && pwd)
IN=$BUILD/bench/inputs
OUT=$BUILD/bench/profile
command -v valgrind >/dev/null || { echo "profile: valgrind is not installed" >&2; exit 1; }
[ -f "$IN/history-100k.csv" ] || { echo "profile: run make bench once first (it generates $IN)" >&2; exit 1; }
mkdir -p "$OUT"
head -20001 "$IN/history-100k.csv" > "$OUT/h20k.csv"
mapfile -t SMALL100 < <(ls "$IN"/small/*.csv | head -100)
[ $# -gt 0 ] || set -- convert20k history100 small floor20k

run() {   # run NAME CMD...
    local name=$1; shift
    valgrind --tool=callgrind --callgrind-out-file="$OUT/$name.cg" "$@" >/dev/null 2>"$OUT/$name.log" || {
        echo "profile: $name failed (see $OUT/$name.log)" >&2; return 1; }
    local total
    total=$(awk '/^summary:|^totals:/ { print $2; exit }' "$OUT/$name.cg")
    printf '\n== %s: %s instructions\n' "$name" "$(printf "%'d" "$total" 2>/dev/null || echo "$total")"
    callgrind_annotate --inclusive=yes "$OUT/$name.cg" 2>/dev/null |
        awk '/PROGRAM TOTALS/ { go = 1; next } go && /[0-9] \(/' |
        grep -v -E 'below main|libc-start|libc_start_call_main|ld-linux|main\.c:main' | head -"${PROFILE_TOP:-15}"  || true
}
for s in "$@"; do
    case $s in
        convert20k) run convert20k "$BUILD/chiso" -q convert "$OUT/h20k.csv" -o "$OUT/c20k.xlsx" ;;
        history100) run history100 "$BUILD/chiso" -q history "${SMALL100[@]}" -o "$OUT/h100.xlsx" ;;
        small)      run small "$BUILD/chiso" -q convert "$ROOT/samples/phu-tan-2024-t5-w1.csv" -o "$OUT/small.xlsx" ;;
        floor20k)   [ -x "$BUILD/bench/floor" ] || { echo "profile: run make bench once first (it builds the floor)" >&2; exit 1; }
                    run floor20k "$BUILD/bench/floor" "$OUT/h20k.csv" "$OUT/f20k.xlsx" ;;
        *) echo "profile: unknown scenario $s" >&2; exit 1 ;;
    esac
done
