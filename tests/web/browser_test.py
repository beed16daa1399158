#!/usr/bin/env python3
"""The browser UI end to end, in headless Chromium driven by chromedriver
(WebDriver over plain HTTP, no client library): sign in, upload the sample
CSV, read its report, convert it, train a short LoRA run on a demo-shaped
model while the loss chart fills, export it merged into a base model (then
listed in the settings, where an API key is made and used), and chat with
the result; and the first run of a fresh server reached from the network
(plain HTTP: the page warns; the setup code from the console's address
fills in). Screenshots of each step go to the output folder.
  browser_test.py TUNEDESK_CLI SOURCE_DIR OUTPUT_DIR
"""
import base64
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

ELEMENT = "element-6066-11e4-a52e-4f735466cecf"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def http(method, url, body=None):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, method=method, headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=120) as r:
            return json.loads(r.read() or b"{}")
    except urllib.error.HTTPError as e:
        raise RuntimeError(f"{method} {url}: {e.code} {e.read()[:500]!r}") from None


def wait_for(what, check, timeout=120):
    deadline = time.time() + timeout
    while time.time() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.25)
    raise RuntimeError(f"timed out waiting for {what}")


class Browser:
    def __init__(self, driver_url):
        self.url = driver_url
        caps = {"capabilities": {"alwaysMatch": {"browserName": "chrome", "goog:chromeOptions": {
            "binary": shutil.which("chromium") or "/usr/bin/chromium",
            "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1400,1000", "--lang=en-US"]}}}}
        self.session = http("POST", f"{driver_url}/session", caps)["value"]["sessionId"]

    def call(self, method, path, body=None):
        return http(method, f"{self.url}/session/{self.session}{path}", body)["value"]

    def go(self, url):
        self.call("POST", "/url", {"url": url})

    def find(self, css):
        return self.call("POST", "/element", {"using": "css selector", "value": css})[ELEMENT]

    def type(self, css, text):
        self.call("POST", f"/element/{self.find(css)}/value", {"text": text})

    def click(self, css):
        # In the middle of the window first, at once (Bootstrap makes scrolling smooth, which a click does not wait for).
        element = self.find(css)
        self.js("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})", {ELEMENT: element})
        self.call("POST", f"/element/{element}/click", {})

    def js(self, script, *args):
        return self.call("POST", "/execute/sync", {"script": script, "args": list(args)})

    def shoot(self, path):
        with open(path, "wb") as f:
            f.write(base64.b64decode(self.call("GET", "/screenshot")))

    def quit(self):
        try:
            http("DELETE", f"{self.url}/session/{self.session}")
        except Exception:
            pass


def main():
    cli, source, out = sys.argv[1], sys.argv[2], sys.argv[3]
    os.makedirs(out, exist_ok=True)
    for tool in ("chromium", "chromedriver"):
        if not shutil.which(tool):
            print(f"SKIP: {tool} is not installed (scripts/install-deps.sh installs it)")
            return 77
    work = tempfile.mkdtemp(prefix="tunedesk-browser-")
    data = os.path.join(work, "data")
    model = os.path.join(work, "demo-qwen3")
    subprocess.run(["bash", os.path.join(source, "scripts/make-demo-model.sh"), cli, model], check=True, stdout=subprocess.DEVNULL)
    subprocess.run([cli, "users", "add", "alice", "--password-stdin", "--data-dir", data],
                   input=b"a long passphrase\n", check=True, stdout=subprocess.DEVNULL)
    # A model hub on loopback (tests/services/mock_hub.h) serving the demo model as tiny/model;
    # the server reaches it as a Hugging Face mirror, as HF_ENDPOINT makes any hub one.
    hub, server_env = None, dict(os.environ)
    mock_hub = os.environ.get("TUNEDESK_MOCK_HUB", "")
    if os.access(mock_hub, os.X_OK):
        # The weights go silent after 64 KiB once: the first download is running when the page cancels it.
        hub = subprocess.Popen([mock_hub, model, "--cut", "model.safetensors", "65536"], stdout=subprocess.PIPE)
        endpoints = dict(hub.stdout.readline().decode().split() for _ in range(2))
        server_env.update({"HF_ENDPOINT": endpoints["hf"], "HF_TOKEN": "", "HF_HOME": os.path.join(work, "hf-home"),
                           "HF_HUB_CACHE": os.path.join(work, "hf-cache"), "MODELSCOPE_CACHE": os.path.join(work, "ms-cache")})
    else:
        print("note: no TUNEDESK_MOCK_HUB: the download steps are left out")
    port, driver_port = free_port(), free_port()
    server = subprocess.Popen([cli, "serve", "--port", str(port), "--data-dir", data, "--demo-model", model],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=server_env)
    driver = subprocess.Popen(["chromedriver", f"--port={driver_port}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    browser = None
    try:
        wait_for("the server", lambda: server.stdout.readline().startswith(b"TuneDesk"), 60)
        wait_for("chromedriver", lambda: _up(f"http://127.0.0.1:{driver_port}/status"), 30)
        browser = Browser(f"http://127.0.0.1:{driver_port}")
        first_run_from_the_network(browser, cli, work, out)

        # Sign in (in English: the language choice is kept in the page's storage).
        browser.go(base + "/")
        browser.js("localStorage.setItem('tunedesk.lang', 'en')")
        browser.go(base + "/")
        wait_for("the sign-in form", lambda: browser.js("return !document.getElementById('page-login').hidden"))
        browser.shoot(os.path.join(out, "01-sign-in.png"))
        browser.type("#username", "alice")
        browser.type("#password", "a long passphrase")
        browser.click("#login-button")
        wait_for("the data page", lambda: browser.js("return !document.getElementById('page-data').hidden"))

        # Upload the sample and read its report.
        browser.type("#file", os.path.join(source, "resources/samples/arithmetic.csv"))
        verdict = wait_for("the report", lambda: browser.js(
            "const r = document.getElementById('report'); return !r.hidden && document.getElementById('report-verdict').textContent"))
        assert "60 / 60" in verdict, verdict
        browser.shoot(os.path.join(out, "02-report.png"))
        browser.click("#convert-button")
        wait_for("the converted dataset", lambda: browser.js(
            "return [...document.querySelectorAll('#datasets .badge')].some(b => b.textContent === 'converted')"))

        # Train: a short LoRA run; the chart fills while it runs.
        browser.go(base + "/#training")
        wait_for("the training form", lambda: browser.js("return document.getElementById('train-dataset').options.length > 0"
                                                         " && document.getElementById('train-yaml').value.includes('peft_type: LORA')"))
        # Another method brings its shipped settings; the fields show them.
        browser.js("const m = document.getElementById('setting-method'); m.value = 'ptuning_v2'; m.dispatchEvent(new Event('change'))")
        wait_for("P-Tuning v2's settings", lambda: browser.js(
            "return document.getElementById('train-yaml').value.includes('PREFIX_TUNING')"
            " && document.getElementById('setting-num_virtual_tokens').value === '32' && document.getElementById('setting-learning_rate').value === '1.0e-2'"))
        browser.js("const m = document.getElementById('setting-method'); m.value = 'lora'; m.dispatchEvent(new Event('change'))")
        wait_for("LoRA's settings", lambda: browser.js("return document.getElementById('train-yaml').value.includes('peft_type: LORA')"))
        same_settings_as_the_table(browser, cli, base)
        chosen = browser.js("const s = document.getElementById('train-dataset'); return s.options[s.selectedIndex].text")
        assert chosen.startswith("arithmetic.jsonl"), chosen
        # Before Start: the rows in tokens against the limits; at 24 tokens in all every row is over, named by
        # line, and leaving them out (overlength: drop) says so; the distributions and rows on demand.
        fits = wait_for("the token count", lambda: browser.js(
            "const l = document.getElementById('train-lengths'); return l.dataset.over === '0' && l.textContent"), 60)
        assert "rows fit the length limits" in fits or "行都在长度上限内" in fits, fits
        browser.js("const y = document.getElementById('train-yaml'); y.value = y.value + '\\ncutoff_len: 24\\n';"
                   "y.dispatchEvent(new Event('input', {bubbles: true}));"
                   "const o = document.getElementById('setting-overlength'); o.value = 'drop'; o.dispatchEvent(new Event('change'))")
        over = wait_for("the rows over 24 tokens", lambda: browser.js(
            "const l = document.getElementById('train-lengths'); return l.dataset.over > 0 && l.textContent.includes('left out') && l.textContent"), 60)
        assert "lines 1, 2, 3" in over, over
        lost = browser.js("return [state.lengths.prompt_tokens_lost, state.lengths.answer_tokens_lost,"
                          " state.lengths.rows.reduce((s, r) => s + r.prompt_lost, 0), state.lengths.rows.reduce((s, r) => s + r.answer_lost, 0)]")
        assert lost[:2] == lost[2:] and f"({lost[0]} prompt and {lost[1]} answer tokens past the limits)" in over, (lost, over)
        assert "overlength: drop" in browser.js("return document.getElementById('train-yaml').value")
        browser.click("#train-lengths-toggle")
        wait_for("the lengths table", lambda: browser.js("return document.querySelectorAll('#lengths-table tbody tr').length > 0"))
        browser.js("document.getElementById('train-lengths-detail').scrollIntoView({block: 'center'})")
        browser.shoot(os.path.join(out, "02b-lengths.png"))
        browser.js("const y = document.getElementById('train-yaml'); y.value = y.value.replace('\\ncutoff_len: 24\\n', '\\n');"
                   "y.dispatchEvent(new Event('input', {bubbles: true}));"
                   "const o = document.getElementById('setting-overlength'); o.value = 'truncate'; o.dispatchEvent(new Event('change'))")
        wait_for("all rows fit again", lambda: browser.js("return document.getElementById('train-lengths').dataset.over === '0'"), 60)
        browser.click("#train-lengths-toggle")
        # Will it fit: the estimate of the run's peak memory against the free RAM; under a limit too small for
        # anything, Start is refused until "Start anyway" is ticked (which the YAML then says).
        memory = wait_for("the memory estimate", lambda: browser.js(
            "const m = document.getElementById('train-memory'); return m.dataset.fits === 'true' && m.textContent"), 60)
        assert "Memory: about" in memory or "内存：约" in memory, memory
        browser.js("const y = document.getElementById('train-yaml'); y.value = y.value + '\\nmemory_limit_gb: 0.05\\n';"
                   "y.dispatchEvent(new Event('input', {bubbles: true}))")
        over = wait_for("the run over the limit", lambda: browser.js(
            "const m = document.getElementById('train-memory'); return m.dataset.fits === 'false' && m.textContent"), 60)
        assert "50 MB" in over, over
        assert browser.js("return !document.getElementById('train-memory-override-box').hidden")
        browser.js("document.getElementById('train-memory').scrollIntoView({block: 'center'})")
        browser.shoot(os.path.join(out, "02c-memory-over.png"))
        jobs_before = browser.js("return document.querySelectorAll('#jobs a.list-group-item').length")
        browser.click("#train-button")
        refused = wait_for("the refusal", lambda: browser.js(
            "const m = document.getElementById('alert').textContent; return (m.includes('Start anyway') || m.includes('仍然开始')) && m"))
        assert browser.js("return document.querySelectorAll('#jobs a.list-group-item').length") == jobs_before, refused
        browser.click("#train-memory-override")
        assert "check_memory: false" in browser.js("return document.getElementById('train-yaml').value")
        browser.click("#train-memory-override")
        browser.js("const y = document.getElementById('train-yaml'); y.value = y.value.replace('\\nmemory_limit_gb: 0.05\\n', '\\n');"
                   "y.dispatchEvent(new Event('input', {bubbles: true}))")
        wait_for("the run fits again", lambda: browser.js("return document.getElementById('train-memory').dataset.fits === 'true'"), 60)
        assert "check_memory" not in browser.js("return document.getElementById('train-yaml').value")
        # Full fine-tuning just over a limit: "Use these settings" applies the change that fits (checkpointing).
        browser.js("const m = document.getElementById('setting-method'); m.value = 'sft'; m.dispatchEvent(new Event('change'))")
        wait_for("full fine-tuning's estimate", lambda: browser.js(
            "return document.getElementById('train-yaml').value.includes('per_device_train_batch_size') && !document.getElementById('train-yaml')"
            ".value.includes('peft_type') && state.lengths && state.lengths.memory && state.lengths.memory.estimate.trainable_parameters > 100000"), 60)
        browser.js("const y = document.getElementById('train-yaml'); const total = state.lengths.memory.estimate.total;"
                   "y.value = y.value + '\\nmemory_limit_gb: ' + ((total - 2e6) / 1e9).toFixed(4) + '\\n';"
                   "y.dispatchEvent(new Event('input', {bubbles: true}))")
        wait_for("the change that fits", lambda: browser.js(
            "return document.getElementById('train-memory').dataset.fits === 'false' && !document.getElementById('train-memory-apply').hidden"), 60)
        browser.click("#train-memory-apply")
        wait_for("the applied change to fit", lambda: browser.js(
            "return document.getElementById('train-memory').dataset.fits === 'true'"
            " && document.getElementById('train-yaml').value.includes('gradient_checkpointing: true')"), 60)
        browser.js("const m = document.getElementById('setting-method'); m.value = 'lora'; m.dispatchEvent(new Event('change'))")
        wait_for("LoRA's settings again", lambda: browser.js(
            "return document.getElementById('train-yaml').value.includes('peft_type: LORA') && !document.getElementById('train-yaml')"
            ".value.includes('memory_limit_gb') && document.getElementById('train-memory').dataset.fits === 'true'"), 60)
        browser.js("for (const [id, v] of [['setting-max_steps', 150], ['setting-learning_rate', '5e-3'], ['setting-lora_r', 4]]) {"
                   "  const f = document.getElementById(id); f.value = v; f.dispatchEvent(new Event('input', {bubbles: true})); }")
        browser.click("#train-button")
        wait_for("points on the loss chart", lambda: int(browser.js(
            "return document.getElementById('loss-chart').dataset.points || 0")) >= 3 or
            browser.js("return document.getElementById('job-status').textContent") == "failed", 180)
        browser.shoot(os.path.join(out, "03-training.png"))
        # The run shown stays in view beside the form scrolled down to its Start button, and its line in the list counts steps.
        assert browser.js("const r = document.getElementById('job').getBoundingClientRect(); return window.scrollY > 0 && r.top >= 0 && r.top < 100"), \
            browser.js("return [window.scrollY, document.getElementById('job').getBoundingClientRect().top]")
        wait_for("the list to count the run's steps", lambda: re.fullmatch(r"([1-9][0-9]?|1[0-4][0-9]|150)/150", browser.js(
            "const i = document.querySelector(`#jobs [data-job=\"${state.job}\"] .job-step`); return i ? i.textContent : ''")))
        assert browser.js("return document.getElementById('job-status').textContent === 'completed'"
                          " || document.getElementById('export-form').offsetParent === null"), "export offered before the job completed"
        status = wait_for("the job to finish", lambda: browser.js(
            "const s = document.getElementById('job-status').textContent; return ['completed', 'failed'].includes(s) && s"), 300)
        assert status == "completed", browser.js("return document.getElementById('job-error').textContent")
        job_id = browser.js("return document.getElementById('job-title').textContent.split(' ')[0]")
        # It ran with the fields' values in the method's settings.
        assert "of 150" in browser.js("return document.getElementById('job-progress-text').textContent")
        wait_for("the list to show the run completed", lambda: browser.js(
            "const i = document.querySelector(`#jobs [data-job=\"${state.job}\"]`);"
            " return i.querySelector('.job-step').textContent === '150/150' && i.querySelector('.job-badge').classList.contains('bg-success')"))
        browser.shoot(os.path.join(out, "04-trained.png"))

        # Export the result merged into a complete model; it joins the base models.
        wait_for("the export form", lambda: browser.js("return document.getElementById('export-form').offsetParent !== null"))
        assert browser.js("return document.getElementById('export-merge').checked && document.getElementById('export-add').checked")
        browser.click("#export-button")
        said = wait_for("the export", lambda: browser.js(
            "const a = document.getElementById('alert'); return a.classList.contains('alert-success') && a.textContent"
            " || a.classList.contains('alert-danger') && 'FAILED: ' + a.textContent"), 180)
        assert "base models as" in said, said
        merged = job_id + "-merged"
        assert browser.js("return [...document.getElementById('train-model').options].some(o => o.value === arguments[0])", merged)

        # Again as GGUF, not merged: a type to choose, the Ollama Modelfile offered, nothing to add to the base
        # models; the adapter, its base model's file and the llama.cpp and Ollama commands said.
        browser.js("const f = document.getElementById('export-format'); f.value = 'gguf'; f.dispatchEvent(new Event('change'));"
                   "const t = document.getElementById('export-type'); t.value = 'q8_0';"
                   "const m = document.getElementById('export-merge'); m.checked = false; m.dispatchEvent(new Event('change'));")
        assert browser.js("return !document.getElementById('export-merge').checked && !document.getElementById('export-merge').disabled"
                          " && !document.getElementById('export-type').disabled && document.getElementById('export-add').disabled"
                          " && document.getElementById('export-ollama').checked && !document.getElementById('export-ollama').disabled")
        browser.shoot(os.path.join(out, "04b-export-gguf.png"))
        browser.click("#export-button")
        said = wait_for("the GGUF export", lambda: browser.js(
            "const a = document.getElementById('alert'); return a.classList.contains('alert-success') && a.textContent.includes('.gguf') && a.textContent"
            " || a.classList.contains('alert-danger') && 'FAILED: ' + a.textContent"), 180)
        assert job_id + "-gguf/" + job_id + "-Q8_0-LoRA.gguf" in said and "--lora" in said and "ollama create" in said, said

        # Evaluate: the base model and the fine-tuned one answer the rows the run held out; the table and totals
        # come back, with the CSV and JSONL downloads.
        browser.js("document.getElementById('evaluation-box').scrollIntoView({block: 'center'})")
        browser.click("#evaluation-start")
        rows = wait_for("the evaluation table", lambda: browser.js(
            "const t = document.getElementById('evaluation-table');"
            "return !t.hidden && t.tBodies[0].rows.length"), 180)
        totals = browser.js("return document.getElementById('evaluation-totals').textContent")
        assert "ROUGE-L" in totals and ("Held-out rows" in totals or "留出的验证行" in totals), totals
        csv = browser.js("const x = new XMLHttpRequest(); x.open('GET', document.getElementById('evaluation-csv').href, false);"
                         "x.send(); return x.status === 200 && x.responseText")
        assert csv and csv.count("\r\n") == rows + 1 and "line,question,expected,base,tuned" in csv, csv
        browser.js("document.getElementById('evaluation-box').scrollIntoView({block: 'start'})")
        browser.shoot(os.path.join(out, "04c-evaluation.png"))

        # Runs compared: a second, shorter run at another learning rate; both ticked in the list, their
        # loss curves on one chart and the settings that differ in a table.
        browser.js("window.scrollTo(0, 0); document.getElementById('setting-max_steps').value = 8;"
                   "document.getElementById('setting-max_steps').dispatchEvent(new Event('input', {bubbles: true}));"
                   "document.getElementById('setting-learning_rate').value = '1e-3';"
                   "document.getElementById('setting-learning_rate').dispatchEvent(new Event('input', {bubbles: true}))")
        browser.click("#train-button")
        second = wait_for("the second run", lambda: browser.js(
            "const s = document.getElementById('job-status').textContent; const id = document.getElementById('job-title').textContent.split(' ')[0];"
            "return s === 'completed' && id !== arguments[0] && id", job_id), 180)
        wait_for("both runs in the list", lambda: browser.js(
            "return [...arguments].every(id => document.querySelector(`.compare-pick[data-id='${id}']`))", job_id, second))
        browser.js("for (const id of arguments) document.querySelector(`.compare-pick[data-id='${id}']`).click()", job_id, second)
        assert not browser.js("return document.getElementById('compare-button').disabled")
        browser.js("document.getElementById('compare-button').click()")
        keys = wait_for("the runs compared", lambda: browser.js(
            "const t = document.getElementById('compare-table'); return !document.getElementById('compare').hidden && t &&"
            " [...t.tBodies[0].rows].map(r => r.cells[0].textContent)"), 30)
        assert "learning_rate" in keys and "max_steps" in keys, keys
        assert browser.js("return document.getElementById('compare-chart').dataset.series") == "4"
        browser.shoot(os.path.join(out, "04d-runs-compared.png"))
        browser.js("document.getElementById('compare-close').click()")

        # Settings: the merged model in the list, and an API key that works for a program.
        browser.go(base + "/#settings")
        wait_for("the base models table", lambda: browser.js(
            "return [...document.querySelectorAll('#models-table tbody tr')].some(r => r.dataset.name === arguments[0])", merged))
        assert browser.js("return document.getElementById('accounts-card').hidden"), "accounts shown to a user who is no administrator"
        browser.click("#key-create")
        key = wait_for("the new key", lambda: browser.js(
            "return !document.getElementById('new-key').hidden && document.getElementById('new-key-text').textContent"))
        assert key.startswith("td-"), key
        request = urllib.request.Request(base + "/v1/models", headers={"Authorization": "Bearer " + key})
        with urllib.request.urlopen(request, timeout=30) as r:
            ids = [m["id"] for m in json.loads(r.read())["data"]]
        assert merged in ids and job_id in ids, ids
        browser.shoot(os.path.join(out, "05-settings.png"))

        # Chat with the result; the answer streams in. A message of the page left behind does not follow to the next.
        browser.js("say('a message of the settings page', 'success')")
        browser.go(base + "/#chat")
        wait_for("the chat page", lambda: browser.js("return !document.getElementById('page-chat').hidden"))
        assert browser.js("return document.getElementById('alert').classList.contains('d-none')"), \
            browser.js("return document.getElementById('alert').textContent")
        wait_for("the models", lambda: browser.js(
            "return [...document.getElementById('chat-model').options].some(o => o.value === arguments[0])", job_id))
        browser.js("document.getElementById('chat-model').value = arguments[0];"
                   "document.getElementById('chat-model').dispatchEvent(new Event('change'))", job_id)
        browser.type("#chat-input", "1+1")
        browser.click("#chat-send")
        wait_for("the answer", lambda: browser.js("return document.getElementById('transcript').dataset.answers === '1'"), 120)
        answer = browser.js("const b = document.querySelectorAll('#transcript .message.assistant .bubble'); return b[b.length - 1].textContent")
        assert answer.strip(), "an empty answer"
        browser.shoot(os.path.join(out, "06-chat.png"))
        # Side by side: the same question to the fine-tuned model and the base model, each answer in its pane.
        browser.js("const m = document.getElementById('chat-model-2'); m.value = 'demo-qwen3'; m.dispatchEvent(new Event('change'))")
        assert not browser.js("return document.getElementById('transcript-2').hidden")
        browser.type("#chat-input", "2+2")
        browser.click("#chat-send")
        wait_for("both answers", lambda: browser.js(
            "return document.getElementById('transcript').dataset.answers === '2'"
            " && document.getElementById('transcript-2').dataset.answers === '1'"), 120)
        base_answer = browser.js("const b = document.querySelectorAll('#transcript-2 .message.assistant .bubble'); return b[b.length - 1].textContent")
        assert base_answer.strip(), "the base model's pane has no answer"
        browser.shoot(os.path.join(out, "06b-chat-side-by-side.png"))
        browser.js("const m = document.getElementById('chat-model-2'); m.value = ''; m.dispatchEvent(new Event('change'))")
        # A reasoning model's thinking (the server's reasoning_content, Qwen3's <think> block) shows set apart above its
        # answer, and goes back with the history as the answer alone. The demo model thinks nothing: the server's
        # stream is stood in for in the page.
        browser.js("""
          window.sentBodies = []; window.realFetch = window.realFetch || window.fetch;
          window.fetch = (url, init) => {
            if (url !== '/v1/chat/completions') return window.realFetch(url, init);
            window.sentBodies.push(JSON.parse(init.body));
            const events = [{reasoning_content: 'Adding one '}, {reasoning_content: 'and one.'}, {content: '\\n\\n**2**'}]
              .map(d => `data: ${JSON.stringify({choices: [{index: 0, delta: d}]})}\\n\\n`).join('') + 'data: [DONE]\\n\\n';
            return Promise.resolve(new Response(new Blob([events]).stream(), {status: 200, headers: {'Content-Type': 'text/event-stream'}}));
          };""")
        for turn, question in enumerate(["1+1?", "and 2+2?"]):
            browser.type("#chat-input", question)
            browser.click("#chat-send")
            wait_for("the thinking answer", lambda: browser.js("return document.getElementById('transcript').dataset.answers") == str(3 + turn), 60)
        shown = browser.js("const b = [...document.querySelectorAll('#transcript .message.assistant .bubble')][2];"
                           "const q = b.querySelector('blockquote.thinking'), s = b.querySelector(':scope > p > strong');"
                           "return [q && q.textContent.trim(), s && s.textContent, b.textContent.includes('think>')]")
        assert shown == ["Adding one and one.", "2", False], shown
        sent = browser.js("return window.sentBodies[1].messages")
        assert sent[-2] == {"role": "assistant", "content": "\n\n**2**"} and sent[-1] == {"role": "user", "content": "and 2+2?"}, sent
        browser.shoot(os.path.join(out, "06c-chat-thinking.png"))
        browser.js("window.fetch = window.realFetch")

        # A base model downloaded from the hub, then on the base model list; an unknown one is an error.
        if hub:
            browser.go(base + "/#settings")
            wait_for("the settings page", lambda: browser.js("return !document.getElementById('page-settings').hidden"))
            browser.js("document.getElementById('download-card').scrollIntoView({block: 'center'})")
            browser.type("#download-repo", "tiny/model")
            browser.js("document.getElementById('download-form').requestSubmit()")
            # Stalled on the weights: Cancel, then Resume, which fetches the rest.
            wait_for("the running download's Cancel", lambda: browser.js(
                "const d = document.querySelector('#downloads .download[data-state=running]');"
                "return d && d.querySelector('button') && parseFloat(d.querySelector('.progress-bar').style.width) > 0"), 60)
            browser.js("document.querySelector('#downloads .download[data-state=running] button').click()")
            cancelled = wait_for("the cancelled download", lambda: browser.js(
                "const d = document.querySelector('#downloads .download[data-state=cancelled]');"
                "return d && d.querySelector('button') && d.querySelector('button').textContent"), 60)
            assert cancelled in ("Resume", "继续"), cancelled
            browser.js("document.querySelector('#downloads .download[data-state=cancelled] button').click()")
            done = wait_for("the download", lambda: browser.js(
                "const d = document.querySelector('#downloads .download[data-state=done]');"
                "return d && d.querySelector('.download-text').textContent"), 120)
            assert "model" in done, done
            wait_for("the model on the list", lambda: browser.js(
                "return [...document.querySelectorAll('#models-table tbody tr')].some(tr => tr.dataset.name === 'model')"))
            browser.js("document.getElementById('download-repo').value = ''")
            browser.type("#download-repo", "tiny/nope")
            browser.js("document.getElementById('download-form').requestSubmit()")
            failed = wait_for("the failed download", lambda: browser.js(
                "const d = document.querySelector('#downloads .download[data-state=failed]');"
                "return d && d.querySelector('.download-text').textContent"), 60)
            assert "no model tiny/nope" in failed, failed
            browser.shoot(os.path.join(out, "10-download.png"))

        # An Excel workbook: the report names the sheet read and what the sheet hides.
        browser.go(base + "/#data")
        wait_for("the data page", lambda: browser.js("return !document.getElementById('page-data').hidden"))
        accept = browser.js("return document.getElementById('file').accept")
        assert ".xlsx" in accept and ".csv" in accept, accept
        browser.type("#file", os.path.join(source, "tests/fixtures/xlsx/features.xlsx"))
        sheet = wait_for("the workbook's report", lambda: browser.js(
            "const r = document.getElementById('report-title'), s = document.getElementById('report-sheet');"
            "return r.textContent.startsWith('features.xlsx') && !s.hidden && s.textContent"))
        assert "问答" in sheet and "第二页" in sheet, sheet
        rules = browser.js("return [...document.querySelectorAll('#findings tbody tr')].map(tr => tr.cells[2].textContent)")
        assert rules.count("Spreadsheet layout") == 4, rules
        browser.shoot(os.path.join(out, "08-xlsx-report.png"))

        # In Chinese, the report of the broken sample reads in Chinese, message by message.
        browser.js("localStorage.setItem('tunedesk.lang', 'zh_CN')")
        browser.go(base + "/?lang=zh_CN#data")  # a new document: the language is read when the page loads
        wait_for("the data page", lambda: browser.js("return !document.getElementById('page-data').hidden"))
        browser.type("#file", os.path.join(source, "resources/samples/broken.csv"))
        messages = wait_for("the broken sample's report", lambda: browser.js(
            "const r = document.getElementById('report-title');"
            "return r.textContent.startsWith('broken.csv') && [...document.querySelectorAll('#findings tbody tr')]"
            ".map(tr => tr.cells[4].textContent)"))
        assert len(messages) >= 5, messages
        english = [m for m in messages if not any('\u4e00' <= ch <= '\u9fff' for ch in m)]
        assert not english, f"findings not in Chinese: {english}"
        # The rules' titles come from core's catalog through the same translations (/api/messages/zh_CN's "rules").
        rules = browser.js("return [...document.querySelectorAll('#findings tbody tr')].map(tr => tr.cells[2].textContent)")
        assert "个人信息" in rules and "空字段" in rules, rules
        verdicts = wait_for("the broken sample's verdict in the list", lambda: browser.js(
            "return [...document.querySelectorAll('#datasets .list-group-item')].some(a => "
            "a.textContent.includes('broken.csv') && a.textContent.includes('✘ 8 个错误'))"))
        assert verdicts
        browser.shoot(os.path.join(out, "07-report-zh.png"))

        # Cleaning the broken sample into a new version, in Chinese: a preview of every change (the
        # personal data masked), then the version written and opened; the upload stays in the list.
        browser.js("document.getElementById('clean-box').open = true")
        wait_for("OpenCC's conversions", lambda: browser.js("return document.getElementById('clean-opencc').options.length > 1"))
        for box in ("#clean-trim", "#clean-mask"):
            browser.click(box)
        browser.click("#clean-preview")
        summary = wait_for("the cleaning preview", lambda: browser.js(
            "return !document.getElementById('clean-changes').hidden && document.getElementById('clean-summary').textContent"))
        assert "已脱敏" in summary and "保留" in summary, summary
        masked = browser.js("return [...document.querySelectorAll('#clean-changes tbody tr')].map(tr => tr.cells[3].textContent)")
        assert any("[手机号1]" in m for m in masked), masked
        browser.js("document.getElementById('clean-summary').scrollIntoView({block: 'start', behavior: 'instant'})")
        browser.shoot(os.path.join(out, "07b-clean-preview-zh.png"))
        browser.click("#clean-apply")
        wait_for("the cleaned version opened", lambda: browser.js(
            "return document.getElementById('report-title').textContent.startsWith('broken.clean.jsonl')"
            " && [...document.querySelectorAll('#datasets .list-group-item')].some(a => a.textContent.includes('broken.csv'))"))

        # Growing the cleaned version with the demo model, in Chinese: the job's progress, then the review
        # (one candidate left out, one corrected) and the new version with the kept ones, opened.
        browser.js("document.getElementById('augment-box').open = true")
        wait_for("the models that can write", lambda: browser.js("return document.getElementById('augment-model').options.length > 0"))
        prompt = wait_for("the prompt to edit", lambda: browser.js("return document.getElementById('augment-prompt').value"))
        assert "{question}" in prompt and "改写" in prompt, prompt  # the built-in paraphrase template
        browser.js("document.getElementById('augment-per-row').value = 2; document.getElementById('augment-limit').value = 3")
        browser.click("#augment-start")
        kept_text = wait_for("the candidates to review", lambda: browser.js(
            "return !document.getElementById('augment-review').hidden && "
            "document.querySelectorAll('#augment-candidates tbody tr').length >= 2 && "
            "document.getElementById('augment-status').textContent"), 180)
        assert "候选" in kept_text, kept_text
        browser.js("const rows = document.querySelectorAll('#augment-candidates tbody tr');"
                   "rows[0].cells[0].firstElementChild.click();"
                   "const q = rows[1].querySelector('textarea[data-field=question]'); q.value = '一加一等于几？';"
                   "q.dispatchEvent(new Event('input', {bubbles: true}))")
        candidates = browser.js("return document.querySelectorAll('#augment-candidates tbody tr').length")
        status = browser.js("return document.getElementById('augment-status').textContent")
        assert f"保留 {candidates - 1} 条" in status and "修改 1 条" in status, status
        browser.js("document.getElementById('augment-box').scrollIntoView({block: 'start', behavior: 'instant'})")
        browser.shoot(os.path.join(out, "07c-augment-review-zh.png"))
        browser.click("#augment-write")
        wait_for("the augmented version opened", lambda: browser.js(
            "return document.getElementById('report-title').textContent.startsWith('broken.clean.augmented.jsonl')"))
        # The version's source in the list, and what changed from it, row by row: the kept candidates added.
        origin = browser.js("return [...document.querySelectorAll('#datasets .list-group-item')]"
                            ".find(a => a.textContent.includes('broken.clean.augmented.jsonl')).querySelector('.version-of').textContent")
        assert "broken.clean.jsonl" in origin, origin
        browser.js("document.getElementById('diff-box').open = true")
        summary = wait_for("the changes from the source", lambda: browser.js(
            "return document.querySelectorAll('#diff-rows tbody tr').length > 0 && document.getElementById('diff-summary').textContent"))
        added = browser.js("return document.querySelectorAll('#diff-rows tbody tr.table-success').length")
        assert added == candidates - 1, (added, candidates, summary)
        assert f"新增 {added} 行" in summary, summary
        browser.js("document.getElementById('diff-box').scrollIntoView({block: 'start', behavior: 'instant'})")
        browser.shoot(os.path.join(out, "07d-version-changes-zh.png"))

        # The workbook's report in Chinese too.
        browser.js("[...document.querySelectorAll('#datasets .list-group-item')]"
                   ".find(a => a.textContent.includes('features.xlsx')).click()")
        rows = wait_for("the workbook's report in Chinese", lambda: browser.js(
            "const r = document.getElementById('report-title');"
            "return r.textContent.startsWith('features.xlsx') && [...document.querySelectorAll('#findings tbody tr')]"
            ".map(tr => [tr.cells[2].textContent, tr.cells[4].textContent])"))
        layout = [m for rule, m in rows if rule == "表格布局"]
        assert len(layout) == 4 and all(any('\u4e00' <= ch <= '\u9fff' for ch in m) for m in layout), rows
        assert "工作表" in browser.js("return document.getElementById('report-sheet').textContent")
        browser.shoot(os.path.join(out, "09-xlsx-report-zh.png"))
        if hub:  # the downloads, in Chinese
            browser.go(base + "/?lang=zh_CN#settings")
            texts = wait_for("the downloads in Chinese", lambda: browser.js(
                "const t = [...document.querySelectorAll('#downloads .download-text')].map(e => e.textContent);"
                "return t.length === 2 && t"))
            assert all(any('\u4e00' <= ch <= '\u9fff' for ch in text) for text in texts), texts
            browser.shoot(os.path.join(out, "11-download-zh.png"))
        # The training form's lengths and memory estimate, in Chinese.
        browser.go(base + "/?lang=zh_CN#training")
        memory_zh = wait_for("the memory estimate in Chinese", lambda: browser.js(
            "const m = document.getElementById('train-memory'); return m.textContent.startsWith('内存：约') && m.textContent"), 60)
        assert "可用" in memory_zh, memory_zh
        browser.js("document.getElementById('train-memory').scrollIntoView({block: 'center'})")
        browser.shoot(os.path.join(out, "12-training-form-zh.png"))
        print(f"browser test passed: job {job_id}, answer {answer.strip()[:40]!r}; screenshots in {out}")
        return 0
    except Exception:
        if browser:  # what the page showed when it went wrong
            browser.shoot(os.path.join(out, "failure.png"))
            print("page alert:", browser.js("return document.getElementById('alert').textContent"))
            print("job:", browser.js("return document.getElementById('job-status').textContent + ' ' + "
                                     "document.getElementById('job-error').textContent"))
        raise
    finally:
        if browser:
            browser.quit()
        for p in (driver, server, hub):
            if p is None:
                continue
            p.terminate()
            try:
                p.wait(10)
            except subprocess.TimeoutExpired:
                p.kill()
        shutil.rmtree(work, ignore_errors=True)


def non_loopback_ipv4():
    """An IPv4 address of this machine that is not loopback: to a server, a browser using it is another machine."""
    try:
        out = subprocess.run(["hostname", "-I"], capture_output=True, text=True, timeout=5).stdout.split()
    except (OSError, subprocess.TimeoutExpired):
        return None
    return next((a for a in out if "." in a and not a.startswith("127.")), None)


def same_settings_as_the_table(browser, cli, base):
    """The browser's and the command line's side of "the same settings in
    the three front ends": every row of the one table of training settings
    (GET /api/training-settings) that the forms show has its field, with the
    row's range and choices; every row with an option is in `tunedesk-cli
    train --help` with the row's default. (The desktop's side:
    tests/ui/ui_flow_test.cpp, trainingFormFollowsTheSettingsTable.)"""
    settings = http("GET", base + "/api/training-settings")["settings"]
    assert len(settings) >= 40, len(settings)
    fields = {f["id"][len("setting-"):]: f for f in browser.js(
        "return [...document.querySelectorAll('#train-form [id^=\"setting-\"]')].map(e => ({id: e.id, type: e.type,"
        " min: e.getAttribute('min'), max: e.getAttribute('max'), value: e.type === 'checkbox' ? String(e.checked) : e.value,"
        " options: e.tagName === 'SELECT' ? [...e.options].map(o => o.value) : null}))")}
    help_lines = subprocess.run([cli, "train", "--help"], capture_output=True, text=True, check=True).stdout.splitlines()

    def text(row, v):
        if isinstance(v, bool):
            return "true" if v else "false"
        if isinstance(v, list):
            return ",".join(v)
        if isinstance(v, float) and v == int(v):
            return str(int(v))
        return str(v)

    for row in settings:
        name = row["name"]
        if row["section"] == "none":
            assert name not in fields, f"{name} is not a form setting but has a field"
        else:
            field = fields.get(name)
            assert field, f"no field for {name}"
            if "min" in row:
                assert float(field["min"]) == row["min"] and float(field["max"]) == row["max"], (name, field, row)
            if row["kind"] == "choice":
                assert field["options"] == [c["value"] for c in row["choices"]], (name, field["options"])
            if row["kind"] == "flag":
                assert field["type"] == "checkbox", (name, field)
        if not row["cli"]:
            continue
        at = [i for i, line in enumerate(help_lines) if line.strip().startswith(row["cli"] + " ") or line.strip() == row["cli"]
              or line.strip().startswith(row["cli"] + "  ")]
        assert at, f"{row['cli']} is not in train --help"
        said = " ".join(help_lines[at[0]:at[0] + 2])
        if row["kind"] != "flag":
            default = row["default"]
            unset = default in (0, "", []) and "special" in row
            expected = f"(default: {row['special']})" if unset else f"default {text(row, default)})"
            assert expected in said, (row["cli"], expected, said)


def first_run_from_the_network(browser, cli, work, out):
    """A fresh server on every address, opened by its network address with the setup code serve printed."""
    address = non_loopback_ipv4()
    if not address:
        print("skipped the first run from the network: this machine has no non-loopback IPv4 address")
        return
    port = free_port()
    server = subprocess.Popen([cli, "serve", "--host", "0.0.0.0", "--port", str(port), "--data-dir", os.path.join(work, "fresh")],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        lines = []
        wait_for("the setup code", lambda: lines.append(server.stdout.readline().decode()) or "#setup=" in lines[-1], 60)
        link = lines[-1].strip().split("(or open ")[1].rstrip(")")
        assert link.startswith(f"http://{address}:{port}/#setup="), link
        browser.go(link)
        wait_for("the first-run form with the code", lambda: browser.js(
            "return !document.getElementById('setup-code-row').hidden && document.getElementById('setup-code').value"))
        assert browser.js("return !document.getElementById('plain-http-warning').hidden"), "no plain-HTTP warning"
        assert "#setup" not in browser.js("return location.href"), "the code stays in the address bar"
        browser.type("#username", "owner")
        browser.type("#password", "a long passphrase")
        browser.type("#confirm", "a long passphrase")
        browser.shoot(os.path.join(out, "00-first-run-from-the-network.png"))
        browser.click("#login-button")
        wait_for("signed in as the new administrator", lambda: browser.js(
            "return !document.getElementById('page-data').hidden && document.getElementById('who').textContent"))
    finally:
        server.terminate()
        server.wait(10)


def _up(url):
    try:
        with urllib.request.urlopen(url, timeout=2):
            return True
    except Exception:
        return False


if __name__ == "__main__":
    sys.exit(main())
