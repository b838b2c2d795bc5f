//! What the Lambda crates' integration tests share: a moto server per test (a real DynamoDB
//! and S3 API on a loopback port, stopped on drop) and a fake Lambda Runtime API that runs a
//! `bootstrap` binary as Lambda runs it.

mod moto;
mod runtime;

pub use moto::{free_port, MotoServer};
pub use runtime::{init_times, spawn_bootstrap, Bootstrap, FakeRuntime, RuntimeCall, REGION};
