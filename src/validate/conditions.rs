//! ZV004: condition expressions are well formed.
//!
//! Why it exists and an example: the rule's [`About`], which
//! `zael explain` prints.

use serde_json::Value;

use super::field::Field;
use super::walk::{Calls, Function};
use super::Finding;
use super::{About, Example, Rule};

/// ZV004: condition functions take the arguments CloudFormation accepts.
pub const CONDITIONS_WELL_FORMED: Rule = Rule {
    about: About {
        code: "ZV004",
        title: "conditions well formed",
        doc: "Conditions is a mapping; Fn::Equals compares two strings, Fn::And/Or/Not/Condition take the right arguments; Fn::If has a condition and two values",
        why: "a condition is a small expression language (`Fn::Equals` of two values, `Fn::And` and `Fn::Or` of 2 to 10 conditions, `Fn::Not` of one, or a named `Condition`); CloudFormation rejects anything else at submission, and an `Fn::If` needs a condition and exactly two branches.",
        example: Example::Templates(include_str!("examples/ZV004.yaml")),
    },
    run: |template| conditions_of(template.document, template.calls()),
};

/// The functions an `Fn::Equals` operand may be computed with (each yields a string).
const EQUALS_FUNCTIONS: &[&str] = &[
    "Ref",
    "Fn::FindInMap",
    "Fn::Sub",
    "Fn::Join",
    "Fn::Select",
    "Fn::Split",
    "Fn::Length",
    "Fn::ToJsonString",
];

/// The findings of [`CONDITIONS_WELL_FORMED`], reading the template's intrinsic functions from `calls`.
fn conditions_of(document: &Value, calls: &Calls) -> Vec<Finding> {
    let mut findings = Vec::new();
    match document.field("Conditions") {
        Some(Value::Object(entries)) => {
            for (name, expression) in entries {
                check(
                    document,
                    expression,
                    &format!("Conditions.{name}"),
                    &mut findings,
                );
            }
        }
        None | Some(Value::Null) => {}
        Some(_) => findings.push(Finding::error(
            "ZV004",
            "Conditions".into(),
            "the Conditions section is not a mapping".into(),
            "map each condition name to its expression".into(),
        )),
    }
    calls.each(|call| {
        if call.function != Function::If {
            return;
        }
        let well_formed = matches!(call.argument, Value::Array(parts)
            if parts.len() == 3 && parts[0].is_string());
        if !well_formed {
            findings.push(Finding::error(
                "ZV004",
                call.path(),
                "Fn::If takes a condition name and two values".into(),
                "write [ConditionName, value if true, value if false]".into(),
            ));
        }
    });
    findings
}

fn check(document: &Value, expression: &Value, path: &str, findings: &mut Vec<Finding>) {
    let mut report = |path: String, message: String, hint: &str| {
        findings.push(Finding::error("ZV004", path, message, hint.into()));
    };
    let Some((function, argument)) = expression
        .as_object()
        .filter(|m| m.len() == 1)
        .and_then(|m| m.iter().next())
    else {
        report(
            path.to_string(),
            "a condition must be one condition function".into(),
            "use Fn::Equals, Fn::And, Fn::Or, Fn::Not or Condition",
        );
        return;
    };
    let path = format!("{path}.{function}");
    let items = argument.as_array();
    let count = items.map(Vec::len);
    match function.as_str() {
        "Fn::Equals" if count != Some(2) => report(
            path,
            "Fn::Equals compares exactly two values".into(),
            "write [value, value]",
        ),
        "Fn::And" | "Fn::Or" if !matches!(count, Some(2..=10)) => report(
            path,
            format!("{function} takes 2 to 10 conditions"),
            "list between 2 and 10 conditions",
        ),
        "Fn::Not" if count != Some(1) => report(
            path,
            "Fn::Not takes exactly one condition".into(),
            "write [condition]",
        ),
        "Condition" if !argument.is_string() => report(
            path,
            "Condition takes a condition name".into(),
            "name a condition under Conditions",
        ),
        "Fn::Equals" => {
            for (index, operand) in items.into_iter().flatten().enumerate() {
                let computed = operand.as_object().is_some_and(|m| {
                    m.len() == 1 && m.keys().all(|k| EQUALS_FUNCTIONS.contains(&k.as_str()))
                });
                // A list parameter (`CommaDelimitedList`, `List<...>`) is no string.
                let list_parameter = operand
                    .field("Ref")
                    .and_then(Value::as_str)
                    .and_then(|name| document.pointer(&format!("/Parameters/{name}/Type")))
                    .and_then(Value::as_str)
                    .filter(|t| *t == "CommaDelimitedList" || t.starts_with("List<"));
                if let Some(kind) = list_parameter {
                    report(
                        format!("{path}[{index}]"),
                        format!("Fn::Equals compares two strings; this Ref is a {kind} parameter"),
                        "compare one item (Fn::Select) or the joined list (Fn::Join)",
                    );
                } else if !(computed
                    || operand.is_string()
                    || operand.is_number()
                    || operand.is_boolean())
                {
                    report(
                        format!("{path}[{index}]"),
                        "Fn::Equals compares two strings; this operand is neither a string nor a function that yields one".into(),
                        "write a string, or compute it with Ref, Fn::FindInMap, Fn::Sub, Fn::Join or Fn::Select",
                    );
                }
            }
        }
        "Condition" => {}
        "Fn::And" | "Fn::Or" | "Fn::Not" => {
            for (index, item) in items.into_iter().flatten().enumerate() {
                check(document, item, &format!("{path}[{index}]"), findings);
            }
        }
        other => report(
            path.clone(),
            format!("{other} is not a condition function"),
            "use Fn::Equals, Fn::And, Fn::Or, Fn::Not or Condition",
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn malformed_conditions_and_if_are_reported_at_their_path() {
        let document = json!({
            "Parameters": {"Envs": {"Type": "CommaDelimitedList"}},
            "Conditions": {
                "Listy": {"Fn::Equals": [{"Ref": "Envs"}, ""]},
                "Ok": {"Fn::And": [{"Fn::Equals": ["a", "a"]}, {"Condition": "Other"}]},
                "OneSided": {"Fn::Equals": ["a"]},
                "Listed": {"Fn::Equals": [["a"], {"Fn::ImportValue": "b"}]},
                "Nested": {"Fn::Not": [{"Fn::Or": [{"Condition": "Ok"}]}]},
                "Wrong": {"Fn::If": ["Ok", "a", "b"]}},
            "Resources": {"A": {"Type": "T", "Properties": {"X": {"Fn::If": ["Ok", 1]}}}}});
        let paths: Vec<_> = CONDITIONS_WELL_FORMED
            .findings(&document)
            .into_iter()
            .map(|f| f.path)
            .collect();
        assert_eq!(
            paths,
            [
                "Conditions.Listy.Fn::Equals[0]",
                "Conditions.OneSided.Fn::Equals",
                "Conditions.Listed.Fn::Equals[0]",
                "Conditions.Listed.Fn::Equals[1]",
                "Conditions.Nested.Fn::Not[0].Fn::Or",
                "Conditions.Wrong.Fn::If",
                "Resources.A.Properties.X.Fn::If",
            ]
        );
    }

    #[test]
    fn a_conditions_section_that_is_not_a_mapping_is_reported() {
        let document = json!({"Conditions": [{"C": {"Fn::Equals": ["a", "b"]}}], "Resources": {}});
        let paths: Vec<_> = CONDITIONS_WELL_FORMED
            .findings(&document)
            .into_iter()
            .map(|f| f.path)
            .collect();
        assert_eq!(paths, ["Conditions"]);
    }
}
