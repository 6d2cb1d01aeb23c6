#!/usr/bin/env bash
# gen-dvhc.sh DVHC_DIR OUT_DIR — compiles the national list of administrative units
# (DVHC_DIR/*.csv, see convert/dvhc/README.md) into OUT_DIR/dvhc_data.{c,h}:
# one string pool (every distinct name once, NUL-separated) and arrays of small records
# that refer to it by offset; the units before 1 July 2025 are those of the 18 published
# states of 2019-2025, each with the states it is in. No relocations, ~0.6 MB of read-only data, nothing to load
# or install at run time. Design notes: NOTES.md, section "vietnamese".
set -euo pipefail
dir=${1:?usage: gen-dvhc.sh DVHC_DIR OUT_DIR}
out=${2:?usage: gen-dvhc.sh DVHC_DIR OUT_DIR}
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
mkdir -p "$out"
# make may run this twice at once (two targets, one recipe, -j): private temporaries, atomic renames
tmpc=$(mktemp "$out/dvhc_data.c.XXXXXX"); tmph=$(mktemp "$out/dvhc_data.h.XXXXXX")
trap 'rm -f "$tmpc" "$tmph"' EXIT
"$PY" - "$dir" "$tmpc" "$tmph" <<'EOF'
import csv, sys, os

src, outc, outh = sys.argv[1:4]

def rows(name, header):
    path = os.path.join(src, name)
    with open(path, encoding='utf-8-sig', newline='') as f:
        r = csv.reader(f)
        head = [h.strip() for h in next(r)]
        if head != header:
            sys.exit(f"gen-dvhc: {path}: header {head}, expected {header}")
        for n, row in enumerate(r, 2):
            row = [c.strip() for c in row]
            if not any(row):
                continue
            if len(row) != len(header):
                sys.exit(f"gen-dvhc: {path}:{n}: {len(row)} fields, expected {len(header)}")
            yield n, row

def code(s, width, where):
    if not s.isdigit() or len(s) != width:
        sys.exit(f"gen-dvhc: {where}: code '{s}' is not {width} digits")
    return s

pool = bytearray()
offs = {}
def intern(s):
    if s not in offs:
        offs[s] = len(pool)
        pool.extend(s.encode('utf-8') + b'\0')
    return offs[s]

# The list over time (units-2019-2025.csv): every row is one (code, name, district, province)
# with the states it appears in, first..last (indexes into STATES; last = the latest state when
# last_seen is empty). Provinces and districts get records the same way: one per distinct
# (code, name), covering the states of their communes' rows.
H = list(rows('units-2019-2025.csv', ['province_code', 'province', 'district_code', 'district', 'code', 'name',
                                      'type', 'first_seen', 'last_seen']))
STATES = sorted({r[7] for n, r in H} | {r[8] for n, r in H if r[8]})
for d in STATES:
    if len(d) != 10 or d[4] != '-' or d[7] != '-' or not (d[:4] + d[5:7] + d[8:]).isdigit():
        sys.exit(f"gen-dvhc: units-2019-2025.csv: '{d}' is not a date YYYY-MM-DD")
LAST = len(STATES) - 1
prov_old, dist, units = {}, {}, []
def widen(table, key, f, l):
    rec = table[key]
    rec[1] = min(rec[1], f)
    rec[2] = max(rec[2], l)
for n, (pc, pn, dc, dn, uc, un, ty, fs, ls) in H:
    w = f'units-2019-2025.csv:{n}'
    pc, dc, uc = code(pc, 2, w), code(dc, 3, w), code(uc, 5, w)
    f, l = STATES.index(fs), STATES.index(ls) if ls else LAST
    if f > l:
        sys.exit(f"gen-dvhc: {w}: first_seen {fs} is after last_seen {ls}")
    if (pc, pn) not in prov_old:
        prov_old[(pc, pn)] = [len(prov_old), f, l]
    widen(prov_old, (pc, pn), f, l)
    pi = prov_old[(pc, pn)][0]
    if (dc, dn, pi) not in dist:
        dist[(dc, dn, pi)] = [len(dist), f, l]
    widen(dist, (dc, dn, pi), f, l)
    units.append((uc, un, dist[(dc, dn, pi)][0], f, l))
units.sort(key=lambda u: (u[0], u[3]))   # by code, then first state: binary search by code

# units-before-2025-07-01.csv is the latest state (March 2025) of the same list: check they agree
latest = {u[0]: u[1] for u in units if u[4] == LAST}
before = {}
for n, (pc, pn, dc, dn, uc, un) in rows('units-before-2025-07-01.csv',
        ['province_code', 'province', 'district_code', 'district', 'code', 'name']):
    before[code(uc, 5, f'units-before-2025-07-01.csv:{n}')] = un
if before != latest:
    diff = sorted(set(before.items()) ^ set(latest.items()))[:3]
    sys.exit(f"gen-dvhc: units-before-2025-07-01.csv differs from the latest state of units-2019-2025.csv: {diff}")

prov_new, units_new, new_index = {}, [], {}
for n, (pc, pn, uc, un) in rows('units-from-2025-07-01.csv', ['province_code', 'province', 'code', 'name']):
    w = f'units-from-2025-07-01.csv:{n}'
    pc, uc = code(pc, 2, w), code(uc, 5, w)
    if pc not in prov_new:
        prov_new[pc] = (len(prov_new), pn)
    new_index[uc] = len(units_new)
    units_new.append((uc, un, prov_new[pc][0]))

maps = []
for n, (oc, on, nc, nn, part) in rows('old-to-new.csv', ['old_code', 'old_name', 'new_code', 'new_name', 'part']):
    w = f'old-to-new.csv:{n}'
    # island districts without communes (Bạch Long Vĩ, Côn Đảo ...) map by their 3-digit district code
    oc = str(1000000 + int(code(oc, 3, w))) if len(oc) == 3 else code(oc, 5, w)
    nc = code(nc, 5, w)
    if part not in ('full', 'partial'):
        sys.exit(f"gen-dvhc: {w}: part '{part}'")
    if nc not in new_index:
        sys.exit(f"gen-dvhc: {w}: new code {nc} is not in units-from-2025-07-01.csv")
    maps.append((int(oc), new_index[nc], 1 if part == 'full' else 0))
maps.sort(key=lambda m: m[0])   # stable: a unit's new units keep the file's order

pmaps = []
for n, (oc, on, nc, nn, part) in rows('provinces-old-to-new.csv', ['old_code', 'old_name', 'new_code', 'new_name', 'part']):
    w = f'provinces-old-to-new.csv:{n}'
    po = [i for (c, _), (i, f, l) in prov_old.items() if c == oc and l == LAST]
    if not po or nc not in prov_new:
        sys.exit(f"gen-dvhc: {w}: unknown province code")
    pmaps.append((po[0], prov_new[nc][0], 1 if part == 'full' else 0))

def cstr(s):
    return '"' + s.replace('\\', '\\\\').replace('"', '\\"') + '"'

with open(outh, 'w', encoding='utf-8') as h:
    h.write(f'''/* generated by scripts/gen-dvhc.sh from the CSV files in convert/dvhc: do not edit */
#ifndef CHISO_DVHC_DATA_H
#define CHISO_DVHC_DATA_H
#include <stddef.h>
#include <stdint.h>

/* Every name once, NUL-terminated; records hold offsets into it. */
extern const char cx_dvhc_pool[];

/* The published states of the list before 1 July 2025 ("2019-09-11" ... "2025-03-01"), oldest first.
 * A record of that list is in the states first..last (indexes into cx_dvhc_states); the
 * records of the 2025 list have first = last = 0 (one state). */
#define CX_DVHC_N_STATES {len(STATES)}
extern const char cx_dvhc_states[CX_DVHC_N_STATES][11];

/* A province, district or unit renamed (or moved) has one record per name, each with its states. */
typedef struct {{ char code[3]; uint32_t name; uint8_t first, last; }} cx_dvhc_prov_rec;                 /* "89", "Tỉnh An Giang" */
typedef struct {{ char code[4]; uint32_t name; uint16_t province; uint8_t first, last; }} cx_dvhc_dist_rec; /* "888", "Huyện Phú Tân" */
/* parent: district (old) or province (new); the old units are sorted by code, then first state */
typedef struct {{ char code[6]; uint32_t name; uint16_t parent; uint8_t first, last; }} cx_dvhc_unit_rec;
/* old_code: a 5-digit commune code, or 1000000 + a 3-digit district code (island districts); sorted */
typedef struct {{ uint32_t old_code; uint16_t new_unit; uint8_t full; }} cx_dvhc_map_rec;
typedef struct {{ uint16_t old_prov, new_prov; uint8_t full; }} cx_dvhc_pmap_rec;

#define CX_DVHC_N_PROV_OLD {len(prov_old)}
#define CX_DVHC_N_DIST {len(dist)}
#define CX_DVHC_N_UNITS {len(units)}
#define CX_DVHC_N_PROV_NEW {len(prov_new)}
#define CX_DVHC_N_UNITS_NEW {len(units_new)}
#define CX_DVHC_N_MAP {len(maps)}
#define CX_DVHC_N_PMAP {len(pmaps)}

extern const cx_dvhc_prov_rec cx_dvhc_prov_old[CX_DVHC_N_PROV_OLD];
extern const cx_dvhc_dist_rec cx_dvhc_dist[CX_DVHC_N_DIST];
extern const cx_dvhc_unit_rec cx_dvhc_units[CX_DVHC_N_UNITS];
extern const cx_dvhc_prov_rec cx_dvhc_prov_new[CX_DVHC_N_PROV_NEW];
extern const cx_dvhc_unit_rec cx_dvhc_units_new[CX_DVHC_N_UNITS_NEW];
extern const cx_dvhc_map_rec  cx_dvhc_map[CX_DVHC_N_MAP];
extern const cx_dvhc_pmap_rec cx_dvhc_pmap[CX_DVHC_N_PMAP];

#endif
''')

# intern every name first, then write the pool and the records that point into it
P_OLD = [(pc, intern(pn), f, l) for (pc, pn), (i, f, l) in sorted(prov_old.items(), key=lambda kv: kv[1][0])]
D = [(dc, intern(dn), pi, f, l) for (dc, dn, pi), (i, f, l) in sorted(dist.items(), key=lambda kv: kv[1][0])]
U = [(uc, intern(un), di, f, l) for uc, un, di, f, l in units]
P_NEW = [(pc, intern(pn), 0, 0) for pc, (i, pn) in sorted(prov_new.items(), key=lambda kv: kv[1][0])]
UN = [(uc, intern(un), pi, 0, 0) for uc, un, pi in units_new]

with open(outc, 'w', encoding='utf-8') as c:
    c.write('/* generated by scripts/gen-dvhc.sh from the CSV files in convert/dvhc: do not edit */\n#include "dvhc_data.h"\n\n')
    c.write('const char cx_dvhc_pool[] =\n')
    for s in sorted(offs, key=offs.get):
        c.write('    ' + cstr(s) + ' "\\0"\n')
    c.write('    ;\n\n')
    c.write('const char cx_dvhc_states[CX_DVHC_N_STATES][11] = {\n')
    c.writelines(f'    "{d}",\n' for d in STATES)
    c.write('};\n\nconst cx_dvhc_prov_rec cx_dvhc_prov_old[CX_DVHC_N_PROV_OLD] = {\n')
    c.writelines(f'    {{"{pc}", {o}u, {f}, {l}}},\n' for pc, o, f, l in P_OLD)
    c.write('};\n\nconst cx_dvhc_dist_rec cx_dvhc_dist[CX_DVHC_N_DIST] = {\n')
    c.writelines(f'    {{"{dc}", {o}u, {pi}, {f}, {l}}},\n' for dc, o, pi, f, l in D)
    c.write('};\n\nconst cx_dvhc_unit_rec cx_dvhc_units[CX_DVHC_N_UNITS] = {\n')
    c.writelines(f'    {{"{uc}", {o}u, {di}, {f}, {l}}},\n' for uc, o, di, f, l in U)
    c.write('};\n\nconst cx_dvhc_prov_rec cx_dvhc_prov_new[CX_DVHC_N_PROV_NEW] = {\n')
    c.writelines(f'    {{"{pc}", {o}u, {f}, {l}}},\n' for pc, o, f, l in P_NEW)
    c.write('};\n\nconst cx_dvhc_unit_rec cx_dvhc_units_new[CX_DVHC_N_UNITS_NEW] = {\n')
    c.writelines(f'    {{"{uc}", {o}u, {pi}, {f}, {l}}},\n' for uc, o, pi, f, l in UN)
    c.write('};\n\nconst cx_dvhc_map_rec cx_dvhc_map[CX_DVHC_N_MAP] = {\n')
    c.writelines(f'    {{{oc}u, {ni}, {fu}}},\n' for oc, ni, fu in maps)
    c.write('};\n\nconst cx_dvhc_pmap_rec cx_dvhc_pmap[CX_DVHC_N_PMAP] = {\n')
    c.writelines(f'    {{{o}, {n}, {fu}}},\n' for o, n, fu in pmaps)
    c.write('};\n')
EOF
chmod 644 "$tmpc" "$tmph"
mv -f "$tmph" "$out/dvhc_data.h"; mv -f "$tmpc" "$out/dvhc_data.c"
