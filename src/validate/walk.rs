//! Visiting every intrinsic function of a template, with its path: the rules that judge
//! references, attributes and dependencies all read the same places.

use crate::decimal::Decimal;
use serde_json::Value;

use super::field::Field;
use super::references::{placeholder, sub_variables};

/// Walks the entries of Conditions, Resources and Outputs once, for every rule that reads
/// their functions or their strings: each one-key object whose key is an intrinsic
/// function (`Ref`, `Fn::*`, `Condition`) is a [`Found`] call; a mapping holding a function
/// key among others is [`Crowded`] (ZV005); a literal string with `${` is [`Loose`] (ZV010).
/// Each rule had its own walk of the whole template, and the walks were a quarter of what
/// layer 1 cost.
fn walk_entries<'a>(document: &'a Value, calls: &mut Calls<'a>) {
    // One buffer for every entry's walk, with room for the paths it grows to.
    let mut path = String::with_capacity(256);
    for section in ["Conditions", "Resources", "Outputs"] {
        let Some(entries) = document.field(section).and_then(Value::as_object) else {
            continue;
        };
        // ZV010 reads the strings of resources and outputs, not of conditions.
        let strings = section != "Conditions";
        for (id, entry) in entries {
            path.clear();
            path.push_str(section);
            path.push('.');
            path.push_str(id);
            let at = Place {
                section,
                owner: id,
                literal: strings && entry.is_object(),
                entry: true,
            };
            walk(entry, &mut path, at, calls);
        }
    }
}

/// Where the walk is: the entry, and whether its strings are literal text (ZV010's: not
/// inside `Fn::Sub` or `Fn::Transform`, nor an entry's `Metadata`).
#[derive(Clone, Copy)]
struct Place<'a> {
    section: &'a str,
    owner: &'a str,
    literal: bool,
    /// At the entry's own mapping, whose `Metadata` is free-form.
    entry: bool,
}

impl<'a> Place<'a> {
    /// The place of `key`'s value in a mapping here.
    fn key(self, key: &str) -> Self {
        // An entry's own keys are not functions: only its Metadata is left out there.
        let free = if self.entry {
            key == "Metadata"
        } else {
            key == "Fn::Sub" || key == "Fn::Transform"
        };
        Place {
            literal: self.literal && !free,
            entry: false,
            ..self
        }
    }

    /// The place of a list's item here.
    fn item(self) -> Self {
        Place {
            entry: false,
            ..self
        }
    }
}

/// Every intrinsic function of a template as [`walk_entries`] finds them, kept with their
/// paths, and the crowded mappings and loose strings of the same walk: the rules that
/// judge references, attributes, cycles, conditions, function shapes (ZV005) and `${}`
/// outside `Fn::Sub` (ZV010) read one walk of the template, not one each.
pub struct Calls<'a> {
    found: Vec<Found<'a>>,
    /// Every call's parent path, one after another: one buffer, not a string per call.
    parents: String,
    crowded: Vec<Crowded<'a>>,
    loose: Vec<Loose<'a>>,
}

struct Found<'a> {
    section: &'a str,
    owner: &'a str,
    /// Where the parent path is in [`Calls::parents`].
    parent: std::ops::Range<usize>,
    function: Function<'a>,
    argument: &'a Value,
    /// A `Fn::Sub`'s variables, read once for the three rules that judge them.
    variables: Vec<&'a str>,
}

/// A mapping of more than one key, one of them an intrinsic function (`Ref`, `Fn::*`).
pub struct Crowded<'a> {
    /// How many calls the walk had found before it: the mapping comes before call
    /// `before` in template order.
    pub before: usize,
    pub path: String,
    pub map: &'a serde_json::Map<String, Value>,
}

/// A literal string of a resource or output holding `${`, outside `Fn::Sub`, `Fn::Transform`
/// and the entry's `Metadata`.
pub struct Loose<'a> {
    pub section: &'a str,
    pub owner: &'a str,
    pub path: String,
    pub text: &'a str,
}

impl<'a> Calls<'a> {
    pub fn of(document: &'a Value) -> Self {
        let mut calls = Calls {
            found: Vec::new(),
            parents: String::new(),
            crowded: Vec::new(),
            loose: Vec::new(),
        };
        walk_entries(document, &mut calls);
        calls
    }

    /// The one-key function object at `parent` (its path without the function).
    fn push(&mut self, at: Place<'a>, parent: &str, function: &'a str, argument: &'a Value) {
        let function = Function::of(function);
        let variables = match function {
            Function::Sub => sub_template(argument)
                .map(sub_variables)
                .unwrap_or_default(),
            _ => Vec::new(),
        };
        let start = self.parents.len();
        self.parents.push_str(parent);
        self.found.push(Found {
            section: at.section,
            owner: at.owner,
            parent: start..self.parents.len(),
            function,
            argument,
            variables,
        })
    }

    /// A literal string with `${` at `path`, outside `Fn::Sub`.
    fn push_loose(&mut self, at: Place<'a>, path: String, text: &'a str) {
        self.loose.push(Loose {
            section: at.section,
            owner: at.owner,
            path,
            text,
        });
    }

    /// The mappings holding a function among other keys, in template order.
    pub fn crowded(&self) -> &[Crowded<'a>] {
        &self.crowded
    }

    /// The literal strings with `${` of resources and outputs, in template order.
    pub fn loose(&self) -> &[Loose<'a>] {
        &self.loose
    }

    /// Visits every call, in template order.
    pub fn each(&self, mut visit: impl FnMut(&Call)) {
        self.found
            .iter()
            .for_each(|found| visit(&found.call(&self.parents)));
    }

    /// Visits the calls from `*next` on that are in entry `owner` of `section`, and moves
    /// `*next` past them: for a rule that reads each entry's calls, then the entry itself.
    pub fn each_in(
        &self,
        next: &mut usize,
        section: &str,
        owner: &str,
        mut visit: impl FnMut(&Call),
    ) {
        while let Some(found) = self.found.get(*next) {
            if found.section != section || found.owner != owner {
                break;
            }
            visit(&found.call(&self.parents));
            *next += 1;
        }
    }
}

impl<'a> Found<'a> {
    /// `parents`: the [`Calls::parents`] this call's parent path is in.
    fn call<'p>(&'p self, parents: &'p str) -> Call<'a, 'p> {
        Call {
            section: self.section,
            owner: self.owner,
            parent: &parents[self.parent.clone()],
            function: self.function,
            argument: self.argument,
            variables: &self.variables,
        }
    }
}

/// `'a` the template's, `'p` the path's (a buffer the walk writes).
pub struct Call<'a, 'p> {
    pub section: &'a str,
    pub owner: &'a str,
    /// The path of the one-key object the function is, without the function.
    pub parent: &'p str,
    pub function: Function<'a>,
    pub argument: &'a Value,
    /// For `Fn::Sub`, the template's variables ([`sub_variables`]); empty for the others.
    pub variables: &'p [&'a str],
}

/// An intrinsic function (or `Condition`), the ones the rules judge told apart once, when
/// the walk meets it: each rule matching the name's text again was a fifth of what they
/// cost.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Function<'a> {
    Ref,
    GetAtt,
    Sub,
    If,
    FindInMap,
    Condition,
    /// Any other `Fn::`, by its name.
    Other(&'a str),
}

impl<'a> Function<'a> {
    pub fn of(name: &'a str) -> Self {
        match name {
            "Ref" => Function::Ref,
            "Fn::GetAtt" => Function::GetAtt,
            "Fn::Sub" => Function::Sub,
            "Fn::If" => Function::If,
            "Fn::FindInMap" => Function::FindInMap,
            "Condition" => Function::Condition,
            other => Function::Other(other),
        }
    }

    /// The name as a template writes it.
    pub fn name(self) -> &'a str {
        match self {
            Function::Ref => "Ref",
            Function::GetAtt => "Fn::GetAtt",
            Function::Sub => "Fn::Sub",
            Function::If => "Fn::If",
            Function::FindInMap => "Fn::FindInMap",
            Function::Condition => "Condition",
            Function::Other(name) => name,
        }
    }
}

/// The template string of a `Fn::Sub` argument: the string, or the first item of the list.
fn sub_template(argument: &Value) -> Option<&str> {
    match argument {
        Value::String(template) => Some(template),
        Value::Array(parts) => parts.first().and_then(Value::as_str),
        _ => None,
    }
}

impl Call<'_, '_> {
    /// The function's path, e.g. `Resources.A.Properties.X.Fn::GetAtt`: made for a finding,
    /// not for every function each rule visits.
    pub fn path(&self) -> String {
        dotted(&[self.parent, self.function.name()])
    }
}

/// `parts` joined by dots, in one allocation: `format!` cost ten times as much, and the rules
/// make a path for every entry of every section.
pub fn dotted(parts: &[&str]) -> String {
    let len = parts.iter().map(|p| p.len() + 1).sum();
    let mut path = String::with_capacity(len);
    for (index, part) in parts.iter().enumerate() {
        if index > 0 {
            path.push('.');
        }
        path.push_str(part);
    }
    path
}

/// `path` is one buffer, extended for each child and cut back after it: building a new
/// string per node made path bookkeeping the largest cost of validating a template.
fn walk<'a>(value: &'a Value, path: &mut String, at: Place<'a>, calls: &mut Calls<'a>) {
    match value {
        Value::Array(items) => {
            let inner = at.item();
            for (index, item) in items.iter().enumerate() {
                match item {
                    Value::Array(_) | Value::Object(_) => {
                        let len = path.len();
                        push_index(path, index);
                        walk(item, path, inner, calls);
                        path.truncate(len);
                    }
                    Value::String(text) if inner.literal && placeholder(text).is_some() => {
                        let mut path = path.clone();
                        push_index(&mut path, index);
                        calls.push_loose(inner, path, text);
                    }
                    _ => {}
                }
            }
        }
        Value::Object(map) => {
            if map.len() == 1 {
                let (function, argument) = map.iter().next().expect("one entry");
                if function == "Ref" || function == "Condition" || function.starts_with("Fn::") {
                    calls.push(at, path, function, argument);
                }
            } else if map.keys().any(|k| k == "Ref" || k.starts_with("Fn::")) {
                calls.crowded.push(Crowded {
                    before: calls.found.len(),
                    path: path.clone(),
                    map,
                });
            }
            for (key, item) in map {
                match item {
                    Value::Array(_) | Value::Object(_) => {
                        let len = path.len();
                        path.push('.');
                        path.push_str(key);
                        walk(item, path, at.key(key), calls);
                        path.truncate(len);
                    }
                    Value::String(text) if at.key(key).literal && placeholder(text).is_some() => {
                        calls.push_loose(at, dotted(&[path, key]), text);
                    }
                    _ => {}
                }
            }
        }
        _ => {}
    }
}

/// Appends `[index]` to a path: `write!` goes through the formatting machinery, a tenth of
/// what the walks cost.
pub fn push_index(path: &mut String, index: usize) {
    path.push('[');
    Decimal::new(index as u64).push_to(path);
    path.push(']');
}

/// The `(resource, attribute)` pairs a `Fn::GetAtt` argument names, in either form.
pub fn get_att(argument: &Value) -> Option<(&str, &str)> {
    match argument {
        Value::Array(parts) => {
            let resource = parts.first()?.as_str()?;
            let attribute = parts.get(1)?.as_str()?;
            Some((resource, attribute))
        }
        Value::String(dotted) => dotted.split_once('.'),
        _ => None,
    }
}

/// A resource's type, or "" when the template does not say.
pub fn resource_type<'a>(document: &'a Value, id: &str) -> &'a str {
    entry_field(document, "Resources", id, "Type")
        .and_then(Value::as_str)
        .unwrap_or_default()
}

/// What `document.pointer("/{section}/{id}/{key}")` finds, without formatting the pointer
/// for each question (the rules ask it for every reference). Where the pointer would read
/// differently (an ID with `/` or `~`, a section that is not a mapping), it is asked.
pub fn entry_field<'a>(
    document: &'a Value,
    section: &str,
    id: &str,
    key: &str,
) -> Option<&'a Value> {
    match document.field(section) {
        Some(Value::Object(entries)) if !id.contains(['/', '~']) => entries.get(id)?.field(key),
        Some(_) => document.pointer(&format!("/{section}/{id}/{key}")),
        None => None,
    }
}

/// Every resource as (logical ID, type, properties).
pub fn resources(document: &Value) -> impl Iterator<Item = (&String, &str, &Value)> {
    document
        .field("Resources")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .map(|(id, resource)| {
            let kind = resource
                .field("Type")
                .and_then(Value::as_str)
                .unwrap_or_default();
            let properties = resource.field("Properties").unwrap_or(&Value::Null);
            (id, kind, properties)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn functions_are_told_apart_by_their_exact_names() {
        for (name, kind) in [
            ("Ref", Function::Ref),
            ("Fn::GetAtt", Function::GetAtt),
            ("Fn::Sub", Function::Sub),
            ("Fn::If", Function::If),
            ("Fn::FindInMap", Function::FindInMap),
            ("Condition", Function::Condition),
            ("Fn::Join", Function::Other("Fn::Join")),
            ("Fn::Getatt", Function::Other("Fn::Getatt")),
            ("ref", Function::Other("ref")),
            ("", Function::Other("")),
        ] {
            assert_eq!(Function::of(name), kind, "{name}");
            assert_eq!(kind.name(), name);
        }
    }

    #[test]
    fn one_walk_finds_crowded_mappings_and_loose_strings_in_template_order() {
        let document = serde_json::json!({
            "Conditions": {"C": {"Fn::Equals": ["${AWS::Region}", {"Ref": "P"}]}},
            "Resources": {"A": {
                "Type": "X",
                "Metadata": {"Note": "${P}", "Inner": {"Ref": "P", "Fn::Sub": "${P}"}},
                "Properties": {
                    "S": "${P}",
                    "L": ["${P}", {"Fn::Sub": "${P}"}, {"Fn::Transform": {"Name": "${P}"}}, "$P"],
                    "M": {"Metadata": "${P}"},
                    "Crowd": {"Ref": "P", "Other": "${P}"}
                }
            }, "B": {"Type": "Y", "Fn::Transform": "${P}"}},
            "Outputs": {"O": {"Value": "${P}"}, "List": ["${P}"]}
        });
        let calls = Calls::of(&document);
        let mut found = Vec::new();
        calls.each(|call| found.push(call.path()));
        assert_eq!(
            found,
            [
                "Conditions.C.Fn::Equals",
                "Conditions.C.Fn::Equals[1].Ref",
                "Resources.A.Properties.L[1].Fn::Sub",
                "Resources.A.Properties.L[2].Fn::Transform",
            ]
        );
        let crowded: Vec<(usize, &str)> = calls
            .crowded()
            .iter()
            .map(|c| (c.before, c.path.as_str()))
            .collect();
        assert_eq!(
            crowded,
            [
                (2, "Resources.A.Metadata.Inner"),
                (4, "Resources.A.Properties.Crowd"),
                (4, "Resources.B"),
            ]
        );
        // Not in conditions, an entry's Metadata, Fn::Sub or Fn::Transform, nor a list entry.
        let loose: Vec<(&str, &str, &str)> = calls
            .loose()
            .iter()
            .map(|l| (l.section, l.owner, l.path.as_str()))
            .collect();
        assert_eq!(
            loose,
            [
                ("Resources", "A", "Resources.A.Properties.S"),
                ("Resources", "A", "Resources.A.Properties.L[0]"),
                ("Resources", "A", "Resources.A.Properties.M.Metadata"),
                ("Resources", "A", "Resources.A.Properties.Crowd.Other"),
                ("Resources", "B", "Resources.B.Fn::Transform"),
                ("Outputs", "O", "Outputs.O.Value"),
            ]
        );
    }

    #[test]
    fn collected_calls_keep_their_kind_parent_and_sub_variables() {
        let document = serde_json::json!({"Resources": {"A": {"Properties": {
            "X": {"Fn::Sub": "${B}-${!C}-${D.Arn}"},
            "Y": [{"Ref": "B"}]
        }}}});
        let calls = Calls::of(&document);
        let mut seen = Vec::new();
        calls.each(|call| {
            let variables: Vec<String> = call.variables.iter().map(|v| v.to_string()).collect();
            seen.push((call.function.name().to_string(), call.path(), variables))
        });
        assert_eq!(
            seen,
            [
                (
                    "Fn::Sub".to_string(),
                    "Resources.A.Properties.X.Fn::Sub".to_string(),
                    vec!["B".to_string(), "D.Arn".to_string()]
                ),
                (
                    "Ref".to_string(),
                    "Resources.A.Properties.Y[0].Ref".to_string(),
                    vec![]
                ),
            ]
        );
    }
}
