//! One JSON Schema walk over a resource's `Properties`, read as CloudFormation reads them:
//! scalars are lenient (`"5"` is an integer, `true` a string, `"false"` a boolean, as cfn-lint
//! 1.58 accepts them), and an intrinsic function is a value zael cannot decide, so nothing
//! is reported about it, except that each branch of `Fn::If` is judged on its own.

use std::fmt::Write;

use serde_json::{Map, Value};

use super::keywords::{types, Child, Keywords};
use super::patterns::mismatch;
use super::Problem;
use crate::schema::{Array, Node, ResourceType};
use crate::validate::field::Field;
use crate::validate::same::same_by;
use crate::validate::walk::push_index;

/// The walk's state: the type whose `definitions` `$ref`s point into, and what was found.
pub struct Walk<'a> {
    pub schema: &'a ResourceType,
    pub problems: Vec<Problem>,
}

/// A one-key object naming an intrinsic function: its value is decided at deploy time.
pub fn intrinsic(value: &Value) -> Option<(&str, &Value)> {
    let map = value.as_object()?;
    if map.len() != 1 {
        return None;
    }
    let (key, argument) = map.iter().next()?;
    (key == "Ref" || key.starts_with("Fn::")).then_some((key.as_str(), argument))
}

/// What a function yields, for those that never yield a mapping.
fn yields_no_mapping(function: &str) -> Option<&'static str> {
    Some(match function {
        "Ref" | "Fn::Sub" | "Fn::Join" | "Fn::Base64" | "Fn::ImportValue" => "a string",
        "Fn::GetAZs" | "Fn::Split" | "Fn::Cidr" => "a list",
        "Fn::GetAtt" | "Fn::FindInMap" => "a string or a list",
        _ => return None,
    })
}

/// The resource ID formats cfn-lint's schemas mark (`format`), which EC2 writes as a prefix,
/// a dash and 8 or 17 hexadecimal digits (AMI IDs: lowercase letters and digits).
fn id_format(format: &str) -> Option<(&'static str, &'static str)> {
    Some(match format {
        "AWS::EC2::Image.Id" => ("ami", "an AMI ID"),
        "AWS::EC2::VPC.Id" => ("vpc", "a VPC ID"),
        "AWS::EC2::Subnet.Id" => ("subnet", "a subnet ID"),
        "AWS::EC2::SecurityGroup.Id" => ("sg", "a security group ID"),
        _ => return None,
    })
}

fn is_id(text: &str, prefix: &str) -> bool {
    let Some(digits) = text.strip_prefix(prefix).and_then(|t| t.strip_prefix('-')) else {
        return false;
    };
    let alphabet = |c: char| {
        if prefix == "ami" {
            c.is_ascii_digit() || c.is_ascii_lowercase()
        } else {
            c.is_ascii_hexdigit()
        }
    };
    (digits.len() == 8 || digits.len() == 17) && digits.chars().all(alphabet)
}

fn is_no_value(value: &Value) -> bool {
    value.field("Ref").and_then(Value::as_str) == Some("AWS::NoValue")
}

impl<'a> Walk<'a> {
    pub fn new(schema: &'a ResourceType) -> Self {
        Walk {
            schema,
            problems: Vec::new(),
        }
    }

    fn report(&mut self, rule: &'static str, path: &str, message: String, hint: String) {
        self.problems.push(Problem {
            rule,
            path: path.to_string(),
            message,
            hint,
        });
    }

    /// Whether `value` satisfies `node`, judged on the side: for `oneOf`, `anyOf` and `if`.
    fn passes(&self, node: Node, value: &Value, path: &str) -> bool {
        let mut trial = Walk::new(self.schema);
        let mut path = path.to_string();
        trial.value(node, value, &mut path);
        trial.problems.is_empty()
    }

    /// Judges `value` at `path` against the schema `node`.
    pub fn value(&mut self, node: Node, value: &Value, path: &mut String) {
        self.value_of(node, None, value, path)
    }

    /// [`Walk::value`] of a child schema whose keywords its parent keeps.
    fn child(&mut self, child: &Child, value: &Value, path: &mut String) {
        self.value_of(child.node, Some(child), value, path)
    }

    /// `child`: `node` as its parent keeps it, if it does.
    fn value_of(&mut self, node: Node, child: Option<&Child>, value: &Value, path: &mut String) {
        if let Some((function, argument)) = intrinsic(value) {
            if function == "Fn::If" {
                if let Some([_, then, otherwise]) = argument.as_array().map(Vec::as_slice) {
                    for (index, branch) in [(1, then), (2, otherwise)] {
                        if !is_no_value(branch) {
                            let len = path.len();
                            let _ = write!(path, ".Fn::If[{index}]");
                            self.value_of(node, child, branch, path);
                            path.truncate(len);
                        }
                    }
                }
            } else if let Some(yields) = yields_no_mapping(function).filter(|_| !is_no_value(value))
            {
                // Whatever it resolves to, this function's result is never a mapping.
                let expected = self.schema.resolve(node).get("type");
                if expected.and_then(|e| e.as_str_bytes()) == Some(b"object") {
                    self.report(
                        "ZV208",
                        path,
                        format!("{function} yields {yields}, and a mapping is required here"),
                        "write the mapping itself; functions may compute its values".into(),
                    );
                }
            }
            return;
        }
        let keywords = match child {
            Some(child) => child.keywords(self.schema),
            None => Keywords::of_reference(self.schema, node),
        };
        let Some(keywords) = keywords else {
            return;
        };
        if let Some(types) = keywords.types() {
            if !type_allows(types, value) {
                let expected = type_names(keywords.type_().expect("the bits are type's"));
                self.report(
                    "ZV208",
                    path,
                    format!("{} is not {expected}", describe(value)),
                    format!("give {expected}"),
                );
                return;
            }
        }
        if keywords.has_combinators() {
            self.combinators(keywords, value, path);
        }
        match value {
            Value::Object(map) => self.object(keywords, map, path),
            Value::Array(items) => self.array(keywords, items, path),
            Value::String(text) => self.scalar(keywords, value, Some(text), path),
            _ => self.scalar(keywords, value, None, path),
        }
    }

    fn combinators(&mut self, keywords: &Keywords, value: &Value, path: &mut String) {
        for sub in keywords
            .all_of()
            .and_then(|a| a.as_array())
            .into_iter()
            .flat_map(Array::iter)
        {
            self.value(sub, value, path);
        }
        if let Some(condition) = keywords.if_() {
            let branch = if self.passes(condition, value, path) {
                keywords.then()
            } else {
                keywords.else_()
            };
            if let Some(branch) = branch {
                self.value(branch, value, path);
            }
        }
        for (options, exactly_one) in [(keywords.one_of(), true), (keywords.any_of(), false)] {
            let Some(options) = options.and_then(|o| o.as_array()) else {
                continue;
            };
            let passing = options
                .iter()
                .filter(|o| self.passes(*o, value, path))
                .count();
            // Where one option alone has the value's type, its own problems say more than
            // "no shape matches" (a key without KeyType in a table's KeySchema list).
            let typed: Vec<Node> = options
                .iter()
                .filter(|o| {
                    let o = self.schema.resolve(*o);
                    o.get("type")
                        .is_none_or(|t| type_allows(types::of_type(t), value))
                })
                .collect();
            if passing == 0 && typed.len() == 1 {
                self.value(typed[0], value, path);
                continue;
            }
            if passing == 0 || (exactly_one && passing > 1 && value.is_object()) {
                let why = if passing == 0 {
                    "matches none of the shapes CloudFormation allows here"
                } else {
                    "matches more than one of the mutually exclusive shapes allowed here"
                };
                let hint = alternatives(self.schema, options, exactly_one);
                self.report("ZV214", path, format!("the value {why}"), hint);
            }
        }
        if let Some(not) = keywords.not() {
            if self.passes(not, value, path) && !not.as_object().is_some_and(|o| o.is_empty()) {
                self.report(
                    "ZV214",
                    path,
                    "the value has a shape CloudFormation forbids here".into(),
                    format!("avoid {}", compact(not)),
                );
            }
        }
    }

    fn object(&mut self, keywords: &Keywords, map: &Map<String, Value>, path: &mut String) {
        let properties = keywords.properties().and_then(|p| p.as_object());
        for &name in keywords.required_names() {
            // `Ref: AWS::NoValue` removes the property; an `Fn::If` branch that does removes
            // it whenever its condition takes that branch.
            let missing = match map.field(name) {
                None => Some(String::new()),
                Some(value) if is_no_value(value) => Some(" (it is AWS::NoValue)".into()),
                Some(value) => match intrinsic(value) {
                    Some(("Fn::If", argument)) => match argument.as_array().map(Vec::as_slice) {
                        Some([Value::String(condition), then, otherwise]) => {
                            if is_no_value(then) {
                                Some(format!(" when condition '{condition}' is true"))
                            } else if is_no_value(otherwise) {
                                Some(format!(" when condition '{condition}' is false"))
                            } else {
                                None
                            }
                        }
                        _ => None,
                    },
                    _ => None,
                },
            };
            if let Some(when) = missing {
                let always = if when.is_empty() {
                    ""
                } else {
                    " in every case"
                };
                self.report(
                    "ZV206",
                    path,
                    format!("required property '{name}' is missing{when}"),
                    format!("set {name}{always}"),
                );
            }
        }
        if keywords.has_ties() {
            super::combinations::check(self, keywords, map, path);
        }
        let patterns = keywords.pattern_properties().and_then(|p| p.as_object());
        let additional = keywords.additional_properties();
        for (name, item) in map {
            let len = path.len();
            path.push('.');
            path.push_str(name);
            if let Some(sub) = keywords.property(name) {
                self.child(sub, item, path);
            } else if let Some((_, sub)) = patterns
                .into_iter()
                .flat_map(|p| p.iter())
                .find(|(pattern, _)| !mismatch(pattern, name))
            {
                self.value(sub, item, path);
            } else {
                match additional {
                    Some(no) if no.as_bool() == Some(false) => {
                        let known: Vec<&str> =
                            properties.into_iter().flat_map(|p| p.keys()).collect();
                        let hint = suggestion(name, &known);
                        path.truncate(len);
                        self.report(
                            "ZV207",
                            &format!("{path}.{name}"),
                            format!("'{name}' is not a property here"),
                            hint,
                        );
                    }
                    Some(sub) if sub.is_object() => self.value(sub, item, path),
                    _ => {}
                }
            }
            path.truncate(len);
        }
        let limits = (keywords.min_properties(), keywords.max_properties());
        self.bounds("ZV211", limits, || map.len(), "properties", path);
    }

    fn array(&mut self, keywords: &Keywords, items: &[Value], path: &mut String) {
        let prefix = keywords.prefix_items().and_then(|p| p.as_array());
        let each = keywords.items_child();
        for (index, item) in items.iter().enumerate() {
            if is_no_value(item) {
                continue;
            }
            let len = path.len();
            push_index(path, index);
            if let Some(sub) = prefix.and_then(|p| p.get(index)) {
                self.value(sub, item, path);
            }
            if let Some(sub) = each {
                self.child(sub, item, path);
            }
            path.truncate(len);
        }
        // Two equal items stay equal once resolved: `Ref: P` twice is P twice, and the same
        // `Fn::If` twice takes the same branch twice.
        if keywords.unique_items().and_then(|u| u.as_bool()) == Some(true) {
            for (index, item) in items.iter().enumerate() {
                if items[..index].iter().any(|earlier| same(earlier, item)) {
                    self.report(
                        "ZV215",
                        &format!("{path}[{index}]"),
                        format!("{} appears twice in the list", describe(item)),
                        "list each value once".into(),
                    );
                }
            }
        }
        // A list with an intrinsic in it may have another length once resolved.
        if items.iter().any(|i| intrinsic(i).is_some()) {
            return;
        }
        let limits = (keywords.min_items(), keywords.max_items());
        self.bounds("ZV211", limits, || items.len(), "items", path);
    }

    fn scalar(&mut self, keywords: &Keywords, value: &Value, text: Option<&String>, path: &str) {
        if let Some(allowed) = keywords.enum_().and_then(|e| e.as_array()) {
            if !allowed.iter().any(|a| same_scalar(a, value)) {
                let list: Vec<String> = allowed.iter().map(node_text).collect();
                self.report(
                    "ZV209",
                    path,
                    format!("{} is not an allowed value", describe(value)),
                    format!("use one of {}", shorten(&list, 30)),
                );
            }
        }
        if let Some(constant) = keywords.const_() {
            if !same_scalar(constant, value) {
                self.report(
                    "ZV209",
                    path,
                    format!("{} is not the value allowed here", describe(value)),
                    format!("use {}", node_text(constant)),
                );
            }
        }
        if let Some(text) = text {
            if let Some(pattern) = keywords.compiled_pattern() {
                if pattern.mismatch(text) {
                    let pattern = pattern.text();
                    self.report(
                        "ZV210",
                        path,
                        format!("'{}' does not match the pattern {pattern}", clip(text)),
                        "give a value of the form the pattern describes".into(),
                    );
                }
            }
            if let Some(format) = keywords.format().and_then(|f| f.as_str()) {
                if let Some((prefix, what)) = id_format(format) {
                    if !is_id(text, prefix) && !text.starts_with("{{resolve:") {
                        self.report(
                            "ZV210",
                            path,
                            format!("'{}' is not {what} ({format})", clip(text)),
                            format!("write {prefix}- and 8 or 17 hexadecimal digits, or Ref the resource or parameter"),
                        );
                    }
                }
            }
            let limits = (keywords.min_length(), keywords.max_length());
            self.bounds("ZV211", limits, || text.chars().count(), "characters", path);
        }
        // A number is read (a string parsed) only where the node bounds it.
        let bounded = keywords.minimum().is_some()
            || keywords.maximum().is_some()
            || keywords.exclusive_minimum().is_some()
            || keywords.exclusive_maximum().is_some();
        if let Some(number) = bounded.then(|| number(value)).flatten() {
            self.range(keywords, number, path);
        }
    }

    fn range(&mut self, keywords: &Keywords, number: f64, path: &str) {
        let limit = |key: Option<Node>| key.and_then(|k| k.as_f64());
        let checks = [
            (
                "minimum",
                limit(keywords.minimum()).filter(|m| number < *m),
                "at least",
            ),
            (
                "maximum",
                limit(keywords.maximum()).filter(|m| number > *m),
                "at most",
            ),
            (
                "exclusiveMinimum",
                limit(keywords.exclusive_minimum()).filter(|m| number <= *m),
                "more than",
            ),
            (
                "exclusiveMaximum",
                limit(keywords.exclusive_maximum()).filter(|m| number >= *m),
                "less than",
            ),
        ];
        for (_, broken, words) in checks {
            if let Some(limit) = broken {
                self.report(
                    "ZV212",
                    path,
                    format!("{number} is out of range"),
                    format!("give a number {words} {limit}"),
                );
            }
        }
    }

    /// A count (of `unit`s, counted only when the node bounds it) within `(min, max)`.
    fn bounds(
        &mut self,
        rule: &'static str,
        (min, max): (Option<Node>, Option<Node>),
        count: impl FnOnce() -> usize,
        unit: &str,
        path: &str,
    ) {
        let low = min.and_then(|m| m.as_f64());
        let high = max.and_then(|m| m.as_f64());
        if low.is_none() && high.is_none() {
            return;
        }
        let count = count() as f64;
        if low.is_some_and(|l| count < l) || high.is_some_and(|h| count > h) {
            let between = match (low, high) {
                (Some(l), Some(h)) => format!("{l} to {h} {unit}"),
                (Some(l), None) => format!("at least {l} {unit}"),
                (None, Some(h)) => format!("at most {h} {unit}"),
                (None, None) => unreachable!("returned above"),
            };
            self.report(
                rule,
                path,
                format!("{count} {unit}, out of bounds"),
                format!("give {between}"),
            );
        }
    }
}

/// cfn-lint's lenient scalar types (its `_raw_type`): what CloudFormation converts. `types`
/// are the `type` keyword's names as bits ([`Keywords::types`], [`types::of_type`]), read
/// once per node rather than at every visit.
fn type_allows(types: u8, value: &Value) -> bool {
    use super::keywords::types::*;
    let any = |bits: u8| types & bits != 0;
    if any(ANY) {
        return true;
    }
    match value {
        Value::Object(_) => any(OBJECT),
        Value::Array(_) => any(ARRAY),
        // Every scalar is a string to cfn-lint; null is also null.
        Value::Null => any(NULL | STRING),
        Value::Bool(_) => any(STRING | BOOLEAN),
        Value::Number(n) => any(STRING | INTEGER) || (any(NUMBER) && n.as_f64().is_some()),
        Value::String(s) => {
            any(STRING)
                || (any(NUMBER) && s.trim().parse::<f64>().is_ok())
                || (any(INTEGER) && s.trim().parse::<i64>().is_ok())
                || (any(BOOLEAN)
                    && matches!(
                        s.as_str(),
                        "true" | "True" | "TRUE" | "false" | "False" | "FALSE"
                    ))
        }
    }
}

fn number(value: &Value) -> Option<f64> {
    match value {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// Enum members compare as CloudFormation converts: `5` equals `"5"`, `true` equals `"true"`.
fn same_scalar(allowed: Node, value: &Value) -> bool {
    // Most members are strings: compared without making a `Value` of them.
    if let Some(allowed) = allowed.as_str_bytes() {
        return match value {
            Value::String(text) => allowed == text.as_bytes(),
            other => allowed == scalar_text(other).as_bytes(),
        };
    }
    let allowed = allowed.to_value();
    allowed == *value || scalar_text(&allowed) == scalar_text(value)
}

/// `a == b` as serde_json compares values (mappings whatever their keys' order), reading a
/// small mapping's keys rather than hashing them: unique lists of tags compare every pair.
fn same(a: &Value, b: &Value) -> bool {
    same_by(a, b, &|x, y| x == y)
}

/// A schema value as [`scalar_text`] writes it.
fn node_text(node: Node) -> String {
    match node.as_str() {
        Some(text) => text.to_string(),
        None => node.to_string(),
    }
}

fn scalar_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn type_names(expected: Node) -> String {
    let name = |n: &str| match n {
        "object" => "a mapping",
        "array" => "a list",
        "string" => "a string",
        "integer" => "an integer",
        "number" => "a number",
        "boolean" => "a boolean",
        _ => "null",
    };
    match expected.as_array() {
        Some(names) => names
            .iter()
            .filter_map(|n| n.as_str())
            .map(name)
            .collect::<Vec<_>>()
            .join(" or "),
        None => name(expected.as_str().unwrap_or_default()).into(),
    }
}

pub fn describe(value: &Value) -> String {
    match value {
        Value::Object(_) => "a mapping".into(),
        Value::Array(_) => "a list".into(),
        Value::String(s) => format!("'{}'", clip(s)),
        other => other.to_string(),
    }
}

fn clip(text: &str) -> String {
    if text.chars().count() > 60 {
        format!("{}...", text.chars().take(57).collect::<String>())
    } else {
        text.to_string()
    }
}

pub fn strings(value: Option<Node>) -> impl Iterator<Item = &'static str> {
    value
        .and_then(|v| v.as_array())
        .into_iter()
        .flat_map(Array::iter)
        .filter_map(|n| n.as_str())
}

fn shorten(list: &[String], most: usize) -> String {
    if list.len() <= most {
        list.join(", ")
    } else {
        format!("{}, ... ({} in all)", list[..most].join(", "), list.len())
    }
}

/// "did you mean X" for a misspelling, else the list of what is allowed.
pub fn suggestion(name: &str, known: &[&str]) -> String {
    let close = known
        .iter()
        .map(|k| {
            (
                strsim::jaro_winkler(&name.to_lowercase(), &k.to_lowercase()),
                *k,
            )
        })
        .filter(|(score, _)| *score > 0.85)
        .max_by(|a, b| a.0.total_cmp(&b.0));
    match close {
        Some((_, k)) => format!("did you mean {k}?"),
        None if known.is_empty() => "this mapping takes no properties".into(),
        None => {
            let list: Vec<String> = known.iter().map(|k| k.to_string()).collect();
            format!("use one of {}", shorten(&list, 30))
        }
    }
}

/// The shapes of `oneOf`/`anyOf` options, in a line: their required properties or types.
fn alternatives(schema: &ResourceType, options: Array, exactly_one: bool) -> String {
    let shapes: Vec<String> = options
        .iter()
        .map(|o| {
            let o = schema.resolve(o);
            let required: Vec<&str> = strings(o.get("required")).collect();
            if !required.is_empty() {
                format!("with {}", required.join(" and "))
            } else if let Some(t) = o.get("type") {
                type_names(t)
            } else {
                compact(o)
            }
        })
        .collect();
    let how_many = if exactly_one { "exactly" } else { "at least" };
    format!("give {how_many} one of: {}", shapes.join("; "))
}

fn compact(value: Node) -> String {
    clip(&value.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// cfn-lint's lenient scalar types (its `_raw_type`) as read from the names, as the walk
    /// judged them before the bits: the oracle `type_allows` is held to.
    fn type_matches(expected: Node, value: &Value) -> bool {
        // Names compared as bytes: checking each as UTF-8 first cost more.
        let one = |name: &[u8]| match name {
            b"object" => value.is_object(),
            b"array" => value.is_array(),
            b"null" => value.is_null(),
            b"string" => !value.is_object() && !value.is_array(),
            b"number" => number(value).is_some(),
            b"integer" => match value {
                Value::Number(_) => true,
                Value::String(s) => s.trim().parse::<i64>().is_ok(),
                _ => false,
            },
            b"boolean" => {
                matches!(value, Value::Bool(_))
                    || matches!(
                        value.as_str(),
                        Some("true" | "True" | "TRUE" | "false" | "False" | "FALSE")
                    )
            }
            _ => true,
        };
        if let Some(name) = expected.as_str_bytes() {
            return one(name);
        }
        match expected.as_array() {
            Some(names) => names.iter().filter_map(|n| n.as_str_bytes()).any(one),
            None => true,
        }
    }

    #[test]
    fn type_bits_judge_as_the_type_names_do() {
        let values = [
            json!({}),
            json!([]),
            json!(null),
            json!(true),
            json!(false),
            json!(0),
            json!(-3),
            json!(2.5),
            json!(u64::MAX),
            json!(""),
            json!("text"),
            json!(" 7 "),
            json!("7.5"),
            json!("1e3"),
            json!("-12"),
            json!("true"),
            json!("False"),
            json!("TRUE"),
            json!("yes"),
            json!("null"),
            json!("NaN"),
            json!("inf"),
        ];
        let names = [
            "object", "array", "null", "string", "number", "integer", "boolean", "other",
        ];
        let mut types: Vec<Value> = names.iter().map(|n| json!(n)).collect();
        types.extend([json!([]), json!(5), json!({"a": 1}), json!(["null", 3])]);
        for first in names {
            for second in names {
                types.push(json!([first, second]));
            }
        }
        for expected in &types {
            let node = Node::leak(&json!({ "type": expected }));
            let keywords = Keywords::of(node.as_object().unwrap());
            let bits = keywords.types().expect("the node has a type");
            let names = keywords.type_().unwrap();
            for value in &values {
                assert_eq!(
                    type_allows(bits, value),
                    type_matches(names, value),
                    "{expected} {value}"
                );
            }
        }
    }

    #[test]
    fn same_is_serde_jsons_equality() {
        let mut large_a = json!({});
        let mut large_b = json!({});
        for index in 0..12 {
            large_a[format!("K{index}")] = json!(index);
            large_b[format!("K{}", 11 - index)] = json!(11 - index);
        }
        let values = [
            json!({"Key": "a", "Value": "b"}),
            json!({"Value": "b", "Key": "a"}),
            json!({"Key": "a", "Value": "c"}),
            json!({"Key": "a"}),
            json!({"Key": "a", "Value": ["b", {"x": 1}]}),
            json!({"Value": ["b", {"x": 1}], "Key": "a"}),
            json!({"Value": [{"x": 1}, "b"], "Key": "a"}),
            json!([1, 2]),
            json!([2, 1]),
            json!(1),
            json!(1.0),
            json!("1"),
            json!(null),
            large_a,
            large_b,
        ];
        for a in &values {
            for b in &values {
                assert_eq!(same(a, b), a == b, "{a} {b}");
            }
        }
    }
}
