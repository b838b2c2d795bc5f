//! Rendering a [`SnapshotWrite`] as a DynamoDB `UpdateItem` request (pure strings).
//!
//! ```text
//! SET entity_id, resource*, window, window_start*, GSI2PK, GSI2SK, GSI4PK*, GSI4SK*, ttl*,
//!     #m0 = :m0, ... (one mark per source)
//! ADD total_events :te, {limit} :c0, ..., {limit}#od :o0, ... (one counter per limit)
//! condition: (attribute_not_exists(#m0) OR #m0 < :g0) AND ... (see crate::write)
//! ```
//!
//! The same item shape as the reference aggregator's `update_snapshot` (`*` = set with
//! `if_not_exists`, as it does), so the library reads it back. Two differences: `window`
//! is always SET (to the largest configured window starting at the item's instant, see
//! [`crate::plan`]), and the marks. Counters are whole tokens (`ADD` of an integer):
//! the library's reader does `int()`. Shards of one limit share the limit's counter, so
//! their sums are added up here: an expression may name an attribute only once.
//!
//! Every attribute name goes through a placeholder, so limit names that are DynamoDB
//! reserved words (or contain `.`/`-`) are safe.

use crate::schema;
use crate::write::{Guard, SnapshotWrite};
use std::collections::BTreeMap;

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
    let (ns, entity, resource) = (w.key.namespace, w.key.entity_id, w.key.resource);
    let pk = schema::pk(ns, entity);
    let mut names = Vec::with_capacity(11 + 3 * w.sources.len());
    let mut values = Vec::with_capacity(11 + 4 * w.sources.len());
    // (attribute, value, only if the item has none yet)
    let fixed = [
        (schema::ENTITY_ID, Value::S(entity.to_owned()), false),
        (schema::RESOURCE, Value::S(resource.to_owned()), true),
        (schema::WINDOW, Value::S(w.window.name().to_owned()), false),
        (schema::WINDOW_START, Value::S(window_key.clone()), true),
        (
            schema::GSI2PK,
            Value::S(schema::gsi2_pk(ns, resource)),
            false,
        ),
        (
            schema::GSI2SK,
            Value::S(schema::gsi2_sk(&window_key, entity)),
            false,
        ),
        (schema::GSI4PK, Value::S(ns.to_owned()), true),
        (schema::GSI4SK, Value::S(pk.clone()), true),
        (schema::TTL, Value::N(w.ttl.to_string()), true),
    ];
    let mut set = Vec::with_capacity(fixed.len() + w.sources.len());
    for (i, (name, value, keep)) in fixed.into_iter().enumerate() {
        names.push((format!("#f{i}"), name.to_owned()));
        values.push((format!(":f{i}"), value));
        set.push(if keep {
            format!("#f{i} = if_not_exists(#f{i}, :f{i})")
        } else {
            format!("#f{i} = :f{i}")
        });
    }
    names.push(("#te".to_owned(), schema::TOTAL_EVENTS.to_owned()));
    values.push((":te".to_owned(), Value::N(w.total_events().to_string())));
    let mut add = vec!["#te :te".to_owned()];
    // Per limit: tokens and overdraws of all its shards, in name order.
    let mut per_limit: BTreeMap<&str, (i128, u64)> = BTreeMap::new();
    let mut conditions = Vec::with_capacity(w.sources.len());
    for (i, s) in w.sources.iter().enumerate() {
        let sums = per_limit.entry(s.limit).or_default();
        sums.0 += s.tokens;
        sums.1 += s.overdrawn;
        names.push((format!("#m{i}"), schema::mark_attr(s.limit, s.shard)));
        values.push((format!(":m{i}"), Value::S(s.last.as_str().to_owned())));
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
    for (j, (limit, (tokens, overdrawn))) in per_limit.into_iter().enumerate() {
        names.push((format!("#c{j}"), limit.to_owned()));
        values.push((format!(":c{j}"), Value::N(tokens.to_string())));
        add.push(format!("#c{j} :c{j}"));
        if overdrawn > 0 {
            names.push((format!("#o{j}"), schema::overdrawn_attr(limit)));
            values.push((format!(":o{j}"), Value::N(overdrawn.to_string())));
            add.push(format!("#o{j} :o{j}"));
        }
    }
    UpdateRequest {
        sk: schema::usage_sk(resource, &window_key),
        pk,
        update_expression: format!("SET {} ADD {}", set.join(", "), add.join(", ")),
        condition_expression: conditions.join(" AND "),
        names,
        values,
    }
}

#[cfg(test)]
#[path = "expr_tests.rs"]
mod tests;
