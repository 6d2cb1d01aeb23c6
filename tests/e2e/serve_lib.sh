# Starting `chiso serve` in a test: start_server [OPTIONS] sets PORT and SPID and BASE.
# The server listens on 127.0.0.1 on a free port it picks (--port 0) and writes that port
# to a file once listening, so there is no race and no sleep: the test polls for the
# file with a bounded loop. It stops with the test (trap, and --stop-with-parent).
SERVE_LOG="$TMPD/serve.log"
start_server() {
    local pf="$TMPD/port.$$.$RANDOM"
    rm -f "$pf"
    mkdir -p "$TMPD/serve-tmp"
    TMPDIR="$TMPD/serve-tmp" "$CHISO" serve --port 0 --port-file "$pf" --stop-with-parent "$@" >>"$SERVE_LOG" 2>&1 &
    SPID=$!
    local i=0
    while [ ! -s "$pf" ]; do
        i=$((i+1))
        kill -0 "$SPID" 2>/dev/null || fail "server did not start: $(tail -5 "$SERVE_LOG")"
        [ $i -lt 3000 ] || fail "server did not write its port"
        sleep 0.01
    done
    PORT=$(cat "$pf")
    BASE="http://127.0.0.1:$PORT"
    trap 'stop_server' EXIT
}
stop_server() {
    [ -n "${SPID:-}" ] && kill "$SPID" 2>/dev/null && wait "$SPID" 2>/dev/null
    SPID=
}
alive() {
    [ "$(curl -s --max-time 10 "$BASE/healthz")" = "ok" ] || fail "server not alive after: $*"
}
