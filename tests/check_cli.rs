//! `zael check` as a process: exit codes, the report on stdout, suppressions in every
//! format, unsuppressible rules, and SARIF that validates against the SARIF 2.1.0 schema.

mod common;

use common::{assert_has_all, check_json, findings, refusal, root, stderr, stdout, zael, TempFile};
use serde_json::Value;
use zael::validate::Example;

fn fixture(name: &str) -> String {
    root()
        .join("tests/fixtures/check")
        .join(name)
        .display()
        .to_string()
}

#[test]
fn a_clean_stack_exits_zero_with_the_report_on_stdout() {
    let output = zael(["check"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(stderr(&output), "");
    let text = stdout(&output);
    assert!(text.starts_with("zael check: zael synth --blueprint limiter\n"));
    assert!(text.contains("0 error(s), 0 warning(s), 0 suppression(s)"));
    assert!(
        !text.contains('\x1b'),
        "no colour when stdout is not a terminal"
    );
}

#[test]
fn findings_exit_one_and_still_print_the_report() {
    let output = zael(["check", "--template", &fixture("zv201-ranges.yaml")]);
    assert_eq!(output.status.code(), Some(1));
    let text = stdout(&output);
    assert_has_all(
        &text,
        &["error ZV201 Resources.Function.Properties.MemorySize"],
    );
    assert!(text.contains("hint: use 128 to 10240 MB"));
}

#[test]
fn a_json_template_and_short_form_yaml_are_both_read() {
    let json = TempFile::new(
        "t.json",
        r#"{"Resources": {"Q": {"Type": "AWS::SQS::Queue"}}}"#,
    );
    assert_eq!(
        check_json([std::ffi::OsStr::new("--template"), json.path.as_os_str()]).0,
        0
    );
    let yaml = TempFile::new("t.yaml", "Resources:\n  Q:\n    Type: AWS::SQS::Queue\n    Properties:\n      QueueName: !Sub '${AWS::StackName}-q'\n");
    assert_eq!(
        check_json([std::ffi::OsStr::new("--template"), yaml.path.as_os_str()]).0,
        0
    );
}

#[test]
fn bad_input_and_usage_exit_two_with_one_line_on_stderr() {
    let broken = TempFile::new("broken.yaml", "Resources: [\n");
    let bad_rules = TempFile::new("bad.guard", "rule {\n");
    let bad_rules_dir = bad_rules.dir.display().to_string();
    let ranges = fixture("zv201-ranges.yaml");
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (
            vec!["--template", "/nonexistent/t.yaml"],
            "error: cannot read --template /nonexistent/t.yaml",
        ),
        (
            vec!["--template", broken.path.to_str().unwrap()],
            "not valid YAML",
        ),
        (
            vec!["--template", &ranges, "--name", "x"],
            "error: --name configures a synthesized stack; it does not apply with --template",
        ),
        (
            vec!["--skip", "ZV201"],
            "error: every --skip needs its --reason: 1 --skip, 0 --reason",
        ),
        (
            vec!["--skip", "ZV999", "--reason", "typo"],
            "error: --skip ZV999: no such rule",
        ),
        (
            vec!["--pack", "nope"],
            "no such pack; bundled: baseline, production",
        ),
        (
            vec!["--rules", &bad_rules_dir],
            "bad.guard:1:6: cannot parse the rule file at '{'",
        ),
        (
            vec!["--blueprint", "redis", "--lambda-memory", "512"],
            "error: --lambda-memory does not apply to --blueprint redis",
        ),
    ];
    for (args, expected) in cases {
        let mut all = vec!["check"];
        all.extend(args.iter().copied());
        let error = refusal(&zael(&all), &args);
        assert!(error.contains(expected), "{args:?}: {error}");
    }
}

#[test]
fn a_suppression_turns_findings_into_listed_suppressions() {
    let args = [
        "--pack",
        "production",
        "--skip",
        "ZG201",
        "--reason",
        "PITR costs more than the data is worth in dev",
    ];
    let (code, report) = check_json(
        [
            "--name",
            "prod",
            "--log-retention-days",
            "90",
            "--alarm-sns-topic",
            "arn:aws:sns:us-east-1:123456789012:alerts",
        ]
        .iter()
        .chain(&args),
    );
    assert_eq!(code, 0, "{report:#}");
    let suppression = &report["suppressions"][0];
    assert_eq!(suppression["rule"], "ZG201");
    assert_eq!(
        suppression["reason"],
        "PITR costs more than the data is worth in dev"
    );
    assert_eq!(
        suppression["suppressed"][0]["rule"],
        "ZG201_table_pitr_enabled"
    );
    for (format, needle) in [
        ("text", "suppressed ZG201 (1 finding(s)): PITR costs"),
        ("sarif", "\"justification\": \"PITR costs"),
        ("junit", "<skipped message=\"suppressed: PITR costs"),
    ] {
        let mut all = vec!["check", "--format", format];
        all.extend(args);
        let output = zael(&all);
        assert_eq!(
            output.status.code(),
            Some(1),
            "{format}: the other production rules still fail"
        );
        assert!(
            stdout(&output).contains(needle),
            "{format}: {}",
            stdout(&output)
        );
    }
}

#[test]
fn unsuppressible_rules_refuse_a_skip() {
    // Marked `# zael: unsuppressible` in rules/baseline/ZG101_table_encrypted.guard.
    let output = zael(["check", "--skip", "ZG101", "--reason", "trust me"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains(
        "rule ZG101_table_encrypted may not be suppressed (marked `# zael: unsuppressible`"
    ));
    // Made unsuppressible by the organisation on the command line.
    let output = zael([
        "check",
        "--no-skip",
        "ZV201",
        "--skip",
        "ZV201",
        "--reason",
        "x",
    ]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("rule ZV201 may not be suppressed (--no-skip)"));
}

#[test]
fn user_rules_run_beside_the_bundled_packs() {
    let rules = TempFile::new(
        "naming.guard",
        "rule ORG1_table_named_for_the_team {\n  Resources.*[ Type == 'AWS::DynamoDB::Table' ].Properties.TableName == /^ZAEL-team-/\n  <<\n    Violation: tables are named for their team\n    Fix: pass --name team-...\n  >>\n}\n",
    );
    let dir = rules.dir.display().to_string();
    let (code, report) = check_json(["--rules", &dir]);
    assert_eq!(code, 1);
    let finding = &report["findings"][0];
    assert_eq!(finding["rule"], "ORG1_table_named_for_the_team");
    assert_eq!(
        finding["path"],
        "Resources.RateLimitsTable.Properties.TableName"
    );
    assert_eq!(finding["message"], "tables are named for their team");
    assert_eq!(finding["source"], "--name / profile key name");
    assert_eq!(check_json(["--rules", &dir, "--name", "team-a"]).0, 0);
}

/// The schema is SARIF 2.1.0 (final, "rtm.5") as the npm package @microsoft/jest-sarif
/// 1.0.0-beta.0 ships it (lib/schemas/sarif-2.1.0-rtm.5.json, MIT), with one fix: the
/// `language` patterns (of run and toolComponent) `^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$` has a stray `]` that no
/// regex engine of the jsonschema crate accepts; it reads `^[a-zA-Z]{2}(-[a-zA-Z]{2})?$`.
#[test]
fn sarif_output_validates_against_the_sarif_2_1_0_schema() {
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("tests/fixtures/sarif-schema-2.1.0.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let enumerations = fixture("zv202-enumerations.yaml");
    let ranges = fixture("zv212-ranges.yaml");
    let runs = [
        vec!["check", "--format", "sarif"],
        vec!["check", "--format", "sarif", "--template", &enumerations],
        vec!["check", "--format", "sarif", &enumerations, &ranges],
        vec![
            "check",
            "--format",
            "sarif",
            "--pack",
            "production",
            "--skip",
            "ZG201",
            "--reason",
            "dev stack",
        ],
    ];
    for args in runs {
        let output = zael(&args);
        let sarif: Value = serde_json::from_slice(&output.stdout).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&sarif)
            .map(|e| format!("{e} at {}", e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{args:?}: {errors:#?}");
        assert_eq!(sarif["version"], "2.1.0");
    }
}

/// Several templates are one document per format: one JSON object with a report per file,
/// one SARIF run whose results point at each file, one JUnit test suite per file.
#[test]
fn several_templates_are_one_document_in_each_format() {
    let (first, second) = (
        fixture("zv202-enumerations.yaml"),
        fixture("zv212-ranges.yaml"),
    );
    let output = zael(["check", "--format", "json", &first, &second]);
    assert_eq!(output.status.code(), Some(1));
    let json: Value = serde_json::from_slice(&output.stdout).expect("one JSON document");
    let reports = json["reports"].as_array().unwrap();
    let subjects: Vec<&str> = reports
        .iter()
        .map(|r| r["subject"].as_str().unwrap())
        .collect();
    assert_eq!(
        subjects,
        [format!("file {first}"), format!("file {second}")]
    );
    let errors: u64 = reports.iter().map(|r| r["errors"].as_u64().unwrap()).sum();
    assert_eq!(json["errors"], errors);
    assert!(errors >= 2);

    let output = zael(["check", "--format", "sarif", &first, &second]);
    let sarif: Value = serde_json::from_slice(&output.stdout).expect("one SARIF log");
    assert_eq!(sarif["runs"].as_array().unwrap().len(), 1);
    let mut uris: Vec<&str> = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                .as_str()
                .unwrap()
        })
        .collect();
    uris.dedup();
    assert_eq!(uris, [first.as_str(), second.as_str()]);

    let output = zael(["check", "--format", "junit", &first, &second]);
    let xml = stdout(&output);
    assert_eq!(xml.matches("<testsuites ").count(), 1, "{xml}");
    assert_eq!(xml.matches("<testsuite ").count(), 2, "{xml}");
    assert!(xml.starts_with("<?xml"));
}

#[test]
fn junit_lists_every_rule_as_a_test_case() {
    let output = zael([
        "check",
        "--format",
        "junit",
        "--template",
        &fixture("zv203-arn-shapes.yaml"),
    ]);
    assert_eq!(output.status.code(), Some(1));
    let xml = stdout(&output);
    assert!(xml.starts_with(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"zael check\""
    ));
    assert!(xml.contains(
        "<testcase classname=\"layer 1\" name=\"ZV203 ARN shapes\">\n      <failure message="
    ));
    let rules = zael(["check", "--list-rules"]);
    let count = stdout(&rules).lines().count();
    assert_eq!(xml.matches("<testcase ").count(), count);
}

#[test]
fn explain_prints_every_layer_one_rule_from_the_registry_and_a_guard_rule_from_its_file() {
    for rule in zael::validate::CHECKS {
        let output = zael(["explain", rule.code()]);
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        let text = stdout(&output);
        let explanation = rule.explanation();
        let head = format!(
            "{} {} (layer 1)\n\nChecks: {}\n\nWhy: {}\n\n",
            rule.code(),
            rule.title(),
            rule.doc(),
            explanation.why
        );
        assert!(text.starts_with(&head), "{text}");
        match explanation.example {
            Example::Templates(_) => {
                let (fails, passes) = explanation.example.templates().unwrap();
                let (reported, fixed) = example_templates(&text);
                assert_eq!((reported.as_str(), fixed.as_str()), (fails, passes));
            }
            Example::Described { fails, fix } => assert!(
                text.ends_with(&format!("Reported: {fails}\n\nFix: {fix}\n")),
                "{text}"
            ),
        }
    }
    let output = zael(["explain", "ZG101"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(
        text.starts_with("ZG101_table_encrypted (rules/baseline/ZG101_table_encrypted.guard)\n"),
        "{text}"
    );
    assert_has_all(&text, &["rule ZG101_table_encrypted when"]);

    let output = zael(["explain", "ZV999"]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(stdout(&output), "");
    assert_eq!(
        stderr(&output),
        "error: explain ZV999: no such rule (see `zael check --list-rules`)\n"
    );
}

/// The two templates of `zael explain`'s example, unindented.
fn example_templates(text: &str) -> (String, String) {
    let block = |from: &str, to: Option<&str>| {
        let start = text.find(from).expect("the section") + from.len();
        let end = to.map_or(text.len(), |to| text.find(to).expect("the next section"));
        text[start..end]
            .lines()
            .filter_map(|line| line.strip_prefix("    "))
            .map(|line| format!("{line}\n"))
            .collect::<String>()
    };
    (
        block("Reported:\n\n", Some("Fixed:\n")),
        block("Fixed:\n\n", None),
    )
}

/// What `zael explain` shows is what `zael check` does: its reported example, checked as a
/// file, is reported under that rule, and its fixed one is not.
#[test]
fn an_explained_example_is_reported_by_zael_check() {
    let output = zael(["explain", "zv204"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let (reported, fixed) = example_templates(&stdout(&output));
    let rules_reported = |template: &str| {
        let file = TempFile::new("example.yaml", template);
        let (_, report) = check_json([std::ffi::OsStr::new("--template"), file.path.as_os_str()]);
        findings(&report)
            .into_iter()
            .map(|(rule, _)| rule)
            .collect::<Vec<_>>()
    };
    assert!(rules_reported(&reported).contains(&"ZV204".to_string()));
    assert!(!rules_reported(&fixed).contains(&"ZV204".to_string()));
}
