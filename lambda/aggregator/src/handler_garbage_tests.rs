//! Bad input, as a property: stream records of random shapes (random event names, keys,
//! attribute names and types, numbers that are huge, negative, fractional or not numbers,
//! schedules that decode in several time zones and schedules that do not, missing images and
//! sequence numbers) through the whole
//! handler (snapshots, refills, sharding, archival). Never a panic; a record that is no
//! bucket change and no audit expiry is skipped and never counted; a bucket record that
//! cannot be read is reported (Lambda retries it, then sends it to the DLQ) and nothing
//! from it on is counted in that delivery.

use super::*;
use crate::memory_archive::MemoryArchive;
use crate::memory_store::MemoryStore;
use crate::record::{parse, Parsed};
use crate::window::WindowKind;
use crate::workload::Rng;
use serde_json::{json, Map, Value as Json};

/// The workload's seeded xorshift64*: every run draws the same shapes.
impl Rng {
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[(self.next_u64() % items.len() as u64) as usize]
    }
    fn chance(&mut self, one_in: u64) -> bool {
        self.next_u64().is_multiple_of(one_in)
    }
}

const NOW: i64 = 1_772_359_080_000;

fn number(rng: &mut Rng) -> String {
    let n = rng.next_u64();
    match n % 12 {
        0 => "1.5".into(),
        1 => "abc".into(),
        2 => i64::MIN.to_string(),
        3 => i64::MAX.to_string(),
        4 => "99999999999999999999999999999999999999".into(),
        5 => "-0".into(),
        6 => (NOW - (n % 100_000) as i64).to_string(),
        7 => (n % 40).to_string(),
        8 => "1e3".into(),
        _ => ((n % 2_000_000) as i64 - 1_000_000).to_string(),
    }
}

fn text(rng: &mut Rng) -> String {
    let ns = "ns";
    let options = [
        "#STATE".to_owned(),
        "#AUDIT#01J0000000000000000000000".to_owned(),
        "#META".to_owned(),
        format!(
            "{ns}/BUCKET#e{}#gpt-4#{}",
            rng.next_u64() % 3,
            rng.next_u64() % 3
        ),
        format!("{ns}/BUCKET#e#r#x"),
        format!("{ns}/BUCKET##r#0"),
        "BUCKET#e#r#0".to_owned(),
        format!("{ns}/AUDIT#e{}", rng.next_u64() % 3),
        format!("{ns}/ENTITY#e"),
        "1m0h0".to_owned(),
        "1m0-5;w".to_owned(),
        "1h9-17w1-5s500;h0-6c2000".to_owned(),
        "1m*/15".to_owned(),
        "1m0h0D1M1,4,7,10".to_owned(),
        "1mMONs5".to_owned(),
        "-".to_owned(),
        "UTC".to_owned(),
        "Europe/Paris".to_owned(),
        "America/New_York".to_owned(),
        "Mars/Olympus".to_owned(),
        "é#/\u{0}".to_owned(),
        String::new(),
        format!("e{}", rng.next_u64() % 3),
    ];
    rng.pick(&options).clone()
}

fn value(rng: &mut Rng) -> Json {
    match rng.next_u64() % 10 {
        0..=3 => json!({ "N": number(rng) }),
        4..=6 => json!({ "S": text(rng) }),
        7 => json!({ "BOOL": rng.chance(2) }),
        8 => json!({ "NULL": true }),
        _ => json!({ "L": [{ "N": number(rng) }] }),
    }
}

fn attribute_name(rng: &mut Rng) -> String {
    let fixed = [
        "PK",
        "SK",
        "entity_id",
        "rf",
        "shard_count",
        "vu",
        "sched",
        "rsched",
        "sched_tz",
        "ttl",
        "total_events",
        "resource",
    ];
    if rng.chance(3) {
        return (*rng.pick(&fixed)).to_owned();
    }
    let limit = *rng.pick(&["rpm", "wcu", "tpm", "", "x#y", "total_events", "a.b"]);
    let field = *rng.pick(&[
        "tc", "tk", "cp", "ra", "rp", "ws", "rsa", "wa", "wtc", "gc", "tu", "sched", "rsched",
        "soft",
    ]);
    format!("b_{limit}_{field}")
}

fn image(rng: &mut Rng, keys: &Map<String, Json>) -> Map<String, Json> {
    let mut out = keys.clone();
    for _ in 0..(rng.next_u64() % 30) {
        out.insert(attribute_name(rng), value(rng));
    }
    if rng.chance(4) {
        out.remove("PK");
    }
    out
}

fn record(rng: &mut Rng, i: usize) -> Option<EventRecord> {
    let mut keys = Map::new();
    for key in ["PK", "SK"] {
        if !rng.chance(10) {
            let v = if rng.chance(8) {
                value(rng)
            } else {
                json!({ "S": text(rng) })
            };
            keys.insert(key.into(), v);
        }
    }
    if rng.chance(2) {
        // Nearly a bucket: a real key (shard 0 or 1) and entity, everything else random.
        let entity = format!("e{}", rng.next_u64() % 3);
        keys.insert(
            "PK".into(),
            json!({"S": format!("ns/BUCKET#{entity}#gpt-4#{}", rng.next_u64() % 2)}),
        );
        keys.insert("SK".into(), json!({"S": "#STATE"}));
        keys.insert("entity_id".into(), json!({"S": entity}));
    }
    let event_name = *rng.pick(&["INSERT", "MODIFY", "MODIFY", "REMOVE", "", "garbage"]);
    let mut change = json!({
        "Keys": keys.iter().filter(|(k, _)| *k != "entity_id").map(|(k, v)| (k.clone(), v.clone())).collect::<Map<_, _>>(),
        "SizeBytes": 100,
        "StreamViewType": "NEW_AND_OLD_IMAGES",
        "ApproximateCreationDateTime": (NOW / 1000) as f64,
    });
    if !rng.chance(6) {
        change["NewImage"] = Json::Object(image(rng, &keys));
    }
    if !rng.chance(6) {
        change["OldImage"] = Json::Object(image(rng, &keys));
    }
    if !rng.chance(15) {
        change["SequenceNumber"] = json!(if rng.chance(15) {
            "not-a-number".to_owned()
        } else {
            format!("{}", 1_000 + i)
        });
    }
    let mut r = json!({
        "eventID": format!("{i}"), "eventName": event_name, "eventSource": "aws:dynamodb",
        "eventVersion": "1.1", "awsRegion": "us-east-1", "dynamodb": change,
    });
    if rng.chance(2) {
        r["userIdentity"] = json!({"type": "Service", "principalId": "dynamodb.amazonaws.com"});
    }
    serde_json::from_value(r).ok()
}

fn config() -> Config {
    Config {
        table_name: "t".into(),
        windows: vec![WindowKind::Hourly, WindowKind::Daily],
        ttl_days: 90,
        audit_archive_bucket: Some("b".into()),
        test_now_ms: Some(NOW),
    }
}

/// Any batch of any shapes: no panic, and the response is a partial failure at the first
/// malformed record or none (or, when that record has no sequence number, a batch error).
#[tokio::test]
async fn records_of_any_shape_never_panic_the_handler() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for round in 0..1_000 {
        let records: Vec<EventRecord> = (0..1 + rng.next_u64() % 40)
            .filter_map(|i| record(&mut rng, i as usize))
            .collect();
        let (store, archive) = (MemoryStore::default(), MemoryArchive::default());
        let result = handle(&store, Some(&archive), &config(), &records, "garbage").await;
        let poison = crate::plan::plan_batch(&records, &config().windows, true).poison;
        match (result, poison) {
            (Ok(r), None) => assert!(r.batch_item_failures.is_empty(), "round {round}"),
            (Ok(r), Some((i, _))) => assert_eq!(
                r.batch_item_failures[0].item_identifier,
                records[i as usize].change.sequence_number,
                "round {round}"
            ),
            (Err(_), Some((i, _))) => {
                assert!(records[i as usize].change.sequence_number.is_none())
            }
            (Err(e), None) => panic!("round {round}: {e}"),
        }
    }
}

/// A batch of records that are no bucket change (whatever else they are) writes no
/// snapshot and reports nothing: skipped, never counted.
#[tokio::test]
async fn records_that_are_no_bucket_change_are_never_counted() {
    let mut rng = Rng(0xD1B5_4A32_D192_ED03);
    let mut skipped = 0;
    for _ in 0..300 {
        let records: Vec<EventRecord> = (0..1 + rng.next_u64() % 40)
            .filter_map(|i| record(&mut rng, i as usize))
            .filter(|r| matches!(parse(r), Ok(Parsed::Skip(_))))
            .filter(|r| crate::audit::classify(r) != crate::audit::Class::TtlRemoval)
            .collect();
        skipped += records.len();
        let store = MemoryStore::default();
        let response = handle(&store, None::<&MemoryArchive>, &config(), &records, "skip")
            .await
            .unwrap();
        assert!(response.batch_item_failures.is_empty());
        assert!(store.snapshots().is_empty());
        assert_eq!(store.updates(), 0);
    }
    assert!(
        skipped > 1_000,
        "the generator produces skippable shapes: {skipped}"
    );
}
