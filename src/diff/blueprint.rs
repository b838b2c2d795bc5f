//! Which blueprint made a template, read from the `zael:blueprint` tag zael puts on every
//! taggable resource: a diff or a deploy between two blueprints is almost always the wrong
//! `--blueprint` (an API template compared with the limiter shows every resource replaced).

use serde_json::Value;

/// The blueprint whose name the template's first `zael:blueprint` tag gives; `None` for a
/// template zael did not make (or made without tagged resources).
pub fn blueprint_of(template: &Value) -> Option<&str> {
    template
        .get("Resources")?
        .as_object()?
        .values()
        .filter_map(|resource| resource.pointer("/Properties/Tags")?.as_array())
        .flatten()
        .find(|tag| tag.get("Key").and_then(Value::as_str) == Some("zael:blueprint"))?
        .get("Value")?
        .as_str()
}

/// `(old, new)` when both templates name their blueprint and the names differ.
pub fn other_blueprint<'a>(old: &'a Value, new: &'a Value) -> Option<(&'a str, &'a str)> {
    let (old, new) = (blueprint_of(old)?, blueprint_of(new)?);
    (old != new).then_some((old, new))
}

/// A diff's `subject`, naming the two blueprints when `old` and `new` are different ones.
pub fn subject(subject: String, old: &Value, new: &Value) -> String {
    match other_blueprint(old, new) {
        Some((old, new)) => format!(
            "{subject} (the old template is blueprint {old}, the new one {new}: give --blueprint {old} to compare the same system)"
        ),
        None => subject,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn tagged(blueprint: &str) -> Value {
        json!({"Resources": {
            "Untagged": {"Type": "AWS::IAM::ManagedPolicy", "Properties": {}},
            "Topic": {"Type": "AWS::SNS::Topic", "Properties": {"Tags": [
                {"Key": "team", "Value": "a"},
                {"Key": "zael:blueprint", "Value": blueprint}
            ]}}
        }})
    }

    #[test]
    fn the_blueprint_is_read_from_the_tags() {
        assert_eq!(blueprint_of(&tagged("api")), Some("api"));
        assert_eq!(blueprint_of(&json!({"Resources": {}})), None);
        assert_eq!(blueprint_of(&json!([])), None);
    }

    #[test]
    fn only_two_named_and_different_blueprints_are_a_mismatch() {
        assert_eq!(
            other_blueprint(&tagged("api"), &tagged("limiter")),
            Some(("api", "limiter"))
        );
        assert_eq!(other_blueprint(&tagged("api"), &tagged("api")), None);
        assert_eq!(
            other_blueprint(&json!({"Resources": {}}), &tagged("api")),
            None
        );
        assert_eq!(
            subject("old.yaml".into(), &tagged("redis"), &tagged("limiter")),
            "old.yaml (the old template is blueprint redis, the new one limiter: give --blueprint redis to compare the same system)"
        );
        assert_eq!(
            subject("old.yaml".into(), &tagged("redis"), &tagged("redis")),
            "old.yaml"
        );
    }
}
