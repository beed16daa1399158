#!/usr/bin/env python3
"""Compares two GGUF files with the gguf package: every metadata key and
value (but general.name, which each writer derives from its own idea of the
model's name), every tensor's name, type, shape and bytes. Prints the
differences; exits 1 when there are any.

    python3 compare_gguf.py TUNEDESK.gguf REFERENCE.gguf [--differs KEY]...

--differs KEY: a key whose values are expected to differ (and must): said,
not counted.
"""
import sys

import gguf
import numpy as np

IGNORED = {"general.name"}


def fields(path):
    r = gguf.GGUFReader(path)
    meta = {}
    for f in r.fields.values():
        if f.name.startswith("GGUF.") or f.name in IGNORED:
            continue
        meta[f.name] = (tuple(int(t) for t in f.types), f.contents())
    tensors = {t.name: (t.tensor_type.name, [int(d) for d in t.shape], bytes(np.asarray(t.data).tobytes())) for t in r.tensors}
    return meta, tensors


def main():
    args = sys.argv[1:]
    differs = set()
    while "--differs" in args:
        i = args.index("--differs")
        differs.add(args[i + 1])
        del args[i:i + 2]
    ours, theirs = args
    (m1, t1), (m2, t2) = fields(ours), fields(theirs)
    problems = []
    for key in sorted(differs):
        if key in m1 and key in m2 and m1[key] != m2[key]:
            print(f"expected difference {key}: ours {str(m1[key][1])[:60]}, reference {str(m2[key][1])[:60]}")
        else:
            problems.append(f"metadata {key}: expected to differ, and does not")
    for key in sorted((set(m1) | set(m2)) - differs):
        if key not in m1:
            problems.append(f"metadata {key}: missing in ours (reference: {str(m2[key][1])[:80]})")
        elif key not in m2:
            problems.append(f"metadata {key}: only in ours ({str(m1[key][1])[:80]})")
        elif m1[key] != m2[key]:
            problems.append(f"metadata {key}: ours {m1[key][0]} {str(m1[key][1])[:80]}, reference {m2[key][0]} {str(m2[key][1])[:80]}")
    for name in sorted(set(t1) | set(t2)):
        if name not in t1:
            problems.append(f"tensor {name}: missing in ours")
        elif name not in t2:
            problems.append(f"tensor {name}: only in ours")
        else:
            (ty1, s1, b1), (ty2, s2, b2) = t1[name], t2[name]
            if (ty1, s1) != (ty2, s2):
                problems.append(f"tensor {name}: ours {ty1} {s1}, reference {ty2} {s2}")
            elif b1 != b2:
                diff = sum(x != y for x, y in zip(b1, b2))
                problems.append(f"tensor {name}: {diff} of {len(b1)} bytes differ")
    for p in problems:
        print(p)
    print(f"{ours} vs {theirs}: {len(m1)} metadata keys, {len(t1)} tensors, {len(problems)} differences")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
