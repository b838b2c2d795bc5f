//! The handler against DynamoDB (moto server): real bucket writes, the real stream read
//! back through the DynamoDB Streams API, real conditional snapshot updates.

mod common;

use common::*;
use serde_json::Value;
use zael_aggregator::window::WindowKind;
use zael_aggregator::{handle, Config, DynamoStore, S3Archive};

const RESOURCE: &str = "gpt-4";
const TTL_DAYS: u32 = 30;

/// 2024-02-29T22:00:00Z (a leap day) and 2024-12-31T23:00:00Z (the last hour of a year).
const LEAP_22H: i64 = 1_709_244_000_000;
const NYE_23H: i64 = 1_735_686_000_000;
const MIN: i64 = 60_000;

struct Env {
    _moto: MotoServer,
    ddb: aws_sdk_dynamodb::Client,
    streams: aws_sdk_dynamodbstreams::Client,
}

async fn env() -> Env {
    let moto = MotoServer::start();
    let sdk = sdk_config(&moto.endpoint).await;
    Env {
        ddb: aws_sdk_dynamodb::Client::new(&sdk),
        streams: aws_sdk_dynamodbstreams::Client::new(&sdk),
        _moto: moto,
    }
}

fn config(table: &str) -> Config {
    Config {
        table_name: table.into(),
        windows: vec![WindowKind::Hourly, WindowKind::Daily],
        ttl_days: TTL_DAYS,
        audit_archive_bucket: None,
    }
}

/// Writes limiter traffic into `source` and returns its stream records (JSON).
async fn traffic(e: &Env, source: &str) -> Vec<Value> {
    let (ddb, t) = (&e.ddb, source);
    // e1/tpm: a legacy bucket without the counter; its first consume has no old counter.
    put_bucket(ddb, t, "e1", RESOURCE, "tpm", None, LEAP_22H).await; // INSERT: skipped
    consume(ddb, t, "e1", RESOURCE, "tpm", 1_500, LEAP_22H + MIN).await; // no old counter: skipped
    consume(
        ddb,
        t,
        "e1",
        RESOURCE,
        "tpm",
        2_250,
        LEAP_22H + 59 * MIN + 59_900,
    )
    .await; // 22:59:59.9 -> +2.25
    consume(ddb, t, "e1", RESOURCE, "tpm", 1, LEAP_22H + 60 * MIN + 100).await; // 23:00:00.1 -> +0.001
    put_bucket(ddb, t, "e1", RESOURCE, "rpm", Some(0), LEAP_22H).await; // INSERT: skipped
    consume(ddb, t, "e1", RESOURCE, "rpm", 1_000, LEAP_22H + 10 * MIN).await; // 22:10 -> +1
    consume(ddb, t, "e1", RESOURCE, "tpm", -500, LEAP_22H + 70 * MIN).await; // 23:10, returned -> -0.5
    consume(ddb, t, "e1", RESOURCE, "tpm", 0, LEAP_22H + 71 * MIN).await; // zero delta: skipped
    put_bucket(ddb, t, "e2", RESOURCE, "rpm", Some(0), NYE_23H).await; // INSERT: skipped
    consume(ddb, t, "e2", RESOURCE, "rpm", 1_000, NYE_23H + 30 * MIN).await; // +1
    consume(
        ddb,
        t,
        "e2",
        RESOURCE,
        "rpm",
        3_000,
        NYE_23H + 59 * MIN + 59_999,
    )
    .await; // 23:59:59.999 -> +3
    ddb.put_item()
        .table_name(t)
        .item("PK", s("ENTITY#e2"))
        .item("SK", s("#META"))
        .send()
        .await
        .unwrap(); // not a bucket
    read_stream(&e.ddb, &e.streams, source).await
}

fn seq(record: &Value) -> String {
    record["dynamodb"]["SequenceNumber"]
        .as_str()
        .unwrap()
        .to_owned()
}

fn failures(resp: &aws_lambda_events::streams::DynamoDbEventResponse) -> Vec<String> {
    resp.batch_item_failures
        .iter()
        .map(|f| f.item_identifier.clone().unwrap())
        .collect()
}

async fn deliver(e: &Env, table: &str, records: &[Value]) -> Vec<String> {
    let store = DynamoStore::new(e.ddb.clone(), table);
    let ev = event(records);
    let resp = handle(
        &store,
        None::<&S3Archive>,
        &config(table),
        &ev.records,
        "test",
    )
    .await
    .expect("handler result");
    failures(&resp)
}

#[tokio::test]
async fn stream_records_become_exact_snapshots_and_replays_change_nothing() {
    let e = env().await;
    create_table(&e.ddb, "source").await;
    let records = traffic(&e, "source").await;
    assert_eq!(records.len(), 12, "one stream record per write");

    // Snapshots go to their own table here so the source stream stays as written; the
    // bootstrap test runs the deployed shape (one table, its own stream).
    create_table(&e.ddb, "snapshots").await;
    assert!(deliver(&e, "snapshots", &records).await.is_empty());
    let once = usage_items(&e.ddb, "snapshots").await;

    type Expected<'a> = (&'a str, &'a str, &'a str, &'a [(&'a str, i128)], &'a str);
    let expected: [Expected; 5] = [
        (
            "e1",
            "2024-02-29T00:00:00Z",
            "daily",
            &[("tpm", 1_751), ("rpm", 1_000)],
            "4",
        ),
        (
            "e1",
            "2024-02-29T22:00:00Z",
            "hourly",
            &[("tpm", 2_250), ("rpm", 1_000)],
            "2",
        ),
        (
            "e1",
            "2024-02-29T23:00:00Z",
            "hourly",
            &[("tpm", -499)],
            "2",
        ),
        (
            "e2",
            "2024-12-31T00:00:00Z",
            "daily",
            &[("rpm", 4_000)],
            "2",
        ),
        (
            "e2",
            "2024-12-31T23:00:00Z",
            "hourly",
            &[("rpm", 4_000)],
            "2",
        ),
    ];
    assert_eq!(once.len(), expected.len(), "{:#?}", once.keys());
    for (entity, key, window, counters, events) in expected {
        let item = &once[&(
            format!("ENTITY#{entity}"),
            format!("#USAGE#{RESOURCE}#{key}"),
        )];
        assert_eq!(text(item, "entity_id"), entity);
        assert_eq!(text(item, "resource"), RESOURCE);
        assert_eq!(text(item, "window"), window);
        assert_eq!(text(item, "window_start"), key);
        assert_eq!(text(item, "GSI2PK"), format!("RESOURCE#{RESOURCE}"));
        assert_eq!(text(item, "GSI2SK"), format!("USAGE#{key}#{entity}"));
        assert_eq!(num(item, "total_events"), events);
        for (limit, milli) in counters {
            assert_eq!(self::milli(item, limit), *milli, "{entity} {key} {limit}");
            assert_eq!(text(item, &format!("seq#{limit}")).len(), 40);
        }
        let start = WindowKind::parse(window)
            .unwrap()
            .start_ms(item_start_ms(key));
        assert_eq!(
            num(item, "ttl"),
            (start / 1000 + i64::from(TTL_DAYS) * 86_400).to_string()
        );
    }
    // Exact decimals, stored as such (no float noise, no truncation to whole tokens).
    let leap_daily = &once[&(
        "ENTITY#e1".into(),
        format!("#USAGE#{RESOURCE}#2024-02-29T00:00:00Z"),
    )];
    assert_eq!(num(leap_daily, "tpm"), "1.751");

    // GSI2 serves "all usage of a resource in a window range".
    let q = e
        .ddb
        .query()
        .table_name("snapshots")
        .index_name("GSI2")
        .key_condition_expression("GSI2PK = :p AND begins_with(GSI2SK, :w)")
        .expression_attribute_values(":p", s(&format!("RESOURCE#{RESOURCE}")))
        .expression_attribute_values(":w", s("USAGE#2024-12-31T"))
        .send()
        .await
        .unwrap();
    assert_eq!(q.count, 2);

    // At-least-once: the same batch again, twice, leaves every snapshot unchanged.
    for _ in 0..2 {
        assert!(deliver(&e, "snapshots", &records).await.is_empty());
        assert_eq!(usage_items(&e.ddb, "snapshots").await, once);
    }
    // Bisected / overlapping redeliveries too.
    assert!(deliver(&e, "snapshots", &records[3..9]).await.is_empty());
    assert!(deliver(&e, "snapshots", &records[7..]).await.is_empty());
    assert_eq!(usage_items(&e.ddb, "snapshots").await, once);
}

fn item_start_ms(key: &str) -> i64 {
    // Parse the few keys used above: YYYY-MM-DDTHH:00:00Z.
    let (y, m, d, h) = (&key[0..4], &key[5..7], &key[8..10], &key[11..13]);
    let days = zael_aggregator::calendar::days_from_civil(
        y.parse().unwrap(),
        m.parse().unwrap(),
        d.parse().unwrap(),
    );
    days * 86_400_000 + h.parse::<i64>().unwrap() * 3_600_000
}

/// A real failure on one snapshot (a mark this aggregator did not write: the condition
/// fails, the read-back refuses to write over it) fails exactly that item's records:
/// the response names its earliest record, the other items are applied, and delivering
/// the suffix from the reported record (as Lambda does) ends exactly where one clean
/// delivery ends. Overlapping redeliveries (bisect) change nothing more.
#[tokio::test]
async fn partial_failure_then_suffix_replay_equals_one_delivery() {
    let e = env().await;
    create_table(&e.ddb, "source").await;
    let records = traffic(&e, "source").await;

    create_table(&e.ddb, "reference").await;
    assert!(deliver(&e, "reference", &records).await.is_empty());
    let reference = usage_items(&e.ddb, "reference").await;

    create_table(&e.ddb, "snapshots").await;
    // e1's hourly 23:00 snapshot already exists with a foreign mark.
    let poisoned_sk = format!("#USAGE#{RESOURCE}#2024-02-29T23:00:00Z");
    e.ddb
        .put_item()
        .table_name("snapshots")
        .item("PK", s("ENTITY#e1"))
        .item("SK", s(&poisoned_sk))
        .item("seq#tpm", s("not-a-sequence-number"))
        .send()
        .await
        .unwrap();
    let failed = deliver(&e, "snapshots", &records).await;
    // The 23:00 item holds records 3 (+0.001 at 23:00:00.1) and 6 (-0.5): record 3 is the
    // earliest record not applied.
    assert_eq!(failed, [seq(&records[3])]);
    let partial = usage_items(&e.ddb, "snapshots").await;
    assert_eq!(
        partial.len(),
        reference.len(),
        "every other item was written"
    );
    for (k, v) in &reference {
        if k.1 != poisoned_sk {
            assert_eq!(&partial[k], v, "{k:?}");
        }
    }

    // The operator fixes the item; Lambda retries from the reported record on.
    e.ddb
        .delete_item()
        .table_name("snapshots")
        .key("PK", s("ENTITY#e1"))
        .key("SK", s(&poisoned_sk))
        .send()
        .await
        .unwrap();
    let from = records.iter().position(|r| seq(r) == failed[0]).unwrap();
    assert!(deliver(&e, "snapshots", &records[from..]).await.is_empty());
    assert_eq!(usage_items(&e.ddb, "snapshots").await, reference);

    // A bisected retry that overlaps differently, and a full redelivery: no change.
    assert!(deliver(&e, "snapshots", &records[..from + 2])
        .await
        .is_empty());
    assert!(deliver(&e, "snapshots", &records).await.is_empty());
    assert_eq!(usage_items(&e.ddb, "snapshots").await, reference);
}

/// Writing to a table that does not exist fails every item; the response points at the
/// first record that carries consumption (skipped records before it need no retry), and
/// nothing is reported as done.
#[tokio::test]
async fn missing_table_fails_from_the_first_consumption_record() {
    let e = env().await;
    create_table(&e.ddb, "source").await;
    let records = traffic(&e, "source").await;
    let failed = deliver(&e, "no-such-table", &records).await;
    // Records 0 (INSERT) and 1 (no old counter) need nothing; record 2 is the first delta.
    assert_eq!(failed, [seq(&records[2])]);
}
