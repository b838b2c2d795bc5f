//! Audit archival against moto server: real DynamoDB items, their real REMOVE stream
//! records, the handler's real `PutObject`s to moto's S3, read back and gunzipped.
//!
//! How the REMOVE records are made: moto does not run TTL, so the audit items are
//! deleted with `DeleteItem`, which makes moto's stream emit genuine REMOVE records (real
//! `Keys`, `OldImage`, `SequenceNumber`, `ApproximateCreationDateTime`). The only field a
//! TTL deletion has on top is `userIdentity = {"type": "Service", "principalId":
//! "dynamodb.amazonaws.com"}`, which the test adds to the records that stand for TTL
//! expiries, exactly as DynamoDB would have set it. One deleted audit item keeps no
//! `userIdentity`: a user's delete, which must not be archived.

mod common;

use common::*;
use flate2::read::GzDecoder;
use serde_json::{json, Value};
use std::io::Read;
use zael_aggregator::calendar::DateTime;
use zael_aggregator::window::WindowKind;
use zael_aggregator::{handle, Config, DynamoStore, S3Archive};

const BUCKET: &str = "zael-audit-archive";
const T0: i64 = 1_719_791_880_000; // 2024-06-30T23:58:00Z

fn config(table: &str) -> Config {
    Config {
        table_name: table.into(),
        windows: vec![WindowKind::Hourly],
        ttl_days: 30,
        audit_archive_bucket: Some(BUCKET.into()),
        test_now_ms: Some(T0),
    }
}

async fn put_audit(e: &Env, table: &str, entity: &str, event: &str) {
    e.ddb
        .put_item()
        .table_name(table)
        .item("PK", s(&format!("{NS}/AUDIT#{entity}")))
        .item("SK", s(&format!("#AUDIT#{event}")))
        .item("entity_id", s(entity))
        .item("event_id", s(event))
        .item("action", s("limit_set"))
        .item("amount", n("12.345"))
        .item("ttl", n(1_719_791_880))
        .item(
            "details",
            aws_sdk_dynamodb::types::AttributeValue::M(
                [
                    ("limit".to_owned(), s("rpm")),
                    ("capacity".to_owned(), n(100)),
                ]
                .into(),
            ),
        )
        .send()
        .await
        .expect("put audit item");
}

async fn delete(e: &Env, table: &str, pk: &str, sk: &str) {
    e.ddb
        .delete_item()
        .table_name(table)
        .key("PK", s(pk))
        .key("SK", s(sk))
        .send()
        .await
        .expect("delete item");
}

/// The table `source` with bucket traffic and audit items, then the audit items' removal.
/// Returns the stream records with the TTL `userIdentity` on the removals of ev-1 and ev-3.
async fn traffic(e: &Env) -> Vec<Value> {
    let t = "source";
    create_table(&e.ddb, t).await;
    let bucket = Bucket {
        ddb: &e.ddb,
        table: t,
        entity: "acme",
        resource: "gpt-4",
    };
    bucket.create(&[("rpm", 0)], T0).await; // 0 INSERT
    for ev in ["ev-1", "ev-2", "ev-3"] {
        put_audit(e, t, "acme", ev).await; // 1..=3 INSERT
    }
    bucket.consume(&[("rpm", 1_000)], T0 + 1_000).await; // 4 MODIFY
    let pk = format!("{NS}/AUDIT#acme");
    delete(e, t, &pk, "#AUDIT#ev-1").await; // 5 REMOVE (TTL)
    delete(e, t, &pk, "#AUDIT#ev-2").await; // 6 REMOVE (a user's delete)
    bucket.consume(&[("rpm", 2_000)], T0 + 2_000).await; // 7 MODIFY
    delete(e, t, &pk, "#AUDIT#ev-3").await; // 8 REMOVE (TTL)
    let mut records = read_stream(&e.ddb, &e.streams, t).await;
    assert_eq!(records.len(), 9);
    for i in [5, 8] {
        assert_eq!(records[i]["eventName"], "REMOVE");
        records[i]["userIdentity"] =
            json!({"type": "Service", "principalId": "dynamodb.amazonaws.com"});
    }
    records
}

fn seq(record: &Value) -> String {
    record["dynamodb"]["SequenceNumber"]
        .as_str()
        .unwrap()
        .to_owned()
}

async fn deliver(e: &Env, table: &str, bucket: &str, records: &[Value]) -> Vec<String> {
    let store = DynamoStore::new(e.ddb.clone(), table);
    let archive = S3Archive::new(e.s3.clone(), bucket);
    let ev = event(records);
    let resp = handle(&store, Some(&archive), &config(table), &ev.records, "test")
        .await
        .expect("handler result");
    resp.batch_item_failures
        .iter()
        .map(|f| f.item_identifier.clone().unwrap())
        .collect()
}

async fn create_s3_bucket(e: &Env) {
    e.s3.create_bucket()
        .bucket(BUCKET)
        .send()
        .await
        .expect("create bucket");
}

/// Every object in the bucket: key -> bytes.
async fn objects(e: &Env) -> Vec<(String, Vec<u8>)> {
    let list =
        e.s3.list_objects_v2()
            .bucket(BUCKET)
            .send()
            .await
            .expect("list objects");
    let mut out = Vec::new();
    for o in list.contents.unwrap_or_default() {
        let key = o.key.unwrap();
        let got =
            e.s3.get_object()
                .bucket(BUCKET)
                .key(&key)
                .send()
                .await
                .expect("get object");
        let bytes = got.body.collect().await.unwrap().into_bytes().to_vec();
        out.push((key, bytes));
    }
    out
}

fn gunzip_lines(bytes: &[u8]) -> Vec<Value> {
    let mut text = String::new();
    GzDecoder::new(bytes).read_to_string(&mut text).unwrap();
    assert!(text.ends_with('\n'));
    text.lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// The key the archive must use for the removal records `recs` (one day).
fn expected_key(recs: &[&Value]) -> String {
    let secs = recs[0]["dynamodb"]["ApproximateCreationDateTime"]
        .as_f64()
        .expect("moto sets ApproximateCreationDateTime");
    let d = DateTime::from_epoch_ms((secs * 1000.0) as i64);
    let pad = |r: &Value| format!("{:0>40}", seq(r));
    format!(
        "audit/year={:04}/month={:02}/day={:02}/{}-{}.jsonl.gz",
        d.year,
        d.month,
        d.day,
        pad(recs[0]),
        pad(recs[recs.len() - 1])
    )
}

#[tokio::test]
async fn ttl_removals_are_archived_to_s3_and_a_replay_rewrites_the_same_object() {
    let e = env().await;
    let records = traffic(&e).await;
    create_table(&e.ddb, "snapshots").await;
    create_s3_bucket(&e).await;

    assert!(deliver(&e, "snapshots", BUCKET, &records).await.is_empty());
    let snapshots = usage_items(&e.ddb, "snapshots").await;
    let hourly = &snapshots[&(
        format!("{NS}/ENTITY#acme"),
        "#USAGE#gpt-4#2024-06-30T23:00:00Z".into(),
    )];
    assert_eq!(num(hourly, "rpm"), "3");

    let once = objects(&e).await;
    assert_eq!(
        once.len(),
        1,
        "{:?}",
        once.iter().map(|o| &o.0).collect::<Vec<_>>()
    );
    let (key, body) = &once[0];
    assert_eq!(key, &expected_key(&[&records[5], &records[8]]));
    let lines = gunzip_lines(body);
    assert_eq!(lines.len(), 2, "ev-2 was a user's delete: not archived");
    for (line, (ev, rec)) in lines
        .iter()
        .zip([("ev-1", &records[5]), ("ev-3", &records[8])])
    {
        assert_eq!(line["event_id"], ev);
        assert_eq!(line["entity_id"], "acme");
        assert_eq!(line["namespace_id"], NS);
        assert_eq!(line["sequence_number"], seq(rec));
        let at = rec["dynamodb"]["ApproximateCreationDateTime"]
            .as_f64()
            .unwrap();
        let expected = DateTime::from_epoch_ms(at as i64 * 1000).to_iso_seconds();
        assert_eq!(line["removed_at"], expected);
        assert_eq!(
            line["item"],
            json!({"PK": format!("{NS}/AUDIT#acme"), "SK": format!("#AUDIT#{ev}"), "entity_id": "acme",
                   "event_id": ev, "action": "limit_set", "amount": 12.345, "ttl": 1_719_791_880,
                   "details": {"limit": "rpm", "capacity": 100}})
        );
    }
    let head =
        e.s3.head_object()
            .bucket(BUCKET)
            .key(key)
            .send()
            .await
            .unwrap();
    assert_eq!(head.content_type.as_deref(), Some("application/gzip"));

    // At-least-once: the same batch again leaves exactly one object with the same bytes,
    // and the snapshots as they were.
    assert!(deliver(&e, "snapshots", BUCKET, &records).await.is_empty());
    assert_eq!(objects(&e).await, once);
    assert_eq!(usage_items(&e.ddb, "snapshots").await, snapshots);
}

/// PutObject into a bucket that does not exist: the response names the first expired
/// audit item (not the snapshot records, which are applied), nothing is reported done;
/// once the bucket exists, Lambda's retry from that record archives everything and
/// changes no snapshot.
#[tokio::test]
async fn a_missing_bucket_fails_from_the_first_removal_and_loses_nothing() {
    let e = env().await;
    let records = traffic(&e).await;

    create_table(&e.ddb, "reference").await;
    let store = DynamoStore::new(e.ddb.clone(), "reference");
    let ev = event(&records);
    let mut cfg = config("reference");
    cfg.audit_archive_bucket = None;
    handle(&store, None::<&S3Archive>, &cfg, &ev.records, "ref")
        .await
        .unwrap();
    let reference = usage_items(&e.ddb, "reference").await;

    create_table(&e.ddb, "snapshots").await;
    let failed = deliver(&e, "snapshots", BUCKET, &records).await;
    assert_eq!(failed, [seq(&records[5])]);
    // Every snapshot, including record 7's after the failed removal, is applied.
    assert_eq!(usage_items(&e.ddb, "snapshots").await, reference);

    create_s3_bucket(&e).await;
    assert!(deliver(&e, "snapshots", BUCKET, &records[5..])
        .await
        .is_empty());
    let objs = objects(&e).await;
    assert_eq!(objs.len(), 1);
    let events: Vec<Value> = gunzip_lines(&objs[0].1)
        .into_iter()
        .map(|l| l["event_id"].clone())
        .collect();
    assert_eq!(events, [json!("ev-1"), json!("ev-3")]);
    assert_eq!(
        usage_items(&e.ddb, "snapshots").await,
        reference,
        "no double count"
    );
}
