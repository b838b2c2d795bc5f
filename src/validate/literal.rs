//! Reading a property's value when the template fixes it: a literal, or a `Ref` to a
//! parameter, judged by the parameter's default (what a deployment without overrides gets).

use serde_json::Value;

/// The value as written, or the default of the parameter it references.
pub fn resolved<'a>(document: &'a Value, value: &'a Value) -> Option<&'a Value> {
    match value.get("Ref").and_then(Value::as_str) {
        Some(name) => super::walk::entry_field(document, "Parameters", name, "Default"),
        None if value.is_object() => None,
        None => Some(value),
    }
}

/// A string, number or boolean as the text CloudFormation reads.
pub fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// A number, also when written as a string (`'7'`), as CloudFormation accepts both.
pub fn number(document: &Value, value: &Value) -> Option<f64> {
    match resolved(document, value)? {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.parse().ok(),
        _ => None,
    }
}

pub fn text<'a>(document: &'a Value, value: &'a Value) -> Option<&'a str> {
    resolved(document, value)?.as_str()
}

/// `a/b/c` inside a resource's properties; `*` steps into every element of a list.
pub fn at<'a>(properties: &'a Value, path: &str) -> Vec<(String, &'a Value)> {
    let mut found = vec![(String::new(), properties)];
    for step in path.split('/') {
        let mut next = Vec::new();
        for (prefix, value) in found {
            if step == "*" {
                for (index, item) in value.as_array().into_iter().flatten().enumerate() {
                    next.push((format!("{prefix}[{index}]"), item));
                }
            } else if let Some(item) = value.get(step) {
                let dot = if prefix.is_empty() { "" } else { "." };
                next.push((format!("{prefix}{dot}{step}"), item));
            }
        }
        found = next;
    }
    found
}
