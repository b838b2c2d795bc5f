//! ZV004: condition expressions are well formed.
//!
//! Why: a condition is a small expression language (`Fn::Equals` of two values, `Fn::And`
//! and `Fn::Or` of 2 to 10 conditions, `Fn::Not` of one, or a named `Condition`);
//! CloudFormation rejects anything else at submission, and an `Fn::If` needs a condition and
//! exactly two branches.
//!
//! Example: `Fn::Equals: [a]` is reported at `Conditions.C.Fn::Equals`.

use serde_json::Value;

use super::walk::intrinsics;
use super::Finding;

pub fn conditions(document: &Value) -> Vec<Finding> {
    let mut findings = Vec::new();
    if let Some(entries) = document.get("Conditions").and_then(Value::as_object) {
        for (name, expression) in entries {
            check(expression, &format!("Conditions.{name}"), &mut findings);
        }
    }
    intrinsics(document, |call| {
        if call.function != "Fn::If" {
            return;
        }
        let well_formed = matches!(call.argument, Value::Array(parts)
            if parts.len() == 3 && parts[0].is_string());
        if !well_formed {
            findings.push(Finding::error(
                "ZV004",
                call.path.clone(),
                "Fn::If takes a condition name and two values".into(),
                "write [ConditionName, value if true, value if false]".into(),
            ));
        }
    });
    findings
}

fn check(expression: &Value, path: &str, findings: &mut Vec<Finding>) {
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
        "Fn::Equals" | "Condition" => {}
        "Fn::And" | "Fn::Or" | "Fn::Not" => {
            for (index, item) in items.into_iter().flatten().enumerate() {
                check(item, &format!("{path}[{index}]"), findings);
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
            "Conditions": {
                "Ok": {"Fn::And": [{"Fn::Equals": ["a", "a"]}, {"Condition": "Other"}]},
                "OneSided": {"Fn::Equals": ["a"]},
                "Nested": {"Fn::Not": [{"Fn::Or": [{"Condition": "Ok"}]}]},
                "Wrong": {"Fn::If": ["Ok", "a", "b"]}},
            "Resources": {"A": {"Type": "T", "Properties": {"X": {"Fn::If": ["Ok", 1]}}}}});
        let paths: Vec<_> = conditions(&document).into_iter().map(|f| f.path).collect();
        assert_eq!(
            paths,
            [
                "Conditions.OneSided.Fn::Equals",
                "Conditions.Nested.Fn::Not[0].Fn::Or",
                "Conditions.Wrong.Fn::If",
                "Resources.A.Properties.X.Fn::If",
            ]
        );
    }
}
