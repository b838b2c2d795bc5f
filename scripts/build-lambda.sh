#!/usr/bin/env bash
# Builds the usage-aggregator Lambda artifact:
#   ${CARGO_TARGET_DIR:-target}/lambda/aggregator/bootstrap
# with the workspace's `lambda` profile (release, opt-level "s", LTO, one codegen unit,
# stripped), then checks that it runs on Lambda's provided.al2023 glibc.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# Resolve a relative CARGO_TARGET_DIR against the caller's directory, before cd.
target_dir=$(realpath -m "${CARGO_TARGET_DIR:-$repo/target}")
export CARGO_TARGET_DIR=$target_dir
cd "$repo"

cargo build --profile lambda -p zael-aggregator --locked
mkdir -p "$target_dir/lambda/aggregator"
cp "$target_dir/lambda/bootstrap" "$target_dir/lambda/aggregator/bootstrap"
echo "build-lambda: $target_dir/lambda/aggregator/bootstrap ($(stat -c %s "$target_dir/lambda/aggregator/bootstrap") bytes)"
"$repo/scripts/check-glibc.sh" "$target_dir/lambda/aggregator/bootstrap"

# Stamp the binary with the sources it was built from: `zael synth --out` and
# `zael lambda-export` refuse a binary whose stamp differs from the key the template names.
cargo run --quiet --locked --bin zael -- asset-hash >"$target_dir/lambda/aggregator/bootstrap.source-hash"
echo "build-lambda: stamped with source hash $(cat "$target_dir/lambda/aggregator/bootstrap.source-hash")"
