//! Each bundled rule, handed only the resources and properties it reads (issue 21's worst
//! cases took seconds and hundreds of MB in cfn-guard's copies of the rest), finds exactly
//! what it finds on the whole template, in the same order: on every synthesized variant, the
//! packs' own rule-test inputs, the layer-1 fixtures, the corpus of public templates and
//! scaled-down copies of the worst cases at CloudFormation's limits.

mod common;

use serde_json::{json, Map, Value};
use zael::check::guard::{evaluate, evaluate_pruned, GuardFailure, RuleFile};
use zael::check::guard_data;
use zael::check::input::parse_template;
use zael::check::packs::PACKS;

fn bundled() -> Vec<RuleFile> {
    PACKS.iter().flat_map(|pack| pack.rule_files()).collect()
}

/// Guard's input for a template, as `zael check` builds it, with a 365-day minimum log
/// retention.
fn check_data(document: &Value, require_boundary: bool) -> Map<String, Value> {
    guard_data(document, 365, require_boundary)
}

/// The failures both ways, which must be equal; returned so a suite can show it found some.
fn same_findings(name: &str, data: &Map<String, Value>, files: &[RuleFile]) -> Vec<GuardFailure> {
    let whole = evaluate(&Value::Object(data.clone()).to_string(), files).unwrap();
    let pruned = evaluate_pruned(data, files).unwrap();
    assert_eq!(pruned, whole, "{name}");
    whole
}

#[test]
fn synthesized_variants() {
    let files = bundled();
    let mut found = 0;
    for (name, flags) in common::variants() {
        let document = common::synth_json(&flags);
        for boundary in [false, true] {
            found += same_findings(&name, &check_data(&document, boundary), &files).len();
        }
    }
    assert!(
        found > 0,
        "the production pack finds something on the default stack"
    );
}

#[test]
fn the_packs_own_rule_test_inputs() {
    let files = bundled();
    let mut found = 0;
    for pack in PACKS {
        let dir = common::root().join(pack.dir).join("tests");
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let cases: Value =
                serde_norway::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
            for case in cases.as_array().unwrap() {
                let Some(input) = case["input"].as_object() else {
                    continue;
                };
                let name = format!("{}: {}", path.display(), case["name"]);
                found += same_findings(&name, input, &files).len();
            }
        }
    }
    assert!(found > 10, "the FAIL cases fail: {found}");
}

#[test]
fn fixtures_and_the_public_corpus() {
    let files = bundled();
    let mut checked = 0;
    for dir in ["tests/fixtures/check", "tests/corpus/templates"] {
        for path in files_under(&common::root().join(dir)) {
            let Ok(text) = std::fs::read_to_string(&path) else {
                continue;
            };
            let Ok(document) = parse_template(&text) else {
                continue;
            };
            if document.get("Resources").is_none_or(|r| !r.is_object()) {
                continue;
            }
            same_findings(
                &path.display().to_string(),
                &check_data(&document, true),
                &files,
            );
            checked += 1;
        }
    }
    assert!(checked > 100, "{checked} templates");
}

/// `scripts/worst-templates.py`'s shapes, small: a queue with many tags, resources that each
/// depend on all earlier ones, dense intrinsics; with findings to keep (an unencrypted queue
/// and table, wildcard IAM).
#[test]
fn worst_case_shapes() {
    let files = bundled();
    let tags: Vec<Value> = (0..300)
        .map(|i| json!({"Key": format!("k{i}"), "Value": format!("v{i}")}))
        .collect();
    let mut resources = Map::new();
    resources.insert(
        "Tagged".into(),
        json!({"Type": "AWS::SQS::Queue", "Properties": {"SqsManagedSseEnabled": false, "Tags": tags}}),
    );
    let ids: Vec<String> = (0..40).map(|i| format!("R{i}")).collect();
    for (i, id) in ids.iter().enumerate() {
        let refs: Vec<&String> = (1..=5).map(|k| &ids[(i + k) % ids.len()]).collect();
        resources.insert(
            id.clone(),
            json!({
                "Type": if i % 2 == 0 { "AWS::SQS::Queue" } else { "AWS::DynamoDB::Table" },
                "DependsOn": ids[..i],
                "DeletionPolicy": if i % 3 == 0 { "Retain" } else { "Delete" },
                "Properties": {
                    "QueueName": {"Fn::Join": ["-", refs.iter().map(|r| json!({"Ref": r})).collect::<Vec<_>>()]},
                    "RedrivePolicy": {"Fn::Sub": refs.iter().map(|r| format!("${{{r}.Arn}}")).collect::<String>()},
                    "Tags": refs.iter().map(|r| json!({"Key": r, "Value": {"Fn::GetAtt": [r, "Arn"]}})).collect::<Vec<_>>(),
                },
            }),
        );
    }
    resources.insert(
        "Role".into(),
        json!({"Type": "AWS::IAM::Role", "Properties": {"Policies": [{"PolicyName": "p", "PolicyDocument": {
            "Statement": [{"Effect": "Allow", "Action": ["s3:*", "dynamodb:ListTables"], "Resource": "*"}]}}]}}),
    );
    let document = json!({"Resources": resources, "Outputs": {"O": {"Value": {"Ref": "R0"}}}});
    let found = same_findings("worst cases", &check_data(&document, true), &files);
    assert!(found.len() > 20, "{found:#?}");
}

fn files_under(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return files;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            files.extend(files_under(&path));
        } else {
            files.push(path);
        }
    }
    files.sort();
    files
}
