#!/usr/bin/env bash
# `zael check --template` on generated worst cases at CloudFormation's limits (1 MB, 500
# resources): a 28,000-item tag list, 500 resources each depending on all earlier ones, a
# 500-long dependency chain and cycle, 500 resources of dense intrinsics, and a 12,308-long
# chain beyond the 500-resource limit. Wall time, CPU and peak memory of the release binary
# per case, beside issue 21's limits (1 s, 100 MB) and benches/baseline.tsv. RUNS (default 3).
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-3}
scripts/build-zael.sh  # the binary as shipped: static, profile-guided
dir=target/worst-templates
scripts/worst-templates.py "$dir" >/dev/null
for template in "$dir"/*.json; do
  name=$(basename "$template" .json)
  # The limits hold within CloudFormation's own; the case beyond them is a figure only.
  limits=(--limit 1000 --peak-limit 100)
  [[ $name == *beyond-limit ]] && limits=(--peak)
  # zael's exit 1 (findings) is expected.
  scripts/bench.py measure "check-limits.$name" --runs "$runs" --codes 0,1 "${limits[@]}" \
    -- target/shipped/zael check --template "$template"
done
