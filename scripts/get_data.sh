#!/usr/bin/env bash
# Puts Tiny ImageNet in data/tiny-imagenet-200 and checks it.
#
#   scripts/get_data.sh                 first of: data/ already there, the
#                                       copy in ../shared/datasets/, the
#                                       official download
#   scripts/get_data.sh FILE.zip        unpack this zip
#   scripts/get_data.sh FOLDER          link an unpacked tiny-imagenet-200
#   scripts/get_data.sh URL             download and unpack
#   DATA_DIR=elsewhere scripts/get_data.sh ...
set -euo pipefail
cd "$(dirname "$0")/.."
data_dir=${DATA_DIR:-data}
target="$data_dir/tiny-imagenet-200"
official="http://cs231n.stanford.edu/tiny-imagenet-200.zip"
shared="../shared/datasets/tiny-imagenet-200.zip"

fail() { echo "get_data: error: $*" >&2; exit 2; }

# Counts what a complete copy has; names what is missing.
check() {
  local root=$1
  [[ -f $root/wnids.txt ]] || fail "$root/wnids.txt is missing"
  [[ -f $root/words.txt ]] || fail "$root/words.txt is missing"
  local classes
  classes=$(wc -l <"$root/wnids.txt")
  [[ $classes -eq 200 ]] || fail "$root/wnids.txt lists $classes classes, expected 200"
  local train
  train=$(find "$root/train" -name '*.JPEG' 2>/dev/null | wc -l)
  [[ $train -eq 100000 ]] || fail "$root/train has $train images, expected 100000"
  local val
  val=$(find "$root/val/images" -name '*.JPEG' 2>/dev/null | wc -l)
  [[ $val -eq 10000 ]] || fail "$root/val/images has $val images, expected 10000"
  [[ $(wc -l <"$root/val/val_annotations.txt") -eq 10000 ]] ||
    fail "$root/val/val_annotations.txt does not list 10000 images"
  echo "get_data: $root is complete (200 classes, 100000 training and 10000 validation images)"
}

unpack() {
  local zip=$1
  command -v unzip >/dev/null || fail "unzip is not installed (scripts/setup.sh installs it)"
  mkdir -p "$data_dir"
  echo "get_data: unpacking $zip"
  unzip -q -o "$zip" 'tiny-imagenet-200/*' -d "$data_dir"
  rm -rf "$target/test"  # the unlabeled test split is not used
}

source=${1:-}
if [[ -z $source ]]; then
  if [[ -d $target ]]; then check "$target"; exit 0; fi
  if [[ -f $shared ]]; then source=$shared; else source=$official; fi
fi

case $source in
  http://* | https://*)
    mkdir -p "$data_dir"
    echo "get_data: downloading $source"
    curl -fL --retry 3 -o "$data_dir/tiny-imagenet-200.zip.part" "$source" ||
      fail "could not download $source; give a local zip or folder instead"
    mv "$data_dir/tiny-imagenet-200.zip.part" "$data_dir/tiny-imagenet-200.zip"
    unpack "$data_dir/tiny-imagenet-200.zip"
    ;;
  *.zip)
    [[ -f $source ]] || fail "$source does not exist"
    unpack "$source"
    ;;
  *)
    [[ -d $source ]] || fail "$source is neither a zip, a folder nor a URL"
    check "$source"
    mkdir -p "$data_dir"
    if [[ $(realpath "$source") != $(realpath -m "$target") ]]; then
      ln -sfn "$(realpath "$source")" "$target"
    fi
    ;;
esac
check "$target"
