//! What the Lambda crates' integration tests share: a moto server per test (a real DynamoDB
//! and S3 API on a loopback port, stopped on drop), a fake Lambda Runtime API that runs a
//! `bootstrap` binary as Lambda runs it, the SDK configuration of the tests' own clients, and
//! the pieces of the tables they create.

mod moto;
mod runtime;
mod sdk;
pub mod table;

pub use moto::{free_port, MotoServer};
pub use runtime::{
    binary_under_test, expect_config_error, init_times, measure_init_time, run_bootstrap,
    spawn_bootstrap, Bootstrap, FakeRuntime, RuntimeCall, REGION,
};
pub use sdk::sdk_config;
