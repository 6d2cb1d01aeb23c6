#!/usr/bin/python3
"""Checks for test_readers.sh on chiso's canonical JSON.

  same-units A.json B.json...       every file has the same `units` as A
  khoai-chau K.json                 one snapshot, 25 units, the six indicators of reference 003
  portal P.json                     the portal workbook: two snapshots (Sở Ban, Xã Phường), kinds, group scores
  portal-json J.json N              one snapshot of N units with codes and the six group scores
  source F.json FORMAT ENCODING     sources[0].format / encoding
  period F.json LABEL               period.label of the first snapshot
"""
import json
import sys

GROUPS = ["cong_khai_minh_bach_diem", "tien_do_giai_quyet_diem", "dvc_truc_tuyen_diem",
          "thanh_toan_truc_tuyen_diem", "muc_do_hai_long_diem", "so_hoa_ho_so_diem"]


def snaps(path):
    with open(path, encoding="utf-8") as f:
        d = json.load(f)
    return d if isinstance(d, list) else [d]


def die(msg):
    print("test_readers.py: " + msg, file=sys.stderr)
    sys.exit(1)


def same_units(base, others):
    want = snaps(base)[0]["units"]
    for p in others:
        got = snaps(p)[0]["units"]
        if got != want:
            for a, b in zip(want, got):
                if a != b:
                    die("%s differs from %s:\n  %s\n  %s" % (p, base, a, b))
            die("%s: %d units, %s has %d" % (p, len(got), base, len(want)))


def khoai_chau(path):
    s = snaps(path)
    if len(s) != 1:
        die("reference 003: %d snapshots, want one (the two sheets describe the same communes)" % len(s))
    units = [u for u in s[0]["units"] if u.get("kind") != "tong"]
    if len(units) != 25:
        die("reference 003: %d units, want 25" % len(units))
    six = ["tien_do_giai_quyet", "muc_do_hai_long", "thanh_toan_truc_tuyen",
           "diem_tong_hop", "so_hoa_ho_so", "chung_thuc_dien_tu"]
    for u in units:
        missing = [k for k in six if k not in u["values"]]
        if missing:
            die("reference 003: %s lacks %s" % (u["name"], missing))
    by = {u["name"]: u for u in units}
    for name in ("Khoái Châu", "Hàm Tử", "Việt Hòa", "Đồng Tiến"):
        if name not in by:
            die("reference 003: no unit %r (have %s)" % (name, sorted(by)))
    kc = by["Khoái Châu"]["values"]
    if kc["so_hoa_ho_so"] != 82.3:      # a 0.0% cell holding 0.823
        die("reference 003: so_hoa_ho_so of Khoái Châu is %r, want 82.3" % kc["so_hoa_ho_so"])
    if kc["thanh_toan_truc_tuyen"] != 89.74 or kc["chung_thuc_dien_tu"] != 1405:
        die("reference 003: values of Khoái Châu %r" % kc)
    ht = by["Hàm Tử"]["values"]
    if ht["tien_do_giai_quyet"] != 92.31 or ht["diem_tong_hop"] != 85.82:
        die("reference 003: Hàm Tử from both sheets %r" % ht)


def check_groups(u, where):
    v = u["values"]
    missing = [g for g in GROUPS if g not in v]
    if missing:
        die("%s: %s lacks %s" % (where, u["name"], missing))
    total = round(sum(v[g] for g in GROUPS), 2)
    if "diem_tong_hop" in v and abs(total - v["diem_tong_hop"]) > 0.011:
        die("%s: %s group scores sum to %s, total %s" % (where, u["name"], total, v["diem_tong_hop"]))
    if not u.get("code"):
        die("%s: %s has no code" % (where, u["name"]))


def portal(path):
    s = snaps(path)
    if len(s) != 2:
        die("portal workbook: %d snapshots, want 2 (Sở Ban, Xã Phường are different units)" % len(s))
    kinds = [sorted({u.get("kind") for u in x["units"]}) for x in s]
    if kinds[0] != ["so_nganh"] or kinds[1] != ["phuong", "xa"]:
        die("portal workbook: kinds %s" % kinds)
    for x in s:
        for u in x["units"]:
            check_groups(u, "portal workbook")
    names = [u["name"] for u in s[1]["units"]]
    if "Đông Thái" not in names or len(names) != 8:
        die("portal workbook: Xã Phường units %s" % names)


def portal_json(path, n):
    s = snaps(path)
    if len(s) != 1 or len(s[0]["units"]) != int(n):
        die("%s: %d snapshots / units %s" % (path, len(s), [len(x["units"]) for x in s]))
    for u in s[0]["units"]:
        if not u.get("kind"):
            die("%s: %s has no kind" % (path, u["name"]))
        check_groups(u, path)


def source(path, fmt, enc):
    src = snaps(path)[0]["sources"][0]
    if src["format"] != fmt or src["encoding"] != enc:
        die("%s: source %s, want %s/%s" % (path, src, fmt, enc))


def period(path, label):
    got = snaps(path)[0]["period"]["label"]
    if got != label:
        die("%s: period %r, want %r" % (path, got, label))


def main():
    cmd, args = sys.argv[1], sys.argv[2:]
    {"same-units": lambda: same_units(args[0], args[1:]), "khoai-chau": lambda: khoai_chau(args[0]),
     "portal": lambda: portal(args[0]), "portal-json": lambda: portal_json(args[0], args[1]),
     "source": lambda: source(*args), "period": lambda: period(*args)}[cmd]()


if __name__ == "__main__":
    main()
