//! zael's shard-count propagation against the library's own, on random doublings of
//! scheduled buckets.
//!
//! `tests/e2e/propagate_property.py` draws doublings (1 -> 2, 2 -> 4) of bucket shard 0
//! in zae-limiter 0.17.0's shape (quotas and dripping limits; parameter and reset
//! schedules on the item and per limit, `-` included; four time zones; grant counts,
//! top-ups; legacy quotas only a sibling carries; now and then a schedule that will not
//! decode) with the existing shards, and
//! records what the library's `propagate_shard_count` writes against a table serving
//! them. zael propagates the same record, reading the same shards, and must make the
//! same path 1 updates and the same clone transactions: every attribute of each clone
//! (its starting balances are the scheduled shares), each donor debit, the owner check.

use serde_dynamo::AttributeValue;
mod common;

use common::{seeded_cases, ReferenceCase};
use serde_json::Value as Json;
use std::collections::{BTreeMap, HashMap};
use zael_aggregator::expr::{UpdateRequest, Value};
use zael_aggregator::propagate::propagate;
use zael_aggregator::recording_store::RecordingBucketStore;
use zael_aggregator::store::TransactItem;

type Image = HashMap<String, AttributeValue>;

const SEEDS: [u64; 2] = [7, 20_261_101];
const PER_SEED: usize = 300;

fn value_text(v: &Value) -> Json {
    let (Value::N(s) | Value::S(s)) = v;
    Json::String(s.clone())
}

fn pairs<T>(items: &[(String, T)], f: impl Fn(&T) -> Json) -> Json {
    Json::Object(items.iter().map(|(k, v)| (k.clone(), f(v))).collect())
}

fn update_json(r: &UpdateRequest) -> Json {
    serde_json::json!({
        "pk": r.pk, "update": r.update_expression, "condition": r.condition_expression,
        "names": pairs(&r.names, |s| Json::String(s.clone())),
        "values": pairs(&r.values, value_text),
    })
}

fn item_json(item: &Image) -> Json {
    let sorted: BTreeMap<&String, Json> = item
        .iter()
        .map(|(k, v)| {
            let text = match v {
                AttributeValue::N(s) | AttributeValue::S(s) => s.clone(),
                other => panic!("{k}: {other:?}"),
            };
            (k, Json::String(text))
        })
        .collect();
    serde_json::to_value(sorted).unwrap()
}

fn transaction_json(items: &[TransactItem]) -> Json {
    Json::Array(
        items
            .iter()
            .map(|t| match t {
                TransactItem::Put { item, .. } => serde_json::json!({ "put": item_json(item) }),
                TransactItem::Update(r) => update_json(r),
                TransactItem::Check(c) => serde_json::json!({ "check": c.condition }),
            })
            .collect(),
    )
}

#[tokio::test]
async fn zael_propagates_random_scheduled_doublings_exactly_as_the_reference_does() {
    let (mut clones, mut updates) = (0, 0);
    for ReferenceCase {
        what,
        now,
        record,
        case,
    } in seeded_cases("propagate_property.py", &SEEDS, PER_SEED)
    {
        let store = RecordingBucketStore::default();
        for item in case["items"].as_object().unwrap().values() {
            let item: Image = serde_json::from_value(item.clone()).unwrap();
            let AttributeValue::S(pk) = item["PK"].clone() else {
                panic!()
            };
            store.serve(&pk, vec![item]);
        }
        propagate(&store, &record, now, "t").await.unwrap();
        let ours: Vec<Json> = store.updates().iter().map(update_json).collect();
        assert_eq!(Json::Array(ours), case["updates"], "{what}: path 1");
        let ours: Vec<Json> = store
            .transactions()
            .iter()
            .map(|t| transaction_json(t))
            .collect();
        assert_eq!(Json::Array(ours), case["transactions"], "{what}: clones");
        clones += case["transactions"].as_array().unwrap().len();
        updates += case["updates"].as_array().unwrap().len();
    }
    println!("{clones} clone transactions, {updates} path 1 updates");
    assert!(clones > 300 && updates > 100, "{clones} {updates}");
}
