"""Checks for test_dvhc_states.sh, against the national list read here with Python's csv (not
chiso's compiled copy): every unit of a converted report has the code the list gives its name in
the district at the report's date.

usage: dvhc_states.py OUT.json LIST.csv DISTRICT_CODE DATE [--unmatched N]
DATE: the list's rows that cover it are the state (first_seen <= DATE and, when last_seen is
set, DATE before the next state after it)."""
import csv, json, sys, unicodedata

out, listcsv, dcode, date = sys.argv[1:5]
want_unmatched = int(sys.argv[sys.argv.index("--unmatched") + 1]) if "--unmatched" in sys.argv else 0

def fold(s):
    s = unicodedata.normalize("NFD", s.lower().strip()).replace("đ", "d")
    s = "".join(c for c in s if unicodedata.category(c) != "Mn")
    for p in ("thị trấn ", "thi tran ", "xã ", "xa ", "phường ", "phuong "):
        if s.startswith(p):
            s = s[len(p):]
    return s.replace("y", "i")

rows = list(csv.DictReader(open(listcsv, encoding="utf-8-sig")))
states = sorted({r["first_seen"] for r in rows} | {r["last_seen"] for r in rows if r["last_seen"]})
def covers(r):
    if r["first_seen"] > date and r["first_seen"] != states[0]:
        return False
    if not r["last_seen"]:
        return True
    nxt = [s for s in states if s > r["last_seen"]]
    return not nxt or date < nxt[0]
state = {fold(r["name"]): r["code"] for r in rows if r["district_code"] == dcode and covers(r)}

j = json.load(open(out, encoding="utf-8"))
units = [u for u in j["units"] if u["kind"] != "tong"]
unmatched = [u["name"] for u in units if not u.get("code")]
if len(unmatched) != want_unmatched:
    sys.exit(f"{out}: {len(unmatched)} units without a code ({unmatched}), expected {want_unmatched}")
for u in units:
    if u.get("code") and state.get(fold(u["raw_name"] if "raw_name" in u else u["name"])) not in (u["code"], None):
        sys.exit(f"{out}: {u['name']} has code {u['code']}, the list at {date} has {state.get(fold(u['name']))}")
    if want_unmatched == 0 and fold(u["name"]) in state and state[fold(u["name"])] != u["code"]:
        sys.exit(f"{out}: {u['name']} has code {u.get('code')}, the list at {date} has {state[fold(u['name'])]}")
codes = [u["code"] for u in units if u.get("code")]
if len(codes) != len(set(codes)):
    sys.exit(f"{out}: a code given twice: {sorted(codes)}")
print(f"{len(units)} units, {len(codes)} with codes of the list at {date}")
