//! The operating flags: `--no-dashboard` on every blueprint (and its profile key), and the
//! stream mapping's `--parallelization-factor`, checked against reserved concurrency.

mod common;

use common::{stderr, stdout, zael};
use serde_json::Value;

fn template(args: &[&str]) -> Value {
    let mut all = vec!["synth", "--format", "json"];
    all.extend_from_slice(args);
    let output = zael(&all);
    assert!(output.status.success(), "{args:?}: {}", stderr(&output));
    serde_json::from_str(&stdout(&output)).unwrap()
}

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
            dashboards(&template(&["--blueprint", blueprint])),
            1,
            "{blueprint}"
        );
        let without = template(&["--blueprint", blueprint, "--no-dashboard"]);
        assert_eq!(dashboards(&without), 0, "{blueprint}");
        // The flag given last wins.
        let again = template(&[
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
    assert_eq!(dashboards(&template(&["--stack", profile])), 0);
    assert_eq!(
        dashboards(&template(&["--stack", profile, "--enable-dashboard"])),
        1
    );
}

#[test]
fn the_parallelization_factor_reaches_the_stream_mapping() {
    let mapping =
        |document: &Value| document["Resources"]["AggregatorStreamMapping"]["Properties"].clone();
    // Lambda's default of 1 is left to Lambda.
    assert!(mapping(&template(&[]))
        .get("ParallelizationFactor")
        .is_none());
    let four = template(&[
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
    for (args, expected) in cases {
        let output = zael(*args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert_eq!(stdout(&output), "", "{args:?}");
        assert_eq!(stderr(&output).trim_end(), *expected, "{args:?}");
    }
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
