#!/usr/bin/env bash
# Whole-process `zael synth` (release build): process start, synthesis, layer-1 validation
# and printing, as a user or CI pays for it. Each figure beside its limit (issue 22: 2 ms
# wall, median) and against benches/baseline.tsv (scripts/bench.py). RUNS (default 200).
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-200}
cargo build --quiet --release --locked --bin zael
bin=target/release/zael
bench() { scripts/bench.py measure "$@"; }

bench true --runs "$runs" -- /bin/true
bench synth --runs "$runs" --limit 2 -- "$bin" synth
bench synth-json --runs "$runs" --limit 2 -- "$bin" synth --format json
bench synth-production --runs "$runs" --limit 2 -- "$bin" synth --name prod-limiter \
  --pitr-recovery-days 7 --log-retention-days 90 \
  --alarm-sns-topic arn:aws:sns:us-east-1:123456789012:alerts
bench synth-api --runs "$runs" --limit 2 -- "$bin" synth --blueprint api
