//! ZV010: a `${Name}` that names a parameter, a resource, `Resource.Attribute` or a pseudo
//! parameter is inside an `Fn::Sub`; anywhere else CloudFormation passes it on literally.
//!
//! A state machine's `${name}` placeholders must be defined in its `DefinitionSubstitutions`.
//!
//! Why it exists and an example: the rule's [`About`], which
//! `zael explain` prints.

use serde_json::Value;

use super::field::Field;
use super::references::sub_variables;
use super::walk::{push_index, Calls, Loose};
use super::{About, Example, Finding, Rule};
use crate::fast_hash::FastSet;
use crate::template::pseudo;

/// ZV010: `${...}` outside Fn::Sub.
pub const SUB_NEEDED: Rule = Rule {
    about: About {
        code: "ZV010",
        title: "Fn::Sub where ${} is meant",
        doc: "a ${Name} naming a parameter, resource, Resource.Attribute or pseudo parameter appears only inside Fn::Sub (elsewhere CloudFormation keeps it literally)",
        why: "`RoleName: ${Stage}-role` deploys a role named `${Stage}-role` (or fails the name's pattern) instead of `prod-role`: the author meant `!Sub`. Only names the template defines are reported, so shell variables in a script (`${HOME}`) are left alone. cfn-lint judges the same (E1029).",
        example: Example::Templates(include_str!("examples/ZV010.yaml")),
    },
    run: |template| sub_needed(template.document, template.calls()),
};

/// The loose strings come from the template's one walk ([`Calls::loose`]), in template
/// order; each entry's are reported before its state machine's placeholders.
fn sub_needed(document: &Value, calls: &Calls) -> Vec<Finding> {
    let mut names: FastSet<&str> = FastSet::default();
    for section in ["Parameters", "Resources"] {
        if let Some(entries) = document.field(section).and_then(Value::as_object) {
            names.extend(entries.keys().map(String::as_str));
        }
    }
    let resources = document.field("Resources").and_then(Value::as_object);
    let mut findings = Vec::new();
    let mut loose = calls.loose().iter().peekable();
    for section in ["Resources", "Outputs"] {
        let Some(entries) = document.field(section).and_then(Value::as_object) else {
            continue;
        };
        for (id, entry) in entries {
            // Metadata is free-form: tools keep their own templates there.
            let Some(entry) = entry.as_object() else {
                continue;
            };
            while let Some(string) =
                loose.next_if(|l| l.section == section && l.owner == id.as_str())
            {
                judge(string, &names, resources, &mut findings);
            }
            if entry.field("Type").and_then(Value::as_str)
                == Some("AWS::StepFunctions::StateMachine")
            {
                state_machine(entry, &format!("{section}.{id}.Properties"), &mut findings);
            }
        }
    }
    findings
}

/// A state machine's `${name}` placeholders are replaced from `DefinitionSubstitutions`: one
/// it does not define stays in the definition, which Step Functions then refuses or runs
/// with a literal `${name}`.
fn state_machine(entry: &serde_json::Map<String, Value>, base: &str, findings: &mut Vec<Finding>) {
    let properties = entry.field("Properties");
    let substitutions = match properties.and_then(|p| p.field("DefinitionSubstitutions")) {
        None => FastSet::default(),
        Some(Value::Object(map)) => map.keys().map(String::as_str).collect(),
        // Computed substitutions: decided at deploy.
        Some(_) => return,
    };
    let Some(definition) = properties.and_then(|p| p.field("DefinitionString")) else {
        return;
    };
    let mut texts = Vec::new();
    literal_strings(
        definition,
        &mut format!("{base}.DefinitionString"),
        &mut texts,
    );
    for (path, text) in texts {
        let missing = sub_variables(text)
            .into_iter()
            .find(|v| !v.contains("::") && !v.contains('.') && !substitutions.contains(v));
        if let Some(name) = missing {
            findings.push(Finding::error(
                "ZV010",
                path,
                format!("placeholder '${{{name}}}' is not in DefinitionSubstitutions"),
                format!("add {name} to DefinitionSubstitutions, or write the value itself"),
            ));
        }
    }
}

/// The literal strings of `value` with their paths, not descending into functions that
/// replace `${}` themselves.
fn literal_strings<'a>(value: &'a Value, path: &mut String, out: &mut Vec<(String, &'a str)>) {
    match value {
        Value::String(text) => out.push((path.clone(), text)),
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                let len = path.len();
                push_index(path, index);
                literal_strings(item, path, out);
                path.truncate(len);
            }
        }
        Value::Object(map) => {
            for (key, item) in map
                .iter()
                .filter(|(k, _)| *k != "Fn::Sub" && *k != "Fn::Transform")
            {
                let len = path.len();
                path.push('.');
                path.push_str(key);
                literal_strings(item, path, out);
                path.truncate(len);
            }
        }
        _ => {}
    }
}

/// A literal string with `${`: reported when a variable names something the template
/// defines, or a pseudo parameter.
fn judge(
    string: &Loose,
    names: &FastSet<&str>,
    resources: Option<&serde_json::Map<String, Value>>,
    findings: &mut Vec<Finding>,
) {
    let meant: Vec<&str> = sub_variables(string.text)
        .into_iter()
        .filter(|variable| {
            pseudo::ALL.contains(variable)
                || names.contains(variable)
                || variable
                    .split_once('.')
                    .is_some_and(|(r, _)| resources.is_some_and(|rs| rs.contains_key(r)))
        })
        .collect();
    if let Some(first) = meant.first() {
        findings.push(Finding::error(
            "ZV010",
            string.path.clone(),
            format!("'${{{first}}}' is outside Fn::Sub: CloudFormation keeps it as written"),
            "write the value with !Sub (Fn::Sub) so the variable is replaced".into(),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn finding_paths(document: &Value) -> Vec<String> {
        sub_needed(document, &Calls::of(document))
            .into_iter()
            .map(|f| f.path)
            .collect()
    }

    #[test]
    fn state_machine_placeholders_come_from_definition_substitutions() {
        let document = json!({"Resources": {"Flow": {"Type": "AWS::StepFunctions::StateMachine",
            "Properties": {
                "DefinitionString": {"Fn::Join": ["\n", ["{", "\"Resource\": \"${fn_arn}\",", "\"Other\": \"${known}\"", "}"]]},
                "DefinitionSubstitutions": {"known": "x"}}}}});
        let paths = finding_paths(&document);
        assert_eq!(
            paths,
            ["Resources.Flow.Properties.DefinitionString.Fn::Join[1][1]"]
        );
    }

    #[test]
    fn template_names_outside_sub_are_reported_and_shell_variables_are_not() {
        let document = json!({
            "Parameters": {"Stage": {"Type": "String"}},
            "Resources": {
                "Role": {"Type": "AWS::IAM::Role", "Metadata": {"Note": "${Stage}"}, "Properties": {
                    "RoleName": "${Stage}-role",
                    "Path": {"Fn::Sub": "/${Stage}/"},
                    "Description": "runs ${HOME}/bin with ${AWS::Region}",
                    "Tags": [{"Key": "k", "Value": "${Role.Arn}"}, {"Key": "j", "Value": "${!Stage}"}]}}},
            "Outputs": {"Name": {"Value": "${Stage}"}}
        });
        let paths = finding_paths(&document);
        assert_eq!(
            paths,
            [
                "Resources.Role.Properties.RoleName",
                "Resources.Role.Properties.Description",
                "Resources.Role.Properties.Tags[0].Value",
                "Outputs.Name.Value",
            ]
        );
    }
}
