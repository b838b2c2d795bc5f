//! Layer 1 against CloudFormation's resource provider schemas, for every resource type:
//! ZV006 the type exists; ZV206 required properties; ZV207 unknown properties; ZV208 value
//! types; ZV209 allowed values; ZV210 patterns; ZV211 lengths and counts; ZV212 ranges;
//! ZV213 read-only properties set; ZV214 combinations (oneOf, anyOf, dependencies, exclusive
//! and at-least-one property sets); ZV215 duplicate list items.
//!
//! Why: CloudFormation rejects these at deploy time, after a change set was made and
//! reviewed; the schemas are what its resource handlers validate against.
//!
//! Example: `BillingMode: ON_DEMAND` on an `AWS::DynamoDB::Table` is reported at
//! `Resources.Table.Properties.BillingMode` (ZV209), with the allowed values as the hint.
//!
//! One walk over the template finds every family at once; each rule takes its own (see
//! [`findings`]).

mod backtrack;
mod combinations;
mod keywords;
pub(super) mod patterns;
mod simple_pattern;
mod types;
pub(super) mod values;

use serde_json::Value;

use super::Finding;
use crate::schema;
use crate::validate::field::Field;
pub use types::{has_transform, resource_types};
use values::{intrinsic, Walk};

/// A problem before it becomes a finding.
pub struct Problem {
    pub rule: &'static str,
    pub path: String,
    pub message: String,
    pub hint: String,
}

/// Every schema finding of `document`, in template order, with their rule ids (ZV006, ZV2xx).
pub fn findings(document: &Value) -> Vec<Finding> {
    let mut problems = resource_types(document);
    for (id, resource) in document
        .field("Resources")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        let Some(kind) = resource.field("Type").and_then(Value::as_str) else {
            continue;
        };
        let Some(schema) = schema::resource_type(kind) else {
            continue;
        };
        // The walk's buffer: room for the property paths it extends this one by.
        let mut path = String::with_capacity(128);
        for part in ["Resources.", id, ".Properties"] {
            path.push_str(part);
        }
        let properties = resource.field("Properties");
        let mut walk = Walk::new(schema);
        match properties {
            None => walk.value(
                schema.schema(),
                &Value::Object(Default::default()),
                &mut path,
            ),
            // Properties are the resource's mapping: Fn::If may choose between two, and a
            // macro (Fn::Transform, e.g. AWS::Include) may write it; no other function can.
            Some(value)
                if intrinsic(value).is_some_and(|(f, _)| f != "Fn::If" && f != "Fn::Transform") =>
            {
                let (function, _) = intrinsic(value).expect("checked");
                walk.problems.push(Problem {
                    rule: "ZV208",
                    path: path.clone(),
                    message: format!("Properties is {function}, not a mapping of properties"),
                    hint: "write the properties as a mapping (Fn::If may choose between two)"
                        .into(),
                });
            }
            Some(value) => {
                read_only(schema, value, &path, &mut walk.problems);
                walk.value(schema.schema(), value, &mut path);
            }
        }
        // A list item judged by both `prefixItems` and `items` may break one rule twice.
        for problem in walk.problems {
            let repeated = problems.iter().any(|p: &Problem| {
                p.rule == problem.rule && p.path == problem.path && p.message == problem.message
            });
            if !repeated {
                problems.push(problem);
            }
        }
    }
    problems
        .into_iter()
        .filter(|p| !(p.rule == "ZV208" && packaged(&p.path, document)))
        .map(|p| Finding::error(p.rule, p.path, p.message, p.hint))
        .collect()
}

/// A local path where `aws cloudformation package` uploads an artifact and writes its S3
/// location: a string where the schema wants the location's mapping is not an error.
fn packaged(path: &str, document: &Value) -> bool {
    const PACKAGED: &[&str] = &[
        ".Properties.Code",
        ".Properties.Content",
        ".Properties.BodyS3Location",
        ".Properties.DefinitionS3Location",
        ".Properties.SourceBundle",
        ".Properties.DefinitionUri",
    ];
    PACKAGED.iter().any(|suffix| path.ends_with(suffix))
        && document
            .pointer(&format!("/{}", path.replace('.', "/")))
            .is_some_and(Value::is_string)
}

/// ZV213: a top-level or nested read-only property the template sets.
fn read_only(
    schema: &schema::ResourceType,
    properties: &Value,
    path: &str,
    out: &mut Vec<Problem>,
) {
    if intrinsic(properties).is_some() {
        return;
    }
    for dotted in schema.read_only() {
        // Only paths the template can spell: `A.B` as nested mappings (no list steps).
        if dotted.contains('*') {
            continue;
        }
        let mut value = properties;
        let mut found = true;
        for step in dotted.split('.') {
            match value.get(step) {
                Some(next) => value = next,
                None => {
                    found = false;
                    break;
                }
            }
        }
        if found {
            out.push(Problem {
                rule: "ZV213",
                path: format!("{path}.{dotted}"),
                message: format!("'{dotted}' is read-only: CloudFormation sets it"),
                hint: format!(
                    "remove it; read it with Fn::GetAtt if {} returns it",
                    schema.name()
                ),
            });
        }
    }
}

#[cfg(test)]
mod tests;
