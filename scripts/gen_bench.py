#!/usr/bin/python3
"""gen_bench.py -- deterministic inputs for `make bench` (scripts/bench.sh).

Usage: /usr/bin/python3 scripts/gen_bench.py OUTDIR

Writes, always byte-for-byte the same (fixed seed, standard library only):
  OUTDIR/history-100k.csv   100,000 rows x 11 columns (~10 MB): a long table of
                            2,000 communes x 50 weeks, the way offices keep a year
                            of results: `;` delimiter, decimal commas, dot
                            thousands in the count column, classification labels,
                            a period column "Kỳ báo cáo" ("Tuần 1 - Tháng 1/2024").
  OUTDIR/history-1m.csv     the same 2,000 communes x 500 weeks (1,000,000 rows),
                            for the memory check.
  OUTDIR/small/*.csv        1,000 appendices shaped exactly like
                            samples/phu-tan-2024-t5-w1.csv (reference 001): same 18
                            communes, varied values, one file per week
                            (phu-tan-YYYY-tM-wN.csv, title "THÁNG M (Tuần 0N)").

Only random.Random.random() is used (its sequence is fixed across Python
versions), never randint/choice, so the bytes do not depend on the Python release.
"""
import datetime
import os
import sys

SEED = 766  # Decision 766/QĐ-TTg

# Syllables of southern place names (with the marks that make Phú Thành and
# Phú Thạnh two different communes). Pairs of them make realistic names.
FIRST = ["Phú", "Bình", "Long", "Tân", "Hòa", "An", "Mỹ", "Vĩnh", "Khánh", "Phước",
         "Thạnh", "Hiệp", "Xuân", "Thới", "Châu", "Nhơn", "Định", "Hưng", "Lộc", "Thuận",
         "Tường", "Quới", "Đông", "Tây", "Hội", "Kiến", "Mỹ Hòa", "Vĩnh Trường", "Lương", "Trung",
         "Hữu", "Nhựt", "Thường", "Văn", "Đa", "Cẩm", "Song", "Ô", "Lê", "Óc"]
SECOND = ["Hùng", "Bình", "Hòa", "Thành", "Thạnh", "Hiệp", "Mỹ", "Xuân", "Thọ", "Trung",
          "Lâm", "Long", "Lạc", "An", "Phú", "Tân", "Lợi", "Điền", "Hưng", "Thuận",
          "Phước", "Khánh", "Quới", "Hội", "Thới", "Nghĩa", "Đức", "Tiến", "Châu", "Sơn",
          "Eo", "Thủy", "Hảo", "Nhơn", "Vàm", "Đông", "Tây", "Hậu", "Thắng", "Lễ"]
SUFFIX = ["", "", "", "", "", " A", " B", " Đông", " Tây", " Nam", " Bắc", " Thượng"]
# How the same unit is written in different offices' exports.
STYLES = ["Xã {}", "{UP}", "UBND xã {}", "Phường {}", "Thị trấn {}", "{}", "xã {}"]
OLD_TONES = {"Hòa": "Hoà", "Thủy": "Thuỷ", "Hóa": "Hoá"}

HEADER = ["Kỳ báo cáo", "STT", "Đơn vị", "Điểm tổng hợp", "Xếp loại",
          "Công khai, minh bạch (%)", "Tiến độ giải quyết (%)", "Dịch vụ công trực tuyến (%)",
          "Tỷ lệ hồ sơ thanh toán trực tuyến (%)", "Số hóa hồ sơ (%)", "Chứng thực điện tử"]


class Rng:
    def __init__(self, seed):
        import random
        self.r = random.Random(seed)

    def u(self):
        return self.r.random()

    def int(self, n):  # 0..n-1
        return min(int(self.r.random() * n), n - 1)

    def pick(self, seq):
        return seq[self.int(len(seq))]


def vn(x, decimals):
    """A Vietnamese decimal: 89,21 / 74,6 / 100 (trailing zeros dropped, as exports do)."""
    s = "%.*f" % (decimals, x)
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    return s.replace(".", ",")


def vn_count(n):
    """A count with dot thousands: 1.746."""
    return "{:,}".format(n).replace(",", ".")


def en(x, decimals):
    s = "%.*f" % (decimals, x)
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    return s


def label(score):
    if score >= 90: return "XUẤT SẮC"
    if score >= 80: return "TỐT"
    if score >= 70: return "KHÁ"
    if score >= 50: return "TB"
    return "YẾU"


def clamp(x, lo, hi):
    return lo if x < lo else hi if x > hi else x


def mondays(start, n):
    d = start
    while d.weekday() != 0:
        d += datetime.timedelta(days=1)
    out = []
    for _ in range(n):
        out.append(d)
        d += datetime.timedelta(days=7)
    return out


def week_of_month(d):
    return (d.day - 1) // 7 + 1


def unit_names(rng, n):
    """n distinct communes, each with its fixed written form."""
    seen = set()
    out = []
    while len(out) < n:
        a, b, s = rng.pick(FIRST), rng.pick(SECOND), rng.pick(SUFFIX)
        if a == b or a.endswith(b):
            continue
        name = a + " " + b + s
        if name in seen:
            continue
        seen.add(name)
        style = rng.pick(STYLES)
        written = name
        if rng.u() < 0.3:
            for new, old in OLD_TONES.items():
                written = written.replace(new, old)
        if style == "{UP}":
            written = written.upper()
        else:
            written = style.format(written)
        out.append(written)
    return out


def write_long(path, rng, units, weeks):
    """The long table: one row per (week, commune), weeks in time order."""
    n = len(units)
    base = [40 + 58 * rng.u() ** 0.5 for _ in range(n)]
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8", newline="") as f:
        f.write(";".join(HEADER) + "\r\n")
        for d in weeks:
            period = "Tuần %d - Tháng %d/%d" % (week_of_month(d), d.month, d.year)
            lines = []
            for i in range(n):
                base[i] = clamp(base[i] + (rng.u() - 0.5) * 3, 35, 99.5)
                score = round(base[i], 2)
                ckmb = 100 if rng.u() < 0.55 else clamp(base[i] - 30 + 40 * rng.u(), 0, 100)
                tdgq = 100 if rng.u() < 0.6 else clamp(base[i] + 20 * rng.u() - 10, 0, 100)
                dvc = clamp(base[i] + 30 * rng.u() - 15, 0, 100)
                tttt = clamp(base[i] + 40 * rng.u() - 20, 0, 100)
                shhs = clamp(70 + 15 * rng.u(), 0, 100)
                ctdt = int(25000 * rng.u() ** 3)
                lines.append(";".join((period, str(i + 1), units[i], vn(score, 2), label(score),
                                       vn(ckmb, 1), vn(tdgq, 2), vn(dvc, 1), vn(tttt, 2),
                                       vn(shhs, 1), vn_count(ctdt))))
            f.write("\r\n".join(lines) + "\r\n")
    os.replace(tmp, path)


# Reference 001's appendix (samples/phu-tan-2024-t5-w1.csv): its 18 communes and their May scores.
PHU_TAN = [("PHÚ HÙNG", 89.21), ("PHÚ BÌNH", 89.12), ("TÂN HÒA", 89.04), ("PHÚ THÀNH", 89.04),
           ("PHÚ HIỆP", 88.82), ("HIỆP XƯƠNG", 88.72), ("PHÚ MỸ", 88.62), ("PHÚ XUÂN", 88.42),
           ("PHÚ THỌ", 86.01), ("TÂN TRUNG", 84.24), ("PHÚ THẠNH", 83.96), ("PHÚ AN", 82.18),
           ("CHỢ VÀM", 81.78), ("PHÚ LÂM", 81.09), ("LONG HÒA", 80.79), ("HÒA LẠC", 75.17),
           ("BÌNH THẠNH ĐÔNG", 74.81), ("PHÚ LONG", 55.87)]


def csv_field(s):
    return '"' + s.replace('"', '""') + '"' if ("," in s or '"' in s or "\n" in s) else s


def write_small(dirpath, rng, nfiles):
    os.makedirs(dirpath, exist_ok=True)
    weeks = mondays(datetime.date(2005, 1, 3), nfiles)
    prev_month_score = [s for _, s in PHU_TAN]
    cur = [s for _, s in PHU_TAN]
    last_month = None
    for d in weeks:
        m, w, y = d.month, week_of_month(d), d.year
        if last_month is not None and m != last_month:
            prev_month_score = cur[:]
        last_month = m
        cur = [round(clamp(s + (rng.u() - 0.5) * 4, 40, 99.5), 2) for s in cur]
        pm = 12 if m == 1 else m - 1
        rows = []
        rows.append([csv_field("BỘ CHỈ SỐ PHỤC VỤ NGƯỜI DÂN, DOANH NGHIỆP TRONG THỰC HIỆN TTHC, "
                               "CUNG CẤP DỊCH VỤ CÔNG - THÁNG %d (Tuần %02d)" % (m, w))] + [""] * 12)
        rows.append(["(Thời gian chốt số liệu: Ngày %02d/%d/%d)" % (d.day, m, y)] + [""] * 12)
        rows.append([""] * 13)
        rows.append(["STT", "ĐƠN VỊ", "ĐIỂM TỔNG HỢP", "", "", "", csv_field("CÔNG KHAI, MINH BẠCH (%)"),
                     "TIỀN ĐỘ GIẢI QUYẾT (%)", "DỊCH VỤ CÔNG TT", "", "SỐ HÓA HỒ SƠ (80%)", "", ""])
        rows.append(["", "", "THÁNG %d -TUẦN %02d" % (m, w), "XẾP LOẠI", "THÁNG %d" % pm,
                     "ĐIỂM (TĂNG/GIẢM)", "", "", "DVCTT", "THANH TOÁN TT", "SỐ HÓA HỒ SƠ",
                     "TÁI SỬ DỤNG (%)", "CHỨNG THỰC ĐT"])
        body = []
        for i, (name, _) in enumerate(PHU_TAN):
            s, p = cur[i], prev_month_score[i]
            ckmb = 100 if rng.u() < 0.6 else clamp(s - 40 + 50 * rng.u(), 0, 100)
            tdgq = 100 if rng.u() < 0.7 else clamp(s + 20 * rng.u() - 10, 0, 100)
            body.append((name, s, p, ckmb, tdgq, clamp(s + 30 * rng.u() - 10, 0, 100),
                         clamp(s + 40 * rng.u() - 15, 0, 100), clamp(78 + 6 * rng.u(), 0, 100)))
        order = sorted(range(len(body)), key=lambda k: -body[k][1])
        tot = [sum(b[k] for b in body) / len(body) for k in range(1, 8)]
        total = ["", "TOÀN HUYỆN", en(tot[0], 2), label(tot[0]), en(tot[1], 2), en(tot[0] - tot[1], 2),
                 en(tot[2], 1), en(tot[3], 2), en(tot[4], 1), en(tot[5], 2), en(tot[6], 1), "0", "0"]
        rows.append(total)
        for stt, k in enumerate(order, 1):
            name, s, p, ckmb, tdgq, dvc, tttt, shhs = body[k]
            rows.append([str(stt), name, en(s, 2), label(s), en(p, 2), en(round(s - p, 2), 2),
                         en(ckmb, 1), en(tdgq, 2), en(dvc, 1), en(tttt, 2), en(shhs, 1), "0", "0"])
        name = "phu-tan-%d-t%d-w%d.csv" % (y, m, w)
        with open(os.path.join(dirpath, name), "w", encoding="utf-8", newline="") as f:
            f.write("".join(",".join(r) + "\n" for r in rows))


def main():
    if len(sys.argv) != 2:
        sys.stderr.write("usage: gen_bench.py OUTDIR\n")
        return 1
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    rng = Rng(SEED)
    units = unit_names(rng, 2000)
    write_long(os.path.join(out, "history-100k.csv"), Rng(SEED + 1), units,
               mondays(datetime.date(2024, 1, 1), 50))
    write_long(os.path.join(out, "history-1m.csv"), Rng(SEED + 2), units,
               mondays(datetime.date(2015, 1, 5), 500))
    write_small(os.path.join(out, "small"), Rng(SEED + 3), 1000)
    return 0


if __name__ == "__main__":
    sys.exit(main())
