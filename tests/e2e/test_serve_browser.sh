#!/usr/bin/env bash
# The page of `chiso serve` in a real browser (tests/e2e/serve_browser.py says what is
# checked). Needs Debian's chromium, chromium-driver and python3-selenium
# (`scripts/install-deps.sh --browser`); without them this test says so and passes,
# unless BROWSER_REQUIRED=1 (`make test-browser`). Takes about 20 seconds.
set -u
TMPD=${TMPD:-$(mktemp -d)}
PY=${PY:-/usr/bin/python3}
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/serve_lib.sh"
missing=""
[ -x /usr/bin/chromium ] || missing="$missing chromium"
[ -x /usr/bin/chromedriver ] || missing="$missing chromium-driver"
"$PY" -c 'import selenium' 2>/dev/null || missing="$missing python3-selenium"
if [ -n "$missing" ]; then
    [ "${BROWSER_REQUIRED:-0}" = 1 ] && fail "missing:$missing (run: bash scripts/install-deps.sh --browser)"
    echo "SKIP: browser test of chiso serve — missing:$missing (make test-browser installs them)"
    exit 0
fi
start_server
"$PY" "$ROOT/tests/e2e/serve_browser.py" "$BASE" "$CHISO" "$TMPD" || fail "browser checks (screenshots in $TMPD)"
done_ok
