#!/usr/bin/env bash
# make fuzz [FUZZ_SECONDS=60] [FUZZ_ONLY="csv sniff"] — builds every tests/fuzz/fuzz_*.c with
# clang -fsanitize=fuzzer,address,undefined against the library compiled with coverage
# and the same sanitizers (in build-fuzz/), then runs each harness for FUZZ_SECONDS.
#
# Corpus: the committed seeds tests/fuzz/corpus/<harness>/ (plus the regression inputs
# tests/fuzz/regress/<harness>/) are copied into build-fuzz/corpus/<harness>/, which
# grows across runs and is never committed. A crash is written to
# build-fuzz/crashes/<harness>/; minimize it, fix the bug, and copy the input to
# tests/fuzz/regress/<harness>/ so `make test` replays it forever.
#
# Prints executions per harness and the total; exits 1 if any harness found a crash.
set -u
cd "$(dirname "$0")/.."
SECONDS_EACH=${1:-${FUZZ_SECONDS:-60}}
[ -n "$SECONDS_EACH" ] || SECONDS_EACH=60
B=build-fuzz
SAN="-fsanitize=address,undefined -fno-sanitize-recover=all"
command -v clang >/dev/null || { echo "fuzz: clang is needed (apt-get install clang)" >&2; exit 1; }

# The library: same Makefile rules, clang, coverage instrumentation for libFuzzer.
make -s CC=clang BUILD=$B OPT="-O1 -g -fno-omit-frame-pointer" \
     SAN="$SAN -fsanitize=fuzzer-no-link" $B/libchiso.a >/dev/null || { echo "fuzz: library build failed" >&2; exit 1; }
PKGS=$(sed -n 's/^PKGS *:= *//p' Makefile)        # the libraries the Makefile links
LIBS_EXTRA=$(sed -n 's/^LDLIBS *+= *$(PKG_LIBS) *//p' Makefile)
CFLAGS="-std=c11 -D_GNU_SOURCE -O1 -g -fno-omit-frame-pointer $(make -s --no-print-directory print-inc BUILD=$B) -Itests/fuzz $(pkg-config --cflags $PKGS)"
LIBS="$(pkg-config --libs $PKGS) ${LIBS_EXTRA:--lrecode -lm}"

total=0; crashed=(); report=()
for src in tests/fuzz/fuzz_*.c; do
    h=$(basename "$src" .c)
    short=${h#fuzz_}
    if [ -n "${FUZZ_ONLY:-}" ] && ! [[ " $FUZZ_ONLY " == *" $short "* ]]; then continue; fi
    bin=$B/fuzz/$h
    mkdir -p $B/fuzz $B/corpus/$h $B/crashes/$h
    if ! clang $CFLAGS $SAN -fsanitize=fuzzer -o "$bin" "$src" $B/libchiso.a $LIBS 2>$B/fuzz/$h.build.log; then
        echo "fuzz: $h does not build (see $B/fuzz/$h.build.log)" >&2
        crashed+=("$h (build)"); continue
    fi
    # Seeds: the harness's own corpus, its regressions, else the samples.
    seeded=0
    for dir in tests/fuzz/corpus/$h tests/fuzz/corpus/$short tests/fuzz/regress/$h; do
        [ -d "$dir" ] && cp -n "$dir"/* $B/corpus/$h/ 2>/dev/null && seeded=1
    done
    [ $seeded -eq 1 ] || cp -n samples/*.csv $B/corpus/$h/ 2>/dev/null
    dict=(); [ -f tests/fuzz/$h.dict ] && dict=(-dict=tests/fuzz/$h.dict)
    log=$B/fuzz/$h.log
    # The whole path (fuzz_whole.c) runs under the memory model of issue 15: an input of at
    # most 64 KiB that makes the process pass FUZZ_RSS_WHOLE MB is a finding (a blowup).
    rss=2560; [ "$h" = fuzz_whole ] && rss=${FUZZ_RSS_WHOLE:-1536}
    ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
    LSAN_OPTIONS=suppressions=$PWD/tests/sanitizer/lsan.supp \
        "$bin" -max_total_time="$SECONDS_EACH" -timeout=10 -rss_limit_mb=$rss -malloc_limit_mb=2048 \
        -max_len=65536 -print_final_stats=1 -artifact_prefix=$B/crashes/$h/ "${dict[@]}" \
        $B/corpus/$h >"$log" 2>&1
    rc=$?
    execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)
    execs=${execs:-0}
    total=$((total + execs))
    status=ok
    if [ $rc -ne 0 ] || ls $B/crashes/$h/ 2>/dev/null | grep -q .; then
        status="CRASH (see $log, inputs in $B/crashes/$h/)"; crashed+=("$h")
    fi
    line=$(printf '%-16s %12s executions in %ss  %s' "$h" "$execs" "$SECONDS_EACH" "$status")
    echo "$line"; report+=("$line")
done
echo "total            $(printf '%12s' $total) executions"
[ ${#crashed[@]} -eq 0 ] || { echo "crashed: ${crashed[*]}"; exit 1; }
