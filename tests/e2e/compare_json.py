"""Compare chiso's JSON output with a hand-written expected file.

Units: same order, same name/key/stt/code/values (numbers exact), kind equal, except that
an expected null kind may be filled from the national list (xa, phuong, thi_tran).
Period: year/month/week/cutoff compared when the output knows them.
Warnings: the same multiset of codes, order ignored.
usage: compare_json.py [--units-only] expected.json actual.json
  --units-only: only units and period (the same table read from another format/encoding)
"""
import json
import sys
from collections import Counter

args = sys.argv[1:]
units_only = "--units-only" in args
args = [a for a in args if a != "--units-only"]
exp = json.load(open(args[0], encoding="utf-8"))
got = json.load(open(args[1], encoding="utf-8"))
if isinstance(got, list):
    if len(got) != 1:
        sys.exit(f"expected one snapshot, got {len(got)}")
    got = got[0]
errors = []
def err(msg):
    errors.append(msg)

if got.get("schema") != exp["schema"]:
    err(f"schema {got.get('schema')!r}")
for k in (() if units_only else ("path", "format", "encoding")):
    if got["sources"][0].get(k) != exp["sources"][0][k]:
        err(f"sources[0].{k}: {got['sources'][0].get(k)!r} != {exp['sources'][0][k]!r}")
for k in ("year", "month", "week", "cutoff"):
    g = got.get("period", {}).get(k)
    if g is not None and g != exp["period"][k]:
        err(f"period.{k}: {g!r} != {exp['period'][k]!r}")

eu, gu = exp["units"], got["units"]
if len(eu) != len(gu):
    err(f"{len(gu)} units, expected {len(eu)}: {[u['name'] for u in gu]}")
for i, (e, g) in enumerate(zip(eu, gu)):
    where = f"unit {i} ({e['name']})"
    for k in ("name", "key", "code"):
        if g.get(k) != e.get(k):
            err(f"{where}: {k} {g.get(k)!r} != {e.get(k)!r}")
    if g.get("stt") != e.get("stt"):
        err(f"{where}: stt {g.get('stt')!r} != {e.get('stt')!r}")
    if g.get("kind") != e["kind"] and not (e["kind"] is None and g.get("kind") in ("xa", "phuong", "thi_tran")):
        err(f"{where}: kind {g.get('kind')!r} != {e['kind']!r}")
    ev, gv = e["values"], g.get("values", {})
    for k in sorted(set(ev) | set(gv)):
        if k not in gv:
            err(f"{where}: {k} missing (expected {ev[k]!r})")
        elif k not in ev:
            err(f"{where}: {k} = {gv[k]!r} not expected")
        elif type(gv[k]) is str or type(ev[k]) is str:
            if gv[k] != ev[k]:
                err(f"{where}: {k} {gv[k]!r} != {ev[k]!r}")
        elif float(gv[k]) != float(ev[k]):
            err(f"{where}: {k} {gv[k]!r} != {ev[k]!r}")
ew = Counter(w["code"] for w in exp.get("warnings", []))
gw = Counter(w["code"] for w in got.get("warnings", []))
if ew != gw and not units_only:
    err(f"warnings {dict(gw)} != expected {dict(ew)}")
if errors:
    print("\n".join(errors[:40]))
    sys.exit(1)
