//! The label of one changed property: found by comparing, for every create-only path of the
//! resource's type, the values the old and the new properties hold there.

use serde_json::{Map, Value};

use super::equal::same;
use super::schema::{property_segments, TypeFacts};

/// What CloudFormation does to the resource for a change of one property.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Label {
    /// Updated in place.
    NoInterruption,
    /// Replaced or not depending on the values (a conditional-create-only path), or no schema
    /// describes the type.
    Conditional,
    /// CloudFormation refuses the update (it fails and rolls back): a property the template
    /// reference marks "Updates are not supported".
    NotUpdatable,
    /// A new resource is created and the old one removed (a create-only path changed).
    Replacement,
}

impl Label {
    pub fn text(self) -> &'static str {
        match self {
            Label::NoInterruption => "no interruption",
            Label::Conditional => "conditional",
            Label::NotUpdatable => "update not supported",
            Label::Replacement => "replacement",
        }
    }
}

/// The label of top-level property `property`, with the create-only path (as `A.0.B`) that
/// decided it.
pub fn label_property(
    facts: Option<&TypeFacts>,
    property: &str,
    old: &Map<String, Value>,
    new: &Map<String, Value>,
) -> (Label, Option<String>) {
    let Some(facts) = facts else {
        return (Label::Conditional, None);
    };
    if let Some(path) = changed_path(&facts.create_only, property, old, new) {
        return (Label::Replacement, Some(path));
    }
    if let Some(path) = changed_path(&facts.conditional_create_only, property, old, new) {
        return (Label::Conditional, Some(path));
    }
    (Label::NoInterruption, None)
}

/// The first of `paths` under `property` whose values differ between `old` and `new`.
fn changed_path(
    paths: &[String],
    property: &str,
    old: &Map<String, Value>,
    new: &Map<String, Value>,
) -> Option<String> {
    for path in paths {
        let Some(segments) = property_segments(path) else {
            continue;
        };
        if segments.first() != Some(&property) {
            continue;
        }
        let mut found = Vec::new();
        differing(
            old.get(property),
            new.get(property),
            &segments[1..],
            property.to_string(),
            &mut found,
        );
        if let Some(first) = found.into_iter().next() {
            return Some(first);
        }
    }
    None
}

/// Collects the concrete paths (`*` expanded over both sides' items) below `at` where the old
/// and new values differ.
fn differing(
    old: Option<&Value>,
    new: Option<&Value>,
    rest: &[&str],
    at: String,
    found: &mut Vec<String>,
) {
    let Some((step, rest)) = rest.split_first() else {
        let equal = match (old, new) {
            (Some(a), Some(b)) => same(a, b),
            (None, None) => true,
            _ => false,
        };
        if !equal {
            found.push(at);
        }
        return;
    };
    if *step == "*" {
        let items = |v: Option<&Value>| v.and_then(Value::as_array).map_or(0, Vec::len);
        let count = items(old).max(items(new));
        for index in 0..count {
            differing(
                old.and_then(|v| v.get(index)),
                new.and_then(|v| v.get(index)),
                rest,
                format!("{at}.{index}"),
                found,
            );
        }
        // An item added or removed changes the list, whatever its fields.
        if items(old) != items(new) && !found.iter().any(|p| p.starts_with(&at)) {
            found.push(at);
        }
    } else {
        differing(
            old.and_then(|v| v.get(*step)),
            new.and_then(|v| v.get(*step)),
            rest,
            format!("{at}.{step}"),
            found,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn facts() -> TypeFacts {
        TypeFacts {
            create_only: vec![
                "TableName".into(),
                "KeySchema".into(),
                "LocalSecondaryIndexes".into(),
                "Nested.*.Name".into(),
            ],
            conditional_create_only: vec!["SSESpecification.KMSMasterKeyId".into()],
        }
    }

    fn props(value: Value) -> Map<String, Value> {
        value.as_object().unwrap().clone()
    }

    #[test]
    fn create_only_changes_replace_and_name_their_path() {
        let old = props(
            json!({"KeySchema": [{"AttributeName": "PK"}], "Nested": [{"Name": "a", "X": 1}]}),
        );
        let new = props(
            json!({"KeySchema": [{"AttributeName": "PK2"}], "Nested": [{"Name": "a", "X": 2}]}),
        );
        assert_eq!(
            label_property(Some(&facts()), "KeySchema", &old, &new),
            (Label::Replacement, Some("KeySchema".into()))
        );
        // Only X changed under Nested; Name (create-only) did not.
        assert_eq!(
            label_property(Some(&facts()), "Nested", &old, &new),
            (Label::NoInterruption, None)
        );
        let renamed = props(json!({"Nested": [{"Name": "b", "X": 1}]}));
        assert_eq!(
            label_property(Some(&facts()), "Nested", &old, &renamed),
            (Label::Replacement, Some("Nested.0.Name".into()))
        );
    }

    #[test]
    fn conditional_paths_and_unknown_types() {
        let old = props(json!({"SSESpecification": {"SSEEnabled": true}}));
        let new = props(json!({"SSESpecification": {"SSEEnabled": true, "KMSMasterKeyId": "k"}}));
        assert_eq!(
            label_property(Some(&facts()), "SSESpecification", &old, &new),
            (
                Label::Conditional,
                Some("SSESpecification.KMSMasterKeyId".into())
            )
        );
        assert_eq!(
            label_property(None, "SSESpecification", &old, &new).0,
            Label::Conditional
        );
    }

    #[test]
    fn a_string_for_a_number_is_no_change() {
        let old = props(json!({"TableName": "10"}));
        let new = props(json!({"TableName": 10}));
        assert_eq!(
            label_property(Some(&facts()), "TableName", &old, &new),
            (Label::NoInterruption, None)
        );
    }
}
