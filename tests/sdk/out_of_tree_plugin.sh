#!/usr/bin/env bash
# Installs the SDK into a temporary prefix, builds examples/plugin against
# it, drops the plugin into a folder named by PRETEXT_PLUGIN_PATH and runs a
# recipe that uses it with the installed runner.
set -euo pipefail
source_dir=$1
build_dir=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cmake --install "$build_dir" --prefix "$work/prefix" >/dev/null
cmake -S "$source_dir/examples/plugin" -B "$work/example" -G Ninja \
  -DCMAKE_BUILD_TYPE=Release -DCMAKE_PREFIX_PATH="$work/prefix" >/dev/null
cmake --build "$work/example" >/dev/null

mkdir "$work/dropped"
cp "$work/example/pretext_random_grayscale.so" "$work/dropped/"
export PRETEXT_PLUGIN_PATH="$work/dropped"
runner="$work/prefix/bin/runner"

"$runner" plugins | tee "$work/list"
grep -q "^random_grayscale *augmentation *0.1.0 *$work/dropped/" "$work/list"
grep -q "^mobilenet_v2 *backbone" "$work/list"  # found beside the runner
"$runner" plugins random_grayscale | grep -q "p (a number in \[0, 1\], default 0.2)"
"$runner" "$source_dir/examples/plugin/recipe.yaml" --output "$work/run"
test -s "$work/run/summary.json"
grep -q '"classify"' "$work/run/summary.json"
echo "out-of-tree plugin: ok"
