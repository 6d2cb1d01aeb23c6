// app.js — the page of `chiso serve`. Everything shown from a file (unit names, warnings,
// titles) goes through textContent / createElement: never innerHTML with data.
// All calls to the server are in api.js.
import * as api from './api.js';
import { DEFAULT_RULES, parseRules, fails, describe, columns, orderRows, display } from './model.js';
import { DISTRICTS } from './districts.js';

const EN = new URLSearchParams(location.search).get('lang') === 'en';
const LANG = EN ? 'en' : 'vi';

const T = {
  vi: {
    files_n: (n) => `Đã chọn ${n} tệp`,
    uploading: (p) => `Đang gửi tệp… ${p}%`,
    working: 'Đang đọc và chuyển đổi…',
    copied: 'Đã sao chép ✓',
    copy_failed: 'Không sao chép được: hãy chọn chữ và bấm Ctrl+C.',
    network: 'Không kết nối được với chiso (máy chủ đã tắt?).',
    where_file: 'Tệp', where_cell: 'ô', where_row: 'dòng', where_sheet: 'trang',
    goto_row: (n) => `→ xem dòng ${n}`,
    confirm_as: (n) => `Đúng, là ${n}`,
    pick_other: 'Chọn đơn vị khác…',
    no_candidates: 'Không tìm thấy trong danh mục.',
    confirmed: (n) => `Đã xác nhận: ${n}. Lần chuyển đổi sau sẽ dùng tên này.`,
    remove: 'Xóa',
    legend_head: 'Ghi chú: ',
    legend_text: 'các chỉ số chưa đạt được đánh dấu ',
    legend_mark: 'chữ đỏ, gạch chân',
    legend_tail: ' (tự cập nhật khi sửa số liệu trong Excel):',
    sheet: 'Bảng',
    stt: 'STT', unit: 'ĐƠN VỊ',
    default_title: 'KẾT QUẢ BỘ CHỈ SỐ PHỤC VỤ NGƯỜI DÂN, DOANH NGHIỆP',
    cutoff: (d) => `(Thời gian chốt số liệu: Ngày ${d})`,
    total_line: 'Toàn huyện',
    history_rows: (n, p, u) => `${n} giá trị, ${p} kỳ, ${u} đơn vị`,
    period: 'Kỳ',
    threshold: (v) => `Ngưỡng ${v} điểm`,
    history_scores_only: 'Bảng lớn: trang chỉ hiện điểm tổng hợp; tệp tải về có đủ các chỉ số.',
    too_large: 'Bảng quá lớn để hiện trong trang: hãy tải tệp .xlsx về để xem.',
    history_totals_only: 'Bảng rất lớn: trang chỉ hiện điểm toàn huyện/toàn tỉnh; tệp tải về có đủ.',
    history_truncated: 'Bảng rất lớn: trang chỉ hiện 50.000 điểm đầu tiên; tệp tải về có đủ.',
  },
  en: {
    app_title: 'Service index (766) appendix', tab_week: 'Weekly report', tab_history: 'History', tab_names: 'Unit names',
    step1: 'Pick the results file', drop_current: 'Drop the file downloaded from the portal here',
    drop_or: 'or click to pick a file (.xls, .xlsx, .csv)', drop_previous: 'Previous period file (optional)',
    drop_previous_hint: 'to compare with last week or last month',
    options: 'Options: title, district, failing rules', opt_title: 'Title of the appendix', opt_title_ph: 'Empty: from the file',
    opt_caption: 'Caption above the title', opt_caption_ph: 'Phụ lục 1',
    opt_attached: 'Attached to (under the title)', opt_attached_ph: 'Kèm theo Báo cáo số …',
    opt_scope: 'District / province', opt_scope_ph: 'e.g. Phú Tân, An Giang',
    opt_rules: 'Failing rules (one per line; editable)', rules_reset: 'Restore the default rules',
    convert: 'Make the appendix', step2: 'Appendix', dl_xlsx: 'Download appendix (.xlsx)',
    step3: 'Lists for the report', copy: 'Copy the lists', copy_hint: 'Paste into the report or a Zalo message.',
    copied: 'Copied ✓', warnings: 'To check', history_title: 'History: many files, one table',
    drop_history: 'Drop many files (weeks, months) here', history_go: 'Make the history table',
    history_chart: 'Total score over time', dl_history: 'Download history (.xlsx)', history_table: 'Units over time',
    names_title: 'Confirmed unit names',
    names_hint: 'When a name in a file does not exactly match the national list, the page asks once. Confirmed names are kept in this browser and sent with every conversion.',
    alias_from: 'Name in the file', alias_to: 'Is the unit', aliases_empty: 'No names yet.',
    dl_aliases: 'Download the names file (.aliases) for the command line',
    footer: 'chiso runs on this computer; files are sent nowhere else.',
    files_n: (n) => `${n} file(s) picked`,
    uploading: (p) => `Sending… ${p}%`,
    working: 'Reading and converting…',
    copy_failed: 'Could not copy: select the text and press Ctrl+C.',
    network: 'Cannot reach chiso (is the server stopped?).',
    where_file: 'File', where_cell: 'cell', where_row: 'row', where_sheet: 'sheet',
    goto_row: (n) => `→ show row ${n}`,
    confirm_as: (n) => `Yes, it is ${n}`,
    pick_other: 'Pick another unit…',
    no_candidates: 'Nothing found in the national list.',
    confirmed: (n) => `Confirmed: ${n}. The next conversion uses it.`,
    remove: 'Remove',
    legend_head: 'Note: ', legend_text: 'failing values are marked ', legend_mark: 'red, underlined',
    legend_tail: ' (updated when values are corrected in Excel):',
    sheet: 'Table', stt: 'STT', unit: 'ĐƠN VỊ',
    default_title: 'SERVICE INDEX RESULTS (DECISION 766)',
    cutoff: (d) => `(Data cutoff: ${d})`,
    total_line: 'District',
    history_rows: (n, p, u) => `${n} values, ${p} periods, ${u} units`,
    period: 'Period',
    threshold: (v) => `Threshold ${v} points`,
    history_scores_only: 'Large table: the page shows the total scores only; the downloads have every indicator.',
    too_large: 'Too large to show in the page: download the .xlsx to see it.',
    history_totals_only: 'Very large table: the page shows the totals only; the downloads have everything.',
    history_truncated: 'Very large table: the page shows the first 50,000 scores; the downloads have everything.',
  },
};
const t = (k, ...a) => { const v = (T[LANG][k] !== undefined ? T[LANG][k] : T.vi[k]); return typeof v === 'function' ? v(...a) : v; };

const $ = (id) => document.getElementById(id);
function el(tag, attrs, ...kids) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'class') e.className = v; else if (k === 'text') e.textContent = v; else e.setAttribute(k, v);
  }
  for (const kid of kids) if (kid !== null && kid !== undefined) e.append(kid instanceof Node ? kid : document.createTextNode(String(kid)));
  return e;
}
const store = {
  get(k, d) { try { const v = localStorage.getItem('chiso.' + k); return v === null ? d : JSON.parse(v); } catch (_) { return d; } },
  set(k, v) { try { localStorage.setItem('chiso.' + k, JSON.stringify(v)); } catch (_) { /* private mode */ } },
};

// ---------- language ----------
function applyLanguage() {
  document.documentElement.lang = LANG;
  if (EN) {
    for (const n of document.querySelectorAll('[data-t]')) if (T.en[n.dataset.t] && typeof T.en[n.dataset.t] === 'string') n.textContent = T.en[n.dataset.t];
    for (const n of document.querySelectorAll('[data-tp]')) if (T.en[n.dataset.tp]) n.placeholder = T.en[n.dataset.tp];
    const sw = $('lang-switch'); sw.textContent = 'Tiếng Việt'; sw.href = '?';
  }
}

// ---------- tabs ----------
function showView(name) {
  for (const v of ['week', 'history', 'names']) {
    $('view-' + v).hidden = v !== name;
    $('tab-' + v).classList.toggle('active', v === name);
  }
  if (name === 'names') renderAliases();
}

// ---------- file pickers ----------
function picker(dropId, inputId, pickedId, onChange) {
  const drop = $(dropId), input = $(inputId);
  let files = [];
  const set = (list) => {
    files = Array.from(list || []).filter((f) => f && f.size !== undefined);
    $(pickedId).textContent = files.length === 1 ? files[0].name : files.length ? t('files_n', files.length) : '';
    onChange(files);
  };
  input.addEventListener('change', () => set(input.files));
  drop.addEventListener('dragover', (e) => { e.preventDefault(); drop.classList.add('over'); });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', (e) => {
    e.preventDefault(); drop.classList.remove('over');
    set(input.multiple ? e.dataTransfer.files : [e.dataTransfer.files[0]]);
  });
  return () => files;
}

function progress(id) {
  const box = $(id), fill = box.querySelector('.bar-fill'), text = box.querySelector('.ptext');
  return {
    start() { box.hidden = false; box.classList.remove('busy'); fill.style.width = '0'; text.textContent = t('uploading', 0); },
    update(phase, frac) {
      if (phase === 'upload') { fill.style.width = Math.round(frac * 100) + '%'; text.textContent = t('uploading', Math.round(frac * 100)); }
      else { box.classList.add('busy'); text.textContent = t('working'); }
    },
    done() { box.hidden = true; box.classList.remove('busy'); },
  };
}

function showError(id, err) {
  const box = $(id);
  box.textContent = err ? (err.code === 'network' ? t('network') : err.message) : '';
  box.hidden = !err;
}

// ---------- aliases (name cleaning) ----------
function aliases() { return store.get('aliases', {}); }
function aliasLabels() { return store.get('aliasLabels', {}); }
function aliasesText() {
  const labels = aliasLabels();
  return Object.entries(aliases()).map(([from, to]) => `${from} = ${to}` +
    (labels[from] && labels[from] !== to ? `    # ${labels[from].replace(/[\r\n#]/g, ' ')}` : '')).join('\n') +
    (Object.keys(aliases()).length ? '\n' : '');
}
function setAlias(from, to, label) {
  const a = aliases(); a[from] = to; store.set('aliases', a);
  const l = aliasLabels(); l[from] = label || to; store.set('aliasLabels', l);
}
function renderAliases() {
  const tbody = $('aliases-table').querySelector('tbody');
  tbody.replaceChildren();
  const a = aliases();
  const labels = aliasLabels();
  for (const [from, to] of Object.entries(a)) {
    const btn = el('button', { type: 'button', class: 'small', text: t('remove') });
    btn.addEventListener('click', () => { const x = aliases(); delete x[from]; store.set('aliases', x); renderAliases(); });
    tbody.append(el('tr', {}, el('td', { text: from }), el('td', { text: labels[from] || to }), el('td', {}, btn)));
  }
  $('aliases-empty').hidden = Object.keys(a).length > 0;
  $('aliases-table').hidden = Object.keys(a).length === 0;
  const dl = $('dl-aliases');
  if (dl.dataset.url) URL.revokeObjectURL(dl.dataset.url);
  const header = '# Tên đơn vị đã xác nhận (chiso --aliases TỆP): mỗi dòng "TÊN TRONG TỆP = ĐƠN VỊ" (tên hoặc mã 5 chữ số)\n';
  const url = URL.createObjectURL(new Blob([header + aliasesText()], { type: 'text/plain;charset=utf-8' }));
  dl.href = url; dl.dataset.url = url;
}

// ---------- the weekly report ----------
let last = null;   // the last answer

function fieldValues() {
  const rulesText = $('opt-rules').value;
  return {
    title: $('opt-title').value.trim(),
    caption: $('opt-caption').value.trim(),
    attached_to: $('opt-attached').value.trim(),
    scope: $('opt-scope').value.trim(),
    // the defaults are the command line's own: send rules only when edited
    rules: rulesText.trim() === DEFAULT_RULES.trim() ? '' : rulesText,
    aliases: aliasesText(),
    lang: LANG,
  };
}

function prevLabelFrom(summary) {
  const m = /so với ([^.:\n]+?)[.:]/.exec(summary || '');
  return m ? m[1].trim() : null;
}

function unitRowId(ti, key) { return 'row-' + ti + '-' + encodeURIComponent(key).replace(/%/g, '_'); }

function renderTable(table, ti, rules, prevLabel, warnByKey) {
  const cols = columns(table, prevLabel);
  const { total, units } = orderRows(table.units || [], false);
  const tbl = el('table', { class: 'phuluc', 'data-table': String(ti) });
  const thead = el('thead');
  const r1 = el('tr'), r2 = el('tr');
  r1.append(el('th', { rowspan: '2', text: t('stt') }), el('th', { rowspan: '2', text: t('unit') }));
  for (let i = 0; i < cols.length;) {
    const c = cols[i];
    if (!c.group) { r1.append(el('th', { rowspan: '2', 'data-col': c.id, text: c.heading })); i++; continue; }
    let j = i;
    while (j < cols.length && cols[j].group === c.group) j++;
    r1.append(el('th', { colspan: String(j - i), text: c.group }));
    for (let k = i; k < j; k++) r2.append(el('th', { 'data-col': cols[k].id, text: cols[k].heading }));
    i = j;
  }
  thead.append(r1, r2);
  tbl.append(thead);
  const tbody = el('tbody');
  const addRow = (u, stt, isTotal) => {
    const tr = el('tr', { class: isTotal ? 'total' : null, id: isTotal ? null : unitRowId(ti, u.key), 'data-key': u.key });
    const nameTd = el('td', { class: 'name', text: isTotal ? String(u.name).toLocaleUpperCase('vi') : u.name });
    const ws = warnByKey.get(u.key);
    if (ws && !isTotal) nameTd.append(el('span', { class: 'warnmark', title: ws.join('\n'), text: '⚠' }));
    tr.append(el('td', { class: 'stt', text: stt }), nameTd);
    for (const c of cols) {
      const v = (u.values || {})[c.id];
      const bad = !isTotal && fails(rules.get(c.id), v);
      tr.append(el('td', { class: (c.id === 'xep_loai' ? 'label' : 'num') + (bad ? ' fail' : ''), 'data-col': c.id, text: display(c, v) }));
    }
    tbody.append(tr);
  };
  for (const u of total) addRow(u, '', true);
  units.forEach((u, i) => addRow(u, String(i + 1), false));
  tbl.append(tbody);

  const legendRules = cols.map((c) => rules.get(c.id)).filter(Boolean);
  const legend = el('div', { class: 'legend' });
  if (legendRules.length && units.length) {
    legend.append(el('p', {}, el('b', { text: t('legend_head') }), t('legend_text'), el('span', { class: 'mark', text: t('legend_mark') }), t('legend_tail')));
    legend.append(el('ul', {}, ...legendRules.map((r) => el('li', { text: '- ' + describe(r) + '.' }))));
  }
  return [tbl, legend];
}

function formatDate(iso) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || '');
  return m ? `${m[3]}/${m[2]}/${m[1]}` : iso;
}

function warningWhere(w) {
  const parts = [];
  if (w.source) parts.push(t('where_file') + ' ' + w.source);
  if (w.sheet) parts.push(t('where_sheet') + ' ' + w.sheet);
  if (w.row && w.column) parts.push(t('where_cell') + ' ' + w.column + w.row);
  else if (w.row) parts.push(t('where_row') + ' ' + w.row);
  return parts.join(', ');
}

const NAME_CODES = new Set(['near_match', 'unit_fuzzy_match', 'unmatched_unit', 'ambiguous_unit']);

function nameChoices(w, li) {
  const quoted = [...String(w.message).matchAll(/'([^']+)'/g)].map((m) => m[1]);
  if (!quoted.length) return;
  const from = quoted[0];
  const box = el('div', { class: 'names', 'data-from': from });
  const code = /\((?:code|mã) (\d{5})\)/.exec(w.message);
  const confirm = (to, label) => {
    setAlias(from, to, label);
    // every warning about the same name is settled by this one answer
    for (const b of document.querySelectorAll('.warnings .names[data-from]')) {
      if (b.dataset.from === from) b.replaceChildren(el('span', { class: 'confirmed', text: t('confirmed', label) }));
    }
  };
  if (quoted[1] && (w.code === 'near_match' || w.code === 'unit_fuzzy_match')) {
    const to = code ? code[1] : quoted[1];
    const label = quoted[1] + (code ? ' (' + code[1] + ')' : '');
    const b = el('button', { type: 'button', class: 'small primary', 'data-action': 'confirm-name', text: t('confirm_as', label) });
    b.addEventListener('click', () => confirm(to, label));
    box.append(b);
  }
  const other = el('button', { type: 'button', class: 'small', text: t('pick_other') });
  other.addEventListener('click', async () => {
    other.disabled = true;
    const scope = $('opt-scope').value.trim();
    const lines = await api.units(scope ? from + ', ' + scope : from);
    const list = el('div', { class: 'names' });
    if (!lines.length) list.append(el('span', { text: t('no_candidates') }));
    for (const line of lines.slice(0, 12)) {
      const cols = line.split(/\s{2,}/);
      const label = cols.slice(0, 5).filter((_, i) => i !== 1).join(', ');
      const c5 = /\b(\d{5})\b/.exec(line);
      const b = el('button', { type: 'button', class: 'small', text: label });
      b.addEventListener('click', () => confirm(c5 ? c5[1] : cols[0], label));
      list.append(b);
    }
    box.after(list);
  });
  box.append(other);
  li.append(box);
}

function renderWarnings(listId, cardId, warnings, units) {
  const ul = $(listId);
  ul.replaceChildren();
  $(cardId).hidden = !warnings.length;
  for (const w of warnings) {
    const li = el('li', { 'data-code': w.code || '' });
    li.append(el('span', { text: w.message }));
    const where = warningWhere(w);
    if (where) li.append(el('span', { class: 'where', text: where + (w.code ? ' · ' + w.code : '') }));
    // point at the row of the unit the warning names
    const hit = units.find((u) => u.kind !== 'tong' && String(w.message).includes("'" + u.name + "'"));
    if (hit) {
      const a = el('button', { type: 'button', class: 'link', text: t('goto_row', hit.name) });
      a.addEventListener('click', () => {
        const row = document.getElementById(hit.rowId);
        if (!row) return;
        row.scrollIntoView({ block: 'center' });
        row.classList.add('flash');
        setTimeout(() => row.classList.remove('flash'), 1600);
      });
      li.append(' ', a);
    }
    if (NAME_CODES.has(w.code)) nameChoices(w, li);
    ul.append(li);
  }
}

function render(answer) {
  last = answer;
  $('result').dataset.renders = String(Number($('result').dataset.renders || 0) + 1);   // lets tests wait for a new render
  const rules = parseRules($('opt-rules').value);
  const tables = answer.result === null ? [] : Array.isArray(answer.result) ? answer.result : [answer.result];
  const prevLabel = prevLabelFrom(answer.summary);
  const holder = $('tables');
  holder.replaceChildren();
  const allUnits = [];
  tables.forEach((table, ti) => {
    const warnByKey = new Map();
    for (const w of table.warnings || []) {
      for (const u of table.units || []) {
        if (String(w.message).includes("'" + u.name + "'")) {
          if (!warnByKey.has(u.key)) warnByKey.set(u.key, []);
          warnByKey.get(u.key).push(w.message);
        }
      }
    }
    if (tables.length > 1) holder.append(el('p', { class: 'sheet-name', text: (table.period && table.period.label) || (t('sheet') + ' ' + (ti + 1)) }));
    holder.append(...renderTable(table, ti, rules, prevLabel, warnByKey));
    for (const u of table.units || []) allUnits.push({ ...u, rowId: unitRowId(ti, u.key) });
  });
  if (!tables.length) holder.append(el('p', { class: 'hint', text: t('too_large') }));
  const first = tables[0] || {};
  const title = $('opt-title').value.trim();
  const period = first.period && first.period.label ? first.period.label : '';
  $('table-title').textContent = title || (t('default_title') + (period ? ' – ' + period.toLocaleUpperCase('vi') : ''));
  $('table-cutoff').textContent = first.period && first.period.cutoff ? t('cutoff', formatDate(first.period.cutoff)) : '';
  $('table-caption').textContent = $('opt-caption').value.trim();
  $('table-attached').textContent = $('opt-attached').value.trim();
  $('summary').textContent = answer.summary || '';
  for (const k of ['xlsx', 'csv', 'json']) {
    const a = $('dl-' + k), url = api.downloadUrl(answer, k);
    a.hidden = !url;
    if (url) a.href = url;
  }
  renderWarnings('warnings', 'warnings-card', answer.warnings || [], allUnits);
  $('result').hidden = false;
}

async function copySummary() {
  const text = last ? last.summary || '' : '';
  let ok = false;
  try {
    if (navigator.clipboard && navigator.clipboard.writeText) { await navigator.clipboard.writeText(text); ok = true; }
  } catch (_) { ok = false; }
  if (!ok) {   // older browsers, or no permission: a hidden textarea
    const ta = el('textarea', { 'aria-hidden': 'true' });
    ta.value = text;
    ta.style.position = 'fixed'; ta.style.left = '-9999px';
    document.body.append(ta);
    ta.select();
    try { ok = document.execCommand('copy'); } catch (_) { ok = false; }
    ta.remove();
  }
  const c = $('copied');
  c.textContent = ok ? t('copied') : t('copy_failed');
  c.hidden = false;
}

// ---------- history ----------
const PALETTE = ['#c0392b', '#d35400', '#8e44ad', '#16a085', '#2c3e50', '#7f8c8d'];
const SVG = 'http://www.w3.org/2000/svg';
function svg(tag, attrs, text) {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}

function renderHistory(answer) {
  const rules = parseRules($('opt-rules').value);
  const rule = rules.get('diem_tong_hop');
  const rows = (answer.result || []).filter((r) => r.indicator === 'diem_tong_hop' && typeof r.value === 'number');
  const periods = [];
  const seenP = new Set();
  for (const r of rows) if (!seenP.has(r.period)) { seenP.add(r.period); periods.push(r.period); }
  const units = new Map();   // key -> {name, kind, values: Map(period -> value)}
  for (const r of rows) {
    if (!units.has(r.key)) units.set(r.key, { key: r.key, name: r.name, kind: r.kind, values: new Map() });
    units.get(r.key).values.set(r.period, r.value);
  }
  const all = [...units.values()];
  const totals = all.filter((u) => u.kind === 'tong');
  const communes = all.filter((u) => u.kind !== 'tong');
  const failCount = (u) => [...u.values.values()].filter((v) => fails(rule, v)).length;
  const mean = (u) => { const v = [...u.values.values()]; return v.reduce((a, b) => a + b, 0) / (v.length || 1); };
  const worst = communes.filter((u) => failCount(u) > 0).sort((a, b) => failCount(b) - failCount(a) || mean(a) - mean(b)).slice(0, 5);
  const shown = [...totals.slice(0, 1), ...worst];

  // chart
  const W = 960, H = 420, L = 48, R = 60, TOP = 16, B = 90;
  const vals = shown.flatMap((u) => [...u.values.values()]);
  let lo = Math.min(...vals, rule && rule.op !== 'in' ? rule.value : 100), hi = 100;
  lo = Math.max(0, Math.floor((lo - 5) / 10) * 10);
  const x = (i) => L + (periods.length <= 1 ? (W - L - R) / 2 : i * (W - L - R) / (periods.length - 1));
  const y = (v) => TOP + (hi - v) * (H - TOP - B) / (hi - lo || 1);
  const s = svg('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': t('history_chart') || 'chart' });
  for (let v = lo; v <= hi; v += 10) {
    s.append(svg('line', { class: 'grid', x1: L, x2: W - R, y1: y(v), y2: y(v) }));
    s.append(svg('text', { x: L - 6, y: y(v) + 4, 'text-anchor': 'end' }, String(v)));
  }
  s.append(svg('line', { class: 'axis', x1: L, x2: L, y1: TOP, y2: H - B }));
  s.append(svg('line', { class: 'axis', x1: L, x2: W - R, y1: H - B, y2: H - B }));
  if (rule && rule.op !== 'in' && rule.value >= lo) {
    s.append(svg('line', { class: 'threshold', x1: L, x2: W - R, y1: y(rule.value), y2: y(rule.value) }));
    s.append(svg('text', { x: W - R - 4, y: y(rule.value) - 5, 'text-anchor': 'end', fill: '#c00000' }, t('threshold', rule.value)));
  }
  const step = Math.max(1, Math.ceil(periods.length / 16));
  periods.forEach((p, i) => {
    if (i % step) return;
    const short = String(p).replace(/Tháng (\d+)\s*[-–]\s*Tuần 0?(\d+)/i, 'T$1 · Tuần $2');
    s.append(svg('text', { x: x(i), y: H - B + 16, transform: `rotate(30 ${x(i)} ${H - B + 16})`, 'text-anchor': 'start' }, short));
  });
  const legend = el('div', { class: 'chart-legend' });
  shown.forEach((u, k) => {
    const color = u.kind === 'tong' ? '#0b5cad' : PALETTE[(k - (totals.length ? 1 : 0)) % PALETTE.length];
    let d = '';
    periods.forEach((p, i) => {
      const v = u.values.get(p);
      if (typeof v !== 'number') return;
      d += (d ? ' L' : 'M') + x(i).toFixed(1) + ' ' + y(v).toFixed(1);
    });
    s.append(svg('path', { class: 'line' + (u.kind === 'tong' ? ' total' : ''), d, stroke: color }));
    periods.forEach((p, i) => {
      const v = u.values.get(p);
      if (typeof v !== 'number') return;
      const c = svg('circle', { cx: x(i), cy: y(v), r: u.kind === 'tong' ? 4 : 3, fill: color });
      c.append(svg('title', {}, `${u.name} — ${p}: ${v}`));
      s.append(c);
    });
    const sw = el('i'); sw.style.background = color;
    legend.append(el('span', {}, sw, u.name + (u.kind === 'tong' ? '' : ` (${failCount(u)})`)));
  });
  $('chart').replaceChildren(s, legend);

  // table: units x periods
  const tbl = el('table', { class: 'phuluc history' });
  const head = el('tr', {}, el('th', { text: t('unit') }), ...periods.map((p) => el('th', { text: p })));
  tbl.append(el('thead', {}, head));
  const tb = el('tbody');
  const lastP = periods[periods.length - 1];
  const ordered = [...totals, ...communes.sort((a, b) => (b.values.get(lastP) ?? -1) - (a.values.get(lastP) ?? -1))];
  for (const u of ordered) {
    const tr = el('tr', { class: u.kind === 'tong' ? 'total' : null }, el('td', { class: 'name', text: u.name }));
    for (const p of periods) {
      const v = u.values.get(p);
      tr.append(el('td', { class: 'num' + (u.kind !== 'tong' && fails(rule, v) ? ' fail' : ''), text: v === undefined ? '' : String(v) }));
    }
    tb.append(tr);
  }
  tbl.append(tb);
  const note = el('p', { class: 'hint', text: t('history_rows', answer.rows, periods.length, units.size) + (answer.scores_only ? ' ' + t(answer.totals_only ? 'history_totals_only' : answer.truncated ? 'history_truncated' : 'history_scores_only') : '') });
  $('history-table').replaceChildren(note, tbl);
  for (const k of ['xlsx', 'csv', 'json']) {
    const a = $('dl-history-' + k), url = api.downloadUrl(answer, k);
    a.hidden = !url;
    if (url) a.href = url;
  }
  renderWarnings('history-warnings', 'history-warnings-card', answer.warnings || [], []);
  $('history-result').hidden = false;
}

// ---------- start ----------
function init() {
  applyLanguage();
  for (const v of ['week', 'history', 'names']) $('tab-' + v).addEventListener('click', () => showView(v));
  if (location.pathname === '/lich-su' || location.pathname === '/history') showView('history');

  const dl = $('districts');
  for (const d of DISTRICTS) dl.append(el('option', { value: d }));

  const rulesBox = $('opt-rules');
  rulesBox.value = store.get('rules', DEFAULT_RULES);
  rulesBox.addEventListener('input', () => store.set('rules', rulesBox.value));
  $('rules-reset').addEventListener('click', () => { rulesBox.value = DEFAULT_RULES; store.set('rules', DEFAULT_RULES); if (last) render(last); });
  for (const id of ['opt-title', 'opt-caption', 'opt-attached', 'opt-scope']) {
    const inp = $(id);
    inp.value = store.get(id, '');
    inp.addEventListener('input', () => store.set(id, inp.value));
  }

  let current = [], previous = [];
  const update = () => { $('btn-convert').disabled = current.length === 0; };
  picker('drop-current', 'file-current', 'picked-current', (f) => { current = f; update(); });
  picker('drop-previous', 'file-previous', 'picked-previous', (f) => { previous = f; });
  const pw = progress('progress-week');
  $('btn-convert').addEventListener('click', async () => {
    showError('error-week', null);
    $('btn-convert').disabled = true;
    pw.start();
    try {
      render(await api.convert(current, previous[0] || null, fieldValues(), (ph, f) => pw.update(ph, f)));
      $('copied').hidden = true;
    } catch (e) {
      showError('error-week', e);
    } finally {
      pw.done();
      update();
    }
  });
  $('btn-copy').addEventListener('click', copySummary);

  let hist = [];
  picker('drop-history', 'file-history', 'picked-history', (f) => { hist = f; $('btn-history').disabled = hist.length === 0; });
  const ph = progress('progress-history');
  $('btn-history').addEventListener('click', async () => {
    showError('error-history', null);
    $('btn-history').disabled = true;
    ph.start();
    try {
      renderHistory(await api.history(hist, { scope: $('opt-scope').value.trim(), aliases: aliasesText(), lang: LANG }, (p, f) => ph.update(p, f)));
    } catch (e) {
      showError('error-history', e);
    } finally {
      ph.done();
      $('btn-history').disabled = hist.length === 0;
    }
  });
  renderAliases();
}

init();
