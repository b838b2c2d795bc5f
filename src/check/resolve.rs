//! The template as a deployment without parameter overrides gets it, for cfn-guard.
//!
//! Guard compares values, and `PointInTimeRecoveryEnabled: {Fn::If: [PITREnabled, true,
//! false]}` is not `true`: zael's stacks put choices into parameters and conditions so that
//! one template serves many deployments. Policy judges the default deployment, so `Ref`s to
//! parameters become their defaults and `Fn::If`s over conditions that can be evaluated become
//! their branch (`AWS::NoValue` removes the property). Anything unresolvable stays as is.

use serde_json::{Map, Value};

use crate::validate::scalar_text;

pub fn deployed_defaults(document: &Value) -> Value {
    let mut resolved = document.clone();
    let conditions = document.get("Conditions").cloned().unwrap_or(Value::Null);
    for section in ["Resources", "Outputs"] {
        if let Some(entries) = resolved.get_mut(section) {
            let value = std::mem::take(entries);
            *entries = resolve(value, document, &conditions).unwrap_or(Value::Null);
        }
    }
    resolved
}

/// `None` means "no value" (`Ref: AWS::NoValue`), dropped from the enclosing map or list.
fn resolve(value: Value, document: &Value, conditions: &Value) -> Option<Value> {
    match value {
        Value::Object(map) if map.len() == 1 => {
            let (function, argument) = map.iter().next().expect("one entry");
            match (function.as_str(), argument) {
                ("Ref", Value::String(name)) if name == "AWS::NoValue" => return None,
                ("Ref", Value::String(name)) => {
                    if let Some(default) = document.pointer(&format!("/Parameters/{name}/Default"))
                    {
                        return Some(typed(document, name, default));
                    }
                }
                ("Fn::If", Value::Array(parts)) if parts.len() == 3 => {
                    let name = parts[0].as_str().unwrap_or_default();
                    let holds = conditions
                        .get(name)
                        .and_then(|expression| condition(expression, document, conditions));
                    if let Some(holds) = holds {
                        let branch = parts[if holds { 1 } else { 2 }].clone();
                        return resolve(branch, document, conditions);
                    }
                }
                _ => {}
            }
            Some(Value::Object(resolve_map(map, document, conditions)))
        }
        Value::Object(map) => Some(Value::Object(resolve_map(map, document, conditions))),
        Value::Array(items) => Some(Value::Array(
            items
                .into_iter()
                .filter_map(|v| resolve(v, document, conditions))
                .collect(),
        )),
        other => Some(other),
    }
}

fn resolve_map(
    map: Map<String, Value>,
    document: &Value,
    conditions: &Value,
) -> Map<String, Value> {
    map.into_iter()
        .filter_map(|(k, v)| resolve(v, document, conditions).map(|v| (k, v)))
        .collect()
}

/// A Number parameter's default as a number, so `RetentionInDays >= 30` compares numbers.
fn typed(document: &Value, name: &str, default: &Value) -> Value {
    let is_number = document
        .pointer(&format!("/Parameters/{name}/Type"))
        .and_then(Value::as_str)
        == Some("Number");
    match default {
        Value::String(s) if is_number => s
            .parse::<f64>()
            .ok()
            .and_then(serde_json::Number::from_f64)
            .map_or(default.clone(), |n| {
                if n.as_f64().is_some_and(|f| f.fract() == 0.0) {
                    Value::from(n.as_f64().unwrap_or_default() as i64)
                } else {
                    Value::Number(n)
                }
            }),
        _ => default.clone(),
    }
}

/// Whether a condition holds in the default deployment, when that can be known.
fn condition(expression: &Value, document: &Value, conditions: &Value) -> Option<bool> {
    let (function, argument) = expression.as_object()?.iter().next()?;
    let items = argument.as_array();
    match function.as_str() {
        "Fn::Equals" => {
            let items = items?;
            // CloudFormation compares condition operands as strings.
            let a = scalar_text(&resolve(items.first()?.clone(), document, conditions)?)?;
            let b = scalar_text(&resolve(items.get(1)?.clone(), document, conditions)?)?;
            Some(a == b)
        }
        "Fn::Not" => condition(items?.first()?, document, conditions).map(|b| !b),
        "Fn::And" => items?
            .iter()
            .map(|c| condition(c, document, conditions))
            .collect::<Option<Vec<_>>>()
            .map(|v| v.iter().all(|b| *b)),
        "Fn::Or" => items?
            .iter()
            .map(|c| condition(c, document, conditions))
            .collect::<Option<Vec<_>>>()
            .map(|v| v.iter().any(|b| *b)),
        "Condition" => condition(conditions.get(argument.as_str()?)?, document, conditions),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn parameters_and_conditions_take_their_default_deployment() {
        let document = json!({
            "Parameters": {"Pitr": {"Type": "String", "Default": "true"},
                           "Days": {"Type": "Number", "Default": "90"}},
            "Conditions": {"On": {"Fn::Equals": [{"Ref": "Pitr"}, "true"]},
                           "Off": {"Fn::Not": [{"Condition": "On"}]}},
            "Resources": {"T": {"Type": "X", "Properties": {
                "Enabled": {"Fn::If": ["On", true, false]},
                "Gone": {"Fn::If": ["Off", 1, {"Ref": "AWS::NoValue"}]},
                "Days": {"Ref": "Days"},
                "Arn": {"Ref": "T"}}}}});
        let resolved = deployed_defaults(&document);
        assert_eq!(
            resolved["Resources"]["T"]["Properties"],
            json!({"Enabled": true, "Days": 90, "Arn": {"Ref": "T"}})
        );
    }
}
