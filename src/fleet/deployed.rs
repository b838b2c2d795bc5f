//! What is deployed: the fleet's stack sets as StackSets reports them. `zael fleet status
//! --format json` writes this document; `zael fleet plan --offline --deployed FILE` reads it,
//! and the lifecycle crate builds the same from DescribeStackSet and ListStackInstances.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::input::Limit;

/// A fleet's state: 10,000 instances take about 2 MB.
pub const DEPLOYED_LIMIT: Limit = Limit {
    bytes: 64 * 1024 * 1024,
    why: "a fleet's deployed state is a few hundred bytes per instance",
};

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Deployed {
    pub stack_sets: Vec<DeployedStackSet>,
}

impl Deployed {
    pub fn stack_set(&self, name: &str) -> Option<&DeployedStackSet> {
        self.stack_sets
            .iter()
            .find(|s| s.name == name && s.status != "DELETED")
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeployedStackSet {
    /// The blueprint's stack name: `ZAEL-{name}`, `ZAEL-{name}-redis` or `ZAEL-{name}-api`.
    pub name: String,
    /// ACTIVE or DELETED.
    pub status: String,
    /// The stack set's template (long form).
    pub template: Value,
    /// Its parameters as set on the stack set (they stand in for the template's defaults).
    #[serde(default)]
    pub parameters: BTreeMap<String, String>,
    pub instances: Vec<DeployedInstance>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeployedInstance {
    pub account: String,
    pub region: String,
    /// The unit it was deployed through (service-managed permissions).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organizational_unit: Option<String>,
    /// CURRENT, OUTDATED or INOPERABLE.
    pub status: String,
    /// Why the instance is not CURRENT, as StackSets says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_reason: Option<String>,
    #[serde(default)]
    pub parameter_overrides: BTreeMap<String, String>,
}

/// Why a deployed-state document cannot be read.
#[derive(Debug, thiserror::Error)]
pub enum DeployedError {
    /// Text no JSON reader should be given (see [`crate::input::scan`]).
    #[error("{0}")]
    Unsafe(#[from] crate::input::ScanError),
    /// Not the document `zael fleet status --format json` writes: where, and what is wrong.
    #[error("{path}: {error}")]
    Shape {
        path: String,
        error: serde_json::Error,
    },
}

/// Reads a deployed-state document (`zael fleet status --format json`).
pub fn parse(text: &str) -> Result<Deployed, DeployedError> {
    crate::input::scan(text)?;
    let deserializer = &mut serde_json::Deserializer::from_str(text);
    serde_path_to_error::deserialize(deserializer).map_err(|e| DeployedError::Shape {
        path: e.path().to_string(),
        error: e.into_inner(),
    })
}
