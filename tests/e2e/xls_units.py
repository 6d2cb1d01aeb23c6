"""Compare the `units` of two chiso JSON outputs (the same appendix read from two formats).

    python3 xls_units.py a.json b.json     exit 0 when equal, else prints the first difference
Where a unit or value names its source file (`source`), the file names differ by design: ignored.
"""
import json
import sys


def strip(x):
    if isinstance(x, dict):
        return {k: strip(v) for k, v in x.items() if k not in ("source", "path")}
    if isinstance(x, list):
        return [strip(v) for v in x]
    return x


def load(path):
    doc = json.load(open(path, encoding="utf-8"))
    snaps = doc if isinstance(doc, list) else [doc]
    return [strip(s.get("units")) for s in snaps]


a, b = load(sys.argv[1]), load(sys.argv[2])
if a == b and a and a[0]:
    sys.exit(0)
if not a or not a[0]:
    sys.exit("no units in " + sys.argv[1])
for i, (sa, sb) in enumerate(zip(a, b)):
    for k, (ua, ub) in enumerate(zip(sa or [], sb or [])):
        if ua != ub:
            sys.exit("snapshot %d unit %d differs:\n  %s\n  %s" % (i, k, json.dumps(ua, ensure_ascii=False),
                                                               json.dumps(ub, ensure_ascii=False)))
    if len(sa or []) != len(sb or []):
        sys.exit("snapshot %d: %d units vs %d" % (i, len(sa or []), len(sb or [])))
sys.exit("%d snapshots vs %d" % (len(a), len(b)))
