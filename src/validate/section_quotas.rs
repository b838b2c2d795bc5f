//! ZV104 section quotas: how many resources, parameters, outputs and mappings a template
//! may hold.
//!
//! Why it exists and an example: the rule's [`About`], which
//! `zael explain` prints.

use serde_json::Value;

use super::field::Field;
use super::{About, Example, Finding, Rule};

pub const QUOTAS: [(&str, usize); 4] = [
    ("Resources", 500),
    ("Parameters", 200),
    ("Outputs", 200),
    ("Mappings", 200),
];

/// ZV104: every section within CloudFormation's quota.
pub const SECTION_QUOTAS: Rule = Rule {
    about: About {
        code: "ZV104",
        title: "section quotas",
        doc: "at most 500 resources and 200 parameters, outputs and mappings; warning at 90%",
        why: "a template may hold at most 500 resources and 200 parameters, outputs and mappings; more fails at submission. Sections grow silently as a stack gains features, so 90% of a quota is a warning.",
        example: Example::Described {
            fails: "a template with 460 resources is a warning at `Resources` (90% of the 500 CloudFormation allows); 501 is an error",
            fix: "move a group of resources into a nested stack, or split the system into stacks",
        },
    },
    run: |template| section_counts(template.document),
};

fn section_counts(document: &Value) -> Vec<Finding> {
    let mut findings = Vec::new();
    for (section, quota) in QUOTAS {
        let count = document
            .field(section)
            .and_then(Value::as_object)
            .map_or(0, |m| m.len());
        if count > quota {
            findings.push(Finding::error(
                "ZV104",
                section.to_string(),
                format!(
                    "{count} {}; CloudFormation allows at most {quota}",
                    section.to_lowercase()
                ),
                "split the stack into nested stacks".into(),
            ));
        } else if count * 10 >= quota * 9 {
            findings.push(Finding::warning(
                "ZV104",
                section.to_string(),
                format!(
                    "{count} {}, at least 90% of the quota of {quota}",
                    section.to_lowercase()
                ),
                "plan a split into nested stacks before the quota is reached".into(),
            ));
        }
    }
    findings
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Map};

    #[test]
    fn section_counts_warn_at_ninety_percent_and_fail_over_the_quota() {
        let outputs: Map<String, Value> = (0..180).map(|i| (format!("O{i}"), json!({}))).collect();
        let parameters: Map<String, Value> =
            (0..201).map(|i| (format!("P{i}"), json!({}))).collect();
        let document = json!({"Outputs": outputs, "Parameters": parameters});
        let findings = section_counts(&document);
        assert_eq!(findings.len(), 2);
        assert_eq!(findings[0].path, "Parameters");
        assert_eq!(findings[0].severity, super::super::Severity::Error);
        assert_eq!(findings[1].path, "Outputs");
        assert_eq!(findings[1].severity, super::super::Severity::Warning);
    }
}
