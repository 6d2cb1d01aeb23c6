#!/usr/bin/python3
"""Golden runner for tests/bad/ (format: tests/bad/README.md), in the manner of
zstd's tests/cli-tests: every tests/bad/*.golden names a command, its exit code
and its stderr (and optionally stdout); the command is run from the repository
root and its output compared.

    bad_golden.py                 run every case (CHISO, TMPD from the environment)
    bad_golden.py NAME...         run only these cases (file names, with or without .golden)
    bad_golden.py --update NAME.. rewrite exit/stderr/stdout of these cases from what
                                  chiso does now (then review the diff by hand!)
"""
import os, pathlib, re, shutil, subprocess, sys

ROOT = pathlib.Path(__file__).resolve().parent.parent.parent
BAD = ROOT / "tests/bad"
KEYS = ("setup", "cmd", "exit", "check", "timeout", "pending")


def parse(path):
    g = {"setup": [], "check": [], "comments": [], "stderr": None, "stdout": None}
    section = None
    for line in path.read_text(encoding="utf-8").split("\n"):
        if section is None and (line.startswith("#") or not line.strip()):
            g["comments"].append(line)
            continue
        if line in ("stderr:", "stdout:"):
            section = line[:-1]
            g[section] = []
            continue
        if section:
            g[section].append(line)
            continue
        key, _, val = line.partition(":")
        if key not in KEYS:
            raise ValueError("%s: unknown line %r" % (path, line))
        val = val.strip()
        if key in ("setup", "check"):
            g[key].append(val)
        else:
            g[key] = val
    for sec in ("stderr", "stdout"):
        # The file ends with a newline: drop the empty last element.
        if g[sec] is not None and g[sec] and g[sec][-1] == "":
            g[sec].pop()
    if "cmd" not in g or "exit" not in g or g["stderr"] is None:
        raise ValueError("%s: needs cmd:, exit: and stderr:" % path)
    return g


def line_re(pat):
    return re.compile("".join(".*" if p == "{*}" else re.escape(p) for p in re.split(r"(\{\*\})", pat)) + r"\Z",
                      re.S)


def match(expected, actual):
    """expected lines (with {*} and ... lines) against actual lines; True if they match."""
    memo = {}

    def m(i, j):
        if (i, j) in memo:
            return memo[i, j]
        if i == len(expected):
            r = j == len(actual)
        elif expected[i] == "...":
            r = any(m(i + 1, k) for k in range(j, len(actual) + 1))
        else:
            r = j < len(actual) and bool(line_re(expected[i]).match(actual[j])) and m(i + 1, j + 1)
        memo[i, j] = r
        return r
    return m(0, 0)


def run(path, tmpd, chiso):
    g = parse(path)
    case_tmp = pathlib.Path(tmpd) / path.stem
    if case_tmp.exists():
        shutil.rmtree(case_tmp)
    case_tmp.mkdir(parents=True)
    env = dict(os.environ, TMPD=str(case_tmp), ROOT=str(ROOT), PY="/usr/bin/python3", CHISO=chiso,
               LC_ALL="C.UTF-8")
    prelude = 'chiso() { "$CHISO" "$@"; }\nset -u\n'
    for s in g["setup"]:
        r = subprocess.run(["bash", "-c", prelude + s], cwd=ROOT, env=env, capture_output=True)
        if r.returncode != 0:
            return g, None, "setup failed: %s\n%s" % (s, r.stderr.decode(errors="replace"))
    try:
        r = subprocess.run(["bash", "-c", prelude + g["cmd"]], cwd=ROOT, env=env, capture_output=True,
                           timeout=float(g.get("timeout", 120)))
    except subprocess.TimeoutExpired:
        return g, None, "timed out"

    def lines(b):
        t = b.decode("utf-8", errors="backslashreplace").replace(str(case_tmp), "$TMPD")
        t = t.replace(str(ROOT) + "/", "")
        out = t.split("\n")
        if out and out[-1] == "":
            out.pop()
        return out
    got = {"exit": r.returncode, "stderr": lines(r.stderr), "stdout": lines(r.stdout)}
    problems = []
    if str(r.returncode) != g["exit"]:
        problems.append("exit %d, expected %s" % (r.returncode, g["exit"]))
    if not match(g["stderr"], got["stderr"]):
        problems.append("stderr differs:\n  expected:\n%s\n  got:\n%s" % (
            "\n".join("    " + l for l in g["stderr"]), "\n".join("    " + l for l in got["stderr"])))
    if g["stdout"] is not None and not match(g["stdout"], got["stdout"]):
        problems.append("stdout differs:\n  expected:\n%s\n  got:\n%s" % (
            "\n".join("    " + l for l in g["stdout"]), "\n".join("    " + l for l in got["stdout"][:40])))
    for c in g["check"]:
        cr = subprocess.run(["bash", "-c", prelude + c], cwd=ROOT, env=env, capture_output=True)
        if cr.returncode != 0:
            problems.append("check failed: %s %s" % (c, cr.stderr.decode(errors="replace")))
    return g, got, "\n".join(problems)


def write(path, g, got):
    out = [l for l in g["comments"]]
    while out and not out[-1].strip():
        out.pop()
    if "pending" in g:
        out.append("pending: " + g["pending"])
    out += ["setup: " + s for s in g["setup"]]
    out.append("cmd: " + g["cmd"])
    if "timeout" in g:
        out.append("timeout: " + g["timeout"])
    out.append("exit: %d" % got["exit"])
    out += ["check: " + c for c in g["check"]]
    out.append("stderr:")
    out += got["stderr"]
    if g["stdout"] is not None:
        out.append("stdout:")
        out += got["stdout"]
    path.write_text("\n".join(out) + "\n", encoding="utf-8")


def main():
    args = sys.argv[1:]
    update = args[:1] == ["--update"]
    if update:
        args = args[1:]
    chiso = os.environ.get("CHISO") or str(ROOT / "build/chiso")
    tmpd = os.environ.get("TMPD") or "/tmp/chiso-bad"
    if args:
        cases = [BAD / (a if a.endswith(".golden") else a + ".golden") for a in
                 (os.path.basename(x) for x in args)]
    else:
        cases = sorted(BAD.glob("*.golden"))
    failed = 0
    for c in cases:
        g, got, problems = run(c, tmpd, chiso)
        if update and got is not None:
            write(c, g, got)
            print("updated", c.name)
            continue
        if problems and "pending" in g:
            print("pend %s (%s)" % (c.name, g["pending"]))
        elif problems:
            failed += 1
            print("FAIL %s\n  cmd: %s\n  %s" % (c.name, g["cmd"], problems.replace("\n", "\n  ")))
        else:
            print("ok   %s" % c.name)
    print("%d cases, %d failed" % (len(cases), failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
