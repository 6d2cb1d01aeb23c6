// api.js — the ONLY place the page talks to the server. Every other module calls these
// functions and never fetches anything itself, so this module can be swapped for one that
// runs the engine inside the page (WebAssembly) without touching the rest.
//
// Each call resolves to the server's JSON (see README, "HTTP API") or rejects with
// an Error whose .code and .message come from {"error": {"code", "message"}}.

function post(url, form, onProgress) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.responseType = 'text';
    if (onProgress) {
      xhr.upload.onprogress = (e) => { if (e.lengthComputable) onProgress('upload', e.loaded / e.total); };
      xhr.upload.onload = () => onProgress('work', 1);
    }
    xhr.onload = () => {
      let body = null;
      try { body = JSON.parse(xhr.responseText); } catch (_) { /* not JSON */ }
      if (xhr.status === 200 && body) { resolve(body); return; }
      const err = new Error(body && body.error ? body.error.message : ('HTTP ' + xhr.status));
      err.code = body && body.error ? body.error.code : 'http';
      err.status = xhr.status;
      reject(err);
    };
    xhr.onerror = () => { const e = new Error('network'); e.code = 'network'; reject(e); };
    xhr.send(form);
  });
}

function addFields(form, fields) {
  for (const [k, v] of Object.entries(fields || {})) {
    if (v !== undefined && v !== null && String(v).trim() !== '') form.append(k, v);
  }
}

// files: File[]; previous: File|null; fields: {title, caption, scope, rules, aliases, lang, to}
export function convert(files, previous, fields, onProgress) {
  const form = new FormData();
  for (const f of files) form.append('file', f, f.name);
  if (previous) form.append('previous', previous, previous.name);
  addFields(form, fields);
  return post('/api/convert', form, onProgress);
}

// files: File[] (weeks, months); fields: {scope, lang}
export function history(files, fields, onProgress) {
  const form = new FormData();
  for (const f of files) form.append('file', f, f.name);
  addFields(form, fields);
  return post('/api/history', form, onProgress);
}

// Lines of `chiso units QUERY` (the national list), for picking a unit.
export async function units(query) {
  const r = await fetch('/api/units?q=' + encodeURIComponent(query));
  if (!r.ok) return [];
  const j = await r.json();
  return j.units || [];
}

// Download URLs come from the server's answer; nothing to build here.
export function downloadUrl(answer, kind) {
  return answer && answer.downloads ? answer.downloads[kind] || null : null;
}
