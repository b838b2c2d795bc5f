//! Reading a property's value when the template fixes it: a literal, or a `Ref` to a
//! parameter, judged by the parameter's default (what a deployment without overrides gets).

use serde_json::Value;

use super::field::Field;

/// The value as written, or the default of the parameter it references.
pub fn resolved<'a>(document: &'a Value, value: &'a Value) -> Option<&'a Value> {
    match value.field("Ref").and_then(Value::as_str) {
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

/// A value as a message names it: a scalar as written (a string quoted), a list or a
/// mapping by its kind (the section and parameter rules, ZV008 and ZV009).
pub fn show(value: &Value) -> String {
    match value {
        Value::Null => "null".into(),
        Value::String(s) => format!("'{s}'"),
        Value::Array(_) => "a list".into(),
        Value::Object(_) => "a mapping".into(),
        other => other.to_string(),
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
    let mut found = Vec::new();
    descend(properties, path, Some(0), &mut Vec::new(), &mut found);
    found
}

/// The values below `value` at `path`'s steps from byte `rest` on (`None`: here), with the
/// list indices `*` took so far. The path is written out only for a value found, from
/// `path` and the indices: the rules ask for many paths a template does not have, and
/// writing each step as it was taken cost more than finding the values.
fn descend<'a>(
    value: &'a Value,
    path: &str,
    rest: Option<usize>,
    indices: &mut Vec<usize>,
    found: &mut Vec<(String, &'a Value)>,
) {
    let Some(start) = rest else {
        found.push((written(path, indices), value));
        return;
    };
    let (step, after) = first_step(&path[start..]);
    let next = after.map(|after| start + after);
    if step == "*" {
        for (index, item) in value.as_array().into_iter().flatten().enumerate() {
            indices.push(index);
            descend(item, path, next, indices, found);
            indices.pop();
        }
    } else if let Some(item) = value.field(step) {
        descend(item, path, next, indices, found);
    }
}

/// `path`'s steps joined by dots, each `*` written as the index it took (`A/*/C`, index 2:
/// `A[2].C`).
fn written(path: &str, indices: &[usize]) -> String {
    let mut out = String::with_capacity(path.len() + 4 * indices.len());
    let mut taken = indices.iter();
    let mut rest = path;
    loop {
        let (step, after) = first_step(rest);
        if step == "*" {
            super::walk::push_index(&mut out, *taken.next().expect("an index for each *"));
        } else {
            if !out.is_empty() {
                out.push('.');
            }
            out.push_str(step);
        }
        match after {
            Some(after) => rest = &rest[after..],
            None => return out,
        }
    }
}

/// The first step of `path` (`a/b/c`: `a`), and where the rest starts after its `/`, if
/// there is more. A byte search: `split_once` and `split` set up a searcher for every
/// step, which cost more than the steps' few bytes.
fn first_step(path: &str) -> (&str, Option<usize>) {
    match path.bytes().position(|b| b == b'/') {
        Some(slash) => (&path[..slash], Some(slash + 1)),
        None => (path, None),
    }
}

/// A template of one resource of `resource_type` whose properties hold `value` at `path`
/// (written as [`at`] reads it; `*` makes a list of one item): what the tests of each
/// property-rule table build for every row.
#[cfg(test)]
pub fn one_resource_with(resource_type: &str, path: &str, value: Value) -> Value {
    let mut properties = Value::Object(Default::default());
    let mut cursor = &mut properties;
    for step in path.split('/') {
        cursor = if step == "*" {
            *cursor = Value::Array(vec![Value::Null]);
            &mut cursor[0]
        } else {
            &mut cursor[step]
        };
    }
    *cursor = value;
    serde_json::json!({"Resources": {"R": {"Type": resource_type, "Properties": properties}}})
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_step_into_mappings_and_every_list_item() {
        let properties = serde_json::json!({
            "A": {"B": [{"C": 1}, {"D": 2}, {"C": 3}]}, "E": 4
        });
        let found: Vec<(String, Value)> = at(&properties, "A/B/*/C")
            .into_iter()
            .map(|(path, value)| (path, value.clone()))
            .collect();
        assert_eq!(
            found,
            [
                ("A.B[0].C".to_string(), Value::from(1)),
                ("A.B[2].C".to_string(), Value::from(3))
            ]
        );
        assert_eq!(at(&properties, "E")[0].0, "E");
        assert!(at(&properties, "E/F").is_empty() && at(&properties, "X/*").is_empty());
        let list = serde_json::json!([5, 6]);
        assert_eq!(at(&list, "*")[1].0, "[1]");
        let nested = serde_json::json!({"A": [[{"": 1}], [{"": 2}, {"": 3}]]});
        let found: Vec<String> = at(&nested, "A/*/*/").into_iter().map(|f| f.0).collect();
        assert_eq!(found, ["A[0][0].", "A[1][0].", "A[1][1]."]);
        assert_eq!(at(&serde_json::json!({"": 1}), "")[0].0, "");
    }
}
