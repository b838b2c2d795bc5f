//! `zael diff`: what CloudFormation would do to a deployed stack (or an older template) to
//! make it the template synth makes now, as `cdk diff` shows it.
//!
//! - [`equal`]: CloudFormation's equality (`"10"` is `10`).
//! - [`schema`]: the create-only facts of each resource type, behind a trait.
//! - [`label`]: each changed property's label: no interruption, conditional, replacement.
//! - [`resources`]: per resource: added, removed, updated or replaced, and the hazards of a
//!   replacement (a fixed name, a retained old resource, stateful data).
//! - [`policy`]: IAM statement and security-group rule changes, listed apart.
//! - [`report`]: the text and JSON reports.
//! - [`blueprint`]: which blueprint made a template (its `zael:blueprint` tags), so a diff or
//!   deploy across two blueprints is named as such.

pub mod blueprint;
pub mod equal;
pub mod label;
pub mod policy;
pub mod report;
pub mod resources;
pub mod schema;

use serde::Serialize;
use serde_json::{Map, Value};

pub use label::Label;
pub use policy::{RuleChange, StatementChange};
pub use resources::{Action, LeafChange, PropertyChange, ResourceChange};
pub use schema::{TypeFacts, UpdateFacts};

/// The create-only facts of every resource type CloudFormation's schemas describe.
pub fn schema_facts() -> &'static dyn UpdateFacts {
    &schema::EmbeddedSchemas
}

/// Everything that differs between two templates.
#[derive(Debug, Default, Serialize)]
pub struct StackDiff {
    pub resources: Vec<ResourceChange>,
    pub iam_statements: Vec<StatementChange>,
    pub security_group_rules: Vec<RuleChange>,
    /// Entries of the other sections (Parameters, Outputs, Conditions, Mappings, ...).
    pub sections: Vec<SectionChange>,
}

/// One entry of a section other than Resources that was added, removed or changed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SectionChange {
    pub section: String,
    /// The entry's name; empty for a section that is a single value (Description).
    pub name: String,
    pub action: Action,
}

/// The process exit code of a diff: 0 nothing changes, 1 changes, 3 a stateful resource is
/// replaced or deleted.
pub const EXIT_CHANGES: u8 = 1;
pub const EXIT_STATEFUL: u8 = 3;

impl StackDiff {
    pub fn is_empty(&self) -> bool {
        self.resources.is_empty() && self.sections.is_empty()
    }

    /// Whether a resource that holds data is replaced or deleted.
    pub fn destroys_state(&self) -> bool {
        self.resources.iter().any(ResourceChange::destroys_state)
    }

    pub fn exit_code(&self) -> u8 {
        if self.destroys_state() {
            EXIT_STATEFUL
        } else if self.is_empty() {
            0
        } else {
            EXIT_CHANGES
        }
    }
}

/// What changes from template `old` to template `new` (both documents in long form).
pub fn diff(old: &Value, new: &Value, facts: &dyn UpdateFacts) -> StackDiff {
    let empty = Map::new();
    let section = |doc: &'_ Value, name: &str| -> Map<String, Value> {
        doc.get(name)
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default()
    };
    let old_resources = section(old, "Resources");
    let new_resources = section(new, "Resources");
    let mut result = StackDiff {
        resources: resources::changes(&old_resources, &new_resources, facts),
        ..StackDiff::default()
    };
    for id in union_keys(&old_resources, &new_resources) {
        let old_resource = old_resources.get(&id);
        let new_resource = new_resources.get(&id);
        result
            .iam_statements
            .extend(policy::statement_changes(&id, old_resource, new_resource));
        result
            .security_group_rules
            .extend(policy::rule_changes(&id, old_resource, new_resource));
    }
    let old_top = old.as_object().unwrap_or(&empty);
    let new_top = new.as_object().unwrap_or(&empty);
    for name in union_keys(old_top, new_top) {
        if name == "Resources" {
            continue;
        }
        result.sections.extend(section_changes(
            &name,
            old_top.get(&name),
            new_top.get(&name),
        ));
    }
    result
}

/// The keys of `a` in order, then those only in `b`: deterministic, and the old template's
/// order first as a reader expects.
pub(crate) fn union_keys(a: &Map<String, Value>, b: &Map<String, Value>) -> Vec<String> {
    let mut keys: Vec<String> = a.keys().cloned().collect();
    keys.extend(b.keys().filter(|k| !a.contains_key(*k)).cloned());
    keys
}

fn section_changes(section: &str, old: Option<&Value>, new: Option<&Value>) -> Vec<SectionChange> {
    let entry = |name: &str, action| SectionChange {
        section: section.to_string(),
        name: name.to_string(),
        action,
    };
    let keyed = matches!(
        section,
        "Parameters" | "Outputs" | "Conditions" | "Mappings" | "Rules"
    );
    match (old, new) {
        (Some(Value::Object(a)), Some(Value::Object(b))) if keyed => union_keys(a, b)
            .into_iter()
            .filter_map(|name| match (a.get(&name), b.get(&name)) {
                (Some(_), None) => Some(entry(&name, Action::Remove)),
                (None, Some(_)) => Some(entry(&name, Action::Add)),
                (Some(x), Some(y)) if !equal::same(x, y) => Some(entry(&name, Action::Update)),
                _ => None,
            })
            .collect(),
        (Some(Value::Object(a)), None) if keyed => {
            a.keys().map(|n| entry(n, Action::Remove)).collect()
        }
        (None, Some(Value::Object(b))) if keyed => {
            b.keys().map(|n| entry(n, Action::Add)).collect()
        }
        (Some(_), None) => vec![entry("", Action::Remove)],
        (None, Some(_)) => vec![entry("", Action::Add)],
        (Some(x), Some(y)) if !equal::same(x, y) => vec![entry("", Action::Update)],
        _ => Vec::new(),
    }
}
