//! `zael fleet apply|status|plan|delete` as processes against moto server's StackSets. moto
//! reports service-managed operations as succeeded without creating the instances (and trips
//! on self-managed instance names), so this covers the stack set's life: created with the
//! fleet's template, seen by status and plan, deleted. Failures run in `fleet_scripted.rs`.

mod common;

use common::{assert_has_all, assert_starts_with, block_on, exited, lifecycle, s3, stderr, stdout};
use std::path::PathBuf;
use zael_lambda_testkit::MotoServer;

const FLEET: &str = "blueprint: redis
permissions:
  model: service-managed
  auto_deployment: true
targets:
  - organizational_units: [ou-ab12-cd34ef56]
    regions: [us-east-1, eu-west-1]
    overrides: {name: edge}
rollout: {max_concurrent: \"50%\", failure_tolerance: 1}
";

/// Writes `contents` as `fleet.yaml` in a temporary directory of this test's own (`test`
/// names it), and returns the file's path.
fn fleet_file(test: &str, contents: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("zael-fleet-moto-{test}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("fleet.yaml");
    std::fs::write(&file, contents).unwrap();
    file
}

fn run(endpoint: &str, args: &[&str]) -> std::process::Output {
    let mut all = vec!["fleet"];
    all.extend_from_slice(args);
    all.extend(["--region", "us-east-1", "--endpoint-url", endpoint]);
    lifecycle(&all)
}

#[test]
fn a_service_managed_fleet_is_created_seen_and_deleted() {
    let moto = MotoServer::start();
    let e = moto.endpoint.as_str();
    let path = fleet_file("lifecycle", FLEET);
    let file = path.to_str().unwrap();

    let status = run(e, &["status", file]);
    assert_eq!(status.status.code(), Some(0), "{}", stderr(&status));
    assert_eq!(
        stdout(&status),
        "ZAEL-edge-redis: not deployed (2 target(s) planned)\n"
    );

    let applied = run(e, &["apply", file, "--poll-ms", "20"]);
    let out = exited(&applied, 0);
    assert_has_all(
        &out,
        &[
            "ou-ab12-cd34ef56/us-east-1  ZAEL-edge-redis  create     1     new stack",
            "CreateStackSet ZAEL-edge-redis: created",
            "CreateStackInstances ou-ab12-cd34ef56 in us-east-1, eu-west-1: SUCCEEDED",
            "Fleet applied: every instance succeeded",
        ],
    );

    // The stack set holds synth's template; its state reads back as the plan's input.
    let status = run(e, &["status", file]);
    let out = stdout(&status);
    assert_starts_with(
        &out,
        "ZAEL-edge-redis: ACTIVE, 0 instance(s); its template is synth's\n",
    );
    let json = run(e, &["status", file, "--format", "json"]);
    let state: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(state["stack_sets"][0]["name"], "ZAEL-edge-redis");
    assert_eq!(
        state["stack_sets"][0]["template"]["Resources"]["ReplicationGroup"]["Type"],
        "AWS::ElastiCache::ReplicationGroup"
    );

    let deleted = run(e, &["delete", file, "--yes", "--poll-ms", "20"]);
    let out = exited(&deleted, 0);
    assert_has_all(&out, &[
        "stays behind in each: AWS::ElastiCache::ReplicationGroup ReplicationGroup (a final snapshot)",
        "ZAEL-edge-redis: deleted",
    ]);
    let status = run(e, &["status", file]);
    assert_eq!(
        stdout(&status),
        "ZAEL-edge-redis: not deployed (2 target(s) planned)\n"
    );

    // Delete with nothing deployed, and delete off a terminal without --yes.
    let again = run(e, &["delete", file, "--yes"]);
    assert_eq!(again.status.code(), Some(1));
    assert_has_all(
        &stderr(&again),
        &["none of the fleet's stack sets (ZAEL-edge-redis) exists"],
    );
}

#[test]
fn a_bad_fleet_file_is_refused_before_any_call() {
    // No endpoint is listening: a bad file must fail first, naming its key.
    let file = fleet_file(
        "bad",
        "blueprint: redis\npermissions: {model: self-managed, administration_role: MyAdmin}\ntargets:\n  - accounts: [\"111111111111\"]\n    regions: [us-east-1]\n",
    );
    let output = run("http://127.0.0.1:9", &["apply", file.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    assert_has_all(
        &stderr(&output),
        &["permissions.administration_role \"MyAdmin\": give the role's ARN"],
    );
    std::fs::write(
        &file,
        "blueprint: redis\npermissions: {model: self-managed}\ntargets: []\n",
    )
    .unwrap();
    let output = run("http://127.0.0.1:9", &["plan", file.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    assert_has_all(
        &stderr(&output),
        &["targets: a fleet needs at least one target"],
    );
}

/// The object at `s3://bucket/key` in moto's S3.
fn object(endpoint: &str, bucket: &str, key: &str) -> String {
    block_on(async {
        let body = s3(endpoint)
            .await
            .get_object()
            .bucket(bucket)
            .key(key)
            .send()
            .await
            .unwrap_or_else(|e| panic!("s3://{bucket}/{key}: {e:?}"))
            .body
            .collect()
            .await
            .unwrap();
        String::from_utf8(body.to_vec()).unwrap()
    })
}

#[test]
fn a_template_over_the_request_limit_goes_to_the_artifact_bucket_and_by_url() {
    let moto = MotoServer::start();
    let e = moto.endpoint.as_str();
    common::create_bucket(e, "zael-big-us-east-1");
    let binary = common::stamped_aggregator("zael-fleet-big");
    // Ten long tags on every taggable resource take the limiter's template past 51,200 bytes.
    let tags: String = (0..10)
        .map(|i| format!("        tag{i}: \"{}\"\n", "v".repeat(250)))
        .collect();
    let path = fleet_file(
        "big",
        &format!(
            "blueprint: limiter
artifact_bucket: zael-big-{{region}}
permissions:
  model: service-managed
targets:
  - organizational_units: [ou-ab12-cd34ef56]
    regions: [us-east-1]
    overrides:
      name: big
      tags:
{tags}"
        ),
    );
    let file = path.to_str().unwrap();

    let applied = run(
        e,
        &[
            "apply",
            file,
            "--poll-ms",
            "20",
            "--aggregator-binary",
            binary.to_str().unwrap(),
        ],
    );
    let out = exited(&applied, 0);
    let line = out
        .lines()
        .find(|l| l.starts_with("ZAEL-big template: "))
        .unwrap_or_else(|| panic!("no template upload line: {out}"));
    assert_has_all(line, &[" bytes, over the 51200 of a request: uploaded to s3://zael-big-us-east-1/zael/template-"]);
    assert!(
        line.ends_with(".yaml (us-east-1), passed as TemplateURL"),
        "{line}"
    );
    let key = line
        .split("s3://zael-big-us-east-1/")
        .nth(1)
        .unwrap()
        .split(' ')
        .next()
        .unwrap();
    let uploaded = object(e, "zael-big-us-east-1", key);
    assert!(uploaded.len() > 51_200, "{}", uploaded.len());
    // The key is the body's SHA-256, and the stack set holds what StackSets read at the URL.
    assert_eq!(
        key,
        format!(
            "zael/template-{}.yaml",
            zael::assets::sha256_hex(uploaded.as_bytes())
        )
    );
    let json = run(e, &["status", file, "--format", "json"]);
    let state: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let held = &state["stack_sets"][0]["template"];
    assert_eq!(
        held["Resources"]["RateLimitsTable"]["Type"], "AWS::DynamoDB::Table",
        "{held}"
    );
    let uploaded = zael::check::input::parse_template(&uploaded).unwrap();
    assert_eq!(held, &uploaded);
    let status = run(e, &["status", file]);
    assert_starts_with(
        &stdout(&status),
        "ZAEL-big: ACTIVE, 0 instance(s); its template is synth's\n",
    );
}

#[test]
fn a_stack_set_the_fleet_no_longer_names_is_planned_as_deleted_and_pruned_only_with_prune() {
    let moto = MotoServer::start();
    let e = moto.endpoint.as_str();
    let path = fleet_file("prune", FLEET);
    let file = path.to_str().unwrap();
    let applied = run(e, &["apply", file, "--poll-ms", "20"]);
    assert_eq!(applied.status.code(), Some(0), "{}", stderr(&applied));

    // The target renamed: ZAEL-edge-redis (tagged zael:fleet=fleet) is no longer named.
    std::fs::write(file, FLEET.replace("name: edge", "name: edge2")).unwrap();
    let plan = run(e, &["plan", file]);
    let out = exited(&plan, 1);
    assert_has_all(
        &out,
        &[
            "  ZAEL-edge-redis (deployed, no longer in the fleet file): deleted, its instances first (apply --prune)",
        ],
    );

    // A fleet file of another name: the stack sets are not its own.
    let other = path.with_file_name("other.yaml");
    std::fs::write(&other, FLEET.replace("name: edge", "name: edge3")).unwrap();
    let plan = run(e, &["plan", other.to_str().unwrap()]);
    assert!(
        !stdout(&plan).contains("ZAEL-edge-redis "),
        "{}",
        stdout(&plan)
    );
    assert!(
        !stdout(&plan).contains("ZAEL-edge2-redis"),
        "{}",
        stdout(&plan)
    );

    // Without --prune it remains, said so.
    let applied = run(e, &["apply", file, "--poll-ms", "20"]);
    let out = exited(&applied, 0);
    assert_has_all(&out, &[
        "ZAEL-edge-redis: tagged as this fleet's but no longer in its file; it remains with its 0 instance(s) (--prune deletes it)",
        "CreateStackSet ZAEL-edge2-redis: created",
    ]);
    let status = run(e, &["status", file]);
    assert_has_all(
        &stdout(&status),
        &[
            "ZAEL-edge-redis: ACTIVE, 0 instance(s); no longer in the fleet file (`zael fleet apply --prune` deletes it)",
        ],
    );

    // With --prune it goes; the renamed stack set stays.
    let pruned = run(e, &["apply", file, "--prune", "--poll-ms", "20"]);
    let out = exited(&pruned, 0);
    assert_has_all(&out, &["ZAEL-edge-redis: deleted"]);
    let status = run(e, &["status", file]);
    let out = stdout(&status);
    assert!(!out.contains("ZAEL-edge-redis:"), "{out}");
    assert!(
        out.starts_with("ZAEL-edge2-redis: ACTIVE"),
        "{out}{}",
        stderr(&status)
    );
}
