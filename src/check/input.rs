//! Reading a CloudFormation template file: JSON, or YAML with short-form tags (`!Ref X`,
//! `!GetAtt A.B`, `!Sub`, `!If`, ...) turned into the long form that the rules read.

use serde_json::{Map, Number, Value};
use serde_norway::Value as Yaml;

/// Why a file's text is not a template. The caller names the file.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum TemplateError {
    /// Refused before parsing (nesting, size of numbers, control characters, ...), in the
    /// scanner's words with the line and column.
    #[error("{0}")]
    Scan(String),
    #[error("duplicate key {0}; CloudFormation refuses a mapping with two equal keys")]
    DuplicateKey(String),
    #[error("not valid JSON: {0}")]
    Json(String),
    #[error("not valid YAML: {0}")]
    Yaml(String),
    #[error("a mapping key must be a scalar, not {0}")]
    KeyNotScalar(String),
    #[error("!GetAtt {0} needs Resource.Attribute")]
    GetAttShape(String),
    #[error("unknown tag !{0}")]
    UnknownTag(String),
    #[error("a template is a mapping with a Resources section")]
    NotAMapping,
    #[error("the template has no Resources mapping")]
    NoResources,
}

/// The document of a template file's text, or why it is not a template.
pub fn parse_template(text: &str) -> Result<Value, TemplateError> {
    // Editors on Windows save a byte-order mark; CloudFormation reads past it.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    crate::input::scan(text).map_err(|e| TemplateError::Scan(e.to_string()))?;
    // JSON is read as JSON (exact numbers, its own messages); text that only looks like JSON
    // (`{a: 1}`, YAML's flow style) is YAML.
    let json = text.trim_start().starts_with('{');
    let document = match json.then(|| serde_json::from_str::<Value>(text)) {
        Some(Ok(document)) => {
            if let Some(duplicate) = super::duplicates::duplicate_key(text) {
                return Err(TemplateError::DuplicateKey(duplicate.to_string()));
            }
            document
        }
        Some(Err(json_error)) => match serde_norway::from_str::<Yaml>(text) {
            Ok(yaml) => long_form(yaml)?,
            Err(_) => return Err(TemplateError::Json(json_error.to_string())),
        },
        None => {
            let yaml: Yaml =
                serde_norway::from_str(text).map_err(|e| TemplateError::Yaml(e.to_string()))?;
            long_form(yaml)?
        }
    };
    if !document.is_object() {
        return Err(TemplateError::NotAMapping);
    }
    if document
        .get("Resources")
        .and_then(Value::as_object)
        .is_none()
    {
        return Err(TemplateError::NoResources);
    }
    Ok(document)
}

fn long_form(yaml: Yaml) -> Result<Value, TemplateError> {
    Ok(match yaml {
        Yaml::Null => Value::Null,
        Yaml::Bool(b) => Value::Bool(b),
        Yaml::Number(n) => {
            if let Some(i) = n.as_i64() {
                Value::from(i)
            } else if let Some(u) = n.as_u64() {
                Value::from(u)
            } else {
                Number::from_f64(n.as_f64().unwrap_or(0.0)).map_or(Value::Null, Value::Number)
            }
        }
        Yaml::String(s) => Value::String(s),
        Yaml::Sequence(items) => {
            Value::Array(items.into_iter().map(long_form).collect::<Result<_, _>>()?)
        }
        Yaml::Mapping(mapping) => {
            let mut map = Map::new();
            for (key, value) in mapping {
                let key = match key {
                    Yaml::String(s) => s,
                    Yaml::Number(n) => n.to_string(),
                    Yaml::Bool(b) => b.to_string(),
                    // `! "Ref": X`: the non-specific tag on a key is the key as written.
                    Yaml::Tagged(tagged)
                        if tagged.tag.to_string().trim_start_matches('!').is_empty() =>
                    {
                        match tagged.value {
                            Yaml::String(s) => s,
                            other => return Err(TemplateError::KeyNotScalar(format!("{other:?}"))),
                        }
                    }
                    other => return Err(TemplateError::KeyNotScalar(format!("{other:?}"))),
                };
                map.insert(key, long_form(value)?);
            }
            Value::Object(map)
        }
        Yaml::Tagged(tagged) => {
            let tag = tagged.tag.to_string();
            let name = tag.trim_start_matches('!');
            let value = long_form(tagged.value)?;
            let (function, argument) = match name {
                "Ref" | "Condition" => (name.to_string(), value),
                // `!GetAtt A.B` is `[A, B]`; the attribute may itself contain dots.
                "GetAtt" => match value {
                    Value::String(dotted) => {
                        let (resource, attribute) = dotted
                            .split_once('.')
                            .ok_or_else(|| TemplateError::GetAttShape(dotted.to_string()))?;
                        (
                            "Fn::GetAtt".into(),
                            serde_json::json!([resource, attribute]),
                        )
                    }
                    other => ("Fn::GetAtt".into(), other),
                },
                // The non-specific tag (`! "Ref"`): the value as written.
                "" => return Ok(value),
                "Base64" | "Cidr" | "FindInMap" | "GetAZs" | "ImportValue" | "Join" | "Select"
                | "Split" | "Sub" | "Transform" | "And" | "Equals" | "If" | "Not" | "Or"
                | "Length" | "ToJsonString" | "ForEach" | "Contains" | "EachMemberEquals"
                | "EachMemberIn" | "RefAll" | "ValueOf" | "ValueOfAll" | "GetParam" => {
                    (format!("Fn::{name}"), value)
                }
                other => return Err(TemplateError::UnknownTag(other.to_string())),
            };
            Value::Object(Map::from_iter([(function, argument)]))
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn short_form_tags_become_long_form() {
        let text = "Resources:\n  A:\n    Type: T\n    Properties:\n      X: !Ref B\n      Y: !GetAtt B.Endpoint.Address\n      Z: !Sub '${B}'\n      W: !If [C, !Ref AWS::NoValue, 1]\n  B: {Type: T}\n";
        let document = parse_template(text).unwrap();
        assert_eq!(
            document["Resources"]["A"]["Properties"],
            json!({"X": {"Ref": "B"}, "Y": {"Fn::GetAtt": ["B", "Endpoint.Address"]},
                   "Z": {"Fn::Sub": "${B}"}, "W": {"Fn::If": ["C", {"Ref": "AWS::NoValue"}, 1]}})
        );
    }

    #[test]
    fn rule_functions_non_specific_tags_and_a_bom_are_read() {
        let text = "\u{feff}Rules:\n  R:\n    Assertions:\n      - Assert: !Contains [[a], !Ref P]\n      - Assert: !EachMemberEquals [!ValueOfAll [T, A], x]\nResources:\n  A:\n    Type: ! \"T\"\n    Properties:\n      X: {! \"Ref\": AWS::Region}\n";
        let document = parse_template(text).unwrap();
        let assertions = &document["Rules"]["R"]["Assertions"];
        assert_eq!(
            assertions[0]["Assert"],
            json!({"Fn::Contains": [["a"], {"Ref": "P"}]})
        );
        assert_eq!(
            assertions[1]["Assert"],
            json!({"Fn::EachMemberEquals": [{"Fn::ValueOfAll": ["T", "A"]}, "x"]})
        );
        assert_eq!(document["Resources"]["A"]["Type"], "T");
        assert_eq!(
            document["Resources"]["A"]["Properties"]["X"],
            json!({"Ref": "AWS::Region"})
        );
    }

    #[test]
    fn json_is_read_and_non_templates_are_refused() {
        assert!(parse_template("{\"Resources\": {}}").is_ok());
        assert!(parse_template("just text")
            .unwrap_err()
            .to_string()
            .contains("mapping"));
        assert_eq!(
            parse_template("Resources:\n  A: !Bogus x\n"),
            Err(TemplateError::UnknownTag("Bogus".into()))
        );
    }
}
