#!/usr/bin/python3
"""The page of `chiso serve` in a real browser (Debian's chromium, headless, selenium).

Usage: serve_browser.py BASE_URL CHISO TMPDIR
Opens the page, uploads samples/phu-tan-2024-t5-w1.csv with last month's file
(samples/phu-tan-2024-t4.csv), and checks: the table's 18 units in the reference's order,
the failing cells marked exactly as the reference appendix marks them (after taking out the
one default rule the reference office does not use, tang_giam < 0; with the defaults, those
cells are marked too), the copy button puts `chiso summary`'s text on the clipboard, the
.xlsx downloaded by the browser is byte-identical to `chiso convert`'s and passes
check_phu_luc.py (openpyxl), a near match confirmed in the page is used by the next
conversion (its warning is gone, the unit keeps its row), a unit called <script> stays
text, the English page, and the history view (chart + table). Screenshots go to TMPDIR
(or $SCREENSHOTS). Every wait is a bounded poll on a condition (WebDriverWait)."""
import json
import os
import re
import subprocess
import sys
import time

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

BASE, CHISO, TMP = sys.argv[1], sys.argv[2], sys.argv[3]
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SAMPLES = os.path.join(ROOT, "samples")
CUR = os.path.join(SAMPLES, "phu-tan-2024-t5-w1.csv")
PREV = os.path.join(SAMPLES, "phu-tan-2024-t4.csv")
SHOTS = os.environ.get("SCREENSHOTS") or TMP
DL = os.path.join(TMP, "downloads")
os.makedirs(DL, exist_ok=True)
COLS = ["diem_tong_hop", "xep_loai", "diem_ky_truoc", "tang_giam", "cong_khai_minh_bach", "tien_do_giai_quyet",
        "dvc_truc_tuyen", "thanh_toan_truc_tuyen", "so_hoa_ho_so", "tai_su_dung", "chung_thuc_dien_tu"]
failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL:", what, file=sys.stderr)


def reference():
    names, marks = [], set()
    for line in open(os.path.join(ROOT, "tests/e2e/expected/reference-001-phu-luc.txt"), encoding="utf-8"):
        cells = line.rstrip("\n").split("\t")
        if not cells[0].isdigit():
            continue
        names.append(cells[1])
        for i, c in enumerate(cells[2:]):
            if c.startswith("<u>"):
                marks.add((cells[1], COLS[i]))
    return names, marks


def cli(*args, cwd=SAMPLES):
    """The command line as the server runs it for the Vietnamese page (--lang vi)."""
    return subprocess.run([CHISO, "--lang", "vi", *args], cwd=cwd, capture_output=True, check=True).stdout


opts = webdriver.ChromeOptions()
for a in ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
          "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1400,1100",
          "--user-data-dir=" + os.path.join(TMP, "chrome-profile")]:
    opts.add_argument(a)
opts.add_experimental_option("prefs", {"download.default_directory": DL, "download.prompt_for_download": False})
d = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=opts)
d.set_script_timeout(30)
wait = WebDriverWait(d, 60)
try:
    d.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": DL})
    d.execute_cdp_cmd("Browser.grantPermissions", {"origin": BASE, "permissions": ["clipboardReadWrite", "clipboardSanitizedWrite"]})

    def shot(name, tall=False):
        if tall:
            h = d.execute_script("return document.body.scrollHeight")
            d.set_window_size(1400, min(max(h + 40, 1100), 4000))
        d.save_screenshot(os.path.join(SHOTS, name))
        d.set_window_size(1400, 1100)

    def convert_and_wait(previous_marker=None):
        old = d.execute_script("return document.getElementById('summary').textContent")
        d.find_element(By.ID, "btn-convert").click()
        wait.until(lambda x: x.find_element(By.ID, "error-week").is_displayed() or (
            x.find_element(By.ID, "result").is_displayed() and
            x.execute_script("return Number(document.getElementById('result').dataset.renders || 0)") > previous_marker))
        check(not d.find_element(By.ID, "error-week").is_displayed(), "conversion error: " + d.find_element(By.ID, "error-week").text)
        return old

    def renders():
        return d.execute_script("return Number(document.getElementById('result').dataset.renders || 0)")

    def table_state():
        return d.execute_script("""
            const t = document.querySelector('#tables table.phuluc');
            const cols = [...t.querySelectorAll('tbody tr:first-child td[data-col]')].map(td => td.dataset.col);
            const rows = [...t.querySelectorAll('tbody tr')].map(tr => ({
                total: tr.classList.contains('total'),
                name: tr.querySelector('td.name').firstChild.textContent,
                marked: [...tr.querySelectorAll('td.fail')].map(td => td.dataset.col)}));
            return {cols, rows};""")

    ref_names, ref_marks = reference()
    d.get(BASE + "/")
    wait.until(lambda x: x.find_element(By.ID, "btn-convert"))
    shot("serve-1-empty.png")
    d.execute_script("localStorage.clear()")
    d.get(BASE + "/")
    d.find_element(By.ID, "file-current").send_keys(CUR)
    d.find_element(By.ID, "file-previous").send_keys(PREV)
    n0 = renders()
    convert_and_wait(n0)

    # 1. units in order, total row first
    st = table_state()
    check(st["cols"] == COLS, "columns: %s" % st["cols"])
    check(st["rows"][0]["total"] and st["rows"][0]["name"] == "TOÀN HUYỆN", "total row first: %s" % st["rows"][0])
    units = [r for r in st["rows"] if not r["total"]]
    check(len(units) == 18, "18 units, got %d" % len(units))
    check([u["name"].upper() for u in units] == ref_names, "unit order: %s" % [u["name"] for u in units])
    # 2. marks: the reference's, plus tang_giam < 0 (a default rule the reference office does not mark)
    marks = {(u["name"].upper(), c) for u in units for c in u["marked"]}
    check({m for m in marks if m[1] != "tang_giam"} == ref_marks, "marks (defaults) differ: %s" % sorted(marks ^ ref_marks))
    fell = {(u["name"].upper(), "tang_giam") for u in units if "tang_giam" in u["marked"]}
    check(len(fell) == 6, "tang_giam marks with the defaults: %s" % sorted(fell))
    check("Ghi chú" in d.find_element(By.CSS_SELECTOR, "#tables .legend").text, "legend missing")
    check(d.find_element(By.CSS_SELECTOR, "#warnings li[data-code=unit_fuzzy_match]") is not None, "fuzzy warning listed")
    shot("serve-2-result.png", tall=True)

    # 3. copy -> clipboard == chiso summary
    want = cli("summary", "phu-tan-2024-t5-w1.csv", "--previous", "phu-tan-2024-t4.csv", "-q").decode()
    d.find_element(By.ID, "btn-copy").click()
    wait.until(lambda x: x.find_element(By.ID, "copied").is_displayed())
    got = d.execute_async_script("""
        const done = arguments[arguments.length - 1];
        navigator.clipboard.readText().then(done, e => done('ERROR ' + e));""")
    check(got == want, "clipboard differs from chiso summary:\n%r\n%r" % (got[:200], want[:200]))

    # 4. download the xlsx: byte-identical to chiso convert, and checked with openpyxl
    for f in os.listdir(DL):
        os.remove(os.path.join(DL, f))
    d.find_element(By.ID, "dl-xlsx").click()
    path = os.path.join(DL, "phu-luc-phu-tan-2024-t5-w1.xlsx")
    wait.until(lambda x: os.path.exists(path) and not any(f.endswith(".crdownload") for f in os.listdir(DL)))
    cli_xlsx = os.path.join(TMP, "cli.xlsx")
    cli("convert", "phu-tan-2024-t5-w1.csv", "--previous", "phu-tan-2024-t4.csv", "-q", "-o", cli_xlsx)
    check(open(path, "rb").read() == open(cli_xlsx, "rb").read(), "downloaded xlsx differs from chiso convert's")
    js = os.path.join(TMP, "cli.json")
    cli("convert", "phu-tan-2024-t5-w1.csv", "--previous", "phu-tan-2024-t4.csv", "-q", "-o", js)
    r = subprocess.run([sys.executable, os.path.join(ROOT, "tests/e2e/check_phu_luc.py"), path, "--json", js,
                        "--expect-marked", "Phú Long:diem_tong_hop", "--expect-marked", "Phú Thọ:dvc_truc_tuyen"],
                       capture_output=True, text=True)
    check(r.returncode == 0, "check_phu_luc.py: " + r.stdout + r.stderr)

    # 5. the rules, edited in the page: without tang_giam, exactly the reference's marks
    d.find_element(By.ID, "options").click()
    box = d.find_element(By.ID, "opt-rules")
    text = "\n".join(l for l in box.get_property("value").split("\n") if not l.startswith("tang_giam"))
    d.execute_script("arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('input'));", box, text)
    convert_and_wait(renders())
    units = [r for r in table_state()["rows"] if not r["total"]]
    marks = {(u["name"].upper(), c) for u in units for c in u["marked"]}
    check(marks == ref_marks, "marks (reference rules) differ: %s" % sorted(marks ^ ref_marks))
    legend = d.find_element(By.CSS_SELECTOR, "#tables .legend").text
    check("Điểm giảm so với kỳ trước" not in legend, "legend still names tang_giam")
    d.find_element(By.ID, "rules-reset").click()

    # 6. a near match, confirmed once, is used by the next conversion
    d.find_element(By.ID, "opt-scope").send_keys("Phú Tân, An Giang")
    convert_and_wait(renders())
    near = d.find_elements(By.CSS_SELECTOR, "#warnings li[data-code=near_match]")
    check(len(near) >= 1, "near_match warning with the scope")
    btn = d.find_elements(By.CSS_SELECTOR, "#warnings li[data-code=near_match] button[data-action=confirm-name]")
    check(len(btn) >= 1, "confirm button for the near match")
    if btn:
        btn[0].click()
        stored = d.execute_script("return JSON.parse(localStorage.getItem('chiso.aliases') || '{}')")
        check(stored.get("Phú Hùng") == "30451", "alias stored: %s" % stored)
        shot("serve-3-confirmed.png", tall=True)
        convert_and_wait(renders())
        left = [w.text for w in d.find_elements(By.CSS_SELECTOR, "#warnings li[data-code=near_match]") if "Phú Hùng" in w.text]
        check(not left, "near match still warned after confirming: %s" % left)
        names = [r["name"] for r in table_state()["rows"] if not r["total"]]
        check(names[0] == "Phú Hùng", "confirmed unit keeps its name and row: %s" % names[:3])
        # the same aliases file works on the command line
        d.find_element(By.ID, "tab-names").click()
        for f in os.listdir(DL):
            os.remove(os.path.join(DL, f))
        d.find_element(By.ID, "dl-aliases").click()
        af = os.path.join(DL, "ten-don-vi.aliases")
        wait.until(lambda x: os.path.exists(af) and not any(f.endswith(".crdownload") for f in os.listdir(DL)))
        alias_text = open(af, encoding="utf-8").read()
        check("Phú Hùng = 30451" in alias_text, "aliases file: %r" % alias_text)
        res = subprocess.run([CHISO, "convert", "phu-tan-2024-t5-w1.csv", "--scope", "Phú Tân, An Giang", "--aliases", af,
                              "--to", "json"], cwd=SAMPLES, capture_output=True, text=True)
        check(res.returncode == 0 and "Phú Hùng" not in res.stderr, "CLI --aliases: %s" % res.stderr[:300])
        shot("serve-4-names.png")
        d.find_element(By.ID, "tab-week").click()

    # 7. a unit called <script> stays text
    evil = os.path.join(TMP, "evil.csv")
    src = open(CUR, encoding="utf-8").read().replace("PHÚ BÌNH", "<script>window.__pwned=1</script><img src=x onerror=\"window.__pwned=2\">")
    open(evil, "w", encoding="utf-8").write(src)
    d.execute_script("localStorage.clear()")
    d.get(BASE + "/")
    d.find_element(By.ID, "file-current").send_keys(evil)
    convert_and_wait(renders())
    names = [r["name"] for r in table_state()["rows"]]
    check(any(n.lower().startswith("<script>window.__pwned=1</script>") for n in names), "the <script> unit is not shown as text: %s" % names[:4])
    check(d.execute_script("return window.__pwned === undefined && document.querySelectorAll('#tables script, #tables img').length === 0"),
          "a unit name ran as HTML")

    # 8. English
    d.get(BASE + "/?lang=en")
    check(d.find_element(By.ID, "btn-convert").text == "Make the appendix", "English page")

    # 9. history: many files -> chart and table
    d.get(BASE + "/")
    d.find_element(By.ID, "tab-history").click()
    hist = sorted(os.path.join(ROOT, "tests/data/history", f) for f in os.listdir(os.path.join(ROOT, "tests/data/history")) if f.endswith(".csv"))
    d.find_element(By.ID, "file-history").send_keys("\n".join(hist))
    d.find_element(By.ID, "btn-history").click()
    wait.until(lambda x: x.find_element(By.ID, "history-result").is_displayed() or x.find_element(By.ID, "error-history").is_displayed())
    check(d.find_element(By.ID, "history-result").is_displayed(), "history: " + d.find_element(By.ID, "error-history").text)
    lines = d.find_elements(By.CSS_SELECTOR, "#chart svg path.line")
    check(len(lines) >= 2, "history chart lines: %d" % len(lines))
    periods = d.find_elements(By.CSS_SELECTOR, "#history-table thead th")
    rows = json.loads(subprocess.run([CHISO, "history", *hist, "--to", "json", "-q"], capture_output=True, check=True).stdout)
    want_periods = list(dict.fromkeys(r["period"] for r in rows))
    check([p.text for p in periods[1:]] == want_periods, "history periods: %s" % [p.text for p in periods])
    shot("serve-5-history.png", tall=True)
    logs = [l for l in d.get_log("browser") if l["level"] == "SEVERE"]
    check(not logs, "browser console errors: %s" % logs)
finally:
    d.quit()
if failures:
    sys.exit(1)
print("browser: all checks passed")
