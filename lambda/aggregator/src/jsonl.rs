//! One archive line per expired audit item: its old image as plain JSON, with the facts
//! of its removal.
//!
//! ```json
//! {"entity_id":"acme","event_id":"01J...","item":{...},"namespace_id":"a7x3kq","removed_at":"2024-06-30T23:58:00Z","sequence_number":"4421..."}
//! ```
//!
//! * `item` is the `OldImage` with DynamoDB's type tags removed. It is nested rather than
//!   merged into the line so that an item attribute named like a line field (an audit
//!   item may well carry its own `entity_id` or `event_id`) can neither overwrite nor be
//!   overwritten.
//! * `namespace_id` / `entity_id` / `event_id` come from the keys
//!   (`{namespace_id}/AUDIT#{entity_id}`, `#AUDIT#{event_id}`, the event's ULID); readers
//!   de-duplicate on `event_id` (see [`crate::archive`]). The reference archiver's fields
//!   (`action`, `timestamp`, `principal`, `resource`, `details`) are in `item`.
//! * `removed_at` is the REMOVE record's `ApproximateCreationDateTime` (when TTL deleted
//!   the item), ISO 8601 UTC in whole seconds: DynamoDB Streams gives that time to the
//!   second, and the Lambda event type keeps only whole seconds.
//! * `sequence_number` is the stream sequence number as delivered (a string: up to 40
//!   digits).
//!
//! **Values.** `S` → string, `BOOL` → bool, `NULL` → null, `M` → object, `L` → array,
//! `SS` → array of strings, `B` / `BS` → standard base64 string(s). **Numbers** (`N`,
//! `NS`) are JSON numbers when that number's JSON text is character for character the
//! digits DynamoDB sent (`42`, `-7`, `12.345`), and otherwise the string DynamoDB sent
//! (e.g. 38-digit values or decimals that do not survive `f64`), so no digit is ever
//! changed. The conversion walks serde_dynamo's `AttributeValue` itself because
//! `serde_dynamo::from_item` into `serde_json::Value` reads every `N` through `f64`.
//!
//! **Deterministic bytes.** Object keys are written sorted at every level, whatever
//! order the image's `HashMap` yields and whether or not serde_json's `preserve_order`
//! feature is unified in by another crate of the workspace. The same record always
//! renders to the same line, which the archive's overwrite-on-replay relies on.

use crate::audit::Removal;
use crate::calendar::DateTime;
use base64::Engine;
use serde_dynamo::AttributeValue;
use serde_json::{Map, Number, Value};
use std::collections::HashMap;

/// An object with its keys inserted in sorted order (sorted under either `Map` flavour).
fn sorted_object<'a>(entries: impl Iterator<Item = (&'a str, Value)>) -> Value {
    let mut entries: Vec<(&str, Value)> = entries.collect();
    entries.sort_unstable_by(|a, b| a.0.cmp(b.0));
    let mut map = Map::new();
    for (k, v) in entries {
        map.insert(k.to_owned(), v);
    }
    Value::Object(map)
}

/// A DynamoDB number: a JSON number if rendering it gives back exactly `n`, else `n`.
pub fn number(n: &str) -> Value {
    let parsed = if let Ok(i) = n.parse::<i64>() {
        Some(Number::from(i))
    } else if let Ok(u) = n.parse::<u64>() {
        Some(Number::from(u))
    } else {
        n.parse::<f64>().ok().and_then(Number::from_f64)
    };
    match parsed {
        Some(num) if num.to_string() == n => Value::Number(num),
        _ => Value::String(n.to_owned()),
    }
}

fn base64(bytes: &[u8]) -> Value {
    Value::String(base64::engine::general_purpose::STANDARD.encode(bytes))
}

/// One attribute value as plain JSON (see the module docs for the mapping).
pub fn value(v: &AttributeValue) -> Value {
    match v {
        AttributeValue::S(s) => Value::String(s.clone()),
        AttributeValue::N(n) => number(n),
        AttributeValue::Bool(b) => Value::Bool(*b),
        AttributeValue::Null(_) => Value::Null,
        AttributeValue::B(b) => base64(b),
        AttributeValue::M(m) => image(m),
        AttributeValue::L(l) => Value::Array(l.iter().map(value).collect()),
        AttributeValue::Ss(ss) => Value::Array(ss.iter().cloned().map(Value::String).collect()),
        AttributeValue::Ns(ns) => Value::Array(ns.iter().map(|n| number(n)).collect()),
        AttributeValue::Bs(bs) => Value::Array(bs.iter().map(|b| base64(b)).collect()),
    }
}

/// An item (or `M` value) as a JSON object with sorted keys.
pub fn image(item: &HashMap<String, AttributeValue>) -> Value {
    sorted_object(item.iter().map(|(k, v)| (k.as_str(), value(v))))
}

/// The archive line of one removal, without the trailing newline.
pub fn line(r: &Removal<'_>) -> String {
    sorted_object(
        [
            ("entity_id", Value::String(r.entity_id.to_owned())),
            ("event_id", Value::String(r.event_id.to_owned())),
            ("item", image(r.old_image)),
            ("namespace_id", Value::String(r.namespace.to_owned())),
            (
                "removed_at",
                Value::String(DateTime::from_epoch_ms(r.removed_ms).to_iso_seconds()),
            ),
            (
                "sequence_number",
                Value::String(r.sequence_number.to_owned()),
            ),
        ]
        .into_iter(),
    )
    .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::{self, tests::removal_record};
    use serde_json::json;

    #[test]
    fn numbers_stay_exact() {
        assert_eq!(number("42"), json!(42));
        assert_eq!(number("-7"), json!(-7));
        assert_eq!(number("18446744073709551615"), json!(u64::MAX));
        assert_eq!(number("12.345"), json!(12.345));
        assert_eq!(number("0.1"), json!(0.1));
        // Would change digits through i64/u64/f64: kept as DynamoDB's text.
        for n in [
            "12345678901234567890123456789012345678",
            "0.12345678901234567890123",
            "1E+3",
            "007",
        ] {
            assert_eq!(number(n), json!(n), "{n}");
        }
    }

    #[test]
    fn every_attribute_type_maps_to_plain_json() {
        let m = |pairs: Vec<(&str, AttributeValue)>| -> HashMap<String, AttributeValue> {
            pairs.into_iter().map(|(k, v)| (k.to_owned(), v)).collect()
        };
        let item = m(vec![
            ("s", AttributeValue::S("x".into())),
            ("n", AttributeValue::N("1.5".into())),
            ("t", AttributeValue::Bool(true)),
            ("z", AttributeValue::Null(true)),
            ("b", AttributeValue::B(b"hi".to_vec())),
            ("ss", AttributeValue::Ss(vec!["a".into(), "b".into()])),
            ("ns", AttributeValue::Ns(vec!["1".into(), "2.25".into()])),
            ("bs", AttributeValue::Bs(vec![vec![0xff]])),
            (
                "l",
                AttributeValue::L(vec![
                    AttributeValue::N("3".into()),
                    AttributeValue::S("y".into()),
                ]),
            ),
            (
                "m",
                AttributeValue::M(m(vec![("k", AttributeValue::N("99".into()))])),
            ),
        ]);
        assert_eq!(
            image(&item),
            json!({"s": "x", "n": 1.5, "t": true, "z": null, "b": "aGk=", "ss": ["a", "b"],
                   "ns": [1, 2.25], "bs": ["/w=="], "l": [3, "y"], "m": {"k": 99}})
        );
    }

    #[test]
    fn line_has_sorted_keys_and_the_removal_facts() {
        // 2024-06-30T23:58:00.250Z: sub-seconds are not part of the stream's time.
        let r = removal_record(
            "4421",
            "ns1/AUDIT#acme",
            "#AUDIT#ev-1",
            true,
            1_719_791_880.25,
        );
        let removal = audit::parse(0, &r).unwrap();
        let text = line(&removal);
        assert_eq!(
            text,
            r##"{"entity_id":"acme","event_id":"ev-1","item":{"PK":"ns1/AUDIT#acme","SK":"#AUDIT#ev-1","action":"limit_set","ttl":1719791880},"namespace_id":"ns1","removed_at":"2024-06-30T23:58:00Z","sequence_number":"4421"}"##
        );
        assert!(!text.contains('\n'));
    }

    #[test]
    fn line_is_the_same_whatever_the_map_order() {
        // HashMaps with different insertion histories iterate differently.
        let r = removal_record("4421", "ns1/AUDIT#acme", "#AUDIT#ev-1", true, 1.0);
        let mut shuffled = r.clone();
        let entries: Vec<_> = shuffled.change.old_image.drain().collect();
        for (k, v) in entries.into_iter().rev() {
            shuffled.change.old_image.insert(k, v);
        }
        for i in 0..50 {
            shuffled
                .change
                .old_image
                .insert(format!("x{i}"), AttributeValue::N(i.to_string()));
        }
        let mut plain = r.clone();
        for i in (0..50).rev() {
            plain
                .change
                .old_image
                .insert(format!("x{i}"), AttributeValue::N(i.to_string()));
        }
        let a = line(&audit::parse(0, &plain).unwrap());
        let b = line(&audit::parse(0, &shuffled).unwrap());
        assert_eq!(a, b);
    }
}
