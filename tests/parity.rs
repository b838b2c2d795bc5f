//! Every option of zae-limiter's deploy CLI, and what it gets wrong, fixed: one test per
//! option and per rejection, through the binary as users run it.

mod common;

use common::{assert_has_all, ids_of_type, props, refusal, synth_json, zael};
use serde_json::{json, Value};

fn rejected(flags: &[&str]) -> String {
    let mut args = vec!["synth"];
    args.extend_from_slice(flags);
    refusal(&zael(&args), flags)
}

/// Each (value, reason): `synth FLAG value` is refused with a message that names the flag
/// and gives the reason.
#[track_caller]
fn assert_each_rejected(flag: &str, cases: &[(&str, &str)]) {
    for (value, reason) in cases {
        let message = rejected(&[flag, value]);
        assert!(
            message.contains(&format!("for '{flag} <")) && message.contains(reason),
            "{flag} {value}: {message}"
        );
    }
}

#[test]
fn stack_names_follow_the_deploy_clis_rules_with_a_reason_per_character() {
    assert_each_rejected(
        "--name",
        &[
            ("my_app", "underscores are not allowed"),
            ("my.app", "dots are not allowed"),
            ("my app", "spaces are not allowed"),
            ("9lives", "must start with a letter"),
        ],
    );
    let at_most = "a".repeat(50);
    assert!(zael(["synth", "--no-aggregator", "--name", &at_most])
        .status
        .success());
    let message = rejected(&["--no-aggregator", "--name", &"a".repeat(52)]);
    assert_has_all(
        &message,
        &["is 52 characters; at most 50, so that the stack name ZAEL-{name} stays within 55"],
    );
    assert!(message.ends_with("shorten it by 2 characters"), "{message}");
}

#[test]
fn policy_name_format_needs_one_placeholder_and_checks_the_final_names() {
    assert!(rejected(&["--policy-name-format", "Org"]).contains("exactly one {} placeholder"));
    assert!(rejected(&["--policy-name-format", "{}-{}"]).contains("exactly one {} placeholder"));
    assert!(
        rejected(&["--policy-name-format", "Org/{}"]).contains("IAM managed policy names allow")
    );
    let doc = synth_json(&["--policy-name-format", "Org-{}"]);
    for id in ids_of_type(&doc, "AWS::IAM::ManagedPolicy") {
        let name = props(&doc, id)["ManagedPolicyName"].as_str().unwrap();
        assert!(name.starts_with("Org-ZAEL-limiter-"), "{id}: {name}");
    }
    // 128 characters at most, for the actual stack name, with how much to cut.
    let format = format!("{}{{}}", "P".repeat(112));
    let message = rejected(&["--policy-name-format", &format]);
    assert!(
        message.contains("ManagedPolicyName") && message.contains("is 132 characters; at most 128 are allowed; shorten --name or --policy-name-format by 4 characters"),
        "{message}"
    );
}

#[test]
fn no_iam_creates_no_iam_resources_and_the_aggregator_uses_the_given_role() {
    let role = "arn:aws:iam::123456789012:role/platform/zael-aggregator";
    let doc = synth_json(&["--no-iam", "--aggregator-role-arn", role]);
    let iam: Vec<&String> = doc["Resources"]
        .as_object()
        .unwrap()
        .iter()
        .filter(|(_, r)| r["Type"].as_str().unwrap().starts_with("AWS::IAM::"))
        .map(|(id, _)| id)
        .collect();
    assert!(iam.is_empty(), "{iam:?}");
    assert_eq!(props(&doc, "AggregatorFunction")["Role"], role);
    assert_eq!(doc["Outputs"]["AggregatorRoleArn"]["Value"], role);
    assert!(doc["Outputs"].get("AcquireOnlyPolicyArn").is_none());
}

#[test]
fn an_existing_aggregator_role_replaces_the_created_one_even_with_iam() {
    let role = "arn:aws:iam::123456789012:role/zael-aggregator";
    let doc = synth_json(&["--aggregator-role-arn", role]);
    assert!(doc["Resources"].get("AggregatorRole").is_none());
    assert_eq!(props(&doc, "AggregatorFunction")["Role"], role);
    assert!(
        doc["Resources"]["AcquireOnlyPolicy"].is_object(),
        "policies are still created"
    );
}

#[test]
fn iam_mode_rejections_say_what_to_do() {
    assert_eq!(
        rejected(&["--no-iam"]),
        "error: --no-iam leaves the aggregator without an execution role: give --aggregator-role-arn, or turn the aggregator off with --no-aggregator (profile keys aggregator_role_arn, enable_aggregator)"
    );
    assert_eq!(
        rejected(&["--no-iam", "--no-aggregator", "--create-iam-roles"]),
        "error: --create-iam-roles needs IAM resources, which --no-iam turns off (profile keys create_iam_roles, enable_iam)"
    );
    assert_eq!(
        rejected(&["--aggregator-role-arn", "arn:aws:iam::123456789012:user/x"]),
        "error: invalid value 'arn:aws:iam::123456789012:user/x' for '--aggregator-role-arn <ARN>': expected a role ARN arn:aws:iam::<12-digit account id>:role/<name>"
    );
    assert!(zael(["synth", "--no-iam", "--no-aggregator"])
        .status
        .success());
}

#[test]
fn application_roles_are_opt_in() {
    assert!(ids_of_type(&synth_json::<&str>(&[]), "AWS::IAM::Role") == ["AggregatorRole"]);
    let doc = synth_json(&["--create-iam-roles"]);
    let mut roles = ids_of_type(&doc, "AWS::IAM::Role");
    roles.sort();
    assert_eq!(
        roles,
        ["AdminRole", "AggregatorRole", "AppRole", "ReadOnlyRole"]
    );
    assert_eq!(
        props(&doc, "AppRole")["ManagedPolicyArns"],
        json!([{"Ref": "AcquireOnlyPolicy"}])
    );
}

#[test]
fn audit_archival_adds_a_private_encrypted_bucket_with_a_glacier_transition() {
    let doc = synth_json(&["--audit-archive-glacier-days", "30"]);
    let bucket = &doc["Resources"]["AuditArchiveBucket"];
    assert_eq!(bucket["DeletionPolicy"], "Retain");
    let p = &bucket["Properties"];
    assert_eq!(
        p["BucketEncryption"]["ServerSideEncryptionConfiguration"][0]
            ["ServerSideEncryptionByDefault"]["SSEAlgorithm"],
        "AES256"
    );
    assert_eq!(
        p["PublicAccessBlockConfiguration"],
        json!({"BlockPublicAcls": true, "BlockPublicPolicy": true, "IgnorePublicAcls": true, "RestrictPublicBuckets": true})
    );
    assert_eq!(
        p["LifecycleConfiguration"]["Rules"][0]["Transitions"][0],
        json!({"StorageClass": "GLACIER_IR", "TransitionInDays": 30})
    );
    // Versioned: an overwrite or a delete keeps the archived bytes as a noncurrent version,
    // which expires after 90 days.
    assert_eq!(p["VersioningConfiguration"], json!({"Status": "Enabled"}));
    assert_eq!(
        p["LifecycleConfiguration"]["Rules"][1],
        json!({"Id": "ExpireNoncurrentVersions", "Status": "Enabled", "NoncurrentVersionExpiration": {"NoncurrentDays": 90}})
    );
    let policy = &props(&doc, "AuditArchiveBucketPolicy")["PolicyDocument"]["Statement"][0];
    assert_eq!(
        policy["Condition"],
        json!({"Bool": {"aws:SecureTransport": "false"}})
    );
    let function = props(&doc, "AggregatorFunction");
    assert_eq!(
        function["Environment"]["Variables"]["AUDIT_ARCHIVE_BUCKET"],
        json!({"Ref": "AuditArchiveBucket"})
    );
    let filters = &props(&doc, "AggregatorStreamMapping")["FilterCriteria"]["Filters"];
    assert_eq!(
        filters[1]["Pattern"],
        zael::stacks::limiter::AUDIT_REMOVE_FILTER
    );
    let pattern: Value = serde_json::from_str(zael::stacks::limiter::AUDIT_REMOVE_FILTER).unwrap();
    assert_eq!(pattern["eventName"], json!(["REMOVE"]));
    assert_eq!(
        pattern["userIdentity"]["principalId"],
        json!(["dynamodb.amazonaws.com"])
    );

    let off = synth_json(&["--no-audit-archival"]);
    assert!(ids_of_type(&off, "AWS::S3::Bucket").is_empty());
    assert_eq!(
        props(&off, "AggregatorStreamMapping")["FilterCriteria"]["Filters"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    let no_lambda = synth_json(&["--no-aggregator"]);
    assert!(
        ids_of_type(&no_lambda, "AWS::S3::Bucket").is_empty(),
        "no writer, no bucket"
    );
    assert!(
        rejected(&["--audit-archive-glacier-days", "0"]).contains("must be from 1 to 3650 days")
    );
}

#[test]
fn tracing_turns_x_ray_on_with_exactly_its_permissions() {
    let doc = synth_json(&["--enable-tracing"]);
    assert_eq!(
        props(&doc, "AggregatorFunction")["TracingConfig"],
        json!({"Mode": "Active"})
    );
    let statements = &props(&doc, "AggregatorRole")["Policies"][0]["PolicyDocument"]["Statement"];
    let traces: Vec<&Value> = statements
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["Sid"] == "SendTraces")
        .collect();
    assert_eq!(
        traces[0]["Action"],
        json!(["xray:PutTelemetryRecords", "xray:PutTraceSegments"])
    );
    let off = synth_json::<&str>(&[]);
    assert!(props(&off, "AggregatorFunction")
        .get("TracingConfig")
        .is_none());
}

#[test]
fn usage_retention_days_is_the_snapshot_retention() {
    let doc = synth_json(&["--usage-retention-days", "400"]);
    assert_eq!(doc["Parameters"]["SnapshotRetentionDays"]["Default"], 400);
}

#[test]
fn duration_threshold_pct_sets_the_alarm_from_the_timeout() {
    let doc = synth_json(&[
        "--lambda-timeout",
        "100",
        "--lambda-duration-threshold-pct",
        "50",
    ]);
    assert_eq!(props(&doc, "AggregatorDurationAlarm")["Threshold"], 50_000);
    assert!(rejected(&["--lambda-duration-threshold-pct", "0"])
        .contains("must be from 1 to 100 percent"));
}

#[test]
fn tags_follow_aws_rules_and_every_resource_carries_the_stack_identity() {
    let doc = synth_json(&["--tag", "team=payments", "--tag", "team=platform"]);
    for (id, resource) in doc["Resources"].as_object().unwrap() {
        let Some(tags) = resource["Properties"]["Tags"].as_array() else {
            continue;
        };
        assert_eq!(
            tags,
            &vec![
                json!({"Key": "zael:blueprint", "Value": "limiter"}),
                json!({"Key": "zael:stack", "Value": "ZAEL-limiter"}),
                json!({"Key": "team", "Value": "platform"}),
            ],
            "{id}: a later --tag of the same key wins"
        );
    }
    assert_each_rejected(
        "--tag",
        &[
            ("aws:owner=x", "starts with aws:, which AWS reserves"),
            ("=x", "must be 1 to 128 characters"),
            ("team", "expected KEY=VALUE"),
            ("team=a|b", "contains '|'"),
        ],
    );
    let long_key = format!("{}=v", "k".repeat(129));
    assert!(rejected(&["--tag", &long_key]).contains("must be 1 to 128 characters"));
    let long_value = format!("k={}", "v".repeat(257));
    assert!(rejected(&["--tag", &long_value]).contains("must be 1 to 256 characters"));
    // AWS::CloudWatch::Alarm refuses an empty value: refused at the flag, not by layer 1 once
    // per alarm.
    assert!(rejected(&["--tag", "team="]).contains("must be 1 to 256 characters"));
}

#[test]
fn deletion_protection_reaches_the_table() {
    let doc = synth_json(&["--enable-deletion-protection"]);
    assert_eq!(
        props(&doc, "RateLimitsTable")["DeletionProtectionEnabled"],
        true
    );
}

#[test]
fn the_dead_letter_alarm_notifies_like_every_other_alarm() {
    let doc = synth_json::<&str>(&[]);
    let topic = json!({"Ref": "AlarmTopic"});
    for id in ids_of_type(&doc, "AWS::CloudWatch::Alarm") {
        assert_eq!(props(&doc, id)["AlarmActions"], json!([topic]), "{id}");
    }
    assert!(doc["Resources"]["AggregatorDeadLetterAlarm"].is_object());
}
