#!/usr/bin/python3
"""check: helper for goldens: jcheck.py OUT.json 'PYTHON EXPRESSION' — the expression sees
d (the JSON), units (d['units']), names (their names) and by_name (name -> values);
exits 1 (printing the expression) when it is false."""
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
units = d["units"] if isinstance(d, dict) else [u for s in d for u in s["units"]]
names = [u["name"] for u in units]
by_name = {u["name"]: u.get("values", {}) for u in units}
ok = eval(sys.argv[2], {"d": d, "units": units, "names": names, "by_name": by_name, "len": len})
if not ok:
    print("jcheck failed:", sys.argv[2], "names:", names, file=sys.stderr)
    sys.exit(1)
