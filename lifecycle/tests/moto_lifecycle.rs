//! deploy, status, diff and delete as processes against moto server's CloudFormation, S3 and
//! DynamoDB: create, no change, update, --no-execute and the deploy after it, the package
//! upload and its skip, the registry write, a missing bucket, delete. (moto reports no resource events, replacements
//! or failures: those paths run against scripted responses in `scripted.rs`.)

mod common;

use common::{
    assert_has_all, assert_starts_with, at, create_bucket, exited, stamped_aggregator, stderr,
    stdout,
};
use zael_lambda_testkit::MotoServer;

#[test]
fn create_no_change_update_status_diff_and_delete() {
    let moto = MotoServer::start();
    let e = moto.endpoint.as_str();

    let out = exited(&at(e, "deploy", &["--no-aggregator"]), 0);
    assert_has_all(
        &out,
        &[
            "ZAEL-limiter (new stack, region us-east-1 at",
            "[+] AWS::DynamoDB::Table RateLimitsTable (stateful)",
            "AWS::CloudFormation::Stack             CREATE_COMPLETE",
            "ZAEL-limiter: CREATE_COMPLETE in ",
            // The registry write: zae-limiter's connect() finds its records.
            "namespace default: id ",
            "version record of ZAEL-limiter: schema_version 0.10.0",
        ],
    );

    let again = at(e, "deploy", &["--no-aggregator"]);
    assert_eq!(again.status.code(), Some(0), "{}", stderr(&again));
    assert_starts_with(
        &stdout(&again),
        "ZAEL-limiter: no changes (region us-east-1",
    );

    let status = at(e, "status", &["--no-aggregator"]);
    let out = stdout(&status);
    assert_eq!(status.status.code(), Some(0), "{}", stderr(&status));
    assert!(out.starts_with("ZAEL-limiter: CREATE_COMPLETE\n"), "{out}");
    assert_has_all(
        &out,
        &[
            "Last events (newest first)",
            "Template: the deployed template is the one zael synth makes now",
        ],
    );

    let out = exited(&at(e, "diff", &["--no-aggregator", "--no-alarms"]), 1);
    assert_has_all(&out, &["[-] AWS::CloudWatch::Alarm TableReadThrottleAlarm"]);

    let out = exited(&at(e, "deploy", &["--no-aggregator", "--no-alarms"]), 0);
    assert_has_all(
        &out,
        &[
            "[-] AWS::SNS::Topic AlarmTopic",
            "ZAEL-limiter: UPDATE_COMPLETE in ",
        ],
    );
    assert!(
        out.contains("namespace default: id ") && out.contains("(already registered)"),
        "{out}"
    );

    let status = at(e, "status", &["--no-aggregator"]);
    assert_has_all(
        &stdout(&status),
        &["Template: differs from what zael synth makes now"],
    );

    // Off a terminal, delete needs --yes.
    let refused = at(e, "delete", &["--no-aggregator", "--no-alarms"]);
    assert_eq!(refused.status.code(), Some(2));
    assert_has_all(
        &stderr(&refused),
        &["needs --yes when not run on a terminal"],
    );

    let deleted = at(e, "delete", &["--no-aggregator", "--no-alarms", "--yes"]);
    let out = exited(&deleted, 0);
    assert_has_all(
        &out,
        &[
            "Stays behind (DeletionPolicy Retain)",
            "  RateLimitsTable (AWS::DynamoDB::Table): ZAEL-limiter\n",
            "ZAEL-limiter: deleted in ",
        ],
    );

    let gone = at(e, "status", &["--no-aggregator"]);
    assert_eq!(gone.status.code(), Some(1));
    assert_has_all(&stderr(&gone), &["no stack ZAEL-limiter"]);
}

#[test]
fn no_execute_leaves_the_change_set_for_review() {
    let moto = MotoServer::start();
    let e = moto.endpoint.as_str();
    let reviewed = at(
        e,
        "deploy",
        &["--name", "review", "--no-aggregator", "--no-execute"],
    );
    let out = exited(&reviewed, 0);
    assert_has_all(
        &out,
        &[
            "left for review, not executed",
            "aws cloudformation execute-change-set --stack-name ZAEL-review",
        ],
    );
    assert!(!out.contains("CREATE_COMPLETE"), "{out}");
    assert!(!out.contains("namespace default"), "{out}");

    let status = at(e, "status", &["--name", "review", "--no-aggregator"]);
    assert_starts_with(&stdout(&status), "ZAEL-review: REVIEW_IN_PROGRESS");

    // A deploy onto the stack the review left makes a fresh CREATE change set and completes
    // (it used to wait forever on the placeholder).
    let deployed = at(
        e,
        "deploy",
        &["--name", "review", "--no-aggregator", "--timeout", "1"],
    );
    let out = exited(&deployed, 0);
    assert_has_all(
        &out,
        &[
            "(new stack, ",
            "ZAEL-review: CREATE_COMPLETE in ",
            "namespace default",
        ],
    );
}

#[test]
fn packages_upload_once_under_their_content_address() {
    let moto = MotoServer::start();
    let e = moto.endpoint.as_str();
    create_bucket(e, "artifacts");
    let binary = stamped_aggregator("zael-deploy-upload");
    let binary = binary.to_str().unwrap();
    let key = zael::assets::aggregator().s3_key();
    let flags = [
        "--name",
        "up",
        "--artifact-bucket",
        "artifacts",
        "--aggregator-binary",
        binary,
    ];

    let out = exited(&at(e, "deploy", &flags), 0);
    assert_has_all(
        &out,
        &[
            &format!("aggregator package: uploaded to s3://artifacts/{key} ("),
            "[+] AWS::Lambda::Function AggregatorFunction",
        ],
    );

    let mut changed = flags.to_vec();
    changed.extend(["--lambda-memory", "512"]);
    let out = exited(&at(e, "deploy", &changed), 0);
    assert_has_all(
        &out,
        &[
            &format!("aggregator package: already at s3://artifacts/{key}, not sent again"),
            "~ MemorySize: no interruption",
            "ZAEL-up: UPDATE_COMPLETE in ",
        ],
    );
}

#[test]
fn a_missing_artifact_bucket_is_named_with_the_way_out() {
    let moto = MotoServer::start();
    let binary = stamped_aggregator("zael-deploy-nobucket");
    let output = at(
        &moto.endpoint,
        "deploy",
        &[
            "--artifact-bucket",
            "no-such-bucket",
            "--aggregator-binary",
            binary.to_str().unwrap(),
        ],
    );
    assert_eq!(output.status.code(), Some(1), "{}", stdout(&output));
    let err = stderr(&output);
    assert_starts_with(
        &err,
        "error: the artifact bucket no-such-bucket does not exist",
    );
    assert_has_all(&err, &["aws s3 mb s3://no-such-bucket"]);
}

#[test]
fn bad_input_exits_2_before_any_call() {
    // No endpoint answers here: a bad flag must be refused before AWS is asked.
    let output = at(
        "http://127.0.0.1:9",
        "deploy",
        &["--lambda-memory", "99999"],
    );
    assert_eq!(output.status.code(), Some(2));
    assert_has_all(&stderr(&output), &["--lambda-memory"]);
    let output = at(
        "http://127.0.0.1:9",
        "deploy",
        &["--no-aggregator", "--require-approval", "sometimes"],
    );
    assert_eq!(output.status.code(), Some(2));
    let output = common::lifecycle(&["deploy", "--no-aggregator", "--endpoint-url", "ftp://x"]);
    assert_eq!(output.status.code(), Some(2));
    assert_has_all(&stderr(&output), &["--endpoint-url"]);
}
