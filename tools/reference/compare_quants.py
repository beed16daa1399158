#!/usr/bin/env python3
"""Compares TuneDesk's quantized GGUF with llama-quantize's, both made from
the same F32 GGUF, with the gguf package: the same metadata and the same
type for every tensor; Q8_0, Q4_0 and Q5_0 tensors byte for byte (their
scales are fixed by the format); for the k-quants (whose scales each
quantizer chooses) the RMS error against the F32 values, TuneDesk's over
llama-quantize's, at most 1.05. With --goldens, also writes blocks of
llama-quantize's tensors (the F32 values, its bytes, gguf's dequantized
values) for tests/fixtures/gguf_quants.json.

    python3 compare_quants.py F32.gguf TUNEDESK.gguf LLAMA_QUANTIZE.gguf [--goldens OUT.json]
"""
import json
import sys

import gguf
import numpy as np

QT = gguf.GGMLQuantizationType
EXACT = {QT.Q8_0, QT.Q4_0, QT.Q5_0, QT.F32, QT.F16, QT.BF16}
KQUANTS = {QT.Q4_K, QT.Q6_K}
MAX_RATIO = 1.05
GOLDEN_BLOCKS = {QT.Q8_0: 4, QT.Q4_0: 4, QT.Q5_0: 4, QT.Q4_K: 8, QT.Q6_K: 8}
IGNORED_KEYS = {"general.name"}


def tensors(path):
    r = gguf.GGUFReader(path)
    return r, {t.name: t for t in r.tensors}


def raw(t):
    return np.asarray(t.data).reshape(-1).view(np.uint8).tobytes()


def values(t):
    return gguf.quants.dequantize(np.asarray(t.data), t.tensor_type).reshape(-1).astype(np.float32)


def metadata(r):
    out = {}
    for f in r.fields.values():
        if not f.name.startswith("GGUF.") and f.name not in IGNORED_KEYS:
            out[f.name] = (tuple(int(x) for x in f.types), f.contents())
    return out


def main():
    args = sys.argv[1:]
    goldens = None
    if "--goldens" in args:
        i = args.index("--goldens")
        goldens = args[i + 1]
        del args[i:i + 2]
    f32_path, ours_path, theirs_path = args
    _, ref = tensors(f32_path)
    r_ours, ours = tensors(ours_path)
    r_theirs, theirs = tensors(theirs_path)
    problems = []
    m_ours, m_theirs = metadata(r_ours), metadata(r_theirs)
    for key in sorted(set(m_ours) | set(m_theirs)):
        if m_ours.get(key) != m_theirs.get(key):
            problems.append(f"metadata {key}: ours {str(m_ours.get(key))[:80]}, llama-quantize {str(m_theirs.get(key))[:80]}")
    errors = {}  # type name: [ours, theirs] summed squared error
    counts = {}
    for name in sorted(set(ours) | set(theirs)):
        if name not in ours or name not in theirs:
            problems.append(f"tensor {name}: only in {'ours' if name in ours else 'llama-quantize'}")
            continue
        a, b = ours[name], theirs[name]
        if a.tensor_type != b.tensor_type:
            problems.append(f"tensor {name}: ours {a.tensor_type.name}, llama-quantize {b.tensor_type.name}")
            continue
        counts[a.tensor_type.name] = counts.get(a.tensor_type.name, 0) + 1
        if a.tensor_type in EXACT:
            if raw(a) != raw(b):
                problems.append(f"tensor {name} ({a.tensor_type.name}): bytes differ")
        elif a.tensor_type in KQUANTS:
            x = values(ref[name])
            e = errors.setdefault(a.tensor_type.name, [0.0, 0.0])
            e[0] += float(np.sum((values(a).astype(np.float64) - x) ** 2))
            e[1] += float(np.sum((values(b).astype(np.float64) - x) ** 2))
        else:
            problems.append(f"tensor {name}: unexpected type {a.tensor_type.name}")
    for k, (e_ours, e_theirs) in sorted(errors.items()):
        ratio = (e_ours / e_theirs) ** 0.5 if e_theirs > 0 else float("inf")
        print(f"{k}: TuneDesk's RMS error is {ratio:.3f}x llama-quantize's")
        if ratio > MAX_RATIO:
            problems.append(f"{k}: RMS error {ratio:.3f}x llama-quantize's (at most {MAX_RATIO})")
    for p in problems:
        print(p)
    print(f"tensor types: {', '.join(f'{n} {k}' for k, n in sorted(counts.items()))}; {len(problems)} differences")

    if goldens:
        blocks = []
        taken = set()
        for name in sorted(theirs):
            t = theirs[name]
            if t.tensor_type not in GOLDEN_BLOCKS or t.tensor_type in taken:
                continue
            taken.add(t.tensor_type)
            size, type_size = gguf.GGML_QUANT_SIZES[t.tensor_type]
            n = GOLDEN_BLOCKS[t.tensor_type]
            x = values(ref[name])[: n * size]
            blocks.append({
                "type": t.tensor_type.name,
                "tensor": name,
                "x": x.astype("<f4").tobytes().hex(),
                "bytes": raw(t)[: n * type_size].hex(),
                "values": values(t)[: n * size].astype("<f4").tobytes().hex(),
            })
        try:
            with open(goldens) as f:
                kept = json.load(f)["blocks"]
        except (OSError, ValueError, KeyError):
            kept = []
        kept = [b for b in kept if b["type"] not in {x["type"] for x in blocks}]
        with open(goldens, "w") as f:
            json.dump({"about": "blocks written by llama-quantize (bytes), the F32 values they came from (x) and gguf-py's "
                                "dequantized values, as little-endian float32 in hex; made by tools/reference/make-quant-goldens.sh",
                       "blocks": sorted(kept + blocks, key=lambda b: b["type"])}, f, indent=1)
            f.write("\n")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
