#!/usr/bin/env bash
# Whole-process wall time of `zael diff --template OLD` (release build), offline, on the three
# blueprints: process start, synthesis, reading OLD, the diff labelled from the bundled
# resource schemas, printing. Target: under 50 ms. OLD is each blueprint synthesized with
# other options, so the diff has changes to label: the limiter a retention change (exit 1),
# redis and api another --name (every named resource replaced, exit 3). Prints mean and best
# of N runs.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-200}
scripts/build-zael.sh  # the binary as shipped: static, profile-guided
bin=target/shipped/zael
old=$(mktemp -d)
trap 'rm -rf "$old"' EXIT

"$bin" synth --pitr-recovery-days 7 --log-retention-days 90 >"$old/limiter.yaml"
"$bin" synth --blueprint redis --name bench >"$old/redis.yaml"
"$bin" synth --blueprint api --name bench >"$old/api.yaml"

measure() {
  local label=$1; shift
  "$bin" "$@" >/dev/null || true # warm the page cache
  local best=999999999 total=0 start end elapsed code
  for ((i = 0; i < runs; i++)); do
    start=$(date +%s%N)
    code=0
    "$bin" "$@" >/dev/null || code=$?
    end=$(date +%s%N)
    if ((code != 0 && code != 1 && code != 3)); then
      echo "error: zael $* exited $code" >&2
      exit 1
    fi
    elapsed=$(((end - start) / 1000))
    total=$((total + elapsed))
    ((elapsed < best)) && best=$elapsed
  done
  printf '%-44s mean %6.2f ms   best %6.2f ms   (%d runs, exit %d)\n' "$label" \
    "$(echo "scale=2; $total / $runs / 1000" | bc)" "$(echo "scale=2; $best / 1000" | bc)" \
    "$runs" "$code"
}

measure "zael diff --template OLD (limiter)" diff --template "$old/limiter.yaml"
measure "zael diff --template OLD (redis)" diff --blueprint redis --template "$old/redis.yaml"
measure "zael diff --template OLD (api)" diff --blueprint api --template "$old/api.yaml"
