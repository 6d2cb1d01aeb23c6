# Helpers for e2e tests. CHISO, PY and TMPD come from tests/run.sh.
OUT="$TMPD/stdout"; ERR="$TMPD/stderr"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
fail() { echo "FAIL: $*" >&2; [ -f "$ERR" ] && sed 's/^/  stderr: /' "$ERR" | head -20 >&2; exit 1; }
# expect_exit CODE CMD...: runs CMD with stdout/stderr captured in $OUT/$ERR.
expect_exit() {
    local want=$1; shift
    "$@" >"$OUT" 2>"$ERR"; local got=$?
    [ "$got" -eq "$want" ] || fail "exit $got, expected $want: $*"
}
done_ok() { echo ok; exit 0; }
