//! ZV006: every resource has a `Type`, a string naming a type CloudFormation has.

use serde_json::Value;

use super::values::suggestion;
use super::Problem;
use crate::schema;
use crate::validate::field::Field;
use crate::validate::walk::dotted;

/// Prefixes of types that are not in the provider schemas but are valid: custom resources,
/// SAM's (expanded by the transform) and modules' (registered per account).
fn outside_schemas(kind: &str, document: &Value) -> bool {
    schema::is_custom(kind)
        || kind.ends_with("::MODULE")
        || (kind.starts_with("AWS::Serverless::") && has_transform(document, "AWS::Serverless"))
        // Registry extensions (third-party or private types) are the account's own.
        || (!kind.starts_with("AWS::") && !kind.starts_with("Alexa::") && kind.split("::").count() == 3)
}

/// Whether the template's `Transform` (a name or a list) names one starting with `prefix`.
pub fn has_transform(document: &Value, prefix: &str) -> bool {
    match document.field("Transform") {
        Some(Value::String(name)) => name.starts_with(prefix),
        Some(Value::Array(names)) => names
            .iter()
            .any(|n| n.as_str().is_some_and(|n| n.starts_with(prefix))),
        _ => false,
    }
}

pub fn resource_types(document: &Value) -> Vec<Problem> {
    let mut problems = Vec::new();
    for (id, resource) in document
        .field("Resources")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        // Made for a finding only: most resources have a known Type.
        let path = || dotted(&["Resources", id]);
        let Some(resource) = resource.as_object() else {
            problems.push(Problem {
                rule: "ZV006",
                path: path(),
                message: "a resource is a mapping with a Type".into(),
                hint: "give it Type and Properties".into(),
            });
            continue;
        };
        match resource.field("Type") {
            None => problems.push(Problem {
                rule: "ZV006",
                path: path(),
                message: "the resource has no Type".into(),
                hint: "give a type such as AWS::S3::Bucket".into(),
            }),
            Some(Value::String(kind)) => {
                if !schema::is_known_type(kind) && !outside_schemas(kind, document) {
                    let names: Vec<&str> = schema::type_names().collect();
                    let hint = match suggestion(kind, &names) {
                        s if s.starts_with("did you mean") => s,
                        _ => "give a type CloudFormation has (AWS::Service::Resource), or Custom::Name for a custom resource".into(),
                    };
                    problems.push(Problem {
                        rule: "ZV006",
                        path: dotted(&["Resources", id, "Type"]),
                        message: format!(
                            "'{kind}' is not a CloudFormation resource type (us-east-1)"
                        ),
                        hint,
                    });
                }
            }
            Some(other) => problems.push(Problem {
                rule: "ZV006",
                path: dotted(&["Resources", id, "Type"]),
                message: format!(
                    "the Type is {}, not a string",
                    super::values::describe(other)
                ),
                hint: "give the type as a string such as AWS::S3::Bucket".into(),
            }),
        }
    }
    problems
}
