//! Visiting every intrinsic function of a template, with its path: the rules that judge
//! references, attributes and dependencies all read the same places.

use serde_json::Value;

use super::field::Field;
use super::references::sub_variables;

/// Calls `visit(path, function, argument)` for every one-key object whose key is an intrinsic
/// function (`Ref`, `Fn::*`, `Condition`) under Conditions, Resources and Outputs. `path`
/// ends with the function, e.g. `Resources.A.Properties.X.Fn::GetAtt`; `owner` is the
/// logical ID of the resource or output the function is in.
fn intrinsics<'a>(document: &'a Value, mut visit: impl FnMut(&Call<'a, '_>)) {
    // One buffer for every entry's walk, with room for the paths it grows to.
    let mut path = String::with_capacity(256);
    for section in ["Conditions", "Resources", "Outputs"] {
        let Some(entries) = document.field(section).and_then(Value::as_object) else {
            continue;
        };
        for (id, entry) in entries {
            path.clear();
            path.push_str(section);
            path.push('.');
            path.push_str(id);
            walk(entry, &mut path, section, id, &mut visit);
        }
    }
}

/// Every intrinsic function of a template as [`intrinsics`] visits them, kept with their
/// paths: the rules that judge references, attributes, cycles and conditions read one walk
/// of the template, not one each (the walk was a fifth of what they cost).
pub struct Calls<'a> {
    found: Vec<Found<'a>>,
    /// Every call's parent path, one after another: one buffer, not a string per call.
    parents: String,
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

impl<'a> Calls<'a> {
    pub fn of(document: &'a Value) -> Self {
        let mut found = Vec::new();
        let mut parents = String::new();
        intrinsics(document, |call| {
            let function = call.function;
            let variables = match function {
                Function::Sub => sub_template(call.argument)
                    .map(sub_variables)
                    .unwrap_or_default(),
                _ => Vec::new(),
            };
            let start = parents.len();
            parents.push_str(call.parent);
            found.push(Found {
                section: call.section,
                owner: call.owner,
                parent: start..parents.len(),
                function,
                argument: call.argument,
                variables,
            })
        });
        Calls { found, parents }
    }

    /// Visits every call, in the order [`intrinsics`] does.
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
pub fn walk<'a>(
    value: &'a Value,
    path: &mut String,
    section: &'a str,
    owner: &'a str,
    visit: &mut impl FnMut(&Call<'a, '_>),
) {
    match value {
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                if is_container(item) {
                    let len = path.len();
                    push_index(path, index);
                    walk(item, path, section, owner, visit);
                    path.truncate(len);
                }
            }
        }
        Value::Object(map) => {
            if map.len() == 1 {
                let (function, argument) = map.iter().next().expect("one entry");
                if function == "Ref" || function == "Condition" || function.starts_with("Fn::") {
                    visit(&Call {
                        section,
                        owner,
                        parent: path,
                        function: Function::of(function),
                        argument,
                        // Read by `Calls::of`, which keeps each call.
                        variables: &[],
                    });
                }
            }
            for (key, item) in map {
                if is_container(item) {
                    let len = path.len();
                    path.push('.');
                    path.push_str(key);
                    walk(item, path, section, owner, visit);
                    path.truncate(len);
                }
            }
        }
        _ => {}
    }
}

/// A path kept as its steps and written out only for a finding: a walk that visits every
/// node of a template and rarely reports spent more copying keys into a path than judging.
pub struct Steps<'a> {
    steps: Vec<Step<'a>>,
}

enum Step<'a> {
    Key(&'a str),
    Index(usize),
}

impl<'a> Steps<'a> {
    /// An empty path. One `Steps` serves a whole walk, [`Steps::restart`]ed at each entry:
    /// no buffer is made per entry.
    pub fn new() -> Self {
        Steps { steps: Vec::new() }
    }

    /// The path of `parts` (`["Resources", "A"]` is `Resources.A`), whatever the path was.
    pub fn restart(&mut self, parts: &[&'a str]) {
        self.steps.clear();
        self.steps.extend(parts.iter().map(|part| Step::Key(part)));
    }

    /// Steps into mapping key `key`.
    pub fn key(&mut self, key: &'a str) {
        self.steps.push(Step::Key(key));
    }

    /// Steps into list item `index`.
    pub fn index(&mut self, index: usize) {
        self.steps.push(Step::Index(index));
    }

    /// Steps back out of the last key or item.
    pub fn pop(&mut self) {
        self.steps.pop();
    }

    /// The path written out: `part.part.key[index]...`.
    pub fn render(&self) -> String {
        let mut path = String::new();
        for step in &self.steps {
            match step {
                Step::Key(key) => {
                    if !path.is_empty() {
                        path.push('.');
                    }
                    path.push_str(key);
                }
                Step::Index(index) => push_index(&mut path, *index),
            }
        }
        path
    }
}

/// Appends `[index]` to a path: `write!` goes through the formatting machinery, a tenth of
/// what the walks cost.
pub fn push_index(path: &mut String, index: usize) {
    let mut digits = [0u8; 20];
    let mut start = digits.len();
    let mut rest = index;
    loop {
        start -= 1;
        digits[start] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    path.reserve(digits.len() - start + 2);
    path.push('[');
    // Each digit as a char: checking the digits as UTF-8 cost more than writing them.
    for &digit in &digits[start..] {
        path.push(digit as char);
    }
    path.push(']');
}

/// Only maps and lists can hold an intrinsic function.
pub fn is_container(value: &Value) -> bool {
    matches!(value, Value::Array(_) | Value::Object(_))
}

/// The `(resource, attribute)` pairs a `Fn::GetAtt` argument names, in either form.
pub fn get_att(argument: &Value) -> Option<(&str, String)> {
    match argument {
        Value::Array(parts) => {
            let resource = parts.first()?.as_str()?;
            let attribute = parts.get(1)?.as_str()?;
            Some((resource, attribute.to_string()))
        }
        Value::String(dotted) => {
            let (resource, attribute) = dotted.split_once('.')?;
            Some((resource, attribute.to_string()))
        }
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
