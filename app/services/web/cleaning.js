// Cleaning a dataset into a new version (POST /api/datasets/{id}/clean): the
// fixes picked in the form, previewed as a table of every field changed
// (before and after, the changed part marked) with what is left out and the
// personal data found; then written as a new training file. The dataset shown
// stays as it is, so undoing is choosing the previous version in the list.
// Uses app.js's $, t, webText, say, api, state, escapeHtml, loadDatasets, openDataset.
'use strict';

// The user's choice per near-duplicate group, by the group's first line: the line to keep, or 0 for all
// (DatasetFixOptions::near_duplicate_keep). Another threshold makes other groups: the choices go.
let groupChoices = {};
$('clean-near').addEventListener('change', () => { groupChoices = {}; });

// The form as the API's request.
function cleaningRequest(preview) {
  return {
    near_duplicate_keep: (parseFloat($('clean-near').value) || 0) > 0 ? groupChoices : {},
    preview, trim: $('clean-trim').checked, collapse: $('clean-collapse').checked, invisible: $('clean-invisible').checked,
    width: $('clean-width').value, opencc: $('clean-opencc').value, drop_duplicates: $('clean-duplicates').checked,
    dedupe: parseFloat($('clean-near').value) || 0, mask_pii: $('clean-mask').checked,
    names: $('clean-names').value.split(/[,，]/).map(s => s.trim()).filter(Boolean),
  };
}

// `before` and `after` with the part between their common start and end marked.
function markedChange(before, after) {
  let start = 0;
  while (start < before.length && start < after.length && before[start] === after[start]) ++start;
  let end = 0;
  while (end < before.length - start && end < after.length - start &&
         before[before.length - 1 - end] === after[after.length - 1 - end]) ++end;
  const mark = (s, tag) => escapeHtml(s.slice(0, start)) + `<${tag}>${escapeHtml(s.slice(start, s.length - end))}</${tag}>` +
    escapeHtml(s.slice(s.length - end));
  return [mark(before, 'del'), mark(after, 'mark')];
}

function showCleaning(report, written) {
  const parts = [t('{fields} fields changed in {rows} rows', {
    fields: report.changes_total, rows: new Set(report.changes.map(c => c.line)).size })];
  if (report.exact_duplicate_lines.length)
    parts.push(t('{n} exact duplicates left out', { n: report.exact_duplicate_lines.length }));
  if (report.near_duplicate_lines.length)
    parts.push(t('{n} near-duplicates left out', { n: report.near_duplicate_lines.length }));
  if (report.rows_with_personal_data)
    parts.push(t(cleaningRequest(true).mask_pii ? webText('{n} rows with personal data, masked')
                                                : webText('{n} rows with personal data, not masked'), { n: report.rows_with_personal_data }));
  parts.push(t('{out} of {in} rows kept', { out: report.rows_out, in: report.rows_in }));
  const conflicts = report.near_duplicate_groups.filter(g => g.conflicting_lines.length && !(g.lines[0] in groupChoices)).map(g =>
    t('line {line} and {others}: the same question, answered differently (kept for you to decide)',
      { line: g.lines[0], others: g.conflicting_lines.join(', ') }));
  $('clean-summary').innerHTML = (written ? `<b>${escapeHtml(written)}</b> ` : '') + escapeHtml(parts.join(' · ')) +
    conflicts.map(c => `<div class="text-warning-emphasis">${escapeHtml(c)}</div>`).join('');
  showGroups(report.near_duplicate_groups);
  const table = $('clean-changes');
  table.hidden = report.changes.length === 0;
  table.tBodies[0].innerHTML = report.changes.map(c => {
    const [before, after] = markedChange(c.before, c.after);
    return `<tr><td>${c.line}</td><td>${escapeHtml(c.field)}</td><td class="text-break">${before}</td><td class="text-break">${after}</td></tr>`;
  }).join('') + (report.changes_total > report.changes.length
    ? `<tr><td colspan="4" class="text-muted">${escapeHtml(t('… and {n} more', { n: report.changes_total - report.changes.length }))}</td></tr>` : '');
}

// The near-duplicate groups, each with a choice: its first row (and those answered otherwise), all, or one row.
function showGroups(groups) {
  const table = $('clean-groups');
  table.hidden = groups.length === 0;
  table.tBodies[0].innerHTML = groups.map(g => {
    const first = g.lines[0], chosen = groupChoices[first];
    const option = (value, text) => `<option value="${value}"${String(chosen) === String(value) ? ' selected' : ''}>${escapeHtml(text)}</option>`;
    return `<tr><td>${g.lines.join(', ')}</td><td><select class="form-select form-select-sm" data-first="${first}">
      ${option('', g.conflicting_lines.length ? t('line {line} and those answered otherwise', { line: first }) : t('line {line} (the first)', { line: first }))}
      ${option(0, t('all of them'))}${g.lines.map(line => option(line, t('only line {line}', { line }))).join('')}</select></td>
      <td>${g.kept_lines.join(', ')}</td></tr>`;
  }).join('');
}
$('clean-groups').addEventListener('change', e => {
  const select = e.target.closest('select');
  if (!select) return;
  if (select.value === '') delete groupChoices[select.dataset.first]; else groupChoices[select.dataset.first] = Number(select.value);
  $('clean-preview').click();  // the choice's effect at once
});

// OpenCC's conversions, once: the server's list (core's).
async function loadCleaningChoices() {
  if ($('clean-opencc').options.length > 1) return;
  const { conversions } = await api('GET', '/api/cleaning');
  for (const c of conversions) $('clean-opencc').add(new Option(`${c.name} — ${c.description}`, c.name));
}
$('clean-box').addEventListener('toggle', () => { if ($('clean-box').open) loadCleaningChoices().catch(err => say(err.message)); });

$('clean-preview').addEventListener('click', async () => {
  try {
    const r = await api('POST', `/api/datasets/${state.dataset.id}/clean`, cleaningRequest(true));
    showCleaning(r.report, '');
  } catch (err) { say(err.message); }
});
$('clean-form').addEventListener('submit', async e => {
  e.preventDefault();
  try {
    const r = await api('POST', `/api/datasets/${state.dataset.id}/clean`, cleaningRequest(false));
    say(t('Wrote the cleaned version {name}; {source} stays as it was.', { name: r.dataset.name, source: state.dataset.name }), 'success');
    await loadDatasets();
    await openDataset(r.dataset);
    $('clean-box').open = true;
    showCleaning(r.report, r.dataset.name + ':');
  } catch (err) { say(err.message); }
});
