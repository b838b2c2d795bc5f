//! `zael diff` without `--template`, as a user types it: the synthesizer's binary hands the
//! line to `zael-lifecycle` beside it, which fetches the deployed stack's template from
//! CloudFormation (moto server) and compares it with the one synth makes now.

mod common;

use std::path::PathBuf;
use std::process::{Command, Output};

use common::{
    assert_has_all, assert_starts_with, at, isolate, stderr, stdout, zael_binary, REGION,
};
use zael_lambda_testkit::MotoServer;

fn zael_diff(zael: &PathBuf, endpoint: &str, extra: &[&str]) -> Output {
    let mut command = Command::new(zael);
    isolate(&mut command);
    command.args([
        "diff",
        "--region",
        REGION,
        "--endpoint-url",
        endpoint,
        "--no-dashboard",
        "--no-aggregator",
    ]);
    command.args(extra).output().unwrap()
}

#[test]
fn zael_diff_compares_the_deployed_template_through_zael_lifecycle() {
    let zael = zael_binary();
    let moto = MotoServer::start();
    let e = moto.endpoint.as_str();

    // No stack yet: said, with the offline alternative.
    let missing = zael_diff(&zael, e, &[]);
    assert_eq!(missing.status.code(), Some(1), "{}", stdout(&missing));
    assert!(
        stderr(&missing).starts_with("error: no stack ZAEL-limiter (region us-east-1 at"),
        "{}",
        stderr(&missing)
    );
    assert!(stderr(&missing).contains("--template OLD"));

    let deployed = at(e, "deploy", &["--no-aggregator"]);
    assert_eq!(deployed.status.code(), Some(0), "{}", stderr(&deployed));

    // The same flags: the fetched template is the one synth makes.
    let same = zael_diff(&zael, e, &[]);
    assert_eq!(
        same.status.code(),
        Some(0),
        "{}{}",
        stdout(&same),
        stderr(&same)
    );
    assert_eq!(
        stdout(&same),
        "ZAEL-limiter (deployed) → zael synth: no changes\n"
    );

    // Other flags: the deployed alarms are what goes away.
    let changed = zael_diff(&zael, e, &["--no-alarms"]);
    let out = stdout(&changed);
    assert_eq!(changed.status.code(), Some(1), "{out}{}", stderr(&changed));
    assert_starts_with(&out, "ZAEL-limiter (deployed) → zael synth: ");
    assert_has_all(
        &out,
        &[
            "[-] AWS::CloudWatch::Alarm TableReadThrottleAlarm",
            "[-] AWS::SNS::Topic AlarmTopic",
        ],
    );

    // --format json is handed on too, with the same exit code.
    let json = zael_diff(&zael, e, &["--no-alarms", "--format", "json"]);
    assert_eq!(json.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(report["exit_code"], 1, "{report}");
    assert_eq!(report["subject"], "ZAEL-limiter (deployed) → zael synth");
    assert_eq!(report["destroys_state"], false, "{report}");
}
