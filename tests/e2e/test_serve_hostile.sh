#!/usr/bin/env bash
# Hostile uploads through `chiso serve` (issue 14): every file of tests/bad/ and of the fuzz
# corpora (seeds and regressions) is sent to /api/convert; each answer is 200, 400, 413 or
# 422 with a JSON error (never 500, never a dropped connection), and the server is alive
# after each. A conversion that exceeds its limits (--memory) gets a clear 422 "limits".
set -u
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/serve_lib.sh"
start_server --workers 2 --max-upload 8M --memory 64M
B="$TMPD/body"
n=0
while IFS= read -r -d '' f; do
    case "$f" in *.golden|*.py|*/README.md|*.dict) continue ;; esac
    [ -s "$f" ] || continue
    st=$(curl -s -o "$B" -w '%{http_code}' --max-time 120 -F "file=@$f;filename=$(basename "$f")" -F to=json "$BASE/api/convert")
    case "$st" in
        200) ;;
        400|413|422) "$PY" -c 'import json,sys; e=json.load(open(sys.argv[1]))["error"]; assert e["code"] and e["message"]' "$B" \
                || fail "$f: $st without a JSON error: $(head -c 200 "$B")" ;;
        *) fail "$f: status $st: $(head -c 300 "$B")" ;;
    esac
    alive "$f"
    n=$((n+1))
done < <(find "$ROOT/tests/bad" "$ROOT/tests/fuzz/corpus" "$ROOT/tests/fuzz/regress" -type f -print0 | sort -z)
[ "$n" -ge 150 ] || fail "only $n hostile files sent"

# Over its memory limit (64M here): a 50,000-row appendix cannot be converted in 64 MB.
# (A sanitizer build has no memory limit: AddressSanitizer needs terabytes of address space.)
if grep -q 'no memory limit in a sanitizer build' "$SERVE_LOG"; then
    echo "$n hostile files; memory limit not checked (sanitizer build)"
    done_ok
fi
"$PY" - "$ROOT/samples/phu-tan-2024-t5-w1.csv" "$TMPD/big.csv" <<'PYEOF'
import sys
lines = open(sys.argv[1], encoding="utf-8").read().splitlines()
out, n = lines[:6], 0
while len(out) < 50000:
    for r in lines[7:]:
        c = r.split(","); n += 1; c[0] = str(n); c[1] = "Xã Số %d" % n
        out.append(",".join(c))
open(sys.argv[2], "w", encoding="utf-8").write("\n".join(out) + "\n")
PYEOF
st=$(curl -s -o "$B" -w '%{http_code}' --max-time 120 -F "file=@$TMPD/big.csv" -F to=json "$BASE/api/convert")
[ "$st" = 422 ] || fail "over the memory limit: status $st $(head -c 300 "$B")"
"$PY" -c 'import json,sys; e=json.load(open(sys.argv[1]))["error"]; assert e["code"] == "limits" and "giới hạn" in e["message"], e' "$B" \
    || fail "over the memory limit: $(cat "$B")"
alive "over the memory limit"
echo "$n hostile files"
done_ok
