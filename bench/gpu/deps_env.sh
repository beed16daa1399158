# Sourced by run_gpu.sh and run_host_cpu.sh: where .gpu-deps/ (made here by
# bench/gpu/pack_deps.sh and carried with the call) is at the repository's
# root, points CMake, pkg-config and the loader at it. Sets
# gpu_deps_cmake_args (for the configure step) and gpu_deps_note (a line for
# the summary); without the folder both say nothing and the machine's own
# libraries are used.
#   needs: $repo
gpu_deps_cmake_args=()
gpu_deps_note=
gpu_deps="$repo/.gpu-deps"
if [ -d "$gpu_deps/usr" ]; then
  gpu_deps_lib="$gpu_deps/usr/lib/x86_64-linux-gnu"
  # The loader gets only the shared libraries this machine lacks (by the
  # name a program asks for), so that none of its own is replaced by an
  # older copy under what else runs here (PyTorch, Python).
  gpu_deps_missing="$gpu_deps/missing"
  rm -rf "$gpu_deps_missing"
  mkdir -p "$gpu_deps_missing"
  gpu_deps_known=$(ldconfig -p 2>/dev/null | awk '{print $1}')
  # Files behind a soname's link (libz.so.1.2.13 behind libz.so.1): never asked for by name.
  gpu_deps_behind=$(find "$gpu_deps_lib" -maxdepth 1 -type l -name 'lib*.so.*' -printf '%l\n')
  for gpu_deps_so in "$gpu_deps_lib"/lib*.so.*; do
    gpu_deps_name=$(basename "$gpu_deps_so")
    grep -qxF "$gpu_deps_name" <<<"$gpu_deps_behind" && continue
    grep -qxF "$gpu_deps_name" <<<"$gpu_deps_known" && continue
    ln -sf "$gpu_deps_so" "$gpu_deps_missing/$gpu_deps_name"
  done
  export LD_LIBRARY_PATH="$gpu_deps_missing${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
  export PKG_CONFIG_PATH="$gpu_deps_lib/pkgconfig:$gpu_deps/usr/share/pkgconfig${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}"
  # Named outright: a machine whose compiler is not Debian's has no
  # lib/x86_64-linux-gnu in CMake's search, and the CMake packages' files
  # find their own prefix from where they lie.
  gpu_deps_cmake_args=(
    -DPKG_CONFIG_EXECUTABLE="$gpu_deps/usr/bin/pkg-config"
    -Dnlohmann_json_DIR="$gpu_deps/usr/share/cmake/nlohmann_json"
    -Dyaml-cpp_DIR="$gpu_deps_lib/cmake/yaml-cpp"
    -DGTest_DIR="$gpu_deps_lib/cmake/GTest"
    -DEXPAT_INCLUDE_DIR="$gpu_deps/usr/include" -DEXPAT_LIBRARY="$gpu_deps_lib/libexpat.so"
    -DZLIB_INCLUDE_DIR="$gpu_deps/usr/include" -DZLIB_LIBRARY="$gpu_deps_lib/libz.so"
  )
  gpu_deps_lacked=$(ls "$gpu_deps_missing" | tr '\n' ' ')
  gpu_deps_note="libraries from .gpu-deps (bench/gpu/pack_deps.sh); this machine lacked: ${gpu_deps_lacked:-none of them}"
fi
