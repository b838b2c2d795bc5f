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

use std::process::Command;

use aws_sdk_cloudformation::types::Capability;
use common::{
    assert_has_all, at, at_args, block_on, cloudformation, on_terminal, stderr, stdout, zael_binary,
};
use zael_lambda_testkit::MotoServer;

/// `zael synth --no-aggregator --no-dashboard --name NAME` (YAML), as deploy makes it.
fn synth(name: &str) -> String {
    let output = Command::new(zael_binary())
        .args(["synth", "--no-aggregator", "--no-dashboard", "--name", name])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    stdout(&output)
}

/// Creates `stack` from `body` (not through zael, so it differs from what synth makes).
fn create_stack(endpoint: &str, stack: &str, body: &str) {
    block_on(async {
        cloudformation(endpoint)
            .await
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
        let client = cloudformation(endpoint).await;
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

/// Creates the stack `ZAEL-{name}` from synth's template for `--name name` with the first
/// `from` (which must be in it) replaced by `to`: the template deployed.
fn create_altered(endpoint: &str, name: &str, from: &str, to: &str) -> String {
    let synthesized = synth(name);
    let altered = synthesized.replacen(from, to, 1);
    assert_ne!(altered, synthesized, "{from:?} in synth's template");
    create_stack(endpoint, &format!("ZAEL-{name}"), &altered);
    altered
}

#[test]
fn n_or_the_end_of_input_refuses_a_replacement_of_the_table() {
    let moto = MotoServer::start();
    let e = moto.endpoint.as_str();
    let old = create_altered(
        e,
        "limiter",
        "TableName: ZAEL-limiter\n",
        "TableName: ZAEL-limiter-old\n",
    );

    let args = at_args(e, "deploy", &["--no-aggregator"]);
    for typed in ["n\n", ""] {
        let (screen, code) = on_terminal(&args, typed);
        assert_eq!(code, Some(3), "typed {typed:?}: {screen}");
        assert_has_all(
            &screen,
            &[
                "~ TableName: replacement (TableName)",
                QUESTION,
                "error: not executed: the change set zael-",
            ],
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
    create_altered(
        e,
        "kept",
        "\nResources:\n",
        "\nResources:\n  OldLogGroup:\n    Type: AWS::Logs::LogGroup\n    Properties:\n      LogGroupName: zael-test-old\n",
    );

    let args = at_args(e, "deploy", &["--no-aggregator", "--name", "kept"]);
    let (screen, code) = on_terminal(&args, "y\n");
    assert_eq!(code, Some(0), "{screen}");
    assert_has_all(
        &screen,
        &[
            "[-] AWS::Logs::LogGroup OldLogGroup (stateful)",
            QUESTION,
            "ZAEL-kept: UPDATE_COMPLETE in ",
        ],
    );
    let (template, status) = deployed(e, "ZAEL-kept");
    assert_eq!(status, "UPDATE_COMPLETE");
    assert!(!template.contains("OldLogGroup"), "{template}");

    // Nothing left to delete: no question, no changes.
    let again = at(e, "deploy", &["--no-aggregator", "--name", "kept"]);
    assert_has_all(&stdout(&again), &["no changes"]);
}
