//! zael: typed Rust builders that synthesize validated CloudFormation.
//!
//! Layers, each knowing only those below it: `template` (the document), `resources` (L1
//! property structs), `constructs` (L2 builders with defaults, grants and alarms), `aspects`
//! (rules over every resource), `stacks` (L3 blueprints), `validate` (what CloudFormation would
//! reject), `assets` (Lambda artifacts) and `cli`.

pub mod aspects;
pub mod assets;
pub mod blueprint;
pub mod check;
pub mod cli;
pub mod constructs;
pub(crate) mod decimal;
pub mod diff;
pub mod estimate;
pub(crate) mod fast_hash;
pub mod fleet;
pub mod input;
pub mod limits;
pub mod profile;
pub mod resources;
pub mod schema;
pub mod stacks;
pub mod synth;
pub mod template;
pub mod validate;
