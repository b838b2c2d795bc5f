//! `zael estimate` as a user runs it: seed 002's worked examples through the CLI, every
//! output format, the stack's own options and profile, and the refusals.

mod common;

use common::{assert_each_refused, command_json, element, root, stderr, stdout, zael};
use serde_json::Value;

/// `zael estimate --format json ARGS`, which must succeed.
fn json(args: &[&str]) -> Value {
    command_json("estimate", args)
}

/// Seed 002's Scenario 2 (10,000 requests an hour, 2 limits, 50% cascade, 20% stored
/// limits): 48,000 RCUs and 30,000 WCUs an hour, and the aggregator's 2 windows add 40,000.
#[test]
fn scenario_2_capacities_come_out_exactly() {
    let estimate = json(&[
        "--requests-per-day",
        "240000",
        "--cascade-pct",
        "50",
        "--stored-limits-pct",
        "20",
    ]);
    let capacity = &estimate["capacity_per_hour"];
    assert_eq!(capacity["rcu"], 48_000.0);
    assert_eq!(capacity["wcu"], 30_000.0);
    assert_eq!(capacity["aggregator_wcu"], 40_000.0);
    assert_eq!(estimate["workload"]["requests_per_hour"], 10_000.0);
}

/// Scenario 1 (10,000 requests an hour, 2 limits): 20,000 RCUs and 20,000 WCUs; the volume
/// given per second, and the aggregator left out.
#[test]
fn scenario_1_per_second() {
    let estimate = json(&["--requests-per-second", "2.5", "--no-aggregator"]);
    assert_eq!(estimate["workload"]["requests_per_hour"], 9_000.0);
    let capacity = &estimate["capacity_per_hour"];
    assert_eq!(capacity["rcu"], 18_000.0);
    assert_eq!(capacity["wcu"], 18_000.0);
    let exact = json(&["--requests-per-day", "240000"]);
    assert_eq!(exact["capacity_per_hour"]["rcu"], 20_000.0);
    assert_eq!(exact["capacity_per_hour"]["wcu"], 20_000.0);
    assert_eq!(capacity["aggregator_wcu"], 0.0);
    assert!(estimate.get("aggregator").is_none());
}

/// Seed 002's medium volume priced the seeds' way: ~$70 on demand, ~$45 provisioned.
#[test]
fn medium_volume_reports_the_seed_figures_and_zaels_own() {
    let estimate = json(&["--requests-per-day", "1000000"]);
    let seed = &estimate["seed_method"];
    assert_eq!(seed["writes_usd"], 37.5);
    assert_eq!(seed["reads_usd"], 7.5);
    assert_eq!(seed["streams_usd"], 12.0);
    assert_eq!(seed["lambda_requests_usd"], 12.0);
    let provisioned = seed["provisioned_total_usd"].as_f64().unwrap();
    assert!((provisioned - 45.0).abs() <= 2.5, "{provisioned}");
    assert_eq!(estimate["advice"], "provisioned");
    let notes = estimate["notes"].as_array().unwrap();
    assert!(notes
        .iter()
        .any(|n| n.as_str().unwrap().starts_with("DynamoDB Streams")));
    let total = estimate["on_demand"]["total_usd"].as_f64().unwrap();
    let lines: f64 = estimate["on_demand"]["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["monthly_usd"].as_f64().unwrap())
        .sum();
    assert!((total - lines).abs() < 0.01);
}

/// Windows and memory come from the stack's profile, and flags override it.
#[test]
fn windows_come_from_the_profile_and_flags() {
    let dir = std::env::temp_dir().join(format!("zael-estimate-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let profile = dir.join("monthly.yaml");
    std::fs::write(
        &profile,
        "blueprint: limiter\nsnapshot_windows: [hourly, daily, monthly]\nlambda_memory: 512\n",
    )
    .unwrap();
    let profile = profile.to_str().unwrap();
    let from_profile = json(&["--requests-per-day", "240000", "--stack", profile]);
    assert_eq!(
        from_profile["capacity_per_hour"]["aggregator_wcu"],
        60_000.0
    );
    let from_flag = json(&[
        "--requests-per-day",
        "240000",
        "--stack",
        profile,
        "--snapshot-windows",
        "daily",
    ]);
    assert_eq!(from_flag["capacity_per_hour"]["aggregator_wcu"], 20_000.0);
    // The profile's memory (512 MB) prices the aggregator's duration.
    let duration = element(
        &from_profile["on_demand"]["lines"],
        "component",
        "Lambda duration",
    );
    assert!(duration["basis"].as_str().unwrap().contains("at 512 MB"));
}

#[test]
fn text_is_the_default_and_names_advice_and_break_even() {
    let output = zael(["estimate", "--requests-per-day", "10000"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(text.starts_with("zael estimate: limiter ZAEL-limiter, us-east-1 prices of "));
    assert!(text.contains("Advice: --billing-mode on-demand"));
    assert!(text.contains("Break-even: "));
    assert!(text.contains("Notes\n  - DynamoDB Streams"));
}

#[test]
fn redis_and_api_have_their_own_components() {
    let redis = json(&["--blueprint", "redis", "--requests-per-day", "1"]);
    assert_eq!(
        redis["on_demand"]["lines"][0]["component"],
        "ElastiCache nodes"
    );
    assert!(redis.get("provisioned").is_none());
    let api = json(&["--stack", "stacks/api.yaml", "--requests-per-day", "10000"]);
    let components: Vec<&str> = api["on_demand"]["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["component"].as_str().unwrap())
        .collect();
    for wanted in [
        "API Gateway requests",
        "WAF",
        "Lambda requests",
        "DynamoDB writes",
    ] {
        assert!(components.contains(&wanted), "{components:?}");
    }
}

/// The chart in docs/ is what `zael estimate --format svg` prints for the README's example,
/// byte for byte, run after run.
#[test]
fn the_svg_chart_is_deterministic_and_the_committed_one_is_current() {
    let args = [
        "estimate",
        "--format",
        "svg",
        "--requests-per-day",
        "1000000",
    ];
    let first = stdout(&zael(args));
    assert_eq!(stdout(&zael(args)), first);
    assert!(first.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
    assert!(first.trim_end().ends_with("</svg>"));
    assert_eq!(first.matches("<polyline").count(), 2);
    assert!(first.contains("break-even "));
    let committed = std::fs::read_to_string(root().join("docs/estimate-cost-chart.svg")).unwrap();
    assert_eq!(
        committed, first,
        "regenerate: cargo run -- estimate --format svg --requests-per-day 1000000 > docs/estimate-cost-chart.svg"
    );
}

/// Each bad input: exit 2, nothing on stdout, one line naming the flag and what is allowed.
#[test]
fn bad_workloads_are_refused_with_the_flag_named() {
    let cases: &[(&[&str], &str)] = &[
        (&["estimate"], "error: estimate needs the workload's volume: --requests-per-day N or --requests-per-second N"),
        (&["estimate", "--requests-per-day", "0"], "error: invalid value '0' for '--requests-per-day <N>': must be more than 0 and at most 100,000,000,000 requests a day"),
        (&["estimate", "--requests-per-second", "2e6"], "error: invalid value '2e6' for '--requests-per-second <N>': must be more than 0 and at most 1,157,407 requests a second"),
        (&["estimate", "--requests-per-day", "5", "--lambda-duration-ms", "900001"], "error: invalid value '900001' for '--lambda-duration-ms <MS>': must be more than 0 and at most 900,000 milliseconds (Lambda's timeout)"),
        (&["estimate", "--requests-per-day", "5", "--cascade-pct", "101"], "error: invalid value '101' for '--cascade-pct <PCT>': must be a whole percentage from 0 to 100"),
        (&["estimate", "--requests-per-day", "5", "--limits-per-request", "51"], "error: invalid value '51' for '--limits-per-request <N>': must be from 1 to 50: TransactWriteItems holds at most 100 items, and a cascading request writes each limit twice"),
        (&["estimate", "--requests-per-day", "5", "--region", "eu-west-1"], "error: --region eu-west-1: zael has no price table for region eu-west-1; it has: us-east-1 (price tables live in src/estimate/prices/)"),
        (&["estimate", "--requests-per-day", "5", "--cache-replicas", "2"], "error: --cache-replicas does not apply to --blueprint limiter; it is a flag of --blueprint redis"),
        (&["estimate", "--requests-per-day", "5", "--stack", "stacks/prod-eu-west-1.yaml"], "error: the profile's region eu-west-1: zael has no price table for region eu-west-1; it has: us-east-1 (price tables live in src/estimate/prices/)"),
    ];
    assert_each_refused(&[], cases);
}
