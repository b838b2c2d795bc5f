//! Reading one key of a template mapping by comparing its few keys, not hashing the key.
//!
//! Why: a template's mappings are `serde_json` maps, which hash every key asked for with
//! SipHash; the rules ask each resource for `Type` and `Properties`, each property for
//! `Ref` or `Fn::If`, thousands of times per template, and the hashing was an eighth of
//! layer 1's instructions at `zael synth`. A resource or a property's mapping has a handful of
//! keys, and comparing them costs less; a large mapping (`Resources`) is still hashed.

use serde_json::{Map, Value};

/// Up to this many keys, a mapping is scanned rather than hashed: a scan compares each key's
/// length and first byte (a few instructions) before its bytes, and SipHash costs some 200
/// instructions a key; an alarm's or a function's properties (a dozen keys or more) were
/// hashed at 8.
const SCANNED: usize = 32;

/// `get(key)`, as `serde_json` answers it (a mapping holds each key once).
pub trait Field {
    fn field(&self, key: &str) -> Option<&Value>;
}

impl Field for Map<String, Value> {
    fn field(&self, key: &str) -> Option<&Value> {
        if self.len() <= SCANNED {
            let key = key.as_bytes();
            let first = key.first();
            self.iter()
                .find(|(name, _)| {
                    let name = name.as_bytes();
                    name.len() == key.len() && name.first() == first && name == key
                })
                .map(|(_, value)| value)
        } else {
            self.get(key)
        }
    }
}

impl Field for Value {
    fn field(&self, key: &str) -> Option<&Value> {
        match self {
            Value::Object(map) => map.field(key),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_and_large_mappings_answer_as_get_does() {
        let mut large = serde_json::json!({});
        for index in 0..40 {
            large[format!("K{index}")] = Value::from(index);
        }
        // Scanned: keys of one length that differ in their first byte, or only after it.
        let mut medium = serde_json::json!({"Type": 1, "Tags": 2, "Properties": {"A": 1}});
        for index in 0..20 {
            medium[format!("K{index}")] = Value::from(index);
        }
        let small = serde_json::json!({"Type": "AWS::SQS::Queue", "Properties": {"A": 1}});
        for value in [&small, &medium, &large, &Value::from("text"), &Value::Null] {
            for key in [
                "Type",
                "Tags",
                "Taga",
                "Properties",
                "K0",
                "K19",
                "K39",
                "K40",
                "",
                "type",
            ] {
                assert_eq!(value.field(key), value.get(key), "{key}");
            }
        }
        assert_eq!(large.field("K7"), Some(&Value::from(7)));
    }
}
