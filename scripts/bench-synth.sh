#!/usr/bin/env bash
# Whole-process wall time of `zael synth` (release build): process start, synthesis,
# validation and printing, as a user or CI pays for it. Prints mean and best of N runs.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-500}
cargo build --quiet --release --locked --bin zael
bin=target/release/zael

measure() {
  local label=$1; shift
  "$bin" "$@" >/dev/null  # warm the page cache
  local best=999999999 total=0 start end elapsed
  for ((i = 0; i < runs; i++)); do
    start=$(date +%s%N)
    "$bin" "$@" >/dev/null
    end=$(date +%s%N)
    elapsed=$(((end - start) / 1000))
    total=$((total + elapsed))
    ((elapsed < best)) && best=$elapsed
  done
  printf '%-48s mean %6.2f ms   best %6.2f ms   (%d runs)\n' "$label" \
    "$(echo "scale=2; $total / $runs / 1000" | bc)" "$(echo "scale=2; $best / 1000" | bc)" "$runs"
}

measure "zael synth (default, YAML)" synth
measure "zael synth --format json" synth --format json
measure "zael synth (seed 000 production)" synth --name prod-limiter --pitr-recovery-days 7 \
  --log-retention-days 90 --alarm-sns-topic arn:aws:sns:us-east-1:123456789012:alerts
measure "zael synth --blueprint api (seed 003)" synth --blueprint api
