//! The escape hatch: set, replace or delete any property of any resource by path, for what
//! no option covers. A path that does not lead anywhere is an error, never a silent no-op.

use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::Value;

/// One change to the synthesized template, at `path` such as
/// `Resources.RateLimitsTable.Properties.TableClass` (list items by index: `Tags.0.Value`).
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Override {
    /// `Resources.<LogicalId>.<Key>...`, dot-separated; list items by their index.
    pub path: String,
    /// Creates or replaces the value (its parent must exist).
    #[serde(default)]
    pub set: Option<Value>,
    /// Replaces a value that must exist.
    #[serde(default)]
    pub replace: Option<Value>,
    /// `true` deletes a value that must exist.
    #[serde(default)]
    pub delete: Option<bool>,
}

enum Change<'a> {
    Set(&'a Value),
    Replace(&'a Value),
    Delete,
}

impl Override {
    fn change(&self) -> Result<Change<'_>, OverrideProblem> {
        match (&self.set, &self.replace, self.delete) {
            (Some(value), None, None) => Ok(Change::Set(value)),
            (None, Some(value), None) => Ok(Change::Replace(value)),
            (None, None, Some(true)) => Ok(Change::Delete),
            (None, None, Some(false)) => Err(OverrideProblem::DeleteFalse),
            _ => Err(OverrideProblem::NotOneChange),
        }
    }
}

/// An override that cannot apply: which one, and why.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("overrides[{index}] ({path}): {problem}")]
pub struct OverrideError {
    pub index: usize,
    pub path: String,
    pub problem: OverrideProblem,
}

const PATH_EXAMPLE: &str = "e.g. Resources.RateLimitsTable.Properties.TableClass";

/// Why an override cannot apply. `walked` is the part of the path that does lead somewhere.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum OverrideProblem {
    #[error("delete: false changes nothing; remove the override or use delete: true")]
    DeleteFalse,
    #[error("give exactly one of set, replace or delete")]
    NotOneChange,
    /// `segment` counts from 1.
    #[error(
        "segment {segment} of the path is empty; write names between single dots, {PATH_EXAMPLE}"
    )]
    EmptySegment { segment: usize },
    #[error("a path starts with Resources.<LogicalId>. and names something inside the resource, {PATH_EXAMPLE}")]
    NotInAResource,
    #[error("the template has no Resources")]
    NoResources,
    #[error("the template has no resource {id}; it has {}", known.join(", "))]
    NoSuchResource { id: String, known: Vec<String> },
    #[error("{walked} has no {segment}")]
    NoSuchKey { walked: String, segment: String },
    #[error("{walked} has no {segment} to replace (use set to create it)")]
    NothingToReplace { walked: String, segment: String },
    #[error("{walked} has no {segment} to delete")]
    NothingToDelete { walked: String, segment: String },
    #[error("{walked} is a list; index it with a number, not {segment}")]
    NotAnIndex { walked: String, segment: String },
    #[error("{walked} has {len} items; set index {len} at most (to append)")]
    PastTheEnd { walked: String, len: usize },
    #[error("{walked} is a value, not a map or list")]
    NotAContainer { walked: String },
}

/// Applies `overrides` in order; the first that cannot apply is the error.
pub fn apply_overrides(document: &mut Value, overrides: &[Override]) -> Result<(), OverrideError> {
    for (index, item) in overrides.iter().enumerate() {
        apply_one(document, item).map_err(|problem| OverrideError {
            index,
            path: item.path.clone(),
            problem,
        })?;
    }
    Ok(())
}

fn apply_one(document: &mut Value, item: &Override) -> Result<(), OverrideProblem> {
    let change = item.change()?;
    let segments: Vec<&str> = item.path.split('.').collect();
    if let Some(position) = segments.iter().position(|s| s.is_empty()) {
        return Err(OverrideProblem::EmptySegment {
            segment: position + 1,
        });
    }
    let (resource_id, rest) = match segments.as_slice() {
        ["Resources", id, rest @ ..] if !rest.is_empty() => (*id, rest),
        _ => return Err(OverrideProblem::NotInAResource),
    };
    let resources = document
        .get_mut("Resources")
        .and_then(Value::as_object_mut)
        .ok_or(OverrideProblem::NoResources)?;
    let known: Vec<String> = resources.keys().cloned().collect();
    let mut node =
        resources
            .get_mut(resource_id)
            .ok_or_else(|| OverrideProblem::NoSuchResource {
                id: resource_id.into(),
                known,
            })?;
    let (last, parents) = rest.split_last().expect("rest is not empty");
    let mut walked = format!("Resources.{resource_id}");
    for segment in parents {
        node = child(node, segment).ok_or_else(|| OverrideProblem::NoSuchKey {
            walked: walked.clone(),
            segment: segment.to_string(),
        })?;
        walked.push('.');
        walked.push_str(segment);
    }
    match change {
        Change::Set(value) => set(node, last, value.clone(), walked),
        Change::Replace(value) => {
            let target = child(node, last).ok_or_else(|| OverrideProblem::NothingToReplace {
                walked,
                segment: last.to_string(),
            })?;
            *target = value.clone();
            Ok(())
        }
        Change::Delete => delete(node, last, walked),
    }
}

fn child<'a>(node: &'a mut Value, segment: &str) -> Option<&'a mut Value> {
    match node {
        Value::Object(map) => map.get_mut(segment),
        Value::Array(items) => segment.parse::<usize>().ok().and_then(|i| items.get_mut(i)),
        _ => None,
    }
}

fn set(node: &mut Value, last: &str, value: Value, walked: String) -> Result<(), OverrideProblem> {
    match node {
        Value::Object(map) => {
            map.insert(last.to_string(), value);
            Ok(())
        }
        Value::Array(items) => {
            let Ok(index) = last.parse::<usize>() else {
                return Err(OverrideProblem::NotAnIndex {
                    walked,
                    segment: last.to_string(),
                });
            };
            match index.cmp(&items.len()) {
                std::cmp::Ordering::Less => items[index] = value,
                std::cmp::Ordering::Equal => items.push(value),
                std::cmp::Ordering::Greater => {
                    return Err(OverrideProblem::PastTheEnd {
                        walked,
                        len: items.len(),
                    })
                }
            }
            Ok(())
        }
        _ => Err(OverrideProblem::NotAContainer { walked }),
    }
}

fn delete(node: &mut Value, last: &str, walked: String) -> Result<(), OverrideProblem> {
    let removed = match node {
        Value::Object(map) => map.shift_remove(last).is_some(),
        Value::Array(items) => match last.parse::<usize>() {
            Ok(i) if i < items.len() => {
                items.remove(i);
                true
            }
            _ => false,
        },
        _ => false,
    };
    if removed {
        Ok(())
    } else {
        Err(OverrideProblem::NothingToDelete {
            walked,
            segment: last.to_string(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn template() -> Value {
        json!({"Resources": {"Table": {"Type": "AWS::DynamoDB::Table", "Properties": {
            "TableName": "t", "Tags": [{"Key": "a", "Value": "1"}]}}}})
    }

    fn one(
        path: &str,
        set: Option<Value>,
        replace: Option<Value>,
        delete: Option<bool>,
    ) -> Override {
        Override {
            path: path.into(),
            set,
            replace,
            delete,
        }
    }

    #[test]
    fn set_creates_and_replaces_replace_and_delete_need_the_value() {
        let mut doc = template();
        let changes = [
            one(
                "Resources.Table.Properties.TableClass",
                Some(json!("STANDARD_INFREQUENT_ACCESS")),
                None,
                None,
            ),
            one(
                "Resources.Table.Properties.Tags.0.Value",
                None,
                Some(json!("2")),
                None,
            ),
            one(
                "Resources.Table.Properties.TableName",
                None,
                None,
                Some(true),
            ),
        ];
        apply_overrides(&mut doc, &changes).unwrap();
        let props = &doc["Resources"]["Table"]["Properties"];
        assert_eq!(props["TableClass"], "STANDARD_INFREQUENT_ACCESS");
        assert_eq!(props["Tags"][0]["Value"], "2");
        assert!(props.get("TableName").is_none());
    }

    #[test]
    fn paths_that_lead_nowhere_are_errors() {
        let cases = [
            (one("Resources.Tabel.Properties.X", Some(json!(1)), None, None), "overrides[0] (Resources.Tabel.Properties.X): the template has no resource Tabel; it has Table"),
            (one("Resources.Table.Propertes.X", Some(json!(1)), None, None), "overrides[0] (Resources.Table.Propertes.X): Resources.Table has no Propertes"),
            (one("Resources.Table.Properties.Nope", None, None, Some(true)), "overrides[0] (Resources.Table.Properties.Nope): Resources.Table.Properties has no Nope to delete"),
            (one("Resources.Table.Properties.Nope", None, Some(json!(1)), None), "overrides[0] (Resources.Table.Properties.Nope): Resources.Table.Properties has no Nope to replace (use set to create it)"),
            (one("Resources..X", Some(json!(1)), None, None), "overrides[0] (Resources..X): segment 2 of the path is empty; write names between single dots, e.g. Resources.RateLimitsTable.Properties.TableClass"),
            (one("Outputs.X", Some(json!(1)), None, None), "overrides[0] (Outputs.X): a path starts with Resources.<LogicalId>. and names something inside the resource, e.g. Resources.RateLimitsTable.Properties.TableClass"),
            (one("Resources.Table.Properties.X", Some(json!(1)), None, Some(true)), "overrides[0] (Resources.Table.Properties.X): give exactly one of set, replace or delete"),
        ];
        for (change, expected) in cases {
            let mut doc = template();
            assert_eq!(
                apply_overrides(&mut doc, &[change])
                    .unwrap_err()
                    .to_string(),
                expected
            );
            assert_eq!(
                doc,
                template(),
                "a failed override leaves the template alone"
            );
        }
    }
}
