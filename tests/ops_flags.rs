//! The operating flags: `--no-dashboard` on every blueprint (and its profile key), and the
//! stream mapping's `--parallelization-factor`, checked against reserved concurrency.

mod common;

use common::{assert_each_refused, stderr, synth_json, zael};
use serde_json::Value;

fn dashboards(document: &Value) -> usize {
    document["Resources"]
        .as_object()
        .unwrap()
        .values()
        .filter(|r| r["Type"] == "AWS::CloudWatch::Dashboard")
        .count()
}

#[test]
fn every_blueprint_has_its_dashboard_unless_told_not_to() {
    for blueprint in ["limiter", "redis", "api"] {
        assert_eq!(
            dashboards(&synth_json(&["--blueprint", blueprint])),
            1,
            "{blueprint}"
        );
        let without = synth_json(&["--blueprint", blueprint, "--no-dashboard"]);
        assert_eq!(dashboards(&without), 0, "{blueprint}");
        // The flag given last wins.
        let again = synth_json(&[
            "--blueprint",
            blueprint,
            "--no-dashboard",
            "--enable-dashboard",
        ]);
        assert_eq!(dashboards(&again), 1, "{blueprint}");
    }
}

#[test]
fn a_profile_turns_the_dashboard_off_and_a_flag_back_on() {
    let dir = std::env::temp_dir().join(format!("zael-ops-flags-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let profile = dir.join("quiet.yaml");
    std::fs::write(&profile, "blueprint: redis\nenable_dashboard: false\n").unwrap();
    let profile = profile.to_str().unwrap();
    assert_eq!(dashboards(&synth_json(&["--stack", profile])), 0);
    assert_eq!(
        dashboards(&synth_json(&["--stack", profile, "--enable-dashboard"])),
        1
    );
}

#[test]
fn the_parallelization_factor_reaches_the_stream_mapping() {
    let mapping =
        |document: &Value| document["Resources"]["AggregatorStreamMapping"]["Properties"].clone();
    // Lambda's default of 1 is left to Lambda.
    assert!(mapping(&synth_json::<&str>(&[]))
        .get("ParallelizationFactor")
        .is_none());
    let four = synth_json(&[
        "--parallelization-factor",
        "4",
        "--lambda-reserved-concurrency",
        "4",
    ]);
    assert_eq!(mapping(&four)["ParallelizationFactor"], 4);
}

#[test]
fn a_factor_out_of_range_or_over_the_reserved_concurrency_is_refused() {
    let cases: &[(&[&str], &str)] = &[
        (&["synth", "--parallelization-factor", "11"], "error: invalid value '11' for '--parallelization-factor <N>': must be from 1 to 10 batches per shard"),
        (&["synth", "--parallelization-factor", "0"], "error: invalid value '0' for '--parallelization-factor <N>': must be from 1 to 10 batches per shard"),
        (
            &["synth", "--parallelization-factor", "4", "--lambda-reserved-concurrency", "2"],
            "error: --parallelization-factor 4 runs up to 4 aggregator instances per stream shard, but --lambda-reserved-concurrency 2 caps them below that: the extra batches would be throttled and retried; lower the factor to at most 2 or raise the reserved concurrency (profile keys parallelization_factor, lambda_reserved_concurrency)",
        ),
        (&["synth", "--blueprint", "redis", "--parallelization-factor", "2"], "error: --parallelization-factor does not apply to --blueprint redis; it is a flag of --blueprint limiter"),
    ];
    assert_each_refused(&[], cases);
    // Without the aggregator there is no mapping for the factor to crowd.
    let output = zael([
        "synth",
        "--no-aggregator",
        "--parallelization-factor",
        "4",
        "--lambda-reserved-concurrency",
        "2",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
}

/// With provisioned billing, the table and every index scale on reads and writes, at the
/// target, with an alarm near each maximum; the indexes are the table's own.
#[test]
fn a_provisioned_table_and_each_index_scale_with_an_alarm_near_the_maximum() {
    let document = synth_json(&[
        "--billing-mode",
        "provisioned",
        "--read-capacity",
        "5",
        "--write-capacity",
        "2",
        "--autoscaling-target-pct",
        "60",
        "--autoscaling-max-capacity",
        "100",
    ]);
    let resources = document["Resources"].as_object().unwrap();
    let indexes: Vec<String> = resources["RateLimitsTable"]["Properties"]["GlobalSecondaryIndexes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["IndexName"].as_str().unwrap().to_string())
        .collect();
    let targets: Vec<&Value> = resources
        .values()
        .filter(|r| r["Type"] == "AWS::ApplicationAutoScaling::ScalableTarget")
        .collect();
    assert_eq!(targets.len(), 2 * (1 + indexes.len()));
    for index in &indexes {
        for dimension in ["Read", "Write"] {
            let target = &resources[&format!("{index}{dimension}ScalableTarget")]["Properties"];
            assert_eq!(
                target["ResourceId"]["Fn::Sub"],
                format!("table/${{RateLimitsTable}}/index/{index}")
            );
            assert_eq!(
                target["ScalableDimension"],
                format!("dynamodb:index:{dimension}CapacityUnits")
            );
            assert_eq!(target["MaxCapacity"], 100);
            let alarm = &resources[&format!("{index}{dimension}NearMaximumAlarm")]["Properties"];
            // 90% of 100 units a second over 300 s.
            assert_eq!(alarm["Threshold"], 27_000);
        }
    }
    let table_read = &resources["TableReadScalableTarget"]["Properties"];
    assert_eq!(table_read["MinCapacity"], 5);
    assert!(table_read["RoleARN"]["Fn::Sub"]
        .as_str()
        .unwrap()
        .ends_with("AWSServiceRoleForApplicationAutoScaling_DynamoDBTable"));
    let policy = &resources["TableWriteScalingPolicy"]["Properties"];
    assert_eq!(
        policy["TargetTrackingScalingPolicyConfiguration"]["TargetValue"],
        60.0
    );
    assert_eq!(
        policy["TargetTrackingScalingPolicyConfiguration"]["PredefinedMetricSpecification"]
            ["PredefinedMetricType"],
        "DynamoDBWriteCapacityUtilization"
    );
    // No IAM role is created for scaling.
    assert!(!resources.values().any(|r| r["Type"] == "AWS::IAM::Role"
        && r["Properties"]["AssumeRolePolicyDocument"]
            .to_string()
            .contains("application-autoscaling")));
    // On demand there is nothing to scale.
    assert!(!synth_json::<&str>(&[])
        .to_string()
        .contains("ScalableTarget"));
}

#[test]
fn auto_scaling_flags_need_a_provisioned_table_and_a_sane_range() {
    let cases: &[(&[&str], &str)] = &[
        (&["synth", "--autoscaling-target-pct", "50"], "error: --autoscaling-target-pct, --autoscaling-min-capacity and --autoscaling-max-capacity scale a provisioned table: add --billing-mode provisioned with --read-capacity and --write-capacity (on demand, DynamoDB scales by itself) (profile keys billing_mode, autoscaling_target_pct, autoscaling_min_capacity, autoscaling_max_capacity)"),
        (&["synth", "--autoscaling-target-pct", "95"], "error: invalid value '95' for '--autoscaling-target-pct <PCT>': must be from 20 to 90 percent"),
        (
            &["synth", "--billing-mode", "provisioned", "--read-capacity", "5", "--write-capacity", "5", "--autoscaling-min-capacity", "10", "--autoscaling-max-capacity", "5"],
            "error: --autoscaling-min-capacity 10 is above --autoscaling-max-capacity 5; the minimum must not exceed the maximum (profile keys autoscaling_min_capacity, autoscaling_max_capacity)",
        ),
    ];
    assert_each_refused(&[], cases);
}
