//! ZV005: every intrinsic function has the argument shape CloudFormation accepts, and is
//! alone in its object.
//!
//! Why it exists and an example: the rule's [`About`], which
//! `zael explain` prints.

use serde_json::Value;

use super::walk::{Call, Calls, Crowded, Function};
use super::Finding;
use super::{About, Example, Rule};

/// ZV005: intrinsic functions take the arguments CloudFormation accepts.
pub const INTRINSICS_WELL_FORMED: Rule = Rule {
    about: About {
        code: "ZV005",
        title: "intrinsic functions well formed",
        doc: "Ref, Fn::GetAtt, Fn::Sub, Fn::Join, Fn::Select, Fn::GetAZs, Fn::ImportValue ... take the arguments CloudFormation accepts; no unknown Fn::, one function per object",
        why: "CloudFormation rejects `{\"Ref\": []}`, `{\"Fn::GetAtt\": 5}`, `{\"Fn::Sub\": [1, 2, 3]}`, `{\"Fn::Select\": [0, []]}`, an unknown `Fn::Nope` or an object holding both `Ref` and `Fn::GetAtt` at submission (`Template format error`); the other rules read these objects as intrinsics and would judge them on a guess. Condition functions (`Fn::If`, `Fn::Equals`, ...) are ZV004's.",
        example: Example::Templates(include_str!("examples/ZV005.yaml")),
    },
    run: |template| intrinsic_shapes(template.calls()),
};

const RULE: &str = "ZV005";

/// The function objects of the template's one walk ([`Calls`]), in template order: each
/// call, and each mapping holding a function among other keys.
pub fn intrinsic_shapes(calls: &Calls) -> Vec<Finding> {
    let mut findings = Vec::new();
    let mut crowded = calls.crowded().iter().peekable();
    let mut index = 0;
    calls.each(|call| {
        while let Some(mapping) = crowded.next_if(|c| c.before <= index) {
            findings.push(not_alone(mapping));
        }
        index += 1;
        // `Condition` names a condition; it is not a function.
        if call.function != Function::Condition {
            check_call(call, &mut findings);
        }
    });
    findings.extend(crowded.map(not_alone));
    findings
}

/// Whether `key` names an intrinsic function (or is meant to: any `Fn::` key).
fn is_function(key: &str) -> bool {
    key == "Ref" || key.starts_with("Fn::")
}

/// Whether `value` is an intrinsic function call, which may stand where a literal is expected.
fn is_call(value: &Value) -> bool {
    matches!(value, Value::Object(map) if map.len() == 1
        && map.keys().all(|k| is_function(k) || k == "Condition"))
}

fn not_alone(crowded: &Crowded) -> Finding {
    let keys: Vec<&str> = crowded.map.keys().map(String::as_str).collect();
    let first = keys
        .iter()
        .find(|k| is_function(k))
        .expect("a crowded mapping has a function key");
    Finding::error(
        RULE,
        crowded.path.clone(),
        format!(
            "an intrinsic function must be alone in its object; this one has {}",
            keys.join(", ")
        ),
        format!("keep only {first} (or move the other keys out)"),
    )
}

fn check_call(call: &Call, findings: &mut Vec<Finding>) {
    let function = call.function.name();
    let argument = call.argument;
    if let Err((expected, example)) = shape(function, argument) {
        findings.push(Finding::error(
            RULE,
            call.path(),
            format!("{function} takes {expected}, not {}", describe(argument)),
            format!("write {example}"),
        ));
    } else if let Some((at, message, hint)) = argument_value(function, argument) {
        findings.push(Finding::error(
            RULE,
            format!("{}{at}", call.path()),
            message,
            hint,
        ));
    }
}

/// Functions whose result is a string, never a list.
const YIELD_STRINGS: &[&str] = &["Fn::Base64", "Fn::ImportValue", "Fn::Join", "Fn::Sub"];

/// An argument of the right shape with a value CloudFormation refuses: where (after the
/// function), what is wrong and what would be right.
fn argument_value(function: &str, argument: &Value) -> Option<(String, String, String)> {
    let called = |v: &Value| v.as_object().and_then(|m| m.keys().next().cloned());
    match function {
        // A region (`us-east-1`), or "" for the stack's own; an Availability Zone is not one.
        "Fn::GetAZs" => {
            let region = argument.as_str()?;
            (!region.is_empty() && !is_region(region)).then(|| {
                (
                    String::new(),
                    format!("Fn::GetAZs takes a region, and '{region}' is not one"),
                    "write a region such as us-east-1, or '' for the stack's region".into(),
                )
            })
        }
        "Fn::Select" => {
            let inner = called(argument.get(1)?)?;
            YIELD_STRINGS.contains(&inner.as_str()).then(|| {
                (
                    "[1]".into(),
                    format!("Fn::Select picks from a list, and {inner} yields a string"),
                    "give a list, or Fn::Split the string first".into(),
                )
            })
        }
        "Fn::ImportValue" => {
            let inner = called(argument)?;
            const ALLOWED: &[&str] = &[
                "Fn::Base64",
                "Fn::FindInMap",
                "Fn::If",
                "Fn::Join",
                "Fn::Select",
                "Fn::Split",
                "Fn::Sub",
                "Ref",
            ];
            (!ALLOWED.contains(&inner.as_str())).then(|| {
                (
                    String::new(),
                    format!("the export name of Fn::ImportValue cannot be computed with {inner}"),
                    format!("compute it with {}", ALLOWED.join(", ")),
                )
            })
        }
        _ => None,
    }
}

/// `us-east-1`, `eu-central-2`, `us-gov-west-1`, `cn-north-1`, `us-isob-east-1`, ...
fn is_region(text: &str) -> bool {
    let parts: Vec<&str> = text.split('-').collect();
    let (Some(first), Some(last)) = (parts.first(), parts.last()) else {
        return false;
    };
    (3..=4).contains(&parts.len())
        && first.len() == 2
        && first.chars().all(|c| c.is_ascii_lowercase())
        && parts[1..parts.len() - 1]
            .iter()
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_lowercase()))
        && !last.is_empty()
        && last.chars().all(|c| c.is_ascii_digit())
}

/// `Ok` if `argument` has a shape `function` accepts; else what it takes and an example.
fn shape(function: &str, argument: &Value) -> Result<(), (&'static str, &'static str)> {
    let string_or_call = |v: &Value| v.is_string() || is_call(v);
    let list_or_call = |v: &Value| v.is_array() || is_call(v);
    // A map key may be written as a number (`!FindInMap [M, !Ref K, 32]`): CloudFormation reads
    // it as its string.
    let key_or_call = |v: &Value| v.is_string() || v.is_number() || is_call(v);
    let ok = match function {
        // `Ref` of a function (`Ref: !Sub "Param${Id}"`) is what AWS::LanguageExtensions
        // resolves; its value cannot be decided here, so it is never an error.
        "Ref" => matches!(argument, Value::String(s) if !s.is_empty()) || is_call(argument),
        "Fn::GetAtt" => match argument {
            Value::String(dotted) => dotted
                .split_once('.')
                .is_some_and(|(r, a)| !r.is_empty() && !a.is_empty()),
            Value::Array(parts) => {
                parts.len() == 2
                    && matches!(&parts[0], Value::String(s) if !s.is_empty())
                    && string_or_call(&parts[1])
            }
            _ => false,
        },
        "Fn::Sub" => match argument {
            Value::String(_) => true,
            // A function that yields the string, e.g. a macro's `Fn::Transform`.
            call if is_call(call) => true,
            Value::Array(parts) => {
                (parts.len() == 1 || parts.len() == 2)
                    && parts[0].is_string()
                    && parts.get(1).is_none_or(Value::is_object)
            }
            _ => false,
        },
        "Fn::Join" => matches!(argument, Value::Array(parts)
            if parts.len() == 2 && parts[0].is_string() && list_or_call(&parts[1])),
        "Fn::Select" => match argument {
            Value::Array(parts) if parts.len() == 2 => {
                let index = match &parts[0] {
                    Value::Number(n) => n.as_u64().map(Some),
                    Value::String(s) => s.parse::<u64>().ok().map(Some),
                    other if is_call(other) => Some(None),
                    _ => None,
                };
                match (index, &parts[1]) {
                    (None, _) => false,
                    (Some(Some(i)), Value::Array(items)) => (i as usize) < items.len(),
                    (Some(_), list) => list_or_call(list),
                }
            }
            _ => false,
        },
        "Fn::Split" => matches!(argument, Value::Array(parts)
            if parts.len() == 2 && parts[0].is_string() && string_or_call(&parts[1])),
        "Fn::FindInMap" => matches!(argument, Value::Array(parts)
            if (parts.len() == 3 || parts.len() == 4) && parts[..3].iter().all(key_or_call)),
        "Fn::Base64" | "Fn::GetAZs" | "Fn::ImportValue" => string_or_call(argument),
        "Fn::Cidr" => matches!(argument, Value::Array(parts) if parts.len() == 3),
        "Fn::Length" => list_or_call(argument),
        "Fn::ToJsonString" => argument.is_object() || argument.is_array(),
        // One macro, or a list of them applied in order.
        "Fn::Transform" => match argument {
            Value::Object(_) => true,
            Value::Array(macros) => !macros.is_empty() && macros.iter().all(Value::is_object),
            _ => false,
        },
        // Another stack's output, in this or another region or account:
        // `{StackName, OutputName[, Region][, AccountId]}`.
        "Fn::GetStackOutput" => argument.is_object() || is_call(argument),
        // ZV004 judges condition functions.
        "Fn::If" | "Fn::Equals" | "Fn::And" | "Fn::Or" | "Fn::Not" => true,
        other if other.starts_with("Fn::ForEach::") => true,
        _ => return Err(("nothing: it is not an intrinsic function", "one of Ref, Fn::GetAtt, Fn::Sub, Fn::Join, Fn::Select, Fn::Split, Fn::FindInMap, Fn::Base64, Fn::GetAZs, Fn::ImportValue, Fn::Cidr, Fn::Length, Fn::ToJsonString, Fn::Transform, Fn::GetStackOutput, Fn::If, Fn::Equals, Fn::And, Fn::Or, Fn::Not")),
    };
    if ok {
        return Ok(());
    }
    Err(match function {
        "Ref" => ("a logical ID or parameter name", "Ref: MyQueue"),
        "Fn::GetAtt" => (
            "[LogicalId, Attribute] or \"LogicalId.Attribute\"",
            "Fn::GetAtt: [MyQueue, Arn]",
        ),
        "Fn::Sub" => (
            "a string, or [string, {variable: value}]",
            "Fn::Sub: '${AWS::StackName}-queue'",
        ),
        "Fn::Join" => ("[delimiter, [values]]", "Fn::Join: ['-', [a, b]]"),
        "Fn::Select" => (
            "[index, [values]] with the index inside the list",
            "Fn::Select: [0, [a, b]]",
        ),
        "Fn::Split" => ("[delimiter, string]", "Fn::Split: [',', 'a,b']"),
        "Fn::FindInMap" => (
            "[MapName, TopLevelKey, SecondLevelKey]",
            "Fn::FindInMap: [Map, Key, Name]",
        ),
        "Fn::Cidr" => (
            "[ipBlock, count, cidrBits]",
            "Fn::Cidr: ['10.0.0.0/16', 4, 8]",
        ),
        "Fn::Length" => ("a list", "Fn::Length: [a, b]"),
        "Fn::ToJsonString" => ("a map or a list", "Fn::ToJsonString: {key: value}"),
        "Fn::Transform" => (
            "{Name: macro, Parameters: {...}}, or a list of them",
            "Fn::Transform: {Name: AWS::Include, Parameters: {Location: s3://...}}",
        ),
        _ => ("a string", "Fn::Base64: text"),
    })
}

/// A short description of a JSON value for messages: its kind, and a scalar's value.
fn describe(value: &Value) -> String {
    match value {
        Value::Null => "null".into(),
        Value::Bool(b) => format!("the boolean {b}"),
        Value::Number(n) => format!("the number {n}"),
        Value::String(s) if s.is_empty() => "an empty string".into(),
        Value::String(s) => format!("the string {s:?}"),
        Value::Array(items) if items.is_empty() => "an empty list".into(),
        Value::Array(items) => format!("a list of {}", items.len()),
        Value::Object(_) => "a map".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn messages(property: Value) -> Vec<(String, String)> {
        let document = json!({"Resources": {"Q": {"Type": "AWS::SQS::Queue",
            "Properties": {"QueueName": property}}}});
        intrinsic_shapes(&Calls::of(&document))
            .into_iter()
            .map(|f| (f.path, f.message))
            .collect()
    }

    #[test]
    fn each_malformed_intrinsic_of_the_fuzz_campaign_is_an_error_with_its_path() {
        let at = |f: &str| format!("Resources.Q.Properties.QueueName.{f}");
        let cases = [
            (json!({"Ref": []}), at("Ref"), "Ref takes a logical ID or parameter name, not an empty list"),
            (json!({"Ref": 5}), at("Ref"), "Ref takes a logical ID or parameter name, not the number 5"),
            (json!({"Fn::GetAtt": 5}), at("Fn::GetAtt"), "Fn::GetAtt takes [LogicalId, Attribute] or \"LogicalId.Attribute\", not the number 5"),
            (json!({"Fn::GetAtt": []}), at("Fn::GetAtt"), "Fn::GetAtt takes [LogicalId, Attribute] or \"LogicalId.Attribute\", not an empty list"),
            (json!({"Fn::Sub": [1, 2, 3]}), at("Fn::Sub"), "Fn::Sub takes a string, or [string, {variable: value}], not a list of 3"),
            (json!({"Fn::Join": 5}), at("Fn::Join"), "Fn::Join takes [delimiter, [values]], not the number 5"),
            (json!({"Fn::Select": [0, []]}), at("Fn::Select"), "Fn::Select takes [index, [values]] with the index inside the list, not a list of 2"),
            (json!({"Fn::Nope": 1}), at("Fn::Nope"), "Fn::Nope takes nothing: it is not an intrinsic function, not the number 1"),
            (json!({"Ref": "A", "Fn::GetAtt": ["A", "Arn"]}), "Resources.Q.Properties.QueueName".to_string(), "an intrinsic function must be alone in its object; this one has Ref, Fn::GetAtt"),
        ];
        for (property, path, message) in cases {
            assert_eq!(messages(property), [(path, message.to_string())]);
        }
    }

    #[test]
    fn arguments_cloudformation_refuses_are_errors() {
        let at = |f: &str| format!("Resources.Q.Properties.QueueName.{f}");
        let cases = [
            (
                json!({"Fn::Select": [0, {"Fn::GetAZs": "us-east-1a"}]}),
                at("Fn::Select[1].Fn::GetAZs"),
                "Fn::GetAZs takes a region, and 'us-east-1a' is not one",
            ),
            (
                json!({"Fn::Select": [1, {"Fn::Join": [",", ["a", "b"]]}]}),
                at("Fn::Select[1]"),
                "Fn::Select picks from a list, and Fn::Join yields a string",
            ),
            (
                json!({"Fn::ImportValue": {"Fn::ImportValue": "Name"}}),
                at("Fn::ImportValue"),
                "the export name of Fn::ImportValue cannot be computed with Fn::ImportValue",
            ),
        ];
        for (property, path, message) in cases {
            assert_eq!(messages(property), [(path, message.to_string())]);
        }
        for region in [
            "",
            "us-east-1",
            "us-gov-west-1",
            "ap-southeast-5",
            "us-isob-east-1",
        ] {
            assert!(
                messages(json!({"Fn::GetAZs": region})).is_empty(),
                "{region}"
            );
        }
        assert!(messages(json!({"Fn::Select": [0, {"Fn::Split": [",", "a,b"]}]})).is_empty());
        assert!(messages(json!({"Fn::ImportValue": {"Fn::Sub": "${Net}-Vpc"}})).is_empty());
    }

    #[test]
    fn well_formed_intrinsics_pass() {
        for property in [
            json!({"Ref": "AWS::StackName"}),
            json!({"Fn::GetAtt": ["A", "Arn"]}),
            json!({"Fn::GetAtt": "A.Endpoint.Address"}),
            json!({"Fn::GetAtt": ["A", {"Ref": "Attribute"}]}),
            json!({"Fn::Sub": ["${X}-q", {"X": {"Ref": "AWS::Region"}}]}),
            json!({"Fn::Join": ["-", [{"Ref": "A"}, "b"]]}),
            json!({"Fn::Join": ["", {"Fn::Split": [",", {"Ref": "L"}]}]}),
            json!({"Fn::Select": ["1", ["a", "b"]]}),
            json!({"Fn::Select": [0, {"Fn::GetAZs": ""}]}),
            json!({"Fn::If": ["C", {"Ref": "A"}, {"Ref": "AWS::NoValue"}]}),
            json!({"Fn::FindInMap": ["M", {"Ref": "AWS::Region"}, "K"]}),
            json!({"Key": "Ref", "Value": "Fn::Nope"}),
            // Shapes from cfn-lint 1.58.0's known-good fixture templates.
            json!({"Fn::FindInMap": [{"Fn::FindInMap": ["M", "a", "b"]}, {"Ref": "AWS::Region"}, 32]}),
            json!({"Fn::Sub": {"Fn::Transform": {"Name": "DynamicUserData"}}}),
            json!({"Ref": {"Fn::Sub": "Param${Identifier}"}}),
            json!({"Fn::Transform": [{"Name": "AWS::Include", "Parameters": {"Location": "s3://b/k"}}]}),
            json!({"Fn::GetStackOutput": {"StackName": "other", "OutputName": "TopicName"}}),
            json!({"Fn::Join": ["", ["a", {"Fn::GetStackOutput": {"StackName": "s", "OutputName": "o"}}]]}),
        ] {
            assert_eq!(messages(property.clone()), [], "{property}");
        }
    }
}
