#!/usr/bin/env bash
# Issue 15: no data loss and careful output replacement. Every option that names a file
# read is checked against -o before anything is read, in every command (through links and
# ".."); -o - is stdout; a device or FIFO is written into; a symlink's target is replaced;
# permissions kept (existing) or 0666 & ~umask (new); temporary files honour TMPDIR and
# never stay; a 251-byte name works; signals remove the temporary file and exit 128+n;
# a full disk is said plainly; control characters in file names are escaped.
set -u
. "$(dirname "$0")/lib.sh"
S="$ROOT/samples/phu-tan-2024-t5-w1.csv"
D="$TMPD/w"; mkdir -p "$D"; cd "$D"
cp "$S" in.csv
printf 'dvc_truc_tuyen < 50\n' >r.rules
cp r.rules r.orig
nothing_left() { local l; l=$(ls -A "$1" | grep -E '^\.chiso-|\.tmp' || true); [ -z "$l" ] || fail "temporary files left in $1: $l"; }

# 1. history/convert/summary never overwrite a file they read: --rules, --previous, inputs,
#    through a symlink and "..", and the 70th input (more than the old 64 checked).
mkdir -p sub; ln -sf r.rules rl.rules
for o in r.rules rl.rules sub/../r.rules "$D/r.rules"; do
    for cmd in "history in.csv --rules r.rules --to csv" "convert in.csv --rules r.rules --to csv"; do
        expect_exit 1 "$CHISO" $cmd -o "$o"
        grep -q "would overwrite an input" "$ERR" || fail "$cmd -o $o: no refusal"
        cmp -s r.rules r.orig || fail "$cmd -o $o: the rules file was overwritten"
    done
done
cp in.csv prev.csv; cp prev.csv prev.orig
for cmd in convert history; do
    expect_exit 1 "$CHISO" $cmd in.csv --previous prev.csv --to csv -o sub/../prev.csv
    cmp -s prev.csv prev.orig || fail "$cmd: --previous overwritten"
done
printf 'x,y\n' >al.csv; cp al.csv al.orig
for cmd in convert history; do
    expect_exit 1 "$CHISO" $cmd in.csv --aliases al.csv --to csv -o ./sub/../al.csv
    cmp -s al.csv al.orig || fail "$cmd: --aliases overwritten"
done
args=(); for i in $(seq 1 69); do args+=(in.csv); done
cp in.csv last.csv
expect_exit 1 "$CHISO" convert "${args[@]}" last.csv --to csv -o last.csv
cmp -s last.csv in.csv || fail "the 70th input was overwritten"
# a folder of inputs and -o inside it
mkdir -p batch; cp in.csv batch/a.csv
expect_exit 1 "$CHISO" history batch -o batch/out.csv
[ ! -e batch/out.csv ] || fail "history wrote its output into the folder it reads"
nothing_left "$D"; nothing_left batch

# 2. -o - is stdout; a device is written into and stays a device; a FIFO is written into.
expect_exit 0 "$CHISO" convert in.csv --to json -o -
[ -s "$OUT" ] || fail "-o - wrote nothing on stdout"
expect_exit 0 "$CHISO" convert in.csv --to json -o /dev/null
[ -c /dev/null ] || fail "/dev/null is no longer a device"
expect_exit 0 "$CHISO" convert in.csv --to xlsx -o /dev/null
[ -c /dev/null ] || fail "/dev/null is no longer a device (xlsx)"
mkfifo ff
(cat ff >fifo.out) & cpid=$!
expect_exit 0 "$CHISO" convert in.csv --to csv -o ff
wait $cpid
[ -p ff ] || fail "the FIFO was replaced"
[ -s fifo.out ] || fail "nothing came through the FIFO"

# 3. A symlink is followed: its target replaced, the link stays.
printf 'old\n' >target.json; ln -sf target.json link.json
expect_exit 0 "$CHISO" convert in.csv -o link.json
[ -L link.json ] || fail "the symlink was replaced by a file"
grep -q '"units"\|"snapshots"\|{' target.json || fail "the symlink's target was not written"
nothing_left "$D"

# 4. Permissions: an existing file keeps its mode; a new one gets 0666 & ~umask.
printf 'old\n' >p.json; chmod 600 p.json
expect_exit 0 "$CHISO" convert in.csv -o p.json
[ "$(stat -c %a p.json)" = 600 ] || fail "existing 0600 output became $(stat -c %a p.json)"
(umask 077; "$CHISO" -q convert in.csv -o n077.json) || fail "umask 077 run"
[ "$(stat -c %a n077.json)" = 600 ] || fail "new output under umask 077 is $(stat -c %a n077.json)"
(umask 002; "$CHISO" -q convert in.csv -o n002.xlsx) || fail "umask 002 run"
[ "$(stat -c %a n002.xlsx)" = 664 ] || fail "new xlsx under umask 002 is $(stat -c %a n002.xlsx)"

# 5. TMPDIR honoured, nothing left when the reader of stdout goes away.
mkdir -p tmpd
before=$(ls /tmp | grep -c '^chiso-' || true)
TMPDIR="$D/tmpd" "$CHISO" convert in.csv --to xlsx 2>"$TMPD/pipe.err" | head -c 10 >/dev/null
nothing_left tmpd
[ -z "$(ls -A tmpd)" ] || fail "files left in TMPDIR: $(ls -A tmpd)"
after=$(ls /tmp | grep -c '^chiso-' || true)
[ "$after" -le "$before" ] || fail "a temporary file was left in /tmp"

# 6. A valid 251-byte name works (the temporary name must not lengthen it).
long=$(printf 'a%.0s' $(seq 1 246)).json
expect_exit 0 "$CHISO" convert in.csv -o "$long"
[ -s "$long" ] || fail "251-byte -o name"
nothing_left "$D"

# 6b. A temporary file left by a run that is gone (the fallback name, after a SIGKILL) is
#     removed by the next run writing in that folder; one of a live process is not.
mkdir -p stale
: >stale/.chiso-999999999-abcdef.tmp
: >"stale/.chiso-$$-ghijkl.tmp"
expect_exit 0 "$CHISO" convert in.csv -o stale/r.json
[ ! -e stale/.chiso-999999999-abcdef.tmp ] || fail "a dead run's temporary file was not removed"
[ -e "stale/.chiso-$$-ghijkl.tmp" ] || fail "a live process's temporary file was removed"
rm -rf stale

# 7. SIGXFSZ (file size limit, not ignored): exit 128+25, one line, old output intact.
for ext in json xlsx; do
    printf 'OLD\n' >keep.$ext
    (ulimit -f 1; exec "$CHISO" convert in.csv -o keep.$ext) >"$OUT" 2>"$ERR"; rc=$?
    [ $rc -eq 153 ] || fail "SIGXFSZ -> .$ext: exit $rc, expected 153"
    [ "$(wc -l <"$ERR")" -eq 1 ] || fail "SIGXFSZ: not one line: $(cat "$ERR")"
    [ "$(cat keep.$ext)" = OLD ] || fail "SIGXFSZ: the old .$ext was lost"
    nothing_left "$D"
done

# 8. A full disk is said plainly (/dev/full: a device written into, ENOSPC).
for to in json csv xlsx; do
    expect_exit 2 "$CHISO" convert in.csv --to $to -o /dev/full
    grep -q "no space left on the disk" "$ERR" || fail "full disk ($to): $(cat "$ERR")"
done

# ...and a real full file system, when this machine lets us mount a tiny one (root, not in
# a restricted container): the old output survives, no temporary file, the plain message.
mkdir -p "$D/full"
if mount -t tmpfs -o size=8k tmpfs "$D/full" 2>/dev/null; then
    for to in xlsx csv; do
        printf 'OLD\n' >"$D/full/o.$to"
        expect_exit 2 "$CHISO" convert "$S" --to $to -o "$D/full/o.$to"
        grep -q "no space left on the disk" "$ERR" || { umount "$D/full"; fail "tmpfs full ($to): $(cat "$ERR")"; }
        [ "$(cat "$D/full/o.$to")" = OLD ] || { umount "$D/full"; fail "tmpfs full ($to): old output lost"; }
        [ "$(ls -A "$D/full" | wc -l)" -eq 2 ] || [ "$(ls -A "$D/full" | grep -c chiso)" -eq 0 ] || { umount "$D/full"; fail "tmpfs full: temporary file left"; }
    done
    umount "$D/full"
fi

# 9. Control characters in file names are escaped in messages.
expect_exit 2 "$CHISO" convert "$(printf 'ab\ncd\033[2J.csv')" -o x.json
[ "$(wc -l <"$ERR")" -eq 1 ] || fail "a newline in a file name forged a line: $(cat "$ERR")"
grep -q 'ab\\x0acd\\x1b\[2J.csv' "$ERR" || fail "control characters not escaped: $(cat "$ERR")"
done_ok
