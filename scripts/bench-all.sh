#!/usr/bin/env bash
# Every benchmark, each figure beside its limit and against benches/baseline.tsv: synth,
# check, check at CloudFormation's limits, synth --all over 10,000 profiles on tmpfs and on
# disk. BENCH_QUICK=1 (CI's report) takes fewer runs and 1,000 profiles, and skips the
# cfn-lint and cfn-guard CLI comparison. BENCH_RECORD=1 records the figures as the new
# baseline (on an idle machine; commit benches/baseline.tsv).
#
# A slower figure never fails this script (these machines are noisy: it is a report);
# a benchmark that cannot run does.
set -euo pipefail
cd "$(dirname "$0")/.."
quick=${BENCH_QUICK:-}
export BENCH_QUICK=$quick
scripts/build-zael.sh  # the binary as shipped: static, profile-guided
echo "== load average: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores"
RUNS=${quick:+30} scripts/bench-synth.sh
CHECK_RUNS=${quick:+20} scripts/bench-check.sh
RUNS=${quick:+1} scripts/bench-check-limits.sh
count=${quick:+1000}
if [[ -d /dev/shm && -w /dev/shm ]]; then
  shm=$(mktemp -d /dev/shm/zael-bench.XXXXXX)
  trap 'rm -rf "$shm"' EXIT
  WORK=$shm COUNT=${count:-10000} RUNS=${quick:+2} scripts/bench-profiles.sh
  rm -rf "$shm"
fi
COUNT=${count:-10000} RUNS=${quick:+2} scripts/bench-profiles.sh
