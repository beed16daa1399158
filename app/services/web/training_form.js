// The training form's settings, built from their one table (core's
// training/training_settings.h, served as GET /api/training-settings): each
// setting a field with its row's label, help, range and choices, in the
// section the row names. The settings a job runs with are YAML (GLM-4
// finetune_demo's keys): each method starts from its shipped config
// (resources/configs/), a field sets its key in the text, and the text can be
// edited, loaded or saved as a whole; what the text says is what the job gets.
// Uses app.js's $, t, say, state, checkLengths and escapeHtml.
'use strict';

const trainingSettings = { rows: [], byName: {} };

// The line of a dotted YAML `path` (two spaces per level) as [index, value], or [-1].
function findKey(lines, path) {
  const keys = path.split('.');
  let depth = 0;  // how many of `keys` the lines above have opened
  for (let i = 0; i < lines.length; ++i) {
    const body = lines[i].trimStart();
    if (!body || body.startsWith('#')) continue;
    const indent = lines[i].length - body.length;
    if (indent % 2 || indent / 2 > depth) continue;  // inside a section that is not on the path
    depth = indent / 2;
    const key = keys[depth];
    if (!body.startsWith(key + ':')) continue;
    if (depth === keys.length - 1) return [i, body.slice(key.length + 1).replace(/\s+#.*$/, '').trim()];
    ++depth;
  }
  return [-1];
}

// `key: value` put into the text at a dotted path (null: the key goes),
// under the nearest section that is there, with the sections that are not.
function setKey(text, path, value) {
  const lines = text.split('\n');
  const keys = path.split('.');
  const [at] = findKey(lines, path);
  const line = '  '.repeat(keys.length - 1) + keys[keys.length - 1] + ': ' + value;
  if (at >= 0) {
    if (value === null) lines.splice(at, 1);
    else lines[at] = line + (lines[at].match(/\s+#.*$/) || [''])[0];
    return lines.join('\n');
  }
  if (value === null) return text;
  let depth = keys.length - 1, header = -1;
  while (depth > 0 && (header = findKey(lines, keys.slice(0, depth).join('.'))[0]) < 0) --depth;
  const insert = [...keys.slice(depth, -1).map((k, i) => '  '.repeat(depth + i) + k + ':'), line];
  if (depth > 0) lines.splice(header + 1, 0, ...insert);
  else if (keys.length === 1) lines.unshift(line);
  else lines.push(...insert);
  return lines.join('\n');
}

const fieldOf = row => $('setting-' + row.name);
const inMethod = row => !row.method || row.method === $('setting-method').value;

// One field for `row`: a number box, a check box, a list or a text line.
function settingField(row) {
  const id = 'setting-' + row.name;
  const col = document.createElement('div');
  col.className = row.kind === 'flag' ? 'col-12' : 'col-6';
  const range = row.min !== undefined ? ` min="${row.min}" max="${row.max}"` : '';
  const help = `data-i18n-title="${escapeHtml(row.help)}" title="${escapeHtml(t(row.help))}"`;
  const special = row.special ? ` <span class="text-muted">(${row.kind === 'list' || row.kind === 'text' ? '' : '0: '}` +
    `<span data-i18n="${escapeHtml(row.special)}">${escapeHtml(t(row.special))}</span>)</span>` : '';
  const label = `<label class="form-label small mb-0" for="${id}"><span data-i18n="${escapeHtml(row.label)}">${escapeHtml(t(row.label))}</span>${special}</label>`;
  if (row.kind === 'flag') {
    col.innerHTML = `<div class="form-check small"><input class="form-check-input" type="checkbox" id="${id}" ${help}>` +
      `<label class="form-check-label" for="${id}" data-i18n="${escapeHtml(row.label)}">${escapeHtml(t(row.label))}</label></div>`;
  } else if (row.kind === 'choice') {
    col.innerHTML = label + `<select class="form-select form-select-sm" id="${id}" ${help}>` + row.choices.map(c =>
      `<option value="${escapeHtml(c.value)}" data-i18n="${escapeHtml(c.label)}">${escapeHtml(t(c.label))}</option>`).join('') + '</select>';
  } else {
    const type = row.kind === 'whole' || (row.kind === 'number' && row.decimals >= 0) ? 'number' : 'text';
    const step = row.kind === 'whole' ? '1' : 'any';
    col.innerHTML = label + `<input class="form-control form-control-sm" id="${id}" type="${type}"${type === 'number' ? ` step="${step}"` : ''}` +
      `${range} ${help}${row.kind === 'number' && row.decimals < 0 ? ' inputmode="decimal"' : ''}>`;
  }
  return col;
}

// What a field holds, as YAML text; undefined when it holds nothing usable.
function fieldYaml(row) {
  const f = fieldOf(row);
  if (row.kind === 'flag') return f.checked ? 'true' : 'false';
  const v = f.value.trim();
  if (row.kind === 'list') {
    const names = v.split(',').map(s => s.trim()).filter(Boolean);
    return names.length ? `[${names.join(', ')}]` : null;
  }
  if (row.kind === 'text') return v === '' ? null : v;
  if (v === '') return undefined;
  if (row.kind === 'whole' || row.kind === 'number') {
    const n = Number(v);
    if (!Number.isFinite(n) || n < row.min || n > row.max || (row.kind === 'whole' && !Number.isInteger(n))) return undefined;
  }
  return v;
}

// A field shows the value the text gives its key, else the table's default.
function showValue(row, text) {
  const f = fieldOf(row);
  let v = text;
  if (v === undefined) v = Array.isArray(row.default) ? row.default.join(', ') : String(row.default);
  else v = v.replace(/^(['"])(.*)\1$/, '$2');
  if (row.kind === 'flag') f.checked = v === 'true';
  else if (row.kind === 'list') f.value = v.replace(/^\[(.*)\]$/, '$1');
  else if (row.kind === 'choice' && row.name === 'device' && v.startsWith('cuda')) f.value = 'cuda';
  else f.value = v;
}

// The page's settings: the run's choices (method, device) and a field for every row of a form section.
async function buildSettingsForm() {
  const { settings } = await api('GET', '/api/training-settings');
  trainingSettings.rows = settings;
  for (const row of settings) trainingSettings.byName[row.name] = row;
  // The run's own fields (method, model type, device): their labels from their rows; the choices of two.
  for (const name of ['method', 'model_type', 'device']) {
    const label = document.querySelector(`label[for="setting-${name}"]`);
    label.dataset.i18n = trainingSettings.byName[name].label;
    label.textContent = t(label.dataset.i18n);
  }
  for (const name of ['method', 'device']) {
    const row = trainingSettings.byName[name];
    $('setting-' + name).innerHTML = row.choices.map(c =>
      `<option value="${escapeHtml(c.value)}" data-i18n="${escapeHtml(c.label)}">${escapeHtml(t(c.label))}</option>`).join('');
    $('setting-' + name).title = t(row.help);
  }
  for (const box of document.querySelectorAll('#train-form [data-section]'))
    for (const row of settings.filter(r => r.section === box.dataset.section)) box.appendChild(settingField(row));
  for (const row of formRows()) {
    fieldOf(row).addEventListener(row.kind === 'flag' || row.kind === 'choice' ? 'change' : 'input', () => {
      const v = fieldYaml(row);
      if (v === undefined || !inMethod(row)) return;
      $('train-yaml').value = setKey($('train-yaml').value, row.yaml, v);
      checkLengths();
    });
  }
}
// The rows the form shows and the text follows: every form section's but the model type's (its own list).
const formRows = () => trainingSettings.rows.filter(r => r.section !== 'none' && r.name !== 'model_type' && r.name !== 'method');

// What the text says, shown in the fields (after an edit, a load or a method's defaults).
function readFields() {
  const lines = $('train-yaml').value.split('\n');
  const given = path => { const [at, v] = findKey(lines, path); return at >= 0 ? v : undefined; };
  for (const row of formRows()) {
    let v = given(row.yaml);
    // The YAML reader's rule (run_config.cpp): the per-part limits turn the shared cutoff off unless it is given.
    if (row.name === 'cutoff_len' && v === undefined && [given('max_input_length'), given('max_output_length')].some(x => x && x !== '0')) v = '0';
    showValue(row, v);
  }
  showMethodSections();
}
function showMethodSections() {
  const method = $('setting-method').value;
  document.querySelectorAll('#train-form [data-method]').forEach(e => { e.hidden = e.dataset.method !== method; });
}
const shippedConfigs = {};
async function loadMethodDefaults() {
  const method = $('setting-method').value;
  if (!shippedConfigs[method]) shippedConfigs[method] = await fetch(`/static/configs/${method}.yaml`).then(r => r.text());
  $('train-yaml').value = shippedConfigs[method];
  readFields();  // the method's defaults in the fields
}
$('setting-method').addEventListener('change', () => loadMethodDefaults().then(checkLengths).catch(err => say(err.message)));
$('train-yaml').addEventListener('input', () => { readFields(); checkLengths(); });
