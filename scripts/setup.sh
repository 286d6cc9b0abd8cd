#!/usr/bin/env bash
# Installs what pretext needs on Debian 12 (only what is missing), then
# configures and builds it in build/. Safe to run again.
#
#   scripts/setup.sh            build for training
#   BUILD_DIR=out scripts/setup.sh
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${BUILD_DIR:-build}

packages=(
  g++ cmake ninja-build ccache pkg-config unzip curl ca-certificates
  libtorch-dev libyaml-cpp-dev libboost-dev libspdlog-dev libgtest-dev
  libjpeg-dev libpng-dev libcairo2-dev nlohmann-json3-dev libcli11-dev
  libgoogle-perftools-dev
  # Reference checks against torchvision (tests and benchmarks).
  python3-torch python3-torchvision
)

missing=()
for package in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)
  [[ $status == "install ok installed" ]] || missing+=("$package")
done

if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  sudo=""
  [[ $(id -u) == 0 ]] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq \
    --no-install-recommends "${missing[@]}" >/dev/null
fi

cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release
# Two jobs at most: each LibTorch translation unit needs about 1.5 GiB.
cmake --build "$build_dir" --parallel "${JOBS:-2}"
echo "setup: built $build_dir/bin/runner"
