//! The approval question as a person at a terminal meets it: `zael-lifecycle deploy` under a
//! pseudo terminal (`script` from util-linux, as `terminal.rs`) against moto server, where
//! `--require-approval replacements` is the default.
//!
//! - Onto a stack created with its table under another name (a create-only property), so the
//!   change set replaces the table: `n` or the end of input refuses it, exit 3, and the stack
//!   keeps its template and status (no ExecuteChangeSet).
//! - `y` executes: shown on a change set that deletes a stateful resource (a log group the
//!   deployed stack has and synth does not). moto 5.2.5 cannot execute the table's
//!   replacement: after it, its DescribeStacks answers HTTP 500 ("ValidationError: Template
//!   error: instance of Fn::GetAtt references undefined resource RateLimitsTable"), so the
//!   `y` to a table replacement runs against scripted responses (`scripted.rs`,
//!   `yes_approves_the_replacement_in_advance`) and the question is the same one.

mod common;

use std::io::Write;
use std::process::{Command, Stdio};

use aws_sdk_cloudformation::types::Capability;
use common::{at, at_args, isolate, stdout, zael_binary, BINARY, REGION};
use zael_lambda_testkit::MotoServer;

/// What the terminal showed and the exit code, with `typed` written to the terminal (then
/// the end of input).
fn on_terminal_typing(args: &[&str], typed: &str) -> (String, Option<i32>) {
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

fn cloudformation(endpoint: &str) -> aws_sdk_cloudformation::Client {
    let config = aws_sdk_cloudformation::Config::builder()
        .behavior_version(aws_sdk_cloudformation::config::BehaviorVersion::latest())
        .region(aws_sdk_cloudformation::config::Region::new(REGION))
        .endpoint_url(endpoint)
        .credentials_provider(aws_sdk_cloudformation::config::Credentials::for_tests())
        .build();
    aws_sdk_cloudformation::Client::from_conf(config)
}

fn block_on<F: std::future::Future>(future: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(future)
}

/// `zael synth --no-aggregator --no-dashboard --name NAME` (YAML), as deploy makes it.
fn synth(name: &str) -> String {
    let output = Command::new(zael_binary())
        .args(["synth", "--no-aggregator", "--no-dashboard", "--name", name])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

/// Creates `stack` from `body` (not through zael, so it differs from what synth makes).
fn create_stack(endpoint: &str, stack: &str, body: &str) {
    block_on(async {
        cloudformation(endpoint)
            .create_stack()
            .stack_name(stack)
            .template_body(body)
            .capabilities(Capability::CapabilityNamedIam)
            .send()
            .await
            .unwrap();
    });
}

/// The deployed template (as text) and the stack's status.
fn deployed(endpoint: &str, stack: &str) -> (String, String) {
    block_on(async {
        let client = cloudformation(endpoint);
        let template = client
            .get_template()
            .stack_name(stack)
            .send()
            .await
            .unwrap();
        let stacks = client
            .describe_stacks()
            .stack_name(stack)
            .send()
            .await
            .unwrap();
        (
            template.template_body().unwrap().to_string(),
            stacks.stacks()[0]
                .stack_status()
                .unwrap()
                .as_str()
                .to_string(),
        )
    })
}

const QUESTION: &str =
    "This change set replaces or deletes a stateful resource (above). Execute it? [y/N] ";

#[test]
fn n_or_the_end_of_input_refuses_a_replacement_of_the_table() {
    let moto = MotoServer::start();
    let e = moto.endpoint.as_str();
    let synthesized = synth("limiter");
    let old = synthesized.replacen(
        "TableName: ZAEL-limiter\n",
        "TableName: ZAEL-limiter-old\n",
        1,
    );
    assert_ne!(old, synthesized, "the table's name in synth's template");
    create_stack(e, "ZAEL-limiter", &old);

    let args = at_args(e, "deploy", &["--no-aggregator"]);
    for typed in ["n\n", ""] {
        let (screen, code) = on_terminal_typing(&args, typed);
        assert_eq!(code, Some(3), "typed {typed:?}: {screen}");
        assert!(
            screen.contains("~ TableName: replacement (TableName)"),
            "{screen}"
        );
        assert!(screen.contains(QUESTION), "{screen}");
        assert!(
            screen.contains("error: not executed: the change set zael-"),
            "{screen}"
        );
        assert!(!screen.contains("UPDATE_IN_PROGRESS"), "{screen}");
        // Nothing executed: the stack keeps the template and status it had.
        assert_eq!(
            deployed(e, "ZAEL-limiter"),
            (old.clone(), "CREATE_COMPLETE".to_string()),
            "typed {typed:?}"
        );
    }
}

#[test]
fn y_executes_a_change_set_that_deletes_a_stateful_resource() {
    let moto = MotoServer::start();
    let e = moto.endpoint.as_str();
    let synthesized = synth("kept");
    let with_log_group = synthesized.replacen(
        "\nResources:\n",
        "\nResources:\n  OldLogGroup:\n    Type: AWS::Logs::LogGroup\n    Properties:\n      LogGroupName: zael-test-old\n",
        1,
    );
    assert_ne!(
        with_log_group, synthesized,
        "a Resources section in synth's template"
    );
    create_stack(e, "ZAEL-kept", &with_log_group);

    let args = at_args(e, "deploy", &["--no-aggregator", "--name", "kept"]);
    let (screen, code) = on_terminal_typing(&args, "y\n");
    assert_eq!(code, Some(0), "{screen}");
    assert!(
        screen.contains("[-] AWS::Logs::LogGroup OldLogGroup (stateful)"),
        "{screen}"
    );
    assert!(screen.contains(QUESTION), "{screen}");
    assert!(
        screen.contains("ZAEL-kept: UPDATE_COMPLETE in "),
        "{screen}"
    );
    let (template, status) = deployed(e, "ZAEL-kept");
    assert_eq!(status, "UPDATE_COMPLETE");
    assert!(!template.contains("OldLogGroup"), "{template}");

    // Nothing left to delete: no question, no changes.
    let again = at(e, "deploy", &["--no-aggregator", "--name", "kept"]);
    assert!(stdout(&again).contains("no changes"), "{}", stdout(&again));
}
