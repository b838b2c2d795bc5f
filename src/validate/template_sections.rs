//! ZV008: the template's top level is what CloudFormation reads: known sections only (a
//! misspelling is named), `AWSTemplateFormatVersion` 2010-09-09, a string `Description`, and
//! `Parameters`, `Mappings`, `Outputs`, `Metadata` and `Rules` as mappings, and at least one
//! resource (a warning: cfn-lint passes an empty `Resources`, and its own fixture templates
//! rely on it, but CloudFormation refuses the template).
//!
//! Why it exists and an example: the rule's [`About`], which
//! `zael explain` prints.

use serde_json::Value;

use super::literal::show;
use super::schema::values::suggestion;
use super::{About, Example, Finding, Rule};

/// ZV008: template sections.
pub const TEMPLATE_SECTIONS: Rule = Rule {
    about: About {
        code: "ZV008",
        title: "template sections",
        doc: "only the sections CloudFormation knows; AWSTemplateFormatVersion 2010-09-09; Description a string; Parameters, Mappings, Outputs, Metadata and Rules mappings; at least one resource (a warning)",
        why: "CloudFormation refuses the template at submission (`Invalid template property or properties [Parameter]`, `Template format error: Unsupported template version`). cfn-lint judges the same (E1001).",
        example: Example::Templates(include_str!("examples/ZV008.yaml")),
    },
    run: |template| template_sections(template.document),
};

/// The top-level sections (`Globals` is SAM's, `Hooks` blue/green deployments').
const SECTIONS: &[&str] = &[
    "AWSTemplateFormatVersion",
    "Conditions",
    "Description",
    "Globals",
    "Hooks",
    "Mappings",
    "Metadata",
    "Outputs",
    "Parameters",
    "Resources",
    "Rules",
    "Transform",
];

fn template_sections(document: &Value) -> Vec<Finding> {
    let mut findings = Vec::new();
    let Some(sections) = document.as_object() else {
        return findings;
    };
    for (key, value) in sections {
        if !SECTIONS.contains(&key.as_str()) {
            findings.push(Finding::error(
                "ZV008",
                key.clone(),
                format!("'{key}' is not a template section"),
                suggestion(key, SECTIONS),
            ));
            continue;
        }
        let problem = match key.as_str() {
            "AWSTemplateFormatVersion" if value.as_str() != Some("2010-09-09") => Some((
                format!("{} is not a template format version", show(value)),
                "write AWSTemplateFormatVersion: '2010-09-09' (the only version), or leave it out",
            )),
            "Description" if !value.is_string() => Some((
                format!("Description is {}, not a string", show(value)),
                "write the description as one string",
            )),
            "Parameters" | "Mappings" | "Outputs" | "Metadata" | "Rules" if !value.is_object() => {
                Some((
                    format!("the {key} section is {}, not a mapping", show(value)),
                    "map each name to its definition",
                ))
            }
            _ => None,
        };
        if let Some((message, hint)) = problem {
            findings.push(Finding::error("ZV008", key.clone(), message, hint.into()));
        }
    }
    if sections
        .get("Resources")
        .and_then(Value::as_object)
        .is_some_and(|resources| resources.is_empty())
    {
        findings.push(Finding::warning(
            "ZV008",
            "Resources".into(),
            "the Resources section declares no resource".into(),
            "CloudFormation refuses a template without one (`At least one Resources member must be defined`); declare the stack's resources".into(),
        ));
    }
    findings
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn unknown_sections_versions_and_shapes_are_reported() {
        let document = json!({
            "AWSTemplateFormatVersion": "2010-09-10",
            "Description": ["a"],
            "Parameter": {},
            "Outputs": [],
            "Resources": {}
        });
        let found: Vec<_> = template_sections(&document)
            .into_iter()
            .map(|f| (f.path, f.hint))
            .collect();
        assert_eq!(found[0].0, "AWSTemplateFormatVersion");
        assert_eq!(found[1].0, "Description");
        assert_eq!(
            found[2],
            (
                "Parameter".to_string(),
                "did you mean Parameters?".to_string()
            )
        );
        assert_eq!(found[3].0, "Outputs");
        assert_eq!(found[4].0, "Resources");
        assert_eq!(found.len(), 5);
        let fine = json!({"AWSTemplateFormatVersion": "2010-09-09", "Description": "d",
            "Transform": "AWS::Serverless-2016-10-31", "Globals": {},
            "Resources": {"Queue": {"Type": "AWS::SQS::Queue"}}});
        assert!(template_sections(&fine).is_empty());
    }

    /// CloudFormation refuses a template without resources; cfn-lint does not, so it is a
    /// warning (the corpus holds cfn-lint fixtures that are clean with an empty section).
    #[test]
    fn an_empty_resources_section_is_a_warning() {
        let found = template_sections(&json!({"Resources": {}}));
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].severity, crate::validate::Severity::Warning);
        assert_eq!(
            found[0].message,
            "the Resources section declares no resource"
        );
    }
}
