#!/usr/bin/env bash
# Whole-process wall time of `zael synth --all` over COUNT generated profiles (default
# 10,000): reading and checking every profile, synthesizing and validating every template in
# parallel, and writing them all. Prints mean and best of RUNS runs (default 5), beside
# issue 22's limits for 10,000 profiles (2 s on tmpfs, 3 s on disk) and benches/baseline.tsv.
#
# The profiles vary name, options and blueprint so no two templates are the same. Output goes
# to WORK (default: a fresh directory under /tmp); set WORK to measure another disk.
set -euo pipefail
cd "$(dirname "$0")/.."
count=${COUNT:-10000}
runs=${RUNS:-5}
work=${WORK:-$(mktemp -d /tmp/zael-bench-profiles.XXXXXX)}
scripts/build-zael.sh  # the binary as shipped: static, profile-guided
bin=$PWD/target/shipped/zael

stacks=$work/stacks
scripts/gen-profiles.sh "$count" "$stacks"

"$bin" synth --all --stacks-dir "$stacks" --out "$work/warm" 2>/dev/null
best=999999999 total=0
for ((r = 0; r < runs; r++)); do
  rm -rf "$work/out"
  sync  # the previous run's output is written back and deleted before this run starts
  start=$(date +%s%N)
  "$bin" synth --all --stacks-dir "$stacks" --out "$work/out" 2>/dev/null
  end=$(date +%s%N)
  elapsed=$(((end - start) / 1000))
  total=$((total + elapsed))
  ((elapsed < best)) && best=$elapsed
done
written=$(find "$work/out" -type f | wc -l)
printf 'zael synth --all: %d profiles -> %d templates in %s\n' "$count" "$written" "$work/out"
printf 'mean %.1f ms   best %.1f ms   (%d runs, %d cores)\n' \
  "$(echo "scale=2; $total / $runs / 1000" | bc)" "$(echo "scale=2; $best / 1000" | bc)" "$runs" "$(nproc)"
fs=$(stat -f -c %T "$work")
[[ $fs == tmpfs ]] && limit=2 || limit=3
limit=$(echo "scale=3; $limit * $count / 10000" | bc)
scripts/bench.py figure "synth-all-$count.$([[ $fs == tmpfs ]] && echo tmpfs || echo disk)" \
  "$(echo "scale=3; $total / $runs / 1000000" | bc)" s --limit "$limit" --label "mean ($fs)"
[[ -z ${WORK:-} ]] && rm -rf "$work"
exit 0
