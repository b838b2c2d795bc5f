//! Running `zael-lifecycle` as a user would, with test credentials and nothing of the
//! machine's AWS configuration.
#![allow(dead_code)]

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

use zael_lambda_testkit::sdk_config;

pub const REGION: &str = "us-east-1";

pub fn lifecycle(args: &[&str]) -> Output {
    lifecycle_with_env(args, &[])
}

/// [`lifecycle`] with `env` set on top (it may override the test's own settings, e.g. point
/// `AWS_CONFIG_FILE` at a profile file).
pub fn lifecycle_with_env(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut command = Command::new(BINARY);
    command.args(args);
    isolate(&mut command);
    for (name, value) in env {
        command.env(name, value);
    }
    command.output().unwrap()
}

pub const BINARY: &str = env!("CARGO_BIN_EXE_zael-lifecycle");

/// Test credentials and nothing of the machine's AWS configuration, for `command` and what
/// it runs (a wrapper such as `script` passes its environment on).
pub fn isolate(command: &mut Command) {
    command
        .env("AWS_ACCESS_KEY_ID", "test")
        .env("AWS_SECRET_ACCESS_KEY", "test")
        .env_remove("AWS_REGION")
        .env_remove("AWS_DEFAULT_REGION")
        .env_remove("AWS_PROFILE")
        // No shared files of the machine running the test.
        .env("AWS_CONFIG_FILE", "/nonexistent")
        .env("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent")
        .env("AWS_EC2_METADATA_DISABLED", "true");
}

/// `zael-lifecycle ARGS` under a pseudo terminal (`script` from util-linux, which every
/// Debian has), with `typed` written to the terminal, then the end of input: what the
/// terminal showed (stdout and stderr both, as written) and the exit code.
pub fn on_terminal(args: &[&str], typed: &str) -> (String, Option<i32>) {
    let line: Vec<String> = std::iter::once(BINARY)
        .chain(args.iter().copied())
        .map(|word| format!("'{}'", word.replace('\'', r"'\''")))
        .collect();
    let mut command = Command::new("script");
    isolate(&mut command);
    // -q no banner, -f flush at once, -e the command's exit code, -c the command line;
    // script passes what it reads on stdin to the terminal.
    let mut child = command
        .args(["-qfec", &line.join(" "), "/dev/null"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("`script` (util-linux) runs the command under a pseudo terminal");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(typed.as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    (
        String::from_utf8(output.stdout).unwrap(),
        output.status.code(),
    )
}

/// `zael-lifecycle COMMAND --region us-east-1 --endpoint-url ENDPOINT --poll-ms 50
/// --no-dashboard EXTRA...` (`--poll-ms` only for the commands that wait). moto's
/// CloudFormation cannot resolve the dashboard's `Fn::GetAtt` of alarm ARNs, so the stacks
/// deployed to it have no dashboard.
pub fn at(endpoint: &str, command: &str, extra: &[&str]) -> Output {
    lifecycle(&at_args(endpoint, command, extra))
}

/// The arguments [`at`] runs the binary with.
pub fn at_args<'a>(endpoint: &'a str, command: &'a str, extra: &[&'a str]) -> Vec<&'a str> {
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
    args
}

/// Asserts that `output` exited with `code`, showing what it printed otherwise: its stdout.
#[track_caller]
pub fn exited(output: &Output, code: i32) -> String {
    let out = stdout(output);
    assert_eq!(output.status.code(), Some(code), "{out}{}", stderr(output));
    out
}

/// Asserts that `text` holds each of `parts`, showing the part missing and all of `text`.
#[track_caller]
pub fn assert_has_all(text: &str, parts: &[&str]) {
    for part in parts {
        assert!(text.contains(part), "missing {part:?} in:\n{text}");
    }
}

/// Asserts that `text` begins with `prefix`, showing all of `text` otherwise.
#[track_caller]
pub fn assert_starts_with(text: &str, prefix: &str) {
    assert!(
        text.starts_with(prefix),
        "expected to begin {prefix:?}:\n{text}"
    );
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
    stamped(dir, &zael::assets::aggregator())
}

/// [`stamped_aggregator`] for the API handler (`--blueprint api`).
pub fn stamped_api_handler(dir: &str) -> PathBuf {
    stamped(dir, &zael::assets::api_handler())
}

fn stamped(dir: &str, asset: &zael::assets::Asset) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("{dir}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let binary = dir.join("bootstrap");
    std::fs::write(&binary, "#!/bin/sh\n").unwrap();
    let stamp = zael::assets::stamp_path(&binary);
    std::fs::write(stamp, asset.source_hash).unwrap();
    binary
}

/// The `zael` binary beside `zael-lifecycle`, built now so it is never a stale one (`cargo
/// test --workspace` has built it already; then this is a no-op).
pub fn zael_binary() -> PathBuf {
    let workspace = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let status = Command::new(env!("CARGO"))
        .current_dir(&workspace)
        .args([
            "build", "--quiet", "--locked", "-p", "zael", "--bin", "zael",
        ])
        .status()
        .expect("cargo builds the zael binary");
    assert!(status.success(), "cargo build -p zael failed");
    let binary = PathBuf::from(BINARY).with_file_name("zael");
    assert!(binary.is_file(), "{} not built", binary.display());
    binary
}

/// Runs `future` to its end on a runtime of its own (these tests are not async).
pub fn block_on<F: std::future::Future>(future: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(future)
}

/// A CloudFormation client of the test's own, for moto at `endpoint`.
pub async fn cloudformation(endpoint: &str) -> aws_sdk_cloudformation::Client {
    aws_sdk_cloudformation::Client::new(&sdk_config(endpoint).await)
}

/// An S3 client of the test's own, for moto at `endpoint` (path-style: moto's buckets are
/// not host names).
pub async fn s3(endpoint: &str) -> aws_sdk_s3::Client {
    let config = aws_sdk_s3::config::Builder::from(&sdk_config(endpoint).await)
        .force_path_style(true)
        .build();
    aws_sdk_s3::Client::from_conf(config)
}

/// Creates `bucket` in moto's S3.
pub fn create_bucket(endpoint: &str, bucket: &str) {
    block_on(async {
        s3(endpoint)
            .await
            .create_bucket()
            .bucket(bucket)
            .send()
            .await
            .unwrap();
    });
}
