"""Checks for test_vietnamese.sh: the same appendix read from several encodings gives the same
units and keys; reference 001's units all match the national list with the right kinds and codes.

usage: vietnamese_units.py REF.json OTHER.json... [--codes] [--values]
--values compares the indicator values too."""
import json, sys

WANT = {  # reference 001, Phú Tân (An Giang): name -> (kind, code, official spelling)
    "Phú Hùng": ("xa", "30451"), "Phú Bình": ("xa", "30445"), "Tân Hòa": ("xa", "30457"),
    "Phú Thành": ("xa", "30433"), "Phú Hiệp": ("xa", "30424"), "Hiệp Xương": ("xa", "30442"),
    "Phú Mỹ": ("thi_tran", "30406"), "Phú Xuân": ("xa", "30439"), "Phú Thọ": ("xa", "30448"),
    "Tân Trung": ("xa", "30460"), "Phú Thạnh": ("xa", "30427"), "Phú An": ("xa", "30436"),
    "Chợ Vàm": ("thi_tran", "30409"), "Phú Lâm": ("xa", "30421"), "Long Hòa": ("xa", "30415"),
    "Hòa Lạc": ("xa", "30430"), "Bình Thạnh Đông": ("xa", "30454"), "Phú Long": ("xa", "30418"),
}

def units(path):
    with open(path, encoding="utf-8") as f:
        j = json.load(f)
    full = "--values" in sys.argv
    return j, [(u["name"], u["key"], u["kind"], u.get("code")) + ((json.dumps(u.get("values"), sort_keys=True),) if full else ())
               for u in j["units"]]

args = [a for a in sys.argv[1:] if not a.startswith("--")]
ref_json, ref = units(args[0])
for p in args[1:]:
    j, u = units(p)
    if u != ref:
        for a, b in zip(ref, u):
            if a != b:
                sys.exit(f"{p}: unit {b} differs from {a} ({args[0]})")
        sys.exit(f"{p}: {len(u)} units, {args[0]} has {len(ref)}")
if "--codes" in sys.argv:
    got = {u["name"]: (u["kind"], u.get("code")) for u in ref_json["units"] if u["kind"] != "tong"}
    if got != WANT:
        sys.exit(f"units and codes: {sorted(set(got.items()) ^ set(WANT.items()))}")
    near = [w for w in ref_json["warnings"] if w["code"] == "near_match"]
    if len(near) != 1 or "Phú Hưng" not in near[0]["message"]:
        sys.exit(f"expected one near_match warning (PHÚ HÙNG / Xã Phú Hưng): {near}")
    for u in ref_json["units"]:
        if u["kind"] != "tong" and not u.get("new_units"):
            sys.exit(f"{u['name']}: no new_units with --to-2025")
print("ok")
