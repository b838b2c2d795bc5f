#!/usr/bin/env bash
# Whole-process `zael synth` (release build): process start, synthesis, layer-1 validation
# and printing, as a user or CI pays for it. Each figure beside its limit (issue 22: 2 ms
# wall, median) and against benches/baseline.tsv (scripts/bench.py), then the instructions
# callgrind counts (millions; the same at any load). RUNS (default 200).
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-200}
scripts/build-zael.sh  # the binary as shipped: static, profile-guided
bin=target/shipped/zael
bench() { scripts/bench.py measure "$@"; }

bench true --runs "$runs" -- /bin/true
bench synth --runs "$runs" --limit 2 -- "$bin" synth
bench synth-json --runs "$runs" --limit 2 -- "$bin" synth --format json
bench synth-production --runs "$runs" --limit 2 -- "$bin" synth --name prod-limiter \
  --pitr-recovery-days 7 --log-retention-days 90 \
  --alarm-sns-topic arn:aws:sns:us-east-1:123456789012:alerts
bench synth-api --runs "$runs" --limit 2 -- "$bin" synth --blueprint api

# Instructions: the one figure other processes on the machine cannot move (callgrind counts
# them, at any load). Only where valgrind is installed.
if command -v valgrind >/dev/null; then
  for blueprint in limiter api; do
    collected=$(valgrind --tool=callgrind --callgrind-out-file=/dev/null "$bin" synth \
      --blueprint "$blueprint" 2>&1 >/dev/null | sed -n 's/.*Collected : *//p')
    [[ -n $collected ]] || { echo "callgrind gave no instruction count" >&2; exit 1; }
    key=synth.instructions
    [[ $blueprint == limiter ]] || key=synth-$blueprint.instructions
    scripts/bench.py figure "$key" "$(echo "scale=3; $collected / 1000000" | bc)" M \
      --label instr
  done
else
  echo "(valgrind not installed: no instruction counts)"
fi
