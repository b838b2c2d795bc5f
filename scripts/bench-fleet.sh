#!/usr/bin/env bash
# Whole-process wall and CPU time of `zael fleet plan --offline` (release build) on a
# generated fleet of 10,000 targets: 500 accounts in each of 20 regions, each region its own
# stack set (IAM names are account-wide) and one account per region with a parameter override,
# so 2 parameter sets per stack set. Covers reading the file, 40 syntheses, layer 1 and the
# baseline policy pack on each of the 40 parameter sets, planning, the waves and printing the
# table. Target: under 2 s. Prints mean and best of N (RUNS, default 5).
# SETS=n (2..17) gives each stack set n parameter sets (n - 1 accounts per region each with
# its own log retention): SETS=5 checks 100.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-5}
sets=${SETS:-2}
# Retentions other than the default (30), each a value CloudWatch Logs accepts.
retentions=(365 60 90 120 150 180 400 545 731 1096 1827 2192 2557 2922 3288 3653)
if ((sets < 2 || sets > ${#retentions[@]} + 1)); then
  echo "error: SETS=$sets: give 2 to $((${#retentions[@]} + 1)) parameter sets per stack set" >&2
  exit 2
fi
scripts/build-zael.sh  # the binary as shipped: static, profile-guided
bin=target/shipped/zael
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

regions=(us-east-1 us-east-2 us-west-1 us-west-2 ca-central-1 eu-west-1 eu-west-2 eu-west-3
  eu-central-1 eu-north-1 eu-south-1 ap-south-1 ap-northeast-1 ap-northeast-2 ap-northeast-3
  ap-southeast-1 ap-southeast-2 sa-east-1 me-south-1 af-south-1)
{
  echo "blueprint: limiter"
  echo "artifact_bucket: bench-artifacts-{region}"
  echo "permissions: {model: self-managed}"
  echo "targets:"
  for region in "${regions[@]}"; do
    shared=$((500 - (sets - 1)))
    accounts=$(seq 100000000001 $((100000000000 + shared)) | sed 's/.*/"&"/' | paste -sd, -)
    echo "  - accounts: [$accounts]"
    echo "    regions: [$region]"
    echo "    overrides: {name: bench-$region}"
    for ((k = 1; k < sets; k++)); do
      echo "  - accounts: [\"$((100000000000 + shared + k))\"]"
      echo "    regions: [$region]"
      echo "    overrides: {name: bench-$region, log_retention_days: ${retentions[k - 1]}}"
    done
  done
  echo "rollout: {max_concurrent: \"10%\", failure_tolerance: \"5%\"}"
} >"$dir/fleet.yaml"

"$bin" fleet plan "$dir/fleet.yaml" --offline >"$dir/plan.txt" || true
targets=$(grep -c '  create  ' "$dir/plan.txt")
echo "fleet: $(wc -c <"$dir/fleet.yaml") bytes, $targets targets planned, $((20 * sets)) parameter sets"
# The machine may be shared: CPU time (user + sys, from bash's `time`) says what zael spent.
TIMEFORMAT='%R %U %S'
for ((i = 0; i < runs; i++)); do
  code=0
  { time "$bin" fleet plan "$dir/fleet.yaml" --offline >/dev/null 2>"$dir/err" || code=$?; } 2>>"$dir/times"
  if ((code != 1)); then
    echo "error: zael fleet plan exited $code: $(cat "$dir/err")" >&2
    exit 1
  fi
done
awk -v targets="$targets" -v runs="$runs" '
  { wall = $1 * 1000; cpu = ($2 + $3) * 1000; tw += wall; tc += cpu
    if (NR == 1 || wall < bw) bw = wall; if (NR == 1 || cpu < bc) bc = cpu }
  END { printf "zael fleet plan --offline, %d targets: wall mean %.0f ms best %.0f ms; CPU mean %.0f ms best %.0f ms (%d runs)\n", targets, tw / runs, bw, tc / runs, bc, runs }
' "$dir/times"
