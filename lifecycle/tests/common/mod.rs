//! Running `zael-lifecycle` as a user would, with test credentials and nothing of the
//! machine's AWS configuration.
#![allow(dead_code)]

use std::path::PathBuf;
use std::process::{Command, Output};

pub const REGION: &str = "us-east-1";

pub fn lifecycle(args: &[&str]) -> Output {
    lifecycle_with_env(args, &[])
}

/// [`lifecycle`] with `env` set on top (it may override the test's own settings, e.g. point
/// `AWS_CONFIG_FILE` at a profile file).
pub fn lifecycle_with_env(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_zael-lifecycle"));
    command
        .args(args)
        .env("AWS_ACCESS_KEY_ID", "test")
        .env("AWS_SECRET_ACCESS_KEY", "test")
        .env_remove("AWS_REGION")
        .env_remove("AWS_DEFAULT_REGION")
        .env_remove("AWS_PROFILE")
        // No shared files of the machine running the test.
        .env("AWS_CONFIG_FILE", "/nonexistent")
        .env("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent")
        .env("AWS_EC2_METADATA_DISABLED", "true");
    for (name, value) in env {
        command.env(name, value);
    }
    command.output().unwrap()
}

/// `zael-lifecycle COMMAND --region us-east-1 --endpoint-url ENDPOINT --poll-ms 50
/// --no-dashboard EXTRA...` (`--poll-ms` only for the commands that wait). moto's
/// CloudFormation cannot resolve the dashboard's `Fn::GetAtt` of alarm ARNs, so the stacks
/// deployed to it have no dashboard.
pub fn at(endpoint: &str, command: &str, extra: &[&str]) -> Output {
    let mut args = vec![
        command,
        "--region",
        REGION,
        "--endpoint-url",
        endpoint,
        "--no-dashboard",
    ];
    if matches!(command, "deploy" | "delete") {
        args.extend(["--poll-ms", "50"]);
    }
    args.extend_from_slice(extra);
    lifecycle(&args)
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

/// A stand-in `bootstrap` stamped with the aggregator's current source hash, as `make lambda`
/// stamps the real one: deploy packages and uploads it without building the Lambda.
pub fn stamped_aggregator(dir: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("{dir}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let binary = dir.join("bootstrap");
    std::fs::write(&binary, "#!/bin/sh\n").unwrap();
    let stamp = zael::assets::stamp_path(&binary);
    std::fs::write(stamp, zael::assets::aggregator().source_hash).unwrap();
    binary
}
