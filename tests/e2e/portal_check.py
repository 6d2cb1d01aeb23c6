#!/usr/bin/env python3
"""Checks chiso's output for the portal's files against the files themselves, read here
with Python's json and openpyxl (never against chiso's own output).

  portal_check.py json SOURCE.json OUT.json       every unit's values, kind, code, total row
  portal_check.py xlsx SOURCE.xlsx OUT.json       the An Giang workbook: every sheet's values, periods, kinds
  portal_check.py six OUT.json OUT.xlsx SOURCE... the six groups joined: values, sums, the Phụ lục's total row
  portal_check.py history HISTORY.csv STDERR      every table of the An Giang workbook is kept
"""
import csv
import json
import math
import sys

import openpyxl

GROUPS = {   # maximum -> (percentage id, points id); 18 is told apart by the metrics
    20: ("tien_do_giai_quyet", "tien_do_giai_quyet_diem"),
    12: ("dvc_truc_tuyen", "dvc_truc_tuyen_diem"),
    10: ("thanh_toan_truc_tuyen", "thanh_toan_truc_tuyen_diem"),
    22: ("so_hoa_ho_so", "so_hoa_ho_so_diem"),
}
SAT = {"DOSSIER_RECEIVING_SATISFACTION", "PETITION_PROCESSING_ON_TIME", "PETITION_HANDLING_SATISFACTION",
       "PETITION_CLASSIFICATION_TTHC", "PETITION_CLASSIFICATION_STAFF"}
CENTRAL = {"Hà Nội", "Hồ Chí Minh", "Hải Phòng", "Đà Nẵng", "Cần Thơ", "Huế"}
errors = []


def err(msg):
    errors.append(msg)


def same(a, b):
    return a is not None and b is not None and math.isclose(float(a), float(b), abs_tol=1e-9)


def expect_value(where, values, ind, src):
    """src None: absent in the output (null is not zero); else equal."""
    if src is None or src == "":
        if ind in values:
            err(f"{where}: {ind} is {values[ind]} but the source has no value")
    elif ind not in values:
        err(f"{where}: {ind} missing, the source says {src}")
    elif not same(values[ind], src):
        err(f"{where}: {ind} is {values[ind]}, the source says {src}")


def unwrap(doc):
    return doc["data"] if isinstance(doc.get("data"), dict) else doc


def expected_kind(name, typ, total):
    if total:
        return "tong"
    if typ in ("AGENCY", "PROVINCIAL_DEPARTMENT", "PROVINCE"):
        return "so_nganh"
    low = name.lower()
    for pre, kind in (("ubnd xã", "xa"), ("ubnd phường", "phuong"), ("ubnd đặc khu", "dac_khu"), ("đặc khu", "dac_khu")):
        if low.startswith(pre):
            return kind
    return None


def group_of(payload, rows, total):
    mx = (total or {}).get("totalMaxScore")
    for r in rows[:5]:
        mx = mx or r.get("maxScore") or r.get("totalMaxScore")
        for m in r.get("metrics") or []:
            if m["code"] in SAT:
                return ("muc_do_hai_long", "muc_do_hai_long_diem")
            if m["code"] in ("PUBLISH_ON_TIME", "DOSSIER_SYNC"):
                return ("cong_khai_minh_bach", "cong_khai_minh_bach_diem")
    if mx in (None, 100):
        return None
    return GROUPS[int(mx)]


def check_json(src_path, out_path):
    src = unwrap(json.load(open(src_path, encoding="utf-8")))
    out = json.load(open(out_path, encoding="utf-8"))
    if isinstance(out, list):
        err(f"{out_path}: one table expected")
        return
    total = src.get("overview") or src.get("parent")
    rows = src.get("evaluation") or src.get("children") or (src.get("agencies") or []) + (src.get("communes") or [])
    grp = group_of(src, rows, total)
    units = out["units"]
    meta = src.get("metadata")
    if meta and (out["period"]["year"], out["period"]["month"]) != (meta["year"], meta["period"]):
        err(f"{src_path}: period {out['period']}, metadata says {meta}")
    want = ([total] if total else []) + rows
    if len(units) != len(want):
        err(f"{src_path}: {len(units)} units, the source has {len(want)} (overview included)")
        return
    for i, (u, s) in enumerate(zip(units, want)):
        where = f"{src_path} unit {i} {s['departmentName']}"
        is_total = i == 0 and total is not None
        k = expected_kind(s["departmentName"], s.get("departmentType") or s.get("childGroup") or s.get("level"), is_total)
        if s.get("departmentType") == "ADMINISTRATIVE_UNIT":
            k = "thanh_pho_tw" if s["departmentName"].lower().startswith("ubnd thành phố") else "tinh"
        if k and u["kind"] != k:
            err(f"{where}: kind {u['kind']}, expected {k}")
        if s.get("departmentCode") != u["code"]:
            err(f"{where}: code {u['code']}, the source says {s.get('departmentCode')}")
        if " - " in u["name"]:
            err(f"{where}: the name keeps a suffix: {u['name']}")
        v = u["values"]
        score = s.get("totalScore", s.get("score"))
        if grp is None:
            expect_value(where, v, "diem_tong_hop", score)
            if not is_total:
                expect_value(where, v, "tang_giam", s.get("scoreDelta"))
            expect_value(where, v, "xep_hang", s.get("rank"))
            gs = s.get("groupScores") or {}
            if isinstance(gs, list):
                gs = {g["code"]: g["score"] for g in gs}
            ids = {"CKMB": "cong_khai_minh_bach_diem", "TDGQ": "tien_do_giai_quyet_diem", "CLGQ": "dvc_truc_tuyen_diem",
                   "ONLINE": "dvc_truc_tuyen_diem", "ONLINE_SERVICE": "dvc_truc_tuyen_diem",
                   "TTTT": "thanh_toan_truc_tuyen_diem", "MDHL": "muc_do_hai_long_diem", "MDSH": "so_hoa_ho_so_diem"}
            for code, ind in ids.items():
                if code in gs:
                    expect_value(where, v, ind, gs[code])
        else:
            if "diem_tong_hop" in v:
                err(f"{where}: a group file gives diem_tong_hop {v['diem_tong_hop']}")
            expect_value(where, v, grp[1], score)
            expect_value(where, v, grp[0], s.get("ratio"))
            for f, ind in (("totalReceived", "ho_so_tiep_nhan"), ("totalOnTime", "ho_so_dung_han"),
                           ("totalOverdue", "ho_so_qua_han"), ("avgProcessingDays", "so_ngay_xu_ly_tb")):
                expect_value(where, v, ind, s.get(f))
            for m in s.get("metrics") or []:
                expect_value(where, v, "m_" + m["code"].lower(), m.get("ratio"))
                expect_value(where, v, "m_" + m["code"].lower() + "_diem", m.get("score"))
    if total is not None and total["departmentName"] == "Cả nước":
        if units[0]["name"] != "Cả nước" or units[0]["kind"] != "tong":
            err(f"{src_path}: the national average is {units[0]['name']} ({units[0]['kind']})")
    elif total is not None:
        sc = out["scope"]
        if not sc or sc not in total["departmentName"]:
            err(f"{src_path}: scope {sc}, the overview is {total['departmentName']}")
    for w in out["warnings"]:
        if w["code"] == "unknown_column":
            err(f"{src_path}: unknown-field warning: {w['message']}")


def check_xlsx(src_path, out_path):
    wb = openpyxl.load_workbook(src_path)
    out = json.load(open(out_path, encoding="utf-8"))
    by_sheet = {}
    for snap in out:
        for u in snap["units"]:
            pass
        sheets = snap["sources"][0]["sheets"]
        by_sheet.setdefault(sheets[0] if sheets else None, []).append(snap)
    for name in ("Điểm năm", "Điểm tháng", "Sở Ban", "Xã Phường"):
        snaps = by_sheet.get(name, [])
        if len(snaps) != 1:
            err(f"sheet {name}: {len(snaps)} tables in the output")
            continue
        snap = snaps[0]
        p = snap["period"]
        if name == "Điểm năm":
            if (p["granularity"], p["year"], p["month"], p["quarter"], p["label"]) != ("year", 2025, None, None, "Năm 2025"):
                err(f"Điểm năm: period {p}")
        elif (p["granularity"], p["year"], p["month"]) != ("month", 2025, 10):
            err(f"{name}: period {p}")
        rows = list(wb[name].iter_rows(values_only=True))
        head = rows[0]
        col = {h: i for i, h in enumerate(head)}
        units = snap["units"]
        if len(units) != len(rows) - 1:
            err(f"{name}: {len(units)} units, the sheet has {len(rows) - 1} rows")
            continue
        for u, r in zip(units, rows[1:]):
            where = f"{name} {r[col['TEN_COQUAN']]}"
            for f, ind in (("TONG_SCORE", "diem_tong_hop"), ("CKMB", "cong_khai_minh_bach_diem"),
                           ("TDGQ", "tien_do_giai_quyet_diem"), ("CLGQ", "dvc_truc_tuyen_diem"),
                           ("TTTT", "thanh_toan_truc_tuyen_diem"), ("MDHL", "muc_do_hai_long_diem"),
                           ("MDSH", "so_hoa_ho_so_diem")):
                expect_value(where, u["values"], ind, float(r[col[f]]))
            if u["code"] != r[col["MA_COQUAN"]]:
                err(f"{where}: code {u['code']}")
            raw = r[col["TEN_COQUAN"]]
            loai = r[col["LOAI_COQUAN"]]
            want = {"2": "so_nganh"}.get(loai)
            if loai == "1":
                want = "thanh_pho_tw" if u["name"] in CENTRAL else "tinh"
            if loai == "3":
                want = expected_kind(raw, None, False)
            if want and u["kind"] != want:
                err(f"{where}: kind {u['kind']}, expected {want}")
            if " - " in u["name"]:
                err(f"{where}: the name keeps a suffix: {u['name']}")
    for name, field in (("Xu hướng tháng", "month"), ("Xu hướng quý", "quarter")):
        rows = list(wb[name].iter_rows(values_only=True))[1:]
        snaps = by_sheet.get(name, [])
        if len(snaps) != len(rows):
            err(f"{name}: {len(snaps)} tables, the sheet has {len(rows)} periods")
        for r in rows:
            hit = [s for s in snaps if s["period"][field] == int(r[0]) and s["period"]["year"] == int(r[1])]
            if len(hit) != 1:
                err(f"{name}: period {r[0]}/{r[1]} found {len(hit)} times")
                continue
            p = hit[0]["period"]
            if field == "quarter" and (p["month"] is not None or p["granularity"] != "quarter"):
                err(f"{name}: quarter {r[0]} has month {p['month']}, granularity {p['granularity']}")
            expect_value(name, hit[0]["units"][0]["values"], "diem_tong_hop", r[2])
    for snap in out:
        for w in snap["warnings"]:
            if w["code"] == "unknown_column":
                err(f"unknown-field warning: {w['message']}")


def bare(name):
    """A source name without "UBND xã" and a trailing " - Tỉnh Phú Thọ", lower case."""
    n = name.lower()
    for pre in ("ubnd xã ", "ubnd phường ", "ubnd đặc khu "):
        if n.startswith(pre):
            n = n[len(pre):]
    if " - " in n:
        n = n[:n.rindex(" - ")]
    return n


def check_six(out_json, out_xlsx, sources):
    out = json.load(open(out_json, encoding="utf-8"))
    joined = [s for s in out if "tien_do_giai_quyet_diem" in json.dumps(s["units"][:2])]
    if len(joined) != 1:
        err(f"six: {len(joined)} joined tables")
        return
    units = joined[0]["units"]
    by_id = {}
    for path in sources:
        d = unwrap(json.load(open(path, encoding="utf-8")))
        total = d.get("overview") or d.get("parent")
        rows = d.get("evaluation") or d.get("children")
        grp = group_of(d, rows, total)
        if grp is None:
            continue
        for i, s in enumerate(([total] if total else []) + rows):
            key = "TOTAL" if (total is not None and i == 0) else s["departmentName"]
            by_id.setdefault(key, {})[grp[1]] = s.get("totalScore", s.get("score"))
    if len(units) != len(by_id):
        err(f"six: {len(units)} units, the sources have {len(by_id)}")
    for i, u in enumerate(units):
        if u["kind"] == "tong":
            parts = by_id["TOTAL"]
        else:
            cand = [n for n in by_id if n != "TOTAL" and bare(n) == u["name"].lower()]
            if len(cand) != 1:
                err(f"six: {u['name']} found {len(cand)} times in the sources")
                continue
            parts = by_id[cand[0]]
        for ind, val in parts.items():
            expect_value(f"six {u['name']}", u["values"], ind, val)
        vals = list(parts.values())
        if len(vals) == 6 and all(v is not None for v in vals):
            expect_value(f"six {u['name']}", u["values"], "diem_tong_hop", round(sum(vals), 2))
        elif "diem_tong_hop" in u["values"]:
            err(f"six {u['name']}: a total without all six groups")
    warned = [w for s in out for w in s["warnings"] if w["code"] == "group_sum_mismatch"]
    if len(warned) != 1 or "Sở Công Thương" not in warned[0]["message"]:
        err(f"six: group_sum_mismatch warnings {[w['message'] for w in warned]}")
    # The Phụ lục: the total row first, bold, its score the sum of the six.
    ws = openpyxl.load_workbook(out_xlsx).worksheets[0]
    first = None
    for row in ws.iter_rows(min_row=1, max_row=12):
        if row[1].value and str(row[1].value).upper().startswith("TỈNH PHÚ THỌ"):
            first = row
            break
    if first is None:
        err("six: the Phụ lục has no total row 'TỈNH PHÚ THỌ' at the top")
        return
    if not first[1].font.b:
        err("six: the total row is not bold")
    t = by_id["TOTAL"]
    if not same(first[2].value, round(sum(t.values()), 2)):
        err(f"six: the Phụ lục's total is {first[2].value}, the six groups add up to {round(sum(t.values()), 2)}")


def check_history(hist_csv, stderr_path):
    rows = list(csv.DictReader(open(hist_csv, encoding="utf-8-sig")))
    tables = {(r["period"], r["sheet"]) for r in rows if r["sheet"]}
    want = {("Năm 2025", "Điểm năm"), ("Tháng 10/2025", "Điểm tháng"), ("Tháng 10/2025", "Sở Ban"),
            ("Tháng 10/2025", "Xã Phường"), ("Tháng 8/2025", "Xu hướng tháng"), ("Tháng 9/2025", "Xu hướng tháng"),
            ("Tháng 10/2025", "Xu hướng tháng"), ("Quý 1/2025", "Xu hướng quý"), ("Quý 2/2025", "Xu hướng quý"),
            ("Quý 3/2025", "Xu hướng quý"), ("Quý 4/2025", "Xu hướng quý")}
    if tables != want:
        err(f"history: tables {sorted(tables - want)} extra, {sorted(want - tables)} missing")
    for r in rows:
        if r["period"].startswith("Quý") and r["month"]:
            err(f"history: {r['period']} has month {r['month']}")
        if r["period"] == "Năm 2025" and r["month"]:
            err("history: the year has a month")
    text = open(stderr_path, encoding="utf-8").read()
    if "11 tables read (11 kept, 0 duplicates left out)" not in text:
        err(f"history: closing line: {text.strip()}")


def main():
    what = sys.argv[1]
    if what == "json":
        check_json(sys.argv[2], sys.argv[3])
    elif what == "xlsx":
        check_xlsx(sys.argv[2], sys.argv[3])
    elif what == "six":
        check_six(sys.argv[2], sys.argv[3], sys.argv[4:])
    elif what == "history":
        check_history(sys.argv[2], sys.argv[3])
    for e in errors[:30]:
        print(e, file=sys.stderr)
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
