//! Layer 2: the bundled cfn-guard packs on the bundled stacks, and each bundled rule made to
//! fail on a real synthesized template (changed in one place, checked as a file).

mod common;

use common::{check_json, default_template, findings, synth_json, TempFile};
use serde_json::{json, Value};

/// Checks `document` as a template file with `extra` flags: (exit code, findings).
fn check_document(document: &Value, extra: &[&str]) -> (i32, Vec<(String, String)>) {
    let file = TempFile::new("template.json", &document.to_string());
    let mut args = vec!["--template".to_string(), file.path.display().to_string()];
    args.extend(extra.iter().map(|s| s.to_string()));
    let (code, report) = check_json(&args);
    (code, findings(&report))
}

#[test]
fn every_bundled_variant_passes_the_baseline_pack() {
    for (name, flags) in common::variants() {
        let (code, report) = check_json(&flags);
        assert_eq!(code, 0, "{name}: {report:#}");
        assert_eq!(report["errors"], 0, "{name}");
    }
}

/// Seed 000's checklist: only the variants configured for production meet it. The default
/// stack leaves PITR off and notifies its own, unsubscribed topic, on purpose.
#[test]
fn the_production_pack_passes_exactly_the_variants_configured_for_production() {
    let mut passing = Vec::new();
    for (name, flags) in common::variants() {
        let mut args = vec!["--pack".to_string(), "production".into()];
        args.extend(flags);
        let (code, _) = check_json(&args);
        if code == 0 {
            passing.push(name);
        }
    }
    // Every variant with PITR on, logs kept 90 days or more and an on-call topic: seed 000's
    // production example as flags and as profiles, the second region, the restricted
    // organisation, and the Redis tier and API service set up the same way.
    assert_eq!(
        passing,
        [
            "production",
            "redis-existing-vpc",
            "profile-prod",
            "profile-prod-eu-west-1",
            "profile-restricted",
            "profile-redis",
            "api-tuned",
            "profile-api",
        ]
    );
}

/// (rule, where the failure must be reported, the template, extra flags). A bundled rule
/// speaks in its own words (its Violation and Fix lines), never in cfn-guard's.
fn fails(rule: &str, path: &str, document: &Value, extra: &[&str]) {
    let file = TempFile::new("template.json", &document.to_string());
    // On a template zael did not synthesize, `--pack baseline` asks for enforcement.
    let mut args = vec![
        "--template".to_string(),
        file.path.display().to_string(),
        "--pack".into(),
        "baseline".into(),
    ];
    args.extend(extra.iter().map(|s| s.to_string()));
    let (code, report) = check_json(&args);
    assert_eq!(code, 1, "{rule}: {report:#}");
    let finding = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| {
            f["rule"].as_str().unwrap().starts_with(rule)
                && f["path"].as_str().unwrap().starts_with(path)
        })
        .unwrap_or_else(|| panic!("{rule} at {path} not in {:#?}", findings(&report)));
    let message = finding["message"].as_str().unwrap();
    assert!(!message.contains("not compliant"), "{rule}: {message}");
    assert!(
        !finding["hint"]
            .as_str()
            .unwrap()
            .starts_with("see the rule"),
        "{rule}"
    );
}

fn set(document: &mut Value, pointer: &str, value: Value) {
    *document
        .pointer_mut(pointer)
        .unwrap_or_else(|| panic!("{pointer}")) = value;
}

#[test]
fn each_baseline_rule_fails_where_its_invariant_is_broken() {
    let default = default_template();
    // (rule, where it is reported, the JSON pointer set, the value that breaks the rule)
    let broken = [
        (
            "ZG101",
            "Resources.RateLimitsTable.Properties.SSESpecification",
            "/Resources/RateLimitsTable/Properties/SSESpecification/SSEEnabled",
            json!(false),
        ),
        (
            "ZG102",
            "Resources.RateLimitsTable",
            "/Resources/RateLimitsTable/DeletionPolicy",
            json!("Delete"),
        ),
        (
            "ZG104",
            "Resources.AggregatorDeadLetterQueue",
            "/Resources/AggregatorDeadLetterQueue/Properties/SqsManagedSseEnabled",
            json!(false),
        ),
        (
            "ZG105",
            "Resources.AggregatorErrorsAlarm.Properties.AlarmActions",
            "/Resources/AggregatorErrorsAlarm/Properties/AlarmActions",
            json!(["arn:aws:lambda:us-east-1:123456789012:function:pager"]),
        ),
        (
            "ZG107",
            "Resources.AggregatorRole",
            "/Resources/AggregatorRole/Properties/Policies/0/PolicyDocument/Statement/0/Action",
            json!(["logs:*"]),
        ),
        (
            "ZG108",
            "Resources.AcquireOnlyPolicy",
            "/Resources/AcquireOnlyPolicy/Properties/PolicyDocument/Statement/0/Resource",
            json!(["*"]),
        ),
    ];
    for (rule, path, pointer, value) in broken {
        let mut d = default.clone();
        set(&mut d, pointer, value);
        fails(rule, path, &d, &[]);
    }

    let mut d = default.clone();
    d["Resources"]["AggregatorStreamMapping"]["Properties"]
        .as_object_mut()
        .unwrap()
        .remove("DestinationConfig");
    fails("ZG103", "Resources.AggregatorStreamMapping", &d, &[]);

    fails(
        "ZG106",
        "Resources.AggregatorLogGroup",
        &default,
        &["--min-log-retention-days", "60"],
    );

    fails(
        "ZG109",
        "Resources.AggregatorRole",
        &default,
        &["--require-permission-boundary"],
    );

    let mut redis = synth_json(&["--blueprint", "redis"]);
    set(
        &mut redis,
        "/Resources/ReplicationGroup/Properties/TransitEncryptionEnabled",
        json!(false),
    );
    fails(
        "ZG110",
        "Resources.ReplicationGroup.Properties.TransitEncryptionEnabled",
        &redis,
        &[],
    );
}

#[test]
fn each_production_rule_fails_on_a_stack_that_misses_it() {
    let production = ["--pack", "production"];
    let default = default_template();
    fails(
        "ZG201",
        "Resources.RateLimitsTable.Properties.PointInTimeRecoverySpecification",
        &default,
        &production,
    );
    fails(
        "ZG202",
        "Resources.AggregatorLogGroup.Properties.RetentionInDays",
        &default,
        &production,
    );
    fails(
        "ZG203",
        "Resources",
        &synth_json(&["--no-alarms"]),
        &production,
    );
    fails(
        "ZG204",
        "Resources.AggregatorErrorsAlarm.Properties.AlarmActions",
        &default,
        &production,
    );
}

#[test]
fn a_rule_that_holds_reports_nothing_when_its_setting_is_met() {
    let restricted = synth_json(&["--permission-boundary", "PowerUserBoundary"]);
    let (code, found) = check_document(&restricted, &["--require-permission-boundary"]);
    assert_eq!((code, found), (0, Vec::new()));
}

/// A template zael did not synthesize: the baseline pack is advice (warnings, exit 0) unless
/// `--pack` or `--rules` asks for enforcement, and each finding names its rule file.
#[test]
fn on_a_foreign_template_the_baseline_warns_unless_enforced() {
    let document = serde_json::json!({"Resources": {"Q": {"Type": "AWS::SQS::Queue",
        "Properties": {"SqsManagedSseEnabled": false}}}});
    let file = TempFile::new("foreign.json", &document.to_string());
    let path = file.path.display().to_string();
    let (code, report) = check_json(["--template", path.as_str()]);
    assert_eq!(code, 0, "{report:#}");
    let finding = &report["findings"][0];
    assert_eq!(finding["severity"], "warning");
    assert_eq!(
        finding["origin"],
        "rules/baseline/ZG104_queue_encrypted.guard"
    );
    let (code, report) = check_json(["--template", path.as_str(), "--pack", "baseline"]);
    assert_eq!(code, 1, "{report:#}");
    assert_eq!(report["findings"][0]["severity"], "error");
}
