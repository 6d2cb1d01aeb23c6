// model.js — what the page needs to draw a Phụ lục from the canonical JSON: the indicators
// (ids, headings, groups, as in convert/core/model.c), the failing rules (the syntax of
// `--rules`, as convert/enrich/rules.c reads and describes them) and the row order of the
// .xlsx (total row first, then units by score, best first; ties keep the source order).

export const INDICATORS = [
  // id, heading, group, name_vi, measure
  ['diem_tong_hop', 'ĐIỂM', 'ĐIỂM TỔNG HỢP', 'Điểm tổng hợp', 'points'],
  ['xep_loai', 'XẾP LOẠI', 'ĐIỂM TỔNG HỢP', 'Xếp loại', 'label'],
  ['xep_hang', 'XẾP HẠNG', 'ĐIỂM TỔNG HỢP', 'Xếp hạng', 'rank'],
  ['diem_ky_truoc', 'KỲ TRƯỚC', 'ĐIỂM TỔNG HỢP', 'Điểm kỳ trước', 'points'],
  ['tang_giam', 'ĐIỂM (TĂNG/GIẢM)', 'ĐIỂM TỔNG HỢP', 'Tăng/giảm', 'points'],
  ['cong_khai_minh_bach', 'CÔNG KHAI, MINH BẠCH (%)', null, 'Công khai, minh bạch', 'percent'],
  ['tien_do_giai_quyet', 'TIẾN ĐỘ GIẢI QUYẾT (%)', null, 'Tiến độ giải quyết', 'percent'],
  ['dvc_truc_tuyen', 'DVCTT', 'DỊCH VỤ CÔNG TT', 'Dịch vụ công trực tuyến', 'percent'],
  ['thanh_toan_truc_tuyen', 'THANH TOÁN TT', 'DỊCH VỤ CÔNG TT', 'Thanh toán trực tuyến', 'percent'],
  ['muc_do_hai_long', 'MỨC ĐỘ HÀI LÒNG (%)', null, 'Mức độ hài lòng', 'percent'],
  ['so_hoa_ho_so', 'SỐ HÓA HỒ SƠ', 'SỐ HÓA HỒ SƠ', 'Số hóa hồ sơ', 'percent'],
  ['tai_su_dung', 'TÁI SỬ DỤNG (%)', 'SỐ HÓA HỒ SƠ', 'Tái sử dụng', 'percent'],
  ['chung_thuc_dien_tu', 'CHỨNG THỰC ĐT', 'SỐ HÓA HỒ SƠ', 'Chứng thực điện tử', 'count'],
  ['chung_thuc_dien_tu_luy_ke', 'CHỨNG THỰC ĐT (LŨY KẾ)', 'SỐ HÓA HỒ SƠ', 'Chứng thực điện tử (lũy kế)', 'count'],
  ['cong_khai_minh_bach_diem', 'CÔNG KHAI, MINH BẠCH (18 điểm)', null, 'Công khai, minh bạch', 'group'],
  ['tien_do_giai_quyet_diem', 'TIẾN ĐỘ GIẢI QUYẾT (20 điểm)', null, 'Tiến độ giải quyết', 'group'],
  ['dvc_truc_tuyen_diem', 'DỊCH VỤ CÔNG TRỰC TUYẾN (12 điểm)', null, 'Dịch vụ công trực tuyến', 'group'],
  ['thanh_toan_truc_tuyen_diem', 'THANH TOÁN TRỰC TUYẾN (10 điểm)', null, 'Thanh toán trực tuyến', 'group'],
  ['muc_do_hai_long_diem', 'MỨC ĐỘ HÀI LÒNG (18 điểm)', null, 'Mức độ hài lòng', 'group'],
  ['so_hoa_ho_so_diem', 'SỐ HÓA HỒ SƠ (22 điểm)', null, 'Số hóa hồ sơ', 'group'],
].map(([id, heading, group, name, measure]) => ({ id, heading, group, name, measure }));

const BY_ID = new Map(INDICATORS.map((i) => [i.id, i]));
export const LABELS = { xuat_sac: 'XUẤT SẮC', tot: 'TỐT', kha: 'KHÁ', trung_binh: 'TRUNG BÌNH', yeu: 'YẾU' };
const LABEL_ORDER = ['xuat_sac', 'tot', 'kha', 'trung_binh', 'yeu'];
const LABEL_WORDS = { xuat_sac: 'Xuất sắc', tot: 'Tốt', kha: 'Khá', trung_binh: 'Trung bình', yeu: 'Yếu' };

export const DEFAULT_RULES = `# Quy tắc "chưa đạt": mỗi dòng một quy tắc, chỉ số PHÉP SO SÁNH giá trị | ghi chú
# (như tệp samples/quy-tac-mac-dinh.rules của dòng lệnh)
diem_tong_hop < 70          | Điểm tổng hợp dưới 70 điểm
xep_loai in trung_binh,yeu  | Xếp loại Trung bình hoặc Yếu
tang_giam < 0               | Điểm giảm so với kỳ trước
cong_khai_minh_bach < 70    | Công khai, minh bạch dưới 70%
tien_do_giai_quyet < 90     | Tiến độ giải quyết dưới 90%
dvc_truc_tuyen < 50         | Dịch vụ công trực tuyến dưới 50%
thanh_toan_truc_tuyen < 30  | Thanh toán trực tuyến dưới 30%
so_hoa_ho_so < 80           | Số hóa hồ sơ dưới 80%
muc_do_hai_long < 90        | Mức độ hài lòng dưới 90%
`;

// Parses rules text. Lines the page cannot read are skipped here: the server (the real
// parser) reports them with their line number when the rules are sent.
export function parseRules(text) {
  const rules = new Map();
  for (const raw of String(text).split(/\r?\n/)) {
    let line = raw.replace(/#.*/, '');
    let desc = '';
    const bar = line.indexOf('|');
    if (bar >= 0) { desc = line.slice(bar + 1).trim(); line = line.slice(0, bar); }
    line = line.trim();
    if (!line) continue;
    let m = /^([a-z_]+)\s+in\s+([a-z_,\s]+)$/.exec(line);
    if (m && BY_ID.has(m[1])) {
      const labels = m[2].split(',').map((s) => s.trim()).filter(Boolean);
      rules.set(m[1], { id: m[1], op: 'in', labels, desc });
      continue;
    }
    m = /^([a-z_]+)\s*(<=|>=|<|>)\s*(-?[0-9]+(?:[.,][0-9]+)?)\s*%?$/.exec(line);
    if (m && BY_ID.has(m[1])) rules.set(m[1], { id: m[1], op: m[2], value: parseFloat(m[3].replace(',', '.')), desc });
  }
  return rules;
}

export function fails(rule, value) {
  if (!rule || value === undefined || value === null) return false;
  if (rule.op === 'in') return typeof value === 'string' && rule.labels.includes(value);
  if (typeof value !== 'number') return false;
  switch (rule.op) {
    case '<': return value < rule.value;
    case '<=': return value <= rule.value;
    case '>': return value > rule.value;
    default: return value >= rule.value;
  }
}

function viNumber(v) { return String(Math.round(v * 1e6) / 1e6).replace('.', ','); }

// The legend line of a rule, as the .xlsx writes it.
export function describe(rule) {
  if (rule.desc) return rule.desc;
  const info = BY_ID.get(rule.id);
  if (rule.op === 'in') {
    const words = LABEL_ORDER.filter((l) => rule.labels.includes(l)).map((l) => LABEL_WORDS[l]);
    const last = words.pop();
    return info.name + ' ' + (words.length ? words.join(', ') + ' hoặc ' + last : last);
  }
  if (rule.id === 'tang_giam' && rule.op === '<' && rule.value === 0) return 'Điểm giảm so với kỳ trước';
  const unit = info.measure === 'percent' ? '%' : (info.measure === 'points' || info.measure === 'group') ? ' điểm' : '';
  const n = viNumber(rule.value) + unit;
  switch (rule.op) {
    case '<': return `${info.name} dưới ${n}`;
    case '<=': return `${info.name} từ ${n} trở xuống`;
    case '>': return `${info.name} trên ${n}`;
    default: return `${info.name} từ ${n} trở lên`;
  }
}

function upper(s) { return String(s).toLocaleUpperCase('vi'); }

// The columns of a table: indicators with a value in any unit, in model order, with the
// headings of the .xlsx (the score column headed with the period).
export function columns(table, prevLabel) {
  const present = new Set();
  for (const u of table.units || []) for (const k of Object.keys(u.values || {})) present.add(k);
  const cols = [];
  for (const ind of INDICATORS) {
    if (!present.has(ind.id)) continue;
    let heading = ind.heading;
    let group = ind.group;
    if (ind.id === 'diem_tong_hop' && table.period && table.period.label) heading = upper(table.period.label);
    if (ind.id === 'diem_ky_truoc' && prevLabel) heading = upper(prevLabel);
    cols.push({ id: ind.id, heading, group, measure: ind.measure });
  }
  cols.forEach((c, i) => {
    if (!c.group) return;
    const alone = (i === 0 || cols[i - 1].group !== c.group) && (i + 1 === cols.length || cols[i + 1].group !== c.group);
    if (alone && c.group === BY_ID.get(c.id).heading) c.group = null;
  });
  return cols;
}

// Rows as the .xlsx orders them.
export function orderRows(units, keepOrder) {
  const total = units.filter((u) => u.kind === 'tong');
  const rest = units.filter((u) => u.kind !== 'tong');
  if (!keepOrder) {
    const score = (u) => (u.values && typeof u.values.diem_tong_hop === 'number' ? u.values.diem_tong_hop : null);
    rest.sort((a, b) => {
      const x = score(a), y = score(b);
      if ((x === null) !== (y === null)) return x === null ? 1 : -1;
      if (x !== null && x !== y) return y - x;
      return 0;
    });
  }
  return { total, units: rest };
}

export function display(col, v) {
  if (v === undefined || v === null) return '';
  if (col.id === 'xep_loai') return LABELS[v] || String(v);
  if (typeof v !== 'number') return String(v);
  if (col.measure === 'count') return v.toLocaleString('en-US');
  return String(v);
}
