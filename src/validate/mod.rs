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
mod literal;
mod logical_ids;
mod names;
mod outputs;
mod policy_size;
mod quotas;
mod ranges;
mod references;
mod rules;
mod walk;

pub use finding::{Finding, Severity};
pub use names::{characters, physical_names, NAME_RULES};
pub use references::{references, sub_variables};
pub use rules::{Rule, RULES};

use serde_json::Value;

/// Every layer-1 rule on `document`, whose deployed body is `body_bytes` long. Findings are
/// in rule order, then template order.
/// The rule ids synth reports in their own words: a dangling reference is a blueprint
/// defect; an overlong physical name is the user's `--name` to shorten.
pub const REFERENCE_RULE: &str = "ZV001";
pub const PHYSICAL_NAME_RULE: &str = "ZV101";

pub fn template(document: &Value, body_bytes: usize) -> Vec<Finding> {
    let mut findings = references(document);
    findings.extend(attributes::attributes(document));
    findings.extend(cycles::cycles(document));
    findings.extend(conditions::conditions(document));
    findings.extend(physical_names(document));
    findings.extend(logical_ids::logical_ids(document));
    findings.extend(quotas::template_size(document, body_bytes));
    findings.extend(quotas::section_counts(document));
    findings.extend(policy_size::policy_sizes(document));
    findings.extend(outputs::outputs(document));
    findings.extend(ranges::ranges(document));
    findings.extend(enums::enums(document));
    findings.extend(arns::arns(document));
    findings.extend(alarms::alarm_periods(document));
    findings.extend(alarms::alarm_thresholds(document));
    findings
}
