#!/usr/bin/python3
"""Compare two `chiso history --to json` outputs: a historical shape and the same data as
one file per period. Usage: test_shapes.py SHAPE.json PER_PERIOD.json [NPERIODS]

Both must hold the same set of (year, quarter, month, week, unit key, indicator, value);
every value read from a file (all but the computed classification) must name its source
and cell, and its sheet when the source is a workbook.
"""
import json, sys


def load(path):
    with open(path, encoding='utf-8') as f:
        rows = json.load(f)
    out = set()
    for r in rows:
        v = r['value']
        if isinstance(v, float):
            v = round(v, 6)
        out.add((r.get('year'), r.get('quarter'), r.get('month'), r.get('week'), r['key'], r['indicator'], v))
        computed = r['indicator'] == 'xep_loai' and r['cell'] is None
        if computed:
            continue
        if not r.get('source') or not r.get('cell'):
            sys.exit('%s: %s/%s/%s has no source or cell: %r' % (path, r['period'], r['key'], r['indicator'], r))
        if r['source'].endswith('.xlsx') and not r.get('sheet'):
            sys.exit('%s: %s/%s from a workbook names no sheet' % (path, r['key'], r['indicator']))
    return out, rows


a, ra = load(sys.argv[1])
b, rb = load(sys.argv[2])
if a != b:
    only_a = sorted(a - b, key=str)[:8]
    only_b = sorted(b - a, key=str)[:8]
    sys.exit('different values:\n  only in %s: %s\n  only in %s: %s' % (sys.argv[1], only_a, sys.argv[2], only_b))
if len(sys.argv) > 3:
    periods = {(r.get('year'), r.get('month'), r.get('week')) for r in ra}
    if len(periods) != int(sys.argv[3]):
        sys.exit('%d periods, expected %s' % (len(periods), sys.argv[3]))
print('same %d values' % len(a))
