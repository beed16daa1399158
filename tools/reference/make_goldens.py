#!/usr/bin/env python3
"""Writes the Hugging Face goldens under tests/fixtures/hf_goldens/ with
transformers' own classes: for every family the engine runs, a tiny model
folder (config.json as transformers 5 writes it, config.legacy.json in the
form hub repositories still carry), fp32 logits for fixed id sequences and
transformers' greedy generate continuation, in golden.safetensors.

Run inside the reference root (tools/reference/make-goldens.sh does it):
    python3 make_goldens.py OUT_DIR
    python3 make_goldens.py --for-folders DIR...   goldens for folders TuneDesk wrote
Deterministic: the same packages write the same files.
"""

import copy
import dataclasses
import json
import math
import os
import shutil
import sys

import torch
import transformers
from safetensors.torch import save_file

# One tiny shape for all: small enough that the fixtures stay a few MB, large
# enough that RoPE's frequency ramps (head_dim 16, 8 pairs) and GQA (4 query
# heads on 2 key/value heads) show.
SHAPE = dict(vocab_size=128, hidden_size=64, intermediate_size=96, num_hidden_layers=2,
             num_attention_heads=4, num_key_value_heads=2, head_dim=16)
SEQUENCE_LENGTHS = (5, 17, 24)  # token ids per logits golden
PROMPT_LENGTH = 12              # the generate golden's prompt: it and its continuation cross max_position_embeddings and the windows
NEW_TOKENS = 10
WEIGHT_STD = 0.08               # random matrices: large enough that a wrong term shows
NORM_SPREAD = 0.4               # norm weights 1 ± this: a missing norm weight shows

# Name -> (config class, model class, config fields, storage), one per fixture.
# `legacy` says how config.legacy.json spells the RoPE settings.
FIXTURES = {
    "llama": ("LlamaConfig", dict(rope_parameters={"rope_type": "default", "rope_theta": 500.0},
                                  bos_token_id=1, eos_token_id=2), {}),
    "llama-tied": ("LlamaConfig", dict(rope_parameters={"rope_type": "default", "rope_theta": 10000.0},
                                       tie_word_embeddings=True, bos_token_id=1, eos_token_id=2), {}),
    "llama-bias": ("LlamaConfig", dict(rope_parameters={"rope_type": "default", "rope_theta": 10000.0},
                                       attention_bias=True, bos_token_id=1, eos_token_id=2), {}),
    "llama-linear": ("LlamaConfig", dict(rope_parameters={"rope_type": "linear", "rope_theta": 300.0, "factor": 4.0},
                                         max_position_embeddings=64, bos_token_id=1, eos_token_id=2), {}),
    # dynamic NTK rescales only past max_position_embeddings: the longer sequences go past 16.
    "llama-dynamic": ("LlamaConfig", dict(rope_parameters={"rope_type": "dynamic", "rope_theta": 300.0, "factor": 2.0},
                                          max_position_embeddings=16, bos_token_id=1, eos_token_id=2), {}),
    "llama-yarn": ("LlamaConfig", dict(rope_parameters={"rope_type": "yarn", "rope_theta": 300.0, "factor": 4.0,
                                                        "original_max_position_embeddings": 16},
                                       max_position_embeddings=16, bos_token_id=1, eos_token_id=2), {}),
    "llama-llama3": ("LlamaConfig", dict(rope_parameters={"rope_type": "llama3", "rope_theta": 500.0, "factor": 8.0,
                                                          "low_freq_factor": 1.0, "high_freq_factor": 4.0,
                                                          "original_max_position_embeddings": 16},
                                         max_position_embeddings=128, bos_token_id=1, eos_token_id=2), {}),
    # A window of 6 positions, shorter than the sequences.
    "mistral": ("MistralConfig", dict(rope_parameters={"rope_type": "default", "rope_theta": 1000.0},
                                      sliding_window=6, bos_token_id=1, eos_token_id=2), {"shards": True}),
    "qwen2": ("Qwen2Config", dict(rope_parameters={"rope_type": "default", "rope_theta": 1000000.0},
                                  eos_token_id=3), {"dtype": torch.bfloat16}),
    # Sliding attention on the second layer only (max_window_layers 1).
    "qwen2-sliding": ("Qwen2Config", dict(rope_parameters={"rope_type": "default", "rope_theta": 1000.0},
                                          use_sliding_window=True, sliding_window=5, max_window_layers=1,
                                          eos_token_id=3), {}),
    "qwen3": ("Qwen3Config", dict(rope_parameters={"rope_type": "default", "rope_theta": 1000000.0},
                                  tie_word_embeddings=True, eos_token_id=3), {"shards": True}),
    "glm": ("GlmConfig", dict(rope_parameters={"rope_type": "default", "rope_theta": 10000.0,
                                               "partial_rotary_factor": 0.5},
                              pad_token_id=0, eos_token_id=[3, 4]), {}),
    "glm4": ("Glm4Config", dict(rope_parameters={"rope_type": "default", "rope_theta": 10000.0,
                                                 "partial_rotary_factor": 0.5},
                                pad_token_id=0, eos_token_id=[3, 4]), {}),
    # Three quarters of each head rotated (as Phi-4-mini), halves paired; a window of 6 on every layer.
    "phi3": ("Phi3Config", dict(rope_parameters={"rope_type": "default", "rope_theta": 10000.0,
                                                 "partial_rotary_factor": 0.75},
                                sliding_window=6, bos_token_id=1, eos_token_id=2, pad_token_id=0), {}),
}

FAMILY_CONFIGS = ("LlamaConfig", "MistralConfig", "Qwen2Config", "Qwen3Config", "GlmConfig", "Glm4Config", "Phi3Config")


def model_class(config):
    return transformers.AutoModelForCausalLM.from_config(config, attn_implementation="eager")


def randomize(model, seed):
    """Every parameter drawn anew: matrices and biases N(0, WEIGHT_STD),
    norm weights 1 + U(-NORM_SPREAD, NORM_SPREAD)."""
    gen = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for name, p in sorted(model.named_parameters()):
            if "norm" in name:
                p.copy_(1.0 + (torch.rand(p.shape, generator=gen) * 2 - 1) * NORM_SPREAD)
            else:
                p.copy_(torch.randn(p.shape, generator=gen) * WEIGHT_STD)


def legacy_config(config_json):
    """The same settings as transformers 4 and most hub repositories write
    them: rope_theta and rope_scaling at the top, torch_dtype, no layer_types."""
    c = copy.deepcopy(config_json)
    rope = c.pop("rope_parameters", None) or {}
    c["rope_theta"] = rope.get("rope_theta", 10000.0)
    kind = rope.get("rope_type", "default")
    if "partial_rotary_factor" in rope:
        c["partial_rotary_factor"] = rope["partial_rotary_factor"]
    if kind != "default":
        scaling = {k: v for k, v in rope.items() if k not in ("rope_type", "rope_theta", "partial_rotary_factor")}
        # linear and dynamic were spelled "type" in the configs of their day; llama3 and yarn "rope_type".
        scaling["type" if kind in ("linear", "dynamic") else "rope_type"] = kind
        c["rope_scaling"] = scaling
    else:
        c["rope_scaling"] = None
    if "dtype" in c:
        c["torch_dtype"] = c.pop("dtype")
    c.pop("layer_types", None)
    c["transformers_version"] = "4.46.0"
    return c


def sequences(seed, vocab):
    gen = torch.Generator().manual_seed(seed)
    return [torch.randint(0, vocab, (n,), generator=gen) for n in SEQUENCE_LENGTHS]


def load(folder, config_file=None):
    """A fresh model from the folder, in fp32 (fresh, so that dynamic RoPE
    starts from its original frequencies: transformers keeps them as state)."""
    kwargs = dict(dtype=torch.float32, attn_implementation="eager", output_loading_info=True)
    if config_file:
        kwargs["config"] = config_from_file(os.path.join(folder, config_file))
    model, info = transformers.AutoModelForCausalLM.from_pretrained(folder, **kwargs)
    problems = {k: v for k, v in info.items() if v}
    if problems:
        raise SystemExit(f"{folder}: transformers reports {problems}")
    return model.eval()


def config_from_file(path):
    with open(path) as f:
        d = json.load(f)
    return transformers.AutoConfig.for_model(d.pop("model_type"), **d)


def logits_of(folder, ids, config_file=None):
    with torch.no_grad():
        return load(folder, config_file)(ids.unsqueeze(0)).logits[0].float()


def greedy(folder, prompt, eos):
    """transformers' generate, greedy, stopping at the model's eos ids; also
    the smallest gap between the best and second-best logit on the way (a
    golden whose choice is a near tie would flip on rounding)."""
    model = load(folder)
    with torch.no_grad():
        out = model.generate(prompt.unsqueeze(0), max_new_tokens=NEW_TOKENS, do_sample=False, num_beams=1,
                             eos_token_id=eos, pad_token_id=eos[0] if eos else 0,
                             output_scores=True, return_dict_in_generate=True)
    new = out.sequences[0, prompt.numel():]
    gap = min(float(s[0].topk(2).values[0] - s[0].topk(2).values[1]) for s in out.scores)
    if eos and new.numel() and int(new[-1]) in eos:
        new = new[:-1]  # the stop id is not part of the continuation
    return new, gap


def write_fixture(out, name, seed):
    cls_name, fields, storage = FIXTURES[name]
    config = getattr(transformers, cls_name)(**SHAPE, **fields)
    torch.manual_seed(seed)
    model = model_class(config)
    randomize(model, seed)
    if storage.get("dtype"):
        model = model.to(storage["dtype"])
    folder = os.path.join(out, name)
    shutil.rmtree(folder, ignore_errors=True)
    model.save_pretrained(folder, max_shard_size="100KB" if storage.get("shards") else "50GB")
    with open(os.path.join(folder, "config.json")) as f:
        written = json.load(f)
    with open(os.path.join(folder, "config.legacy.json"), "w") as f:
        json.dump(legacy_config(written), f, indent=2, sort_keys=True)
        f.write("\n")
    write_golden(folder, seed, check_legacy=True)
    print(f"{name}: {written['architectures'][0]}, {sum(p.numel() for p in model.parameters())} parameters")


def write_golden(folder, seed, check_legacy=False):
    """golden.safetensors and golden.json for a model folder: transformers'
    fp32 logits for fixed id sequences and its greedy continuation of a
    prompt. The folder must load with no missing, unexpected or mis-shaped
    weights."""
    with open(os.path.join(folder, "config.json")) as f:
        written = json.load(f)
    vocab = written.get("vocab_size") or written.get("padded_vocab_size")
    eos = written.get("eos_token_id")
    eos = eos if isinstance(eos, list) else [eos] if eos is not None else []
    tensors, manifest = {}, {"architecture": written["architectures"][0], "sequences": [], "eos_token_ids": eos}
    for i, ids in enumerate(sequences(seed, vocab)):
        logits = logits_of(folder, ids)
        if check_legacy:
            legacy = logits_of(folder, ids, "config.legacy.json")
            if not torch.equal(logits, legacy):
                raise SystemExit(f"{folder}: transformers gives other logits for config.legacy.json "
                                 f"(max difference {float((logits - legacy).abs().max())})")
        tensors[f"ids.{i}"] = ids.to(torch.int64)
        tensors[f"logits.{i}"] = logits.contiguous()
        manifest["sequences"].append(int(ids.numel()))
    # The generate golden: the first prompt (from a fixed list of seeds) whose
    # greedy choices are clear of ties.
    for attempt in range(20):
        prompt = sequences(seed * 100 + attempt, vocab)[2][:PROMPT_LENGTH]
        new, gap = greedy(folder, prompt, eos)
        if gap > 1e-3:
            break
    else:
        raise SystemExit(f"{folder}: every prompt tried has a near tie on the greedy path")
    tensors["prompt"] = prompt.to(torch.int64).contiguous()
    tensors["generated"] = new.to(torch.int64).contiguous()
    manifest["generate"] = {"max_new_tokens": NEW_TOKENS, "smallest_top2_gap": round(gap, 6)}
    save_file(tensors, os.path.join(folder, "golden.safetensors"))
    with open(os.path.join(folder, "golden.json"), "w") as f:
        json.dump(manifest, f, indent=2, sort_keys=True)
        f.write("\n")
    for file in os.listdir(folder):  # safetensors writes 0600; these are committed
        os.chmod(os.path.join(folder, file), 0o644)
    print(f"{folder}: generated {new.tolist()} (top-2 gap {gap:.4f})")


def write_config_keys(out):
    """Every key each family's config class knows, with transformers' default
    (after its __post_init__), for the test that checks the engine reads,
    ignores or refuses each one, and takes the same defaults."""
    keys = {}
    for cls_name in FAMILY_CONFIGS:
        config = getattr(transformers, cls_name)()
        d = config.to_dict()
        names = {f.name for f in dataclasses.fields(config)} if dataclasses.is_dataclass(config) else set()
        keys[d["model_type"]] = {
            "architecture": cls_name.replace("Config", "ForCausalLM"),
            "defaults": {k: v for k, v in sorted(d.items()) if k != "layer_types"},
            "fields": sorted(names | set(d)),
        }
    with open(os.path.join(out, "config_keys.json"), "w") as f:
        json.dump(keys, f, indent=1, sort_keys=True, default=str)
        f.write("\n")


def main():
    torch.use_deterministic_algorithms(True)
    torch.set_num_threads(1)
    if sys.argv[1] == "--for-folders":
        # Goldens for model folders written elsewhere (tools/reference/check-folders.sh).
        for i, folder in enumerate(sys.argv[2:]):
            write_golden(folder, seed=2000 + i)
        return
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    for i, name in enumerate(FIXTURES):
        write_fixture(out, name, seed=1000 + i)
    write_config_keys(out)


if __name__ == "__main__":
    main()
