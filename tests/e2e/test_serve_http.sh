#!/usr/bin/env bash
# `chiso serve` over HTTP with curl (issue 14): every sample converts and its downloads are
# byte-identical to `chiso convert`'s; bad requests get the right status and a Vietnamese
# message, and the server keeps serving after each.
set -u
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/serve_lib.sh"
command -v curl >/dev/null || fail "curl is missing (scripts/install-deps.sh installs it)"
start_server --max-upload 2M --workers 2 --idle-timeout 2
B="$TMPD/body"
# post URL CURL-ARGS...: sets ST (status); the body is in $B
post() { local url=$1; shift; ST=$(curl -s -o "$B" -w '%{http_code}' --max-time 60 "$@" "$BASE$url"); }
jget() { "$PY" -c 'import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$B" "$1"; }
expect() {   # expect STATUS CODE WHAT: status, error code and a Vietnamese message
    [ "$ST" = "$1" ] || fail "$3: status $ST, expected $1: $(head -c 300 "$B")"
    if [ -n "$2" ]; then
        [ "$(jget "d['error']['code']")" = "$2" ] || fail "$3: error code $(head -c 300 "$B"), expected $2"
        jget "d['error']['message']" | grep -q '[ạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹđĐàáâãèéêìíòóôõùúăơư]' \
            || fail "$3: message not in Vietnamese: $(head -c 300 "$B")"
    fi
    alive "$3"
}

# --- the page, health, headers
[ "$(curl -s "$BASE/healthz")" = "ok" ] || fail "healthz"
curl -s -D "$TMPD/h" -o "$TMPD/index.html" "$BASE/" || fail "GET /"
grep -qi "^content-security-policy: default-src 'none'; script-src 'self'" "$TMPD/h" || fail "no CSP on /"
grep -q '<script type="module" src="/app.js">' "$TMPD/index.html" || fail "page without its script"
grep -q '<script>' "$TMPD/index.html" && fail "inline script in the page"
for a in app.js api.js model.js style.css districts.js; do
    [ "$(curl -s -o /dev/null -w '%{http_code}' "$BASE/$a")" = 200 ] || fail "GET /$a"
done
curl -s "$BASE/districts.js" | grep -q '"Phú Tân, An Giang"' || fail "districts: no Phú Tân, An Giang"

# --- every sample converts; downloads identical to the command line
for f in "$ROOT"/samples/*; do
    case "$f" in *.rules) continue ;; esac
    post /api/convert -F "file=@$f"
    [ "$ST" = 200 ] || fail "sample $(basename "$f"): status $ST $(head -c 300 "$B")"
    [ "$(jget "sorted(d.keys())")" = "['downloads', 'files', 'id', 'result', 'result_too_large', 'summary', 'warnings']" ] || fail "sample $(basename "$f"): keys"
done
alive samples
post /api/convert -F "file=@$ROOT/samples/phu-tan-2024-t5-w1.csv" -F "previous=@$ROOT/samples/phu-tan-2024-t4.csv"
expect 200 "" "convert with previous"
[ "$(jget "len(d['id'])")" = 32 ] || fail "id is not 128 bits in hex"
"$PY" -c 'import json,sys; sys.stdout.write(json.load(open(sys.argv[1]))["summary"])' "$B" > "$TMPD/summary.web"
(cd "$ROOT/samples" && "$CHISO" --lang vi summary phu-tan-2024-t5-w1.csv --previous phu-tan-2024-t4.csv -q) > "$TMPD/summary.cli" || fail "cli summary"
cmp -s "$TMPD/summary.web" "$TMPD/summary.cli" || fail "summary differs from chiso summary"
for k in xlsx csv json; do
    url=$(jget "d['downloads']['$k']")
    curl -s -o "$TMPD/web.$k" "$BASE$url" || fail "download $k"
    (cd "$ROOT/samples" && "$CHISO" --lang vi convert phu-tan-2024-t5-w1.csv --previous phu-tan-2024-t4.csv -q -o "$TMPD/cli.$k") || fail "cli $k"
    cmp -s "$TMPD/web.$k" "$TMPD/cli.$k" || fail "download .$k differs from chiso convert's"
done
curl -s -D "$TMPD/h" -o /dev/null "$BASE$(jget "d['downloads']['xlsx']")"
grep -qi '^content-disposition: attachment; filename="phu-luc-phu-tan-2024-t5-w1.xlsx"' "$TMPD/h" || fail "download name"
# options reach the command line: title, caption, attached_to, scope, rules
post /api/convert -F "file=@$ROOT/samples/phu-tan-2024-t5-w1.csv" -F "title=PHỤ LỤC THỬ" -F "scope=Phú Tân, An Giang" \
     -F $'rules=dvc_truc_tuyen < 60\n' -F to=xlsx -F "caption=Phụ lục 1" -F "attached_to=Kèm theo Báo cáo số 123/BC-UBND"
expect 200 "" "convert with options"
[ "$(jget "sorted(d['downloads'])")" = "['json', 'xlsx']" ] || fail "to=xlsx: downloads $(jget "d['downloads']")"
curl -s -o "$TMPD/web2.xlsx" "$BASE$(jget "d['downloads']['xlsx']")"
printf 'dvc_truc_tuyen < 60\n' > "$TMPD/r.rules"
(cd "$ROOT/samples" && "$CHISO" --lang vi convert phu-tan-2024-t5-w1.csv --title "PHỤ LỤC THỬ" --scope "Phú Tân, An Giang" --rules "$TMPD/r.rules" \
     --caption "Phụ lục 1" --attached-to "Kèm theo Báo cáo số 123/BC-UBND" -q -o "$TMPD/cli2.xlsx")
cmp -s "$TMPD/web2.xlsx" "$TMPD/cli2.xlsx" || fail "options: download differs from chiso convert's"
jget "d['warnings']" | grep -q near_match || fail "scope: no near_match warning"

# --- bad requests
printf '' > "$TMPD/empty.csv"
post /api/convert -F "file=@$TMPD/empty.csv";               expect 400 empty "empty upload"
post /api/convert -F "title=x";                             expect 400 empty "no file part"
post /api/convert -H 'Content-Type: application/json' --data '{}'; expect 400 bad_request "not multipart"
head -c 3000000 /dev/zero > "$TMPD/big.csv"
post /api/convert -F "file=@$TMPD/big.csv";                 expect 413 too_large "over the cap"
head -c 3000 /dev/urandom > "$TMPD/garbage.xls"
post /api/convert -F "file=@$TMPD/garbage.xls";             expect 422 unreadable "garbage bytes"
printf '%%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%%%EOF\n' > "$TMPD/bao-cao.pdf"
post /api/convert -F "file=@$TMPD/bao-cao.pdf";             expect 422 unreadable "a PDF"
post /api/convert -F "file=@$ROOT/samples/phu-tan-2024-t5-w1.csv" -F $'rules=dvc < 50\n'; expect 400 bad_request "bad rules"
jget "d['error']['message']" | grep -q "dvc_truc_tuyen" || fail "bad rules: message does not name the fix"
post /api/convert -F "file=@$ROOT/samples/phu-tan-2024-t5-w1.csv" -F to=pdf; expect 400 bad_request "to=pdf"
post /api/convert -F "file=@$TMPD/empty.csv" -F lang=en
[ "$ST" = 400 ] && jget "d['error']['message']" | grep -q '^No file' || fail "lang=en: $(cat "$B")"
ST=$(curl -s -o "$B" -w '%{http_code}' -X PUT "$BASE/api/convert");    expect 405 method "PUT /api/convert"
ST=$(curl -s -o "$B" -w '%{http_code}' "$BASE/api/convert");           expect 405 method "GET /api/convert"
ST=$(curl -s -o "$B" -w '%{http_code}' -X DELETE "$BASE/");            expect 405 method "DELETE /"
ST=$(curl -s -o "$B" -w '%{http_code}' "$BASE/r/00000000000000000000000000000000/phu-luc.xlsx"); expect 404 not_found "unknown id"
ST=$(curl -s -o "$B" -w '%{http_code}' "$BASE/r/../../etc/passwd" --path-as-is);                 expect 404 not_found "id traversal"
ST=$(curl -s -o "$B" -w '%{http_code}' --path-as-is "$BASE/../../../etc/passwd");                expect 404 not_found "path traversal GET"
ST=$(curl -s -o "$B" -w '%{http_code}' "$BASE/convert/");                                       expect 404 not_found "no directory listing"
# a path-traversal file name: saved under a plain name inside the server's own folder
mark="chiso-serve-traversal-$$"
post /api/convert -F "file=@$ROOT/samples/phu-tan-2024-t5-w1.csv;filename=../../../../tmp/$mark.csv"
expect 200 "" "path-traversal file name"
[ "$(jget "d['files'][0]['name']")" = "$mark.csv" ] || fail "traversal name saved as $(jget "d['files'][0]['name']")"
[ -e "/tmp/$mark.csv" ] && fail "the server wrote outside its folder"
post /api/convert -F "file=@$ROOT/samples/phu-tan-2024-t5-w1.csv;filename=.."
expect 200 "" "file name '..'"
[ "$(jget "d['files'][0]['name']")" = "tep-1" ] || fail "'..' saved as $(jget "d['files'][0]['name']")"
post /api/convert -F "file=@$ROOT/samples/phu-tan-2024-t5-w1.csv;filename=-o.csv"
expect 200 "" "file name like an option"
# --- history
args=(); for f in "$ROOT"/tests/data/history/*.csv; do args+=(-F "file=@$f"); done
post /api/history "${args[@]}"
expect 200 "" "history"
curl -s -o "$TMPD/web-h.xlsx" "$BASE$(jget "d['downloads']['xlsx']")"
(cd "$ROOT/tests/data/history" && "$CHISO" --lang vi history *.csv -q -o "$TMPD/cli-h.xlsx")
cmp -s "$TMPD/web-h.xlsx" "$TMPD/cli-h.xlsx" || fail "history download differs from chiso history's"
jget "d['warnings']" | grep -q duplicate_period || fail "history: duplicate_period warning missing"
post /api/history -F "file=@$TMPD/empty.csv";               expect 400 empty "empty history"
# --- units (suggestions from the national list)
[ "$(curl -s "$BASE/api/units?q=Ph%C3%BA%20H%C6%B0ng%2C%20An%20Giang" | "$PY" -c 'import json,sys; print(any("30451" in l for l in json.load(sys.stdin)["units"]))')" = True ] || fail "units"

# --- at most --workers conversions: a client that holds both slots makes the next one 503
"$PY" "$ROOT/tests/e2e/serve_slow.py" busy "$PORT" "$BASE" || fail "busy: $(tail -3 "$SERVE_LOG")"
alive "busy"
# --- a slow client is cut off after --idle-timeout, and others are served meanwhile
"$PY" "$ROOT/tests/e2e/serve_slow.py" slow "$PORT" "$BASE" || fail "slow client"
alive "slow client"
# --- one log line per request, no contents
grep -Eq '^[0-9T:-]+Z POST /api/convert id=[0-9a-f]{8} files=2 bytes=[0-9]+ status=200 result=ok ms=[0-9]+$' "$SERVE_LOG" || fail "log line"
grep -q 'Phú Long' "$SERVE_LOG" && fail "the log holds file contents"
[ -z "$(ls -d "$TMPD"/serve-tmp/chiso-serve-[!r]* 2>/dev/null)" ] || fail "request folders left behind"
stop_server
[ -z "$(ls "$TMPD"/serve-tmp)" ] || fail "the server left files in its TMPDIR: $(ls "$TMPD"/serve-tmp)"
done_ok
