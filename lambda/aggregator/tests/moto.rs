//! The handler against DynamoDB (moto server): bucket writes in zae-limiter 0.17.0's
//! layout, the real stream read back through the DynamoDB Streams API, real conditional
//! snapshot updates; and the records the real library wrote (the captured fixture).

mod common;

use common::*;
use serde_json::Value;
use std::collections::BTreeMap;
use zael_aggregator::window::WindowKind;
use zael_aggregator::{handle, Config, DynamoStore, S3Archive};

const RESOURCE: &str = "gpt-4";
const TTL_DAYS: u32 = 30;
/// The aggregator's clock (`ZAEL_TEST_NOW_MS`): 2026-03-01T12:00:00Z.
const NOW_MS: i64 = 1_772_366_400_000;

/// 2024-02-29T22:00:00Z (a leap day) and 2024-12-31T23:00:00Z (the last hour of a year).
const LEAP_22H: i64 = 1_709_244_000_000;
const NYE_23H: i64 = 1_735_686_000_000;
const MIN: i64 = 60_000;

fn config(table: &str) -> Config {
    Config {
        table_name: table.into(),
        windows: vec![WindowKind::Hourly, WindowKind::Daily],
        ttl_days: TTL_DAYS,
        audit_archive_bucket: None,
        test_now_ms: Some(NOW_MS),
    }
}

/// One write of the library's: entity, debits (limit, millitokens), event time.
type Write<'a> = (&'a str, &'a [(&'a str, i64)], i64);

/// Creates the table `source`, writes limiter traffic into it and returns its stream
/// records (JSON).
async fn traffic(e: &Env) -> Vec<Value> {
    let (ddb, t) = (&e.ddb, "source");
    create_table(ddb, t).await;
    // (entity, debits, event time): an entity's first write is the acquire that creates its
    // bucket, the others consume (or refund) on the fast path.
    let writes: [Write; 8] = [
        // 0: e1's first acquire: 1.5 tpm and 1 rpm (counted: 1 and 1).
        ("e1", &[("tpm", 1_500), ("rpm", 1_000)], LEAP_22H),
        // 1: 22:59:59.9, +2.25 tpm: the cumulative 3.75 crosses two whole tokens.
        ("e1", &[("tpm", 2_250)], LEAP_22H + 59 * MIN + 59_900),
        // 2: 23:00:00.1, +0.001 tpm: crosses none (an event, 0 tokens).
        ("e1", &[("tpm", 1)], LEAP_22H + 60 * MIN + 100),
        // 3: 23:05, +1 rpm.
        ("e1", &[("rpm", 1_000)], LEAP_22H + 65 * MIN),
        // 4: 23:10, 0.5 tpm refunded: 3.751 -> 3.251, still 3 whole tokens.
        ("e1", &[("tpm", -500)], LEAP_22H + 70 * MIN),
        // 5: only the wcu budget moves: skipped.
        ("e1", &[], LEAP_22H + 71 * MIN),
        // 6, 7: e2, in the last hour of a year.
        ("e2", &[("rpm", 1_000)], NYE_23H + 30 * MIN),
        ("e2", &[("rpm", 3_000)], NYE_23H + 59 * MIN + 59_999),
    ];
    let mut created = Vec::new();
    for (entity, debits, at) in writes {
        let bucket = Bucket {
            ddb,
            table: t,
            entity,
            resource: RESOURCE,
        };
        if created.contains(&entity) {
            bucket.consume(debits, at).await;
        } else {
            created.push(entity);
            bucket.create(debits, at).await;
        }
    }
    // 8: not a bucket.
    ddb.put_item()
        .table_name(t)
        .item("PK", s(&format!("{NS}/ENTITY#e2")))
        .item("SK", s("#META"))
        .send()
        .await
        .unwrap();
    read_stream(&e.ddb, &e.streams, t).await
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

async fn deliver_with(e: &Env, cfg: &Config, records: &[Value]) -> Vec<String> {
    let store = DynamoStore::new(e.ddb.clone(), &cfg.table_name);
    let ev = event(records);
    let resp = handle(&store, None::<&S3Archive>, cfg, &ev.records, "test")
        .await
        .expect("handler result");
    failures(&resp)
}

async fn deliver(e: &Env, table: &str, records: &[Value]) -> Vec<String> {
    deliver_with(e, &config(table), records).await
}

fn key(entity: &str, window_key: &str) -> (String, String) {
    (
        format!("{NS}/ENTITY#{entity}"),
        format!("#USAGE#{RESOURCE}#{window_key}"),
    )
}

#[tokio::test]
async fn stream_records_become_library_snapshots_and_replays_change_nothing() {
    let e = env().await;
    let records = traffic(&e).await;
    assert_eq!(records.len(), 9, "one stream record per write");

    // Snapshots go to their own table here so the source stream stays as written; the
    // bootstrap test runs the deployed shape (one table, its own stream).
    create_table(&e.ddb, "snapshots").await;
    assert!(deliver(&e, "snapshots", &records).await.is_empty());
    let once = usage_items(&e.ddb, "snapshots").await;

    type Expected<'a> = (&'a str, &'a str, &'a str, &'a [(&'a str, i64)], &'a str);
    let expected: [Expected; 5] = [
        (
            "e1",
            "2024-02-29T00:00:00Z",
            "daily",
            &[("rpm", 2), ("tpm", 3)],
            "6",
        ),
        (
            "e1",
            "2024-02-29T22:00:00Z",
            "hourly",
            &[("rpm", 1), ("tpm", 3)],
            "3",
        ),
        (
            "e1",
            "2024-02-29T23:00:00Z",
            "hourly",
            &[("rpm", 1), ("tpm", 0)],
            "3",
        ),
        ("e2", "2024-12-31T00:00:00Z", "daily", &[("rpm", 4)], "2"),
        ("e2", "2024-12-31T23:00:00Z", "hourly", &[("rpm", 4)], "2"),
    ];
    assert_eq!(once.len(), expected.len(), "{:#?}", once.keys());
    for (entity, wk, window, counters, events) in expected {
        let item = &once[&key(entity, wk)];
        assert_eq!(text(item, "entity_id"), entity);
        assert_eq!(text(item, "resource"), RESOURCE);
        assert_eq!(text(item, "window"), window);
        assert_eq!(text(item, "window_start"), wk);
        assert_eq!(text(item, "GSI2PK"), format!("{NS}/RESOURCE#{RESOURCE}"));
        assert_eq!(text(item, "GSI2SK"), format!("USAGE#{wk}#{entity}"));
        assert_eq!(text(item, "GSI4PK"), NS);
        assert_eq!(text(item, "GSI4SK"), format!("{NS}/ENTITY#{entity}"));
        assert_eq!(num(item, "total_events"), events, "{entity} {wk}");
        assert_eq!(
            num(item, "ttl"),
            (NOW_MS / 1000 + i64::from(TTL_DAYS) * 86_400).to_string()
        );
        // What the library's reader sees: exactly the limits, as integers.
        let want: BTreeMap<String, i64> = counters
            .iter()
            .map(|(l, v)| ((*l).to_owned(), *v))
            .collect();
        assert_eq!(library_counters(item), want, "{entity} {wk}");
        for (limit, _) in counters {
            assert_eq!(text(item, &format!("seq#{limit}#0")).len(), 40);
        }
    }

    // GSI2 serves "all usage of a resource in a window range"; GSI4 the namespace.
    let q = e
        .ddb
        .query()
        .table_name("snapshots")
        .index_name("GSI2")
        .key_condition_expression("GSI2PK = :p AND begins_with(GSI2SK, :w)")
        .expression_attribute_values(":p", s(&format!("{NS}/RESOURCE#{RESOURCE}")))
        .expression_attribute_values(":w", s("USAGE#2024-12-31T"))
        .send()
        .await
        .unwrap();
    assert_eq!(q.count, 2);
    let q = e
        .ddb
        .query()
        .table_name("snapshots")
        .index_name("GSI4")
        .key_condition_expression("GSI4PK = :p")
        .expression_attribute_values(":p", s(NS))
        .send()
        .await
        .unwrap();
    assert_eq!(q.count, 5);

    // At-least-once: the same batch again, twice, leaves every snapshot unchanged, even
    // on a later clock (ttl is set once).
    let later = Config {
        test_now_ms: Some(NOW_MS + 86_400_000),
        ..config("snapshots")
    };
    for _ in 0..2 {
        assert!(deliver_with(&e, &later, &records).await.is_empty());
        assert_eq!(usage_items(&e.ddb, "snapshots").await, once);
    }
    // Bisected / overlapping redeliveries too.
    assert!(deliver(&e, "snapshots", &records[3..7]).await.is_empty());
    assert!(deliver(&e, "snapshots", &records[5..]).await.is_empty());
    assert_eq!(usage_items(&e.ddb, "snapshots").await, once);
}

/// A real failure on one snapshot (a mark this aggregator did not write: the condition
/// fails, the read-back refuses to write over it) fails exactly that item's records:
/// the response names its earliest record, the other items are applied, and delivering
/// the suffix from the reported record (as Lambda does) ends exactly where one clean
/// delivery ends. Overlapping redeliveries (bisect) change nothing more.
#[tokio::test]
async fn partial_failure_then_suffix_replay_equals_one_delivery() {
    let e = env().await;
    let records = traffic(&e).await;

    create_table(&e.ddb, "reference").await;
    assert!(deliver(&e, "reference", &records).await.is_empty());
    let reference = usage_items(&e.ddb, "reference").await;

    create_table(&e.ddb, "snapshots").await;
    // e1's hourly 23:00 snapshot already exists with a foreign mark.
    let (pk, poisoned_sk) = key("e1", "2024-02-29T23:00:00Z");
    e.ddb
        .put_item()
        .table_name("snapshots")
        .item("PK", s(&pk))
        .item("SK", s(&poisoned_sk))
        .item("seq#tpm#0", s("not-a-sequence-number"))
        .send()
        .await
        .unwrap();
    let failed = deliver(&e, "snapshots", &records).await;
    // The 23:00 item holds records 2, 3 and 4: record 2 is the earliest not applied.
    assert_eq!(failed, [seq(&records[2])]);
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
        .key("PK", s(&pk))
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
/// first record that carries consumption: the INSERT that created e1's bucket.
#[tokio::test]
async fn missing_table_fails_from_the_first_consumption_record() {
    let e = env().await;
    let records = traffic(&e).await;
    let failed = deliver(&e, "no-such-table", &records).await;
    assert_eq!(failed, [seq(&records[0])]);
}

/// The records zae-limiter 0.17.0 itself wrote (20 acquires of two limits, adjusts, a
/// rollback, limits at every level, cascade, a shard doubling, quotas, a soft overdraw),
/// delivered in Lambda's default batches of 100: every limit's counters over the
/// snapshots add up to exactly what the library was asked to consume, in whole tokens
/// the library's reader parses, once per window kind; a replay changes nothing.
#[tokio::test]
async fn the_library_s_own_records_add_up_to_what_it_consumed() {
    let e = env().await;
    let fixture = library_fixture();
    let ns = fixture["namespace_id"].as_str().unwrap();
    let records = fixture["Records"].as_array().unwrap();
    create_table(&e.ddb, "ZAEL-limiter").await;
    for batch in records.chunks(100) {
        assert!(deliver(&e, "ZAEL-limiter", batch).await.is_empty());
    }
    let items = usage_items(&e.ddb, "ZAEL-limiter").await;
    let (totals, overdrawn) = library_totals(&items, ns);
    assert_eq!(totals, expected_totals(&fixture, &["hourly", "daily"]));
    // The soft limit went into debt on its 2nd and 3rd debit (the 1st left 40 of 100).
    assert_eq!(
        overdrawn,
        BTreeMap::from([
            ("user-5|tpm|daily".to_owned(), 2),
            ("user-5|tpm|hourly".to_owned(), 2)
        ])
    );
    // user-1's 20 acquires, 2 adjusted acquires and a rollback: 22 rpm events counted
    // once each, 20 + 2 + 2 (adjusts) tpm events, and the rollback's debit and refund
    // (2 events each for rpm and tpm) in the item of rf's hour, 09:00.
    let user1 = &items[&(
        format!("{ns}/ENTITY#user-1"),
        "#USAGE#gpt-4#2026-03-01T09:00:00Z".to_owned(),
    )];
    assert_eq!(
        library_counters(user1),
        BTreeMap::from([("rpm".into(), 22), ("tpm".into(), 4380)])
    );
    assert_eq!(num(user1, "total_events"), (22 + 2 + 24 + 2).to_string());

    for batch in records.chunks(37) {
        assert!(deliver(&e, "ZAEL-limiter", batch).await.is_empty());
    }
    assert_eq!(usage_items(&e.ddb, "ZAEL-limiter").await, items);
}

/// The sharding writes on DynamoDB's own condition evaluation: a doubling of shard 0
/// (4 -> 8) raises shards 1..3 where they are lower, leaves a shard already raised
/// further alone, creates no missing shard; a hot shard 0 (wcu budget below 20%) is
/// doubled once, and a replay changes nothing.
#[tokio::test]
async fn shard_count_doublings_propagate_and_hot_buckets_double_on_dynamodb() {
    use zael_aggregator::workload::{bucket_event, Bucket};
    let e = env().await;
    create_table(&e.ddb, "t").await;
    let put = |entity: &str, shard: u32, count: u32| {
        e.ddb
            .put_item()
            .table_name("t")
            .item("PK", s(&format!("{NS}/BUCKET#{entity}#{RESOURCE}#{shard}")))
            .item("SK", s("#STATE"))
            .item("shard_count", n(count))
            .send()
    };
    for (shard, count) in [(0, 8), (1, 4), (2, 16), (3, 4)] {
        put("e1", shard, count).await.unwrap();
    }
    put("e1", 7, 2).await.unwrap(); // a hot bucket's shard 0 below: other entity, see `hot`

    // A MODIFY of shard 0 of `entity`'s bucket that consumes nothing and moves its
    // shard_count from `old` (None: the attribute absent, one shard) to `new`.
    let number = |v: &str| serde_dynamo::AttributeValue::N(v.into());
    let doubling = |seq, entity, old: Option<&str>, new: &str| {
        let shard0 = Bucket {
            namespace: NS,
            entity,
            resource: RESOURCE,
            shard: 0,
        };
        let mut r = bucket_event(
            "MODIFY",
            seq,
            shard0,
            Some(&[("rpm", 0)]),
            &[("rpm", 0)],
            NOW_MS,
        );
        if let Some(old) = old {
            r.change.old_image.insert("shard_count".into(), number(old));
        }
        r.change.new_image.insert("shard_count".into(), number(new));
        r
    };
    let bump = doubling(10, "e1", Some("4"), "8");
    put("hot", 0, 2).await.unwrap();
    let mut hot = doubling(11, "hot", None, "2");
    hot.change
        .new_image
        .insert("b_wcu_tk".into(), number("100000"));
    let records: Vec<Value> = [bump, hot]
        .iter()
        .map(|r| serde_json::to_value(r).unwrap())
        .collect();

    let counts = || async {
        let mut out = BTreeMap::new();
        let scan = e.ddb.scan().table_name("t").send().await.unwrap();
        for item in scan.items.unwrap_or_default() {
            out.insert(text(&item, "PK"), num(&item, "shard_count"));
        }
        out
    };
    for _ in 0..2 {
        assert!(deliver(&e, "t", &records).await.is_empty());
        let pk = |e: &str, shard: u32| format!("{NS}/BUCKET#{e}#{RESOURCE}#{shard}");
        let want: BTreeMap<String, String> = [
            (pk("e1", 0), "8"),
            (pk("e1", 1), "8"),
            (pk("e1", 2), "16"),
            (pk("e1", 3), "8"),
            // Clones of shard 0 (path 2); shard 7 already existed and is left alone.
            (pk("e1", 4), "8"),
            (pk("e1", 5), "8"),
            (pk("e1", 6), "8"),
            (pk("e1", 7), "2"),
            (pk("hot", 0), "4"),
            // The hot record itself carries a 1 -> 2 doubling: shard 1 is cloned.
            (pk("hot", 1), "2"),
        ]
        .into_iter()
        .map(|(k, v)| (k, v.to_owned()))
        .collect();
        assert_eq!(counts().await, want);
    }
}
