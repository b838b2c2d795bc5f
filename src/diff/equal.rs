//! Equality as CloudFormation judges it: every scalar is a string to it, so `"10"` and `10`,
//! or `"true"` and `true`, are the same value and changing one into the other is no change.

use serde_json::Value;

use crate::validate::same_by;

/// Whether CloudFormation sees `a` and `b` as the same value.
pub fn same(a: &Value, b: &Value) -> bool {
    same_by(a, b, &|x, y| match (x, y) {
        (Value::Null, Value::Null) => true,
        (Value::Object(_) | Value::Array(_) | Value::Null, _)
        | (_, Value::Object(_) | Value::Array(_) | Value::Null) => false,
        _ => scalar_text(x) == scalar_text(y),
    })
}

/// The string CloudFormation turns a scalar into.
pub use crate::validate::scalar_text;

/// A value with every scalar as its string, so equal values have one form: used to compare
/// sets of IAM statements and security-group rules.
pub fn canonical(value: &Value) -> Value {
    match value {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            Value::Object(
                keys.into_iter()
                    .map(|k| (k.clone(), canonical(&map[k])))
                    .collect(),
            )
        }
        Value::Array(items) => Value::Array(items.iter().map(canonical).collect()),
        Value::Null => Value::Null,
        scalar => Value::String(scalar_text(scalar).expect("a scalar")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn numbers_and_their_strings_are_the_same_value() {
        assert!(same(&json!({"A": "10"}), &json!({"A": 10})));
        assert!(same(&json!(["true"]), &json!([true])));
        assert!(!same(&json!("10"), &json!(11)));
        assert!(!same(&json!("10"), &json!(["10"])));
        assert!(!same(&json!({"A": 1}), &json!({"A": 1, "B": 2})));
        assert!(!same(&json!(null), &json!("null")));
    }

    #[test]
    fn canonical_sorts_keys_and_stringifies_scalars() {
        assert_eq!(
            canonical(&json!({"b": 1, "a": [true]})).to_string(),
            r#"{"a":["true"],"b":"1"}"#
        );
    }
}
