//! ZV001: every `Ref`, `Fn::GetAtt`, `Fn::Sub` variable, `DependsOn`, `Condition` and
//! `Fn::FindInMap` names something the template defines.
//!
//! Why it exists and an example: the rule's [`About`], which
//! `zael explain` prints.

use serde_json::{Map, Value};

use super::field::Field;
use super::walk::{Call, Calls, Function};
use super::Finding;
use super::{About, Example, Rule};
use crate::fast_hash::FastSet;
use crate::template::pseudo;

/// ZV001: every reference names something the template defines.
pub const REFERENCES_RESOLVE: Rule = Rule {
    about: About {
        code: "ZV001",
        title: "references resolve",
        doc: "every Ref, Fn::GetAtt, Fn::Sub variable, DependsOn, Condition and Fn::FindInMap target exists; a DependsOn target with a Condition exists whenever its dependent does",
        why: "CloudFormation rejects a template with a dangling reference before it creates anything, but only after upload; an unknown condition or dependency fails the same way.",
        example: Example::Templates(include_str!("examples/ZV001.yaml")),
    },
    run: |template| references_of(template.document, template.calls()),
};

struct Names<'a> {
    parameters: FastSet<&'a str>,
    resources: FastSet<&'a str>,
    /// Resources that become other resources at deploy: modules (`Module` yields
    /// `ModuleBucket`, read as `Module.Bucket` by GetAtt) and, with the SAM transform, SAM's
    /// (`Function` yields `FunctionRole`, `FunctionVersion`, ...). zael does not expand
    /// them, so a name they may generate is not reported (check says so on stderr).
    generators: Vec<&'a str>,
    /// With the SAM transform: the implicit APIs (`ServerlessRestApi`, ...) SAM adds.
    sam: bool,
    document: &'a Value,
    conditions: FastSet<&'a str>,
    mappings: Option<&'a Map<String, Value>>,
}

fn keys<'a>(document: &'a Value, section: &str) -> FastSet<&'a str> {
    document
        .field(section)
        .and_then(Value::as_object)
        .map(|m| m.keys().map(String::as_str).collect())
        .unwrap_or_default()
}

/// The logical IDs of resources that generate others (see [`Names::generators`]).
fn generators(document: &Value, sam: bool) -> Vec<&str> {
    let resources = document.field("Resources").and_then(Value::as_object);
    resources
        .into_iter()
        .flatten()
        .filter(|(_, r)| {
            let kind = r.field("Type").and_then(Value::as_str).unwrap_or_default();
            kind.ends_with("::MODULE") || (sam && kind.starts_with("AWS::Serverless::"))
        })
        .map(|(id, _)| id.as_str())
        .collect()
}

impl Names<'_> {
    fn resource(&self, name: &str) -> bool {
        self.resources.contains(name) || self.generated(name)
    }

    /// When the resource `dependency` (with a Condition) may be absent while `entry` is
    /// created: `entry` has no Condition, or one that reads none of the parameters and
    /// conditions `dependency`'s does (independent, so one can hold while the other fails).
    fn absent_while_present(&self, entry: &Value, dependency: &str) -> Option<String> {
        let theirs = super::walk::entry_field(self.document, "Resources", dependency, "Condition")?
            .as_str()?;
        let when = format!("when condition '{theirs}' is false");
        let Some(ours) = entry.field("Condition").and_then(Value::as_str) else {
            return Some(when);
        };
        let (mut our_inputs, mut our_conditions) = (FastSet::default(), FastSet::default());
        condition_inputs(self.document, ours, &mut our_inputs, &mut our_conditions);
        let (mut their_inputs, mut their_conditions) = (FastSet::default(), FastSet::default());
        condition_inputs(
            self.document,
            theirs,
            &mut their_inputs,
            &mut their_conditions,
        );
        let independent = our_inputs.is_disjoint(&their_inputs)
            && our_conditions.is_disjoint(&their_conditions)
            && !our_inputs.is_empty()
            && !their_inputs.is_empty();
        independent.then(|| format!("{when} and condition '{ours}' is true"))
    }

    fn generated(&self, name: &str) -> bool {
        (self.sam && name.starts_with("Serverless"))
            || self
                .generators
                .iter()
                .any(|g| name.len() > g.len() && name.starts_with(g))
    }
}

pub fn references(document: &Value) -> Vec<Finding> {
    references_of(document, &Calls::of(document))
}

/// [`references`], reading the template's intrinsic functions from `calls`.
fn references_of(document: &Value, calls: &Calls) -> Vec<Finding> {
    let sam = super::has_transform(document, "AWS::Serverless");
    let names = Names {
        parameters: keys(document, "Parameters"),
        resources: keys(document, "Resources"),
        generators: generators(document, sam),
        sam,
        document,
        conditions: keys(document, "Conditions"),
        mappings: document.field("Mappings").and_then(Value::as_object),
    };
    let mut findings = Vec::new();
    let mut report = |path: String, message: String, hint: String| {
        findings.push(Finding::error(super::REFERENCE_RULE, path, message, hint))
    };
    // Each entry's functions, then the entry's own attributes: the order of the findings.
    let mut next = 0;
    for section in ["Conditions", "Resources", "Outputs"] {
        let Some(entries) = document.field(section).and_then(Value::as_object) else {
            continue;
        };
        for (id, entry) in entries {
            calls.each_in(&mut next, section, id, |call| {
                check_intrinsic(call, &names, &mut report)
            });
            if section != "Conditions" {
                // Written for a finding only: most entries are fine.
                let path = || super::walk::dotted(&[section, id]);
                check_attributes(entry, &path, &names, &mut report);
            }
        }
    }
    findings
}

fn check_attributes(
    entry: &Value,
    path: &dyn Fn() -> String,
    names: &Names,
    report: &mut impl FnMut(String, String, String),
) {
    if let Some(condition) = entry.field("Condition").and_then(Value::as_str) {
        if !names.conditions.contains(condition) {
            report(
                format!("{}.Condition", path()),
                format!("condition '{condition}' is not defined"),
                "define it under Conditions or remove the Condition attribute".into(),
            );
        }
    }
    let depends_on = match entry.field("DependsOn") {
        Some(Value::String(one)) => vec![one.as_str()],
        Some(Value::Array(many)) => many.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    };
    for dependency in depends_on {
        if !names.resource(dependency) {
            report(
                format!("{}.DependsOn", path()),
                format!("depends on '{dependency}', which is not a resource of this template"),
                "name a logical ID under Resources".into(),
            );
        } else if let Some(when) = names.absent_while_present(entry, dependency) {
            report(
                format!("{}.DependsOn", path()),
                format!("depends on '{dependency}', which is not created {when}"),
                "give both resources the same Condition, or drop the DependsOn".into(),
            );
        }
    }
}

/// The parameters (pseudo parameters included) and conditions a condition's value depends
/// on, following `Condition` references.
fn condition_inputs<'a>(
    document: &'a Value,
    name: &'a str,
    inputs: &mut FastSet<&'a str>,
    seen: &mut FastSet<&'a str>,
) {
    if !seen.insert(name) {
        return;
    }
    fn collect<'a>(
        document: &'a Value,
        value: &'a Value,
        inputs: &mut FastSet<&'a str>,
        seen: &mut FastSet<&'a str>,
    ) {
        match value {
            Value::Array(items) => items
                .iter()
                .for_each(|i| collect(document, i, inputs, seen)),
            Value::Object(map) => {
                for (key, item) in map {
                    match (key.as_str(), item) {
                        ("Ref", Value::String(parameter)) => {
                            inputs.insert(parameter);
                        }
                        ("Condition", Value::String(other)) => {
                            condition_inputs(document, other, inputs, seen)
                        }
                        _ => collect(document, item, inputs, seen),
                    }
                }
            }
            _ => {}
        }
    }
    if let Some(definition) = document.field("Conditions").and_then(|c| c.get(name)) {
        collect(document, definition, inputs, seen);
    }
}

fn check_intrinsic(call: &Call, names: &Names, report: &mut impl FnMut(String, String, String)) {
    // Written for a finding only: most calls are fine.
    let path = &|| call.path();
    match (call.function, call.argument) {
        (Function::Ref, Value::String(target)) => {
            let known = names.parameters.contains(target.as_str())
                || names.resource(target)
                || pseudo::ALL.contains(&target.as_str());
            if !known {
                report(
                    path(),
                    format!("Ref to '{target}', which is neither a parameter nor a resource"),
                    "reference a logical ID under Parameters or Resources, or a pseudo parameter"
                        .into(),
                );
            }
        }
        (Function::GetAtt, Value::Array(parts)) => {
            if let Some(target) = parts.first().and_then(Value::as_str) {
                if !names.resource(target) {
                    report(
                        path(),
                        format!("Fn::GetAtt of '{target}', which is not a resource"),
                        "name a logical ID under Resources".into(),
                    );
                }
            }
        }
        (Function::Sub, Value::String(_)) => check_sub(call.variables, &[], path, names, report),
        (Function::Sub, Value::Array(parts)) => {
            let local: Vec<&str> = parts
                .get(1)
                .and_then(Value::as_object)
                .map(|vars| vars.keys().map(String::as_str).collect())
                .unwrap_or_default();
            check_sub(call.variables, &local, path, names, report);
        }
        (Function::If, Value::Array(parts)) | (Function::Condition, Value::Array(parts)) => {
            check_condition_name(parts.first().and_then(Value::as_str), path, names, report);
        }
        (Function::FindInMap, Value::Array(parts)) => check_find_in_map(parts, path, names, report),
        (Function::Condition, Value::String(name)) => {
            check_condition_name(Some(name), path, names, report)
        }
        _ => {}
    }
}

/// The map must exist; literal keys must exist in it (keys from `Ref` are known at deploy).
fn check_find_in_map(
    parts: &[Value],
    path: &dyn Fn() -> String,
    names: &Names,
    report: &mut impl FnMut(String, String, String),
) {
    let Some(map_name) = parts.first().and_then(Value::as_str) else {
        return;
    };
    let Some(map) = names.mappings.and_then(|m| m.get(map_name)) else {
        report(
            path(),
            format!("Fn::FindInMap of '{map_name}', which is not a mapping"),
            "name a mapping under Mappings".into(),
        );
        return;
    };
    // With AWS::LanguageExtensions' `DefaultValue` (a fourth argument), a missing key is
    // the default, not an error.
    if parts.len() == 4 {
        return;
    }
    let top = parts.get(1).and_then(Value::as_str);
    let Some(top) = top else { return };
    let Some(entry) = map.get(top) else {
        report(
            path(),
            format!("mapping '{map_name}' has no key '{top}'"),
            format!("add '{top}' to Mappings.{map_name} or use one of its keys"),
        );
        return;
    };
    if let Some(second) = parts.get(2).and_then(Value::as_str) {
        if entry.get(second).is_none() {
            report(
                path(),
                format!("mapping '{map_name}.{top}' has no key '{second}'"),
                format!("add '{second}' to Mappings.{map_name}.{top} or use one of its keys"),
            );
        }
    }
}

fn check_condition_name(
    name: Option<&str>,
    path: &dyn Fn() -> String,
    names: &Names,
    report: &mut impl FnMut(String, String, String),
) {
    if let Some(name) = name {
        if !names.conditions.contains(name) {
            report(
                path(),
                format!("condition '{name}' is not defined"),
                "define it under Conditions".into(),
            );
        }
    }
}

/// The `${Name}` and `${Resource.Attribute}` variables of a `Fn::Sub` template; `${!Literal}`
/// is an escape, not a variable.
pub fn sub_variables(template: &str) -> Vec<&str> {
    let mut variables = Vec::new();
    let mut rest = template;
    while let Some(start) = placeholder(rest) {
        let after = &rest[start + 2..];
        // A byte scan: a variable is a few characters, shorter than a searcher's set-up.
        let Some(end) = after.bytes().position(|b| b == b'}') else {
            break;
        };
        let variable = &after[..end];
        // CloudFormation reads `${ Name }` as `${Name}`.
        let variable = variable.trim();
        if !variable.starts_with('!') {
            variables.push(variable);
        }
        rest = &after[end + 1..];
    }
    variables
}

/// Where the first `${` of `text` starts. Found by its `$` (a byte search), not by a search
/// for the two-byte string, whose setup cost more than the search: the rules ask it of
/// every `Fn::Sub` and of every string outside one, dashboard bodies of kilobytes among them.
pub fn placeholder(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    // Most strings are short: a plain scan costs less than setting up the byte search. Eight
    // bytes are asked at once whether one is a `$` (most strings have none), and only from
    // the first word that has one are pairs compared.
    if bytes.len() <= 64 {
        let mut from = 0;
        for word in bytes.chunks_exact(8) {
            if super::words::has_byte(super::words::word(word), b'$') {
                break;
            }
            from += 8;
        }
        return bytes[from..]
            .windows(2)
            .position(|pair| pair[0] == b'$' && pair[1] == b'{')
            .map(|at| from + at);
    }
    let mut from = 0;
    while let Some(offset) = text[from..].find('$') {
        let at = from + offset;
        if text.as_bytes().get(at + 1) == Some(&b'{') {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

/// `variables`: the template's, as [`Call::variables`] holds them.
fn check_sub(
    variables: &[&str],
    local: &[&str],
    path: &dyn Fn() -> String,
    names: &Names,
    report: &mut impl FnMut(String, String, String),
) {
    for &variable in variables {
        if local.contains(&variable) || pseudo::ALL.contains(&variable) {
            continue;
        }
        let known = match variable.split_once('.') {
            Some((resource, _attribute)) => names.resource(resource),
            None => names.parameters.contains(variable) || names.resource(variable),
        };
        if !known {
            report(
                path(),
                format!("Fn::Sub variable '${{{variable}}}' names nothing in this template"),
                "use a parameter, a resource, Resource.Attribute or a pseudo parameter".into(),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn placeholder_is_the_first_dollar_brace() {
        let mut texts = vec![
            String::new(),
            "$".into(),
            "{".into(),
            "${".into(),
            "$${".into(),
        ];
        for len in 0..80 {
            for at in 0..len {
                for (mark, next) in [("$", "{"), ("$", "x"), ("é", "{"), ("{", "$")] {
                    let mut text: String = "a".repeat(at);
                    text.push_str(mark);
                    text.push_str(next);
                    text.push_str(&"b".repeat(len - at));
                    texts.push(text.clone());
                    text.push_str("${z}");
                    texts.push(text);
                }
            }
        }
        for text in &texts {
            assert_eq!(placeholder(text), text.find("${"), "{text:?}");
        }
    }

    fn paths(document: &Value) -> Vec<String> {
        references(document).into_iter().map(|f| f.path).collect()
    }

    #[test]
    fn a_placeholder_is_a_dollar_sign_before_a_brace() {
        assert_eq!(placeholder("a$b${c}"), Some(3));
        assert_eq!(placeholder("${"), Some(0));
        assert_eq!(placeholder("é${x}"), Some(2));
        let long = format!("{}$ ${}${{x}}", "a".repeat(70), "b".repeat(70));
        assert_eq!(placeholder(&long), Some(143));
        assert_eq!(placeholder(&"$".repeat(100)), None);
        for none in ["", "$", "$$", "a$ {b}", "{$}", "price: $5"] {
            assert_eq!(placeholder(none), None, "{none}");
        }
        assert_eq!(sub_variables("${A}-${ B }.${!C}${D.E}"), ["A", "B", "D.E"]);
    }

    #[test]
    fn dangling_references_of_each_kind_are_reported_at_their_path() {
        let document = json!({
            "Parameters": {"P": {"Type": "String"}},
            "Conditions": {"C": {"Fn::Equals": [{"Ref": "P"}, "x"]}, "D": {"Condition": "Nope"}},
            "Resources": {
                "A": {"Type": "AWS::SQS::Queue", "Condition": "Missing", "DependsOn": ["Ghost"],
                      "Properties": {"QueueName": {"Fn::Sub": "${P}-${B.Arn}-${AWS::Region}-${!Lit}-${Q}"}}},
                "B": {"Type": "AWS::SQS::Queue", "Properties": {
                      "X": {"Ref": "Nowhere"}, "Y": {"Fn::GetAtt": ["Gone", "Arn"]},
                      "Z": {"Fn::If": ["C", 1, {"Fn::If": ["Unknown", 1, 2]}]},
                      "W": {"Fn::Sub": ["${V}-${U}", {"V": "v"}]}}}
            },
            "Outputs": {"O": {"Value": {"Ref": "A"}}}
        });
        assert_eq!(
            paths(&document),
            vec![
                "Conditions.D.Condition",
                "Resources.A.Properties.QueueName.Fn::Sub",
                "Resources.A.Condition",
                "Resources.A.DependsOn",
                "Resources.B.Properties.X.Ref",
                "Resources.B.Properties.Y.Fn::GetAtt",
                "Resources.B.Properties.Z.Fn::If[2].Fn::If",
                "Resources.B.Properties.W.Fn::Sub",
            ]
        );
    }

    #[test]
    fn sub_whitespace_and_find_in_map_defaults_are_read_as_cloudformation_reads_them() {
        let document = json!({
            "Parameters": {"P": {"Type": "String"}},
            "Mappings": {"M": {"k": {"v": "x"}}},
            "Resources": {"A": {"Type": "AWS::SQS::Queue", "Properties": {
                "QueueName": {"Fn::Sub": "${ P }-${ AWS::Region }-${ Nope }"},
                "Delay": {"Fn::FindInMap": ["M", "missing", "v", {"DefaultValue": 1}]}}}}
        });
        let found = references(&document);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].message.contains("Nope"), "{}", found[0].message);
    }

    #[test]
    fn names_a_module_or_sam_resource_may_generate_are_not_reported() {
        let document = json!({"Resources": {
            "Store": {"Type": "My::S3::Bucket::MODULE"},
            "User": {"Type": "AWS::SNS::Topic", "Properties": {
                "A": {"Ref": "StoreBucket"}, "B": {"Fn::GetAtt": ["Store", "Out"]},
                "C": {"Ref": "FnRole"}, "D": {"Ref": "Other"}}},
            "Fn": {"Type": "AWS::Serverless::Function"}
        }});
        // Without the SAM transform, FnRole is dangling; Store's names never are.
        assert_eq!(
            paths(&document),
            [
                "Resources.User.Properties.C.Ref",
                "Resources.User.Properties.D.Ref"
            ]
        );
        let mut sam = document.clone();
        sam["Transform"] = json!("AWS::Serverless-2016-10-31");
        assert_eq!(paths(&sam), ["Resources.User.Properties.D.Ref"]);
    }

    #[test]
    fn a_dependency_that_may_be_absent_is_reported() {
        let document = json!({
            "Parameters": {"Accept": {"Type": "String"}, "Supports": {"Type": "String"}},
            "Conditions": {
                "Eula": {"Fn::Equals": [{"Ref": "Accept"}, "Yes"]},
                "Config": {"Fn::Equals": [{"Ref": "Supports"}, "Yes"]},
                "Both": {"Fn::And": [{"Condition": "Eula"}, {"Condition": "Config"}]}},
            "Resources": {
                "Vpc": {"Type": "T", "Condition": "Eula"},
                "Plain": {"Type": "T", "DependsOn": "Vpc"},
                "Other": {"Type": "T", "Condition": "Config", "DependsOn": ["Vpc"]},
                "Same": {"Type": "T", "Condition": "Eula", "DependsOn": "Vpc"},
                "Implied": {"Type": "T", "Condition": "Both", "DependsOn": "Vpc"}}});
        let messages: Vec<_> = references(&document)
            .into_iter()
            .map(|f| (f.path, f.message))
            .collect();
        assert_eq!(
            messages,
            [
                ("Resources.Plain.DependsOn".to_string(), "depends on 'Vpc', which is not created when condition 'Eula' is false".to_string()),
                ("Resources.Other.DependsOn".to_string(), "depends on 'Vpc', which is not created when condition 'Eula' is false and condition 'Config' is true".to_string()),
            ]
        );
    }

    #[test]
    fn find_in_map_targets_must_exist() {
        let document = json!({
            "Mappings": {"M": {"us-east-1": {"Size": "1"}}},
            "Resources": {"A": {"Type": "AWS::SQS::Queue", "Properties": {
                "X": {"Fn::FindInMap": ["M", "us-east-1", "Size"]},
                "Y": {"Fn::FindInMap": ["M", {"Ref": "AWS::Region"}, "Size"]},
                "Z": {"Fn::FindInMap": ["Nope", "a", "b"]},
                "W": {"Fn::FindInMap": ["M", "us-east-1", "Colour"]}}}}
        });
        assert_eq!(
            paths(&document),
            vec![
                "Resources.A.Properties.Z.Fn::FindInMap",
                "Resources.A.Properties.W.Fn::FindInMap"
            ]
        );
    }

    #[test]
    fn sub_escapes_are_not_variables() {
        assert_eq!(sub_variables("${A}-${!B}-${C.D}"), vec!["A", "C.D"]);
    }
}
