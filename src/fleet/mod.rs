//! Fleets: one blueprint profile deployed by CloudFormation StackSets to many accounts (or
//! organisational units) and regions. The offline half lives here, without the AWS SDK; the
//! lifecycle crate fetches the deployed stack sets and runs the operations.
//!
//! - [`file`], [`values`]: the fleet file as written, and its JSON Schema.
//! - [`resolve`]: each target's options and template; targets grouped into stack sets, what
//!   differs in CloudFormation parameters as parameter overrides.
//! - [`deployed`]: the deployed state (`zael fleet status --format json`).
//! - [`plan`], [`waves`], [`report`]: actions, diff labels and the rollout's waves, printed.

pub mod deployed;
mod error;
pub mod file;
pub mod plan;
pub mod report;
pub mod resolve;
pub mod values;
pub mod waves;

pub use error::FleetError;
pub use resolve::{load, parse, Fleet, Place, StackSet, Target};

/// The JSON Schema of fleet files, as `zael schema fleet` prints it and
/// `fleets/fleet.schema.json` holds it.
pub fn schema_json() -> String {
    let schema = schemars::schema_for!(file::FleetFile);
    let mut text = serde_json::to_string_pretty(&schema).expect("schemas serialize");
    text.push('\n');
    text
}
