#!/usr/bin/env bash
# Whole-process `zael check --template` (release build) on the rate-limiter template with the
# baseline pack, beside its limit (issue 22: 15 ms wall, median) and benches/baseline.tsv,
# then (unless BENCH_QUICK=1) the time of each guard rule in process (`cargo bench --bench
# guard_rules`) and the same template against cfn-lint and the cfn-guard CLI, as a user or
# CI pays for each: process start, parsing and every rule. Installs what it needs itself: cfn-lint into
# .venv (`make venv`), the cfn-guard CLI into target/tools (cargo install, same version as
# the library zael links), hyperfine from Debian when apt-get can (else a date loop).
#
# What each runs, so the comparison is fair about scope:
#   zael check --template   layer 1 (all ZV rules) + the baseline cfn-guard pack, in-process
#   cfn-lint                its default rule set (schema, references, values)
#   cfn-guard validate      the same baseline pack on the same file (no parameter defaults
#                           applied, so it reports rules zael's resolution would pass)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-30}
guard_version=3.2.1

scripts/build-zael.sh  # the binary as shipped: static, profile-guided
work=target/bench-check
mkdir -p "$work"
template=$work/template.yaml
target/shipped/zael synth >"$template"
scripts/bench.py measure check --runs "${CHECK_RUNS:-100}" --codes 0,1 --limit 15 -- \
  target/shipped/zael check --template "$template"
# CI's quick report skips what needs more builds: the in-process bench (dev-dependencies
# in release) and the other tools.
[[ ${BENCH_QUICK:-} == 1 ]] && exit 0
cargo bench --quiet --locked --bench guard_rules

make --quiet venv
if [[ ! -x target/tools/bin/cfn-guard ]]; then
  cargo install --quiet cfn-guard --version "$guard_version" --locked \
    --root target/tools --target-dir target/tools-build
fi
if ! command -v hyperfine >/dev/null && command -v apt-get >/dev/null; then
  apt-get install -y -qq hyperfine >/dev/null 2>&1 || true
fi

zael=(target/shipped/zael check --template "$template")
lint=(.venv/bin/cfn-lint "$template")
guard=(target/tools/bin/cfn-guard validate --rules rules/baseline --data "$template")

# A tool's verdict is not what is measured: findings (non-zero exits) are fine.
quiet() { "$@" >/dev/null 2>&1 || true; }

if command -v hyperfine >/dev/null; then
  hyperfine --warmup 3 --runs "$runs" --ignore-failure --style basic \
    --export-markdown "$work/results.md" \
    -n "zael check --template" "${zael[*]}" \
    -n "cfn-lint" "${lint[*]}" \
    -n "cfn-guard validate (baseline pack)" "${guard[*]}"
  cat "$work/results.md"
else
  measure() {
    local label=$1; shift
    quiet "$@"
    local best=999999999 total=0 start end elapsed
    for ((i = 0; i < runs; i++)); do
      start=$(date +%s%N); quiet "$@"; end=$(date +%s%N)
      elapsed=$(((end - start) / 1000)); total=$((total + elapsed))
      ((elapsed < best)) && best=$elapsed
    done
    printf '%-40s mean %8.2f ms   best %8.2f ms   (%d runs)\n' "$label" \
      "$(echo "scale=2; $total / $runs / 1000" | bc)" "$(echo "scale=2; $best / 1000" | bc)" "$runs"
  }
  measure "zael check --template" "${zael[@]}"
  measure "cfn-lint" "${lint[@]}"
  measure "cfn-guard validate (baseline pack)" "${guard[@]}"
fi
