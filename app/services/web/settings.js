// The settings page: base models (add a folder, remove), API keys, the
// user's password, and for administrators the accounts. Uses app.js's api(),
// t(), webText(), say() and $().
'use strict';

async function loadSettings() {
  $('accounts-card').hidden = state.role !== 'admin';
  $('models-hint').textContent = t(state.role === 'admin'
    ? webText('A folder in Hugging Face layout (config.json, *.safetensors, tokenizer.json): as an administrator you may name any folder on the server; a relative path starts in your workspace.')
    : webText('A folder in Hugging Face layout (config.json, *.safetensors, tokenizer.json) inside your workspace: a relative path such as exports/NAME starts there.'));
  $('download-hint').textContent = t('The config, tokenizer and safetensors weights only, each checked against the hub\'s checksum; it goes to models/NAME in your workspace unless you name a folder. A download that stopped resumes when started again into the same folder.')
    + (state.role === 'admin' ? ' ' + t('As an administrator you may name any folder on the server.') : '');
  try {
    await Promise.all([loadBaseModels(), loadKeys(), loadDownloads(), state.role === 'admin' ? loadUsers() : null,
                       state.role === 'admin' ? loadCached() : null]);
  } catch (err) { say(err.message); }
}

// A button in a table row or list item that runs `action` and reports its error.
function rowButton(label, style, action) {
  const b = document.createElement('button');
  b.type = 'button'; b.className = `btn btn-sm btn-outline-${style}`; b.textContent = t(label);
  b.addEventListener('click', () => action().catch(err => say(err.message)));
  return b;
}

// --- base models -------------------------------------------------------------
async function loadBaseModels() {
  const models = await api('GET', '/api/models');
  const body = $('models-table').tBodies[0];
  body.innerHTML = '';
  for (const m of models) {
    const tr = body.insertRow();
    tr.innerHTML = `<td class="text-nowrap">${escapeHtml(m.name)}${m.builtin ? ` <span class="badge bg-secondary">${t('built-in')}</span>` : ''}</td>
      <td>${escapeHtml(m.architecture)}</td><td>${parameterCount(m.parameters)}</td><td>${escapeHtml(m.chat_template)}</td>
      <td class="small font-monospace text-break">${escapeHtml(m.path)}</td><td class="text-end"></td>`;
    tr.dataset.name = m.name;
    if (!m.builtin)
      tr.cells[5].appendChild(rowButton(webText('Remove'), 'danger', async () => {
        await api('DELETE', '/api/models/' + encodeURIComponent(m.name));
        say(t('Removed {name} from the list; its folder stays.', { name: m.name }), 'success');
        await loadBaseModels();
      }));
  }
}
$('model-form').addEventListener('submit', async e => {
  e.preventDefault();
  try {
    const body = { path: $('model-path').value.trim() };
    if ($('model-name').value.trim()) body.name = $('model-name').value.trim();
    const m = await api('POST', '/api/models', body);
    say(t('Added {name}.', { name: m.name }), 'success');
    $('model-path').value = ''; $('model-name').value = '';
    await loadBaseModels();
  } catch (err) { say(err.message); }
});

// --- downloads from Hugging Face and ModelScope --------------------------------
const mib = bytes => bytes >= 1 << 30 ? (bytes / (1 << 30)).toFixed(2) + ' GiB' : (bytes / (1 << 20)).toFixed(1) + ' MiB';
const clock = seconds => seconds < 0 ? '–' : `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
let downloadPoll = null;
async function loadDownloads() {
  const downloads = await api('GET', '/api/models/downloads');
  const box = $('downloads');
  box.innerHTML = '';
  let running = false, finished = false;
  for (const d of downloads.slice().reverse()) {
    const share = d.bytes_total > 0 ? 100 * d.bytes_done / d.bytes_total : 0;
    const item = document.createElement('div');
    item.className = 'border rounded p-2 mb-2 download';
    item.dataset.id = d.id; item.dataset.state = d.state;
    let text;
    if (d.state === 'running')
      text = d.bytes_total ? t('{done} of {total} · {speed}/s · {left} left · {files} of {count} files', {
        done: mib(d.bytes_done), total: mib(d.bytes_total), speed: mib(d.bytes_per_second), left: clock(d.seconds_left),
        files: d.files_done, count: d.files_total }) : t('asking the hub for its files…');
    else if (d.state === 'done') text = t('Downloaded: on your base models as {name}.', { name: d.model });
    else if (d.state === 'interrupted')
      text = t('Stopped when the server stopped, at {done} of {total}; Resume fetches what is missing.', { done: mib(d.bytes_done), total: mib(d.bytes_total) });
    else text = errorText(d.error.kind, d.error.args, d.error.message);
    item.innerHTML = `<div class="d-flex justify-content-between small"><span><code>${escapeHtml(d.repo)}</code> → <span class="font-monospace">${escapeHtml(d.folder)}</span></span></div>
      <div class="progress my-1" style="height: 6px"><div class="progress-bar ${d.state === 'failed' ? 'bg-danger' : d.state === 'done' ? 'bg-success' : ''}" style="width: ${d.state === 'done' ? 100 : share}%"></div></div>
      <div class="small ${d.state === 'failed' || d.state === 'cancelled' ? 'text-danger' : 'text-muted'} download-text">${escapeHtml(text)}</div>`;
    // Cancel keeps what was fetched; Resume (failed, cancelled, interrupted) fetches what is missing.
    const act = action => async () => {
      try { await api('POST', `/api/models/downloads/${d.id}/${action}`); } catch (err) { say(err.message); }
      await loadDownloads();
    };
    if (d.state === 'running') item.firstElementChild.appendChild(rowButton('Cancel', 'secondary', act('cancel')));
    else if (d.state !== 'done') item.firstElementChild.appendChild(rowButton('Resume', 'primary', act('resume')));
    box.appendChild(item);
    running = running || d.state === 'running';
    finished = finished || (d.state === 'done' && !(state.shownDownloads || new Set()).has(d.id));
    if (d.state === 'done') (state.shownDownloads = state.shownDownloads || new Set()).add(d.id);
  }
  if (finished) await loadBaseModels();
  clearTimeout(downloadPoll);
  if (running && !$('page-settings').hidden) downloadPoll = setTimeout(() => loadDownloads().catch(err => say(err.message)), 1000);
}
$('download-form').addEventListener('submit', async e => {
  e.preventDefault();
  try {
    const body = { repo: $('download-repo').value.trim(), source: $('download-source').value };
    if ($('download-revision').value.trim()) body.revision = $('download-revision').value.trim();
    if ($('download-folder').value.trim()) body.folder = $('download-folder').value.trim();
    await api('POST', '/api/models/downloads', body);
    await loadDownloads();
  } catch (err) { say(err.message); }
});
async function loadCached() {
  const cached = await api('GET', '/api/models/cached');
  $('cached').hidden = cached.length === 0;
  const body = $('cached-table').tBodies[0];
  body.innerHTML = '';
  for (const m of cached) {
    const tr = body.insertRow();
    tr.innerHTML = `<td><code>${escapeHtml(m.id)}</code></td><td>${m.source === 'hf' ? 'Hugging Face' : t('ModelScope')}</td>
      <td>${escapeHtml(m.architecture)}</td><td class="small font-monospace text-break">${escapeHtml(m.path)}</td><td class="text-end"></td>`;
    tr.cells[4].appendChild(rowButton('Add', 'primary', async () => {
      const added = await api('POST', '/api/models', { path: m.path });
      say(t('Added {name}.', { name: added.name }), 'success');
      await loadBaseModels();
    }));
  }
}

// --- API keys ------------------------------------------------------------------
async function loadKeys() {
  const keys = await api('GET', '/api/keys');
  const list = $('keys');
  list.innerHTML = keys.length ? '' : `<li class="list-group-item small text-muted">${t('No keys yet.')}</li>`;
  for (const k of keys) {
    const li = document.createElement('li');
    li.className = 'list-group-item d-flex justify-content-between align-items-center px-0';
    li.innerHTML = `<span><code>${escapeHtml(k.id)}…</code> <span class="small text-muted">${t('created {when}', { when: new Date(k.created).toLocaleString() })}</span></span>`;
    li.dataset.id = k.id;
    li.appendChild(rowButton(webText('Revoke'), 'danger', async () => {
      await api('DELETE', '/api/keys/' + encodeURIComponent(k.id));
      if ($('new-key-text').textContent.startsWith(k.id)) $('new-key').hidden = true;
      await loadKeys();
    }));
    list.appendChild(li);
  }
}
$('key-create').addEventListener('click', async () => {
  try {
    const k = await api('POST', '/api/keys');
    $('new-key').hidden = false;
    $('new-key-text').textContent = k.key;
    $('new-key-example').textContent = `curl -H "Authorization: Bearer ${k.key}" ${location.origin}/v1/models`;
    await loadKeys();
  } catch (err) { say(err.message); }
});

// --- the user's password ---------------------------------------------------------
$('password-form').addEventListener('submit', async e => {
  e.preventDefault();
  if ($('password-new').value !== $('password-repeat').value) return say(t('The two passwords differ.'));
  try {
    await api('POST', '/api/password', { current: $('password-current').value, new: $('password-new').value });
    $('password-form').reset();
    say(t('Your password is changed; other sessions are signed out.'), 'success');
  } catch (err) { say(err.message); }
});

// --- accounts (administrators) -----------------------------------------------------
async function loadUsers() {
  const users = await api('GET', '/api/users');
  const body = $('users-table').tBodies[0];
  body.innerHTML = '';
  for (const u of users) {
    const tr = body.insertRow();
    tr.dataset.name = u.username;
    tr.innerHTML = `<td>${escapeHtml(u.username)}</td>
      <td><select class="form-select form-select-sm"><option value="user">${t('user')}</option><option value="admin">${t('administrator')}</option></select></td>
      <td class="small">${new Date(u.created).toLocaleDateString()}</td>
      <td><div class="input-group input-group-sm"><input class="form-control" type="password" autocomplete="new-password"></div></td>
      <td class="text-end"></td>`;
    const role = tr.querySelector('select'), password = tr.querySelector('input');
    role.value = u.role;
    role.addEventListener('change', async () => {
      try {
        await api('PUT', '/api/users/' + encodeURIComponent(u.username), { role: role.value });
        say(t('{name} is now {role}.', { name: u.username, role: t(role.value === 'admin' ? 'administrator' : 'user') }), 'success');
      } catch (err) { say(err.message); role.value = u.role; }
    });
    password.parentElement.appendChild(rowButton(webText('Set'), 'secondary', async () => {
      await api('PUT', '/api/users/' + encodeURIComponent(u.username), { password: password.value });
      password.value = '';
      say(t('Set the password of {name}; their sessions are signed out.', { name: u.username }), 'success');
    }));
    if (u.username !== state.user)
      tr.cells[4].appendChild(rowButton(webText('Remove'), 'danger', async () => {
        if (!confirm(t('Remove the user {name}? Their files stay on disk.', { name: u.username }))) return;
        await api('DELETE', '/api/users/' + encodeURIComponent(u.username));
        say(t('Removed the user {name}.', { name: u.username }), 'success');
        await loadUsers();
      }));
  }
}
$('user-form').addEventListener('submit', async e => {
  e.preventDefault();
  try {
    const u = await api('POST', '/api/users', { username: $('new-user').value.trim(), password: $('new-user-password').value,
                                                role: $('new-user-role').value });
    $('user-form').reset();
    say(t('Added the user {name}.', { name: u.username }), 'success');
    await loadUsers();
  } catch (err) { say(err.message); }
});
translatePage();  // the texts above, for the page's first paint
