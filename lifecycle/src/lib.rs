//! zael's commands that talk to AWS: the stack's life after synth (deploy, status, delete,
//! and diff against the deployed stack) and the rate limiter's own records (namespace
//! registry, version record).
//!
//! A separate crate, so the AWS SDK stays out of the synthesizer's build: `cargo run -- synth`
//! never compiles it. `zael <command>` runs the `zael-lifecycle` binary built beside it.
//!
//! - [`aws`], [`args`], [`clients`]: one SDK configuration from `--region`, `--endpoint-url`
//!   and `--profile`.
//! - [`synthesized`]: the stack from synth's flags or a profile, and its packages.
//! - [`parameters`]: `deploy --parameter NAME=VALUE`, the values synth cannot know.
//! - [`upload`]: content-addressed package uploads, skipped when present.
//! - [`changeset`], [`watch`], [`outcome`]: change sets, events as they happen, and how an
//!   operation ended (first cause, way out); [`deadline`]: how long a wait may last;
//!   [`console`]: where the words go (the process's streams, or a test's buffers).
//! - [`register`]: the records zae-limiter's `Repository.connect()` needs on a freshly
//!   deployed limiter stack; `deploy` writes them too.
//! - [`fleet`]: a fleet on CloudFormation StackSets: its deployed state, the operations
//!   `apply` runs and how they settle.
//! - [`commands`]: deploy, diff, status, delete, register, fleet.

pub mod args;
pub mod aws;
pub mod changeset;
pub mod clients;
pub mod commands;
pub mod confirm;
pub mod console;
pub mod deadline;
pub mod failure;
pub mod fleet;
pub mod outcome;
pub mod parameters;
pub mod register;
pub mod stack;
pub mod synthesized;
pub mod upload;
pub mod watch;

use std::io::Write;

/// Writes a command's document to stdout; a closed pipe is the reader's choice.
pub fn print_stdout(bytes: &[u8]) {
    let mut stdout = std::io::stdout().lock();
    let _ = stdout.write_all(bytes).and_then(|()| stdout.flush());
}
