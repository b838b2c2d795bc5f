//! `zael diff --template OLD` as a user runs it: generated edits of the bundled variants,
//! each asserting its label (from CloudFormation's schemas), its hazards and the exit code.

mod common;

use common::{
    assert_has_all, default_template, element, stderr, stdout, synth_json, variants, zael,
};
use serde_json::{json, Value};

/// Writes `old` to a temporary file and runs `zael diff --template FILE EXTRA...`.
fn diff(old: &Value, extra: &[&str]) -> (i32, String) {
    let dir = std::env::temp_dir().join(format!(
        "zael-diff-{}-{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("old.json");
    std::fs::write(&path, serde_json::to_string_pretty(old).unwrap()).unwrap();
    let mut args = vec!["diff", "--template", path.to_str().unwrap()];
    args.extend(extra);
    let output = zael(&args);
    std::fs::remove_dir_all(&dir).unwrap();
    let code = output.status.code().unwrap();
    assert!(code != 2, "{args:?}: {}", stderr(&output));
    (code, stdout(&output))
}

fn json_diff(old: &Value, flags: &[&str]) -> (i32, Value) {
    let mut extra = vec!["--format", "json"];
    extra.extend(flags);
    let (code, out) = diff(old, &extra);
    (code, serde_json::from_str(&out).unwrap())
}

fn resource<'a>(report: &'a Value, id: &str) -> &'a Value {
    element(&report["resources"], "logical_id", id)
}

fn property<'a>(resource: &'a Value, name: &str) -> &'a Value {
    element(&resource["properties"], "property", name)
}

#[test]
fn every_variant_against_itself_has_no_changes() {
    for (name, flags) in variants() {
        let template = synth_json(&flags);
        let flags: Vec<&str> = flags.iter().map(String::as_str).collect();
        let (code, out) = diff(&template, &flags);
        assert_eq!(code, 0, "{name}: {out}");
        assert!(out.ends_with("no changes\n"), "{name}: {out}");
    }
}

/// Every scalar as a string: what CloudFormation itself turns them into.
fn stringify(value: &mut Value) {
    match value {
        Value::Object(map) => map.values_mut().for_each(stringify),
        Value::Array(items) => items.iter_mut().for_each(stringify),
        Value::Number(n) => *value = Value::String(n.to_string()),
        Value::Bool(b) => *value = Value::String(b.to_string()),
        _ => {}
    }
}

#[test]
fn numbers_written_as_strings_are_no_change() {
    for (name, flags) in variants() {
        let mut old = synth_json(&flags);
        stringify(&mut old);
        let flags: Vec<&str> = flags.iter().map(String::as_str).collect();
        let (code, out) = diff(&old, &flags);
        assert_eq!(code, 0, "{name}: {out}");
    }
}

#[test]
fn a_changed_table_key_replaces_the_retained_fixed_name_table() {
    let mut old = default_template();
    old["Resources"]["RateLimitsTable"]["Properties"]["KeySchema"][1]["AttributeName"] =
        json!("SortKey");
    let (code, report) = json_diff(&old, &[]);
    assert_eq!(code, 3, "{report:#}");
    assert_eq!(report["exit_code"], 3);
    let table = resource(&report, "RateLimitsTable");
    // DynamoDB's schema lists KeySchema as conditionally create-only.
    assert_eq!(table["action"], "may-replace");
    assert_eq!(table["stateful"], true);
    let key = property(table, "KeySchema");
    assert_eq!(key["label"], "conditional");
    assert_eq!(key["cause"], "KeySchema");
    let hazards = table["hazards"].to_string();
    assert_has_all(
        &hazards,
        &[
            "fixed name (TableName ZAEL-limiter)",
            "UpdateReplacePolicy Retain",
        ],
    );
}

#[test]
fn a_removed_local_secondary_index_cannot_be_updated() {
    let mut old = default_template();
    let lsis = old["Resources"]["RateLimitsTable"]["Properties"]["LocalSecondaryIndexes"]
        .as_array_mut()
        .unwrap();
    lsis.pop();
    let (code, out) = diff(&old, &[]);
    assert_eq!(code, 1, "{out}");
    assert_has_all(
        &out,
        &[
            "[~] AWS::DynamoDB::Table RateLimitsTable (stateful)",
            "~ LocalSecondaryIndexes: update not supported (LocalSecondaryIndexes)",
            "!! CloudFormation does not support updating LocalSecondaryIndexes: the update fails and rolls back",
        ],
    );
}

#[test]
fn a_new_name_replaces_every_named_resource_without_the_fixed_name_hazard() {
    let old = synth_json(&["--name", "old"]);
    let (code, report) = json_diff(&old, &[]);
    assert_eq!(code, 3, "{report:#}");
    let table = resource(&report, "RateLimitsTable");
    assert_eq!(property(table, "TableName")["label"], "replacement");
    assert!(!table["hazards"].to_string().contains("fixed name"));
    let function = resource(&report, "AggregatorFunction");
    assert_eq!(property(function, "FunctionName")["label"], "replacement");
}

#[test]
fn tags_and_alarm_thresholds_update_in_place() {
    let mut old = synth_json(&["--tag", "team=platform"]);
    let tags = old["Resources"]["AggregatorDeadLetterQueue"]["Properties"]["Tags"]
        .as_array_mut()
        .unwrap();
    let last = tags.len() - 1;
    tags[last]["Value"] = json!("payments");
    let alarm = old["Resources"]
        .as_object_mut()
        .unwrap()
        .iter_mut()
        .find(|(_, r)| r["Type"] == "AWS::CloudWatch::Alarm")
        .map(|(id, r)| {
            r["Properties"]["Threshold"] = json!(12345);
            id.clone()
        })
        .unwrap();
    let (code, report) = json_diff(&old, &["--tag", "team=platform"]);
    assert_eq!(code, 1, "{report:#}");
    let queue = resource(&report, "AggregatorDeadLetterQueue");
    assert_eq!(queue["action"], "update");
    let tag = property(queue, "Tags");
    assert_eq!(tag["label"], "no-interruption");
    assert_eq!(tag["changes"][0]["new"], "platform");
    let alarm = resource(&report, &alarm);
    assert_eq!(property(alarm, "Threshold")["label"], "no-interruption");
    assert_eq!(property(alarm, "Threshold")["changes"][0]["old"], 12345);
}

#[test]
fn iam_statements_are_listed_apart() {
    let mut old = default_template();
    let statements = old["Resources"]["AggregatorRole"]["Properties"]["Policies"][0]
        ["PolicyDocument"]["Statement"]
        .as_array_mut()
        .unwrap();
    let dropped = statements.remove(0);
    let (code, out) = diff(&old, &[]);
    assert_eq!(code, 1, "{out}");
    assert_has_all(
        &out,
        &["\nIAM statement changes\n+ AggregatorRole Policies."],
    );
    let action = dropped["Action"].to_string();
    let first_action = dropped["Action"][0]
        .as_str()
        .map_or(action.clone(), str::to_string);
    assert!(out.contains(&first_action), "{first_action} in {out}");
}

#[test]
fn security_group_rules_are_listed_apart() {
    let flags = variants()
        .into_iter()
        .find(|(name, _)| name == "redis-default")
        .unwrap()
        .1;
    let mut old = synth_json(&flags);
    let group = old["Resources"]
        .as_object_mut()
        .unwrap()
        .values_mut()
        .find(|r| r["Type"] == "AWS::EC2::SecurityGroupIngress")
        .expect("the redis tier opens its port with an ingress resource");
    group["Properties"]["FromPort"] = json!(22);
    let flags: Vec<&str> = flags.iter().map(String::as_str).collect();
    let (code, out) = diff(&old, &flags);
    assert!(code == 1 || code == 3, "{out}");
    assert_has_all(&out, &["\nSecurity group changes\n- "]);
    assert!(
        out.contains("ingress: {\"CidrIp") || out.contains("ingress: {"),
        "{out}"
    );
}

#[test]
fn a_deleted_stateful_resource_exits_3_and_says_it_stays_behind() {
    let old = default_template();
    let (code, out) = diff(&old, &["--no-audit-archival"]);
    assert_eq!(code, 3, "{out}");
    assert_has_all(
        &out,
        &[
            "[-] AWS::S3::Bucket AuditArchiveBucket (stateful)",
            "it is retained (DeletionPolicy Retain)",
        ],
    );
}

#[test]
fn output_is_deterministic() {
    let old = synth_json(&["--name", "old", "--lambda-memory", "512"]);
    // The subject names the temporary file; everything else must be byte-identical.
    let strip = |(code, out): (i32, String)| {
        let body: Vec<&str> = out.lines().filter(|l| !l.contains("\"subject\"")).collect();
        (code, body.join("\n"))
    };
    let first = strip(diff(&old, &["--format", "json"]));
    let second = strip(diff(&old, &["--format", "json"]));
    assert_eq!(first.0, 3);
    assert_eq!(first, second);
}

#[test]
fn bad_input_exits_2_naming_the_file() {
    let output = zael(["diff", "--template", "/nonexistent/old.yaml"]);
    assert_eq!(output.status.code(), Some(2));
    assert_has_all(&stderr(&output), &["--template /nonexistent/old.yaml"]);
    let dir = std::env::temp_dir().join(format!("zael-diff-bad-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("old.yaml");
    std::fs::write(&path, "Description: no resources\n").unwrap();
    let output = zael(["diff", "--template", path.to_str().unwrap()]);
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert_has_all(&stderr(&output), &["no Resources"]);
    assert!(stdout(&output).is_empty());
}

/// An API template compared with the limiter (the `--blueprint` forgotten) is every resource
/// replaced: the subject says the blueprints differ and which flag compares the same system.
#[test]
fn a_template_of_another_blueprint_is_named_as_such() {
    let api = synth_json(&["--blueprint", "api"]);
    let (code, report) = json_diff(&api, &[]);
    assert_eq!(code, 3);
    let subject = report["subject"].as_str().unwrap();
    assert!(
        subject.ends_with("→ zael synth (the old template is blueprint api, the new one limiter: give --blueprint api to compare the same system)"),
        "{subject}"
    );
    let (code, text) = diff(&api, &["--blueprint", "api"]);
    assert_eq!(code, 0);
    assert!(!text.contains("blueprint api, the new one"), "{text}");
}
