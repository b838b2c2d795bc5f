#!/usr/bin/env bash
# Builds Lambda artifacts for provided.al2023:
#   ${CARGO_TARGET_DIR:-target}/lambda/<asset>/bootstrap
# with the workspace's `lambda` profile (release, opt-level "s", LTO, one codegen unit,
# stripped), checks that each runs on Lambda's glibc, and stamps it with its source hash.
#
# Usage: scripts/build-lambda.sh [aggregator] [api-handler]   (default: both)
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# Resolve a relative CARGO_TARGET_DIR against the caller's directory, before cd.
target_dir=$(realpath -m "${CARGO_TARGET_DIR:-$repo/target}")
export CARGO_TARGET_DIR=$target_dir
cd "$repo"

assets=("$@")
((${#assets[@]})) || assets=(aggregator api-handler)

for asset in "${assets[@]}"; do
  # The package, and the binary cargo builds (the API handler's is not named `bootstrap`
  # so that the two never overwrite each other in target/).
  case "$asset" in
    aggregator) package=zael-aggregator bin=bootstrap ;;
    api-handler) package=zael-api-handler bin=zael-api-handler ;;
    *) echo "build-lambda: unknown asset '$asset' (aggregator, api-handler)" >&2; exit 2 ;;
  esac
  out="$target_dir/lambda/$asset/bootstrap"
  cargo build --profile lambda -p "$package" --bin "$bin" --locked
  mkdir -p "$(dirname "$out")"
  cp "$target_dir/lambda/$bin" "$out"
  echo "build-lambda: $out ($(stat -c %s "$out") bytes)"
  "$repo/scripts/check-glibc.sh" "$out"

  # Stamp the binary with the sources it was built from: `zael synth --out` and
  # `zael lambda-export` refuse a binary whose stamp differs from the key the template names.
  cargo run --quiet --locked --bin zael -- asset-hash --asset "$asset" >"$out.source-hash"
  echo "build-lambda: stamped $asset with source hash $(cat "$out.source-hash")"
done
