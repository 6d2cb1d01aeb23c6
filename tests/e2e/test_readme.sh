#!/usr/bin/env bash
# Every command of the README's "Hướng dẫn nhanh" runs as written from the source folder
# (issue 16): the fenced ```sh blocks of that section are extracted and run in a copy of
# samples/ with build/ pointing at the binary under test.
set -u
. "$(dirname "$0")/lib.sh"
W="$TMPD/clone"
mkdir -p "$W/build"
cp -r "$ROOT/samples" "$W/samples"
ln -s "$CHISO" "$W/build/chiso"
ln -s "$(dirname "$CHISO")/locale" "$W/build/locale" 2>/dev/null
"$PY" - "$ROOT/README.md" > "$TMPD/cmds" <<'PY'
import re, sys
t = open(sys.argv[1], encoding="utf-8").read()
sec = t.split("<!-- section: huong-dan-nhanh -->", 1)[1].split("<!-- section:", 1)[0]
for block in re.findall(r"```sh\n(.*?)```", sec, re.S):
    for line in block.splitlines():
        if line.strip() and not line.startswith("#"):
            print(line)
PY
n=$(wc -l < "$TMPD/cmds")
[ "$n" -ge 5 ] || fail "only $n commands in Hướng dẫn nhanh"
while IFS= read -r cmd; do
    (cd "$W" && bash -c "$cmd") >"$OUT" 2>"$ERR" || fail "README command failed: $cmd"
    grep -q "^chiso: .*: " "$ERR" && ! grep -q "cảnh báo\|đã ghi\|history:" "$ERR" && fail "README command said an error: $cmd"
done < "$TMPD/cmds"
[ -s "$W/phu-luc-tuan-01.xlsx" ] && [ -s "$W/lich-su.xlsx" ] || fail "README outputs missing"
done_ok
