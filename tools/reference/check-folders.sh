#!/usr/bin/env bash
# Folders TuneDesk writes, read by Hugging Face transformers: `model
# make-tiny` for every family transformers has, a full-SFT result and a LoRA
# result exported merged. Each must load in transformers with no missing,
# unexpected or mis-shaped weights (make_goldens.py --for-folders stops
# otherwise), and transformers' logits and greedy ids for it become goldens
# that the engine must match (the goldens test, HfGoldens.ExtraFolders...).
#   tools/reference/check-folders.sh [BUILD_DIR]   (default build/test)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
build=$(cd "${1:-$repo/build/test}" && pwd)
cli="$build/app/cli/tunedesk-cli"
tests="$build/tests/tunedesk_engine_tests"
[ -x "$cli" ] && [ -x "$tests" ] || { echo "check-folders.sh: build $build first (tunedesk-cli, tunedesk_engine_tests)" >&2; exit 2; }
bash "$here/root.sh" setup sid >/dev/null
root=$(bash "$here/root.sh" path sid)
# Inside the root's /tmp, so that both sides see the folders.
scratch=$root/tmp/tunedesk-folders
rm -rf "$scratch"
mkdir -p "$scratch"

# Random weights large enough that greedy choices are not near ties.
std=(--init-std 0.1 --embedding-std 0.5 --head-std 0.5)
folders=()
for arch in llama mistral qwen2 qwen3 glm glm4 phi3; do
  "$cli" model make-tiny --arch "$arch" --out "$scratch/tiny-$arch" --seed 7 "${std[@]}" >/dev/null
  folders+=("tiny-$arch")
done
"$cli" model make-tiny --arch llama --out "$scratch/tiny-llama-sharded" --shards 3 --seed 8 "${std[@]}" >/dev/null
folders+=("tiny-llama-sharded")

# A full-SFT result and a merged LoRA result, trained a few steps on the sample data.
data="$repo/resources/samples/arithmetic.csv"
common=(--data "$data" --max-steps 3 --batch-size 4 --lr 1e-3 --save-steps 0 --device cpu)
"$cli" train --model "$scratch/tiny-qwen2" --method sft --output "$scratch/run-sft" "${common[@]}" >/dev/null
cp -r "$scratch/run-sft/model" "$scratch/sft-qwen2"
folders+=("sft-qwen2")
"$cli" train --model "$scratch/tiny-llama" --method lora --target-modules all-linear --output "$scratch/run-lora" \
  "${common[@]}" >/dev/null
"$cli" export "$scratch/run-lora" --merge --out "$scratch/merged-llama" >/dev/null
folders+=("merged-llama")

inside=()
for f in "${folders[@]}"; do inside+=("/tmp/tunedesk-folders/$f"); done
bash "$here/root.sh" run sid -- env TRANSFORMERS_VERBOSITY=error HF_HUB_DISABLE_PROGRESS_BARS=1 TQDM_DISABLE=1 \
  python3 /tunedesk/tools/reference/make_goldens.py --for-folders "${inside[@]}"

dirs=$(printf "$scratch/%s:" "${folders[@]}")
TUNEDESK_GOLDEN_DIRS=${dirs%:} "$tests" --gtest_filter='HfGoldens.ExtraFolders*' --gtest_brief=1
echo "check-folders.sh: ${#folders[@]} folders TuneDesk wrote load in transformers and give its logits: ${folders[*]}"
