//! `zael fleet ...` as a user types it: `zael fleet --help` names every fleet command, and
//! the ones that talk to AWS are handed to `zael-lifecycle` beside `zael`, their `--help`
//! included.

mod common;

use std::process::Command;

use common::{assert_has_all, isolate, stderr, stdout, zael_binary};

fn zael(args: &[&str]) -> std::process::Output {
    let mut command = Command::new(zael_binary());
    isolate(&mut command);
    command.args(args).output().unwrap()
}

#[test]
fn zael_fleet_help_lists_every_command_and_which_need_zael_lifecycle() {
    let help = zael(&["fleet", "--help"]);
    assert_eq!(help.status.code(), Some(0), "{}", stderr(&help));
    let out = stdout(&help);
    for (command, says) in [
        (
            "plan",
            "(against AWS needs zael-lifecycle; --offline does not)",
        ),
        ("apply", "(needs zael-lifecycle;"),
        ("status", "(needs zael-lifecycle)"),
        ("delete", "(needs zael-lifecycle)"),
    ] {
        let line = out
            .lines()
            .find(|l| l.trim_start().starts_with(&format!("{command} ")))
            .unwrap_or_else(|| panic!("no line for {command}: {out}"));
        assert!(line.contains(says), "{line}");
    }
}

#[test]
fn zael_fleet_apply_status_delete_run_in_zael_lifecycle() {
    // The lifecycle's own help, with its flags (the synthesizer has none of them).
    let help = zael(&["fleet", "apply", "--help"]);
    assert_eq!(help.status.code(), Some(0), "{}", stderr(&help));
    assert_has_all(&stdout(&help), &["--require-approval <WHEN>"]);
    let help = zael(&["fleet", "help", "delete"]);
    assert_has_all(&stdout(&help), &["--yes"]);

    // A fleet file only zael-lifecycle's apply refuses (the administration role's ARN is
    // checked there), before any call: nothing listens at the endpoint.
    let dir = std::env::temp_dir().join(format!("zael-fleet-handoff-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("fleet.yaml");
    std::fs::write(&file, "blueprint: redis\npermissions: {model: self-managed, administration_role: MyAdmin}\ntargets:\n  - accounts: [\"111111111111\"]\n    regions: [us-east-1]\n").unwrap();
    let file = file.to_str().unwrap();
    let endpoint = [
        "--region",
        "us-east-1",
        "--endpoint-url",
        "http://127.0.0.1:9",
    ];
    let mut line = vec!["fleet", "apply", file];
    line.extend(endpoint);
    let apply = zael(&line);
    assert_eq!(apply.status.code(), Some(2), "{}", stderr(&apply));
    assert_has_all(
        &stderr(&apply),
        &["permissions.administration_role \"MyAdmin\": give the role's ARN"],
    );

    // status: the lifecycle's AWS flags are accepted, and the failure to reach the endpoint
    // is the lifecycle's (exit 1, naming the endpoint), not a usage error.
    let mut line = vec!["fleet", "status", file];
    line.extend(endpoint);
    let status = zael(&line);
    assert_ne!(status.status.code(), Some(2), "{}", stderr(&status));
    assert_has_all(&stderr(&status), &["127.0.0.1:9"]);
}
