//! `zael register` as a process against moto server, on the table of zael's own synthesized
//! template (deployed through moto's CloudFormation). The end-to-end test
//! (`lambda/aggregator/tests/library_e2e.rs`) then checks that the real library connects.

use std::collections::HashMap;
use std::process::Output;

use aws_sdk_dynamodb::types::AttributeValue;
use zael::stacks::limiter::schema::lambda_version;
use zael::stacks::limiter::LimiterOptions;
use zael_lambda_testkit::table::limiter_table;
use zael_lambda_testkit::{sdk_config, MotoServer};

mod common;

use common::{assert_has_all, assert_starts_with, stderr, stdout, REGION};

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

/// `zael-lifecycle ARGS` with test credentials and no region unless given.
fn zael(args: &[&str], env: &[(&str, &str)]) -> Output {
    common::lifecycle_with_env(args, env)
}

fn register(moto: &MotoServer, extra: &[&str]) -> Output {
    let mut args = vec![
        "register",
        "--region",
        REGION,
        "--endpoint-url",
        &moto.endpoint,
    ];
    args.extend_from_slice(extra);
    zael(&args, &[])
}

/// [`register`] with `extra`, refused as bad input: exit 2 and nothing on stdout. Its stderr.
#[track_caller]
fn refused(moto: &MotoServer, extra: &[&str]) -> String {
    let output = register(moto, extra);
    let stderr = stderr(&output);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert_eq!(stdout(&output), "", "{stderr}");
    stderr
}

/// Deploys the table of zael's default limiter template, exactly as synthesized, through
/// moto's CloudFormation (the template's other resources are not this test's concern).
async fn deploy_table(moto: &MotoServer) {
    let mut template = zael::synth::document(LimiterOptions::default()).expect("default synth");
    let resources = template["Resources"].as_object_mut().unwrap();
    resources.retain(|id, _| id == "RateLimitsTable");
    template.as_object_mut().unwrap().remove("Outputs");
    let cloudformation = aws_sdk_cloudformation::Client::new(&sdk_config(&moto.endpoint).await);
    cloudformation
        .create_stack()
        .stack_name("ZAEL-limiter")
        .template_body(template.to_string())
        .parameters(
            aws_sdk_cloudformation::types::Parameter::builder()
                .parameter_key("ArtifactBucket")
                .parameter_value("unused")
                .build(),
        )
        .send()
        .await
        .unwrap();
}

/// moto with the limiter's table deployed as ZAEL-limiter, and a runtime for the test's own
/// calls.
fn deployed() -> (MotoServer, tokio::runtime::Runtime) {
    let moto = MotoServer::start();
    let rt = runtime();
    rt.block_on(deploy_table(&moto));
    (moto, rt)
}

async fn get(
    db: &aws_sdk_dynamodb::Client,
    table: &str,
    sk: &str,
) -> Option<HashMap<String, AttributeValue>> {
    db.get_item()
        .table_name(table)
        .key("PK", AttributeValue::S("_/SYSTEM#".into()))
        .key("SK", AttributeValue::S(sk.into()))
        .send()
        .await
        .unwrap()
        .item
}

fn s<'a>(item: &'a HashMap<String, AttributeValue>, name: &str) -> &'a str {
    match item.get(name) {
        Some(AttributeValue::S(v)) => v,
        other => panic!("{name}: {other:?}"),
    }
}

/// `namespace NAME: id ID (STATE)` lines → (name, id, state).
fn registered(stdout: &str) -> Vec<(String, String, String)> {
    stdout
        .lines()
        .filter_map(|line| {
            let rest = line.strip_prefix("namespace ")?;
            let (name, rest) = rest.split_once(": id ")?;
            let (id, state) = rest.split_once(" (")?;
            Some((name.into(), id.into(), state.trim_end_matches(')').into()))
        })
        .collect()
}

#[test]
fn register_writes_both_registry_records_and_the_version_record_as_the_library_reads_them() {
    let (moto, rt) = deployed();
    let output = register(
        &moto,
        &["--namespace", "default", "--namespace", "tenant-a"],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let lines = registered(&stdout(&output));
    assert_eq!(lines.len(), 2, "{}", stdout(&output));
    let db = aws_sdk_dynamodb::Client::new(&rt.block_on(sdk_config(&moto.endpoint)));
    for (name, id, state) in &lines {
        assert_eq!(state, "registered");
        assert_eq!(id.len(), 11, "token_urlsafe(8): {id}");
        let forward = rt
            .block_on(get(&db, "ZAEL-limiter", &format!("#NAMESPACE#{name}")))
            .unwrap();
        let reverse = rt
            .block_on(get(&db, "ZAEL-limiter", &format!("#NSID#{id}")))
            .unwrap();
        for item in [&forward, &reverse] {
            assert_eq!(s(item, "namespace_id"), id);
            assert_eq!(s(item, "namespace_name"), name);
            assert_eq!(s(item, "status"), "active");
            assert_eq!(s(item, "GSI4PK"), "_");
            assert_eq!(s(item, "GSI4SK"), "_/SYSTEM#");
            assert!(s(item, "created_at").ends_with('Z'));
        }
    }
    assert_ne!(lines[0].1, lines[1].1, "every namespace its own id");
    let version = rt.block_on(get(&db, "ZAEL-limiter", "#VERSION")).unwrap();
    assert_eq!(s(&version, "schema_version"), "0.10.0");
    assert_eq!(s(&version, "client_min_version"), "0.0.0");
    assert_eq!(s(&version, "lambda_version"), lambda_version());
    assert!(lambda_version().starts_with("0.17.0+zael."));
    assert!(s(&version, "updated_by").starts_with("zael register"));
    assert_eq!(s(&version, "GSI4PK"), "_");
    assert_eq!(s(&version, "GSI4SK"), "_/SYSTEM#");
}

#[test]
fn register_again_keeps_ids_repairs_a_missing_reverse_record_and_never_lowers_the_minimum() {
    let (moto, rt) = deployed();
    let first = register(&moto, &[]);
    assert!(first.status.success(), "{}", stderr(&first));
    let first = registered(&stdout(&first));
    assert_eq!(first[0].0, "default", "the default namespace");
    let id = first[0].1.clone();

    let db = aws_sdk_dynamodb::Client::new(&rt.block_on(sdk_config(&moto.endpoint)));
    rt.block_on(async {
        // A client ratcheted the minimum; a tool lost the reverse record.
        db.update_item()
            .table_name("ZAEL-limiter")
            .key("PK", AttributeValue::S("_/SYSTEM#".into()))
            .key("SK", AttributeValue::S("#VERSION".into()))
            .update_expression("SET client_min_version = :v")
            .expression_attribute_values(":v", AttributeValue::S("0.17.0".into()))
            .send()
            .await
            .unwrap();
        db.delete_item()
            .table_name("ZAEL-limiter")
            .key("PK", AttributeValue::S("_/SYSTEM#".into()))
            .key("SK", AttributeValue::S(format!("#NSID#{id}")))
            .send()
            .await
            .unwrap();
    });
    let again = register(&moto, &["--namespace", "default", "--namespace", "default"]);
    assert!(again.status.success(), "{}", stderr(&again));
    let stdout = stdout(&again);
    assert_eq!(
        registered(&stdout),
        [("default".into(), id.clone(), "already registered".into())]
    );
    assert_has_all(&stdout, &["client_min_version 0.17.0"]);
    let version = rt.block_on(get(&db, "ZAEL-limiter", "#VERSION")).unwrap();
    assert_eq!(s(&version, "client_min_version"), "0.17.0");
    let reverse = rt
        .block_on(get(&db, "ZAEL-limiter", &format!("#NSID#{id}")))
        .expect("the reverse record is back");
    assert_eq!(s(&reverse, "namespace_name"), "default");
}

#[test]
fn a_namespace_being_deleted_is_not_revived() {
    let (moto, rt) = deployed();
    assert!(register(&moto, &["--namespace", "old"]).status.success());
    let db = aws_sdk_dynamodb::Client::new(&rt.block_on(sdk_config(&moto.endpoint)));
    rt.block_on(
        db.update_item()
            .table_name("ZAEL-limiter")
            .key("PK", AttributeValue::S("_/SYSTEM#".into()))
            .key("SK", AttributeValue::S("#NAMESPACE#old".into()))
            .update_expression("SET #s = :s")
            .expression_attribute_names("#s", "status")
            .expression_attribute_values(":s", AttributeValue::S("purging".into()))
            .send(),
    )
    .unwrap();
    assert_starts_with(
        &refused(&moto, &["--namespace", "old"]),
        "error: namespace \"old\" is \"purging\" in the registry of ZAEL-limiter, not active",
    );
}

#[test]
fn a_missing_table_names_the_table_and_how_to_deploy_it() {
    let moto = MotoServer::start();
    let stderr = refused(&moto, &["--name", "prod"]);
    let expected = format!(
        "error: table ZAEL-prod does not exist in region us-east-1 at {}: deploy the stack first \
         (`zael synth --name prod --out dist`, then `aws cloudformation deploy --stack-name \
         ZAEL-prod --template-file dist/template.yaml ...`; see README \"Deploy\"), or name the \
         deployed stack with --stack-name or --name\n",
        moto.endpoint
    );
    assert_eq!(stderr, expected);
}

#[test]
fn a_table_of_the_old_layout_is_refused_before_anything_is_written() {
    let moto = MotoServer::start();
    let rt = runtime();
    let db = aws_sdk_dynamodb::Client::new(&rt.block_on(sdk_config(&moto.endpoint)));
    rt.block_on(limiter_table(&db, "ZAEL-old", &[1, 2]).send())
        .unwrap();
    let stderr = refused(&moto, &["--stack-name", "ZAEL-old"]);
    assert_starts_with(
        &stderr,
        "error: table ZAEL-old lacks index GSI3, GSI4 of zae-limiter's schema 0.10.0",
    );
    assert_has_all(&stderr, &["Migrating a stack of the old layout"]);
    let scanned = rt
        .block_on(db.scan().table_name("ZAEL-old").send())
        .unwrap();
    assert_eq!(scanned.count, 0, "nothing written");
}

#[test]
fn a_profile_gives_region_and_credentials() {
    let (moto, _rt) = deployed();
    let dir = std::env::temp_dir().join(format!("zael-register-profile-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let config = dir.join("config");
    std::fs::write(
        &config,
        "[profile limiter-admin]\nregion = us-east-1\naws_access_key_id = AKIDPROFILE\naws_secret_access_key = secret\n",
    )
    .unwrap();
    let output = zael(
        &[
            "register",
            "--profile",
            "limiter-admin",
            "--endpoint-url",
            &moto.endpoint,
        ],
        &[("AWS_CONFIG_FILE", config.to_str().unwrap())],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let output = zael(
        &["register", "--endpoint-url", &moto.endpoint],
        &[("AWS_CONFIG_FILE", config.to_str().unwrap())],
    );
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr(&output),
        "error: no AWS region: pass --region, or set AWS_REGION or a profile's region\n"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn bad_flags_name_the_flag_and_what_is_allowed() {
    let cases: &[(&[&str], &str)] = &[
        (
            &["--namespace", "_"],
            "error: invalid value '_' for '--namespace <NAME>': `_` is reserved for the records every namespace shares",
        ),
        (
            &["--namespace", ""],
            "error: invalid value '' for '--namespace <NAME>': expected 1-256 characters, without control characters",
        ),
        (
            &["--stack-name", "1-limiter"],
            "error: invalid value '1-limiter' for '--stack-name <STACK>': not a stack name; expected a letter first, then letters, digits and hyphens, at most 55 characters",
        ),
        (
            &["--name", "my_app"],
            "error: invalid value 'my_app' for '--name <NAME>': underscores are not allowed in names that become Lambda and IAM names; use letters, digits and hyphens, starting with a letter",
        ),
        (
            &["--endpoint-url", "127.0.0.1:5000"],
            "error: invalid value '127.0.0.1:5000' for '--endpoint-url <URL>': expected an http:// or https:// URL",
        ),
        (
            &["--name", "a", "--stack-name", "ZAEL-a"],
            "error: the argument '--name <NAME>' cannot be used with '--stack-name <STACK>'",
        ),
    ];
    // Users run it as `zael register`: its usage says so.
    let help = zael(&["register", "--help"], &[]);
    assert!(stdout(&help).contains("Usage: zael register [OPTIONS]"));
    for (flags, expected) in cases {
        let mut args = vec!["register"];
        args.extend_from_slice(flags);
        let output = zael(&args, &[]);
        assert_eq!(output.status.code(), Some(2), "{flags:?}");
        assert_eq!(output.stdout, b"", "{flags:?}");
        let stderr = stderr(&output);
        assert_eq!(stderr.lines().next(), Some(*expected), "{flags:?}");
    }
}
