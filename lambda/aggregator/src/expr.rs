//! Rendering a [`SnapshotWrite`] as a DynamoDB `UpdateItem` request (pure strings).
//!
//! ```text
//! SET #f0 = :f0, ... (fixed attributes), #m0 = :m0, ... (marks)
//! ADD #te :te, #c0 :c0, ... (total_events, one counter per limit)
//! condition: (attribute_not_exists(#m0) OR #m0 < :g0) AND ... (see crate::write)
//! ```
//!
//! Every attribute name goes through a placeholder, so limit names that are DynamoDB
//! reserved words (or contain `.`/`-`) are safe. The fixed attributes are SET to the same
//! values on every write of an item, which is idempotent; `ADD` creates a missing
//! counter, so the first write of a window needs no separate create step.

use crate::amount::milli_to_decimal;
use crate::schema;
use crate::write::{Guard, SnapshotWrite};

/// A DynamoDB attribute value of the kinds a snapshot write uses.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Value {
    S(String),
    N(String),
}

/// The parts of one `UpdateItem` call.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UpdateRequest {
    pub pk: String,
    pub sk: String,
    pub update_expression: String,
    pub condition_expression: String,
    pub names: Vec<(String, String)>,
    pub values: Vec<(String, Value)>,
}

/// Renders one write.
pub fn render(w: &SnapshotWrite<'_>) -> UpdateRequest {
    let window_key = w.window_key();
    let entity = w.key.entity_id;
    let resource = w.key.resource;
    let mut names = Vec::with_capacity(9 + 2 * w.sources.len());
    let mut values = Vec::with_capacity(9 + 3 * w.sources.len());
    let fixed = [
        (schema::ENTITY_ID, Value::S(entity.to_owned())),
        (schema::RESOURCE, Value::S(resource.to_owned())),
        (schema::WINDOW, Value::S(w.window.name().to_owned())),
        (schema::WINDOW_START, Value::S(window_key.clone())),
        (schema::GSI2PK, Value::S(schema::gsi2_pk(resource))),
        (
            schema::GSI2SK,
            Value::S(schema::gsi2_sk(&window_key, entity)),
        ),
        (schema::TTL, Value::N(w.ttl().to_string())),
    ];
    let mut set = Vec::with_capacity(fixed.len() + w.sources.len());
    for (i, (name, value)) in fixed.into_iter().enumerate() {
        names.push((format!("#f{i}"), name.to_owned()));
        values.push((format!(":f{i}"), value));
        set.push(format!("#f{i} = :f{i}"));
    }
    names.push(("#te".to_owned(), schema::TOTAL_EVENTS.to_owned()));
    values.push((":te".to_owned(), Value::N(w.total_events().to_string())));
    let mut add = vec!["#te :te".to_owned()];
    let mut conditions = Vec::with_capacity(w.sources.len());
    for (i, s) in w.sources.iter().enumerate() {
        names.push((format!("#c{i}"), s.limit.to_owned()));
        names.push((format!("#m{i}"), schema::mark_attr(s.limit)));
        values.push((format!(":c{i}"), Value::N(milli_to_decimal(s.sum_milli))));
        values.push((format!(":m{i}"), Value::S(s.last.as_str().to_owned())));
        add.push(format!("#c{i} :c{i}"));
        set.push(format!("#m{i} = :m{i}"));
        conditions.push(match s.guard {
            Guard::Below(first) => {
                values.push((format!(":g{i}"), Value::S(first.as_str().to_owned())));
                format!("(attribute_not_exists(#m{i}) OR #m{i} < :g{i})")
            }
            Guard::Absent => format!("attribute_not_exists(#m{i})"),
            Guard::Equals(read) => {
                values.push((format!(":g{i}"), Value::S(read.as_str().to_owned())));
                format!("#m{i} = :g{i}")
            }
        });
    }
    UpdateRequest {
        pk: schema::pk(entity),
        sk: schema::usage_sk(resource, &window_key),
        update_expression: format!("SET {} ADD {}", set.join(", "), add.join(", ")),
        condition_expression: conditions.join(" AND "),
        names,
        values,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::{days_from_civil, MS_PER_DAY};
    use crate::plan::ItemKey;
    use crate::seq::SeqNo;
    use crate::window::WindowKind;
    use crate::write::SourceWrite;

    #[test]
    fn renders_the_contract() {
        let s = |n: &str| SeqNo::parse(n).unwrap();
        let w = SnapshotWrite {
            key: ItemKey {
                entity_id: "e1",
                resource: "gpt-4",
                start_ms: days_from_civil(2024, 1, 1) * MS_PER_DAY,
            },
            window: WindowKind::Daily,
            ttl_days: 90,
            sources: vec![
                SourceWrite {
                    limit: "rpm",
                    sum_milli: 2000,
                    events: 2,
                    last: s("7"),
                    guard: Guard::Below(s("5")),
                },
                SourceWrite {
                    limit: "tpm",
                    sum_milli: -1,
                    events: 1,
                    last: s("9"),
                    guard: Guard::Equals(s("8")),
                },
            ],
        };
        let r = render(&w);
        assert_eq!(r.pk, "ENTITY#e1");
        assert_eq!(r.sk, "#USAGE#gpt-4#2024-01-01T00:00:00Z");
        assert_eq!(
            r.update_expression,
            "SET #f0 = :f0, #f1 = :f1, #f2 = :f2, #f3 = :f3, #f4 = :f4, #f5 = :f5, #f6 = :f6, #m0 = :m0, #m1 = :m1 \
             ADD #te :te, #c0 :c0, #c1 :c1"
        );
        assert_eq!(
            r.condition_expression,
            "(attribute_not_exists(#m0) OR #m0 < :g0) AND #m1 = :g1"
        );
        let name = |p: &str| {
            r.names
                .iter()
                .find(|(k, _)| k == p)
                .map(|(_, v)| v.as_str())
        };
        let value = |p: &str| {
            r.values
                .iter()
                .find(|(k, _)| k == p)
                .map(|(_, v)| v.clone())
        };
        assert_eq!(name("#c0"), Some("rpm"));
        assert_eq!(name("#m1"), Some("seq#tpm"));
        assert_eq!(name("#f6"), Some("ttl"));
        assert_eq!(value(":c0"), Some(Value::N("2".into())));
        assert_eq!(value(":c1"), Some(Value::N("-0.001".into())));
        assert_eq!(value(":te"), Some(Value::N("3".into())));
        assert_eq!(value(":f2"), Some(Value::S("daily".into())));
        assert_eq!(value(":f4"), Some(Value::S("RESOURCE#gpt-4".into())));
        assert_eq!(
            value(":f5"),
            Some(Value::S("USAGE#2024-01-01T00:00:00Z#e1".into()))
        );
        assert_eq!(
            value(":f6"),
            Some(Value::N((1_704_067_200i64 + 90 * 86_400).to_string()))
        );
        assert_eq!(value(":g0"), Some(Value::S(format!("{:0>40}", "5"))));
        assert_eq!(value(":m1"), Some(Value::S(format!("{:0>40}", "9"))));
        // Every placeholder used is defined, and no more.
        assert_eq!(r.names.len(), 7 + 1 + 4);
        assert_eq!(r.values.len(), 7 + 1 + 4 + 2);
    }
}
