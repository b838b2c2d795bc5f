//! Per resource: added, removed, updated in place or replaced, with each changed property's
//! label and the hazards a replacement or deletion carries.

use serde::Serialize;
use serde_json::{Map, Value};

use super::equal::same;
use super::label::{label_property, Label};
use super::schema::{not_updatable, property_segments, TypeFacts, UpdateFacts};
use super::union_keys;

/// What happens to a resource (or a section entry).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Action {
    Add,
    Remove,
    Update,
    /// Updated, and some change may replace it (a conditional path, or no schema).
    MayReplace,
    Replace,
}

impl Action {
    pub fn symbol(self) -> &'static str {
        match self {
            Action::Add => "[+]",
            Action::Remove => "[-]",
            Action::Update => "[~]",
            Action::MayReplace => "[~?]",
            Action::Replace => "[-/+]",
        }
    }
}

#[derive(Debug, Serialize)]
pub struct ResourceChange {
    pub logical_id: String,
    #[serde(rename = "type")]
    pub resource_type: String,
    pub action: Action,
    /// Holds data that dies with it (a table, a bucket, a key, ...).
    pub stateful: bool,
    pub properties: Vec<PropertyChange>,
    /// Resource attributes that changed (DeletionPolicy, DependsOn, Condition, ...).
    pub attributes: Vec<String>,
    /// What a reader must know before this happens.
    pub hazards: Vec<String>,
}

impl ResourceChange {
    /// A stateful resource replaced, possibly replaced (a conditional path changed: the
    /// data's side of caution), or deleted.
    pub fn destroys_state(&self) -> bool {
        self.stateful
            && matches!(
                self.action,
                Action::Replace | Action::MayReplace | Action::Remove
            )
    }
}

#[derive(Debug, Serialize)]
pub struct PropertyChange {
    pub property: String,
    pub label: Label,
    /// The create-only (or conditional) path whose change decided the label, as `A.0.B`.
    pub cause: Option<String>,
    pub changes: Vec<LeafChange>,
}

/// One changed value: its path below the property, the old and the new value (absent when
/// added or removed).
#[derive(Debug, Serialize)]
pub struct LeafChange {
    pub path: String,
    pub old: Option<Value>,
    pub new: Option<Value>,
}

/// Types whose resource holds data that is lost (or orphaned) with it: rows, objects, keys
/// that decrypt retained data, messages, cached data, secrets, logs.
const STATEFUL_TYPES: &[&str] = &[
    "AWS::DynamoDB::Table",
    "AWS::DynamoDB::GlobalTable",
    "AWS::S3::Bucket",
    "AWS::KMS::Key",
    "AWS::SQS::Queue",
    "AWS::Logs::LogGroup",
    "AWS::ElastiCache::ReplicationGroup",
    "AWS::ElastiCache::CacheCluster",
    "AWS::ElastiCache::ServerlessCache",
    "AWS::SecretsManager::Secret",
    "AWS::RDS::DBInstance",
    "AWS::RDS::DBCluster",
    "AWS::EFS::FileSystem",
    "AWS::Kinesis::Stream",
    "AWS::Cognito::UserPool",
    "AWS::EC2::Volume",
];

pub fn is_stateful(resource_type: &str) -> bool {
    STATEFUL_TYPES.contains(&resource_type)
}

/// The attributes of a resource besides Type and Properties.
const ATTRIBUTES: &[&str] = &[
    "DeletionPolicy",
    "UpdateReplacePolicy",
    "DependsOn",
    "Condition",
    "Metadata",
    "UpdatePolicy",
    "CreationPolicy",
];

pub fn changes(
    old: &Map<String, Value>,
    new: &Map<String, Value>,
    facts: &dyn UpdateFacts,
) -> Vec<ResourceChange> {
    union_keys(old, new)
        .into_iter()
        .filter_map(|id| change(&id, old.get(&id), new.get(&id), facts))
        .collect()
}

fn type_of(resource: &Value) -> String {
    resource
        .get("Type")
        .and_then(Value::as_str)
        .unwrap_or("?")
        .to_string()
}

fn properties(resource: &Value) -> Map<String, Value> {
    resource
        .get("Properties")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default()
}

fn policy_is_retain(resource: &Value, attribute: &str) -> bool {
    resource
        .get(attribute)
        .and_then(Value::as_str)
        .is_some_and(|p| p == "Retain" || p == "RetainExceptOnCreate")
}

fn change(
    id: &str,
    old: Option<&Value>,
    new: Option<&Value>,
    facts: &dyn UpdateFacts,
) -> Option<ResourceChange> {
    let (old, new) = match (old, new) {
        (None, None) => return None,
        (None, Some(new)) => {
            let resource_type = type_of(new);
            return Some(ResourceChange {
                logical_id: id.to_string(),
                stateful: is_stateful(&resource_type),
                resource_type,
                action: Action::Add,
                properties: Vec::new(),
                attributes: Vec::new(),
                hazards: Vec::new(),
            });
        }
        (Some(old), None) => return Some(removal(id, old)),
        (Some(old), Some(new)) => (old, new),
    };
    let (old_type, new_type) = (type_of(old), type_of(new));
    let old_props = properties(old);
    let new_props = properties(new);
    let type_facts = facts.type_facts(&new_type);
    let mut property_changes = Vec::new();
    for property in union_keys(&old_props, &new_props) {
        let (a, b) = (old_props.get(&property), new_props.get(&property));
        if matches!((a, b), (Some(x), Some(y)) if same(x, y)) {
            continue;
        }
        let mut leaves = Vec::new();
        leaf_changes(a, b, String::new(), &mut leaves);
        let (mut label, mut cause) =
            label_property(type_facts.as_ref(), &property, &old_props, &new_props);
        if label < Label::Replacement && not_updatable(&new_type, &property) {
            (label, cause) = (Label::NotUpdatable, Some(property.clone()));
        }
        property_changes.push(PropertyChange {
            property,
            label,
            cause,
            changes: leaves,
        });
    }
    let attributes: Vec<String> = ATTRIBUTES
        .iter()
        .filter(|a| match (old.get(**a), new.get(**a)) {
            (Some(x), Some(y)) => !same(x, y),
            (None, None) => false,
            _ => true,
        })
        .map(|a| a.to_string())
        .collect();
    if old_type == new_type && property_changes.is_empty() && attributes.is_empty() {
        return None;
    }
    let has = |label: Label| property_changes.iter().any(|p| p.label == label);
    let action = if old_type != new_type || has(Label::Replacement) {
        Action::Replace
    } else if has(Label::Conditional) {
        Action::MayReplace
    } else {
        Action::Update
    };
    let mut hazards = Vec::new();
    if action != Action::Replace {
        for property in property_changes
            .iter()
            .filter(|p| p.label == Label::NotUpdatable)
        {
            hazards.push(format!(
                "CloudFormation does not support updating {}: the update fails and rolls back; changing it takes a new {new_type} (a new logical ID and name)",
                property.property
            ));
        }
    }
    if old_type != new_type {
        hazards.push(format!(
            "its type changes from {old_type} to {new_type}: CloudFormation replaces it"
        ));
    }
    if matches!(action, Action::Replace | Action::MayReplace) {
        let may = if action == Action::Replace {
            "is replaced"
        } else {
            "may be replaced"
        };
        if let Some(name) = fixed_name(type_facts.as_ref(), &old_props, &new_props) {
            hazards.push(format!(
                "it {may} but keeps its fixed name ({name}): CloudFormation cannot create the new one while the old one holds the name, and the update fails; change the name too, or delete and recreate it"
            ));
        }
        if policy_is_retain(new, "UpdateReplacePolicy")
            || policy_is_retain(old, "UpdateReplacePolicy")
        {
            hazards.push(format!(
                "it {may} and is retained on replacement (UpdateReplacePolicy Retain): the old {new_type} stays behind outside the stack, data and all"
            ));
        }
        if is_stateful(&new_type) && action == Action::Replace {
            hazards.push(format!("{new_type} holds data: the new one starts empty"));
        }
    }
    Some(ResourceChange {
        logical_id: id.to_string(),
        stateful: is_stateful(&new_type) || is_stateful(&old_type),
        resource_type: new_type,
        action,
        properties: property_changes,
        attributes,
        hazards,
    })
}

fn removal(id: &str, old: &Value) -> ResourceChange {
    let resource_type = type_of(old);
    let stateful = is_stateful(&resource_type);
    let mut hazards = Vec::new();
    if policy_is_retain(old, "DeletionPolicy") {
        hazards.push(format!(
            "it is retained (DeletionPolicy Retain): the {resource_type} stays in the account, no longer managed by the stack"
        ));
    } else if stateful {
        hazards.push(format!(
            "{resource_type} holds data: it is deleted with its data"
        ));
    }
    ResourceChange {
        logical_id: id.to_string(),
        resource_type,
        action: Action::Remove,
        stateful,
        properties: Vec::new(),
        attributes: Vec::new(),
        hazards,
    }
}

/// The name a replaced resource keeps: a top-level create-only `...Name` property set to the
/// same value in both templates.
fn fixed_name(
    facts: Option<&TypeFacts>,
    old: &Map<String, Value>,
    new: &Map<String, Value>,
) -> Option<String> {
    facts?
        .create_only
        .iter()
        .filter_map(|path| property_segments(path))
        .filter(|segments| segments.len() == 1 && segments[0].ends_with("Name"))
        .find_map(|segments| {
            let name = segments[0];
            match (old.get(name), new.get(name)) {
                (Some(a), Some(b)) if same(a, b) => Some(format!("{name} {}", short(b))),
                _ => None,
            }
        })
}

/// A value on one line: a string as itself, anything else as compact JSON.
pub fn short(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// The changed leaves between two values, paths joined with `.` (list items by index).
fn leaf_changes(old: Option<&Value>, new: Option<&Value>, at: String, out: &mut Vec<LeafChange>) {
    match (old, new) {
        (Some(Value::Object(a)), Some(Value::Object(b)))
            if !is_intrinsic(a) && !is_intrinsic(b) =>
        {
            for key in union_keys(a, b) {
                let path = join(&at, &key);
                match (a.get(&key), b.get(&key)) {
                    (Some(x), Some(y)) if same(x, y) => {}
                    (x, y) => leaf_changes(x, y, path, out),
                }
            }
        }
        (Some(Value::Array(a)), Some(Value::Array(b))) if a.len() == b.len() => {
            for (index, (x, y)) in a.iter().zip(b).enumerate() {
                if !same(x, y) {
                    leaf_changes(Some(x), Some(y), join(&at, &index.to_string()), out);
                }
            }
        }
        (a, b) => out.push(LeafChange {
            path: at,
            old: a.cloned(),
            new: b.cloned(),
        }),
    }
}

/// `{"Ref": ...}`, `{"Fn::GetAtt": ...}`: shown whole, not split into their parts.
fn is_intrinsic(map: &Map<String, Value>) -> bool {
    map.len() == 1
        && map
            .keys()
            .next()
            .is_some_and(|k| k == "Ref" || k == "Condition" || k.starts_with("Fn::"))
}

fn join(at: &str, step: &str) -> String {
    if at.is_empty() {
        step.to_string()
    } else {
        format!("{at}.{step}")
    }
}
