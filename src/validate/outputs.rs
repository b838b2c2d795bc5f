//! ZV106: outputs have a value, and export names are valid and unique.
//!
//! Why it exists and an example: the rule's [`About`], which
//! `zael explain` prints.

use serde_json::Value;

use super::field::Field;
use super::Finding;
use super::{About, Example, Rule};
use crate::fast_hash::FastMap;

/// ZV106: outputs with a value and valid, unique export names.
pub const OUTPUTS_AND_EXPORTS: Rule = Rule {
    about: About {
        code: "ZV106",
        title: "outputs and exports",
        doc: "every output has a Value; export names 1-255 of [A-Za-z0-9:-], unique",
        why: "an export name may have up to 255 letters, digits, `-` and `:`, and must be unique in the account and region; a template exporting one name twice is rejected at submission.",
        example: Example::Templates(include_str!("examples/ZV106.yaml")),
    },
    run: |template| outputs(template.document),
};

pub fn outputs(document: &Value) -> Vec<Finding> {
    let mut findings = Vec::new();
    let Some(outputs) = document.field("Outputs").and_then(Value::as_object) else {
        return findings;
    };
    let mut exports: FastMap<&str, &str> = FastMap::default();
    for (id, output) in outputs {
        if output.field("Value").is_none() {
            findings.push(Finding::error(
                "ZV106",
                format!("Outputs.{id}"),
                "the output has no Value".into(),
                "add a Value, or remove the output".into(),
            ));
        }
        let Some(name) = output
            .field("Export")
            .and_then(|export| export.field("Name"))
            .and_then(Value::as_str)
        else {
            continue;
        };
        let path = format!("Outputs.{id}.Export.Name");
        let valid = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == ':';
        if name.is_empty() || name.len() > 255 {
            findings.push(Finding::error(
                "ZV106",
                path,
                format!(
                    "export name '{name}' is {} characters; 1 to 255 are allowed",
                    name.len()
                ),
                "shorten the export name".into(),
            ));
        } else if let Some(bad) = name.chars().find(|c| !valid(*c)) {
            findings.push(Finding::error(
                "ZV106",
                path,
                format!("export name '{name}' contains {bad:?}"),
                "use only letters, digits, '-' and ':'".into(),
            ));
        } else if let Some(first) = exports.insert(name, id) {
            findings.push(Finding::error(
                "ZV106",
                path,
                format!("export name '{name}' is also exported by output {first}"),
                "give every export a unique name".into(),
            ));
        }
    }
    findings
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn bad_and_duplicate_export_names_and_missing_values_are_reported() {
        let document = json!({"Outputs": {
            "A": {"Value": "x", "Export": {"Name": "stack:table-arn"}},
            "B": {"Value": "x", "Export": {"Name": "my_table"}},
            "C": {"Value": "x", "Export": {"Name": "stack:table-arn"}},
            "D": {"Export": {"Name": {"Fn::Sub": "${AWS::StackName}-d"}}}}});
        let paths: Vec<_> = outputs(&document).into_iter().map(|f| f.path).collect();
        assert_eq!(
            paths,
            [
                "Outputs.B.Export.Name",
                "Outputs.C.Export.Name",
                "Outputs.D"
            ]
        );
    }
}
