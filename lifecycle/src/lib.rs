//! zael's commands that talk to AWS: the stack's life after synth (deploy, status, delete)
//! and the rate limiter's own records (namespace registry, version record).
//!
//! A separate crate, so the AWS SDK stays out of the synthesizer's build: `cargo run -- synth`
//! never compiles it. `zael <command>` runs the `zael-lifecycle` binary built beside it.
//!
//! - [`aws`]: one SDK configuration from `--region`, `--endpoint-url` and `--profile`.
//! - [`register`]: `zael register`, the records zae-limiter's `Repository.connect()` needs
//!   on a freshly deployed stack.

pub mod aws;
pub mod register;
