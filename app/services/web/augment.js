// Growing a dataset with a model (POST /api/datasets/{id}/augment): a model of
// the user's (a base model or a finished fine-tuning) writes candidate rows as
// a queued job, followed here (rows done, candidates so far; Stop); then the
// candidates in a review table — each kept or not, its question and answer
// editable, all or none at once — and the kept ones written with the
// dataset's rows into a new version (POST /api/jobs/{id}/candidates). The
// dataset shown stays as it is. The desktop's AugmentDialog is the same.
// Uses app.js's $, t, say, api, state, escapeHtml, loadDatasets, openDataset.
'use strict';

const augment = { job: null, status: '', poll: null, candidates: [], templates: null };

// The built-in template for the kind and model type chosen, to edit for this job (sent only when edited).
async function showAugmentPrompt() {
  if (!augment.templates) augment.templates = (await api('GET', '/api/augmentation')).templates;
  const byType = augment.templates[$('augment-kind').value] || {};
  const text = byType[$('convert-type').value] || byType.general || '';
  $('augment-prompt').value = text;
  $('augment-prompt').dataset.builtin = text;
}
$('augment-kind').addEventListener('change', () => showAugmentPrompt().catch(err => say(err.message)));
$('convert-type').addEventListener('change', () => { if ($('augment-box').open) showAugmentPrompt().catch(err => say(err.message)); });

// The models that can write: the user's base models and finished fine-tunings (GET /v1/models).
async function loadAugmentModels() {
  const select = $('augment-model');
  if (select.options.length) return;
  const { data } = await api('GET', '/v1/models');
  for (const m of data)
    select.add(new Option(m.method ? t('{id}: fine-tuned with {method}', { id: m.id, method: m.method })
                                   : t('{id} (base model)', { id: m.id }), m.id));
}
$('augment-box').addEventListener('toggle', () => {
  if ($('augment-box').open) Promise.all([loadAugmentModels(), showAugmentPrompt()]).catch(err => say(err.message));
});

// A job's state in the panel; its candidates once it has finished or been stopped.
async function showAugmentation(job) {
  augment.job = job.id;
  const active = ['queued', 'running'].includes(job.status);
  $('augment-start').disabled = active;
  $('augment-stop').disabled = !active;
  const total = job.total_steps || 0, done = job.status === 'completed' ? total : job.step || 0;
  $('augment-progress').style.width = (total ? 100 * done / total : 0) + '%';
  const made = (job.metrics || {}).candidates || 0;
  const status = $('augment-status');
  if (job.status === 'queued') status.textContent = t('Job {id} is waiting for the job ahead of it in the queue.', { id: job.id });
  else if (job.status === 'running')
    status.textContent = total ? t('Job {id}: row {row} of {total}, {n} candidates so far.', { id: job.id, row: done, total, n: made })
                               : t('Job {id}: opening the model…', { id: job.id });
  else if (job.status === 'failed') status.textContent = t('Job {id} failed: {error}', { id: job.id, error: jobErrorText(job) });
  else if (job.status === 'interrupted') status.textContent = t('Job {id} was interrupted when TuneDesk closed; start again.', { id: job.id });
  clearInterval(augment.poll);
  if (active) {
    augment.poll = setInterval(async () => {
      try {
        const j = await api('GET', '/api/jobs/' + augment.job);
        if (j.id === augment.job && (j.status !== job.status || j.step !== job.step || !['queued', 'running'].includes(j.status))) {
          clearInterval(augment.poll);
          showAugmentation(j);
        }
      } catch (err) { clearInterval(augment.poll); say(err.message); }
    }, 1000);
    return;
  }
  if (job.status === 'completed' || job.status === 'cancelled') {
    const r = await api('GET', `/api/jobs/${job.id}/candidates`);
    augment.candidates = r.candidates;
    showCandidates(job);
  }
}

function showCandidates(job) {
  $('augment-review').hidden = false;
  $('augment-candidates').tBodies[0].innerHTML = augment.candidates.map(c =>
    `<tr data-index="${c.index}"><td><input class="form-check-input" type="checkbox" checked></td><td>${c.from_line}</td>
     <td><textarea class="form-control form-control-sm" rows="2" data-field="question">${escapeHtml(c.question)}</textarea></td>
     <td><textarea class="form-control form-control-sm" rows="2" data-field="answer">${escapeHtml(c.answer)}</textarea></td></tr>`).join('');
  $('augment-candidates').dataset.job = job.id;
  augment.status = job.status;
  augmentCounts();
}

// The kept candidates as the API takes them: an edit only where the text changed.
function keptCandidates() {
  return [...$('augment-candidates').tBodies[0].rows].filter(row => row.cells[0].firstElementChild.checked).map(row => {
    const kept = { index: Number(row.dataset.index) };
    // Against the text as the page holds it (a textarea normalises line breaks and control characters).
    for (const area of row.querySelectorAll('textarea'))
      if (area.value !== area.defaultValue) kept[area.dataset.field] = area.value;
    return kept;
  });
}

function augmentCounts() {
  const kept = keptCandidates();
  const edited = kept.filter(k => k.question !== undefined || k.answer !== undefined).length;
  $('augment-status').textContent =
    (augment.status === 'cancelled' ? t('Job {id} was stopped; ', { id: augment.job }) : t('Job {id} is done; ', { id: augment.job })) +
    t('{n} candidates to review: {kept} kept ({edited} edited). ', { n: augment.candidates.length, kept: kept.length, edited }) +
    t('Untick what is wrong, correct what is almost right, then write the new version.');
  $('augment-write').disabled = augment.candidates.length === 0;
}
$('augment-candidates').addEventListener('input', () => augmentCounts());
$('augment-keep-all').addEventListener('click', () => {
  $('augment-candidates').querySelectorAll('tbody input[type=checkbox]').forEach(b => { b.checked = true; });
  augmentCounts();
});
$('augment-keep-none').addEventListener('click', () => {
  $('augment-candidates').querySelectorAll('tbody input[type=checkbox]').forEach(b => { b.checked = false; });
  augmentCounts();
});

// When a dataset is opened (app.js): its latest augmentation, running or waiting for review.
async function showLatestAugmentation(d) {
  clearInterval(augment.poll);
  augment.job = null; augment.candidates = [];
  $('augment-review').hidden = true;
  $('augment-progress').style.width = '0%';
  $('augment-start').disabled = false; $('augment-stop').disabled = true;
  $('augment-status').textContent = t('The candidates are not added to your data: you review them first.');
  const jobs = await api('GET', '/api/jobs');  // newest first
  const latest = jobs.find(j => j.method === 'augment' && j.dataset.endsWith('/' + d.path));
  if (latest && state.dataset && state.dataset.id === d.id) await showAugmentation(latest);
}

$('augment-form').addEventListener('submit', async e => {
  e.preventDefault();
  try {
    await loadAugmentModels();
    const request = {
      model: $('augment-model').value, kind: $('augment-kind').value, model_type: $('convert-type').value,
      per_row: Number($('augment-per-row').value), limit: Number($('augment-limit').value),
      temperature: Number($('augment-temperature').value),
    };
    const prompt = $('augment-prompt').value.trim();
    if (prompt && prompt !== $('augment-prompt').dataset.builtin.trim()) request.prompt = prompt;
    const job = await api('POST', `/api/datasets/${state.dataset.id}/augment`, request);
    $('augment-review').hidden = true;
    await showAugmentation(job);
  } catch (err) { say(err.message); }
});
$('augment-stop').addEventListener('click', () =>
  api('POST', `/api/jobs/${augment.job}/cancel`).then(() => api('GET', '/api/jobs/' + augment.job)).then(showAugmentation)
    .catch(err => say(err.message)));
$('augment-write').addEventListener('click', async () => {
  try {
    const source = state.dataset.name;
    const r = await api('POST', `/api/jobs/${augment.job}/candidates`, { accepted: keptCandidates() });
    say(t('Wrote {name}: {rows} rows of {source} and {n} generated rows; {source} stays as it was.',
          { name: r.dataset.name, rows: r.source_rows, source, n: r.generated_rows }), 'success');
    await loadDatasets();
    await openDataset(r.dataset);
  } catch (err) { say(err.message); }
});
