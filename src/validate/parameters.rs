//! ZV009: parameters are declared as CloudFormation reads them: a mapping with a `Type` it
//! knows, only the settings that type takes, each of its kind, and a `Default` the
//! parameter's own constraints accept.
//!
//! Why it exists and an example: the rule's [`About`], which
//! `zael explain` prints.

use serde_json::{Map, Value};

use super::field::Field;
use super::literal::{scalar_text, show};
use super::schema::patterns::mismatch;
use super::walk::dotted;
use super::{About, Example, Finding, Rule};

/// ZV009: parameter declarations.
pub const PARAMETERS: Rule = Rule {
    about: About {
        code: "ZV009",
        title: "parameters",
        doc: "each parameter is a mapping with a Type CloudFormation knows, only the settings its type takes (each of its kind), and a Default within its AllowedValues, AllowedPattern, lengths and values",
        why: "CloudFormation refuses the template at submission (`Invalid template parameter property 'NotType'`, `Parameter 'Env' must be one of AllowedValues`): a `Default` outside `AllowedValues` fails every deployment that does not override it. cfn-lint judges the same (E2001, E2002, E2015).",
        example: Example::Templates(include_str!("examples/ZV009.yaml")),
    },
    run: |template| parameters(template.document),
};

/// The AWS-specific parameter types (also inside `List<...>` and
/// `AWS::SSM::Parameter::Value<...>`).
const AWS_TYPES: &[&str] = &[
    "AWS::EC2::AvailabilityZone::Name",
    "AWS::EC2::Image::Id",
    "AWS::EC2::Instance::Id",
    "AWS::EC2::KeyPair::KeyName",
    "AWS::EC2::SecurityGroup::GroupName",
    "AWS::EC2::SecurityGroup::Id",
    "AWS::EC2::Subnet::Id",
    "AWS::EC2::VPC::Id",
    "AWS::EC2::Volume::Id",
    "AWS::Route53::HostedZone::Id",
    "AWS::SSM::Parameter::Name",
];

/// Settings every type takes; strings take lengths and patterns, numbers values.
const COMMON: &[&str] = &[
    "AllowedValues",
    "ConstraintDescription",
    "Default",
    "Description",
    "NoEcho",
    "Type",
];
const STRING_ONLY: &[&str] = &["AllowedPattern", "MaxLength", "MinLength"];
const NUMBER_ONLY: &[&str] = &["MaxValue", "MinValue"];

fn known_type(kind: &str) -> bool {
    if let Some(inner) = kind
        .strip_prefix("AWS::SSM::Parameter::Value<")
        .and_then(|k| k.strip_suffix('>'))
    {
        return inner != "AWS::SSM::Parameter::Name"
            && (inner == "CommaDelimitedList" || simple_or_list(inner));
    }
    kind == "CommaDelimitedList" || simple_or_list(kind)
}

fn simple_or_list(kind: &str) -> bool {
    let single = |k: &str| k == "String" || k == "Number" || AWS_TYPES.contains(&k);
    match kind.strip_prefix("List<").and_then(|k| k.strip_suffix('>')) {
        Some(inner) => {
            single(inner)
                && inner != "AWS::EC2::KeyPair::KeyName"
                && inner != "AWS::SSM::Parameter::Name"
        }
        None => single(kind),
    }
}

fn parameters(document: &Value) -> Vec<Finding> {
    let mut findings = Vec::new();
    let Some(parameters) = document.field("Parameters").and_then(Value::as_object) else {
        return findings;
    };
    for (name, parameter) in parameters {
        let path = dotted(&["Parameters", name]);
        let mut report = |path: String, message: String, hint: String| {
            findings.push(Finding::error("ZV009", path, message, hint))
        };
        let Some(settings) = parameter.as_object() else {
            report(
                path,
                format!("parameter '{name}' is not a mapping of its settings"),
                "write {Type: String, Default: ...}".into(),
            );
            continue;
        };
        let kind = match settings.field("Type") {
            None => {
                report(
                    path.clone(),
                    format!("parameter '{name}' has no Type"),
                    "add Type: String (or Number, CommaDelimitedList, an AWS-specific type)".into(),
                );
                None
            }
            Some(Value::String(kind)) if known_type(kind) => Some(kind.as_str()),
            Some(other) => {
                report(
                    format!("{path}.Type"),
                    format!("{} is not a parameter type", show(other)),
                    "use String, Number, List<Number>, CommaDelimitedList, an AWS-specific type such as AWS::EC2::VPC::Id, or AWS::SSM::Parameter::Value<...>".into(),
                );
                None
            }
        };
        let number =
            kind.is_some_and(|k| k == "Number" || k == "AWS::SSM::Parameter::Value<Number>");
        for key in settings.keys() {
            let allowed = COMMON.contains(&key.as_str())
                || (number && NUMBER_ONLY.contains(&key.as_str()))
                || (!number && STRING_ONLY.contains(&key.as_str()))
                // Without a known type, either kind of setting may be meant.
                || (kind.is_none() && (NUMBER_ONLY.contains(&key.as_str()) || STRING_ONLY.contains(&key.as_str())));
            if !allowed {
                let kinds = if number {
                    "a Number parameter"
                } else {
                    "this parameter's type"
                };
                report(
                    format!("{path}.{key}"),
                    format!("'{key}' is not a setting of {kinds}"),
                    format!("use {}", allowed_settings(number).join(", ")),
                );
            }
        }
        kinds_of_settings(settings, &path, &mut report);
        if let Some(default) = settings.field("Default").and_then(scalar_text) {
            default_within(settings, &default, kind, &path, &mut report);
        }
    }
    findings
}

fn allowed_settings(number: bool) -> Vec<&'static str> {
    let mut all: Vec<&str> = COMMON.to_vec();
    all.extend(if number { NUMBER_ONLY } else { STRING_ONLY });
    all.sort_unstable();
    all
}

/// Each setting of its kind: numbers may be written as strings, as CloudFormation reads them.
fn kinds_of_settings(
    settings: &Map<String, Value>,
    path: &str,
    report: &mut impl FnMut(String, String, String),
) {
    for (key, value) in settings {
        // Made for a finding only: most settings are fine.
        let at = || dotted(&[path, key]);
        let problem = match key.as_str() {
            "Default" | "Description" | "ConstraintDescription" | "AllowedPattern"
                if scalar_text(value).is_none() =>
            {
                Some("a string")
            }
            "MinLength" | "MaxLength" if integer(value).is_none() => Some("a whole number"),
            "MinValue" | "MaxValue" if float(value).is_none() => Some("a number"),
            "NoEcho"
                if !matches!(value, Value::Bool(_))
                    && !matches!(value.as_str(), Some("true" | "false")) =>
            {
                Some("true or false")
            }
            "AllowedValues" => match value {
                Value::Array(items) => {
                    for (index, item) in items.iter().enumerate() {
                        if scalar_text(item).is_none() {
                            report(
                                format!("{}[{index}]", at()),
                                format!("{} is not a value a parameter can take", show(item)),
                                "list strings or numbers".into(),
                            );
                        }
                    }
                    None
                }
                _ => Some("a list of values"),
            },
            _ => None,
        };
        if let Some(expected) = problem {
            report(
                at(),
                format!("{key} is {}, not {expected}", show(value)),
                format!("write {key} as {expected}"),
            );
        }
    }
}

/// The `Default` is one the parameter's own constraints accept (each item of a list type).
/// `parameter` is the parameter's path.
fn default_within(
    settings: &Map<String, Value>,
    default: &str,
    kind: Option<&str>,
    parameter: &str,
    report: &mut impl FnMut(String, String, String),
) {
    let path = || dotted(&[parameter, "Default"]);
    let list = kind.is_some_and(|k| k.contains("List<") || k.contains("CommaDelimitedList"));
    let items: Vec<&str> = if list {
        default.split(',').map(str::trim).collect()
    } else {
        vec![default]
    };
    let allowed: Option<Vec<String>> = settings
        .field("AllowedValues")
        .and_then(Value::as_array)
        .map(|values| values.iter().filter_map(scalar_text).collect());
    // A list's default may also be one allowed value as a whole (`three,four`).
    let whole = allowed
        .as_ref()
        .is_some_and(|a| a.iter().any(|v| v == default));
    for item in &items {
        if let Some(allowed) = allowed.as_ref().filter(|_| !whole) {
            if !allowed
                .iter()
                .any(|a| a == item || (list && a.trim() == *item))
            {
                report(
                    path(),
                    format!("Default '{item}' is not one of AllowedValues"),
                    format!("use one of {}", allowed.join(", ")),
                );
            }
        }
        if let Some(pattern) = settings.field("AllowedPattern").and_then(Value::as_str) {
            // CloudFormation matches the whole value against the pattern.
            if mismatch(&format!("^(?:{pattern})$"), item) {
                report(
                    path(),
                    format!("Default '{item}' does not match AllowedPattern {pattern}"),
                    "give a default the pattern allows".into(),
                );
            }
        }
        let length = item.chars().count() as f64;
        let number = item.parse::<f64>().ok();
        for (key, ok, what) in [
            (
                "MinLength",
                settings
                    .field("MinLength")
                    .and_then(integer)
                    .is_none_or(|m| length >= m),
                "shorter than MinLength",
            ),
            (
                "MaxLength",
                settings
                    .field("MaxLength")
                    .and_then(integer)
                    .is_none_or(|m| length <= m),
                "longer than MaxLength",
            ),
            (
                "MinValue",
                settings
                    .field("MinValue")
                    .and_then(float)
                    .is_none_or(|m| number.is_none_or(|n| n >= m)),
                "below MinValue",
            ),
            (
                "MaxValue",
                settings
                    .field("MaxValue")
                    .and_then(float)
                    .is_none_or(|m| number.is_none_or(|n| n <= m)),
                "above MaxValue",
            ),
        ] {
            if !ok {
                report(
                    path(),
                    format!("Default '{item}' is {what} ({})", settings[key]),
                    format!("give a default within {key}"),
                );
            }
        }
    }
}

fn float(value: &Value) -> Option<f64> {
    match value {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

fn integer(value: &Value) -> Option<f64> {
    float(value).filter(|n| n.fract() == 0.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn paths(parameters: Value) -> Vec<String> {
        super::parameters(&json!({"Parameters": parameters, "Resources": {}}))
            .into_iter()
            .map(|f| f.path)
            .collect()
    }

    #[test]
    fn well_declared_parameters_pass() {
        assert_eq!(
            paths(json!({
                "Env": {"Type": "String", "Default": "dev", "AllowedValues": ["dev", "prod"], "MaxLength": "4"},
                "Size": {"Type": "Number", "Default": 5, "MinValue": 1, "MaxValue": "10", "NoEcho": "false"},
                "Zones": {"Type": "CommaDelimitedList", "Default": "a, b", "AllowedValues": ["a", "b"]},
                "Pairs": {"Type": "CommaDelimitedList", "Default": "c,d", "AllowedValues": ["a", "c,d"]},
                "Vpc": {"Type": "AWS::EC2::VPC::Id"},
                "Ami": {"Type": "AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>", "Default": "/aws/ami"},
                "Subnets": {"Type": "List<AWS::EC2::Subnet::Id>"},
                "Name": {"Type": "String", "Default": "web-1", "AllowedPattern": "[a-z]+-[0-9]"}
            })),
            Vec::<String>::new()
        );
    }

    #[test]
    fn bad_declarations_and_defaults_are_reported_at_their_path() {
        assert_eq!(
            paths(json!({
                "Null": null,
                "NoType": {"Default": "x"},
                "BadType": {"Type": "NotString"},
                "Extra": {"Type": "Number", "MaxLength": 3, "NotType": 1},
                "Kinds": {"Type": "String", "NoEcho": 123, "MinLength": "a", "AllowedValues": "x", "Default": {"Ref": "Other"}},
                "Outside": {"Type": "String", "Default": "test", "AllowedValues": ["dev", "prod"]},
                "Long": {"Type": "String", "Default": "abcdef", "MaxLength": 3, "AllowedPattern": "[a-z]{1,2}"},
                "Small": {"Type": "Number", "Default": "0", "MinValue": 1}
            })),
            [
                "Parameters.Null",
                "Parameters.NoType",
                "Parameters.BadType.Type",
                "Parameters.Extra.MaxLength",
                "Parameters.Extra.NotType",
                "Parameters.Kinds.NoEcho",
                "Parameters.Kinds.MinLength",
                "Parameters.Kinds.AllowedValues",
                "Parameters.Kinds.Default",
                "Parameters.Outside.Default",
                "Parameters.Long.Default",
                "Parameters.Long.Default",
                "Parameters.Small.Default",
            ]
        );
    }
}
