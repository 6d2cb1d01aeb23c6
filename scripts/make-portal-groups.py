#!/usr/bin/env python3
"""Write the portal's group files that have no real sample, for Phú Thọ, month 8/2026.

The units (departmentId, departmentName, departmentCode, level) are those of the two real
files (tests/data/portal/phu-tho-2026-08-*.json); every field follows the field lists of
../shared/reference/portal/README.md and nothing else. Values are made up but fixed (a
seeded generator), so the files never change. Also written: the service results of the
same province and month, whose totalScore is the sum of the six group scores, except for
one unit (Sở Công Thương) whose total is 0.5 off, to test the check.

Usage: scripts/make-portal-groups.py tests/data/portal
"""
import json
import random
import sys

out = sys.argv[1] if len(sys.argv) > 1 else "tests/data/portal"
rng = random.Random(766)


def load(name):
    with open(f"{out}/{name}", encoding="utf-8") as f:
        return json.load(f)["data"]


tree = load("phu-tho-2026-08-tien-do-giai-quyet.json")
lst = load("phu-tho-2026-08-cong-khai-minh-bach.json")
units = [{k: c[k] for k in ("departmentId", "departmentName", "departmentCode", "level")} for c in tree["children"]]
parent = {k: tree["parent"][k] for k in ("departmentId", "departmentName", "departmentCode")}
ckmb = {u["departmentId"]: u["totalScore"] for u in lst["evaluation"]}
ckmb[parent["departmentId"]] = lst["overview"]["totalScore"]
tdgq = {c["departmentId"]: c["score"] for c in tree["children"]}
tdgq[parent["departmentId"]] = tree["parent"]["totalScore"]


def r2(x):
    return round(x + 1e-9, 2)


def envelope(data):
    return {"code": 200, "data": data, "message": "success"}


def write(name, obj):
    with open(f"{out}/{name}", "w", encoding="utf-8") as f:
        json.dump(obj, f, ensure_ascii=False, indent=1)
        f.write("\n")


scores = {}   # group -> departmentId -> score


def tree_file(name, group, maxs, extra_child, extra_parent):
    children, total = [], 0
    sc = scores.setdefault(group, {})
    for u in units:
        ratio = r2(rng.uniform(20, 100))
        s = r2(ratio * maxs / 100)
        sc[u["departmentId"]] = s
        c = dict(u)
        c.update({"totalScore": s, "totalMaxScore": maxs, "ratio": ratio})
        c.update(extra_child())
        children.append(c)
        total += ratio
    pratio = r2(total / len(units))
    ps = r2(pratio * maxs / 100)
    sc[parent["departmentId"]] = ps
    p = dict(parent)
    p.update({"totalScore": ps, "totalMaxScore": maxs, "ratio": pratio})
    p.update(extra_parent())
    write(name, envelope({"parent": p, "children": children}))


def metric(code, name, maxs, points):
    den = rng.randint(0, 400)
    if den == 0 or maxs == 0:
        ratio = None if den == 0 else r2(rng.uniform(0, 100))
        return {"code": code, "name": name, "numerator": 0 if den == 0 else den // 2, "denominator": den,
                "ratio": ratio, "score": None, "maxScore": maxs}
    num = rng.randint(0, den)
    ratio = r2(100 * num / den)
    return {"code": code, "name": name, "numerator": num, "denominator": den, "ratio": ratio,
            "score": r2(ratio * maxs / 100), "maxScore": maxs}


def list_file(name, group, maxs, codes, extra, null_units=()):
    sc = scores.setdefault(group, {})
    ev = []
    for i, u in enumerate([parent] + units):
        ms = [metric(c, n, m, True) for c, n, m in codes]
        pts = [m["score"] for m in ms if m["score"] is not None]
        e = {"stt": i, "departmentId": u["departmentId"], "departmentName": u["departmentName"],
             "departmentType": "PROVINCE" if i == 0 else (
                 "PROVINCIAL_DEPARTMENT" if u.get("level") == "PROVINCE" else "COMMUNE_PEOPLE_COMMITTEE"),
             "totalMaxScore": maxs}
        if u["departmentName"] in null_units:
            e.update({"totalScore": None, "ratio": None, "scoreDelta": None})
            for m in ms:
                m.update({"ratio": None, "score": None})
        else:
            s = r2(sum(pts))
            e.update({"totalScore": s, "ratio": r2(100 * s / maxs), "scoreDelta": None})
            sc[u["departmentId"]] = s
        e["metrics"] = ms
        e.update(extra())
        ev.append(e)
    overview = ev[0]
    del overview["stt"]
    write(name, envelope({"overview": overview, "evaluation": ev[1:],
                          "pagination": {"total": len(units), "currentPage": 1, "pageSize": 200, "totalPages": 1}}))


tree_file("phu-tho-2026-08-dich-vu-truc-tuyen.json", "CLGQ", 12, lambda: {},
          lambda: {"authorityCount": 1796, "fullCount": 1120, "partialCount": 676, "onlineDossierCount": 132915})
tree_file("phu-tho-2026-08-thanh-toan-truc-tuyen.json", "TTTT", 10,
          lambda: (lambda fin: {"totalDossierOnlinePaymentSuccess": rng.randint(0, fin),
                                "totalDossierFinancialObligation": fin})(rng.randint(0, 900)),
          lambda: {"totalDossierOnlinePaymentSuccess": 31204, "totalDossierFinancialObligation": 48177})
list_file("phu-tho-2026-08-muc-do-hai-long.json", "MDHL", 18, [
    ("DOSSIER_RECEIVING_SATISFACTION", "Tỷ lệ hài lòng tiếp nhận hồ sơ", 6),
    ("PETITION_PROCESSING_ON_TIME", "Tỷ lệ xử lý phản ánh, kiến nghị đúng hạn", 6),
    ("PETITION_HANDLING_SATISFACTION", "Tỷ lệ hài lòng xử lý phản ánh, kiến nghị", 6),
    ("PETITION_CLASSIFICATION_TTHC", "Phản ánh, kiến nghị về TTHC", 0),
    ("PETITION_CLASSIFICATION_STAFF", "Phản ánh, kiến nghị về cán bộ", 0)],
    lambda: (lambda t: {"totalPetitions": t, "classifiedPetitions": rng.randint(0, t),
                        "totalDossiers": rng.randint(0, 5000)})(rng.randint(0, 40)))
list_file("phu-tho-2026-08-so-hoa-ho-so.json", "MDSH", 22, [
    ("ORIGINAL_RESULT_AVAILABLE", "Tỷ lệ kết quả bản điện tử gốc", 6),
    ("SO_HOA_GIAY_TO_GIAI_QUYET", "Tỷ lệ số hóa giấy tờ khi giải quyết", 4),
    ("REUSED_DIGITIZED_DATA", "Tỷ lệ tái sử dụng dữ liệu số hóa", 2),
    ("SYNCED_WITH_DVCQG_PERSONAL_STORAGE", "Tỷ lệ đồng bộ kho dữ liệu cá nhân", 4),
    ("CITIZEN_DATA_CONNECTED_DOSSIER", "Tỷ lệ hồ sơ kết nối dữ liệu dân cư", 2),
    ("CITIZEN_DATA_CONNECTED_FORMALITY", "Tỷ lệ TTHC kết nối dữ liệu dân cư", 2),
    ("ELECTRONIC_CERTIFIED_COPY", "Tỷ lệ chứng thực bản sao điện tử", 2)],
    lambda: {}, null_units=("UBND xã Trung Sơn",))

# The service results: totalScore = the sum of the six groups (one unit 0.5 off).
scores["CKMB"], scores["TDGQ"] = ckmb, tdgq
ev = []
for u in [parent] + units:
    parts = [scores[g].get(u["departmentId"]) for g in ("CKMB", "TDGQ", "CLGQ", "TTTT", "MDHL", "MDSH")]
    if any(p is None for p in parts):
        continue
    t = r2(sum(parts))
    if u["departmentName"].startswith("Sở Công Thương"):
        t = r2(t + 0.5)
    ev.append({"departmentId": u["departmentId"], "departmentName": u["departmentName"],
               "departmentCode": u["departmentCode"], "totalScore": t, "ratio": t, "scoreDelta": None,
               "childGroup": "AGENCY" if u.get("level") == "PROVINCE" else "COMMUNE"})
overview = ev.pop(0)
overview = {k: overview[k] for k in ("departmentName", "departmentCode", "totalScore")}
overview.update({"totalMaxScore": 100, "ratio": overview["totalScore"]})
write("phu-tho-2026-08-ket-qua.json", envelope({"overview": overview, "evaluation": ev}))
