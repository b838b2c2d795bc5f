#!/usr/bin/env bash
# `zael check --template` on generated worst cases at CloudFormation's limits (1 MB, 500
# resources): a 28,000-item tag list, 500 resources each depending on all earlier ones, a
# 500-long dependency chain and cycle, 500 resources of dense intrinsics. Prints wall time and
# peak memory of the release binary per case.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
dir=target/worst-templates
scripts/worst-templates.py "$dir" >/dev/null
printf '%-22s %8s %10s\n' template seconds peak-MB
for template in "$dir"/*.json; do
  # zael's exit 1 (findings) is expected.
  /usr/bin/time -f '%e %M' -o "$dir/time.txt" target/release/zael check --template "$template" >/dev/null 2>&1 || true
  read -r seconds kb < <(tail -1 "$dir/time.txt")
  printf '%-22s %8s %10d\n' "$(basename "$template")" "$seconds" $((kb / 1024))
done
