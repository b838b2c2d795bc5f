//! `deploy --parameter NAME=VALUE`: values for the template's parameters that synth cannot
//! know (the api blueprint's `DynamoDbPrefixListId` differs per region and has no default),
//! as `aws cloudformation deploy --parameter-overrides` takes them.

use aws_sdk_cloudformation::types::Parameter;
use serde_json::Value;

use crate::failure::Failure;

/// One `--parameter NAME=VALUE`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Override {
    pub name: String,
    pub value: String,
}

/// A `--parameter` that is not `NAME=VALUE`: the text given.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not NAME=VALUE (a template parameter and its value, e.g. DynamoDbPrefixListId=pl-02cd2c6b)")]
pub struct NotAnOverride(pub String);

/// clap's parser of `--parameter`: `NAME=VALUE`, NAME not empty (VALUE may be).
pub fn parse(text: &str) -> Result<Override, NotAnOverride> {
    match text.split_once('=') {
        Some((name, value)) if !name.is_empty() => Ok(Override {
            name: name.to_string(),
            value: value.to_string(),
        }),
        _ => Err(NotAnOverride(text.to_string())),
    }
}

/// Refuses an override the template does not declare, or one given twice: bad input, said
/// before AWS is asked anything.
pub fn check(overrides: &[Override], document: &Value) -> Result<(), Failure> {
    let declared = declared(document);
    for given in overrides {
        if !declared.contains_key(&given.name) {
            let allowed: Vec<&str> = declared.keys().map(String::as_str).collect();
            return Err(Failure::usage(format!(
                "--parameter {}: the template has no parameter {}; it has {}",
                given.name,
                given.name,
                if allowed.is_empty() {
                    "none".to_string()
                } else {
                    allowed.join(", ")
                }
            )));
        }
        if overrides.iter().filter(|o| o.name == given.name).count() > 1 {
            return Err(Failure::usage(format!(
                "--parameter {} is given more than once; give each parameter one value",
                given.name
            )));
        }
    }
    Ok(())
}

fn declared(document: &Value) -> serde_json::Map<String, Value> {
    document
        .get("Parameters")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default()
}

/// The change set's parameters: each override (see [`check`]), and on an update every
/// parameter without a default that is not given keeps its deployed value (CloudFormation
/// would otherwise refuse the change set). A new stack needs a value for each of those.
pub fn resolve(
    overrides: &[Override],
    document: &Value,
    create: bool,
) -> Result<Vec<Parameter>, Failure> {
    check(overrides, document)?;
    let mut parameters: Vec<Parameter> = overrides
        .iter()
        .map(|given| {
            Parameter::builder()
                .parameter_key(&given.name)
                .parameter_value(&given.value)
                .build()
        })
        .collect();
    for (name, declaration) in &declared(document) {
        if declaration.get("Default").is_some() || overrides.iter().any(|o| &o.name == name) {
            continue;
        }
        if create {
            let description = declaration
                .get("Description")
                .and_then(Value::as_str)
                .unwrap_or("");
            return Err(Failure::usage(format!(
                "the template's parameter {name} has no default: pass --parameter {name}=VALUE ({description})"
            )));
        }
        parameters.push(
            Parameter::builder()
                .parameter_key(name)
                .use_previous_value(true)
                .build(),
        );
    }
    Ok(parameters)
}
