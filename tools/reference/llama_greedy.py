#!/usr/bin/env python3
"""Greedy continuations by llama.cpp itself: starts llama-server on a free
loopback port with MODEL.gguf, sends each prompt as token ids, and prints
one JSON line per prompt with the ids llama.cpp generated, the gap between
its best and second-best logit at each generated token (None where the
server reports none), and how it tokenizes the
prompt's text (to compare with TuneDesk's).

    python3 llama_greedy.py MODEL.gguf N_PREDICT [SERVER_ARGS...] < prompts.jsonl
    (each input line: {"text": "...", "prompt_ids": [...]}; SERVER_ARGS go to
    llama-server as they are, e.g. --lora ADAPTER.gguf)
"""
import json
import socket
import subprocess
import sys
import time
import urllib.request


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def post(port, path, body):
    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=json.dumps(body).encode(),
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=120) as r:
        return json.load(r)


def main():
    model, n_predict, extra = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
    port = free_port()
    server = subprocess.Popen(["llama-server", "-m", model, "--port", str(port), "--host", "127.0.0.1", "-t", "2",
                               "-c", "512", "-np", "1", "--no-webui", *extra],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        for _ in range(600):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=1) as r:
                    if json.load(r).get("status") == "ok":
                        break
            except Exception:
                if server.poll() is not None:
                    sys.exit("llama-server exited: " + server.stderr.read().decode(errors="replace")[-2000:])
                time.sleep(0.1)
        for line in sys.stdin:
            case = json.loads(line)
            tokenized = post(port, "/tokenize", {"content": case["text"], "add_special": True})["tokens"]
            out = post(port, "/completion", {"prompt": case["prompt_ids"], "n_predict": n_predict, "temperature": 0,
                                             "top_k": 1, "cache_prompt": False, "return_tokens": True, "seed": 1,
                                             "n_probs": 2})
            all_ids = ids = out.get("tokens", [])
            if out.get("stop_type") == "eos" and ids:
                ids = ids[:-1]  # the end-of-generation token; TuneDesk does not count its stop id either
            # Per generated token, the best logit minus the second best: a near tie may go either
            # way on rounding. llama-server leaves out the steps whose token ends inside a UTF-8
            # character (its text is merged into a later step's), so the steps are placed by their
            # token id, in order; a token without a step of its own gets None.
            gaps = [None] * len(all_ids)
            position = 0
            for step in out.get("completion_probabilities", []):
                top = sorted((t["logprob"] for t in step.get("top_logprobs", [])), reverse=True)
                gap = top[0] - top[1] if len(top) > 1 else None
                if "id" not in step:  # an older server: one step per token
                    index = position
                else:
                    index = next((i for i in range(position, len(all_ids)) if all_ids[i] == step["id"]), None)
                    if index is None:
                        continue
                if index < len(gaps):
                    gaps[index] = gap
                position = index + 1
            print(json.dumps({"text": case["text"], "tokenized": tokenized, "ids": ids, "all_ids": all_ids, "top2_gaps": gaps,
                              "stop_type": out.get("stop_type")}), flush=True)
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
