#!/usr/bin/env bash
# CLI basics: --help to stdout exit 0, --version, bad usage to stderr exit 1.
set -u
. "$(dirname "$0")/lib.sh"
expect_exit 0 "$CHISO" --help
grep -q "^Usage: chiso COMMAND" "$OUT" && grep -q "^  convert " "$OUT" || fail "--help does not show usage on stdout"
[ ! -s "$ERR" ] || fail "--help wrote to stderr"
expect_exit 0 "$CHISO" --version
grep -q "^chiso [0-9]" "$OUT" || fail "--version"
expect_exit 1 "$CHISO"
grep -q "no command" "$ERR" || fail "no command message"
expect_exit 1 "$CHISO" frobnicate x
expect_exit 1 "$CHISO" convert
expect_exit 1 "$CHISO" convert a.csv --to pdf
expect_exit 1 "$CHISO" convert a.csv --bogus
expect_exit 1 "$CHISO" convert a.csv --cutoff 2024-13-01
expect_exit 2 "$CHISO" convert "$TMPD/missing.csv"
grep -q "missing.csv: cannot open" "$ERR" || fail "missing file message: $(cat "$ERR")"
expect_exit 2 "$CHISO" convert "$TMPD"
grep -q "is a directory" "$ERR" || fail "directory message"
done_ok
