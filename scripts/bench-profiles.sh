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
cargo --quiet build-zael  # the static binary, as shipped (.cargo/config.toml)
bin=$PWD/target/release/zael

stacks=$work/stacks
mkdir -p "$stacks"
for ((i = 0; i < count; i++)); do
  case $((i % 4)) in
    0) printf 'blueprint: limiter\nname: team-%d\n' "$i" ;;
    1) printf 'blueprint: limiter\nname: prod-%d\npitr_recovery_days: %d\nlog_retention_days: 90\nalarm_sns_topic: arn:aws:sns:us-east-1:123456789012:alerts\ntags:\n  team: t%d\n' "$i" $((i % 35 + 1)) "$i" ;;
    2) printf 'blueprint: limiter\nname: org-%d\npermission_boundary: PowerUserBoundary\nrole_name_format: PB-{}\npolicy_name_format: PB-{}\nkms_key: create\nlambda_subnet_ids: [subnet-0123456789abcdef0]\nlambda_security_group_ids: [sg-0123456789abcdef0]\nlambda_vpc_id: vpc-0123456789abcdef0\nvpc_endpoints: [s3]\nroute_table_ids: [rtb-0123456789abcdef0]\nlambda_memory: %d\n' "$i" $((128 + i)) ;;
    3) printf 'blueprint: redis\nname: cache-%d\ncache_replicas: %d\n' "$i" $((i % 5 + 1)) ;;
  esac >"$stacks/p$(printf '%04d' "$i").yaml"
done

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
