//! The live progress line, as a person at a terminal sees it: `zael-lifecycle deploy` and
//! `delete` run under a pseudo terminal (`script` from util-linux, which every Debian has)
//! against moto server, and the same deploy through pipes, which get plain lines only.

mod common;

use common::{assert_has_all, at, at_args, on_terminal, stderr, stdout};
use zael_lambda_testkit::MotoServer;

const CLEAR: &str = "\r\x1b[2K";

/// Each progress line drawn (its text), after checking that it was overwritten or cleared
/// before anything else reached the screen (no line of output is written after it), the
/// last one included.
fn progress_lines(screen: &str) -> Vec<&str> {
    let mut drawn = Vec::new();
    let mut rest = screen;
    while let Some(at) = rest.find(&format!("{CLEAR}[")) {
        let after = &rest[at + CLEAR.len()..];
        let end = after
            .find(CLEAR)
            .unwrap_or_else(|| panic!("a progress line never cleared: {after:?}"));
        let line = &after[..end];
        assert!(
            !line.contains('\n'),
            "output written after the progress line without clearing it: {line:?}"
        );
        drawn.push(line);
        rest = &after[end..];
    }
    drawn
}

#[test]
fn a_terminal_gets_a_live_progress_line_that_is_cleared_before_every_line() {
    let moto = MotoServer::start();
    let e = moto.endpoint.as_str();

    let (screen, code) = on_terminal(&at_args(e, "deploy", &["--no-aggregator"]), "");
    assert_eq!(code, Some(0), "{screen}");
    let drawn = progress_lines(&screen);
    assert!(!drawn.is_empty(), "no progress line: {screen:?}");
    // `[  0.1s] ZAEL-limiter waiting: 0 resource event(s) settled`: the elapsed time first.
    for line in &drawn {
        let (elapsed, status) = line[1..].split_once("s] ZAEL-limiter ").unwrap();
        assert!(elapsed.trim().parse::<f64>().is_ok(), "{line:?}");
        assert!(status.ends_with(" resource event(s) settled"), "{line:?}");
    }
    // The events and the end still arrive as lines, after the progress line.
    let after_progress = &screen[screen.find(CLEAR).unwrap()..];
    assert!(
        after_progress.contains("AWS::CloudFormation::Stack             CREATE_COMPLETE"),
        "{screen:?}"
    );
    assert!(
        screen.contains("ZAEL-limiter: CREATE_COMPLETE in "),
        "{screen:?}"
    );

    let (screen, code) = on_terminal(&at_args(e, "delete", &["--no-aggregator", "--yes"]), "");
    assert_eq!(code, Some(0), "{screen}");
    assert!(!progress_lines(&screen).is_empty(), "{screen:?}");
    assert!(screen.contains("ZAEL-limiter: deleted in "), "{screen:?}");
}

#[test]
fn a_pipe_gets_plain_lines_only() {
    let moto = MotoServer::start();
    let e = moto.endpoint.as_str();
    for output in [
        at(e, "deploy", &["--no-aggregator"]),
        at(e, "delete", &["--no-aggregator", "--yes"]),
    ] {
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        for text in [stdout(&output), stderr(&output)] {
            assert!(
                !text.contains('\r') && !text.contains('\x1b'),
                "terminal control in piped output: {text:?}"
            );
        }
        assert_has_all(&stdout(&output), &["AWS::CloudFormation::Stack "]);
    }
}
