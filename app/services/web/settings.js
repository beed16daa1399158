// The settings page: base models (add a folder, remove), API keys, the
// user's password, and for administrators the accounts. Uses app.js's api(),
// t(), say() and $(); its Chinese texts join app.js's table.
'use strict';

Object.assign(zh, {
  'Base models': '基座模型', 'Name': '名称', 'Architecture': '架构', 'Parameters': '参数量', 'Chat template': '对话模板',
  'Folder': '文件夹', 'Model folder': '模型文件夹', 'Name (optional)': '名称（可选）', 'Add': '添加', 'Remove': '移除',
  'built-in': '内置', 'exports/NAME, or a folder with config.json': 'exports/名称，或包含 config.json 的文件夹',
  'A folder in Hugging Face layout (config.json, *.safetensors, tokenizer.json) inside your workspace: a relative path such as exports/NAME starts there.':
    'Hugging Face 格式的模型文件夹（config.json、*.safetensors、tokenizer.json），须位于你的工作区内：相对路径（如 exports/名称）从工作区开始。',
  'A folder in Hugging Face layout (config.json, *.safetensors, tokenizer.json): as an administrator you may name any folder on the server; a relative path starts in your workspace.':
    'Hugging Face 格式的模型文件夹（config.json、*.safetensors、tokenizer.json）：作为管理员，你可以填写服务器上的任意文件夹；相对路径从你的工作区开始。',
  'Added {name}.': '已添加 {name}。', 'Removed {name} from the list; its folder stays.': '已从列表中移除 {name}；文件夹仍保留。',
  'API keys': 'API 密钥', 'Create a key': '创建密钥', 'Revoke': '撤销', 'No keys yet.': '还没有密钥。', 'created {when}': '创建于 {when}',
  'Programs (scripts, OpenAI client libraries) use a key instead of signing in: Authorization: Bearer KEY.':
    '程序（脚本、OpenAI 客户端库）用密钥代替登录：Authorization: Bearer 密钥。',
  'Copy the new key now: it is not shown again.': '请现在复制新密钥：它不会再次显示。',
  'Change your password': '修改密码', 'Current password': '当前密码', 'New password': '新密码', 'Change password': '修改密码',
  'Your password is changed; other sessions are signed out.': '密码已修改；其他会话已退出登录。',
  'Accounts': '账户', 'Role': '角色', 'Created': '创建时间', 'user': '普通用户', 'administrator': '管理员', 'Set': '设置',
  'Added the user {name}.': '已添加用户 {name}。', 'Removed the user {name}.': '已删除用户 {name}。',
  'Set the password of {name}; their sessions are signed out.': '已设置 {name} 的密码；其会话已退出登录。',
  '{name} is now {role}.': '{name} 现在是{role}。', 'Remove the user {name}? Their files stay on disk.': '删除用户 {name}？其文件仍保留在磁盘上。',
  'Download a model': '下载模型', 'From': '来源', 'ModelScope': 'ModelScope（魔搭）', 'Model id': '模型 ID', 'Revision': '版本',
  'Download': '下载', 'Folder (optional)': '文件夹（可选）', 'Cancel': '取消',
  'Already on the server (Hugging Face and ModelScope caches)': '服务器上已有的模型（Hugging Face 与 ModelScope 的缓存）',
  'The config, tokenizer and safetensors weights only, each checked against the hub\'s checksum; it goes to models/NAME in your workspace unless you name a folder. A download that stopped resumes when started again into the same folder.':
    '只下载配置、分词器和 safetensors 权重，逐个与平台的校验值核对；默认保存到工作区的 models/名称，也可以指定文件夹。中断的下载再次下载到同一文件夹时会继续。',
  'As an administrator you may name any folder on the server.': '作为管理员，你可以指定服务器上的任意文件夹。',
  '{done} of {total} · {speed}/s · {left} left · {files} of {count} files': '{done} / {total} · {speed}/秒 · 剩余 {left} · 文件 {files} / {count}',
  'Downloaded: on your base models as {name}.': '下载完成：已作为基座模型“{name}”加入列表。',
  'asking the hub for its files…': '正在向平台获取文件列表…',
  'Resume': '继续',
  'Stopped when the server stopped, at {done} of {total}; Resume fetches what is missing.': '服务停止时中断于 {done} / {total}；点击“继续”只下载缺少的部分。',
});

async function loadSettings() {
  $('accounts-card').hidden = state.role !== 'admin';
  $('models-hint').textContent = t(state.role === 'admin'
    ? 'A folder in Hugging Face layout (config.json, *.safetensors, tokenizer.json): as an administrator you may name any folder on the server; a relative path starts in your workspace.'
    : 'A folder in Hugging Face layout (config.json, *.safetensors, tokenizer.json) inside your workspace: a relative path such as exports/NAME starts there.');
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
      tr.cells[5].appendChild(rowButton('Remove', 'danger', async () => {
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
    li.appendChild(rowButton('Revoke', 'danger', async () => {
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
    password.parentElement.appendChild(rowButton('Set', 'secondary', async () => {
      await api('PUT', '/api/users/' + encodeURIComponent(u.username), { password: password.value });
      password.value = '';
      say(t('Set the password of {name}; their sessions are signed out.', { name: u.username }), 'success');
    }));
    if (u.username !== state.user)
      tr.cells[4].appendChild(rowButton('Remove', 'danger', async () => {
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
