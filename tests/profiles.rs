//! Stack profiles as users write them: `synth --stack`, `synth --all`, `schema`, and every
//! rejection with its exact message.

mod common;

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::Output;

use common::{
    assert_has_all, assert_refused, checked_in_schema, root, scratch, stderr, stdout,
    synth_profile, zael, zael_in,
};
use serde_json::Value;

/// A fresh stacks directory for `label` holding `profiles` (file name, text).
fn stacks_dir(label: &str, profiles: &[(&str, &str)]) -> PathBuf {
    let dir = scratch(label);
    for (file, text) in profiles {
        write(&dir, file, text);
    }
    dir
}

fn write(dir: &Path, file: &str, text: &str) -> PathBuf {
    let path = dir.join(file);
    std::fs::write(&path, text).unwrap();
    path
}

fn rejected(text: &str, extra: &[&str]) -> String {
    let (code, out, err) = synth_profile(text, extra);
    assert_eq!(code, 2, "expected a rejection of:\n{text}\nstderr: {err}");
    assert_eq!(out, "", "nothing on stdout when synth fails");
    err.trim_end().to_string()
}

fn template(text: &str, extra: &[&str]) -> Value {
    let (code, out, err) = synth_profile(text, extra);
    assert_eq!(code, 0, "{err}");
    serde_norway::from_str(&out).unwrap()
}

fn profiles() -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(root().join("stacks"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    paths.sort();
    paths
}

/// `zael synth --all` of a fresh stacks directory holding `profiles`, into `out` below a
/// fresh directory; both directories are named for `label` and removed when it drops.
struct SynthAll {
    stacks: PathBuf,
    out: PathBuf,
    output: Output,
}

fn synth_all_of(label: &str, profiles: &[(&str, &str)]) -> SynthAll {
    let stacks = stacks_dir(&format!("{label}-stacks"), profiles);
    let out = scratch(&format!("{label}-out")).join("out");
    let output = synth_all(&stacks, &out);
    SynthAll {
        stacks,
        out,
        output,
    }
}

impl Drop for SynthAll {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.stacks);
        let _ = std::fs::remove_dir_all(self.out.parent().unwrap());
    }
}

/// `zael synth --all --stacks-dir STACKS --out OUT`.
fn synth_all(stacks: &Path, out: &Path) -> Output {
    zael([
        OsStr::new("synth"),
        OsStr::new("--all"),
        OsStr::new("--stacks-dir"),
        stacks.as_os_str(),
        OsStr::new("--out"),
        out.as_os_str(),
    ])
}

#[test]
fn every_profile_carries_the_schema_modeline() {
    let paths = profiles();
    assert!(paths.len() >= 5, "stacks/ holds the bundled profiles");
    for path in paths {
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(
            text.lines().next(),
            Some(zael::profile::MODELINE),
            "{}",
            path.display()
        );
    }
}

#[test]
fn the_checked_in_schema_is_what_zael_schema_prints() {
    let schema = checked_in_schema(&["schema"], "stacks/profile.schema.json");
    let limiter = &schema["$defs"]["LimiterProfile"];
    assert_eq!(limiter["additionalProperties"], false);
    let pitr = &limiter["properties"]["pitr_recovery_days"];
    assert_eq!(
        (&pitr["minimum"], &pitr["maximum"]),
        (&1.into(), &35.into())
    );
}

#[test]
fn every_flag_of_synth_has_its_profile_key() {
    let schema: Value = serde_json::from_str(&zael::profile::schema_json()).unwrap();
    let help = stdout(&zael(["synth", "--help"]));
    let keys = |def: &str| -> Vec<String> {
        schema["$defs"][def]["properties"]
            .as_object()
            .unwrap()
            .keys()
            .cloned()
            .collect()
    };
    let all_keys: Vec<String> = [
        keys("LimiterProfile"),
        keys("RedisProfile"),
        keys("ApiProfile"),
    ]
    .concat();
    // Flags about output or the command itself, and the --no-x halves of toggles.
    let not_options = [
        "format",
        "out",
        "aggregator-binary",
        "api-handler-binary",
        "all",
        "stacks-dir",
        "stack",
        "help",
        "version",
    ];
    for flag in help.split_whitespace().filter_map(|w| w.strip_prefix("--")) {
        let flag = flag.trim_end_matches(|c: char| !c.is_ascii_alphanumeric());
        if not_options.contains(&flag) || flag.starts_with("no-") {
            continue;
        }
        let key = flag.replace('-', "_");
        // A repeatable flag names one item; its key holds the list.
        let key = match key.as_str() {
            "tag" => "tags".to_string(),
            "usage_plan" => "usage_plans".to_string(),
            _ => key,
        };
        assert!(all_keys.contains(&key), "--{flag} has no profile key {key}");
    }
}

#[test]
fn bundled_profiles_synthesize_what_their_flags_would() {
    let from_profile = stdout(&zael(["synth", "--stack", "stacks/default.yaml"]));
    assert_eq!(from_profile, stdout(&zael(["synth"])));
    let prod: Value =
        serde_norway::from_str(&stdout(&zael(["synth", "--stack", "stacks/prod.yaml"]))).unwrap();
    let table = &prod["Resources"]["RateLimitsTable"]["Properties"];
    assert_eq!(table["TableName"], "ZAEL-prod-limiter");
    assert_eq!(table["DeletionProtectionEnabled"], true);
    assert_eq!(prod["Parameters"]["LogRetentionDays"]["Default"], 90);
}

#[test]
fn flags_override_the_profile() {
    let profile =
        "blueprint: limiter\nname: from-profile\nlog_retention_days: 90\nlambda_memory: 512\n";
    let document = template(profile, &["--name", "from-flag", "--lambda-memory", "1024"]);
    let function = &document["Resources"]["AggregatorFunction"]["Properties"];
    assert_eq!(function["FunctionName"], "ZAEL-from-flag-zael-agg");
    assert_eq!(function["MemorySize"], 1024);
    assert_eq!(document["Parameters"]["LogRetentionDays"]["Default"], 90);

    let toggled = template("enable_alarms: false\n", &["--enable-alarms"]);
    assert!(toggled["Resources"]["AggregatorErrorsAlarm"].is_object());

    // A provisioned profile: one capacity flag changes one capacity.
    let provisioned = "billing_mode: provisioned\nread_capacity: 5\nwrite_capacity: 5\n";
    let document = template(provisioned, &["--read-capacity", "50"]);
    let throughput =
        &document["Resources"]["RateLimitsTable"]["Properties"]["ProvisionedThroughput"];
    assert_eq!(throughput["ReadCapacityUnits"], 50);
    assert_eq!(throughput["WriteCapacityUnits"], 5);
}

#[test]
fn lists_read_as_yaml_lists_or_as_the_flags_comma_form() {
    let as_list = template("snapshot_windows: [monthly, hourly]\n", &[]);
    let as_text = template("snapshot_windows: hourly,monthly\n", &[]);
    assert_eq!(as_list, as_text);
    assert_eq!(
        as_list["Parameters"]["SnapshotWindows"]["Default"],
        "hourly,monthly"
    );
}

#[test]
fn unknown_keys_are_rejected_with_a_suggestion() {
    assert_eq!(
        rejected("blueprint: limiter\npitr_recovry_days: 7\n", &[]),
        r#"error: p.yaml:2:1: pitr_recovry_days: unknown key "pitr_recovry_days"; did you mean "pitr_recovery_days"?"#
    );
    assert_eq!(
        rejected("overrides:\n  - pth: Resources.X.Y\n", &[]),
        r#"error: p.yaml:2:5: overrides[0].pth: unknown key "pth"; did you mean "path"?"#
    );
    // A key of the other blueprint is unknown here, and nothing is close to it.
    let message = rejected("blueprint: redis\nzzz: 1\n", &[]);
    assert!(
        message.starts_with(r#"error: p.yaml:2:1: zzz: unknown key "zzz"; the keys here are blueprint, region, name"#),
        "{message}"
    );
}

#[test]
fn wrong_types_and_out_of_range_values_are_rejected_with_their_place() {
    let cases = [
        (
            "enable_alarms: \"yes\"\n",
            r#"error: p.yaml:1:16: enable_alarms: invalid type: string "yes", expected a boolean"#,
        ),
        (
            "blueprint: limiter\nlambda_memory: 99999\n",
            r#"error: p.yaml:2:16: lambda_memory: invalid value "99999": must be from 128 to 10240 MB"#,
        ),
        (
            "pitr_recovery_days: 36\n",
            r#"error: p.yaml:1:21: pitr_recovery_days: invalid value "36": must be from 1 to 35 days"#,
        ),
        (
            "log_retention_days: 31\n",
            r#"error: p.yaml:1:21: log_retention_days: invalid value "31": CloudWatch Logs allows 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653"#,
        ),
        (
            "name: my_app\n",
            r#"error: p.yaml:1:7: name: invalid value "my_app": underscores are not allowed in names that become Lambda and IAM names; use letters, digits and hyphens, starting with a letter"#,
        ),
        (
            "snapshot_windows: [hourly, weekly]\n",
            r#"error: p.yaml:1:19: snapshot_windows: invalid value "hourly,weekly": unknown window "weekly"; expected a comma-separated list of hourly, daily, monthly"#,
        ),
        (
            "blueprint: redis\ncache_replicas: 9\n",
            r#"error: p.yaml:2:17: cache_replicas: invalid value "9": must be from 1 to 5 replicas; automatic failover and Multi-AZ need at least one, and ElastiCache allows at most 5 per shard"#,
        ),
        (
            "tags:\n  aws:owner: me\n",
            r#"error: p.yaml:2:3: tags: tag key "aws:owner" starts with aws:, which AWS reserves"#,
        ),
        (
            "tags:\n  team: \"\"\n",
            r#"error: p.yaml:2:3: tags: tag value of "team" must be 1 to 256 characters (CloudWatch alarms, which every blueprint has, refuse an empty one)"#,
        ),
        (
            "tags:\n  team: !GetAtt Team.Name\n",
            "error: p.yaml:2:9: tags.team: a YAML tag (!GetAtt) is not allowed: a setting holds a plain value, not a CloudFormation function",
        ),
        (
            "overrides:\n  - path: Resources.RateLimitsTable.Properties.TableName\n    set: !Ref AWS::StackName\n",
            r#"error: p.yaml:3:10: overrides[0].set: a YAML tag (!Ref) is not allowed in a profile; write the function in its long form, {"Ref": ...}"#,
        ),
        (
            "blueprint: lambda\n",
            r#"error: p.yaml:1:12: blueprint: unknown blueprint "lambda"; expected limiter, redis or api"#,
        ),
        (
            "",
            "error: p.yaml: the profile is empty; it needs at least `blueprint: limiter`",
        ),
        (
            "- blueprint: limiter\n",
            "error: p.yaml: a profile is a map of option keys to values",
        ),
    ];
    for (profile, expected) in cases {
        assert_eq!(rejected(profile, &[]), expected, "{profile}");
    }
}

#[test]
fn options_that_only_make_sense_together_are_rejected_naming_the_file() {
    assert_eq!(
        rejected("billing_mode: provisioned\n", &[]),
        "error: p.yaml: --billing-mode provisioned needs both --read-capacity and --write-capacity"
    );
    assert_eq!(
        rejected("lambda_subnet_ids: [subnet-0123456789abcdef0]\n", &[]),
        "error: p.yaml: a VPC placement needs both --lambda-subnet-ids and --lambda-security-group-ids (profile keys lambda_subnet_ids, lambda_security_group_ids)"
    );
}

#[test]
fn arns_of_another_region_than_the_profiles_are_rejected() {
    let profile = "region: eu-west-1\nalarm_sns_topic: arn:aws:sns:us-east-1:123456789012:alerts\n";
    assert_eq!(
        rejected(profile, &[]),
        "error: p.yaml: alarm_sns_topic arn:aws:sns:us-east-1:123456789012:alerts is in us-east-1, but the profile deploys to region eu-west-1; use a resource of eu-west-1"
    );
    let key = "region: eu-west-1\nkms_key: arn:aws:kms:us-east-1:123456789012:key/abcd\n";
    assert!(rejected(key, &[])
        .contains("kms_key arn:aws:kms:us-east-1:123456789012:key/abcd is in us-east-1"));
}

#[test]
fn the_blueprint_flag_must_agree_with_the_profile() {
    assert_eq!(
        rejected("blueprint: redis\n", &["--blueprint", "limiter"]),
        "error: --blueprint limiter contradicts the profile p.yaml, which is a redis profile"
    );
    assert_eq!(
        rejected("blueprint: redis\n", &["--lambda-memory", "512"]),
        "error: --lambda-memory does not apply to --blueprint redis; it is a flag of --blueprint limiter"
    );
}

#[test]
fn overrides_set_replace_and_delete_and_are_validated_again() {
    let profile = "\
overrides:
  - path: Resources.RateLimitsTable.Properties.TableClass
    set: STANDARD
  - path: Resources.AggregatorFunction.Properties.MemorySize
    replace: 2048
  - path: Resources.AggregatorFunction.Properties.Description
    delete: true
";
    let document = template(profile, &[]);
    let resources = &document["Resources"];
    assert_eq!(
        resources["RateLimitsTable"]["Properties"]["TableClass"],
        "STANDARD"
    );
    assert_eq!(
        resources["AggregatorFunction"]["Properties"]["MemorySize"],
        2048
    );
    assert!(resources["AggregatorFunction"]["Properties"]
        .get("Description")
        .is_none());

    let missing =
        "overrides:\n  - path: Resources.AggregatorFunction.Properties.Nope\n    delete: true\n";
    assert_eq!(
        rejected(missing, &[]),
        "error: p.yaml: overrides[0] (Resources.AggregatorFunction.Properties.Nope): Resources.AggregatorFunction.Properties has no Nope to delete"
    );
    // The overridden template is validated again: a dangling reference is refused.
    let dangling = "overrides:\n  - path: Resources.AggregatorFunction.Properties.Role\n    replace: {Ref: NoSuchRole}\n";
    let (code, out, err) = synth_profile(dangling, &[]);
    assert_eq!((code, out.as_str()), (1, ""));
    assert_has_all(&err, &["NoSuchRole"]);
    // A name made too long by an override is refused like one made by a flag.
    let long = format!(
        "overrides:\n  - path: Resources.AggregatorFunction.Properties.FunctionName\n    replace: {}\n",
        "f".repeat(65)
    );
    let (code, _, err) = synth_profile(&long, &[]);
    assert_eq!(code, 2, "{err}");
    assert_has_all(
        &err,
        &["Resources.AggregatorFunction.Properties.FunctionName"],
    );
}

#[test]
fn synth_all_writes_one_template_per_profile() {
    let out = scratch("all-out");
    let output = zael(["synth", "--all", "--out", out.to_str().unwrap()]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(stdout(&output), "");
    let mut written: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    written.sort();
    let expected: Vec<String> = profiles()
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(written, expected);
    let prod = std::fs::read_to_string(out.join("prod.yaml")).unwrap();
    assert_eq!(
        prod,
        stdout(&zael(["synth", "--stack", "stacks/prod.yaml"]))
    );
    let _ = std::fs::remove_dir_all(&out);
}

#[test]
fn synth_all_writes_nothing_when_any_profile_fails() {
    let run = synth_all_of(
        "all-bad",
        &[
            ("good.yaml", "blueprint: limiter\n"),
            ("bad.yaml", "lambda_memory: 1\n"),
        ],
    );
    assert_eq!(run.output.status.code(), Some(2));
    let err = stderr(&run.output);
    assert_has_all(&err, &["bad.yaml:1:16: lambda_memory: invalid value \"1\""]);
    assert!(!run.out.exists(), "no partial output");
}

#[test]
fn synth_all_writes_nothing_and_makes_no_directory_when_a_profile_fails() {
    let stacks = scratch("all-bad-deep-stacks");
    for i in 0..8 {
        write(&stacks, &format!("good{i}.yaml"), "blueprint: redis\n");
    }
    write(&stacks, "zbad.yaml", "lambda_memory: 1\n");
    let base = scratch("all-bad-deep-out");
    let output = synth_all(&stacks, &base.join("a/b/out"));
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        std::fs::read_dir(&base).unwrap().count(),
        0,
        "neither the output nor its parents, nor a staging directory"
    );
    let _ = std::fs::remove_dir_all(&stacks);
    let _ = std::fs::remove_dir_all(&base);
}

/// `a.yaml` and `a.yml` both make `a.yaml`: the later profile's template is the one written,
/// whichever worker finishes first.
#[test]
fn synth_all_writes_the_later_of_two_profiles_with_one_template_name() {
    let run = synth_all_of(
        "all-same-name",
        &[
            ("a.yaml", "blueprint: redis\nname: first\n"),
            ("a.yml", "blueprint: redis\nname: second\n"),
        ],
    );
    assert!(run.output.status.success(), "{}", stderr(&run.output));
    let template = std::fs::read_to_string(run.out.join("a.yaml")).unwrap();
    assert!(template.contains("second") && !template.contains("first"));
    assert_eq!(
        stderr(&run.output).matches("a.yaml (").count(),
        2,
        "both reported"
    );
}

#[test]
fn synth_all_takes_no_stack_flags() {
    let out = scratch("all-flags");
    let output = zael([
        "synth",
        "--all",
        "--out",
        out.to_str().unwrap(),
        "--name",
        "x",
    ]);
    assert_refused(
        &output,
        "error: --name cannot be used with --all: --all synthesizes each profile as written",
    );
    let _ = std::fs::remove_dir_all(&out);
}

#[test]
fn check_reads_a_profiles_suppressions_and_lists_them() {
    let dir = scratch("check-skip");
    write(
        &dir,
        "p.yaml",
        "pitr_recovery_days: 7\nlog_retention_days: 90\nskip:\n  - rule: ZG204\n    reason: the team topic is subscribed after deploy\n",
    );
    let output = zael_in(
        &dir,
        [
            "check",
            "--stack",
            "p.yaml",
            "--pack",
            "production",
            "--format",
            "json",
        ],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let report: Value = serde_json::from_str(&stdout(&output)).unwrap();
    let suppressions = report["suppressions"]
        .as_array()
        .expect("suppressions listed");
    assert!(
        suppressions.iter().any(|s| s.to_string().contains("ZG204")
            && s.to_string()
                .contains("the team topic is subscribed after deploy")),
        "{report:#}"
    );
    write(
        &dir,
        "blank.yaml",
        "skip:\n  - rule: ZG204\n    reason: \" \"\n",
    );
    let output = zael_in(&dir, ["check", "--stack", "blank.yaml"]);
    assert_refused(
        &output,
        "error: blank.yaml: skip ZG204: a suppression needs a reason, shown in every report",
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn usage_plans_come_from_the_profile_and_flags_replace_them() {
    let profile = "blueprint: api\nusage_plans: [Gold=100/200/1000000, Bronze=10/20/1000]\n";
    let doc = template(profile, &[]);
    assert_eq!(
        doc["Resources"]["GoldUsagePlan"]["Properties"]["Quota"]["Limit"],
        serde_json::json!(1_000_000)
    );
    assert!(doc["Resources"]["BronzeApiKey"].is_object());
    assert!(doc["Resources"].get("StandardUsagePlan").is_none());
    let doc = template(profile, &["--usage-plan", "Solo=1/1/1"]);
    assert!(doc["Resources"].get("GoldUsagePlan").is_none());
    assert!(doc["Resources"].get("SoloUsagePlan").is_some());
    let error = rejected("blueprint: api\nusage_plans: [Gold=1/1]\n", &[]);
    assert_has_all(&error, &["usage_plans", "NAME=RATE/BURST/QUOTA_PER_DAY"]);
}

/// The concurrency warning names the profile, in `synth --stack` and in `synth --all`.
#[test]
fn a_profiles_concurrency_warning_names_its_file() {
    let profile = "blueprint: api\napi_rate_limit: 300\napi_burst_limit: 600\nhandler_reserved_concurrency: 50\n";
    let (code, out, err) = synth_profile(profile, &[]);
    assert_eq!(code, 0, "{err}");
    assert!(!out.is_empty());
    assert!(
        err.starts_with(
            "warning: p.yaml: --api-rate-limit 300 outruns --handler-reserved-concurrency 50:"
        ),
        "{err}"
    );

    let run = synth_all_of(
        "all-warn",
        &[("a.yaml", "blueprint: limiter\n"), ("b.yaml", profile)],
    );
    assert_eq!(run.output.status.code(), Some(0), "{}", stderr(&run.output));
    let err = stderr(&run.output);
    let warnings: Vec<&str> = err.lines().filter(|l| l.starts_with("warning:")).collect();
    assert_eq!(warnings.len(), 1, "{err}");
    assert!(
        warnings[0].contains("b.yaml: --api-rate-limit 300 outruns"),
        "{err}"
    );
    assert!(run.out.join("b.yaml").is_file());
}
