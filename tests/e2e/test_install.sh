#!/usr/bin/env bash
# `make install PREFIX=...` (issue 16): binary, catalogs, manual pages and bash completion;
# the installed binary speaks Vietnamese from PREFIX/share/locale, wherever PREFIX is.
set -u
. "$(dirname "$0")/lib.sh"
unset LANGUAGE CHISO_LANG LC_ALL LANG
BUILD_DIR=$(cd "$(dirname "$CHISO")" && pwd)
P="$TMPD/prefix with space"
make -s -C "$ROOT" --no-print-directory install BUILD="$BUILD_DIR" PREFIX="$P" >"$OUT" 2>"$ERR" || fail "make install"
for f in bin/chiso share/locale/vi/LC_MESSAGES/chiso.mo share/man/man1/chiso.1 share/man/vi/man1/chiso.1 \
         share/bash-completion/completions/chiso; do
    [ -f "$P/$f" ] || fail "not installed: $f"
done
[ -x "$P/bin/chiso" ] || fail "bin/chiso not executable"
# Moved away from the build tree, the binary still finds its catalog under PREFIX.
mv "$P" "$TMPD/moved"
P="$TMPD/moved"
LANG=C "$P/bin/chiso" --lang vi xyz 2>"$ERR"; grep -q "không có lệnh" "$ERR" || fail "installed binary not Vietnamese"
LANG=vi_VN.UTF-8 "$P/bin/chiso" --help >"$OUT"; grep -q "^Cách dùng:" "$OUT" || fail "installed --help not Vietnamese"
# The manual pages are valid roff, in both languages.
if command -v man >/dev/null; then
    MANWIDTH=80 man -l "$P/share/man/man1/chiso.1" 2>"$ERR" | grep -q "EXIT STATUS" || fail "man page"
    LC_ALL=C.UTF-8 MANWIDTH=80 man -l "$P/share/man/vi/man1/chiso.1" 2>"$ERR" | grep -q "MÃ THOÁT" || fail "Vietnamese man page"
fi
# Completion: commands, a command's options, option values, file names.
bash -c '
. "$1/share/bash-completion/completions/chiso"
t() { COMP_WORDS=("$@"); COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); COMPREPLY=(); _chiso; echo "${COMPREPLY[*]}"; }
t chiso con | grep -qw convert || exit 11
t chiso convert --pr | grep -qw -- --previous || exit 12
t chiso units --pr | grep -qw -- --previous && exit 13
t chiso convert --to x | grep -qw xlsx || exit 14
t chiso --lang "" | grep -qw vi || exit 15
cd "$2" && t chiso convert samples/phu-tan-2024-t5 | grep -q "phu-tan-2024-t5-w1.xlsx" || exit 16
' _ "$P" "$ROOT" || fail "bash completion (case $?)"
done_ok
