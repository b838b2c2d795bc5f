//! `zael fleet plan --offline` as a user runs it: the example fleet, a deployed state, and
//! every kind of bad fleet file (exit 2, naming the key path, what was wrong and what is
//! allowed).

mod common;

use std::path::PathBuf;

use common::{assert_has_all, checked_in_schema, refusal, root, stderr, stdout, zael};
use serde_json::{json, Value};

/// A directory of its own holding `fleet.yaml` with `text`; `{prod}` stands for the path of
/// stacks/prod.yaml.
fn fleet_file(test: &str, text: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("zael-fleet-{}-{test}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("fleet.yaml");
    let prod = root().join("stacks/prod.yaml");
    std::fs::write(&path, text.replace("{prod}", &prod.display().to_string())).unwrap();
    path
}

fn run_plan(path: &std::path::Path, extra: &[&str]) -> std::process::Output {
    let mut args = vec![
        "fleet".to_string(),
        "plan".into(),
        path.display().to_string(),
        "--offline".into(),
    ];
    args.extend(extra.iter().map(|s| s.to_string()));
    zael(&args)
}

fn plan_json(path: &std::path::Path, extra: &[&str]) -> (i32, Value) {
    let mut args = vec!["--format", "json"];
    args.extend(extra);
    let output = run_plan(path, &args);
    let code = output.status.code().unwrap();
    assert!(
        output.stdout.len() > 2,
        "exit {code}, no plan: {}",
        stderr(&output)
    );
    (code, serde_json::from_slice(&output.stdout).unwrap())
}

const SMALL: &str = "profile: {prod}
artifact_bucket: zael-artifacts-{region}
permissions:
  model: self-managed
targets:
  - accounts: [\"111111111111\", \"222222222222\"]
    regions: [us-east-1]
  - accounts: [\"333333333333\"]
    regions: [us-east-1]
    overrides:
      log_retention_days: 365
";

#[test]
fn the_example_fleet_plans_every_target_as_a_create_in_waves() {
    let output = zael(["fleet", "plan", "fleets/prod.yaml", "--offline"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(text.starts_with("Fleet fleets/prod.yaml (offline, nothing deployed): 2 stack set(s), 5 target(s): 5 create, 0 update, 0 no change, 0 delete\n"), "{text}");
    // The audit account's retention is a parameter override of the same stack set.
    assert_has_all(
        &text,
        &[
            "333333333333/us-east-1  ZAEL-prod-limiter       create     2     new stack, parameter LogRetentionDays = 365",
            "1  ZAEL-prod-limiter (canary): 111111111111/us-east-1\n",
            "2  ZAEL-prod-limiter: 222222222222/us-east-1, 333333333333/us-east-1\n",
            "ZAEL-prod-limiter-euw1 (new, 2 target(s)): created",
        ],
    );
    // Deterministic: the same fleet gives the same bytes.
    let again = zael(["fleet", "plan", "fleets/prod.yaml", "--offline"]);
    assert_eq!(output.stdout, again.stdout);
}

#[test]
fn json_carries_the_same_plan() {
    let (code, plan) = plan_json(&root().join("fleets/prod.yaml"), &[]);
    assert_eq!(code, 1);
    assert_eq!(plan["exit_code"], 1);
    assert_eq!(plan["counts"]["create"], 5);
    assert_eq!(plan["targets"].as_array().unwrap().len(), 5);
    assert_eq!(plan["waves"][0]["canary"], true);
    assert_eq!(
        plan["waves"][0]["targets"],
        json!(["111111111111/us-east-1"])
    );
    assert_eq!(
        plan["rollout"]["region_order"],
        json!(["us-east-1", "eu-west-1"])
    );
}

#[test]
fn strict_concurrency_is_at_most_the_tolerance_plus_one() {
    let path = fleet_file(
        "strict",
        &format!("{SMALL}rollout:\n  max_concurrent: 3\n  failure_tolerance: 0\n"),
    );
    let (_, plan) = plan_json(&path, &[]);
    // Three accounts, concurrency 3 asked, but no failure tolerated: one at a time.
    assert_eq!(plan["waves"].as_array().unwrap().len(), 3);
    let soft = fleet_file(
        "soft",
        &format!("{SMALL}rollout:\n  max_concurrent: 3\n  failure_tolerance: 0\n  concurrency_mode: soft\n"),
    );
    let (_, plan) = plan_json(&soft, &[]);
    assert_eq!(plan["waves"].as_array().unwrap().len(), 1);
    let percent = fleet_file(
        "percent",
        &format!("{SMALL}rollout:\n  max_concurrent: \"67%\"\n  failure_tolerance: \"50%\"\n"),
    );
    // 67% of 3 rounds down to 2; 50% of 3 tolerates 1: two at once.
    let (_, plan) = plan_json(&percent, &[]);
    assert_eq!(plan["waves"].as_array().unwrap().len(), 2);
}

#[test]
fn parallel_regions_share_waves() {
    let path = fleet_file(
        "parallel",
        "profile: {prod}
artifact_bucket: zael-artifacts-{region}
permissions: {model: self-managed}
targets:
  - accounts: [\"111111111111\"]
    regions: [us-east-1]
  - accounts: [\"222222222222\"]
    regions: [eu-west-1]
    overrides: {alarm_sns_topic: \"arn:aws:sns:eu-west-1:123456789012:alerts\"}
rollout: {region_concurrency: parallel}
",
    );
    let output = run_plan(&path, &[]);
    // The alarm topic is no parameter: the two targets need different templates.
    assert_eq!(output.status.code(), Some(2));
    assert_has_all(
        &stderr(&output),
        &["targets[1]: its template differs from that of targets[0] at Resources."],
    );
    assert_has_all(&stderr(&output), &["give these targets their own name"]);
    let path = fleet_file(
        "parallel-ok",
        "blueprint: redis
permissions: {model: self-managed}
targets:
  - accounts: [\"111111111111\", \"222222222222\"]
    regions: [us-east-1, eu-west-1]
rollout: {region_concurrency: parallel, max_concurrent: 1}
",
    );
    let (_, plan) = plan_json(&path, &[]);
    let waves = plan["waves"].as_array().unwrap();
    assert_eq!(waves.len(), 2, "{plan:#}");
    assert_eq!(
        waves[0]["targets"],
        json!(["111111111111/us-east-1", "111111111111/eu-west-1"])
    );
}

/// A deployed state as `zael fleet status --format json` writes it, from the plan's own
/// template.
fn deployed_from(template: &Value, instances: Value) -> Value {
    json!({"stack_sets": [{
        "name": "ZAEL-prod-limiter",
        "status": "ACTIVE",
        "template": template,
        "parameters": {},
        "instances": instances,
    }]})
}

fn prod_template() -> Value {
    let output = zael([
        "synth",
        "--stack",
        "stacks/prod.yaml",
        "--format",
        "json",
        "--artifact-bucket",
        "zael-artifacts-us-east-1",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    serde_json::from_slice(&output.stdout).unwrap()
}

/// `zael fleet plan` of the fleet file at `path` against the deployed state file
/// `deployed`, which must exit `code`: what it printed.
fn plan_text(path: &std::path::Path, deployed: &str, code: i32) -> String {
    let output = run_plan(path, &["--deployed", deployed]);
    let text = stdout(&output);
    assert_eq!(output.status.code(), Some(code), "{text}");
    text
}

/// Writes the deployed state `json` as `deployed.json` beside the fleet file at `path`: its
/// path, for `--deployed`.
fn deployed_file(path: &std::path::Path, json: &str) -> String {
    let file = path.with_file_name("deployed.json");
    std::fs::write(&file, json).unwrap();
    file.display().to_string()
}

fn instance(account: &str, overrides: Value) -> Value {
    json!({"account": account, "region": "us-east-1", "status": "CURRENT", "parameter_overrides": overrides})
}

/// SMALL's three accounts deployed from the prod template, the audit account (333333333333)
/// with `audit_retention` days of logs, then each of `others` without overrides.
fn small_fleet_deployed(audit_retention: &str, others: &[&str]) -> Value {
    let mut instances = vec![
        instance("111111111111", json!({})),
        instance("222222222222", json!({})),
        instance("333333333333", json!({"LogRetentionDays": audit_retention})),
    ];
    instances.extend(others.iter().map(|account| instance(account, json!({}))));
    deployed_from(&prod_template(), Value::Array(instances))
}

#[test]
fn against_a_deployed_state_targets_are_no_change_update_or_delete() {
    let path = fleet_file("deployed", SMALL);
    let state = small_fleet_deployed("365", &[]);
    let deployed = deployed_file(&path, &state.to_string());
    let (code, plan) = plan_json(&path, &["--deployed", &deployed]);
    assert_eq!(code, 0, "{plan:#}");
    assert_eq!(plan["counts"]["no_change"], 3);
    assert!(plan["waves"].as_array().unwrap().is_empty());

    // The audit account's override reverted, and an account no longer targeted.
    let state = small_fleet_deployed("90", &["444444444444"]);
    let deployed = deployed_file(&path, &state.to_string());
    // Deleting a stack deletes its table: a stateful deletion exits 3.
    let text = plan_text(&path, &deployed, 3);
    assert_has_all(
        &text,
        &[
            "333333333333/us-east-1  ZAEL-prod-limiter  update     1     parameter LogRetentionDays 90 → 365",
            "444444444444/us-east-1  ZAEL-prod-limiter  delete     -     stack deleted",
        ],
    );
}

#[test]
fn a_replaced_table_is_labelled_first_and_exits_3() {
    let path = fleet_file("replace", SMALL);
    let mut old = prod_template();
    // The deployed table had another name: the new one replaces it.
    old["Resources"]["RateLimitsTable"]["Properties"]["TableName"] = json!("ZAEL-old");
    let state = deployed_from(&old, json!([instance("111111111111", json!({}))]));
    let deployed = deployed_file(&path, &state.to_string());
    let (code, plan) = plan_json(&path, &["--deployed", &deployed]);
    assert_eq!(code, 3, "{plan:#}");
    let first = &plan["targets"][0];
    assert_eq!(first["action"], "update");
    assert_eq!(
        first["changes"][0], "replacement RateLimitsTable (stateful)",
        "{first:#}"
    );
    assert_eq!(plan["targets"][1]["action"], "create");
}

/// Each bad fleet file: exit 2, nothing on stdout, and the message's parts.
#[test]
fn bad_fleet_files_name_the_key_what_was_wrong_and_what_is_allowed() {
    let base = "profile: {prod}\nartifact_bucket: zael-artifacts-{region}\npermissions: {model: self-managed}\n";
    let cases: &[(&str, String, &[&str])] = &[
        ("unknown-key", format!("{base}targets: []\nrolout: {{}}\n"), &["unknown key \"rolout\"; did you mean \"rollout\"?"]),
        ("no-targets", format!("{base}targets: []\n"), &["fleet.yaml:4:10: targets: a fleet needs at least one target"]),
        ("short-account", format!("{base}targets:\n  - accounts: [12345678901]\n    regions: [us-east-1]\n"), &["targets[0].accounts[0]", "quote it (\"012345678901\")"]),
        ("bad-region", format!("{base}targets:\n  - accounts: [\"111111111111\"]\n    regions: [useast1]\n"), &["targets[0].regions[0]", "expected a region name such as us-east-1"]),
        ("units-self-managed", format!("{base}targets:\n  - organizational_units: [ou-ab12-cd34ef56]\n    regions: [us-east-1]\n"), &["targets[0].organizational_units: self-managed permissions deploy to accounts"]),
        ("accounts-service-managed", "profile: {prod}\nartifact_bucket: a-{region}\npermissions: {model: service-managed}\ntargets:\n  - accounts: [\"111111111111\"]\n    regions: [us-east-1]\n".into(), &["targets[0].accounts: service-managed permissions deploy to organizational_units"]),
        ("bad-model", "profile: {prod}\npermissions: {model: self}\ntargets: []\n".to_string(), &["permissions", "self-managed", "service-managed"]),
        ("override-region", format!("{base}targets:\n  - accounts: [\"111111111111\"]\n    regions: [us-east-1]\n    overrides: {{region: eu-west-1}}\n"), &["targets[0].overrides.region: a target cannot override region"]),
        ("override-value", format!("{base}targets:\n  - accounts: [\"111111111111\"]\n    regions: [us-east-1]\n    overrides: {{log_retention_days: 13}}\n"), &["targets[0].overrides.log_retention_days", "invalid value \"13\""]),
        ("override-key", format!("{base}targets:\n  - accounts: [\"111111111111\"]\n    regions: [us-east-1]\n    overrides: {{log_retention: 90}}\n"), &["targets[0].overrides.log_retention", "did you mean \"log_retention_days\"?"]),
        ("topic-region", format!("{base}targets:\n  - accounts: [\"111111111111\"]\n    regions: [eu-west-1]\n"), &["targets[0]: the target deploys to region eu-west-1, but alarm_sns_topic arn:aws:sns:us-east-1:123456789012:alerts", "set alarm_sns_topic for the targets in eu-west-1 in their overrides"]),
        ("one-bucket", "profile: {prod}\nartifact_bucket: one-bucket\npermissions: {model: self-managed}\ntargets:\n  - accounts: [\"111111111111\"]\n    regions: [us-east-1]\n  - accounts: [\"222222222222\"]\n    regions: [eu-west-1]\n    overrides: {name: euw1, alarm_sns_topic: \"arn:aws:sns:eu-west-1:123456789012:a\"}\n".into(), &["artifact_bucket: \"one-bucket\" names one bucket", "put {region} in the name"]),
        ("no-bucket", "profile: {prod}\npermissions: {model: self-managed}\ntargets:\n  - accounts: [\"111111111111\"]\n    regions: [us-east-1]\n".into(), &["artifact_bucket: missing", "my-artifacts-{region}"]),
        ("iam-collision", "blueprint: limiter\nartifact_bucket: zael-a-{region}\npermissions: {model: self-managed}\ntargets:\n  - accounts: [\"111111111111\"]\n    regions: [us-east-1, eu-west-1]\n".into(), &["targets[0]: 111111111111/us-east-1 and 111111111111/eu-west-1 would both create AWS::IAM::", "IAM names are account-wide"]),
        ("twice", format!("{base}targets:\n  - accounts: [\"111111111111\"]\n    regions: [us-east-1]\n  - accounts: [\"111111111111\"]\n    regions: [us-east-1]\n"), &["targets[1]: 111111111111/us-east-1 is already a target of stack set ZAEL-prod-limiter in targets[0]"]),
        ("order-missing", format!("{base}targets:\n  - accounts: [\"111111111111\"]\n    regions: [us-east-1]\nrollout: {{region_order: [eu-west-1]}}\n"), &["rollout.region_order: eu-west-1 is no target's region; the target regions are us-east-1"]),
        ("canary-elsewhere", format!("{base}targets:\n  - accounts: [\"111111111111\"]\n    regions: [us-east-1]\nrollout: {{canary: {{account: \"999999999999\"}}}}\n"), &["rollout.canary.account: 999999999999 is not among the targets"]),
        ("canary-two", format!("{base}targets:\n  - accounts: [\"111111111111\"]\n    regions: [us-east-1]\nrollout: {{canary: {{account: \"111111111111\", region: us-east-1}}}}\n"), &["rollout.canary: name exactly one of region, account or organizational_unit"]),
        ("concurrency-zero", format!("{base}targets:\n  - accounts: [\"111111111111\"]\n    regions: [us-east-1]\nrollout: {{max_concurrent: 0}}\n"), &["rollout.max_concurrent", "a count of accounts (1-10000) or a percentage such as \"25%\""]),
        ("tolerance-percent", format!("{base}targets:\n  - accounts: [\"111111111111\"]\n    regions: [us-east-1]\nrollout: {{failure_tolerance: \"150%\"}}\n"), &["rollout.failure_tolerance", "(0-100%)"]),
        ("both", "profile: {prod}\nblueprint: redis\npermissions: {model: self-managed}\ntargets: []\n".into(), &["blueprint: give a profile or a blueprint, not both"]),
        ("missing-profile", "profile: nowhere.yaml\npermissions: {model: self-managed}\ntargets: []\n".into(), &["nowhere.yaml", "cannot read the profile"]),
        ("empty", String::new(), &["the fleet file is empty"]),
        ("tagged", format!("{base}targets:\n  - accounts: [\"111111111111\"]\n    regions: [us-east-1]\n    overrides: {{log_retention_days: !Ref Days}}\n"), &["fleet.yaml:7:37: targets[0].overrides.log_retention_days: a YAML tag (!Ref) is not allowed: a setting holds a plain value"]),
    ];
    for (name, text, expected) in cases {
        let path = fleet_file(name, text);
        let message = refusal(&run_plan(&path, &[]), name);
        assert!(message.starts_with("error: "), "{name}: {message}");
        for part in *expected {
            assert!(message.contains(part), "{name}: {part:?} not in {message}");
        }
    }
}

#[test]
fn a_bad_deployed_state_is_named() {
    let path = fleet_file("bad-state", SMALL);
    let deployed = deployed_file(&path, r#"{"stack_sets": [{"name": "x"}]}"#);
    let output = run_plan(&path, &["--deployed", &deployed]);
    assert_eq!(output.status.code(), Some(2));
    assert_has_all(&stderr(&output), &["deployed.json: stack_sets[0]"]);
}

#[test]
fn the_checked_in_schema_is_what_zael_schema_fleet_prints_and_the_example_follows_it() {
    let schema = checked_in_schema(&["schema", "fleet"], "fleets/fleet.schema.json");
    let validator = jsonschema::validator_for(&schema).unwrap();
    let example: Value =
        serde_norway::from_str(&std::fs::read_to_string(root().join("fleets/prod.yaml")).unwrap())
            .unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&example)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    let bad: Value = serde_norway::from_str("permissions: {model: self-managed}\ntargets:\n  - accounts: [\"1\"]\n    regions: [us-east-1]\n").unwrap();
    assert!(!validator.is_valid(&bad));
}

#[test]
fn a_deployed_stack_set_the_fleet_no_longer_names_is_deleted_with_its_instances() {
    let path = fleet_file("renamed", SMALL);
    // The same template under the stack set's old name (its target renamed since).
    let mut state = deployed_from(
        &prod_template(),
        json!([
            instance("111111111111", json!({})),
            instance("222222222222", json!({})),
            instance("333333333333", json!({"LogRetentionDays": "365"})),
        ]),
    );
    let mut old = state["stack_sets"][0].clone();
    old["name"] = json!("ZAEL-old-limiter");
    old["instances"] = json!([instance("111111111111", json!({}))]);
    state["stack_sets"].as_array_mut().unwrap().push(old);
    let deployed = deployed_file(&path, &state.to_string());
    // Its table goes: exit 3, as for any stateful deletion.
    let text = plan_text(&path, &deployed, 3);
    assert_has_all(
        &text,
        &[
            "111111111111/us-east-1  ZAEL-old-limiter   delete     -     stack deleted",
            "  ZAEL-old-limiter (deployed, no longer in the fleet file): deleted, its instances first (apply --prune)",
        ],
    );
    let (_, plan) = plan_json(&path, &["--deployed", &deployed]);
    assert_eq!(plan["counts"]["delete"], 1, "{plan:#}");
    assert_eq!(plan["counts"]["no_change"], 3, "{plan:#}");
}

/// The baseline pack checks every distinct parameter set of a stack set, not just its first
/// target's: a target whose override the pack refuses is named, the others are not.
#[test]
fn a_target_whose_parameter_override_the_baseline_refuses_is_named_alone() {
    let base = "profile: {prod}
artifact_bucket: zael-artifacts-{region}
permissions:
  model: self-managed
targets:
";
    let good = "  - accounts: [\"111111111111\", \"222222222222\"]\n    regions: [us-east-1]\n";
    // 7 days is a retention CloudWatch and the profile key accept; ZG106 asks for 30.
    let bad = "  - accounts: [\"333333333333\"]\n    regions: [us-east-1]\n    overrides:\n      log_retention_days: 7\n";
    // Last and first: the template's defaults are the first target's values either way.
    for (name, targets) in [("short-last", [good, bad]), ("short-first", [bad, good])] {
        let path = fleet_file(name, &format!("{base}{}{}", targets[0], targets[1]));
        let output = run_plan(&path, &[]);
        let message = stderr(&output);
        assert_eq!(output.status.code(), Some(1), "{name}: {message}");
        assert!(output.stdout.is_empty(), "{name}");
        let findings: Vec<&str> = message
            .lines()
            .filter(|l| l.starts_with("error: "))
            .collect();
        assert_eq!(findings.len(), 1, "{name}: {message}");
        assert!(
            findings[0].contains("stack set ZAEL-prod-limiter (target 333333333333/us-east-1): ZG106_log_retention_minimum Resources.AggregatorLogGroup.Properties.RetentionInDays"),
            "{name}: {message}"
        );
        assert!(!message.contains("111111111111"), "{name}: {message}");
        assert!(!message.contains("222222222222"), "{name}: {message}");
    }
    // The same override on every target: the finding says so rather than listing them.
    let everyone = bad.replace("\"333333333333\"", "\"333333333333\", \"444444444444\"");
    let path = fleet_file("short-all", &format!("{base}{everyone}"));
    let output = run_plan(&path, &[]);
    assert_eq!(output.status.code(), Some(1));
    assert_has_all(
        &stderr(&output),
        &["stack set ZAEL-prod-limiter (all 2 targets): ZG106"],
    );
}
