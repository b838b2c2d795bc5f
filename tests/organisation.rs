//! The organisation options (`--permission-boundary`, `--role-name-format`,
//! `--policy-name-format`) on every blueprint, as flags and as profile keys: one shared
//! setting, applied by the same aspects.

mod common;

use common::{assert_has_all, stderr, synth_json, zael, TempFile};
use serde_json::Value;

const BOUNDARY: &str = "arn:aws:iam::123456789012:policy/PowerUserBoundary";

fn roles(document: &Value) -> Vec<(&String, &Value)> {
    document["Resources"]
        .as_object()
        .unwrap()
        .iter()
        .filter(|(_, r)| r["Type"] == "AWS::IAM::Role")
        .collect()
}

#[test]
fn every_role_of_the_api_takes_the_boundary_and_the_name_format() {
    let document = synth_json(&[
        "--blueprint",
        "api",
        "--permission-boundary",
        BOUNDARY,
        "--role-name-format",
        "PowerUserPB-{}",
    ]);
    let roles = roles(&document);
    assert_eq!(roles.len(), 3, "handler, flow logs, API Gateway account");
    for (id, role) in roles {
        assert_eq!(role["Properties"]["PermissionsBoundary"], BOUNDARY, "{id}");
        if let Some(name) = role["Properties"]["RoleName"].as_str() {
            assert!(
                name.starts_with("PowerUserPB-ZAEL-movies-api-"),
                "{id}: {name}"
            );
        }
    }
}

#[test]
fn the_api_profile_takes_the_same_keys() {
    let profile = TempFile::new(
        "org-api.yaml",
        &format!("blueprint: api\npermission_boundary: {BOUNDARY}\nrole_name_format: Org-{{}}\n"),
    );
    let document = synth_json(&["--stack", profile.path.to_str().unwrap()]);
    let handler = &document["Resources"]["HandlerRole"]["Properties"];
    assert_eq!(handler["PermissionsBoundary"], BOUNDARY);
    assert_eq!(handler["RoleName"], "Org-ZAEL-movies-api-handler");
}

#[test]
fn the_redis_tier_takes_them_too_and_has_no_role_to_change() {
    let document = synth_json(&[
        "--blueprint",
        "redis",
        "--permission-boundary",
        BOUNDARY,
        "--role-name-format",
        "Org-{}",
        "--policy-name-format",
        "Org-{}",
    ]);
    assert!(roles(&document).is_empty());
    assert_eq!(document, synth_json(&["--blueprint", "redis"]));
}

#[test]
fn a_format_that_overflows_an_api_role_name_blames_both_flags() {
    let output = zael([
        "synth",
        "--blueprint",
        "api",
        "--role-name-format",
        &format!("{}-{{}}", "P".repeat(45)),
    ]);
    assert_eq!(output.status.code(), Some(2));
    let message = stderr(&output);
    assert_has_all(&message, &["shorten --name or --role-name-format by"]);
}
