#!/usr/bin/env bash
# Issue 17's speed and memory targets for `zael check` with schema validation, whole process
# (release build), as a user or CI pays for it:
#   1. the rate-limiter template: median wall time (target < 50 ms) and peak RSS from
#      /usr/bin/time -v (target < 30 MB), over RUNS runs;
#   2. the corpus (tests/corpus/templates) as one batch, `zael check --template a b c ...`
#      (one report per file), against one cfn-lint process over the same files (target:
#      zael at least 10 times faster).
# Wall time depends on what else the machine runs; CPU time (user + system) is printed
# beside it, as it depends less on other load. A benchmark, not a test: nothing here fails
# on a slow machine. Files zael refuses as input (exit 2, e.g. invalid YAML) are left out
# of the batch, as one refused file stops the whole run before any is checked.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-31}
batch_runs=${BATCH_RUNS:-5}
lint_runs=${LINT_RUNS:-3}

scripts/build-zael.sh  # the binary as shipped: static, profile-guided
[[ -x .venv/bin/cfn-lint ]] || make --quiet venv
work=target/bench-check-corpus
mkdir -p "$work"
template=$work/rate-limiter.yaml
target/shipped/zael synth >"$template"

# Runs a command N times; prints median and best wall time and median CPU time (ms).
# os.wait4 gives each child's own CPU time, unaffected by the harness.
timed() {
  local label=$1 n=$2; shift 2
  python3 - "$label" "$n" "$@" <<'PY'
import os, statistics, subprocess, sys, time
label, n, argv = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
walls, cpus = [], []
for _ in range(n):
    start = time.perf_counter()
    child = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, _, usage = os.wait4(child.pid, 0)
    walls.append((time.perf_counter() - start) * 1000)
    cpus.append((usage.ru_utime + usage.ru_stime) * 1000)
print(f"{label:<46} wall median {statistics.median(walls):9.1f} ms  best {min(walls):9.1f} ms"
      f"  cpu median {statistics.median(cpus):9.1f} ms  ({n} runs)")
print(f"@@{statistics.median(walls)} {statistics.median(cpus)}", file=sys.stderr)
PY
}

# Peak RSS in kB; the command's exit code (1: findings) does not matter here.
peak_rss() {
  { /usr/bin/time -v "$@" 2>&1 >/dev/null || true; } | awk -F': ' '/Maximum resident set size/ {print $2}'
}

echo "== 1. zael check --template on the rate-limiter template ($(wc -c <"$template") bytes)"
timed "zael check --template rate-limiter.yaml" "$runs" \
  target/shipped/zael check --template "$template" 2>/dev/null
rss_kb=$(for _ in 1 2 3; do peak_rss target/shipped/zael check --template "$template"; done | sort -n | tail -1)
echo "peak RSS (/usr/bin/time -v, largest of 3 runs): $((rss_kb / 1024)) MB ($rss_kb kB)"

echo
echo "== 2. the corpus as one batch"
mapfile -t all < <(cd tests/corpus/templates && find . -type f | sed 's|^\./||' | sort)
readable=()
for file in "${all[@]}"; do
  code=0
  target/shipped/zael check --template "tests/corpus/templates/$file" >/dev/null 2>&1 || code=$?
  ((code == 2)) || readable+=("tests/corpus/templates/$file")
done
echo "${#readable[@]} of ${#all[@]} templates (the rest zael refuses as input)"
zael_line=$(timed "zael check --template (${#readable[@]} files)" "$batch_runs" \
  target/shipped/zael check --template "${readable[@]}" 2>"$work/zael.times")
echo "$zael_line"
lint_line=$(timed "cfn-lint (${#readable[@]} files, one process)" "$lint_runs" \
  .venv/bin/cfn-lint --regions us-east-1 -- "${readable[@]}" 2>"$work/lint.times")
echo "$lint_line"
read -r zael_wall zael_cpu < <(sed -n 's/^@@//p' "$work/zael.times")
read -r lint_wall lint_cpu < <(sed -n 's/^@@//p' "$work/lint.times")
python3 -c "print(f'zael is {$lint_wall / $zael_wall:.1f}x faster in wall time, {$lint_cpu / $zael_cpu:.1f}x in CPU time (target: 10x)')"
rss_kb=$(peak_rss target/shipped/zael check --template "${readable[@]}")
echo "zael peak RSS over the batch: $((rss_kb / 1024)) MB"
echo "machine: $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg) (shared: wall times vary)"
