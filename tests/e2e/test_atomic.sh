#!/usr/bin/env bash
# Nothing lost (issue 7): after any failure an existing output is byte-identical and no
# partial or temporary file is left; -o naming an input is refused; an output directory
# that cannot be written is a clear error; the input is never opened for writing.
set -u
. "$(dirname "$0")/lib.sh"
S="$ROOT/samples/phu-tan-2024-t5-w1.csv"
D="$TMPD/out"; mkdir -p "$D"
only_old() {   # the directory holds exactly the old file, unchanged
    cmp -s "$D/$1" "$TMPD/old" || fail "$1 changed after a failure ($2)"
    [ "$(ls -A "$D")" = "$1" ] || fail "files left behind after a failure ($2): $(ls -A "$D")"
}
printf 'OLD OUTPUT, must survive\n' >"$TMPD/old"

# 1. A failing input, for every output format: the existing output is untouched.
for ext in json csv xlsx; do
    cp "$TMPD/old" "$D/r.$ext"
    for bad in empty.csv garbage.xls truncated.xlsx not-a-workbook.zip no-table.html; do
        expect_exit 2 "$CHISO" convert "$ROOT/tests/bad/$bad" -o "$D/r.$ext"
        only_old "r.$ext" "$bad -> .$ext"
    done
    # A good input followed by a bad one: the whole command fails, nothing half-written.
    expect_exit 2 "$CHISO" convert "$S" "$ROOT/tests/bad/empty.csv" -o "$D/r.$ext"
    only_old "r.$ext" "good+bad -> .$ext"
    rm -f "$D/r.$ext"
done

# 2. -o naming an input (directly, through a symlink, or the --previous file) is refused
#    with exit 1; the input is byte-identical.
cp "$S" "$TMPD/in.csv"; ln -sf in.csv "$TMPD/link.csv"
for o in "$TMPD/in.csv" "$TMPD/link.csv" "$TMPD/./in.csv"; do
    expect_exit 1 "$CHISO" convert "$TMPD/in.csv" -o "$o" --to csv
    grep -q "would overwrite an input" "$ERR" || fail "-o $o: no clear refusal: $(cat "$ERR")"
    cmp -s "$S" "$TMPD/in.csv" || fail "-o $o: the input was modified"
done
[ -z "$(ls -A "$TMPD" | grep -v -e '^in.csv$' -e '^link.csv$' -e '^old$' -e '^out$' -e '^stdout$' -e '^stderr$')" ] ||
    fail "temporary files left beside the input: $(ls -A "$TMPD")"

# 3. An output directory that cannot be written: exit 2, the message names the path.
if [ "$(id -u)" -ne 0 ]; then
    mkdir -p "$TMPD/ro" && chmod 555 "$TMPD/ro"
    expect_exit 2 "$CHISO" convert "$S" -o "$TMPD/ro/r.json"
    grep -q "ro/r.json: cannot write in that directory" "$ERR" || fail "read-only dir message: $(cat "$ERR")"
    [ -z "$(ls -A "$TMPD/ro")" ] || fail "files left in the read-only directory"
    chmod 755 "$TMPD/ro"
fi
# (root can write anywhere a mode forbids; /proc refuses even root)
expect_exit 2 "$CHISO" convert "$S" -o /proc/chiso-test.json
grep -q "/proc/chiso-test.json: cannot write in that directory" "$ERR" || fail "/proc message: $(cat "$ERR")"
expect_exit 2 "$CHISO" convert "$S" -o "$TMPD/missing-dir/r.json"
grep -q "missing-dir/r.json: cannot write in that directory" "$ERR" || fail "missing dir message: $(cat "$ERR")"
expect_exit 1 "$CHISO" convert "$S" -o "$D" --to json
grep -q "is a directory" "$ERR" || fail "-o DIR message: $(cat "$ERR")"

# 4. A write that fails half-way (file size limit: write() returns EFBIG): the old output
#    survives and the temporary file is removed.
for ext in json csv xlsx; do
    cp "$TMPD/old" "$D/r.$ext"
    (trap '' XFSZ; ulimit -f 1; exec "$CHISO" convert "$S" -o "$D/r.$ext") >"$OUT" 2>"$ERR"
    rc=$?
    [ $rc -eq 2 ] || fail "write failure -> .$ext: exit $rc, expected 2"
    only_old "r.$ext" "write failure -> .$ext"
    rm -f "$D/r.$ext"
done

# 5. Success replaces the old output in one step, with the usual file mode.
cp "$TMPD/old" "$D/r.json"
expect_exit 0 "$CHISO" convert "$S" -o "$D/r.json"
! cmp -s "$D/r.json" "$TMPD/old" || fail "the output was not replaced"
[ "$(ls -A "$D")" = r.json ] || fail "files left after success: $(ls -A "$D")"
[ "$(stat -c %a "$D/r.json")" = 644 ] || fail "output mode $(stat -c %a "$D/r.json"), expected 644"

# 6. The input is never opened for writing (strace, when it can trace here).
if command -v strace >/dev/null && strace -f -o /dev/null true 2>/dev/null; then
    for in in "$S" "$ROOT/tests/bad/good.xlsx" "$ROOT/tests/bad/good.xls"; do
        strace -f -e trace=open,openat,creat,truncate -o "$TMPD/trace" "$CHISO" convert "$in" -o "$D/t.xlsx" >/dev/null 2>&1
        base=$(basename "$in")
        grep -F "$base" "$TMPD/trace" | grep -q -E 'O_WRONLY|O_RDWR|O_CREAT|O_TRUNC|creat\(|truncate\(' &&
            fail "$base opened for writing: $(grep -F "$base" "$TMPD/trace")"
        grep -qF "$base" "$TMPD/trace" || fail "strace did not see $base opened"
    done
fi
done_ok
