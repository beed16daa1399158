#!/usr/bin/env python3
"""The Python peer of tunedesk_train_bench: the same Llama model (read from
the same safetensors files), the same LoRA or full fine-tuning step (forward,
summed cross-entropy over the trained tokens, backward, gradient clipping at
1, AdamW), written the usual PyTorch way with Debian's python3-torch: with
--prompt N the first N tokens take no loss (label -100, as Hugging Face
marks a prompt). --ids FILE trains on those token ids (real text, as
tunedesk_train_bench does with the same file); --autocast bf16 runs forward
in torch.autocast("cpu", dtype=torch.bfloat16), PyTorch's mixed precision
(fp32 weights and optimizer state), its fastest configuration on a CPU
with bf16 units.
Prints one JSON line with tokens/s, the mean step time of the first and the
last fifth of the timed steps, and the first and last loss.
--profile adds a line of where a step's time goes, by operator, matrix
products apart: the fields of tunedesk_train_bench --profile
(bench/op_profile.h).
  train_step.py MODEL_DIR --method lora|sft [--seq N] [--prompt N] [--steps N] [--threads N]
                [--ids FILE] [--lr LR] [--autocast none|bf16] [--profile]
"""
import contextlib
import argparse
import json
import math
import struct
import time

import torch
import torch.nn.functional as F

DTYPES = {"F32": torch.float32, "BF16": torch.bfloat16, "F16": torch.float16}


def read_safetensors(path):
    with open(path, "rb") as f:
        raw = f.read()
    (header_len,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8:8 + header_len])
    base = 8 + header_len
    tensors = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        start, end = info["data_offsets"]
        t = torch.frombuffer(bytearray(raw[base + start:base + end]), dtype=DTYPES[info["dtype"]])
        tensors[name] = t.reshape(info["shape"]).float()
    return tensors


class Lora(torch.nn.Module):
    def __init__(self, base, rank, alpha):
        super().__init__()
        self.base = base
        self.a = torch.nn.Parameter(torch.empty(rank, base.shape[1]).uniform_(-1, 1) / math.sqrt(base.shape[1]))
        self.b = torch.nn.Parameter(torch.zeros(base.shape[0], rank))
        self.scale = alpha / rank

    def forward(self, x):
        return F.linear(x, self.base) + F.linear(F.linear(x, self.a), self.b) * self.scale


class Llama(torch.nn.Module):
    def __init__(self, cfg, w, method):
        super().__init__()
        self.cfg = cfg
        full = method == "sft"
        self.p = torch.nn.ParameterDict({k.replace(".", "__"): torch.nn.Parameter(v, requires_grad=full) for k, v in w.items()})
        self.lora = torch.nn.ModuleDict()
        if not full:
            for l in range(cfg["num_hidden_layers"]):
                for proj in ("q_proj", "v_proj"):
                    name = f"model.layers.{l}.self_attn.{proj}.weight"
                    self.lora[name.replace(".", "__")] = Lora(w[name], 8, 16)
        d = cfg.get("head_dim") or cfg["hidden_size"] // cfg["num_attention_heads"]
        inv = 1.0 / (cfg.get("rope_theta", 10000.0) ** (torch.arange(0, d, 2).double() / d))
        ang = torch.outer(torch.arange(cfg["max_position_embeddings"]).double(), inv).float()
        self.cos, self.sin = ang.cos(), ang.sin()

    def w(self, name):
        return self.p[name.replace(".", "__")]

    def linear(self, x, name):
        key = name.replace(".", "__")
        return self.lora[key](x) if key in self.lora else F.linear(x, self.p[key])

    def norm(self, x, name):
        return self.w(name) * (x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + self.cfg["rms_norm_eps"]))

    def rope(self, x, T):
        half = x.shape[-1] // 2
        cos, sin = self.cos[:T], self.sin[:T]
        a, b = x[..., :half], x[..., half:]
        return torch.cat([a * cos - b * sin, b * cos + a * sin], -1)

    def forward(self, ids):
        cfg = self.cfg
        B, T = ids.shape
        H, KV = cfg["num_attention_heads"], cfg["num_key_value_heads"]
        D = cfg.get("head_dim") or cfg["hidden_size"] // H
        x = F.embedding(ids, self.w("model.embed_tokens.weight"))
        mask = torch.ones(T, T, dtype=torch.bool).triu(1)
        for l in range(cfg["num_hidden_layers"]):
            p = f"model.layers.{l}."
            h = self.norm(x, p + "input_layernorm.weight")
            q = self.linear(h, p + "self_attn.q_proj.weight").view(B, T, H, D).transpose(1, 2)
            k = self.linear(h, p + "self_attn.k_proj.weight").view(B, T, KV, D).transpose(1, 2)
            v = self.linear(h, p + "self_attn.v_proj.weight").view(B, T, KV, D).transpose(1, 2)
            q, k = self.rope(q, T), self.rope(k, T)
            k, v = k.repeat_interleave(H // KV, 1), v.repeat_interleave(H // KV, 1)
            s = (q @ k.transpose(-2, -1)) / math.sqrt(D)
            a = torch.softmax(s.masked_fill(mask, float("-inf")), -1) @ v
            x = x + self.linear(a.transpose(1, 2).reshape(B, T, H * D), p + "self_attn.o_proj.weight")
            m = self.norm(x, p + "post_attention_layernorm.weight")
            g = F.silu(self.linear(m, p + "mlp.gate_proj.weight")) * self.linear(m, p + "mlp.up_proj.weight")
            x = x + self.linear(g, p + "mlp.down_proj.weight")
        x = self.norm(x, "model.norm.weight")
        return F.linear(x, self.w("lm_head.weight"))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("model")
    ap.add_argument("--method", default="lora")
    ap.add_argument("--seq", type=int, default=512)
    ap.add_argument("--prompt", type=int, default=0)
    ap.add_argument("--steps", type=int, default=4)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--ids")
    ap.add_argument("--lr", type=float, default=1e-4)
    ap.add_argument("--autocast", default="none", choices=["none", "bf16"])
    ap.add_argument("--profile", action="store_true")
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    cfg = json.load(open(f"{args.model}/config.json"))
    model = Llama(cfg, read_safetensors(f"{args.model}/model.safetensors"), args.method)
    params = [p for p in model.parameters() if p.requires_grad]
    opt = torch.optim.AdamW(params, lr=args.lr, weight_decay=0.0)
    if args.ids:
        ids = torch.tensor([json.load(open(args.ids))[:args.seq]])
        assert ids.shape[1] == args.seq, f"{args.ids} has fewer than {args.seq} ids"
    else:
        ids = torch.tensor([[3 + (i * 7919) % (cfg["vocab_size"] - 3) for i in range(args.seq)]])
    labels = ids.clone()
    labels[0, :args.prompt] = -100
    trained = int((labels[0, 1:] != -100).sum())
    times, losses = [], []

    def precision():
        return torch.autocast("cpu", dtype=torch.bfloat16) if args.autocast == "bf16" else contextlib.nullcontext()

    profiler = torch.autograd.profiler.profile() if args.profile else contextlib.nullcontext()
    profiler.__enter__()
    for _ in range(args.steps + 1):  # the first step warms up
        start = time.perf_counter()
        opt.zero_grad()
        with precision():
            logits = model(ids)
        loss = F.cross_entropy(logits[0, :-1].float(), labels[0, 1:], ignore_index=-100, reduction="sum") / trained
        losses.append(loss.item())
        loss.backward()
        torch.nn.utils.clip_grad_norm_(params, 1.0)
        opt.step()
        times.append(time.perf_counter() - start)
    profiler.__exit__(None, None, None)
    timed = sum(times[1:])
    fifth = max(1, args.steps // 5)
    print(json.dumps({"impl": "python", "autocast": args.autocast, "method": args.method, "seq": args.seq,
                      "trained_tokens": trained, "threads": args.threads,
                      "tokens_per_s": round(args.steps * (args.seq - 1) / timed, 1),
                      "step_s": round(timed / args.steps, 3),
                      "first_fifth_step_s": round(sum(times[1:1 + fifth]) / fifth, 3),
                      "last_fifth_step_s": round(sum(times[-fifth:]) / fifth, 3),
                      "loss_first": round(losses[0], 4), "loss_last": round(losses[-1], 4)}))
    if args.profile:
        print(json.dumps({"impl": "python", "profile": profile_per_step(profiler, sum(times), args.steps + 1)}))


# The matrix products, as bench/op_profile.h names them.
PRODUCTS = {"aten::mm", "aten::addmm", "aten::bmm", "aten::baddbmm", "aten::addmm_", "aten::baddbmm_", "aten::addbmm"}


def profile_per_step(profiler, total_s, steps, top=15):
    """Self time per operator name, per step (every step run), products apart."""
    self_ms = {e.key: e.self_cpu_time_total / 1000 for e in profiler.key_averages()}
    products = sum(ms for name, ms in self_ms.items() if name in PRODUCTS)
    rest = sorted(((name, ms / steps) for name, ms in self_ms.items() if name not in PRODUCTS), key=lambda x: -x[1])
    step_ms = round(total_s * 1000 / steps)
    return {"products_ms": round(products / steps), "recorded_other_ms": round(sum(ms for _, ms in rest)),
            "top": [[name, round(ms, 1)] for name, ms in rest[:top]], "step_ms": step_ms,
            "outside_products_ms": step_ms - round(products / steps)}


if __name__ == "__main__":
    main()
