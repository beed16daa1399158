#!/usr/bin/env bash
# End-to-end test of tunedesk-cli as a user runs it: exit codes, what it
# prints, the files it writes, and that the input file is never changed.
#   TUNEDESK_CLI=path/to/tunedesk-cli bash tests/cli/cli_test.sh REPO_ROOT
set -u
repo=${1:?usage: cli_test.sh REPO_ROOT}
cli=${TUNEDESK_CLI:?set TUNEDESK_CLI}
samples="$repo/resources/samples"
fixtures="$repo/tests/fixtures"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0
failed=0

# expect_exit CODE DESCRIPTION -- COMMAND...
expect_exit() {
  local want=$1 what=$2
  shift 3
  "$@" >"$work/out" 2>"$work/err"
  local got=$?
  if [ "$got" -eq "$want" ]; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    echo "FAIL: $what: exit $got, expected $want"
    sed 's/^/  stdout: /' "$work/out" | head -20
    sed 's/^/  stderr: /' "$work/err" | head -20
  fi
}

# expect_in FILE TEXT DESCRIPTION
expect_in() {
  if grep -qF -- "$2" "$1"; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    echo "FAIL: $3: '$2' not found in $(basename "$1"):"
    head -30 "$1" | sed 's/^/  /'
  fi
}

# --- usage and help --------------------------------------------------------
expect_exit 2 "no arguments" -- "$cli"
expect_exit 0 "--help" -- "$cli" --help
expect_in "$work/out" "data check FILE" "top-level help lists commands"
expect_exit 0 "version" -- "$cli" version
for sub in check convert types; do
  expect_exit 0 "data $sub --help" -- "$cli" data "$sub" --help
  expect_in "$work/out" "Usage: tunedesk-cli data $sub" "help of data $sub"
done
expect_exit 2 "unknown command" -- "$cli" frobnicate
expect_in "$work/err" "unknown command 'frobnicate'" "unknown command is named"
expect_exit 2 "unknown option" -- "$cli" data check "$samples/arithmetic.csv" --bogus
expect_exit 2 "unknown model type" -- "$cli" data check "$samples/arithmetic.csv" --model-type nope
expect_in "$work/err" "known types: general, medical, legal" "unknown model type lists the known ones"
expect_exit 2 "bad number" -- "$cli" data check "$samples/arithmetic.csv" --max-input-chars many
expect_exit 2 "unknown encoding" -- "$cli" data check "$samples/arithmetic.csv" --encoding klingon
expect_in "$work/err" "unknown encoding" "unknown encoding message"

# --- data check --------------------------------------------------------------
expect_exit 0 "check a good sample" -- "$cli" data check "$samples/general_zh.csv"
expect_in "$work/out" "PASSED" "good sample passes"
expect_exit 1 "check the broken sample" -- "$cli" data check "$samples/broken.csv"
expect_in "$work/out" "line 3" "findings carry line numbers"
expect_in "$work/out" "empty_field" "rule ids are shown"
expect_in "$work/out" "FAILED" "broken sample fails"
expect_exit 1 "missing column" -- "$cli" data check "$samples/broken_missing_column.csv"
expect_in "$work/out" "\"question\", \"answer\"" "missing column names the columns found"
expect_exit 2 "missing file" -- "$cli" data check "$work/nope.csv"
expect_in "$work/err" "nope.csv" "missing file is named"
expect_exit 2 "a directory" -- "$cli" data check "$work"
expect_exit 1 "file too large" -- "$cli" data check "$samples/general_zh.csv" --max-file-mb 0.001
expect_in "$work/out" "file_too_large" "file_too_large is reported"

# The JSON report has the documented shape (checked with python's json module).
expect_exit 1 "check --json" -- "$cli" data check "$samples/broken.csv" --json
cp "$work/out" "$work/report.json"
if python3 - "$work/report.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
assert r["passed"] is False and isinstance(r["rows"], int) and isinstance(r["valid_rows"], int)
for f in r["findings"]:
    assert {"rule", "severity", "line", "field", "message"} <= set(f) <= {"rule", "severity", "line", "field", "message", "kind", "args"}, f
    assert ("kind" in f) == ("args" in f) and all(isinstance(a, str) for a in f.get("args", [])), f
    assert f["severity"] in ("error", "warning") and isinstance(f["line"], int)
    assert f["field"] is None or isinstance(f["field"], str)
assert any(f["rule"] == "empty_field" and f["line"] == 3 and f["field"] == "text" for f in r["findings"])
assert any(f.get("kind") == "empty_field.input.empty" and f["args"] == ["text"] for f in r["findings"])
assert {"input_chars", "output_chars", "encoding"} <= set(r["stats"])
PY
then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL: JSON report shape"; fi

# Excel on Chinese Windows: GBK, UTF-16LE tab-separated, UTF-8 with BOM.
expect_exit 0 "GBK file" -- "$cli" data check "$fixtures/excel_gbk.csv"
expect_in "$work/out" "encoding gbk" "GBK detected"
expect_exit 0 "UTF-16 file" -- "$cli" data check "$fixtures/excel_unicode_text.txt"
expect_in "$work/out" "encoding utf-16le with BOM" "UTF-16LE detected"
expect_in "$work/out" "tab-separated" "tab detected"
expect_exit 1 "wrong encoding forced" -- "$cli" data check "$fixtures/excel_gbk.csv" --encoding utf-8
expect_in "$work/out" "encoding" "wrong forced encoding is reported"

# Excel workbooks: the sheet is named, findings carry the sheet's row numbers.
expect_exit 0 "check a workbook" -- "$cli" data check "$fixtures/xlsx/features.xlsx"
expect_in "$work/out" 'format xlsx · sheet "问答"' "the sheet read is named"
expect_in "$work/out" '"第二页"' "the other sheets are listed"
expect_in "$work/out" "row 6      spreadsheet" "hidden rows are reported on their row"
expect_exit 0 "check another sheet" -- "$cli" data check "$fixtures/xlsx/features.xlsx" --sheet 第二页
expect_in "$work/out" "rows 1 · valid 1" "the second sheet is read"
expect_exit 2 "a sheet that is not there" -- "$cli" data check "$fixtures/xlsx/features.xlsx" --sheet Sheet9
expect_in "$work/err" 'features.xlsx: the workbook has no sheet "Sheet9"; its sheets are "问答", "第二页"' "the sheets are listed"
printf 'text,result\n1,2\n' > "$work/fake.xlsx"
expect_exit 2 "a CSV named .xlsx" -- "$cli" data check "$work/fake.xlsx"
expect_in "$work/err" "fake.xlsx: not an .xlsx workbook" "a file that is not a workbook is named"
expect_exit 0 "convert a workbook" -- "$cli" data convert "$samples/general_zh.xlsx" -o "$work/x.jsonl" --val-ratio 0
expect_in "$work/x.jsonl" '"input":"请介绍一下北京"' "workbook rows are converted"

# --- data convert -------------------------------------------------------------
before=$(sha256sum "$samples/broken.csv")
expect_exit 1 "convert the broken sample" -- "$cli" data convert "$samples/broken.csv" -o "$work/broken.jsonl"
expect_in "$work/out" "Skipped" "skipped rows are listed"
after=$(sha256sum "$samples/broken.csv")
if [ "$before" = "$after" ]; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL: input changed"; fi

expect_exit 0 "convert GBK to alpaca" -- "$cli" data convert "$fixtures/excel_gbk.csv" -o "$work/g.jsonl" --model-type medical
expect_in "$work/out" "Wrote 4 rows" "rows written are counted"
expect_in "$work/g.jsonl" '"instruction":"你是一个医疗领域的专业助手，请根据医学知识回答以下问题"' "medical instruction"
expect_in "$work/g.jsonl" '"input":"1+1","output":"2"' "values stay strings"

expect_exit 0 "convert to messages with a split" -- \
  "$cli" data convert "$samples/arithmetic.csv" -o "$work/m.jsonl" --to messages --val-ratio 0.1 --seed 3
expect_in "$work/out" "6 validation rows" "validation rows counted"
[ "$(wc -l <"$work/m.jsonl")" -eq 54 ] && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL: train rows"; }
expect_in "$work/m.val.jsonl" '"role":"assistant"' "messages form"

printf 'text,result\n1+1,2\n" 1+1 ",2\n2+2,4\n' > "$work/dupes.csv"
expect_exit 0 "convert with fix-ups" -- "$cli" data convert "$work/dupes.csv" -o "$work/d.jsonl" --trim --drop-duplicates
expect_in "$work/out" "Dropped 1 duplicate (lines 3)" "duplicates after trimming are dropped"
[ "$(wc -l <"$work/d.jsonl")" -eq 2 ] && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL: fix-up rows"; }

expect_exit 2 "convert without -o" -- "$cli" data convert "$samples/arithmetic.csv"
cp "$samples/arithmetic.csv" "$work/self.csv"
expect_exit 2 "refuse to overwrite the input" -- "$cli" data convert "$work/self.csv" -o "$work/self.csv"
expect_in "$work/err" "is the input file" "overwrite refusal message"
expect_exit 1 "nothing convertible" -- "$cli" data convert "$samples/broken_missing_column.csv" -o "$work/none.jsonl"
[ ! -e "$work/none.jsonl" ] && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL: wrote an empty file"; }
expect_exit 2 "unwritable output" -- "$cli" data convert "$samples/arithmetic.csv" -o /nonexistent-dir/x.jsonl

# --- data fix -----------------------------------------------------------------
cat > "$work/messy.csv" <<'CSV'
text,result
"  请问 ＡＢＣ１２３ 是什么？ ",它是一个编号。
"患者张三，身份证号11010519491231002X，手机13800138000。",已记录，请联系 138-0013-8000。
"發燒了怎麼辦？",及時就醫。
"感冒了怎么办？",多喝水，多休息。
"感冒了怎么办？？",多喝水，多休息。
"请问 ＡＢＣ１２３ 是什么？",它是一个编号。
,missing question
CSV
printf '\xEF\xBB\xBF张三\r\n' > "$work/names.txt"   # as Notepad saves it: a BOM, CRLF
before=$(sha256sum "$work/messy.csv")
expect_exit 1 "fix a messy file" -- "$cli" data fix "$work/messy.csv" -o "$work/clean.jsonl" --trim --width half \
  --opencc t2s --drop-duplicates --dedupe 0.8 --mask-pii --names "$work/names.txt" --report "$work/fix.json"
expect_in "$work/out" "Left out 1 exact duplicate (lines 7)" "exact duplicates after the fixes"
expect_in "$work/out" "left out 1 row (lines 6)" "near duplicates"
expect_in "$work/out" "1 row contain personal data: pii.id_number 1 pii.mobile 2 pii.name 1 (masked)" "personal data counted"
expect_in "$work/out" "Left out 1 row with errors" "rows with errors are left out and said"
expect_in "$work/clean.jsonl" '"input":"请问 ABC123 是什么？"' "letters and digits in half width, Chinese punctuation kept"
expect_in "$work/clean.jsonl" '"input":"患者[姓名1]，身份证号[身份证号1]，手机[手机号1]。","output":"已记录，请联系 [手机号1]。"' \
  "the same number masked alike however it is written"
expect_in "$work/clean.jsonl" '"input":"发烧了怎么办？","output":"及时就医。"' "traditional to simplified"
expect_in "$work/fix.json" '"before": "發燒了怎麼辦？"' "the report has every change before and after"
[ "$(wc -l <"$work/clean.jsonl")" -eq 4 ] && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL: fixed rows"; }
after=$(sha256sum "$work/messy.csv")
if [ "$before" = "$after" ]; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL: fix changed its input"; fi
expect_exit 1 "check names personal data (and its row with an error)" -- "$cli" data check "$work/messy.csv" --names "$work/names.txt" --format csv
expect_in "$work/out" "1 row contains personal data (pii warnings)" "the check counts the rows with personal data"
expect_in "$work/out" "the text field contains the name 张三" "a listed name is found"
expect_exit 2 "an unknown conversion" -- "$cli" data fix "$work/messy.csv" -o "$work/x.jsonl" --opencc zh2en
expect_in "$work/err" "unknown conversion 'zh2en' (t2s, s2t" "the conversions are listed"
expect_exit 2 "a threshold outside (0, 1]" -- "$cli" data fix "$work/messy.csv" -o "$work/x.jsonl" --dedupe 1.5
expect_exit 2 "fix onto its input" -- "$cli" data fix "$work/messy.csv" -o "$work/messy.csv"

# JSONL in, JSONL out.
expect_exit 0 "check converted JSONL" -- "$cli" data check "$work/g.jsonl"
expect_in "$work/out" "format jsonl-alpaca" "JSONL recognised"

# --- data types ---------------------------------------------------------------
expect_exit 0 "types" -- "$cli" data types --lang zh_CN
expect_in "$work/out" "医疗专用" "Chinese names"
printf 'model_types:\n  finance:\n    name: Finance\n    instruction: 你是金融助手\n' >"$work/types.yaml"
expect_exit 0 "custom type" -- "$cli" data convert "$samples/arithmetic.csv" -o "$work/f.jsonl" \
  --model-types "$work/types.yaml" --model-type finance
expect_in "$work/f.jsonl" "你是金融助手" "custom instruction used"
printf 'model_types:\n  broken:\n    name: x\n' >"$work/bad.yaml"
expect_exit 2 "bad types file" -- "$cli" data types --model-types "$work/bad.yaml"
expect_in "$work/err" "bad.yaml:3" "bad types file names the line"

# --- tokenize (against the reference goldens, when ../shared is there) ----------
reference="$repo/../shared/reference/tokenizers"
if [ -f "$reference/qwen3/tokenizer.json" ]; then
  for name in qwen3 llama3 mistral; do
    expect_exit 0 "tokenize $name" -- "$cli" tokenize "$reference/$name" --jsonl "$reference/cases.jsonl"
    cp "$work/out" "$work/ids.txt"
    if python3 - "$reference/golden/$name.jsonl" "$work/ids.txt" <<'PY'
import json, sys
golden = [json.loads(l)["ids"] for l in open(sys.argv[1], encoding="utf-8")]
got = [json.loads(l) for l in open(sys.argv[2], encoding="utf-8")]
assert len(got) == len(golden) and got == golden, sum(a != b for a, b in zip(got, golden))
PY
    then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL: tokenize $name ids"; fi
  done
  expect_exit 0 "tokenize --chat" -- "$cli" tokenize "$reference/qwen3" --chat "$reference/chat_cases.jsonl"
  cp "$work/out" "$work/chat.txt"
  if python3 - "$reference/chat_golden/qwen3.jsonl" "$work/chat.txt" <<'PY'
import json, sys
golden = [json.loads(l)["ids"] for l in open(sys.argv[1], encoding="utf-8")]
got = [json.loads(l) for l in open(sys.argv[2], encoding="utf-8")]
assert got == golden
PY
  then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL: tokenize --chat ids"; fi
  printf '1+1\n' >"$work/plain.txt"
  expect_exit 0 "tokenize plain text" -- "$cli" tokenize "$reference/llama3" "$work/plain.txt"
  expect_in "$work/out" "[128000,16,10,16]" "BOS added to plain text"
  expect_exit 0 "tokenize --no-special" -- "$cli" tokenize "$reference/llama3" "$work/plain.txt" --no-special
  expect_in "$work/out" "[16,10,16]" "no BOS with --no-special"
  printf 'not json\n' >"$work/bad.jsonl"
  expect_exit 2 "tokenize bad JSON line" -- "$cli" tokenize "$reference/qwen3" --jsonl "$work/bad.jsonl"
  expect_in "$work/err" "bad.jsonl:1" "bad line is named"
else
  echo "note: $reference not found; tokenize checks skipped"
fi
expect_exit 2 "tokenize a missing folder" -- "$cli" tokenize "$work/no-model" "$samples/arithmetic.csv"

# --- models: make-tiny, info, forward, generate -------------------------------------
expect_exit 0 "model --help" -- "$cli" model --help
expect_exit 0 "generate --help" -- "$cli" generate --help
expect_in "$work/out" "Usage: tunedesk-cli generate" "generate help"
for arch in llama qwen3; do
  expect_exit 0 "make-tiny $arch" -- "$cli" model make-tiny --arch "$arch" --out "$work/tiny-$arch" --seed 2
  expect_exit 0 "model info $arch" -- "$cli" model info "$work/tiny-$arch" --json
  expect_in "$work/out" '"context_length": 512' "info reports the context"
  expect_in "$work/out" '"decode_weights": "bf16 (auto' "info says what a chat decodes from"
  expect_in "$work/out" 'kernels: ' "info names the CPU's kernel level"
done
expect_in "$work/out" '"template": "qwen3"' "template detected for qwen3"
expect_exit 0 "generate greedy" -- "$cli" generate "$work/tiny-qwen3" --chat --system "你是一个智能助手" --prompt "1+1" --max-new-tokens 5
cp "$work/out" "$work/first.txt"
expect_exit 0 "generate again" -- "$cli" generate "$work/tiny-qwen3" --chat --system "你是一个智能助手" --prompt "1+1" --max-new-tokens 5
cmp -s "$work/out" "$work/first.txt" && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL: greedy output differs between runs"; }
expect_in "$work/err" "5 tokens, finished: length" "generation summary"
expect_in "$work/err" "weights bf16 (auto" "chat decodes from bf16 weights by default"
expect_exit 0 "generate from Q8_0 weights" -- "$cli" generate "$work/tiny-qwen3" --prompt "1+1" --max-new-tokens 3 --weights q8_0
expect_in "$work/err" "weights q8_0 (asked for); kernels" "Q8_0 weights named with the kernel level"
expect_exit 0 "generate on libtorch's own products" -- env TUNEDESK_CPU_GEMM=blas "$cli" generate "$work/tiny-qwen3" --prompt "1+1" --max-new-tokens 3
expect_exit 2 "generate with an unknown TUNEDESK_CPU_GEMM" -- env TUNEDESK_CPU_GEMM=mkl "$cli" generate "$work/tiny-qwen3" --prompt "1+1" --max-new-tokens 3
expect_in "$work/err" "TUNEDESK_CPU_GEMM=mkl: the CPU's fp32 products are onednn (the default) or blas" "unknown products library named"
expect_exit 2 "generate with an unknown weights form" -- "$cli" generate "$work/tiny-qwen3" --prompt "1+1" --weights int4
expect_in "$work/err" "must be auto, fp32, bf16 or q8_0, not 'int4'" "unknown weights form named"
expect_exit 0 "generate sampled" -- "$cli" generate "$work/tiny-llama" --prompt "Hello" --max-new-tokens 4 --temperature 0.7 --top-p 0.9 --seed 1
printf '[1,2,3]\n[4,5]\n' >"$work/ids.jsonl"
expect_exit 0 "model forward" -- "$cli" model forward "$work/tiny-llama" --ids-file "$work/ids.jsonl" --out "$work/logits.safetensors"
if python3 - "$work/logits.safetensors" <<'PY'
import json, struct, sys
data = open(sys.argv[1], "rb").read()
n = struct.unpack("<Q", data[:8])[0]
header = json.loads(data[8:8 + n])
assert header["logits.0"]["shape"][0] == 3 and header["logits.1"]["shape"][0] == 2, header
assert header["logits.0"]["dtype"] == "F32"
PY
then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL: forward output shape"; fi
printf '[1,99999]\n' >"$work/bad_ids.jsonl"
expect_exit 2 "forward with an id outside the vocabulary" -- "$cli" model forward "$work/tiny-llama" --ids-file "$work/bad_ids.jsonl" --out "$work/x.safetensors"
expect_in "$work/err" "bad_ids.jsonl:1" "bad id line named"
expect_exit 2 "model info on a data folder" -- "$cli" model info "$samples"
expect_in "$work/err" "config.json" "missing config named"
expect_exit 2 "make-tiny unknown arch" -- "$cli" model make-tiny --arch gpt2 --out "$work/x"

# --- train (LoRA) ------------------------------------------------------------------
expect_exit 0 "train --help" -- "$cli" train --help
expect_exit 0 "train a LoRA adapter" -- "$cli" train --model "$work/tiny-qwen3" --data "$samples/arithmetic.csv" \
  --out "$work/run" --max-steps 4 --batch-size 4 --eval-steps 2
expect_in "$work/out" "Saved $work/run/adapter after 4 steps" "training finishes"
for f in adapter/adapter_config.json adapter/adapter_model.safetensors metrics.jsonl config.json; do
  [ -s "$work/run/$f" ] && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL: run folder lacks $f"; }
done
expect_in "$work/run/metrics.jsonl" '"eval_loss"' "metrics hold evaluations"
expect_in "$work/run/adapter/adapter_config.json" '"peft_type": "LORA"' "PEFT adapter config"
expect_exit 0 "generate with the adapter" -- "$cli" generate "$work/tiny-qwen3" --adapter "$work/run/adapter" --chat --prompt "1+1" --max-new-tokens 3
[ -d "$work/run/checkpoints/checkpoint-4" ] && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL: no final checkpoint"; }
expect_exit 0 "train with checkpoints" -- "$cli" train --model "$work/tiny-qwen3" --data "$samples/arithmetic.csv" \
  --out "$work/run3" --max-steps 4 --save-steps 2 --val-ratio 0
[ -d "$work/run3/checkpoints/checkpoint-2" ] && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL: checkpoint-2 missing"; }
expect_exit 2 "resume without checkpoints" -- "$cli" train --model "$work/tiny-qwen3" --data "$samples/arithmetic.csv" --out "$work/run4" --resume
expect_exit 0 "eval a run" -- "$cli" eval "$work/run" --data "$samples/arithmetic.csv" --json
expect_in "$work/out" '"base_eval_loss"' "eval compares with the base model"
expect_exit 0 "eval an adapter folder" -- "$cli" eval "$work/run/adapter" --data "$samples/general_zh.csv" --model "$work/tiny-qwen3"
expect_exit 1 "eval refuses data with errors" -- "$cli" eval "$work/run" --data "$samples/broken.csv"
# Base and fine-tuned answers side by side: the run's held-out rows without --data, kept with the run.
expect_exit 0 "eval --compare-base on the held-out rows" -- "$cli" eval "$work/run" --compare-base --max-new-tokens 4 --export "$work/compare.csv"
expect_in "$work/out" "held-out rows of $samples/arithmetic.csv" "the held-out rows compared"
expect_in "$work/out" "Kept with the run: $work/run/evaluation.json" "the comparison is kept"
expect_in "$work/run/evaluation.json" '"rows_from": "held-out rows"' "evaluation.json says which rows"
expect_in "$work/compare.csv" "line,question,expected,base,tuned" "the comparison as CSV"
expect_exit 2 "--compare-base on a run that held nothing out" -- "$cli" eval "$work/run3" --compare-base
expect_in "$work/err" "held no rows out" "says to give --data"
expect_exit 2 "--export needs --compare-base" -- "$cli" eval "$work/run" --data "$samples/arithmetic.csv" --export "$work/x.csv"
expect_exit 2 "train into a used run folder" -- "$cli" train --model "$work/tiny-qwen3" --data "$samples/arithmetic.csv" --out "$work/run"
expect_exit 1 "train refuses data with errors" -- "$cli" train --model "$work/tiny-qwen3" --data "$samples/broken.csv" --out "$work/run2"
expect_in "$work/err" "refuses data with errors" "refusal says why"

# --- YAML configs (GLM-4 finetune_demo's keys), the other methods, export ---------------
mkdir -p "$work/demo_data"
"$cli" data convert "$samples/arithmetic.csv" -o "$work/demo_data/train.jsonl" >/dev/null 2>&1
"$cli" data convert "$samples/general_zh.csv" -o "$work/demo_data/dev.jsonl" >/dev/null 2>&1
expect_exit 0 "train with finetune_demo's ptuning_v2.yaml" -- "$cli" train "$fixtures/configs/finetune_demo_ptuning_v2.yaml" \
  --data "$work/demo_data" --model "$work/tiny-qwen3" --output "$work/run_pt"
expect_in "$work/err" "training_args.dataloader_num_workers: not used by TuneDesk" "unsupported keys warn"
expect_in "$work/err" "num_attention_heads/token_dim do not match" "the prefix layout comes from the model"
expect_in "$work/run_pt/adapter/adapter_config.json" '"peft_type": "PREFIX_TUNING"' "PEFT prefix adapter"
expect_in "$work/run_pt/metrics.jsonl" '"eval_rouge-l"' "predict_with_generate scores"
expect_in "$work/run_pt/metrics.jsonl" '"test_loss"' "test_file scored at the end"
expect_in "$work/run_pt/adapter/tunedesk_training.json" '"system_instruction"' "the training record"
expect_in "$work/run_pt/train.log" "step 6/6" "the log"
expect_exit 0 "generate with a prefix run" -- "$cli" generate "$work/run_pt" --chat --prompt "1+1" --max-new-tokens 3
expect_exit 0 "train with finetune_demo's lora.yaml" -- "$cli" train "$fixtures/configs/finetune_demo_lora.yaml" \
  --data "$work/demo_data" --model "$work/tiny-qwen3" --output "$work/run_lora"
[ -d "$work/run_lora/checkpoints/checkpoint-6" ] && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL: save_steps from YAML"; }
printf 'training_args:\n  max_stepz: 3\n' >"$work/typo.yaml"
expect_exit 2 "a misspelt config key" -- "$cli" train "$work/typo.yaml" --data "$samples/arithmetic.csv" --model "$work/tiny-qwen3" --output "$work/x"
expect_in "$work/err" "typo.yaml:2: training_args.max_stepz: unknown key; did you mean max_steps?" "the key path, line and guess"
expect_exit 0 "full fine-tuning" -- "$cli" train --method sft --model "$work/tiny-qwen3" --data "$samples/arithmetic.csv" \
  --output "$work/run_sft" --max-steps 3 --lr 1e-3
for f in model/config.json model/model.safetensors model/tokenizer.json model/tunedesk_training.json; do
  [ -s "$work/run_sft/$f" ] && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL: SFT run lacks $f"; }
done
expect_exit 0 "generate with a fully tuned model" -- "$cli" generate "$work/run_sft" --chat --prompt "1+1" --max-new-tokens 3
expect_exit 0 "eval a fully tuned model" -- "$cli" eval "$work/run_sft" --data "$samples/arithmetic.csv" --json
expect_in "$work/out" '"base_eval_loss"' "SFT eval compares with its base"
expect_exit 0 "export --merge" -- "$cli" export "$work/run" --merge --out "$work/merged"
expect_in "$work/out" "Merged" "merge reported"
expect_exit 0 "generate with the merged model" -- "$cli" generate "$work/merged" --chat --prompt "1+1" --max-new-tokens 3
expect_exit 2 "a prefix cannot be merged" -- "$cli" export "$work/run_pt" --merge --out "$work/merged2"
expect_exit 0 "export a copy of the adapter" -- "$cli" export "$work/run_pt" --out "$work/prefix_copy"
[ -s "$work/prefix_copy/adapter_model.safetensors" ] && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL: adapter copy"; }
# GGUF: a full-SFT run and a merged LoRA run, each one file with GGUF's magic; what cannot go is refused.
expect_exit 0 "export a full-SFT run as GGUF" -- "$cli" export "$work/run_sft" --format gguf --type q8_0 --out "$work/gguf_sft"
expect_in "$work/out" "run_sft-Q8_0.gguf" "the GGUF file is named"
[ "$(head -c 4 "$work/gguf_sft/run_sft-Q8_0.gguf")" = GGUF ] && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL: GGUF magic"; }
expect_exit 0 "export a LoRA run merged as GGUF" -- "$cli" export "$work/run" --merge --format gguf --out "$work/gguf_lora"
[ -s "$work/gguf_lora/run-F16.gguf" ] && [ ! -e "$work/gguf_lora/.merging" ] && passed=$((passed + 1)) ||
  { failed=$((failed + 1)); echo "FAIL: merged GGUF (or its scratch folder left behind)"; }
expect_exit 0 "export a LoRA run as a GGUF adapter with Ollama's Modelfile" -- "$cli" export "$work/run" --format gguf --ollama --out "$work/gguf_adapter"
[ -s "$work/gguf_adapter/run-F16-LoRA.gguf" ] && [ -s "$work/gguf_adapter/tiny-qwen3-F16.gguf" ] && passed=$((passed + 1)) ||
  { failed=$((failed + 1)); echo "FAIL: the GGUF adapter beside its base model's file"; }
expect_in "$work/gguf_adapter/Modelfile" "ADAPTER ./run-F16-LoRA.gguf" "the Modelfile names the adapter"
expect_in "$work/out" "llama-cli -m $work/gguf_adapter/tiny-qwen3-F16.gguf --lora $work/gguf_adapter/run-F16-LoRA.gguf" "the llama.cpp command"
expect_in "$work/out" "ollama create run -f $work/gguf_adapter/Modelfile" "the Ollama command"
# Q4_K_M: a LoRA adapter beside a 4-bit base stays F16 (and the export says why).
expect_exit 0 "export a LoRA run as a GGUF adapter beside a Q4_K_M base" -- "$cli" export "$work/run" --format gguf --type q4_k_m --out "$work/gguf_q4"
[ -s "$work/gguf_q4/run-F16-LoRA.gguf" ] && [ -s "$work/gguf_q4/tiny-qwen3-Q4_K_M.gguf" ] && passed=$((passed + 1)) ||
  { failed=$((failed + 1)); echo "FAIL: the F16 adapter beside its Q4_K_M base"; }
expect_in "$work/out" "four bits would lose" "the adapter's type explained"
# The adapter alone, for a base GGUF converted before: checked to fit, named in the commands and the Modelfile.
expect_exit 0 "export the GGUF adapter alone" -- "$cli" export "$work/run" --format gguf --adapter-only --out "$work/gguf_alone"
[ -s "$work/gguf_alone/run-F16-LoRA.gguf" ] && [ "$(ls "$work/gguf_alone" | wc -l)" -eq 1 ] && passed=$((passed + 1)) ||
  { failed=$((failed + 1)); echo "FAIL: only the adapter is written"; }
expect_in "$work/out" "base model's GGUF is not written" "the base's conversion is left to the user, who is told how"
expect_exit 0 "the adapter alone with its base GGUF and Ollama" -- "$cli" export "$work/run" --format gguf --adapter-only \
  --base-gguf "$work/gguf_adapter/tiny-qwen3-F16.gguf" --ollama --out "$work/gguf_alone2"
expect_in "$work/gguf_alone2/Modelfile" "FROM $work/gguf_adapter/tiny-qwen3-F16.gguf" "the Modelfile names the base where it is"
expect_in "$work/out" "--lora $work/gguf_alone2/run-F16-LoRA.gguf" "the llama.cpp command"
expect_exit 0 "another model's GGUF" -- "$cli" export "$work/tiny-llama" --format gguf --out "$work/gguf_llama"
expect_exit 2 "an adapter for another base is refused" -- "$cli" export "$work/run" --format gguf --adapter-only \
  --base-gguf "$work/gguf_llama/tiny-llama-F16.gguf" --out "$work/gguf_alone4"
expect_in "$work/err" "is not the base model this adapter was trained on: its architecture is llama, the adapter's qwen3" "the mismatch is explained"
[ ! -e "$work/gguf_alone4/run-F16-LoRA.gguf" ] && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL: a misfit adapter was left"; }
expect_exit 2 "Ollama for an adapter alone needs its base" -- "$cli" export "$work/run" --format gguf --adapter-only --ollama --out "$work/gguf_alone5"
expect_exit 2 "--adapter-only for a full-SFT run" -- "$cli" export "$work/run_sft" --format gguf --adapter-only --out "$work/gguf_alone6"
expect_exit 2 "--ollama without --format gguf" -- "$cli" export "$work/run" --ollama --out "$work/gguf_bad3"
expect_exit 2 "a prefix has no GGUF form" -- "$cli" export "$work/run_pt" --format gguf --out "$work/gguf_pt"
expect_exit 2 "an unknown GGUF type" -- "$cli" export "$work/run_sft" --format gguf --type q4_k --out "$work/gguf_bad"
expect_exit 2 "--type without --format gguf" -- "$cli" export "$work/run_sft" --type f16 --out "$work/gguf_bad2"

# --- accounts (the services) -----------------------------------------------------------
if [ -x "$(dirname "$cli")/tunedesk-cli-services" ]; then
  expect_exit 0 "users add" -- bash -c "echo 'a long passphrase' | '$cli' users add alice --role admin --password-stdin --data-dir '$work/data'"
  expect_exit 2 "a short password" -- bash -c "echo short | '$cli' users add bob --password-stdin --data-dir '$work/data'"
  expect_in "$work/err" "at least 8 characters" "password rule named"
  expect_exit 2 "no password on the command line" -- "$cli" users add bob --data-dir "$work/data"
  printf 'username,password\nwang,123456\n' >"$work/users.csv"
  expect_exit 0 "users import-csv" -- "$cli" users import-csv "$work/users.csv" --data-dir "$work/data"
  expect_exit 0 "users list" -- "$cli" users list --data-dir "$work/data"
  expect_in "$work/out" "wang	user" "imported user listed"
  expect_exit 2 "the last admin stays" -- "$cli" users remove alice --data-dir "$work/data"
  # API keys: the key alone on the last line, listed by its id, revocable.
  expect_exit 0 "users key" -- "$cli" users key alice --data-dir "$work/data"
  key=$(tail -n 1 "$work/out")
  [[ "$key" =~ ^td-[A-Za-z0-9_-]{43}$ ]] && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL: the key line: $key"; }
  expect_exit 0 "users keys" -- "$cli" users keys alice --data-dir "$work/data"
  expect_in "$work/out" "${key:0:11}" "the key is listed by its id"
  if grep -q "$key" "$work/data/tunedesk.db"; then failed=$((failed + 1)); echo "FAIL: a plain key in the database"; else passed=$((passed + 1)); fi
  expect_exit 0 "users revoke-key" -- "$cli" users revoke-key alice "${key:0:11}" --data-dir "$work/data"
  expect_exit 2 "revoke an unknown key" -- "$cli" users revoke-key alice td-nothing --data-dir "$work/data"
  expect_exit 2 "a key for nobody" -- "$cli" users key nobody --data-dir "$work/data"
  # Jobs queued headless and run from the queue, then looked up by id.
  printf 'training_args:\n  max_steps: 3\n' >"$work/job.yaml"
  # (A config without peft_config means full fine-tuning, as for train: the method is named.)
  expect_exit 0 "jobs submit" -- "$cli" jobs submit --user alice --data "$samples/arithmetic.csv" --model "$work/tiny-qwen3" \
    --config "$work/job.yaml" --method lora --data-dir "$work/data"
  job_id=$(tr -d '\n' <"$work/out")
  printf 'training_args:\n  learning_rate: 5\n' >"$work/bad_job.yaml"
  expect_exit 2 "jobs submit checks the settings first" -- "$cli" jobs submit --user alice --data "$samples/arithmetic.csv" \
    --model "$work/tiny-qwen3" --config "$work/bad_job.yaml" --data-dir "$work/data"
  expect_in "$work/err" "job:2: training_args.learning_rate: must be from 1e-09 to 1, not 5" "the refusal names the key and its range"
  expect_exit 2 "jobs submit for nobody" -- "$cli" jobs submit --user nobody --data "$samples/arithmetic.csv" --model "$work/tiny-qwen3" --data-dir "$work/data"
  expect_exit 0 "jobs run" -- "$cli" jobs run --data-dir "$work/data"
  expect_in "$work/out" "$job_id completed" "the queued job ran"
  expect_exit 0 "jobs show" -- "$cli" jobs show "$job_id" --json --data-dir "$work/data"
  expect_in "$work/out" '"status": "completed"' "its status"
  expect_in "$work/out" '"total_steps": 3' "its progress"
  [ -s "$work/data/users/alice/runs/$job_id/adapter/adapter_model.safetensors" ] && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL: the job's adapter"; }
  cmp -s "$samples/arithmetic.csv" "$work/data/users/alice/uploads/arithmetic.csv" && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL: the upload is not kept as uploaded"; }
  expect_exit 1 "jobs show an unknown id" -- "$cli" jobs show j0000000 --data-dir "$work/data"
  if grep -q "123456" "$work/data/tunedesk.db"; then failed=$((failed + 1)); echo "FAIL: a plain password in the database"; else passed=$((passed + 1)); fi
fi

# --- model download from a mock hub on loopback ------------------------------------
if [ -n "${TUNEDESK_MOCK_HUB:-}" ] && [ -x "$TUNEDESK_MOCK_HUB" ]; then
  "$TUNEDESK_MOCK_HUB" "$work/tiny-llama" --token sesame >"$work/hub" 2>/dev/null &
  hub=$!
  for _ in $(seq 1 50); do grep -q '^ms ' "$work/hub" 2>/dev/null && break; sleep 0.1; done
  hf=$(sed -n 's/^hf //p' "$work/hub")
  ms=$(sed -n 's/^ms //p' "$work/hub")
  HF_ENDPOINT=$hf HF_TOKEN= HF_HOME=$work/hf-home expect_exit 1 "download without a token" -- "$cli" model download tiny/model --out "$work/dl"
  expect_in "$work/err" "needs a token" "a missing token is said"
  expect_in "$work/err" "HF_TOKEN" "the variable to set is named"
  HF_ENDPOINT=$hf HF_TOKEN=sesame expect_exit 0 "download from Hugging Face (a mirror)" -- "$cli" model download tiny/model --out "$work/dl"
  expect_in "$work/out" "Downloaded tiny/model from Hugging Face" "the download is reported"
  expect_exit 0 "the downloaded model runs" -- "$cli" model info "$work/dl"
  MODELSCOPE_DOMAIN=$ms MODELSCOPE_API_TOKEN=sesame expect_exit 0 "download from ModelScope" -- \
    "$cli" model download tiny/model --source modelscope --out "$work/dl-ms"
  cmp -s "$work/dl/config.json" "$work/dl-ms/config.json" && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL: the two hubs differ"; }
  MODELSCOPE_DOMAIN=$ms MODELSCOPE_API_TOKEN=sesame expect_exit 1 "download an unknown model" -- "$cli" model download tiny/nope --source modelscope
  expect_in "$work/err" "ModelScope has no model tiny/nope" "an unknown model is named"
  expect_exit 2 "a bad model id" -- "$cli" model download not-an-id
  kill "$hub" 2>/dev/null
  wait "$hub" 2>/dev/null
  # Models in the Hugging Face cache are found (the layout huggingface_hub writes).
  snapshot="$work/hf-cache/models--tiny--cached/snapshots/0123abcd"
  mkdir -p "$snapshot" "$work/hf-cache/models--tiny--cached/refs"
  cp -r "$work/dl/." "$snapshot/"
  echo 0123abcd >"$work/hf-cache/models--tiny--cached/refs/main"
  HF_HUB_CACHE=$work/hf-cache MODELSCOPE_CACHE=$work/none expect_exit 0 "model cached" -- "$cli" model cached
  expect_in "$work/out" "tiny/cached" "a cached model is listed"
  expect_in "$work/out" "Hugging Face cache" "with its cache"
else
  echo "SKIP: model download (no tunedesk_mock_hub built)"
fi

# --- lengths in tokens: what the limits will cut, and overlength: drop --------------
expect_exit 0 "data check in tokens" -- "$cli" data check "$samples/general_zh.csv" --model "$work/tiny-qwen3" --max-output-length 60
expect_in "$work/out" "Lengths in tokens" "the rows are counted in tokens"
expect_in "$work/out" "rows will be truncated" "the rows over the limits are named"
expect_exit 0 "data check in tokens, JSON" -- "$cli" data check "$samples/general_zh.csv" --model "$work/tiny-qwen3" --max-output-length 60 --json
over=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['token_lengths']['over_limit'])" "$work/out")
expect_exit 0 "train with overlength: drop" -- "$cli" train --model "$work/tiny-qwen3" --data "$samples/general_zh.csv" \
  --output "$work/run_drop" --max-steps 1 --val-ratio 0 --max-output-length 60 --overlength drop
expect_in "$work/out" "$over rows are over the length limits" "training names as many over-long rows as data check"
expect_in "$work/out" "left out (overlength: drop)" "and leaves them out"
expect_in "$work/run_drop/config.json" '"overlength": "drop"' "the choice is recorded with the run"
expect_exit 2 "a bad --overlength" -- "$cli" data check "$samples/general_zh.csv" --overlength cut

# --- personal data: trained on with a warning, or refused until masked (personal_data: refuse) ------
{ echo "text,result"; for i in 1 2 3 4 5 6 7 8; do echo "问题 $i 的答案是什么？,答案是 $i。"; done
  echo "客服电话是多少？,请拨打 13800138000。"; } > "$work/pii.csv"
expect_exit 1 "training refuses personal data when told to" -- "$cli" train --model "$work/tiny-qwen3" --data "$work/pii.csv" \
  --output "$work/run_pii" --max-steps 1 --val-ratio 0 --personal-data refuse
expect_in "$work/err" "has personal data in 1 row (" "the refusal counts the rows"
expect_in "$work/err" "pii.csv:10:" "and names the first ones"
expect_exit 0 "mask the personal data" -- "$cli" data fix "$work/pii.csv" --mask-pii -o "$work/pii_masked.jsonl"
expect_exit 0 "the masked file trains under the same setting" -- "$cli" train --model "$work/tiny-qwen3" \
  --data "$work/pii_masked.jsonl" --output "$work/run_pii_masked" --max-steps 1 --val-ratio 0 --personal-data refuse
expect_in "$work/run_pii_masked/config.json" '"personal_data": "refuse"' "the setting is recorded with the run"
expect_exit 0 "by default it trains, with a warning" -- "$cli" train --model "$work/tiny-qwen3" --data "$work/pii.csv" \
  --output "$work/run_pii_warned" --max-steps 1 --val-ratio 0
expect_in "$work/run_pii_warned/train.log" "1 row of $work/pii.csv contains personal data" "the warning is in the log"

# --- augmentation: candidates a model writes, marked; a run counts the generated rows it trains on ---
# (A random model's text is junk: the flow, the counts and the mark are what is checked.)
expect_exit 0 "data augment" -- "$cli" data augment "$samples/arithmetic.csv" --model "$work/tiny-qwen3" -o "$work/cand.jsonl" \
  --paraphrases 2 --limit 3 --max-new-tokens 12
written=$(sed -n 's/^Wrote \([0-9]*\) candidates\{0,1\} for 3 rows.*/\1/p' "$work/out")
lines=$(wc -l <"$work/cand.jsonl")
[ -n "$written" ] && [ "$written" = "$lines" ] && [ "$lines" -ge 1 ] && [ "$lines" -le 6 ] && passed=$((passed + 1)) ||
  { failed=$((failed + 1)); echo "FAIL: augment wrote $lines lines, said '$written' (at most 2 for each of 3 rows)"; cat "$work/out"; }
python3 -c "
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1], encoding='utf-8')]
assert all(r['generated']['kind'] == 'paraphrase' and r['generated']['from_line'] in (2, 3, 4) for r in rows), rows
assert all(r['output'] in ('2', '3', '4') or r['output'] for r in rows)
" "$work/cand.jsonl" && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL: the candidates are not marked as generated"; }
expect_exit 0 "data augment --with-source" -- "$cli" data augment "$samples/arithmetic.csv" --model "$work/tiny-qwen3" \
  -o "$work/aug.jsonl" --paraphrases 1 --limit 2 --max-new-tokens 8 --with-source
expect_in "$work/out" "after the 2 source rows" "the source rows come first"
# Pairs from the answers: a random model's text has no "问题：…回答：…", so every generation is unusable and said so.
expect_exit 0 "data augment --kind pairs" -- "$cli" data augment "$samples/arithmetic.csv" --model "$work/tiny-qwen3" \
  -o "$work/pairs.jsonl" --kind pairs --paraphrases 2 --limit 2 --max-new-tokens 8
expect_in "$work/out" "for 2 rows to $work/pairs.jsonl" "pairs: the rows asked about"
expect_in "$work/out" "unusable" "pairs: the unusable generations counted"
expect_exit 2 "data augment --kind poem" -- "$cli" data augment "$samples/arithmetic.csv" --model "$work/tiny-qwen3" \
  -o "$work/x.jsonl" --kind poem
expect_exit 2 "data augment without a model" -- "$cli" data augment "$samples/arithmetic.csv" -o "$work/x.jsonl"
{ head -n 8 "$samples/arithmetic.csv" | tail -n +2 | while IFS=, read -r q a; do
    printf '{"instruction": "", "input": "%s", "output": "%s"}\n' "$q" "$a"; done
  printf '{"instruction": "", "input": "One plus one?", "output": "2", "generated": {"kind": "paraphrase", "from_line": 2}}\n'
  printf '{"instruction": "", "input": "Two plus two?", "output": "4", "generated": true}\n'; } >"$work/accepted.jsonl"
expect_exit 0 "train on accepted candidates" -- "$cli" train --model "$work/tiny-qwen3" --data "$work/accepted.jsonl" \
  --output "$work/run_generated" --max-steps 1 --val-ratio 0
expect_in "$work/run_generated/config.json" '"generated_rows": 2' "the run counts the generated rows it trained on"
expect_in "$work/run_generated/train.log" "2 of the training rows were written by a model" "and says so"

# --- kill -9 in the middle of training: the newest complete checkpoint still resumes ------
"$cli" train --model "$work/tiny-qwen3" --data "$samples/arithmetic.csv" --output "$work/run_kill" \
  --max-steps 100000 --save-steps 1 --save-total-limit 3 --val-ratio 0 >/dev/null 2>&1 &
trainer=$!
newest_checkpoint() { ls "$work/run_kill/checkpoints" 2>/dev/null | sed -n 's/^checkpoint-\([0-9]*\)$/\1/p' | sort -n | tail -1; }
for _ in $(seq 1 300); do
  [ "$(newest_checkpoint)" -ge 5 ] 2>/dev/null && break
  sleep 0.1
done
kill -9 "$trainer" 2>/dev/null
wait "$trainer" 2>/dev/null
last=$(newest_checkpoint)
expect_exit 0 "resume after kill -9 (from checkpoint-$last)" -- "$cli" train --model "$work/tiny-qwen3" --data "$samples/arithmetic.csv" \
  --output "$work/run_kill" --save-steps 1 --save-total-limit 3 --val-ratio 0 --resume --max-steps $((last + 3))
expect_in "$work/out" "resumed from step" "the run resumed"
[ -d "$work/run_kill/adapter" ] && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL: resumed run did not finish"; }

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
