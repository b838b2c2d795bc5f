//! The CloudFormation document: expressions, parameters, conditions, resources and outputs.

mod cfn_struct;
mod expr;
mod handle;
pub(crate) mod json_text;
mod output;
mod parameter;
mod resource;
mod stack;
mod to_value;
mod yaml;

pub use expr::{pseudo, Expr};
pub use handle::{ConditionHandle, Handle, ParameterHandle};
pub use output::{Export, Output};
pub use parameter::{Parameter, ParameterType};
pub use resource::{Resource, ResourceType};
pub use stack::{is_valid_logical_id, RemovalPolicy, ResourceEntry, ResourceOptions, Stack};
pub use to_value::to_value;
pub use yaml::{to_yaml, yaml_len};

/// The document as pretty JSON, ending in a newline.
pub fn to_json(document: &serde_json::Value) -> String {
    let mut json = serde_json::to_string_pretty(document).expect("documents serialize");
    json.push('\n');
    json
}
