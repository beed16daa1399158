// TuneDesk's browser UI: sign in, upload and check data, convert it, train,
// watch the loss, chat. One page; everything through the JSON API
// (app/services/api/api_controllers.h). No network beyond this server.
'use strict';

// The page's texts in Chinese come from translations/*.ts like the desktop's
// (GET /api/messages/zh_CN's "page", made from this page by
// tools/i18n/web_texts.py): the literal texts given to t and webText, and the HTML's
// data-i18n attributes are what translators see.
const zh = {};
// A text the page translates where it is used, not where it is written (t(word)): marked for the translators.
const webText = text => text;
// Words the server sends that the page shows translated (t(dataset.kind), t(job.status), t(export's what)).
[webText('upload'), webText('converted'), webText('queued'), webText('running'), webText('completed'), webText('failed'),
 webText('cancelled'), webText('interrupted'), webText('adapter'), webText('model'), webText('merged model')];

// Validation messages and errors in Chinese by template id (a finding's or an
// error's kind and args), from the translations the desktop app uses too
// (GET /api/messages/zh_CN): {1}, {2}, … are args[0], args[1], …; in a
// template with a count, {n} is args[0] and {1}, {2}, … are args[1], ….
let findingZh = {};
// Rule ids as people read them: [English, 中文] (the desktop app's ValidationTab titles).
let errorZh = {};
// The validation rules' titles in both languages, from core's catalog (GET /api/messages/LANG's "rules").
const ruleTitles = { en: {}, zh_CN: {} };
const ruleTitle = rule => ruleTitles[lang][rule] || ruleTitles.en[rule] || rule;
// A template with {n} (the count, args[0]) and {1}, {2}, … (the values after it; without {n}, from args[0]).
function fillTemplate(template, args = []) {
  const first = template.includes('{n}') ? 0 : 1;
  return template.replace(/\{(n|\d)\}/g, (_, k) => (k === 'n' ? args[0] : args[Number(k) - first]) ?? '');
}
function findingText(f) {
  const template = lang === 'zh_CN' && f.kind && findingZh[f.kind];
  return template ? fillTemplate(template, f.args) : f.message;
}
// An error with a template (a job's error_kind/args, an API error's kind/args) in the page's language.
function errorText(kind, args, english) {
  const template = lang === 'zh_CN' && kind && errorZh[kind];
  return template ? fillTemplate(template, args) : english;
}
const jobErrorText = j => errorText(j.error_kind, j.error_args, j.error);
const apiErrorText = e => errorText(e.kind, e.args, e.message);
let lang = localStorage.getItem('tunedesk.lang') || (navigator.language.startsWith('zh') ? 'zh_CN' : 'en');
const t = (text, values = {}) => {
  let s = (lang === 'zh_CN' && zh[text]) || text;
  for (const [k, v] of Object.entries(values)) s = s.replaceAll('{' + k + '}', v);
  return s;
};
function translatePage() {
  document.documentElement.lang = lang === 'zh_CN' ? 'zh-CN' : 'en';
  document.querySelectorAll('[data-i18n]').forEach(e => { e.textContent = t(e.dataset.i18n); });
  document.querySelectorAll('[data-i18n-placeholder]').forEach(e => { e.placeholder = t(e.dataset.i18nPlaceholder); });
  document.querySelectorAll('[data-i18n-title]').forEach(e => { e.title = t(e.dataset.i18nTitle); });
  document.getElementById('language').value = lang;
}

const $ = id => document.getElementById(id);
const state = { user: null, csrf: '', report: null, dataset: null, job: null, chart: null, poll: null, history: [], abort: null };
const escapeHtml = s => String(s).replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));

function say(text, kind = 'danger') {
  const a = $('alert');
  a.className = 'alert alert-' + kind;
  a.textContent = text;
  clearTimeout(say.timer);
  say.timer = setTimeout(() => a.classList.add('d-none'), 8000);
}

// The API: JSON in and out; writes carry the CSRF token; errors become exceptions with the server's message.
async function api(method, path, body, raw = false) {
  const headers = {};
  if (method !== 'GET') headers['X-CSRF-Token'] = state.csrf;
  if (body !== undefined && !raw) headers['Content-Type'] = 'application/json';
  const r = await fetch(path, { method, headers, credentials: 'same-origin',
                                body: body === undefined ? undefined : raw ? body : JSON.stringify(body) });
  const data = await r.json().catch(() => ({}));
  if (r.status === 401 && path !== '/api/login') showLogin(data.error && data.error.code === 'first_run');
  if (!r.ok) {
    const err = new Error(data.error ? apiErrorText(data.error) : r.statusText);
    err.code = data.error && data.error.code;
    throw err;
  }
  return data;
}

// --- pages ---------------------------------------------------------------
function showPage(name) {
  if (state.page !== name) {  // a message spoke of the page left behind: it goes with it
    clearTimeout(say.timer);
    $('alert').classList.add('d-none');
    state.page = name;
  }
  document.querySelectorAll('.page').forEach(p => { p.hidden = p.id !== 'page-' + name; });
  document.querySelectorAll('#nav .nav-link').forEach(a => a.classList.toggle('active', a.getAttribute('href') === '#' + name));
  if (name === 'data') loadDatasets();
  if (name === 'training') { loadTrainingChoices(); loadJobs(); }
  if (name === 'chat') loadChatModels();
  if (name === 'settings') loadSettings();
}
function route() {
  if (!state.user) return showLogin(state.firstRun);
  showPage((location.hash || '#data').slice(1).split('/')[0] || 'data');
}
function showLogin(firstRun = false) {
  state.user = null; state.firstRun = firstRun;
  $('setup-note').hidden = !firstRun; $('confirm-row').hidden = !firstRun;
  // What GET /api/server said: a first run from another machine needs the setup code; plain HTTP on a network is a risk to say.
  const server = state.server || {};
  $('setup-code-row').hidden = !(firstRun && server.setup_code_required);
  $('plain-http-warning').hidden = !(server.beyond_loopback && !server.tls);
  $('login-title').dataset.i18n = firstRun ? webText('Welcome to TuneDesk') : webText('Sign in to TuneDesk');
  $('login-button').dataset.i18n = firstRun ? webText('Create and sign in') : webText('Sign in');
  translatePage();
  $('nav').hidden = true; $('logout').hidden = true; $('who').textContent = '';
  document.querySelectorAll('.page').forEach(p => { p.hidden = p.id !== 'page-login'; });
}
function signedIn(session) {
  state.user = session.username; state.role = session.role; state.csrf = session.csrf_token;
  $('file').accept = session.dataset_suffixes.map(s => '.' + s).join(',');
  $('who').textContent = session.username;
  $('nav').hidden = false; $('logout').hidden = false;
  route();
}

$('login-form').addEventListener('submit', async e => {
  e.preventDefault();
  try {
    if (state.firstRun && $('password').value !== $('confirm').value) return say(t('The two passwords differ.'));
    const body = { username: $('username').value, password: $('password').value };
    if (state.firstRun && !$('setup-code-row').hidden) body.setup_code = $('setup-code').value;
    signedIn(await api('POST', state.firstRun ? '/api/setup' : '/api/login', body));
    $('password').value = ''; $('confirm').value = '';
  } catch (err) { say(err.message); }
});
$('logout').addEventListener('click', async () => { await api('POST', '/api/logout').catch(() => {}); showLogin(); });
$('language').addEventListener('change', e => {
  lang = e.target.value; localStorage.setItem('tunedesk.lang', lang); translatePage();
  if (state.report) showReport(state.dataset, state.report);
});
window.addEventListener('hashchange', route);

// --- data ----------------------------------------------------------------
async function loadDatasets() {
  const list = await api('GET', '/api/datasets');
  state.datasets = list;
  const box = $('datasets');
  box.innerHTML = list.length ? '' : `<div class="text-muted small">${t('No datasets yet: upload one.')}</div>`;
  for (const d of list.slice().reverse()) {
    const a = document.createElement('a');
    a.href = '#data'; a.className = 'list-group-item list-group-item-action' + (state.dataset && state.dataset.id === d.id ? ' active' : '');
    a.dataset.id = d.id;
    a.innerHTML = `<div class="d-flex justify-content-between"><span>${escapeHtml(d.name)}</span>
      <span class="badge bg-${d.kind === 'upload' ? 'secondary' : 'success'}">${t(d.kind)}</span></div>
      <div class="small text-muted">${d.id} · ${(d.size / 1024).toFixed(1)} KiB${checkBadge(d.check)}</div>
      ${d.source ? `<div class="small text-muted version-of">${escapeHtml(versionOfText(d))}</div>` : ''}`;
    a.addEventListener('click', e => { e.preventDefault(); openDataset(d); });
    box.appendChild(a);
  }
  return list;
}
async function openDataset(d) {
  try { showReport(d, await api('GET', `/api/datasets/${d.id}/report`)); } catch (err) { say(err.message); }
}
function showReport(d, r) {
  state.dataset = d; state.report = r;
  $('report').hidden = false;
  $('report-title').textContent = `${d.name} (${d.id})`;
  const sheets = r.stats.sheets || [];
  $('report-sheet').hidden = !r.stats.sheet;
  $('report-sheet').textContent = r.stats.sheet
    ? t('sheet “{sheet}” of the workbook’s {n}: {names}', {sheet: r.stats.sheet, n: sheets.length, names: sheets.join(', ')}) : '';
  const verdict = $('report-verdict');
  verdict.className = 'alert ' + (r.passed ? 'alert-success' : 'alert-danger');
  verdict.textContent = `${r.passed ? '✔ ' + t('passed') : '✘ ' + t('has errors')}: ${r.valid_rows} / ${r.rows} ${t('valid rows')}`;
  const errors = r.findings.filter(f => f.severity === 'error').length;
  $('report-numbers').innerHTML = [[t('rows'), r.rows], [t('valid rows'), r.valid_rows], [t('errors'), errors],
                                   [t('warnings'), r.findings.length - errors]]
    .map(([k, v]) => `<div class="col"><div class="border rounded bg-white p-2 text-center"><div class="fs-4">${v}</div><div class="small text-muted">${k}</div></div></div>`).join('');
  $('findings').tBodies[0].innerHTML = r.findings.slice(0, 2000).map(f =>
    `<tr class="${f.severity === 'error' ? 'table-danger' : ''}"><td>${f.line || t('file')}</td><td>${t(f.severity === 'error' ? webText('Error') : webText('Warning'))}</td>
     <td>${escapeHtml(ruleTitle(f.rule))}</td><td>${escapeHtml(f.field || '')}</td><td>${escapeHtml(findingText(f))}</td></tr>`).join('');
  $('convert-button').disabled = d.kind !== 'upload' || r.valid_rows === 0;
  $('clean-summary').innerHTML = ''; $('clean-changes').hidden = true; $('clean-groups').hidden = true;  // another dataset's preview no longer holds
  groupChoices = {};
  showLatestAugmentation(d).catch(err => say(err.message));  // augment.js
  showVersionOf((state.datasets || []).find(x => x.id === d.id) || d);  // versions.js
  document.querySelectorAll('#datasets .list-group-item').forEach(a => a.classList.toggle('active', a.dataset.id === d.id));
}
function upload(file) {
  // XMLHttpRequest, not fetch: it reports upload progress.
  const bar = $('upload-progress');
  bar.classList.remove('d-none');
  say(t('Uploading {name}…', { name: file.name }), 'info');
  const form = new FormData();
  form.append('file', file);
  const xhr = new XMLHttpRequest();
  xhr.open('POST', '/api/datasets');
  xhr.setRequestHeader('X-CSRF-Token', state.csrf);
  xhr.upload.onprogress = e => { if (e.lengthComputable) bar.firstElementChild.style.width = (100 * e.loaded / e.total) + '%'; };
  xhr.onload = async () => {
    bar.classList.add('d-none');
    const data = JSON.parse(xhr.responseText || '{}');
    if (xhr.status !== 201) return say(data.error ? apiErrorText(data.error) : xhr.statusText);
    $('alert').classList.add('d-none');
    await loadDatasets();
    openDataset(data);
  };
  xhr.onerror = () => { bar.classList.add('d-none'); say('upload failed'); };
  xhr.send(form);
}
$('file').addEventListener('change', e => { if (e.target.files[0]) upload(e.target.files[0]); e.target.value = ''; });
const drop = $('drop');
['dragenter', 'dragover'].forEach(ev => drop.addEventListener(ev, e => { e.preventDefault(); drop.classList.add('over'); }));
['dragleave', 'drop'].forEach(ev => drop.addEventListener(ev, e => { e.preventDefault(); drop.classList.remove('over'); }));
drop.addEventListener('drop', e => { if (e.dataTransfer.files[0]) upload(e.dataTransfer.files[0]); });
$('convert-form').addEventListener('submit', async e => {
  e.preventDefault();
  try {
    const c = await api('POST', `/api/datasets/${state.dataset.id}/convert`, {
      model_type: $('convert-type').value, val_ratio: parseFloat($('convert-val').value) || 0,
      trim: $('convert-trim').checked, drop_duplicates: $('convert-dedupe').checked });
    say(t('Wrote {n} training rows to {path}.', { n: c.train_rows, path: c.path }), 'success');
    state.converted = c.id;
    await loadDatasets();
  } catch (err) { say(err.message); }
});

// --- training ------------------------------------------------------------
// The settings' fields and their YAML text: training_form.js.

// Before Start: every row of the dataset counted in tokens with the base model's tokenizer and chat
// template, against the settings' limits (POST /api/lengths); the distributions and the rows cut on demand.
function checkLengths() {
  clearTimeout(state.lengthsTimer);
  state.lengthsTimer = setTimeout(async () => {
    const dataset = $('train-dataset').value, model = $('train-model').value;
    if (!dataset || !model) { $('train-lengths').textContent = ''; $('train-lengths-toggle').hidden = true; return; }
    const asked = ++state.lengthsAsked;
    $('train-lengths').textContent = t('Counting the rows in tokens…');
    try {
      const r = await api('POST', '/api/lengths', { dataset, base_model: model, model_type: $('setting-model_type').value,
                                                    method: $('setting-method').value, yaml: yamlOf() });
      if (asked === state.lengthsAsked) showLengths(r);
    } catch (err) {
      if (asked === state.lengthsAsked) { $('train-lengths').textContent = t('Lengths not counted: {why}', { why: err.message }); showMemory(null); }
    }
  }, 400);
}
state.lengthsAsked = 0;
function showLengths(r) {
  state.lengths = r;
  const line = $('train-lengths');
  line.className = 'flex-grow-1 ' + (r.over_limit ? 'text-warning-emphasis' : 'text-muted');
  const lines = r.rows.slice(0, 12).map(c => c.line).join(', ') + (r.rows.length > 12 ? ', …' : '');
  line.textContent = !r.over_limit ? t('All {n} rows fit the length limits (the longest is {max} tokens).', { n: r.total.count, max: r.total.max })
    : t(r.overlength === 'drop' ? webText('{n} rows over the length limits will be left out ({prompt} prompt and {answer} answer tokens past the limits): lines {lines}')
                                : webText('{n} rows will be truncated ({prompt} prompt and {answer} answer tokens past the limits): lines {lines}'),
        { n: r.over_limit, prompt: r.prompt_tokens_lost, answer: r.answer_tokens_lost, lines });
  line.dataset.over = r.over_limit;
  $('train-lengths-toggle').hidden = false;
  showMemory(r.memory);
  if (!$('train-lengths-detail').hidden) drawLengths();
}
// Will it fit: the run's estimated peak memory against what the device has free (the same check the trainer makes).
// As format_gb (core/training/memory_estimate.h): "207 MB", "3.24 GB", "31.2 GB".
const gigabytes = bytes => bytes < 1e9 ? Math.round(bytes / 1e6) + ' MB' : (bytes / 1e9).toFixed(bytes < 1e10 ? 2 : 1) + ' GB';
function fitChangeText(c) {
  const parts = [];
  if (c.gradient_checkpointing) parts.push(t('gradient checkpointing'));
  if (c.batch_size > 0) parts.push(t('batch size {b} with gradient accumulation {a}', { b: c.batch_size, a: c.grad_accumulation }));
  if (c.lora) parts.push(t('LoRA instead of full fine-tuning'));
  if (c.cutoff_len > 0) parts.push(t('at most {n} tokens per row', { n: c.cutoff_len }));
  return parts.join(lang === 'zh_CN' ? '，' : ', ');
}
function showMemory(m) {
  const line = $('train-memory');
  const over = !!m && !m.fits;
  $('train-memory-apply').hidden = !(over && m.change);
  $('train-memory-override-box').hidden = !over;
  if (!m) { line.textContent = ''; return; }
  const e = m.estimate, need = gigabytes(e.total), have = gigabytes(m.available);
  const where = t(m.limited ? webText('your limit') : m.device === 'cuda' ? webText('GPU') : webText('RAM'));
  line.className = 'flex-grow-1 ' + (over ? 'text-danger' : 'text-muted');
  line.dataset.fits = m.fits;
  line.title = `weights ${gigabytes(e.weights)} · optimizer state ${gigabytes(e.trainable)} · activations and gradients ${gigabytes(e.activations)} · ` +
    `logits ${gigabytes(e.logits)} · runtime ${gigabytes(e.runtime)}`;
  if (!m.known) { line.textContent = t('Memory: about {need} (what the device has free is unknown).', { need }); return; }
  if (!over) { line.textContent = t('Memory: about {need} of {have} available ({where}).', { need, have, where }); return; }
  line.textContent = t('Memory: about {need}, more than the {have} available ({where}).', { need, have, where }) + ' ' +
    (m.change ? t('It would fit with {change} (about {total}).', { change: fitChangeText(m.change), total: gigabytes(m.change.total) })
              : t('Even the smallest settings would not fit: choose a smaller model.'));
}
$('train-memory-apply').addEventListener('click', async () => {
  const m = state.lengths && state.lengths.memory;
  if (!m || !m.change) return;
  const c = m.change;
  try {
    if (c.lora) { $('setting-method').value = 'lora'; await loadMethodDefaults(); }
    let yaml = $('train-yaml').value;
    const path = name => trainingSettings.byName[name].yaml;
    if (c.gradient_checkpointing) yaml = setKey(yaml, path('gradient_checkpointing'), 'true');
    if (c.batch_size > 0) {
      yaml = setKey(yaml, path('batch_size'), String(c.batch_size));
      yaml = setKey(yaml, path('grad_accumulation'), String(c.grad_accumulation));
    }
    if (c.cutoff_len > 0) {
      yaml = setKey(setKey(yaml, path('max_input_length'), null), path('max_output_length'), null);
      yaml = setKey(yaml, path('cutoff_len'), String(c.cutoff_len));
    }
    $('train-yaml').value = yaml;
    readFields();
    say(t('Changed the settings to {change}.', { change: fitChangeText(c) }), 'success');
    checkLengths();
  } catch (err) { say(err.message); }
});
$('train-memory-override').addEventListener('change', () => {
  $('train-yaml').value = setKey($('train-yaml').value, trainingSettings.byName.check_memory.yaml,
                                 $('train-memory-override').checked ? 'false' : null);
});
function drawLengths() {
  const r = state.lengths;
  if (!r) return;
  const figures = (name, s, limit) => `<b>${escapeHtml(t(name))}</b>: ${escapeHtml(t('min {min} · median {median} · p95 {p95} · max {max}', s))}` +
    ` (${escapeHtml(limit ? t('limit {n}', { n: limit }) : t('no limit'))})`;
  $('train-lengths-figures').innerHTML = [figures('Prompt tokens', r.prompt, r.limits.max_input_length),
    figures('Answer tokens', r.answer, r.limits.max_output_length), figures('Tokens per row', r.total, r.limits.cutoff_len)].join(' · ');
  const series = (s, color) => s.histogram.counts.map((n, i) => ({ x: (i + 0.5) * s.histogram.width, y: n }));
  if (state.lengthsChart) state.lengthsChart.destroy();
  state.lengthsChart = new Chart($('lengths-chart'), {
    type: 'line',
    data: { datasets: [
      { label: t('Prompt tokens'), data: series(r.prompt), borderColor: '#1f5fbf', stepped: 'middle', pointRadius: 0 },
      { label: t('Answer tokens'), data: series(r.answer), borderColor: '#e67814', stepped: 'middle', pointRadius: 0 },
      { label: t('Tokens per row'), data: series(r.total), borderColor: '#3c8c50', stepped: 'middle', pointRadius: 0 }] },
    options: { animation: false, maintainAspectRatio: false, parsing: false,
               scales: { x: { type: 'linear', beginAtZero: true, title: { display: true, text: t('tokens') } },
                         y: { beginAtZero: true, title: { display: true, text: t('number of rows') } } } } });
  $('train-lengths-rows').innerHTML = r.rows.length === 0 ? '' :
    `<table class="table table-sm mb-0" id="lengths-table"><thead><tr><th>${t('Line')}</th><th>${t('Prompt tokens')}</th><th>${t('Answer tokens')}</th>` +
    `<th>${t('Prompt tokens cut')}</th><th>${t('Answer tokens cut')}</th></tr></thead><tbody>` +
    r.rows.slice(0, 200).map(c => `<tr><td>${c.line}</td><td>${c.prompt_tokens}</td><td>${c.answer_tokens}</td><td>${c.prompt_lost}</td><td>${c.answer_lost}</td></tr>`).join('') +
    '</tbody></table>';
}
$('train-lengths-toggle').addEventListener('click', e => {
  e.preventDefault();
  $('train-lengths-detail').hidden = !$('train-lengths-detail').hidden;
  drawLengths();
});
for (const id of ['train-dataset', 'train-model', 'setting-model_type']) $(id).addEventListener('change', checkLengths);
$('train-yaml-file').addEventListener('change', async e => {
  const file = e.target.files[0];
  if (!file) return;
  $('train-yaml').value = await file.text();
  readFields();
  $('train-yaml-box').open = true;
  e.target.value = '';
});
$('train-yaml-save').addEventListener('click', () => {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(new Blob([$('train-yaml').value], { type: 'text/yaml' }));
  a.download = `${$('setting-method').value}.yaml`;
  a.click();
  URL.revokeObjectURL(a.href);
});
async function loadTrainingChoices() {
  const [datasets, models] = await Promise.all([api('GET', '/api/datasets'), api('GET', '/api/models')]);
  const keepDataset = state.converted || $('train-dataset').value;
  $('train-dataset').innerHTML = datasets.filter(d => !d.name.endsWith('.val.jsonl')).reverse()
    .map(d => `<option value="${d.id}">${escapeHtml(d.name)} (${t(d.kind)})</option>`).join('');
  if (keepDataset) $('train-dataset').value = keepDataset;
  const keepModel = $('train-model').value;
  state.models = models;
  $('train-model').innerHTML = models.map(m => `<option value="${escapeHtml(m.name)}">${escapeHtml(m.name)}</option>`).join('');
  if (models.some(m => m.name === keepModel)) $('train-model').value = keepModel;
  showModelInfo();
  if (!trainingSettings.rows.length) await buildSettingsForm();
  if (!$('train-yaml').value) await loadMethodDefaults();
  checkLengths();
}
// What the chosen base model is, and the way to add others.
function showModelInfo() {
  const m = (state.models || []).find(x => x.name === $('train-model').value);
  const about = m ? `${m.architecture} · ${parameterCount(m.parameters)} · ${m.chat_template} — ` : '';
  $('train-model-info').textContent = about + t('Add a base model…');
}
$('train-model').addEventListener('change', showModelInfo);
const parameterCount = n => n >= 1e9 ? (n / 1e9).toFixed(1) + 'B' : n >= 1e6 ? (n / 1e6).toFixed(1) + 'M' : (n / 1e3).toFixed(0) + 'K';
// The YAML the job runs with: the text (each field's change is in it).
const yamlOf = () => $('train-yaml').value;
$('train-form').addEventListener('submit', async e => {
  e.preventDefault();
  const memory = state.lengths && state.lengths.memory;
  if (memory && !memory.fits && !$('train-memory-override').checked) {
    say(t('This run would need about {need} of memory, more than the {have} available: use the settings that fit, or tick "Start anyway".',
          { need: gigabytes(memory.estimate.total), have: gigabytes(memory.available) }));
    return;
  }
  try {
    const job = await api('POST', '/api/jobs', { dataset: $('train-dataset').value, base_model: $('train-model').value,
                                                 method: $('setting-method').value, model_type: $('setting-model_type').value, yaml: yamlOf() });
    say(t('Job {id} queued.', { id: job.id }), 'success');
    await loadJobs();
    showJob(job.id);
  } catch (err) { say(err.message); }
});
async function loadJobs() {
  const jobs = await api('GET', '/api/jobs');
  $('jobs').innerHTML = jobs.length ? '' : `<div class="text-muted small">${t('No jobs yet.')}</div>`;
  for (const j of jobs) {
    const a = document.createElement('a');
    a.href = '#training'; a.className = 'list-group-item list-group-item-action' + (state.job === j.id ? ' active' : '');
    a.dataset.job = j.id;
    a.innerHTML = `<div class="d-flex justify-content-between align-items-center gap-2">
      <input class="form-check-input mt-0 compare-pick" type="checkbox" data-id="${j.id}" title="${escapeHtml(t('compare'))}"
             ${(state.picked || new Set()).has(j.id) ? 'checked' : ''}>
      <span class="font-monospace me-auto">${j.id}</span>
      <span class="small text-muted job-step">${stepText(j)}</span>
      <span class="badge bg-${badge(j.status)} job-badge">${t(j.status)}</span></div>
      <div class="small text-muted">${escapeHtml(j.method)} · ${escapeHtml((j.dataset || '').split('/').pop())}</div>`;
    a.addEventListener('click', e => {
      if (e.target.classList.contains('compare-pick')) return;  // ticking a run to compare does not open it
      e.preventDefault(); showJob(j.id);
    });
    $('jobs').appendChild(a);
  }
}
// A dataset's verdict in the list: ✔ usable (with its warnings), ✘ with errors.
function checkBadge(c) {
  if (!c) return '';
  if (c.error) return ` · <span class="text-danger">✘ ${t('unreadable')}</span>`;
  if (c.errors) return ` · <span class="text-danger check">✘ ${t('{n} errors', { n: c.errors })}</span>`;
  if (c.warnings) return ` · <span class="text-warning-emphasis check">✔ ${t('{n} warnings', { n: c.warnings })}</span>`;
  return ` · <span class="text-success check">✔ ${t('passed')}</span>`;
}
// A job's steps in the list, "12/150" (an augmentation's: its rows), once the run has counted them.
const stepText = j => j.total_steps ? `${j.status === 'completed' ? j.total_steps : j.step || 0}/${j.total_steps}` : '';
// The shown job's line in the list, kept current by its poll (the list itself loads when jobs start and end).
function showInList(j) {
  const item = document.querySelector(`#jobs [data-job="${j.id}"]`);
  if (!item) return;
  item.querySelector('.job-step').textContent = stepText(j);
  item.querySelector('.job-badge').className = `badge bg-${badge(j.status)} job-badge`;
  item.querySelector('.job-badge').textContent = t(j.status);
}
const badge = s => ({ running: 'primary', completed: 'success', failed: 'danger', interrupted: 'warning', queued: 'secondary', cancelled: 'secondary' }[s] || 'secondary');
const duration = s => s >= 3600 ? `${Math.floor(s / 3600)}h${String(Math.floor(s % 3600 / 60)).padStart(2, '0')}m`
                    : s >= 60 ? `${Math.floor(s / 60)}m${String(Math.round(s % 60)).padStart(2, '0')}s` : `${Math.round(s)}s`;
// Runs compared: tick two or more runs in the list; their loss curves on one chart, the settings that differ.
$('jobs').addEventListener('change', e => {
  if (!e.target.classList.contains('compare-pick')) return;
  state.picked = state.picked || new Set();
  if (e.target.checked) state.picked.add(e.target.dataset.id); else state.picked.delete(e.target.dataset.id);
  $('compare-button').disabled = state.picked.size < 2;
});
const runColors = ['#1f5fbf', '#e67814', '#3c8c50', '#b00020', '#7846aa', '#008c96', '#787878'];
$('compare-button').addEventListener('click', async () => {
  try {
    const c = await api('GET', '/api/compare?jobs=' + [...state.picked].join(','));
    $('job').hidden = true; $('compare').hidden = false; state.job = null; clearInterval(state.poll);
    const datasets = [];
    c.jobs.forEach((j, i) => {
      const color = runColors[i % runColors.length];
      datasets.push({ label: `${j.id} ${t('training loss')}`, data: j.series.filter(p => p.loss !== undefined).map(p => ({ x: p.step, y: p.loss })),
                      borderColor: color, pointRadius: 0, borderWidth: 2 });
      datasets.push({ label: `${j.id} ${t('evaluation loss')}`, data: j.series.filter(p => p.eval_loss !== undefined).map(p => ({ x: p.step, y: p.eval_loss })),
                      borderColor: color, borderDash: [6, 4], pointRadius: 4, showLine: true });
    });
    if (state.compareChart) state.compareChart.destroy();
    state.compareChart = new Chart($('compare-chart'), { type: 'line', data: { datasets },
      options: { animation: false, maintainAspectRatio: false, parsing: false,
                 scales: { x: { type: 'linear', title: { display: true, text: t('step') } }, y: { beginAtZero: true } } } });
    $('compare-chart').dataset.series = datasets.length;
    $('compare-settings').innerHTML = !c.differences.length ? escapeHtml(t("The runs' settings are the same.")) :
      `<b>${escapeHtml(t('Settings that differ'))}</b><table class="table table-sm mt-1" id="compare-table"><thead><tr><th></th>` +
      c.jobs.map((j, i) => `<th class="font-monospace" style="color: ${runColors[i % runColors.length]}">${j.id}</th>`).join('') +
      '</tr></thead><tbody>' + c.differences.map(d => `<tr><th class="font-monospace">${escapeHtml(d.key)}</th>` +
        d.values.map(v => `<td>${escapeHtml(v)}</td>`).join('') + '</tr>').join('') + '</tbody></table>';
  } catch (err) { say(err.message); }
});
$('compare-close').addEventListener('click', () => { $('compare').hidden = true; });
$('lookup-button').addEventListener('click', () => showJob($('lookup').value.trim()));
$('lookup').addEventListener('keydown', e => { if (e.key === 'Enter') showJob($('lookup').value.trim()); });
function makeChart() {
  if (state.chart) state.chart.destroy();
  state.chart = new Chart($('loss-chart'), {
    type: 'line',
    data: { datasets: [
      { label: t('training loss'), data: [], borderColor: '#1f5fbf', pointRadius: 0, borderWidth: 2, yAxisID: 'y' },
      { label: t('evaluation loss'), data: [], borderColor: '#e67814', pointRadius: 4, showLine: true, yAxisID: 'y' },
      { label: t('learning rate'), data: [], borderColor: '#3c8c50', pointRadius: 0, borderWidth: 1, borderDash: [4, 3], yAxisID: 'lr' }] },
    options: { animation: false, maintainAspectRatio: false, parsing: false,
               scales: { x: { type: 'linear', title: { display: true, text: t('step') } }, y: { beginAtZero: true },
                         lr: { position: 'right', beginAtZero: true, grid: { drawOnChartArea: false } } } },
  });
}
async function showJob(id) {
  if (!id) return;
  let job;
  try { job = await api('GET', '/api/jobs/' + id); } catch (err) { return say(t('No job {id} among yours.', { id })); }
  state.job = id;
  $('job').hidden = false;
  $('compare').hidden = true;
  makeChart();
  clearInterval(state.poll);
  const refresh = async () => {
    const [j, series] = await Promise.all([api('GET', '/api/jobs/' + id), api('GET', `/api/jobs/${id}/metrics`)]);
    if (state.job !== id) return;
    $('job-title').textContent = `${j.id} · ${j.method}`;
    showInList(j);
    $('job-status').className = 'badge bg-' + badge(j.status);
    $('job-status').textContent = t(j.status);
    const total = j.total_steps || 0, step = j.status === 'completed' ? total : j.step || 0;
    $('job-progress').style.width = (total ? 100 * step / total : 0) + '%';
    const m = j.metrics || {};
    const parts = [];
    const augmenting = j.method === 'augment';  // an augmentation (augment.js): its steps are source rows
    if (total) parts.push(augmenting ? t('row {step} of {total}', { step, total }) : t('step {step} of {total}', { step, total }));
    if (augmenting) parts.push(t('{n} candidates', { n: m.candidates || 0 }));
    if (j.status === 'running' && j.eta_s) parts.push(t('about {eta} left', { eta: duration(j.eta_s) }));
    if (m.tokens_per_s) parts.push(t('{n} tokens/s', { n: Math.round(m.tokens_per_s) }));
    if (m.loss !== undefined) parts.push(t('loss {loss}', { loss: m.loss.toFixed(4) }));
    $('job-progress-text').textContent = parts.join(' · ');
    $('job-error').hidden = !j.error; $('job-error').textContent = j.error ? jobErrorText(j) : '';
    // Bootstrap's d-flex outranks the hidden attribute: the classes decide.
    const hasModel = j.status === 'completed' && !augmenting;  // a model to export and evaluate
    $('export-form').classList.toggle('d-none', !hasModel);
    $('export-form').classList.toggle('d-flex', hasModel);
    if (state.exportFor !== j.id) {  // a newly shown job: its choices
      state.exportFor = j.id;
      $('export-merge').checked = j.method === 'lora'; $('export-merge').disabled = j.method !== 'lora';
      $('export-format').value = 'hf';
      $('export-form').dataset.method = j.method;
      exportChoices();
    }
    $('evaluation-box').classList.toggle('d-none', !hasModel);
    if (hasModel && state.evaluationFor !== j.id) showEvaluation(j.id);
    $('job-cancel').disabled = !['queued', 'running'].includes(j.status);
    $('job-resume').disabled = !['interrupted', 'cancelled'].includes(j.status);
    const [loss, evalLoss, lr] = state.chart.data.datasets;
    loss.data = series.filter(p => p.loss !== undefined).map(p => ({ x: p.step, y: p.loss }));
    evalLoss.data = series.filter(p => p.eval_loss !== undefined).map(p => ({ x: p.step, y: p.eval_loss }));
    lr.data = series.map(p => ({ x: p.step, y: p.lr }));
    state.chart.update();
    $('loss-chart').dataset.points = loss.data.length;  // for tests and curious people
    if (!['queued', 'running'].includes(j.status)) { clearInterval(state.poll); loadJobs(); }
  };
  await refresh();
  state.poll = setInterval(() => refresh().catch(() => {}), 1000);
  loadJobs();
}
$('job-cancel').addEventListener('click', () => api('POST', `/api/jobs/${state.job}/cancel`).then(() => showJob(state.job)).catch(err => say(err.message)));
$('job-resume').addEventListener('click', () => api('POST', `/api/jobs/${state.job}/resume`).then(() => showJob(state.job)).catch(err => say(err.message)));

// Export: the adapter as it is, merged into a complete model (which can go onto the base model list),
// or GGUF for llama.cpp and Ollama (a LoRA adapter merged, or as a GGUF adapter beside its base model's file;
// a P-Tuning v2 prefix has no GGUF form), with an Ollama Modelfile if asked.
function exportChoices() {
  const method = $('export-form').dataset.method, gguf = $('export-format').value === 'gguf';
  $('export-merge').disabled = method !== 'lora';
  $('export-type').disabled = !gguf;
  $('export-ollama').disabled = !gguf || method === 'ptuning_v2';
  const adapter = gguf && method === 'lora' && !$('export-merge').checked;
  $('export-alone').disabled = !adapter;
  $('export-base-gguf').disabled = !adapter || !$('export-alone').checked;
  $('export-add').disabled = gguf || !($('export-merge').checked || method === 'sft');
  $('export-button').disabled = gguf && method === 'ptuning_v2';
}
$('export-merge').addEventListener('change', exportChoices);
$('export-alone').addEventListener('change', exportChoices);
$('export-format').addEventListener('change', exportChoices);
$('export-form').addEventListener('submit', async e => {
  e.preventDefault();
  const button = $('export-button');
  const gguf = $('export-format').value === 'gguf', merge = $('export-merge').checked;
  button.disabled = true;
  const method = $('export-form').dataset.method;
  const alone = gguf && !merge && method === 'lora' && $('export-alone').checked;
  say(t(gguf ? (merge ? webText('Merging, then writing the GGUF file…')
                      : alone ? webText('Writing the adapter as GGUF…')
                      : method === 'lora' ? webText('Writing the base model and the adapter as GGUF…') : webText('Writing the GGUF file…'))
             : merge ? webText('Merging and writing the model…') : webText('Copying…')), 'info');
  try {
    const done = await api('POST', `/api/jobs/${state.job}/export`,
                           { merge, format: gguf ? 'gguf' : 'hf', type: $('export-type').value,
                             ollama: gguf && $('export-ollama').checked && !$('export-ollama').disabled,
                             adapter_only: alone, base_gguf: alone ? $('export-base-gguf').value.trim() : '' });
    if (gguf) {
      let text = !done.adapter_file ? t('Wrote {file}.', { file: done.file })
        : done.written !== 'GGUF adapter alone' ? t('Wrote the LoRA adapter {adapter} and its base model {file}.', { adapter: done.adapter_file, file: done.file })
        : done.file ? t('Wrote the LoRA adapter {adapter} for the base model {file}.', { adapter: done.adapter_file, file: done.file })
        : t('Wrote the LoRA adapter {adapter} alone.', { adapter: done.adapter_file });
      if (done.modelfile) text += ' ' + t('Wrote {file} for Ollama.', { file: done.modelfile });
      for (const command of done.commands || []) text += ' ' + t('Run it: {command}', { command });
      for (const note of done.notes || []) text += ' ' + t('Note: {note}', { note });
      say(text, 'success');
      return;
    }
    let text = t('Wrote the {what} to {path}.', { what: t(done.written), path: done.path });
    if (done.model && $('export-add').checked && !$('export-add').disabled) {
      const m = await api('POST', '/api/models', { path: done.path });
      text += ' ' + t('It is on your base models as {name}.', { name: m.name });
      await loadTrainingChoices();
    }
    say(text, 'success');
  } catch (err) { say(err.message); } finally { exportChoices(); }
});

// Evaluate: the base model and the fine-tuned one answer the rows the run held out (or a dataset); the
// table, sortable by the change, is kept with the run and can be downloaded as CSV or JSONL.
async function showEvaluation(id) {
  state.evaluationFor = id;
  clearTimeout(state.evaluationPoll);
  const datasets = await api('GET', '/api/datasets').catch(() => []);
  $('evaluation-rows').innerHTML = `<option value="">${escapeHtml(t('the rows the run held out'))}</option>` +
    datasets.slice().reverse().map(d => `<option value="${d.id}">${escapeHtml(d.name)}</option>`).join('');
  $('evaluation-csv').href = `/api/jobs/${id}/evaluation?format=csv`;
  $('evaluation-jsonl').href = `/api/jobs/${id}/evaluation?format=jsonl`;
  const status = await api('GET', `/api/jobs/${id}/evaluation/status`);
  await followEvaluation(id, status);
}
async function followEvaluation(id, status) {
  if (state.evaluationFor !== id) return;
  const running = status.state === 'running';
  $('evaluation-start').disabled = running;
  $('evaluation-cancel').hidden = !running;
  $('evaluation-status').textContent =
    running ? (status.total ? t('{done} of {total} answers', { done: status.done, total: status.total }) : t('Loading the models…'))
    : status.state === 'failed' ? errorText(status.error.kind, status.error.args, status.error.message)
    : status.state === 'cancelled' ? t('Cancelled; the last evaluation is kept.') : '';
  if (running) {
    state.evaluationPoll = setTimeout(() => api('GET', `/api/jobs/${id}/evaluation/status`).then(s => followEvaluation(id, s))
                                              .catch(err => say(err.message)), 500);
    return;
  }
  try { renderEvaluation(await api('GET', `/api/jobs/${id}/evaluation`)); }
  catch (err) { renderEvaluation(null); }  // none yet
}
function renderEvaluation(e) {
  state.evaluation = e;
  $('evaluation-table').hidden = !e;
  $('evaluation-downloads').hidden = !e;
  if (!e) { $('evaluation-totals').textContent = ''; return; }
  const total = s => t('exact {exact} of {n} ({share}%), ROUGE-L {rouge}, BLEU-4 {bleu}', {
    exact: s.exact, n: e.count, share: Math.round(100 * s.exact_share), rouge: s['rouge-l'].toFixed(1), bleu: s['bleu-4'].toFixed(1) });
  $('evaluation-totals').innerHTML = `<b>${escapeHtml(t(e.rows_from === 'file' ? webText('Rows') : webText('Held-out rows')))}</b> ` +
    `${escapeHtml(e.data.split('/').pop())} · <b>${escapeHtml(t('Base model'))}</b>: ${escapeHtml(total(e.base))} · ` +
    `<b>${escapeHtml(t('Fine-tuned'))}</b>: ${escapeHtml(total(e.tuned))}`;
  sortEvaluation(state.evaluationSort || 'change');
}
function sortEvaluation(key) {
  state.evaluationSort = key;
  const e = state.evaluation;
  if (!e) return;
  const value = r => key === 'line' ? r.line : key === 'base' ? r.base_scores['rouge-l'] : key === 'tuned' ? r.tuned_scores['rouge-l']
    : r.tuned_scores['rouge-l'] - r.base_scores['rouge-l'];
  const rows = e.rows.slice().sort((a, b) => key === 'line' ? value(a) - value(b) : value(b) - value(a));
  const cell = (text, exact) => `<td class="${exact ? 'text-success' : ''}" title="${escapeHtml(text)}">${escapeHtml(text.length > 80 ? text.slice(0, 80) + '…' : text)}</td>`;
  $('evaluation-table').tBodies[0].innerHTML = rows.map(r => `<tr><td>${r.line}</td>${cell(r.question)}${cell(r.expected)}` +
    `${cell(r.base, r.base_scores.exact)}${cell(r.tuned, r.tuned_scores.exact)}` +
    `<td class="text-end">${r.base_scores['rouge-l'].toFixed(1)}</td><td class="text-end">${r.tuned_scores['rouge-l'].toFixed(1)}</td>` +
    `<td class="text-end">${(r.tuned_scores['rouge-l'] - r.base_scores['rouge-l']).toFixed(1)}</td></tr>`).join('');
}
for (const th of document.querySelectorAll('#evaluation-table th[data-sort]')) {
  th.style.cursor = 'pointer';
  th.addEventListener('click', () => sortEvaluation(th.dataset.sort));
}
$('evaluation-start').addEventListener('click', async () => {
  const id = state.job;
  try {
    const body = { max_new_tokens: 128 };
    if ($('evaluation-rows').value) body.dataset = $('evaluation-rows').value;
    await followEvaluation(id, await api('POST', `/api/jobs/${id}/evaluation`, body));
  } catch (err) { say(err.message); }
});
$('evaluation-cancel').addEventListener('click', () =>
  api('POST', `/api/jobs/${state.job}/evaluation/cancel`).catch(err => say(err.message)));

// --- chat ----------------------------------------------------------------
// Each pane is one model's side of the conversation: the model chosen, its
// own history and transcript. The second pane answers the same questions side
// by side when a model is chosen for it.
const panes = [{ select: 'chat-model', box: 'transcript', history: [] }, { select: 'chat-model-2', box: 'transcript-2', history: [] }];
state.history = panes[0].history;
const activePanes = () => panes.filter((p, i) => i === 0 || $(p.select).value);
async function loadChatModels() {
  const models = await api('GET', '/v1/models');
  const options = models.data.slice().sort((a, b) => (b.method ? 1 : 0) - (a.method ? 1 : 0))
    .map(m => `<option value="${escapeHtml(m.id)}">${escapeHtml(m.id)} (${m.method ? t('fine-tuned') + ' ' + escapeHtml(m.method) : t('base model')})</option>`).join('');
  for (const [i, pane] of panes.entries()) {
    const keep = $(pane.select).value;
    $(pane.select).innerHTML = (i === 0 ? '' : `<option value="">${escapeHtml(t('(no second model)'))}</option>`) + options;
    if (keep) $(pane.select).value = keep;
  }
  showPanes();
}
function showPanes() {
  $('transcript-2').hidden = !$('chat-model-2').value;
  for (const pane of panes) renderTranscript(null, pane);
}
function renderMarkdown(text) { return text ? marked.parse(escapeHtml(text)) : `<span class="text-muted">${t('(no text)')}</span>`; }
// An answer: the model's thinking (reasoning_content, Qwen3's <think> block), when it wrote any, set apart above it.
function renderAnswer(content, reasoning, streaming = false) {
  const thinking = (reasoning || '').trim();
  return (thinking ? `<blockquote class="thinking">${marked.parse(escapeHtml(thinking))}</blockquote>` : '') +
         (streaming && !content ? '' : renderMarkdown(content));
}
function renderTranscript(streaming = null, pane = panes[0]) {
  const box = $(pane.box), model = escapeHtml($(pane.select).value);
  const items = pane.history.map(m => `<div class="message ${m.role}"><div class="who">${m.role === 'user' ? t('You') : model}</div>
    <div class="bubble">${m.role === 'user' ? renderMarkdown(m.content) : renderAnswer(m.content, m.reasoning)}</div>${m.note ? `<div class="note">${escapeHtml(m.note)}</div>` : ''}</div>`);
  if (streaming !== null && state.abort) items.push(`<div class="message assistant"><div class="who">${model}</div><div class="bubble">${renderAnswer(streaming.content, streaming.reasoning, true)} ▍</div></div>`);
  box.innerHTML = items.join('') || `<div class="text-muted">${t('Ask a question below.')}</div>`;
  box.scrollTop = box.scrollHeight;
  box.dataset.answers = pane.history.filter(m => m.role === 'assistant').length;
}
$('chat-clear').addEventListener('click', () => { for (const pane of panes) pane.history.length = 0; showPanes(); });
for (const pane of panes) $(pane.select).addEventListener('change', () => { pane.history.length = 0; showPanes(); });
$('chat-input').addEventListener('keydown', e => { if (e.key === 'Enter' && e.ctrlKey) { e.preventDefault(); $('chat-form').requestSubmit(); } });
$('chat-stop').addEventListener('click', () => state.abort && state.abort.abort());
// One model's answer, streamed into its pane (server-sent events: "data: {chunk}" lines, then "data: [DONE]").
async function askPane(pane, signal) {
  let answer = '', reasoning = '';
  const started = performance.now();
  renderTranscript({ content: '', reasoning: '' }, pane);
  try {
    const r = await fetch('/v1/chat/completions', {
      method: 'POST', signal, credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': state.csrf },
      body: JSON.stringify({ model: $(pane.select).value, stream: true, temperature: parseFloat($('chat-temperature').value) || 0,
                             max_tokens: parseInt($('chat-max').value, 10) || 256,
                             messages: pane.history.map(({ role, content }) => ({ role, content })) }) });
    if (!r.ok) { const data = await r.json().catch(() => ({})); throw new Error((data.error && data.error.message) || r.statusText); }
    const reader = r.body.getReader(), decoder = new TextDecoder();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const event = buffer.slice(0, end); buffer = buffer.slice(end + 2);
        if (!event.startsWith('data: ') || event === 'data: [DONE]') continue;
        const chunk = JSON.parse(event.slice(6));
        if (chunk.error) throw new Error(chunk.error.message);
        const delta = chunk.choices[0].delta;
        if (delta.reasoning_content) reasoning += delta.reasoning_content;
        if (delta.content) answer += delta.content;
        if (delta.content || delta.reasoning_content) renderTranscript({ content: answer, reasoning }, pane);
      }
    }
    pane.history.push({ role: 'assistant', content: answer, reasoning,
                        note: t('{s} s', { s: ((performance.now() - started) / 1000).toFixed(1) }) });
  } catch (err) {
    if (err.name !== 'AbortError') say(err.message);
    pane.history.push({ role: 'assistant', content: answer, reasoning, note: err.name === 'AbortError' ? t('Stop') : err.message });
  }
}
$('chat-form').addEventListener('submit', async e => {
  e.preventDefault();
  const question = $('chat-input').value.trim();
  if (!question || state.abort) return;
  $('chat-input').value = '';
  const asked = activePanes();
  for (const pane of asked) pane.history.push({ role: 'user', content: question });
  state.abort = new AbortController();
  $('chat-send').disabled = true; $('chat-stop').disabled = false;
  try {
    await Promise.all(asked.map(pane => askPane(pane, state.abort.signal)));
  } finally {
    state.abort = null;
    $('chat-send').disabled = false; $('chat-stop').disabled = true;
    for (const pane of asked) renderTranscript(null, pane);
  }
});

// --- start -----------------------------------------------------------------
translatePage();
// An address of the form …/#setup=CODE (as a server's console may be copied) fills the setup code in.
if (location.hash.startsWith('#setup=')) {
  $('setup-code').value = decodeURIComponent(location.hash.slice(7));
  history.replaceState(null, '', location.pathname);
}
// Before the first page shows: the messages in Chinese and what the sign-in form needs to know of the server.
Promise.all([
  fetch('/api/messages/zh_CN').then(r => r.json()).then(m => {
    findingZh = m.findings; errorZh = m.errors; ruleTitles.zh_CN = m.rules;
    Object.assign(zh, m.page, m.settings);  // the page's texts and the training settings' (from their table)
    translatePage();
  }).catch(() => {}),
  fetch('/api/messages/en').then(r => r.json()).then(m => { ruleTitles.en = m.rules; }).catch(() => {}),
  fetch('/api/server').then(r => r.json()).then(server => { state.server = server; }).catch(() => {}),
]).finally(() => api('GET', '/api/session').then(signedIn).catch(() => {}));  // a refusal shows the sign-in (or first-run) form
