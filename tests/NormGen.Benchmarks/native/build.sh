#!/usr/bin/env bash
# Builds the ATen shim into native/build. Installs Debian's libtorch-dev (PyTorch 1.13) and cmake first
# when they are missing (needs root, as on the project's machines). Used by the benchmarks only.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"

need=()
[ -f /usr/lib/x86_64-linux-gnu/cmake/Torch/TorchConfig.cmake ] || need+=(libtorch-dev)
command -v cmake >/dev/null || need+=(cmake)
command -v c++ >/dev/null || need+=(g++)
if [ ${#need[@]} -gt 0 ]; then
  echo "build.sh: installing ${need[*]} (apt-get)"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y "${need[@]}"
fi

cmake -S "$here" -B "$here/build" -DCMAKE_BUILD_TYPE=Release
cmake --build "$here/build" -j "${JOBS:-2}"
echo "build.sh: built $(ls "$here"/build/libnormgen_aten_shim.so)"
