//! The aggregator's bucket writes on DynamoDB's own condition evaluation (moto server).
//!
//! Refill: each edge of the reference's `try_refill_bucket` (drip, clamp after a
//! doubling, `wcu` credit, reset edge with `gc` stamp and `vu` re-stamp, duration window
//! roll) is written when the bucket is as its stream image says, and refused, leaving the
//! item untouched, when the bucket moved on since (`rf`, `vu`, a credit to `tk`, a new
//! window `ws`, a doubled `shard_count`), because a refill under a weaker condition
//! over-admits. A parameter schedule sets the drip and ceiling, and a `vu` re-stamp is
//! refused when the schedule was rewritten since the image.
//!
//! Propagation of a quota bucket's doubling: the existing shard's grant size frozen as it
//! is raised, new shards funded by a move off the donor covering their slot, all or
//! nothing per clone, and nothing at all when the owner moved since the image.

mod common;

use common::*;
use serde_json::{json, Value};
use std::collections::BTreeMap;
use zael_aggregator::window::WindowKind;
use zael_aggregator::{handle, Config, DynamoStore, S3Archive};

const TABLE: &str = "t";
/// The aggregator's clock: 2026-03-01T10:13:00Z.
const NOW: i64 = 1_772_359_980_000;
const DAY: i64 = 86_400_000;

/// moto with the table `TABLE`.
async fn env() -> Env {
    let e = common::env().await;
    create_table(&e.ddb, TABLE).await;
    e
}

type Image = BTreeMap<String, Value>;

fn num(v: i64) -> Value {
    json!({ "N": v.to_string() })
}

fn text(v: &str) -> Value {
    json!({ "S": v })
}

/// A bucket shard's item: its key, `rf`, `shard_count`, the full `wcu` budget, and
/// `fields` (numbers as `i64`, strings as `&str`, via [`Field`]).
fn bucket(entity: &str, shard: u32, rf: i64, count: i64, fields: &[(&str, Field)]) -> Image {
    let mut image: Image = [
        ("PK", text(&format!("{NS}/BUCKET#{entity}#gpt-4#{shard}"))),
        ("SK", text("#STATE")),
        ("entity_id", text(entity)),
        ("resource", text("gpt-4")),
        ("rf", num(rf)),
        ("shard_count", num(count)),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect();
    set(
        &mut image,
        "wcu",
        Limit([1_000_000, 1_000_000, 1_000, 1_000_000, 0]),
    );
    for &(k, v) in fields {
        set(&mut image, k, v);
    }
    image
}

#[derive(Clone, Copy)]
enum Field {
    N(i64),
    S(&'static str),
    /// A limit's counters, keyed by its name: `[cp, ra, rp, tk, tc]` (capacity, refill
    /// amount, refill period, tokens, consumption).
    Limit([i64; 5]),
}
use Field::{Limit, N, S};

fn set(image: &mut Image, key: &str, field: Field) {
    let value = match field {
        N(x) => num(x),
        S(x) => text(x),
        Limit(counters) => {
            for (counter, v) in ["cp", "ra", "rp", "tk", "tc"].into_iter().zip(counters) {
                image.insert(format!("b_{key}_{counter}"), num(v));
            }
            return;
        }
    };
    image.insert(key.to_owned(), value);
}

fn attribute(v: &Value) -> aws_sdk_dynamodb::types::AttributeValue {
    match (v.get("N"), v.get("S")) {
        (Some(x), _) => n(x.as_str().unwrap()),
        (_, Some(x)) => s(x.as_str().unwrap()),
        _ => panic!("{v}"),
    }
}

async fn put(e: &Env, image: &Image) {
    let mut call = e.ddb.put_item().table_name(TABLE);
    for (k, v) in image {
        call = call.item(k, attribute(v));
    }
    call.send().await.unwrap();
}

async fn get(e: &Env, image: &Image) -> Image {
    let item = e
        .ddb
        .get_item()
        .table_name(TABLE)
        .key("PK", attribute(&image["PK"]))
        .key("SK", s("#STATE"))
        .consistent_read(true)
        .send()
        .await
        .unwrap()
        .item
        .unwrap();
    item.into_iter()
        .map(|(k, v)| {
            let v = match v {
                aws_sdk_dynamodb::types::AttributeValue::N(x) => json!({ "N": x }),
                aws_sdk_dynamodb::types::AttributeValue::S(x) => json!({ "S": x }),
                other => panic!("{other:?}"),
            };
            (k, v)
        })
        .collect()
}

/// The `MODIFY` that left `image`: `consumed` (limit, millitokens) less in the old image.
fn modify(seq: u64, image: &Image, consumed: &[(&str, i64)]) -> Value {
    let mut old = image.clone();
    for (limit, milli) in consumed {
        let attr = format!("b_{limit}_tc");
        let tc: i64 = image[&attr]["N"].as_str().unwrap().parse().unwrap();
        old.insert(attr, num(tc - milli));
    }
    json!({
        "eventID": seq.to_string(),
        "eventName": "MODIFY",
        "eventSource": "aws:dynamodb",
        "eventVersion": "1.1",
        "awsRegion": REGION,
        "dynamodb": {
            "Keys": {"PK": image["PK"], "SK": image["SK"]},
            "NewImage": image,
            "OldImage": old,
            "SequenceNumber": format!("{seq:021}"),
            "SizeBytes": 100,
            "StreamViewType": "NEW_AND_OLD_IMAGES",
        },
    })
}

async fn deliver(e: &Env, records: &[Value]) {
    let config = Config {
        table_name: TABLE.into(),
        windows: vec![WindowKind::Hourly],
        ttl_days: 90,
        audit_archive_bucket: None,
        test_now_ms: Some(NOW),
    };
    let store = DynamoStore::new(e.ddb.clone(), TABLE);
    let ev = event(records);
    let resp = handle(&store, None::<&S3Archive>, &config, &ev.records, "test")
        .await
        .unwrap();
    assert!(resp.batch_item_failures.is_empty());
}

fn with(image: &Image, changes: &[(&str, Field)]) -> Image {
    let mut out = image.clone();
    for &(k, v) in changes {
        set(&mut out, k, v);
    }
    out
}

/// Runs one refill case: the item as the image says gets exactly `written`; for each
/// `moved` change (the bucket moved on after the image), the item keeps that state.
async fn case(
    image: Image,
    consumed: &[(&str, i64)],
    written: &[(&str, Field)],
    moved: &[(&str, Field)],
) {
    let e = env().await;
    put(&e, &image).await;
    let record = modify(1, &image, consumed);
    deliver(&e, std::slice::from_ref(&record)).await;
    assert_eq!(
        get(&e, &image).await,
        with(&image, written),
        "the refill as the image says"
    );
    // A replay of the same record is a lost race: nothing changes.
    deliver(&e, std::slice::from_ref(&record)).await;
    assert_eq!(get(&e, &image).await, with(&image, written), "a replay");
    for change in moved {
        let current = with(&image, &[*change]);
        put(&e, &current).await;
        deliver(&e, std::slice::from_ref(&record)).await;
        assert_eq!(get(&e, &image).await, current, "refused after {}", change.0);
    }
}

/// An exhausted per-minute limit whose projection does not cover the batch's use is
/// topped up by the drip since `rf` (6 s of 10 tokens/min: 1 token), `rf` moves to now.
/// Refused when `rf` moved, when `vu` was stamped by a fan-out, and when a refund raised
/// `tk` above the image (the raise would stack on it).
#[tokio::test]
async fn a_short_bucket_is_topped_up_by_its_drip_unless_it_moved_on() {
    let rpm = [("rpm", Limit([10_000, 10_000, 60_000, 0, 10_000]))];
    case(
        bucket("u1", 0, NOW - 6_000, 1, &rpm),
        &[("rpm", 10_000)],
        &[("b_rpm_tk", N(1_000)), ("rf", N(NOW))],
        &[("rf", N(NOW - 1)), ("vu", N(0)), ("b_rpm_tk", N(2_000))],
    )
    .await;
}

/// After a doubling (`shard_count` 2) a full shard holds twice its share: it is trimmed
/// to `cp / 2` even though nothing is short, and the write credits `wcu`'s drip since
/// `rf` (it moves `rf`, so the budget would forfeit it). The trim is not pinned on `tk`
/// (a debit since only lowers it); the credit is.
#[tokio::test]
async fn a_doubled_shard_is_clamped_to_its_share_and_credits_its_write_budget() {
    let image = bucket(
        "u3",
        0,
        NOW - 2_000,
        2,
        &[
            (
                "rpm",
                Limit([10_000_000, 10_000_000, 60_000, 9_996_000, 4_000]),
            ),
            ("b_wcu_tk", N(997_000)),
        ],
    );
    case(
        image,
        &[("rpm", 1_000)],
        &[
            ("b_rpm_tk", N(5_000_000)),
            ("b_wcu_tk", N(1_000_000)),
            ("rf", N(NOW)),
        ],
        &[("rf", N(NOW - 5)), ("b_wcu_tk", N(999_000))],
    )
    .await;
}

/// A daily quota (`rsched` `0 0 * * *`) whose `rf` is before today's midnight is reset to
/// its share at the item's count, `gc` stamped with that count, its top-up (`tu`)
/// removed, and the expired `vu` re-stamped to the next midnight. Refused when a doubling
/// raised `shard_count` since the image (the grant would cover a slot granted again).
#[tokio::test]
async fn a_quota_past_its_reset_edge_is_reset_and_re_granted_unless_it_was_doubled() {
    let midnight = NOW - NOW % DAY;
    let image = bucket(
        "u4",
        0,
        midnight - 3_600_000,
        1,
        &[
            ("rsched", S("1m0h0")),
            ("sched_tz", S("UTC")),
            ("vu", N(midnight)),
            ("daily", Limit([1_000_000, 0, 1_000, 100_000, 900_000])),
            ("b_daily_gc", N(1)),
            ("b_daily_tu", N(50_000)),
        ],
    );
    let mut written = image.clone();
    for (k, v) in [
        ("b_daily_tk", num(1_000_000)),
        ("rf", num(NOW)),
        ("vu", num(midnight + DAY)),
    ] {
        written.insert(k.into(), v);
    }
    written.remove("b_daily_tu");
    let e = env().await;
    put(&e, &image).await;
    let record = modify(1, &image, &[("daily", 40_000)]);
    deliver(&e, std::slice::from_ref(&record)).await;
    assert_eq!(get(&e, &image).await, written);

    let doubled = with(&image, &[("shard_count", N(2))]);
    put(&e, &doubled).await;
    deliver(&e, &[record]).await;
    assert_eq!(get(&e, &image).await, doubled, "refused after a doubling");
}

/// A session quota (`rsa` 5 h) whose window `ws` was opened by the client on another
/// shard and not yet applied here (`wa` older) is rolled: the balance becomes the share
/// less what this shard spent since the window's fan-out (`tc - wtc` = 10 tokens), `wa`
/// records the window, `rf` moves to now. Refused when the next window was fanned out
/// since (`ws` moved): restoring the old one would hand out two allowances.
#[tokio::test]
async fn a_new_duration_window_is_rolled_in_unless_another_replaced_it() {
    let ws = NOW - 60_000;
    let image = bucket(
        "u6",
        0,
        NOW - 120_000,
        1,
        &[
            ("b_session_rsa", N(18_000)),
            ("b_session_rsched", S("-")),
            ("b_session_ws", N(ws)),
            ("b_session_wa", N(ws - 18_000_000)),
            ("session", Limit([300_000, 0, 1_000, 20_000, 290_000])),
            ("b_session_wtc", N(280_000)),
            ("b_session_gc", N(1)),
        ],
    );
    case(
        image,
        &[("session", 10_000)],
        &[
            ("b_session_tk", N(290_000)),
            ("b_session_wa", N(ws)),
            ("rf", N(NOW)),
        ],
        &[("b_session_ws", N(ws + 1))],
    )
    .await;
}

/// A bucket with a parameter schedule (half, in the 11:00 hour in Paris, which 10:13Z is)
/// drips at half its rate toward half its ceiling: 60 s of 5 tokens/min is 5 tokens, the
/// scheduled ceiling. Its expired `vu` is re-stamped at the schedule's next change (12:00
/// in Paris, 11:00Z). Refused when the fan-out rewrote `sched` since the image (the
/// re-stamp would open the fast path on the old schedule) and when `rf` moved.
#[tokio::test]
async fn a_scheduled_bucket_drips_toward_its_scheduled_ceiling_unless_its_schedule_moved() {
    let image = bucket(
        "u7",
        0,
        NOW - 60_000,
        1,
        &[
            ("sched", S("1h11s500")),
            ("sched_tz", S("Europe/Paris")),
            ("vu", N(NOW - 1)),
            ("rpm", Limit([10_000, 10_000, 60_000, 0, 10_000])),
        ],
    );
    let eleven = NOW - NOW % 3_600_000 + 3_600_000;
    case(
        image,
        &[("rpm", 10_000)],
        &[("b_rpm_tk", N(5_000)), ("rf", N(NOW)), ("vu", N(eleven))],
        &[("sched", S("1h11s250")), ("rf", N(NOW - 1))],
    )
    .await;
}

/// A bucket whose stored schedule will not decode (an entry with no modifier) is never
/// written, however short it is: the library's slow path refills it.
#[tokio::test]
async fn a_bucket_whose_schedule_will_not_decode_is_left_to_the_library() {
    let image = bucket(
        "u8",
        0,
        NOW - 60_000,
        1,
        &[
            ("sched", S("1h9")),
            ("rpm", Limit([10_000, 10_000, 60_000, 0, 10_000])),
        ],
    );
    case(image, &[("rpm", 10_000)], &[], &[]).await;
}

async fn put_json(e: &Env, fields: &[(&str, Value)]) {
    let mut call = e.ddb.put_item().table_name(TABLE);
    for (k, v) in fields {
        call = call.item(*k, attribute(v));
    }
    call.send().await.unwrap();
}

/// The table's bucket shards of `entity`: shard -> (attribute -> value), for `attrs`.
async fn shards(e: &Env, entity: &str, attrs: &[&str]) -> BTreeMap<String, Vec<String>> {
    let mut out = BTreeMap::new();
    for shard in 0..4 {
        let pk = format!("{NS}/BUCKET#{entity}#gpt-4#{shard}");
        let item = e
            .ddb
            .get_item()
            .table_name(TABLE)
            .key("PK", s(&pk))
            .key("SK", s("#STATE"))
            .consistent_read(true)
            .send()
            .await
            .unwrap()
            .item;
        if let Some(item) = item {
            let values = attrs
                .iter()
                .map(|a| item.get(*a).map_or("-".to_owned(), |v| format!("{v:?}")))
                .collect();
            out.insert(shard.to_string(), values);
        }
    }
    out
}

/// A daily quota doubled 2 -> 4 on shard 0 (1,000 tokens; shard 0 holds 400 at `gc` 2,
/// shard 1, written before grant counts, 300). Shard 1 is raised to 4 with its grant size
/// frozen at 2; shards 2 and 3 are created holding a quarter (250) each, moved off shard 0
/// and shard 1 (their slots' donors), so the quota's total stays 1,000. A replay moves
/// nothing twice. When the owner moved since the image (its META's `pgen` changed), no
/// clone is made and no donor is debited.
#[tokio::test]
async fn a_quota_doubling_moves_quota_to_the_new_shards_and_freezes_grants() {
    let quota = |shard: u32, count: i64, tk: i64, gc: Option<i64>| {
        let mut fields = vec![
            ("rsched", S("1m0h0")),
            ("pgen", N(7)),
            ("pinc", S("x")),
            ("daily", Limit([1_000_000, 0, 1_000, tk, 600_000])),
        ];
        if let Some(gc) = gc {
            fields.push(("b_daily_gc", N(gc)));
        }
        bucket("q", shard, NOW - 1_000, count, &fields)
    };
    let shard0 = quota(0, 4, 400_000, Some(2));
    let mut record = modify(1, &shard0, &[]);
    record["dynamodb"]["OldImage"]["shard_count"] = num(2);
    let attrs = ["shard_count", "b_daily_tk", "b_daily_gc", "b_daily_tc"];
    let n = |v: &str| format!("N({v:?})");
    for owner_moved in [false, true] {
        let e = env().await;
        put(&e, &shard0).await;
        put(&e, &quota(1, 2, 300_000, None)).await;
        let pgen = if owner_moved { 8 } else { 7 };
        put_json(
            &e,
            &[
                ("PK", text(&format!("{NS}/ENTITY#q"))),
                ("SK", text("#META")),
                ("pgen", num(pgen)),
                ("pinc", text("x")),
            ],
        )
        .await;
        for _ in 0..2 {
            deliver(&e, std::slice::from_ref(&record)).await;
            let got = shards(&e, "q", &attrs).await;
            let row =
                |count: &str, tk: &str, gc: &str, tc: &str| vec![n(count), n(tk), n(gc), n(tc)];
            let mut want = BTreeMap::from([
                ("0".to_owned(), row("4", "150000", "2", "600000")),
                ("1".to_owned(), row("4", "50000", "2", "600000")),
                ("2".to_owned(), row("4", "250000", "4", "0")),
                ("3".to_owned(), row("4", "250000", "4", "0")),
            ]);
            if owner_moved {
                want.remove("2");
                want.remove("3");
                want.insert("0".into(), row("4", "400000", "2", "600000"));
                want.insert("1".into(), row("4", "300000", "2", "600000"));
            }
            assert_eq!(got, want, "owner moved: {owner_moved}");
        }
    }
}
