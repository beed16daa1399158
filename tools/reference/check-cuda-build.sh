#!/usr/bin/env bash
# The CUDA compile check: builds what a lent GPU machine builds
# (bench/gpu/build_targets.sh: the CLIs, the engine tests, the training and
# engine benchmarks) against Debian trixie's libtorch-cuda-dev 2.6 inside
# the trixie reference root, with TUNEDESK_WITH_NCCL, so that the NCCL
# process group and every CUDA-only line compile and link before a GPU's
# minutes are spent on them. Nothing runs on a GPU (none is here); see
# docs/REFERENCE.md for the outcome.
#   tools/reference/check-cuda-build.sh
#
# libtorch-cuda-2.6 depends on nvidia-cudnn, an installer that downloads
# cuDNN at install time (which this machine cannot): an equivs stand-in
# satisfies the dependency, and links allow libtorch_cuda's cuDNN symbols to
# stay unresolved (-Wl,--allow-shlib-undefined), as they would be with
# stub libraries. libcuda.so.1 comes from Debian's libcuda1.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bash "$here/root.sh" setup trixie >/dev/null
run() { bash "$here/root.sh" run trixie -- "$@"; }
started=$(date +%s)

# libtorch's CMake config needs nvcc (nvidia-cuda-toolkit); the NCCL process group needs nccl.h.
# GoogleTest for the engine tests.
packages=(libtorch-cuda-dev libgloo-cuda-dev libnccl-dev nvidia-cuda-toolkit libgtest-dev libgmock-dev)
missing=()
for p in "${packages[@]}"; do
  run dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "== installing ${missing[*]} (about 6.5 GB in all) with a stand-in for nvidia-cudnn"
  run bash -c 'set -e; mkdir -p /root/standin && cd /root/standin
    printf "%s\n" "Section: misc" "Priority: optional" "Standards-Version: 4.6.2" "Package: nvidia-cudnn" \
      "Version: 9.0.0.312~cuda12+tunedesk1" "Maintainer: TuneDesk <tunedesk@localhost>" \
      "Description: stand-in for the cuDNN download script (compile checks only)" \
      " TuneDesk compile checks only: cuDNN itself is not installed." > nvidia-cudnn.ctl
    equivs-build nvidia-cudnn.ctl >/dev/null 2>&1 && dpkg -i nvidia-cudnn_*.deb >/dev/null'
  run apt-get -o Acquire::Check-Valid-Until=false update -qq
  run apt-get install -y -qq --no-install-recommends "${missing[@]}" 2>&1 | tail -3
  run apt-get clean
fi
echo "== versions"
run dpkg-query -W -f='${Package} ${Version}\n' libtorch-cuda-dev nvidia-cuda-dev nvidia-cuda-toolkit libnccl-dev nvidia-cudnn g++ 2>/dev/null || true

build=/root/build-cuda
echo "== configure"
run env CCACHE_DIR=/root/.ccache cmake -S /tunedesk -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DTUNEDESK_BUILD_TESTS=ON -DTUNEDESK_BUILD_BENCH=ON \
  "-DCMAKE_EXE_LINKER_FLAGS=-Wl,--allow-shlib-undefined" "-DCMAKE_SHARED_LINKER_FLAGS=-Wl,--allow-shlib-undefined" \
  | grep -E "TuneDesk|Torch|CUDA|NCCL" || true
echo "== build"
t0=$(date +%s)
source "$here/../../bench/gpu/build_targets.sh"
run env CCACHE_DIR=/root/.ccache cmake --build "$build" --parallel "$(nproc)" --target "${gpu_build_targets[@]}"
built=$(( $(date +%s) - t0 ))
echo "== what was compiled in"
run bash -c "grep -o 'TUNEDESK_WITH_NCCL' $build/build.ninja | head -1; ldd $build/app/cli/tunedesk-cli-engine | grep -E 'torch_cuda|nccl|cudart' || true"
echo "check-cuda-build.sh: built in ${built} s (all $(( $(date +%s) - started )) s)"
