//! What CloudFormation or the service would reject at deploy time, found at synth.
//!
//! Checks read the template document (not the builders), so they judge exactly what is
//! deployed, whoever produced it. Rule ids are stable: ZV0xx references, ZV1xx names and
//! quotas, ZV2xx property values. Each rule lives in its own file, with why it exists.

mod alarm_periods;
mod alarm_thresholds;
mod arns;
mod attributes;
mod check;
mod conditions;
mod cycles;
mod dynamodb_keys;
mod enums;
mod field;
mod finding;
mod iam_policies;
mod intrinsics;
mod literal;
mod logical_ids;
mod names;
mod outputs;
mod parameters;
mod policy_size;
mod ranges;
mod references;
mod resource_attributes;
mod rules;
mod runtimes;
mod same;
mod schema;
mod schema_rules;
mod section_quotas;
mod sub_needed;
mod template_sections;
mod template_size;
mod walk;
mod words;

pub use check::{About, Body, Check, Example, Explanation, Rule, Template};
pub use finding::{Finding, Severity};
pub use literal::scalar_text;
pub use names::{characters, physical_names, NAME_RULES};
pub use references::{references, sub_variables};
pub use rules::{check, CHECKS};
pub use same::same_by;
pub use schema::has_transform;

use serde_json::Value;

/// The rule ids synth reports in their own words: a dangling reference is a blueprint
/// defect; an overlong physical name is the user's `--name` to shorten.
pub const REFERENCE_RULE: &str = "ZV001";
pub const PHYSICAL_NAME_RULE: &str = "ZV101";

/// Every layer-1 rule on `document`, whose deployed body is `body`. Findings are in rule
/// order, then template order.
pub fn template(document: &Value, body: Body) -> Vec<Finding> {
    run(&Template::new(document, body))
}

/// The errors of [`template`], for a caller that reports nothing else (synth): the rules
/// may skip what only a warning needs.
pub fn errors(document: &Value, body: Body) -> Vec<Finding> {
    let mut findings = run(&Template::new(document, body).errors_only());
    findings.retain(|f| f.severity == Severity::Error);
    findings
}

fn run(template: &Template<'_>) -> Vec<Finding> {
    CHECKS
        .iter()
        .flat_map(|check| check.run(template))
        .collect()
}
