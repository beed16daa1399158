# Imitating a smaller x86-64 CPU class on a bigger CPU, for every side of a
# benchmark at once. Sourced by bench/run_engine.sh and bench/run_train.sh:
#   source bench/cpu_class.sh; imitate_cpu_class CLASS
# describe_cpu_class prints the CPU's model and vector flags in one line.
# CLASS is one of:
#   native  as the machine is (nothing set)
#   avx2    Haswell / Zen class: AVX2, FMA, F16C
#   avx     Sandy Bridge / Ivy Bridge class: AVX without AVX2 or FMA
#   sse42   Nehalem class: SSE4.2, no AVX
# It exports, for this shell and what it starts: libtorch's kernel level
# (ATEN_CPU_CAPABILITY, both TuneDesk and PyTorch), OpenBLAS's kernels
# (OPENBLAS_CORETYPE), oneDNN's instruction set limit (DNNL_MAX_CPU_ISA),
# TuneDesk's own kernel level (TUNEDESK_CPU_KERNELS), and sets
# cpu_class_ggml_variant: the CPU backend of llama.cpp's that such a CPU
# loads (llama.cpp's packages ship one per class and load the best one the
# CPU runs; run_engine.sh leaves it only that one). A class above the
# machine's cannot be imitated: that is refused, naming the missing flag.
cpu_class=native
cpu_class_ggml_variant=

imitate_cpu_class() {
  cpu_class=$1
  local needs=() aten openblas dnnl kernels
  case "$cpu_class" in
    native) cpu_class_ggml_variant=; return 0 ;;
    avx2)  needs=(avx2 fma f16c) aten=avx2    openblas=Haswell     dnnl=AVX2 kernels=avx2     cpu_class_ggml_variant=haswell ;;
    avx)   needs=(avx)           aten=default openblas=Sandybridge dnnl=AVX  kernels=baseline cpu_class_ggml_variant=sandybridge ;;
    sse42) needs=(sse4_2)        aten=default openblas=Nehalem     dnnl=SSE41 kernels=baseline cpu_class_ggml_variant=sse42 ;;
    *) echo "unknown CPU class '$cpu_class' (native, avx2, avx or sse42)" >&2; return 2 ;;
  esac
  local flags; flags=" $(grep -m1 '^flags' /proc/cpuinfo | cut -d: -f2) "
  local flag
  for flag in "${needs[@]}"; do
    case "$flags" in *" $flag "*) ;; *) echo "this CPU has no $flag: it cannot imitate the $cpu_class class" >&2; return 2 ;; esac
  done
  export ATEN_CPU_CAPABILITY=$aten OPENBLAS_CORETYPE=$openblas DNNL_MAX_CPU_ISA=$dnnl TUNEDESK_CPU_KERNELS=$kernels
  echo "imitating the $cpu_class class: ATEN_CPU_CAPABILITY=$aten OPENBLAS_CORETYPE=$openblas DNNL_MAX_CPU_ISA=$dnnl" \
       "TUNEDESK_CPU_KERNELS=$kernels, llama.cpp's $cpu_class_ggml_variant CPU backend"
}

# The CPU in one line: its model and the vector flags that pick kernels on
# every side (the whole flags line is too long to read, and cutting it hid
# the AVX-512 ones), so that figures from different machines can be told apart.
describe_cpu_class() {
  local model vector
  model=$(sed -n 's/^model name[[:space:]]*: *//p' /proc/cpuinfo | head -1)  # lscpu's "Model name", without lscpu
  vector=$(grep -m1 '^flags' /proc/cpuinfo | tr ' ' '\n' |
           grep -x -E 'sse4_2|avx|avx2|fma|f16c|avx512(f|bw|vl|_bf16|_vnni)|avx_vnni|amx_(tile|bf16|int8)' | tr '\n' ' ')
  echo "CPU: $model ($(nproc) cores); vector flags: ${vector% }"
}
