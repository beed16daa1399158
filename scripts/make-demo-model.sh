#!/usr/bin/env bash
# Writes the bundled demo model: a small Qwen3 (4 layers, hidden 128, GQA)
# with random weights in Hugging Face layout and a generated tokenizer,
# never downloaded and not committed. Its output head is untied and of a
# larger scale than the 0.02 default, so that every fine-tuning method can
# make its answers confident (see core/model/tiny_model.h).
#   scripts/make-demo-model.sh TUNEDESK_CLI OUT_DIR
set -euo pipefail
cli=${1:?usage: make-demo-model.sh TUNEDESK_CLI OUT_DIR}
out=${2:?usage: make-demo-model.sh TUNEDESK_CLI OUT_DIR}
"$cli" model make-tiny --arch qwen3 --out "$out" --layers 4 --hidden 128 --heads 4 --kv-heads 2 --seed 42 \
  --untied --head-std 0.1
