//! Handler tests on the in-memory store: failure reporting and exactly-once results under
//! Lambda's at-least-once delivery.

use super::*;
use crate::delivery::Delivery;
use crate::memory_archive::MemoryArchive;
use crate::memory_store::{Chaos, MemoryStore, Snapshot};
use crate::plan::ItemKey;
use crate::record::{parse, Parsed};
use crate::schema;
use crate::window::WindowKind;
use crate::workload::{bucket_modify, zipf_workload, WorkloadSpec};
use std::collections::BTreeMap;

/// The snapshot-only tests run with archival off.
const NO_ARCHIVE: Option<&MemoryArchive> = None;

fn config(windows: &[WindowKind]) -> Config {
    Config {
        table_name: "t".into(),
        windows: windows.to_vec(),
        ttl_days: 90,
        audit_archive_bucket: None,
        test_now_ms: Some(1_772_359_080_000),
    }
}

fn small_workload(records: usize, seed: u64) -> Vec<EventRecord> {
    zipf_workload(&WorkloadSpec {
        records,
        entities: 8,
        calls_per_second: 2,
        seed,
        ..WorkloadSpec::default()
    })
}

fn failures(r: &DynamoDbEventResponse) -> Vec<String> {
    r.batch_item_failures
        .iter()
        .map(|f| f.item_identifier.clone().unwrap())
        .collect()
}

fn seq(r: &EventRecord) -> String {
    r.change.sequence_number.clone().unwrap()
}

/// Sums computed straight from the records, without the planner: (PK, SK) -> snapshot.
fn oracle(
    records: &[EventRecord],
    windows: &[WindowKind],
) -> BTreeMap<(String, String), (u64, BTreeMap<String, i128>)> {
    let mut out: BTreeMap<(String, String), (u64, BTreeMap<String, i128>)> = BTreeMap::new();
    for r in records {
        let Ok(Parsed::Change(c)) = parse(r) else {
            continue;
        };
        let mut starts: Vec<i64> = windows.iter().map(|k| k.start_ms(c.event_ms)).collect();
        starts.sort();
        starts.dedup();
        for start in starts {
            let key = (
                schema::pk(c.bucket.namespace, c.bucket.entity_id),
                schema::usage_sk(c.bucket.resource, &crate::window::window_key(start)),
            );
            let e = out.entry(key).or_default();
            for d in &c.deltas {
                e.0 += 1;
                *e.1.entry(d.limit.to_owned()).or_default() += i128::from(d.tokens);
            }
        }
    }
    out
}

fn as_oracle(
    snaps: &BTreeMap<(String, String), Snapshot>,
) -> BTreeMap<(String, String), (u64, BTreeMap<String, i128>)> {
    snaps
        .iter()
        .map(|(k, s)| (k.clone(), (s.total_events, s.counters.clone())))
        .collect()
}

async fn one_clean_delivery(records: &[EventRecord], cfg: &Config) -> MemoryStore {
    let store = MemoryStore::default();
    let resp = handle(&store, NO_ARCHIVE, cfg, records, "ref")
        .await
        .unwrap();
    assert!(resp.batch_item_failures.is_empty());
    store
}

#[tokio::test]
async fn clean_batch_matches_independent_sums() {
    let cfg = config(&[WindowKind::Hourly, WindowKind::Daily, WindowKind::Monthly]);
    let records = small_workload(400, 7);
    let store = one_clean_delivery(&records, &cfg).await;
    assert_eq!(
        as_oracle(&store.snapshots()),
        oracle(&records, &cfg.windows)
    );
    // One update per item: coalesced.
    assert_eq!(store.updates(), store.snapshots().len());
}

#[tokio::test]
async fn replaying_a_batch_changes_nothing() {
    let cfg = config(&[WindowKind::Hourly, WindowKind::Daily]);
    let records = small_workload(300, 11);
    let store = one_clean_delivery(&records, &cfg).await;
    let once = store.snapshots();
    for _ in 0..2 {
        let resp = handle(&store, NO_ARCHIVE, &cfg, &records, "replay")
            .await
            .unwrap();
        assert!(resp.batch_item_failures.is_empty());
        assert_eq!(store.snapshots(), once);
    }
    // Any suffix or overlapping slice is a no-op too.
    for (a, b) in [(150, 300), (0, 120), (37, 211)] {
        handle(&store, NO_ARCHIVE, &cfg, &records[a..b], "slice")
            .await
            .unwrap();
        assert_eq!(store.snapshots(), once, "{a}..{b}");
    }
}

#[tokio::test]
async fn write_failure_reports_the_earliest_unapplied_record() {
    let cfg = config(&[WindowKind::Hourly]);
    let mut records = small_workload(20, 3);
    // A leading record that needs no write: the failure must point past it, at the first
    // record of a failed group, not at a record that is trivially applied.
    let mut removal = records[0].clone();
    removal.event_name = "REMOVE".into();
    removal.change.sequence_number = Some("1".into());
    records.insert(0, removal);
    let store = MemoryStore::with_chaos(Chaos::FailAll);
    let resp = handle(&store, NO_ARCHIVE, &cfg, &records, "r")
        .await
        .unwrap();
    assert_eq!(failures(&resp), [seq(&records[1])]);
    assert!(store.snapshots().is_empty());
}

#[tokio::test]
async fn bad_mark_fails_only_its_item_and_reports_its_first_record() {
    let cfg = config(&[WindowKind::Hourly]);
    let t = 1_719_791_880_000; // 2024-06-30T23:58:00Z
    let records = vec![
        bucket_modify("gpt-4", "a", "rpm", 0, 1000, t, 10),
        bucket_modify("gpt-4", "b", "rpm", 0, 1000, t, 11),
        bucket_modify("gpt-4", "a", "rpm", 1000, 3000, t, 12),
        bucket_modify("gpt-4", "b", "rpm", 1000, 2000, t, 13),
    ];
    let store = MemoryStore::default();
    let b = ItemKey {
        namespace: crate::workload::TEST_NAMESPACE,
        entity_id: "b",
        resource: "gpt-4",
        start_ms: WindowKind::Hourly.start_ms(t),
    };
    store.plant_foreign_mark(&b, "rpm", 0);
    let resp = handle(&store, NO_ARCHIVE, &cfg, &records, "r")
        .await
        .unwrap();
    assert_eq!(failures(&resp), ["11"]);
    let snaps = store.snapshots();
    assert_eq!(snaps.len(), 1, "entity a is applied, b is not");
    let a = snaps.values().next().unwrap();
    assert_eq!(a.counters["rpm"], 3);
    assert_eq!(a.total_events, 2);
}

#[tokio::test]
async fn malformed_record_stops_the_batch_there() {
    let cfg = config(&[WindowKind::Hourly]);
    let t = 1_719_791_880_000;
    let mut bad = bucket_modify("gpt-4", "a", "rpm", 0, 1, t, 12);
    bad.change.new_image.insert(
        "b_rpm_tc".into(),
        serde_dynamo::AttributeValue::N("1.5".into()),
    );
    let records = vec![
        bucket_modify("gpt-4", "a", "rpm", 0, 1000, t, 10),
        bucket_modify("gpt-4", "b", "rpm", 0, 1000, t, 11),
        bad,
        bucket_modify("gpt-4", "c", "rpm", 0, 1000, t, 13),
    ];
    let store = MemoryStore::default();
    let resp = handle(&store, NO_ARCHIVE, &cfg, &records, "r")
        .await
        .unwrap();
    assert_eq!(failures(&resp), ["12"]);
    assert_eq!(
        store.snapshots().len(),
        2,
        "a and b applied, c left for the retry"
    );

    let mut no_seq = records.clone();
    no_seq[2].change.sequence_number = None;
    let store = MemoryStore::default();
    assert!(handle(&store, NO_ARCHIVE, &cfg, &no_seq, "r")
        .await
        .is_err());
}

/// Lambda's delivery, simulated: batches of random size, resumed at the reported failure,
/// sometimes redelivering records already processed (at-least-once, bisected batches that
/// overlap differently), against a store that fails randomly, sometimes *after* applying
/// the write (a lost response). The result must equal one clean delivery.
#[tokio::test]
async fn at_least_once_delivery_with_failures_equals_one_delivery() {
    let cfg = config(&[WindowKind::Hourly, WindowKind::Daily]);
    for seed in 1..=12u64 {
        let records = small_workload(600, seed);
        let reference = one_clean_delivery(&records, &cfg).await.snapshots();
        assert_eq!(as_oracle(&reference), oracle(&records, &cfg.windows));

        let store = MemoryStore::with_chaos(Chaos::Random { one_in: 4, seed });
        let mut delivery = Delivery::new(seed, 60, 100);
        while let Some(batch) = delivery.next_batch(&records) {
            let resp = handle(&store, NO_ARCHIVE, &cfg, batch, "sim")
                .await
                .unwrap();
            delivery.answered(batch, &resp);
        }
        let Delivery {
            invocations,
            partial,
            ..
        } = delivery;
        assert!(partial > 0, "seed {seed} exercised no failure");
        assert_eq!(
            store.snapshots(),
            reference,
            "seed {seed}: {invocations} invocations, {partial} partial failures"
        );
    }
}

/// A doubling of shard 0 (4 -> 8) raises the three existing siblings under
/// `shard_count < :new` and clones shards 4..7 under `attribute_not_exists(PK)`, and a
/// store that fails reports the doubling's record for retry.
#[tokio::test]
async fn shard_count_doublings_reach_the_existing_shards() {
    let cfg = config(&[WindowKind::Hourly]);
    let t = 1_719_791_880_000;
    let mut bump = bucket_modify("gpt-4", "a", "rpm", 1000, 1000, t, 20);
    let n = |v: u32| serde_dynamo::AttributeValue::N(v.to_string());
    bump.change.old_image.insert("shard_count".into(), n(4));
    bump.change.new_image.insert("shard_count".into(), n(8));
    let records = vec![bucket_modify("gpt-4", "a", "rpm", 0, 1000, t, 10), bump];
    let pk = |shard: u32| format!("a7x3kq/BUCKET#a#gpt-4#{shard}");
    let store = MemoryStore::default();
    let resp = handle(&store, NO_ARCHIVE, &cfg, &records, "r")
        .await
        .unwrap();
    assert!(resp.batch_item_failures.is_empty());
    // Path 1: shards 1..3, each raised only where lower (DynamoDB evaluates the condition).
    let raised: Vec<(String, String)> = store
        .bucket_updates()
        .into_iter()
        .filter(|u| u.update_expression == "SET shard_count = :new")
        .map(|u| (u.pk, u.condition_expression))
        .collect();
    let want: Vec<(String, String)> = (1..4)
        .map(|shard| (pk(shard), "shard_count < :new".to_owned()))
        .collect();
    assert_eq!(raised, want);
    // Path 2: shards 4..7 cloned from shard 0's image, each `Put` only where absent.
    let clones: Vec<String> = store
        .transactions()
        .iter()
        .map(|t| match &t[0] {
            crate::store::TransactItem::Put { item, condition } => {
                assert_eq!(condition, "attribute_not_exists(PK)");
                crate::record::string(item, "PK").unwrap().to_owned()
            }
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(clones, (4..8).map(pk).collect::<Vec<_>>());

    let failing = MemoryStore::with_chaos(Chaos::FailAll);
    let resp = handle(&failing, NO_ARCHIVE, &cfg, &records[1..], "r")
        .await
        .unwrap();
    assert_eq!(failures(&resp), ["20"]);
}

/// A bucket the batch left short of tokens gets its refill (one conditional write of the
/// bucket, [`crate::refill`]); buckets with tokens to spare get none.
#[tokio::test]
async fn a_short_bucket_is_refilled_once_and_others_are_not() {
    use crate::workload::{bucket_event, Bucket};
    let cfg = config(&[WindowKind::Hourly]);
    let now = cfg.test_now_ms.unwrap();
    let b = |entity| Bucket {
        namespace: "ns",
        entity,
        resource: "gpt-4",
        shard: 0,
    };
    let short = {
        let mut r = bucket_event(
            "MODIFY",
            1,
            b("short"),
            Some(&[("rpm", 0)]),
            &[("rpm", 999_000_000)],
            now - 1_000,
        );
        r.change.new_image.insert(
            "b_rpm_tk".into(),
            serde_dynamo::AttributeValue::N("0".into()),
        );
        r
    };
    let plenty = bucket_event(
        "MODIFY",
        2,
        b("plenty"),
        Some(&[("rpm", 0)]),
        &[("rpm", 1_000)],
        now - 1_000,
    );
    let store = one_clean_delivery(&[short, plenty], &cfg).await;
    let updates = store.bucket_updates();
    assert_eq!(updates.len(), 1, "{updates:?}");
    assert_eq!(updates[0].pk, "ns/BUCKET#short#gpt-4#0");
    assert!(updates[0]
        .condition_expression
        .starts_with("rf = :expected_rf"));
}
