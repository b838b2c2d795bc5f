#!/usr/bin/env bash
# Writes COUNT stack profiles into DIR (p0000.yaml, ...), varying name, options and
# blueprint so no two templates are the same: the input of `synth --all` for
# bench-profiles.sh and for the profile-guided build's training run (build-zael.sh).
#
# Usage: scripts/gen-profiles.sh COUNT DIR
set -euo pipefail
count=$1 dir=$2
mkdir -p "$dir"
for ((i = 0; i < count; i++)); do
  case $((i % 4)) in
    0) printf 'blueprint: limiter\nname: team-%d\n' "$i" ;;
    1) printf 'blueprint: limiter\nname: prod-%d\npitr_recovery_days: %d\nlog_retention_days: 90\nalarm_sns_topic: arn:aws:sns:us-east-1:123456789012:alerts\ntags:\n  team: t%d\n' "$i" $((i % 35 + 1)) "$i" ;;
    2) printf 'blueprint: limiter\nname: org-%d\npermission_boundary: PowerUserBoundary\nrole_name_format: PB-{}\npolicy_name_format: PB-{}\nkms_key: create\nlambda_subnet_ids: [subnet-0123456789abcdef0]\nlambda_security_group_ids: [sg-0123456789abcdef0]\nlambda_vpc_id: vpc-0123456789abcdef0\nvpc_endpoints: [s3]\nroute_table_ids: [rtb-0123456789abcdef0]\nlambda_memory: %d\n' "$i" $((128 + i)) ;;
    3) printf 'blueprint: redis\nname: cache-%d\ncache_replicas: %d\n' "$i" $((i % 5 + 1)) ;;
  esac >"$dir/p$(printf '%04d' "$i").yaml"
done
