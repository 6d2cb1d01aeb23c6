#!/usr/bin/env bash
# Build and run one libFuzzer harness, tests/fuzz/fuzz_NAME.c, for SECONDS (default 60):
#   scripts/fuzz-one.sh xls 60
# Builds the library with clang -fsanitize=fuzzer-no-link,address,undefined in build-fuzz/,
# links the harness with -fsanitize=fuzzer,address,undefined, seeds it from
# tests/fuzz/corpus/NAME/ (committed), uses tests/fuzz/NAME.dict when there is one, and
# grows build-fuzz/corpus/NAME/ (not committed).
# A crash leaves build-fuzz/crash-NAME-*: fix it, then keep the input in
# tests/fuzz/regress/NAME/ (make test replays it). Extra arguments go to libFuzzer (-jobs=2 ...).
set -euo pipefail
name=${1:?usage: fuzz-one.sh NAME [SECONDS] [libFuzzer options]}
secs=${2:-60}
shift $(( $# >= 2 ? 2 : 1 ))
cd "$(dirname "$0")/.."
B=build-fuzz
SAN="-fsanitize=fuzzer-no-link,address,undefined"
make -s BUILD=$B CC=clang OPT="-O1 -g -fno-omit-frame-pointer" SAN="$SAN" $B/libchiso.a >&2
PKG_LIBS=$(pkg-config --libs xlsxwriter freexl libutf8proc expat libzip jansson)
clang -std=c11 -D_GNU_SOURCE -O1 -g -fsanitize=fuzzer,address,undefined -Iconvert -Iformats -I$B/gen \
    "tests/fuzz/fuzz_$name.c" $B/libchiso.a $PKG_LIBS -lrecode -lm -o "$B/fuzz_$name"
mkdir -p "$B/corpus/$name"
seeds=()
[ -d "tests/fuzz/corpus/$name" ] && seeds+=("tests/fuzz/corpus/$name")
[ -d "tests/fuzz/regress/$name" ] && seeds+=("tests/fuzz/regress/$name")
dict=()
[ -f "tests/fuzz/$name.dict" ] && dict=(-dict="tests/fuzz/$name.dict")
exec "$B/fuzz_$name" -max_total_time="$secs" -print_final_stats=1 -rss_limit_mb=2048 "${dict[@]}" \
    -artifact_prefix="$B/crash-$name-" "$@" "$B/corpus/$name" "${seeds[@]}"
