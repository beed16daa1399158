#!/usr/bin/env bash
# GGUF export, proven by llama.cpp itself (Debian sid's llama.cpp-tools and
# python3-gguf in the reference root):
#   - TuneDesk's file and llama.cpp's own convert_hf_to_gguf.py output for
#     the same folder carry the same metadata values and tensors, byte for
#     byte (folders with a real tokenizer, which the converter recognises);
#   - gguf-dump reads every file TuneDesk writes;
#   - llama.cpp (llama-server) tokenizes each prompt's text as TuneDesk does
#     and, greedy, continues its ids with the same 16 tokens as TuneDesk on
#     the Hugging Face folder: every prompt for F32 and F16; for the
#     quantized types the share of prompts whose first 4 tokens agree is
#     reported;
#   - Q4_0 and Q4_K_M against llama-quantize's from TuneDesk's F32 file
#     (compare_quants.py): the same type for every tensor, the fixed-scale
#     blocks byte for byte, the k-quants' error at most 1.05x llama-quantize's,
#     and the greedy agreement of both files side by side.
#   tools/reference/check-gguf.sh [BUILD_DIR [MODEL...]]
#   (default build/test and every model below; naming models runs only those)
#   TUNEDESK_QUANT_GOLDENS=FILE also writes blocks of llama-quantize's files
#   there (tests/fixtures/gguf_quants.json; make-quant-goldens.sh).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
build=$(cd "${1:-$repo/build/test}" && pwd)
only=("${@:2}")
cli="$build/app/cli/tunedesk-cli"
[ -x "$cli" ] || { echo "check-gguf.sh: build $build first (tunedesk-cli)" >&2; exit 2; }
tokenizers="$repo/../shared/reference/tokenizers"
[ -d "$tokenizers/qwen3" ] || { echo "check-gguf.sh: needs ../shared/reference/tokenizers" >&2; exit 2; }
bash "$here/root.sh" setup sid >/dev/null
root=$(bash "$here/root.sh" path sid)
scratch=$root/tmp/tunedesk-gguf
rm -rf "$scratch"
mkdir -p "$scratch"
in_root() { bash "$here/root.sh" run sid -- "$@"; }
failed=0
fail() { echo "FAIL: $*"; failed=1; }

# Tiny models of each family the export covers, with a real tokenizer (the
# converter knows it) or the generated one; weights large enough that greedy
# choices are not near ties.
std=(--init-std 0.1 --embedding-std 0.5 --head-std 0.5)
models=()
make() {  # NAME ARCH [TOKENIZER [make-tiny options...]]
  local name=$1 arch=$2 tok=${3:-}
  if [ ${#only[@]} -gt 0 ] && [[ " ${only[*]} " != *" $name "* ]]; then return; fi
  local args=(model make-tiny --arch "$arch" --out "$scratch/$name" --seed 5 "${std[@]}" "${@:4}")
  [ -n "$tok" ] && args+=(--tokenizer "$tokenizers/$tok")
  "$cli" "${args[@]}" >/dev/null
  models+=("$name")
}
make llama-llama3 llama llama3
make mistral-llama3 mistral llama3
make mistral-mistral mistral mistral
make qwen2-qwen3 qwen2 qwen3
make qwen3-qwen3 qwen3 qwen3
make qwen3-generated qwen3
make llama-generated llama
make glm-generated glm
make glm4-generated glm4
# The original ChatGLMModel layout (glm-4-9b-chat): fused query_key_value, a tiktoken tokenizer.model.
make chatglm-generated chatglm
# Phi-3: fused qkv_proj and gate_up_proj under Llama's names, llama.cpp's phi3.
make phi3-generated phi3
# Rows of whole k-quant super-blocks (256) and 12 layers: Q4_K_M's own mix of
# Q4_K and Q6_K (the narrower models above take its Q5_0/Q8_0 fallbacks).
# Smaller matrices than the others': at 0.1, heads of 64 give attention so
# sharp that rounding anywhere flips which token a head attends to.
make llama-wide llama llama3 --hidden 256 --intermediate 512 --layers 12 --untied --init-std 0.03
make glm4-wide-generated glm4 "" --hidden 256 --intermediate 512 --layers 4 --init-std 0.03
make chatglm-wide-generated chatglm "" --hidden 256 --intermediate 512 --layers 4 --init-std 0.03

# compare OURS.jsonl THEIRS.jsonl TYPE [PREFIX]: "AGREE TOTAL TIES", then "tie: ..." lines, then problems.
# PREFIX: how many leading ids TuneDesk's encoding adds that llama.cpp leaves to the chat template
# (GLM-4's tiktoken tokenizer puts [gMASK] <sop> before every text, as transformers' ChatGLM4Tokenizer does).
compare() {
  /usr/bin/python3 - "$@" <<'PY'
import json, sys
ours = [json.loads(l) for l in open(sys.argv[1])]
theirs = [json.loads(l) for l in open(sys.argv[2])]
quantized = sys.argv[3] not in ("f32", "f16")
prefix = int(sys.argv[4]) if len(sys.argv) > 4 else 0
problems, agree, ties = [], 0, []
for a, b in zip(ours, theirs):
    if a["prompt_ids"][prefix:] != b["tokenized"]:
        problems.append(f'{a["text"]!r}: TuneDesk tokenizes {a["prompt_ids"]}, llama.cpp {b["tokenized"]}')
    if a["ids"][:4] == b["ids"][:4] or (b.get("stop_type") == "eos" and a["ids"][:len(b["all_ids"])] == b["all_ids"]):
        agree += 1
    # llama.cpp stops at any end-of-generation token (e.g. <|eot_id|>), TuneDesk's raw
    # continuation only at the config's eos: the same model if TuneDesk went on from llama.cpp's stop.
    stopped_early = b.get("stop_type") == "eos" and a["ids"][:len(b["all_ids"])] == b["all_ids"]
    if not quantized and a["ids"] != b["ids"] and not stopped_early:
        k = next((i for i, (x, y) in enumerate(zip(a["ids"], b["ids"])) if x != y), min(len(a["ids"]), len(b["ids"])))
        gap = b["top2_gaps"][k] if k < len(b["top2_gaps"]) else None
        # Parting at a near tie (the two best logits within 0.01) is rounding, not a different model:
        # a wrong weight or key parts at the first tokens by whole units.
        if gap is not None and gap < 1e-2 and k < len(a["ids"]) and k < len(b["ids"]):
            ties.append(f'{a["text"]!r} parts at token {k + 1} on a tie (gap {gap:.1e})')
        else:
            problems.append(f'{a["text"]!r}: TuneDesk {a["ids"]}, llama.cpp {b["ids"]} (gap where they part: {gap})')
if len(theirs) != len(ours):
    problems.append(f"llama.cpp answered {len(theirs)} of {len(ours)} prompts")
print(f"{agree} {len(ours)} {len(ties)}")
for t in ties:
    print("tie: " + t)
for p in problems:
    print(p)
PY
}

template_prefix() { [[ $1 == chatglm-* ]] && echo 2 || echo 0; }

prompts=("The capital of France is" "你好，请介绍一下北京。" "1+1=" "Once upon a time, there was" "def main():"
         "  two  spaces,   three   and	one tab")
declare -A agreed=() asked=()  # per quantized type (and "llama-quantize TYPE"): prompts whose first 4 ids agree, of all
# tunedesk_greedy MODEL_OR_RUN OUT.jsonl: TuneDesk's greedy continuations of each prompt, with the prompt ids it used,
# reading the weights in fp32 (its decoding reads bf16 copies by default: the reference here is the folder itself).
tunedesk_greedy() {
  : >"$2"
  for p in "${prompts[@]}"; do
    "$cli" generate "$1" --prompt "$p" --max-new-tokens 16 --greedy --weights fp32 --json 2>/dev/null |
      /usr/bin/python3 -c 'import json,sys; d=json.load(sys.stdin); d["text"]=sys.argv[1]; print(json.dumps(d))' "$p" >>"$2"
  done
}
# quantize_peer MODEL TYPE OURS(inside the root): llama-quantize's file of the
# same type from TuneDesk's F32 file, compared tensor by tensor and by answers.
quantize_peer() {
  local m=$1 type=$2 ours=$3 upper f32 theirs golden=()
  upper=$(tr a-z A-Z <<<"$type")
  f32=$(ls "$scratch/$m-f32"/*.gguf); f32=/tmp/tunedesk-gguf/${f32#"$scratch/"}
  theirs=/tmp/tunedesk-gguf/$m-$type.llama-quantize.gguf
  if ! in_root llama-quantize "$f32" "$theirs" "$upper" 2 >"$scratch/$m-$type.quantize.log" 2>&1; then
    fail "$m $type: llama-quantize: $(tail -2 "$scratch/$m-$type.quantize.log")"; return
  fi
  [ -n "${TUNEDESK_QUANT_GOLDENS:-}" ] && golden=(--goldens /tmp/tunedesk-gguf/goldens.json)
  in_root python3 /tunedesk/tools/reference/compare_quants.py "$f32" "$ours" "$theirs" "${golden[@]}" \
    >"$scratch/$m-$type.quants" 2>&1 || fail "$m $type: differs from llama-quantize's: $(grep -v '^Q._K:' "$scratch/$m-$type.quants" | head -5)"
  sed "s/^/  $m $type vs llama-quantize: /" "$scratch/$m-$type.quants"
  in_root python3 /tunedesk/tools/reference/llama_greedy.py "$theirs" 16 <"$scratch/$m.tunedesk.jsonl" \
    >"$scratch/$m-$type.peer.jsonl" 2>"$scratch/$m-$type.peer.log" || { fail "$m $type: llama-server on llama-quantize's file"; return; }
  local result agree total ties
  result=$(compare "$scratch/$m.tunedesk.jsonl" "$scratch/$m-$type.peer.jsonl" "$type" "$(template_prefix "$m")")
  read -r agree total ties <<<"$(head -1 <<<"$result")"
  agreed["llama-quantize $type"]=$((${agreed["llama-quantize $type"]:-0} + agree))
  asked["llama-quantize $type"]=$((${asked["llama-quantize $type"]:-0} + total))
  echo "  $m $type: llama-quantize's file: the first 4 greedy ids agree for $agree of $total prompts"
}

for m in "${models[@]}"; do
  # TuneDesk's greedy continuations on the Hugging Face folder, with the prompt ids it used.
  tunedesk_greedy "$scratch/$m" "$scratch/$m.tunedesk.jsonl"
  for type in f32 f16 q8_0 q4_0 q4_k_m; do
    out="$scratch/$m-$type"
    if ! "$cli" export "$scratch/$m" --format gguf --type "$type" --out "$out" >"$out.log" 2>&1; then
      fail "$m $type: export: $(tail -2 "$out.log")"; continue
    fi
    file=$(ls "$out"/*.gguf)
    inside=/tmp/tunedesk-gguf/${file#"$scratch/"}
    in_root gguf-dump "$inside" >"$out.dump" 2>&1 || fail "$m $type: gguf-dump cannot read it: $(tail -2 "$out.dump")"
    # The converter's file for the same folder (it refuses tokenizers it has no hash for; it writes no 4-bit types).
    if [[ $m != *generated && $type != q4_* ]]; then
      # SentencePiece-style tokenizers: the converter scores every token -1000 (TuneDesk: minus
      # its merge's rank); how each file's tokenizer splits the prompts is compared below.
      differs=()
      [[ $m == *-mistral ]] && differs=(--differs tokenizer.ggml.scores)
      if in_root python3 /usr/share/doc/llama.cpp-tools/scripts/convert_hf_to_gguf.py "/tmp/tunedesk-gguf/$m" \
           --outfile "/tmp/tunedesk-gguf/$m-$type.reference.gguf" --outtype "$type" >"$out.convert.log" 2>&1; then
        in_root python3 /tunedesk/tools/reference/compare_gguf.py "$inside" "/tmp/tunedesk-gguf/$m-$type.reference.gguf" "${differs[@]}" \
          >"$out.compare" 2>&1 || fail "$m $type: differs from convert_hf_to_gguf.py: $(head -5 "$out.compare")"
        grep '^expected difference' "$out.compare" | sed 's/^/  /' || true
        echo "  $(tail -1 "$out.compare")"
        if [[ $m == *-mistral && $type == f32 ]]; then
          in_root python3 /tunedesk/tools/reference/llama_greedy.py "/tmp/tunedesk-gguf/$m-$type.reference.gguf" 1 \
            <"$scratch/$m.tunedesk.jsonl" >"$out.converter.jsonl" 2>/dev/null || true
          echo "  $m: llama.cpp with the converter's file splits $(/usr/bin/python3 -c 'import json,sys
a=[json.loads(l) for l in open(sys.argv[1])]; b=[json.loads(l) for l in open(sys.argv[2])]
print(sum(x["prompt_ids"] == y["tokenized"] for x, y in zip(a, b)), "of", len(a))' "$scratch/$m.tunedesk.jsonl" "$out.converter.jsonl") prompts as transformers does (TuneDesk's file: below)"
        fi
      else
        fail "$m $type: convert_hf_to_gguf.py failed: $(tail -2 "$out.convert.log")"
      fi
    fi
    # llama.cpp's greedy continuations of the same prompt ids, and its tokenization of the text.
    in_root python3 /tunedesk/tools/reference/llama_greedy.py "$inside" 16 \
      <"$scratch/$m.tunedesk.jsonl" >"$out.llama.jsonl" 2>"$out.llama.log" || fail "$m $type: llama-server: $(tail -3 "$out.llama.log")"
    result=$(compare "$scratch/$m.tunedesk.jsonl" "$out.llama.jsonl" "$type" "$(template_prefix "$m")")
    read -r agree total ties <<<"$(head -1 <<<"$result")"
    if [[ $type != f32 && $type != f16 ]]; then agreed[$type]=$((${agreed[$type]:-0} + agree)); asked[$type]=$((${asked[$type]:-0} + total)); fi
    grep '^tie: ' <<<"$result" | sed "s/^tie: /  $m $type: /" || true
    if tail -n +2 <<<"$result" | grep -qv '^tie: '; then fail "$m $type: $(tail -n +2 <<<"$result" | grep -v '^tie: ')"; fi
    echo "$m $type: $(du -h "$file" | cut -f1); gguf-dump reads it; the first 4 greedy ids agree for $agree of $total prompts"
    if [[ $type == q4_* ]]; then quantize_peer "$m" "$type" "$inside"; fi
  done
done

# LoRA adapters as GGUF adapters: TuneDesk trains one on each model (every
# projection, so Llama's permuted q/k and GLM's fused gate/up are covered;
# one with rsLoRA), answers with it, and llama.cpp answers with the base
# model's GGUF and `--lora` the adapter's: the same 16 tokens (F32, F16). The
# adapter must change TuneDesk's answers, or the comparison would prove nothing.
samples="$repo/resources/samples"
lora_models=()
for m in llama-llama3 qwen3-qwen3 glm4-generated chatglm-generated mistral-llama3; do
  [[ " ${models[*]} " == *" $m "* ]] && lora_models+=("$m")
done
for m in "${lora_models[@]}"; do
  run="$scratch/$m-lora"
  extra=()
  lr=2e-2
  if [ "$m" = mistral-llama3 ]; then  # rsLoRA: llama.cpp's alpha / r must come out as alpha / sqrt(r)
    lr=3e-3  # at 2e-2 this adapter answers every prompt with <|eot_id|> alone, which would prove little
    printf 'peft_config:\n  peft_type: LORA\n  r: 16\n  lora_alpha: 8\n  use_rslora: true\n  target_modules: all-linear\n' >"$scratch/rslora.yaml"
    extra=("$scratch/rslora.yaml")
  else
    extra=(--target-modules all-linear --rank 8 --alpha 16)
  fi
  if ! "$cli" train "${extra[@]}" --model "$scratch/$m" --data "$samples/arithmetic.csv" --output "$run" \
       --max-steps 30 --lr "$lr" --dropout 0 --val-ratio 0 >"$run.log" 2>&1; then
    fail "$m LoRA: training: $(tail -2 "$run.log")"; continue
  fi
  tunedesk_greedy "$run" "$run.tunedesk.jsonl"
  if cmp -s <(/usr/bin/python3 -c 'import json,sys; [print(json.loads(l)["ids"]) for l in open(sys.argv[1])]' "$run.tunedesk.jsonl") \
            <(/usr/bin/python3 -c 'import json,sys; [print(json.loads(l)["ids"]) for l in open(sys.argv[1])]' "$scratch/$m.tunedesk.jsonl"); then
    fail "$m LoRA: the trained adapter does not change a single answer; the check would prove nothing"
  fi
  for type in f32 f16; do
    out="$run-$type"
    if ! "$cli" export "$run" --format gguf --type "$type" --ollama --out "$out" >"$out.log" 2>&1; then
      fail "$m LoRA $type: export: $(tail -2 "$out.log")"; continue
    fi
    adapter=$(ls "$out"/*-LoRA.gguf)
    base=$(ls "$out"/*.gguf | grep -v -- '-LoRA.gguf$')
    in_root gguf-dump "/tmp/tunedesk-gguf/${adapter#"$scratch/"}" >"$out.dump" 2>&1 || fail "$m LoRA $type: gguf-dump cannot read the adapter"
    in_root python3 /tunedesk/tools/reference/llama_greedy.py "/tmp/tunedesk-gguf/${base#"$scratch/"}" 16 \
      --lora "/tmp/tunedesk-gguf/${adapter#"$scratch/"}" <"$run.tunedesk.jsonl" >"$out.llama.jsonl" 2>"$out.llama.log" ||
      fail "$m LoRA $type: llama-server --lora: $(tail -3 "$out.llama.log")"
    result=$(compare "$run.tunedesk.jsonl" "$out.llama.jsonl" "$type" "$(template_prefix "$m")")
    read -r agree total ties <<<"$(head -1 <<<"$result")"
    grep '^tie: ' <<<"$result" | sed "s/^tie: /  $m LoRA $type: /" || true
    if tail -n +2 <<<"$result" | grep -qv '^tie: '; then fail "$m LoRA $type: $(tail -n +2 <<<"$result" | grep -v '^tie: ')"; fi
    echo "$m LoRA $type: adapter $(du -h "$adapter" | cut -f1); llama.cpp with --lora: the first 4 greedy ids agree for $agree of $total prompts"
  done
done
for k in q8_0 q4_0 "llama-quantize q4_0" q4_k_m "llama-quantize q4_k_m"; do
  [ -n "${asked[$k]:-}" ] || continue
  echo "$k: the first 4 greedy ids agree with TuneDesk's fp32 model for ${agreed[$k]} of ${asked[$k]} prompts"
done
if [ -n "${TUNEDESK_QUANT_GOLDENS:-}" ]; then
  if [ -f "$scratch/goldens.json" ]; then cp "$scratch/goldens.json" "$TUNEDESK_QUANT_GOLDENS"; echo "wrote $TUNEDESK_QUANT_GOLDENS"
  else fail "no quantized blocks written for $TUNEDESK_QUANT_GOLDENS"; fi
fi
[ $failed -eq 0 ] && echo "check-gguf.sh: all checks passed" || echo "check-gguf.sh: some checks FAILED"
exit $failed
