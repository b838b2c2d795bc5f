//! Handler tests of audit archival on in-memory stores: filtering, ordering against
//! snapshot failures, upload failures, replays, and at-least-once archival under
//! Lambda's retry-from-the-reported-record delivery.

use super::*;
use crate::audit::tests::removal_record;
use crate::delivery::Delivery;
use crate::memory_archive::MemoryArchive;
use crate::memory_store::{Chaos, MemoryStore};
use crate::plan::plan_batch;
use crate::window::WindowKind;
use crate::workload::bucket_modify;
use flate2::read::GzDecoder;
use serde_json::Value;
use std::collections::BTreeSet;
use std::io::Read;

fn config() -> Config {
    Config {
        table_name: "t".into(),
        windows: vec![WindowKind::Hourly],
        ttl_days: 90,
        audit_archive_bucket: Some("audit-bucket".into()),
        test_now_ms: Some(T0_MS),
    }
}

/// 2024-06-30T23:58:00Z: the batch crosses midnight UTC.
const T0_MS: i64 = 1_719_791_880_000;
const T0_S: f64 = 1_719_791_880.0;

/// seq 10..: consumption, TTL removals on both sides of midnight, a user's delete of an
/// audit item, a TTL removal of a snapshot (not audit).
fn batch() -> Vec<EventRecord> {
    vec![
        bucket_modify("gpt-4", "a", "rpm", 0, 1000, T0_MS, 10),
        removal_record("11", "ns1/AUDIT#a", "#AUDIT#ev-1", true, T0_S + 60.0), // 23:59
        removal_record("12", "ns1/AUDIT#a", "#AUDIT#ev-2", false, T0_S + 61.0), // user delete
        bucket_modify("gpt-4", "b", "rpm", 0, 2000, T0_MS + 90_000, 13),
        removal_record("14", "ns1/AUDIT#b", "#AUDIT#ev-3", true, T0_S + 150.0), // 00:00:30
        removal_record(
            "15",
            "ENTITY#a",
            "#USAGE#gpt-4#2024-01-01T00:00:00Z",
            true,
            T0_S + 151.0,
        ),
        bucket_modify("gpt-4", "a", "rpm", 1000, 1500, T0_MS + 200_000, 16),
        removal_record("17", "ns1/AUDIT#a", "#AUDIT#ev-4", true, T0_S + 200.0), // 00:01:20
    ]
}

fn failures(r: &DynamoDbEventResponse) -> Vec<String> {
    r.batch_item_failures
        .iter()
        .map(|f| f.item_identifier.clone().unwrap())
        .collect()
}

fn lines(body: &[u8]) -> Vec<Value> {
    let mut text = String::new();
    GzDecoder::new(body).read_to_string(&mut text).unwrap();
    text.lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// Every archived event id, with how many objects hold it.
fn archived_events(archive: &MemoryArchive) -> Vec<String> {
    let mut out: Vec<String> = archive
        .objects()
        .values()
        .flat_map(|b| lines(b))
        .map(|l| l["event_id"].as_str().unwrap().to_owned())
        .collect();
    out.sort();
    out
}

const DAY30: &str = "audit/year=2024/month=06/day=30/";
const DAY01: &str = "audit/year=2024/month=07/day=01/";

#[tokio::test]
async fn ttl_removals_are_archived_per_day_and_everything_else_is_skipped() {
    let records = batch();
    let (store, archive) = (MemoryStore::default(), MemoryArchive::default());
    let resp = handle(&store, Some(&archive), &config(), &records, "r")
        .await
        .unwrap();
    assert!(failures(&resp).is_empty());
    assert_eq!(store.snapshots().len(), 3, "a 23:00, b 00:00, a 00:00");

    let objects = archive.objects();
    let keys: Vec<&String> = objects.keys().collect();
    let pad = |s: &str| format!("{s:0>40}");
    assert_eq!(
        keys,
        [
            &format!("{DAY30}{}-{}.jsonl.gz", pad("11"), pad("11")),
            &format!("{DAY01}{}-{}.jsonl.gz", pad("14"), pad("17")),
        ]
    );
    let day01 = lines(&objects[keys[1]]);
    assert_eq!(day01.len(), 2);
    assert_eq!(day01[0]["event_id"], "ev-3");
    assert_eq!(day01[0]["entity_id"], "b");
    assert_eq!(day01[0]["removed_at"], "2024-07-01T00:00:30Z");
    assert_eq!(day01[1]["event_id"], "ev-4");
    assert_eq!(day01[1]["sequence_number"], "17");

    let p = plan_batch(&records, &config().windows, true);
    let reasons: Vec<(u32, Skip)> = p.skipped.clone();
    assert_eq!(reasons, [(2, Skip::AuditNotTtl), (5, Skip::NotAChange)]);
    assert_eq!(p.audits.len(), 3);
}

#[tokio::test]
async fn a_replayed_batch_overwrites_the_same_objects_with_the_same_bytes() {
    let records = batch();
    let (store, archive) = (MemoryStore::default(), MemoryArchive::default());
    handle(&store, Some(&archive), &config(), &records, "r")
        .await
        .unwrap();
    let (once, snaps) = (archive.objects(), store.snapshots());
    let resp = handle(&store, Some(&archive), &config(), &records, "replay")
        .await
        .unwrap();
    assert!(failures(&resp).is_empty());
    assert_eq!(archive.objects(), once, "same keys, same bytes");
    assert_eq!(archive.puts(), 4, "two objects, written twice");
    assert_eq!(store.snapshots(), snaps);
}

#[tokio::test]
async fn without_a_bucket_ttl_removals_are_skipped_not_failed() {
    let records = batch();
    let store = MemoryStore::default();
    let resp = handle(&store, None::<&MemoryArchive>, &config(), &records, "r")
        .await
        .unwrap();
    assert!(failures(&resp).is_empty());
    assert_eq!(store.snapshots().len(), 3);
    let p = plan_batch(&records, &config().windows, false);
    let disabled = p
        .skipped
        .iter()
        .filter(|(_, r)| *r == Skip::AuditArchivalDisabled)
        .count();
    assert_eq!(disabled, 3);
    assert!(p.audits.is_empty());
}

/// The batch handled once while S3 fails the objects whose key holds `failing`.
async fn with_failing_uploads(
    failing: &str,
) -> (Vec<EventRecord>, MemoryStore, MemoryArchive, Vec<String>) {
    let records = batch();
    let (store, archive) = (MemoryStore::default(), MemoryArchive::default());
    archive.fail_keys_containing(Some(failing));
    let resp = handle(&store, Some(&archive), &config(), &records, "r")
        .await
        .unwrap();
    (records, store, archive, failures(&resp))
}

#[tokio::test]
async fn a_failed_upload_reports_its_first_record_and_stops_there() {
    let (records, store, archive, failed) = with_failing_uploads("day=30").await;
    // ev-1 (seq 11) is the first record not archived; the day-01 object after it was
    // not attempted. Every snapshot was applied (idempotent on the retry).
    assert_eq!(failed, ["11"]);
    assert_eq!(archive.puts(), 1);
    assert!(archive.objects().is_empty());
    let snaps = store.snapshots();
    assert_eq!(snaps.len(), 3);

    // Lambda retries from seq 11 on; S3 is back.
    archive.fail_keys_containing(None);
    let resp = handle(&store, Some(&archive), &config(), &records[1..], "retry")
        .await
        .unwrap();
    assert!(failures(&resp).is_empty());
    assert_eq!(archived_events(&archive), ["ev-1", "ev-3", "ev-4"]);
    assert_eq!(store.snapshots(), snaps, "no snapshot counted twice");
}

#[tokio::test]
async fn a_later_failed_upload_keeps_the_earlier_object() {
    let (_, _, archive, failed) = with_failing_uploads("day=01").await;
    assert_eq!(failed, ["14"]);
    assert_eq!(archived_events(&archive), ["ev-1"]);
}

#[tokio::test]
async fn removals_after_a_failed_snapshot_wait_for_the_retry() {
    let records = batch();
    let (store, archive) = (
        MemoryStore::with_chaos(Chaos::FailAll),
        MemoryArchive::default(),
    );
    let resp = handle(&store, Some(&archive), &config(), &records, "r")
        .await
        .unwrap();
    // Record 0 (seq 10) is the first snapshot record: nothing after it is acknowledged,
    // so nothing after it is archived yet either.
    assert_eq!(failures(&resp), ["10"]);
    assert!(archive.objects().is_empty());
    assert_eq!(archive.puts(), 0);

    // Only b's snapshot fails: removals before its record (seq 13) are archived.
    let store = MemoryStore::default();
    let b = crate::plan::ItemKey {
        namespace: crate::workload::TEST_NAMESPACE,
        entity_id: "b",
        resource: "gpt-4",
        start_ms: WindowKind::Hourly.start_ms(T0_MS + 90_000),
    };
    store.plant_foreign_mark(&b, "rpm", 0);
    let resp = handle(&store, Some(&archive), &config(), &records, "r")
        .await
        .unwrap();
    assert_eq!(failures(&resp), ["13"]);
    assert_eq!(archived_events(&archive), ["ev-1"]);
}

#[tokio::test]
async fn malformed_removal_stops_the_batch_there() {
    let mut records = batch();
    records[4].change.old_image.clear();
    let (store, archive) = (MemoryStore::default(), MemoryArchive::default());
    let resp = handle(&store, Some(&archive), &config(), &records, "r")
        .await
        .unwrap();
    assert_eq!(failures(&resp), ["14"]);
    assert_eq!(archived_events(&archive), ["ev-1"]);
    assert_eq!(store.snapshots().len(), 2, "records 0 and 3 applied");
}

/// Lambda's delivery, simulated as in the snapshot tests: random batch cuts, redelivery
/// of records already done, resume at the reported record, with uploads and snapshot
/// writes failing at random. Every removal ends up archived at least once, and the
/// snapshots equal one clean delivery.
#[tokio::test]
async fn at_least_once_delivery_archives_every_removal() {
    let mut records = Vec::new();
    let mut expected = BTreeSet::new();
    for i in 0..300u32 {
        let seq = 1000 + u128::from(i);
        let at_s = T0_S + f64::from(i) * 1.5; // crosses midnight at i = 80
        if i % 3 == 0 {
            let ev = format!("ev-{i}");
            records.push(removal_record(
                &seq.to_string(),
                &format!("ns1/AUDIT#e{}", i % 7),
                &format!("#AUDIT#{ev}"),
                true,
                at_s,
            ));
            expected.insert(ev);
        } else {
            let entity = format!("e{}", i % 5);
            let at_ms = (at_s * 1000.0) as i64;
            records.push(bucket_modify("gpt-4", &entity, "rpm", 0, 1000, at_ms, seq));
        }
    }
    let cfg = config();
    let reference = MemoryStore::default();
    handle(
        &reference,
        Some(&MemoryArchive::default()),
        &cfg,
        &records,
        "ref",
    )
    .await
    .unwrap();

    for seed in 1..=8u64 {
        let store = MemoryStore::with_chaos(Chaos::Random { one_in: 5, seed });
        let archive = MemoryArchive::default();
        let mut delivery = Delivery::new(seed, 40, 60);
        while !delivery.done(&records) {
            // S3 has bad moments too.
            let failing = delivery.rng.below(4) == 0;
            archive.fail_keys_containing(failing.then_some(if delivery.rng.below(2) == 0 {
                "day=30"
            } else {
                "day=01"
            }));
            let batch = delivery.next_batch(&records).unwrap();
            let resp = handle(&store, Some(&archive), &cfg, batch, "sim")
                .await
                .unwrap();
            delivery.answered(batch, &resp);
        }
        let partial = delivery.partial;
        assert!(partial > 0, "seed {seed} exercised no failure");
        let archived: BTreeSet<String> = archived_events(&archive).into_iter().collect();
        assert_eq!(archived, expected, "seed {seed}: every removal archived");
        assert_eq!(store.snapshots(), reference.snapshots(), "seed {seed}");
    }
}
