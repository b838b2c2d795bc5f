//! Whether two template values are one value: mapping by mapping (whatever the keys' order)
//! and list by list, with the caller's rule for scalars. Layer 1 compares scalars as
//! `serde_json` does (`uniqueItems`); `diff` compares them as CloudFormation does, where
//! `"10"` and `10` are one value.

use serde_json::Value;

use super::field::Field;

/// `a` and `b` are one value when their mappings have the same keys with the same values,
/// their lists the same items in order, and `scalars` says so of every other pair (two
/// scalars, or a scalar beside a mapping or a list).
pub fn same_by(a: &Value, b: &Value, scalars: &impl Fn(&Value, &Value) -> bool) -> bool {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter().all(|(key, value)| {
                    y.field(key)
                        .is_some_and(|other| same_by(value, other, scalars))
                })
        }
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| same_by(p, q, scalars))
        }
        _ => scalars(a, b),
    }
}
