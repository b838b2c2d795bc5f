//! ZV102: logical IDs are alphanumeric, at most 255 characters, and unique across Parameters
//! and Resources (a `Ref` could not tell them apart).
//!
//! Why it exists and an example: the rule's [`About`], which
//! `zael explain` prints.

use serde_json::Value;

use super::field::Field;
use super::Finding;
use super::{About, Example, Rule};

/// ZV102: logical IDs CloudFormation accepts.
pub const LOGICAL_IDS: Rule = Rule {
    about: About {
        code: "ZV102",
        title: "logical IDs",
        doc: "alphanumeric (condition names excepted), at most 255 characters, unique across Parameters and Resources",
        why: "CloudFormation rejects `Aggregator-Role` or `aggregator_role` at submission.",
        example: Example::Templates(include_str!("examples/ZV102.yaml")),
    },
    run: |template| logical_ids(template.document),
};

const SECTIONS: [&str; 5] = [
    "Parameters",
    "Mappings",
    "Conditions",
    "Resources",
    "Outputs",
];

pub fn logical_ids(document: &Value) -> Vec<Finding> {
    let mut findings = Vec::new();
    for section in SECTIONS {
        let Some(entries) = document.field(section).and_then(Value::as_object) else {
            continue;
        };
        for id in entries.keys() {
            // Written for a finding only: the rule visits every entry of the template.
            let path = || super::walk::dotted(&[section, id]);
            // CloudFormation accepts any condition name (AWS's own Quick Start templates use
            // `NATGateway&3AZCondition`); the other sections' IDs are alphanumeric.
            let alphanumeric = section == "Conditions"
                || (!id.is_empty() && id.bytes().all(|b| b.is_ascii_alphanumeric()));
            if !alphanumeric {
                findings.push(Finding::error(
                    "ZV102",
                    path(),
                    format!("logical ID '{id}' is not alphanumeric"),
                    "use only letters A-Z, a-z and digits 0-9".into(),
                ));
            } else if id.len() > 255 {
                findings.push(Finding::error(
                    "ZV102",
                    path(),
                    format!(
                        "logical ID is {} characters; at most 255 are allowed",
                        id.len()
                    ),
                    format!("shorten it by {} characters", id.len() - 255),
                ));
            } else if section == "Resources" && is_parameter(document, id) {
                findings.push(Finding::error(
                    "ZV102",
                    path(),
                    format!("'{id}' is both a parameter and a resource"),
                    "rename one of them: logical IDs are unique in a template".into(),
                ));
            }
        }
    }
    findings
}

/// Whether `document.pointer("/Parameters/{id}")` finds something, for an alphanumeric `id`,
/// without formatting the pointer for every resource.
fn is_parameter(document: &Value, id: &str) -> bool {
    match document.field("Parameters") {
        // `field`: a scan of a few parameters, not SipHash for every resource.
        Some(Value::Object(parameters)) => parameters.field(id).is_some(),
        Some(other) => other.pointer(&format!("/{id}")).is_some(),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_parameter_is_found_as_the_json_pointer_finds_it() {
        for document in [
            json!({"Parameters": {"A": {}, "0": {}}}),
            json!({"Parameters": [{}, {}]}),
            json!({"Parameters": "text"}),
            json!({}),
        ] {
            for id in ["A", "B", "0", "1", "2"] {
                let pointer = document.pointer(&format!("/Parameters/{id}")).is_some();
                assert_eq!(is_parameter(&document, id), pointer, "{document} {id}");
            }
        }
    }

    #[test]
    fn non_alphanumeric_long_and_duplicate_ids_are_reported() {
        let long = "A".repeat(256);
        let document = json!({
            "Parameters": {"Shared": {"Type": "String"}},
            "Resources": {"Aggregator-Role": {}, "Shared": {}, long.clone(): {}}});
        let paths: Vec<_> = logical_ids(&document).into_iter().map(|f| f.path).collect();
        assert_eq!(
            paths,
            [
                "Resources.Aggregator-Role".to_string(),
                "Resources.Shared".to_string(),
                format!("Resources.{long}")
            ]
        );
    }
}
