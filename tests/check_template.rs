//! Layer 1 through `zael check --template`: one deliberately broken template per rule class
//! in tests/fixtures/check/, each saying in `# expect: RULE PATH` lines what must be found.

mod common;

use common::{check_json, element, findings, root, TempFile};
use serde_json::{json, Map, Value};

/// Every layer-1 rule that a fixture file can exercise; ZV103 and ZV104 need templates too
/// large for a fixture and are generated below.
#[test]
fn every_fixture_fails_with_its_expected_rules_and_paths() {
    let dir = root().join("tests/fixtures/check");
    let mut fixtures: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    fixtures.sort();
    let mut covered = Vec::new();
    for fixture in &fixtures {
        let text = std::fs::read_to_string(fixture).unwrap();
        let expected: Vec<(String, String)> = text
            .lines()
            .filter_map(|l| l.strip_prefix("# expect: "))
            .map(|l| {
                let (rule, path) = l.split_once(' ').unwrap();
                (rule.to_string(), path.to_string())
            })
            .collect();
        assert!(
            !expected.is_empty(),
            "{} expects nothing",
            fixture.display()
        );
        let (code, report) = check_json([std::ffi::OsStr::new("--template"), fixture.as_os_str()]);
        assert_eq!(code, 1, "{}: {report:#}", fixture.display());
        let found = findings(&report);
        for expectation in &expected {
            assert!(
                found.contains(expectation),
                "{}: {expectation:?} not in {found:#?}",
                fixture.display()
            );
            covered.push(expectation.0.clone());
        }
    }
    for rule in zael::validate::CHECKS {
        let generated = ["ZV103", "ZV104"].contains(&rule.code());
        assert!(
            generated || covered.iter().any(|c| c == rule.code()),
            "no fixture exercises {}",
            rule.code()
        );
    }
}

fn queues(count: usize, description: &str) -> String {
    let resources: Map<String, Value> = (0..count)
        .map(|i| (format!("Queue{i}"), json!({"Type": "AWS::SQS::Queue"})))
        .collect();
    json!({"Description": description, "Resources": resources}).to_string()
}

#[test]
fn zv103_a_body_over_the_direct_upload_limit_is_a_warning_that_says_s3() {
    let file = TempFile::new("big.json", &queues(1, &"x".repeat(52_000)));
    let (code, report) = check_json([std::ffi::OsStr::new("--template"), file.path.as_os_str()]);
    assert_eq!(code, 0, "warnings alone exit 0: {report:#}");
    let finding = &report["findings"][0];
    assert_eq!(finding["rule"], "ZV103");
    assert_eq!(finding["path"], "Template");
    assert_eq!(finding["severity"], "warning");
    assert!(finding["hint"].as_str().unwrap().contains("S3"));
    assert!(finding["message"].as_str().unwrap().contains("Queue0"));
}

#[test]
fn zv104_resources_warn_at_90_percent_and_fail_over_500() {
    let near = TempFile::new("near.json", &queues(450, ""));
    let (code, report) = check_json([std::ffi::OsStr::new("--template"), near.path.as_os_str()]);
    assert_eq!(code, 0);
    assert_eq!(
        findings(&report),
        [("ZV104".to_string(), "Resources".to_string())]
    );
    let over = TempFile::new("over.json", &queues(501, ""));
    let (code, report) = check_json([std::ffi::OsStr::new("--template"), over.path.as_os_str()]);
    assert_eq!(code, 1);
    assert_eq!(report["findings"][0]["severity"], "error");
}

#[test]
fn a_synthesized_stack_with_a_layer_1_error_names_the_flag_to_change() {
    let name = "n".repeat(45);
    let (code, report) = check_json(["--name", &name, "--role-name-format", "PowerUserPB-{}"]);
    assert_eq!(code, 1);
    // The role name is too long.
    let finding = element(
        &report["findings"],
        "path",
        "Resources.AggregatorRole.Properties.RoleName",
    );
    assert_eq!(finding["rule"], "ZV101");
    assert_eq!(
        finding["source"],
        "--name / profile key name, or --role-name-format / profile key role_name_format"
    );
}

/// `zael check FILE...`: positional files, one report each; the run fails if any file has an
/// error, and a JSON file with a repeated key is bad input naming both lines.
#[test]
fn several_positional_templates_get_one_report_each() {
    let clean = TempFile::new(
        "clean.yaml",
        "\u{feff}Transform: AWS::LanguageExtensions\nResources:\n  Fn::ForEach::Q:\n    - N\n    - [a, b]\n    - Queue${N}:\n        Type: AWS::SQS::Queue\n        Properties:\n          QueueName: !Sub '${ AWS::StackName }-${N}'\n",
    );
    let broken = root().join("tests/fixtures/check/zv212-ranges.yaml");
    let output = common::zael(["check".as_ref(), clean.path.as_os_str(), broken.as_os_str()]);
    let text = common::stdout(&output);
    assert_eq!(output.status.code(), Some(1), "{text}");
    assert_eq!(text.matches("zael check: file ").count(), 2, "{text}");
    assert!(
        text.contains("0 error(s)"),
        "the clean file has its own report: {text}"
    );
    let duplicate = TempFile::new(
        "dup.json",
        "{\"Resources\": {\"A\": {\"Type\": \"AWS::SQS::Queue\"},\n \"A\": {}}}",
    );
    let output = common::zael(["check".as_ref(), duplicate.path.as_os_str()]);
    assert_eq!(output.status.code(), Some(2));
    assert!(common::stdout(&output).is_empty());
    assert!(
        common::stderr(&output).contains("duplicate key \"A\" on lines 1 and 2"),
        "{}",
        common::stderr(&output)
    );
}
