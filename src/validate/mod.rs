//! What CloudFormation or the service would reject at deploy time, found at synth.
//!
//! Checks read the template document (not the builders), so they judge exactly what is
//! deployed, whoever produced it. Rule ids are stable: ZV0xx references, ZV1xx names and
//! quotas, ZV2xx property values. Each rule lives in its own file, with why it exists.

mod alarms;
mod arns;
mod attributes;
mod conditions;
mod cycles;
mod enums;
mod finding;
mod intrinsics;
mod literal;
mod logical_ids;
mod names;
mod outputs;
mod policy_size;
mod quotas;
mod ranges;
mod references;
mod rules;
mod schema;
mod walk;

pub use finding::{Finding, Severity};
pub use names::{characters, physical_names, NAME_RULES};
pub use references::{references, sub_variables};
pub use rules::{check, Body, Check, Rule, Template, CHECKS};
pub use schema::has_transform;

use serde_json::Value;

/// The rule ids synth reports in their own words: a dangling reference is a blueprint
/// defect; an overlong physical name is the user's `--name` to shorten.
pub const REFERENCE_RULE: &str = "ZV001";
pub const PHYSICAL_NAME_RULE: &str = "ZV101";

/// Every layer-1 rule on `document`, whose deployed body is `body`. Findings are in rule
/// order, then template order.
pub fn template(document: &Value, body: Body) -> Vec<Finding> {
    let template = Template::new(document, body);
    CHECKS
        .iter()
        .flat_map(|check| check.run(&template))
        .collect()
}
