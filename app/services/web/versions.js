// Versions of a dataset: a file converted, cleaned or augmented from another
// says so in the list ("from broken.csv, cleaned"), and its report has a box
// with what changed against that source, row by row (GET
// /api/datasets/{id}/diff): rows changed (the changed part marked), left out
// and added (marked when a model wrote them). Undo is opening the source.
// Uses app.js's $, t, webText, say, api, state, escapeHtml, openDataset and cleaning.js's markedChange.
'use strict';

const madeByText = { convert: webText('converted'), clean: webText('cleaned'), augment: webText('augmented') };
const changeText = { changed: webText('changed'), removed: webText('left out'), added: webText('added') };

function versionOfText(d) {
  return t('from {source}, {how}', { source: d.source.name, how: t(madeByText[d.made_by] || d.made_by) });
}

// The report's versions box for `d` (closed; filled when opened).
function showVersionOf(d) {
  const box = $('diff-box');
  box.hidden = !d.source;
  box.open = false;
  box.dataset.id = d.source ? d.id : '';
  $('diff-summary').textContent = '';
  $('diff-rows').tBodies[0].innerHTML = '';
  delete $('diff-rows').dataset.for;  // filled again when opened
  if (!d.source) return;
  $('diff-title').textContent = t('Changes from {source}', { source: d.source.name });
  $('diff-use-source').onclick = () => {
    const source = (state.datasets || []).find(x => x.id === d.source.id);
    if (source) openDataset(source); else say(t('{source} is no longer in your workspace.', { source: d.source.name }));
  };
}

async function loadVersionDiff() {
  const id = $('diff-box').dataset.id;
  if (!id || $('diff-rows').dataset.for === id) return;
  const r = await api('GET', `/api/datasets/${id}/diff`);
  $('diff-rows').dataset.for = id;
  $('diff-summary').textContent = t('{before} rows before, {after} after: {same} the same, {changed} changed, {removed} left out, {added} added', {
    before: r.rows_before, after: r.rows_after, same: r.same, changed: r.changed, removed: r.removed, added: r.added });
  const line = e => [e.before && e.before.line, e.after && e.after.line].filter(Boolean).join(' → ');
  const cell = (e, field) => {
    if (e.kind !== 'changed') {
      const row = e.after || e.before;
      return escapeHtml(row[field]);
    }
    if (e.before[field] === e.after[field]) return escapeHtml(e.after[field]);
    const [before, after] = markedChange(e.before[field], e.after[field]);
    return `${before}<br>${after}`;
  };
  $('diff-rows').tBodies[0].innerHTML = r.entries.map(e =>
    `<tr class="${e.kind === 'added' ? 'table-success' : e.kind === 'removed' ? 'table-danger' : ''}">
       <td>${escapeHtml(t(changeText[e.kind]))}${e.after && e.after.generated ? ` <span class="badge bg-info">${escapeHtml(t('generated'))}</span>` : ''}</td>
       <td>${line(e)}</td><td class="text-break">${cell(e, 'question')}</td><td class="text-break">${cell(e, 'answer')}</td></tr>`).join('') +
    (r.entries_total > r.entries.length
      ? `<tr><td colspan="4" class="text-muted">${escapeHtml(t('… and {n} more', { n: r.entries_total - r.entries.length }))}</td></tr>` : '');
}
$('diff-box').addEventListener('toggle', () => {
  if ($('diff-box').open) loadVersionDiff().catch(err => say(err.message));
});
