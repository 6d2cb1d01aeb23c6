#!/usr/bin/env bash
# Replays every input that once crashed a fuzz harness (tests/fuzz/regress/<harness>/)
# and the seed corpus (tests/fuzz/corpus/<harness>/) through the harness built without
# libFuzzer ($BUILD/fuzz-replay/<harness>, see tests/fuzz/replay.c). Under
# `make test-asan` the replay binaries carry the sanitizers, which turn any memory error
# or UB back into a failure here.
set -u
. "$(dirname "$0")/lib.sh"
BIN="$(dirname "$CHISO")/fuzz-replay"
n=0
for src in "$ROOT"/tests/fuzz/fuzz_*.c; do
    h=$(basename "$src" .c)
    [ -x "$BIN/$h" ] || fail "$BIN/$h not built (make test builds it)"
    dirs=()
    for dir in "$ROOT/tests/fuzz/regress/$h" "$ROOT/tests/fuzz/corpus/$h" "$ROOT/tests/fuzz/corpus/${h#fuzz_}"; do
        [ -d "$dir" ] && dirs+=("$dir")
    done
    [ ${#dirs[@]} -gt 0 ] || continue
    "$BIN/$h" "${dirs[@]}" >"$OUT" 2>"$ERR" || fail "$h: replay failed"
    n=$((n + 1))
done
[ $n -gt 0 ] || fail "no corpus replayed"
done_ok
