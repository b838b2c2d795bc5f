//! The template language around the resources: `AWS::LanguageExtensions` loops expanded as
//! CloudFormation expands them before it validates, and notices for what zael reads but
//! does not check (SAM's generated resources, modules).

use serde_json::{Map, Value};

pub use crate::validate::has_transform;
use crate::validate::scalar_text;

/// Expands the template for checking, and says on what it is silent.
pub fn prepare(document: &mut Value) -> Vec<String> {
    let mut notices = Vec::new();
    if has_transform(document, "AWS::LanguageExtensions") {
        let parameters = document.get("Parameters").cloned().unwrap_or(Value::Null);
        expand(document, &parameters, &mut notices);
    }
    if has_transform(document, "AWS::Serverless") {
        notices.push(
            "the template uses the SAM transform (AWS::Serverless): its AWS::Serverless::* \
             resources and the resources SAM generates from them are not checked"
                .into(),
        );
    }
    let modules: Vec<String> = document
        .get("Resources")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .filter(|(_, r)| {
            r.get("Type")
                .and_then(Value::as_str)
                .is_some_and(|t| t.ends_with("::MODULE"))
        })
        .map(|(id, _)| id.clone())
        .collect();
    if !modules.is_empty() {
        notices.push(format!(
            "modules are registered per account and are not checked: {}",
            modules.join(", ")
        ));
    }
    notices
}

/// Replaces every `Fn::ForEach::Name: [Identifier, Collection, {Key: Fragment}]` entry of a
/// mapping with one copy of the fragment per item, `${Identifier}` and `&{Identifier}`
/// (the item without its non-alphanumeric characters) and `Ref: Identifier` replaced.
fn expand(value: &mut Value, parameters: &Value, notices: &mut Vec<String>) {
    match value {
        Value::Array(items) => items
            .iter_mut()
            .for_each(|item| expand(item, parameters, notices)),
        Value::Object(map) => {
            if map.keys().any(|k| k.starts_with("Fn::ForEach::")) {
                let old = std::mem::take(map);
                for (key, entry) in old {
                    if !key.starts_with("Fn::ForEach::") {
                        map.insert(key, entry);
                        continue;
                    }
                    match instances(&entry, parameters) {
                        Some(copies) => map.extend(copies),
                        None => notices.push(format!(
                            "{key}: its collection is not a list zael can read (a literal list \
                             or a parameter with a default); the loop is not checked"
                        )),
                    }
                }
            }
            for item in map.values_mut() {
                expand(item, parameters, notices);
            }
        }
        _ => {}
    }
}

fn instances(entry: &Value, parameters: &Value) -> Option<Map<String, Value>> {
    let [identifier, collection, fragment] = entry.as_array()?.as_slice() else {
        return None;
    };
    let identifier = identifier.as_str()?;
    let items: Vec<String> = match collection {
        Value::Array(items) => items.iter().map(scalar_text).collect::<Option<_>>()?,
        other => {
            let name = other.get("Ref")?.as_str()?;
            match parameters.get(name)?.get("Default")? {
                Value::String(list) => list.split(',').map(|s| s.trim().to_string()).collect(),
                Value::Array(items) => items.iter().map(scalar_text).collect::<Option<_>>()?,
                _ => return None,
            }
        }
    };
    let mut out = Map::new();
    for item in &items {
        for (key, body) in fragment.as_object()? {
            out.insert(
                substitute_text(key, identifier, item),
                substitute(body, identifier, item),
            );
        }
    }
    Some(out)
}

fn substitute_text(text: &str, identifier: &str, item: &str) -> String {
    let alphanumeric: String = item.chars().filter(char::is_ascii_alphanumeric).collect();
    text.replace(&format!("${{{identifier}}}"), item)
        .replace(&format!("&{{{identifier}}}"), &alphanumeric)
}

fn substitute(value: &Value, identifier: &str, item: &str) -> Value {
    match value {
        Value::String(text) => Value::String(substitute_text(text, identifier, item)),
        Value::Array(items) => Value::Array(
            items
                .iter()
                .map(|v| substitute(v, identifier, item))
                .collect(),
        ),
        Value::Object(map) => {
            if map.len() == 1 && map.get("Ref").and_then(Value::as_str) == Some(identifier) {
                return Value::String(item.to_string());
            }
            Value::Object(
                map.iter()
                    .map(|(k, v)| {
                        (
                            substitute_text(k, identifier, item),
                            substitute(v, identifier, item),
                        )
                    })
                    .collect(),
            )
        }
        other => other.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn for_each_loops_expand_with_both_placeholders_and_ref() {
        let mut document = json!({
            "Transform": "AWS::LanguageExtensions",
            "Parameters": {"Names": {"Type": "CommaDelimitedList", "Default": "a-1, b-2"}},
            "Resources": {
                "Fn::ForEach::Topics": ["Name", {"Ref": "Names"}, {
                    "Topic&{Name}": {"Type": "AWS::SNS::Topic",
                        "Properties": {"TopicName": {"Fn::Sub": "t-${Name}"}, "DisplayName": {"Ref": "Name"}}}
                }],
                "Fn::ForEach::Bad": ["X", {"Fn::Split": [",", "a"]}, {"Q${X}": {}}],
                "Other": {"Type": "AWS::SQS::Queue"}
            }
        });
        let notices = prepare(&mut document);
        let resources = document["Resources"].as_object().unwrap();
        let ids: Vec<&str> = resources.keys().map(String::as_str).collect();
        assert_eq!(ids, ["Topica1", "Topicb2", "Other"]);
        assert_eq!(
            resources["Topicb2"]["Properties"],
            json!({"TopicName": {"Fn::Sub": "t-b-2"}, "DisplayName": "b-2"})
        );
        assert_eq!(notices.len(), 1);
        assert!(notices[0].starts_with("Fn::ForEach::Bad"), "{notices:?}");
    }

    #[test]
    fn sam_and_modules_get_a_notice() {
        let mut document = json!({
            "Transform": ["AWS::Serverless-2016-10-31"],
            "Resources": {"M": {"Type": "Org::Net::Vpc::MODULE"}}
        });
        let notices = prepare(&mut document);
        assert!(notices[0].contains("SAM"), "{notices:?}");
        assert!(notices[1].contains(": M"), "{notices:?}");
    }
}
