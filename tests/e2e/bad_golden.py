#!/usr/bin/python3
"""Golden runner for tests/bad/ (format: tests/bad/README.md), in the manner of
zstd's tests/cli-tests: every tests/bad/*.golden names a command, its exit code
and its stderr (and optionally stdout); the command is run from the repository
root and its output compared.

    bad_golden.py                 run every case (CHISO, TMPD from the environment)
    bad_golden.py NAME...         run only these cases (file names, with or without .golden)
    bad_golden.py --update NAME.. rewrite exit/stderr/stdout of these cases from what
                                  chiso does now (then review the diff by hand!)
    --lang en|vi                  (first argument) only this language; default both

Every case runs twice: `chiso` is `chiso --lang en` against NAME.golden, then
`chiso --lang vi` against tests/bad/vi/NAME.golden (its exit:, stderr: and stdout:; the
command and checks are NAME.golden's). A Vietnamese run must print no English sentence:
the words in ENGLISH below must not appear (outside file names).
"""
import os, pathlib, re, shutil, subprocess, sys

ROOT = pathlib.Path(__file__).resolve().parent.parent.parent
BAD = ROOT / "tests/bad"
BAD_VI = BAD / "vi"
KEYS = ("setup", "cmd", "exit", "check", "timeout", "pending")
# Words of an English sentence that a Vietnamese run must not print.
ENGLISH = ("the", "cannot", "not", "is", "are", "and", "file", "sheet", "workbook", "warning",
           "error", "found", "missing", "damaged", "unknown", "check", "give", "read", "write",
           "no", "with", "spreadsheet", "table", "output", "input", "empty", "row", "column", "cell")
ENGLISH_RE = re.compile(r"\b(%s)\b" % "|".join(ENGLISH), re.I)


def english_words(lines):
    """English words in lines, once file names, $TMPD paths, option names and [codes] are taken out."""
    found = set()
    for l in lines:
        l = re.sub(r"(\$TMPD|tests/|/)\S*|--?[a-z][a-z0-9-]*|\[[a-z_0-9]+\]|'[^']*'|\S+\.(xlsx|xls|csv|json|html?|zip|txt)\b", " ", l)
        found.update(m.group(1).lower() for m in ENGLISH_RE.finditer(l))
    return sorted(found)


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


def parse_vi(path, g):
    """The Vietnamese expectations of case g: exit/stderr/stdout from tests/bad/vi/NAME.golden."""
    vi = BAD_VI / path.name
    v = dict(g)   # stdout: NAME.golden's unless the Vietnamese golden has its own
    if not vi.exists():
        v["stderr"] = None
        return v
    section = None
    for line in vi.read_text(encoding="utf-8").split("\n"):
        if section is None and (line.startswith("#") or not line.strip()):
            continue
        if line in ("stderr:", "stdout:"):
            section = line[:-1]
            v[section] = []
            continue
        if section:
            v[section].append(line)
        elif line.startswith("exit:"):
            v["exit"] = line[5:].strip()
    for sec in ("stderr", "stdout"):
        if v[sec] is not None and v[sec] and v[sec][-1] == "":
            v[sec].pop()
    return v


def run(path, tmpd, chiso, lang="en"):
    g = parse(path)
    if lang == "vi":
        g = parse_vi(path, g)
        if g["stderr"] is None:
            return g, None, "no Vietnamese golden tests/bad/vi/%s" % path.name
    case_tmp = pathlib.Path(tmpd) / lang / path.stem
    if case_tmp.exists():
        shutil.rmtree(case_tmp)
    case_tmp.mkdir(parents=True)
    env = dict(os.environ, TMPD=str(case_tmp), ROOT=str(ROOT), PY="/usr/bin/python3", CHISO=chiso,
               LC_ALL="C.UTF-8")
    prelude = 'chiso() { "$CHISO" --lang %s "$@"; }\nset -u\n' % lang
    env.pop("LANGUAGE", None)
    env.pop("CHISO_LANG", None)
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
    if lang == "vi":
        eng = english_words(got["stderr"])
        if eng:
            problems.append("English words in a Vietnamese run: %s" % ", ".join(eng))
    for c in g["check"]:
        cr = subprocess.run(["bash", "-c", prelude + c], cwd=ROOT, env=env, capture_output=True)
        if cr.returncode != 0:
            problems.append("check failed: %s %s" % (c, cr.stderr.decode(errors="replace")))
    return g, got, "\n".join(problems)


def run_any(path, tmpd, chiso, lang):
    """Run case path in lang whatever its golden says (for --update)."""
    vi = BAD_VI / path.name
    if vi.exists():
        return run(path, tmpd, chiso, lang)
    BAD_VI.mkdir(exist_ok=True)
    vi.write_text("exit: 0\nstderr:\n", encoding="utf-8")
    try:
        return run(path, tmpd, chiso, lang)
    finally:
        vi.unlink()


def write_vi(path, g, got):
    BAD_VI.mkdir(exist_ok=True)
    out = ["# Vietnamese expectations of ../%s (its cmd: and check: lines, run with --lang vi)" % path.name,
           "exit: %d" % got["exit"], "stderr:"] + got["stderr"]
    if g["stdout"] is not None and not match(g["stdout"], got["stdout"]):
        out += ["stdout:"] + got["stdout"]
    (BAD_VI / path.name).write_text("\n".join(out) + "\n", encoding="utf-8")


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
    langs = ["en", "vi"]
    if args[:1] == ["--lang"]:
        langs = [args[1]]
        args = args[2:]
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
    for lang in langs:
        for c in cases:
            if update and lang == "vi":
                _, got, _ = run_any(c, tmpd, chiso, "vi")
                g = parse(c)
                if got is not None:
                    write_vi(c, g, got)
                    print("updated vi/" + c.name)
                continue
            g, got, problems = run(c, tmpd, chiso, lang)
            if update and got is not None:
                write(c, g, got)
                print("updated", c.name)
                continue
            name = ("vi/" if lang == "vi" else "") + c.name
            if problems and "pending" in g:
                print("pend %s (%s)" % (name, g["pending"]))
            elif problems:
                failed += 1
                print("FAIL %s\n  cmd: %s\n  %s" % (name, g["cmd"], problems.replace("\n", "\n  ")))
            else:
                print("ok   %s" % name)
    print("%d cases x %d languages, %d failed" % (len(cases), len(langs), failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
