use super::*;
use crate::refill_state::bucket_states;
use aws_lambda_events::dynamodb::EventRecord;
use serde_json::{json, Map, Value as Json};

const NOW: i64 = 1_772_359_980_000;
const DAY: i64 = 86_400_000;
const MIDNIGHT: i64 = NOW - NOW % DAY;
const WS: i64 = NOW - 60_000;

fn image(fields: &[(&str, Json)]) -> Map<String, Json> {
    fields
        .iter()
        .map(|(k, v)| {
            let v = match v {
                Json::String(s) => json!({ "S": s }),
                other => json!({ "N": other.to_string() }),
            };
            ((*k).to_owned(), v)
        })
        .collect()
}

/// [`image`] of shard 0 of entity `u`'s bucket on gpt-4 (its `PK`, `SK` and `entity_id`)
/// with `fields`, and each limit's counters, `(limit, [cp, ra, rp, tk, tc])`: capacity,
/// refill amount, refill period, tokens and consumption.
fn bucket_image(fields: &[(&str, Json)], limits: &[(&str, [i64; 5])]) -> Map<String, Json> {
    let key = [
        ("PK", json!("ns/BUCKET#u#gpt-4#0")),
        ("SK", json!("#STATE")),
        ("entity_id", json!("u")),
    ];
    let mut img = image(&[&key[..], fields].concat());
    for (limit, counters) in limits {
        for (counter, value) in ["cp", "ra", "rp", "tk", "tc"].iter().zip(counters) {
            img.insert(
                format!("b_{limit}_{counter}"),
                json!({ "N": value.to_string() }),
            );
        }
    }
    img
}

/// A `MODIFY` of `new`, the old image holding `consumed` less of each counter.
fn modify(seq: u64, new: &Map<String, Json>, consumed: &[(&str, i64)]) -> EventRecord {
    let mut old = new.clone();
    for (limit, milli) in consumed {
        let attr = format!("b_{limit}_tc");
        let tc: i64 = new[&attr]["N"].as_str().unwrap().parse().unwrap();
        old.insert(attr, json!({ "N": (tc - milli).to_string() }));
    }
    serde_json::from_value(json!({
        "eventID": "e", "eventName": "MODIFY", "eventSource": "aws:dynamodb", "awsRegion": "us-east-1", "eventVersion": "1.1",
        "dynamodb": {"Keys": {"PK": new["PK"], "SK": new["SK"]}, "NewImage": new,
                     "OldImage": old, "SequenceNumber": seq.to_string(), "SizeBytes": 100,
                     "StreamViewType": "NEW_AND_OLD_IMAGES"},
    }))
    .unwrap()
}

/// Every capability at once: a quota past its reset edge (with a top-up), a duration
/// window to roll, a drip limit the projection covers, `wcu` to credit, `vu` expired.
fn everything() -> Map<String, Json> {
    bucket_image(
        &[
            ("rf", json!(MIDNIGHT - 3_600_000)),
            ("shard_count", json!(1)),
            ("rsched", json!("1m0h0")),
            ("sched_tz", json!("UTC")),
            ("vu", json!(MIDNIGHT)),
            ("b_daily_gc", json!(1)),
            ("b_daily_tu", json!(50_000)),
            ("b_rpm_rsched", json!("-")),
            ("b_session_rsa", json!(18_000)),
            ("b_session_rsched", json!("-")),
            ("b_session_ws", json!(WS)),
            ("b_session_wa", json!(WS - 18_000_000)),
            ("b_session_wtc", json!(280_000)),
        ],
        &[
            ("daily", [1_000_000, 0, 1_000, 100_000, 900_000]),
            ("rpm", [10_000, 10_000, 60_000, 0, 10_000]),
            ("session", [300_000, 0, 1_000, 20_000, 290_000]),
            ("wcu", [1_000_000, 1_000_000, 1_000, 997_000, 0]),
        ],
    )
}

fn plan(records: &[EventRecord]) -> Vec<Result<RefillWrite, NoWrite>> {
    let (states, unreadable) = bucket_states(records);
    assert!(unreadable.is_empty(), "{unreadable:?}");
    states.iter().map(|s| plan_refill(s, NOW)).collect()
}

/// The write's expression attribute names and values are exactly `names` and `numbers`
/// (each a number) with `strings` (each a string), compared as maps, in whatever order
/// the write lists them.
#[track_caller]
fn assert_terms(
    w: &RefillWrite,
    names: &[(&str, &str)],
    numbers: &[(&str, i64)],
    strings: &[(&str, &str)],
) {
    let got: BTreeMap<_, _> = w.request.names.iter().cloned().collect();
    let want: BTreeMap<String, String> = names
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
    assert_eq!(got, want);
    let got: BTreeMap<_, _> = w.request.values.iter().cloned().collect();
    let want: BTreeMap<String, Value> = numbers
        .iter()
        .map(|(a, b)| (a.to_string(), Value::N(b.to_string())))
        .chain(
            strings
                .iter()
                .map(|(a, b)| (a.to_string(), Value::S(b.to_string()))),
        )
        .collect();
    assert_eq!(got, want);
}

/// The reference aggregator's own `try_refill_bucket` on the same record and clock
/// (captured from zae-limiter 0.17.0's `processor.py`): the same update, condition,
/// names and values, term for term.
#[test]
fn the_write_is_the_reference_s_term_for_term() {
    let records = [modify(
        1,
        &everything(),
        &[("rpm", 10_000), ("daily", 40_000), ("session", 10_000)],
    )];
    let w = plan(&records).remove(0).unwrap();
    assert_eq!(w.request.pk, "ns/BUCKET#u#gpt-4#0");
    assert_eq!(w.request.sk, "#STATE");
    assert_eq!(
        w.request.update_expression,
        "SET rf = :new_rf, #wa0 = :wa0, #gq0 = :gq0, #gq1 = :gq1, #vu = :new_vu \
         ADD #rt0 :rd0, #wtk0 :wd0, #rt1 :rd1 REMOVE #tq0"
    );
    assert_eq!(
        w.request.condition_expression,
        "rf = :expected_rf AND #vu = :expected_vu AND #wws0 = :ews0 AND #rt0 <= :rk0 AND \
         #wtk0 <= :wk0 AND #rt1 <= :rk1 AND (attribute_not_exists(#gqsc) OR #gqsc <= :gqpin) \
         AND attribute_not_exists(#sched)"
    );
    assert_terms(
        &w,
        &[
            ("#gq0", "b_daily_gc"),
            ("#gq1", "b_session_gc"),
            ("#gqsc", "shard_count"),
            ("#rt0", "b_daily_tk"),
            ("#rt1", "b_wcu_tk"),
            ("#sched", "sched"),
            ("#tq0", "b_daily_tu"),
            ("#vu", "vu"),
            ("#wa0", "b_session_wa"),
            ("#wtk0", "b_session_tk"),
            ("#wws0", "b_session_ws"),
        ],
        &[
            (":ews0", 1_772_359_920_000_i64),
            (":expected_rf", 1_772_319_600_000),
            (":expected_vu", 1_772_323_200_000),
            (":gq0", 1),
            (":gq1", 1),
            (":gqpin", 1),
            (":new_rf", 1_772_359_980_000),
            (":new_vu", 1_772_377_920_000),
            (":rd0", 900_000),
            (":rd1", 3_000),
            (":rk0", 100_000),
            (":rk1", 997_000),
            (":wa0", 1_772_359_920_000),
            (":wd0", 270_000),
            (":wk0", 20_000),
        ],
        &[],
    );
    assert_eq!(w.refilled, ["daily", "wcu"]);
    assert_eq!(w.rolled, ["session"]);
}

use std::collections::BTreeMap;

fn drip(tk: i64, rf: i64) -> Map<String, Json> {
    bucket_image(
        &[("rf", json!(rf))],
        &[("rpm", [10_000, 10_000, 60_000, tk, 50_000])],
    )
}

/// A raise only when the projection from `rf` does not cover the batch's consumption
/// (summed over its records); otherwise nothing is written at all.
#[test]
fn a_raise_waits_until_the_projection_falls_short_of_the_batch_s_use() {
    // 3 s of 10/min = 500 milli; consumption 400 + 400 over two records: short.
    let short = [
        modify(1, &drip(600, NOW - 3_000), &[("rpm", 400)]),
        modify(2, &drip(200, NOW - 3_000), &[("rpm", 400)]),
    ];
    let w = plan(&short).remove(0).unwrap();
    assert_eq!(w.index, 1, "the last record of the shard");
    assert!(w
        .request
        .values
        .contains(&(":rd0".into(), Value::N("500".into()))));
    // One record of 400: the projection (700) covers it.
    let covered = [modify(1, &drip(200, NOW - 3_000), &[("rpm", 400)])];
    assert_eq!(plan(&covered).remove(0), Err(NoWrite::Sufficient));
}

/// A window that ended before this shard applied it is not restored, and nothing else
/// on the item is written either (the client opens the next window).
#[test]
fn a_window_that_already_ended_stops_the_whole_item() {
    let mut img = everything();
    img.insert(
        "b_session_ws".into(),
        json!({"N": (NOW - 18_000_000).to_string()}),
    );
    let records = [modify(1, &img, &[("rpm", 10_000)])];
    assert_eq!(
        plan(&records).remove(0),
        Err(NoWrite::WindowEnded("session".into()))
    );
}

/// A quota above its ceiling that this pass does not reset keeps `vu` shut; a quota
/// within it pins the re-stamp on staying there.
#[test]
fn a_quota_above_its_ceiling_keeps_the_fast_path_shut() {
    let quota = |tk: i64| {
        bucket_image(
            &[
                ("rf", json!(NOW - 6_000)),
                ("rsched", json!("1m0h0")),
                ("vu", json!(NOW - 1)),
                ("b_rpm_rsched", json!("-")),
            ],
            &[
                ("daily", [1_000_000, 0, 1_000, tk, 0]),
                ("rpm", [10_000, 10_000, 60_000, 0, 10_000]),
            ],
        )
    };
    let over = plan(&[modify(1, &quota(1_500_000), &[("rpm", 10_000)])])
        .remove(0)
        .unwrap();
    assert!(!over.request.update_expression.contains("#vu = :new_vu"));
    let within = plan(&[modify(1, &quota(900_000), &[("rpm", 10_000)])])
        .remove(0)
        .unwrap();
    assert!(within.request.update_expression.contains("#vu = :new_vu"));
    assert!(within
        .request
        .condition_expression
        .ends_with("AND #vq0 <= :vq0"));
    assert!(within.request.values.contains(&(
        ":new_vu".into(),
        Value::N(((MIDNIGHT + DAY) as i128).to_string())
    )));
}

/// Stored schedules that will not decode, and a corrupt shard count, leave the bucket to
/// the library (as the reference leaves it), never a guess.
#[test]
fn what_will_not_decode_is_left_to_the_library() {
    for (attr, value) in [
        ("sched", json!("1h9")),
        ("b_rpm_sched", json!("1h9s0")),
        ("rsched", json!("1m0-5/0")),
        ("b_rpm_rsched", json!("1h9s500")),
        ("sched_tz", json!("Nowhere/Atlantis")),
        ("shard_count", json!(0)),
    ] {
        let mut img = drip(0, NOW - 6_000);
        if attr == "sched_tz" {
            img.insert("rsched".into(), json!({"S": "1m0h0"}));
        }
        let value = match value {
            Json::String(s) => json!({ "S": s }),
            other => json!({ "N": other.to_string() }),
        };
        img.insert(attr.into(), value);
        let got = plan(&[modify(1, &img, &[("rpm", 10_000)])]).remove(0);
        assert!(
            matches!(got, Err(NoWrite::Unsupported(_))),
            "{attr}: {got:?}"
        );
    }
}

/// A bucket with parameter schedules in Paris: the item's (a quarter at 11:00 local, so
/// `rpm` drips at a quarter of its rate toward a quarter of its ceiling), a limit's own
/// (`tpm`: 10 tokens per 30 s in the first half of each hour), a limit that declares none
/// (`daily`), and `wcu`, never scheduled. The reference's write on the same record
/// (`tests/fixtures/schedule/capture_refill.py`), term for term: `vu` re-stamped at
/// `tpm`'s change (10:30Z) and pinned on the item's `sched` as read.
#[test]
fn a_scheduled_bucket_gets_the_reference_s_write() {
    let img = bucket_image(
        &[
            ("rf", json!(NOW - 6_000)),
            ("shard_count", json!(2)),
            ("sched", json!("1h9-17w1-5s500;h11s250")),
            ("sched_tz", json!("Europe/Paris")),
            ("rsched", json!("1m0h0")),
            ("vu", json!(NOW - 1)),
            ("b_rpm_rsched", json!("-")),
            ("b_tpm_sched", json!("1m0-29a10p30")),
            ("b_tpm_rsched", json!("-")),
            ("b_daily_sched", json!("-")),
        ],
        &[
            ("rpm", [10_000, 10_000, 60_000, 0, 10_000]),
            ("tpm", [100_000, 100_000, 60_000, 0, 10_000]),
            ("daily", [1_000_000, 0, 1_000, 100, 900_000]),
            ("wcu", [1_000_000, 1_000_000, 1_000, 997_000, 0]),
        ],
    );
    let w = plan(&[modify(1, &img, &[("rpm", 10_000), ("tpm", 5_000)])])
        .remove(0)
        .unwrap();
    assert_eq!(
        w.request.update_expression,
        "SET rf = :new_rf, #vu = :new_vu ADD #rt0 :rd0, #rt1 :rd1, #rt2 :rd2"
    );
    assert_eq!(
        w.request.condition_expression,
        "rf = :expected_rf AND #vu = :expected_vu AND #rt0 <= :rk0 AND #rt1 <= :rk1 AND \
         #rt2 <= :rk2 AND #sched = :expected_sched AND #vq0 <= :vq0"
    );
    assert_terms(
        &w,
        &[
            ("#rt0", "b_rpm_tk"),
            ("#rt1", "b_tpm_tk"),
            ("#rt2", "b_wcu_tk"),
            ("#sched", "sched"),
            ("#vq0", "b_daily_tk"),
            ("#vu", "vu"),
        ],
        &[
            (":expected_rf", 1_772_359_974_000_i64),
            (":expected_vu", 1_772_359_979_999),
            (":new_rf", 1_772_359_980_000),
            (":new_vu", 1_772_361_000_000),
            (":rd0", 125),
            (":rd1", 1_000),
            (":rd2", 3_000),
            (":rk0", 0),
            (":rk1", 0),
            (":rk2", 997_000),
            (":vq0", 500_000),
        ],
        &[(":expected_sched", "1h9-17w1-5s500;h11s250")],
    );
    assert_eq!(w.refilled, ["rpm", "tpm", "wcu"]);
}

/// Only bucket `MODIFY`s with a counter in both images are read; a non-integer number
/// makes the record unreadable (reported), never a panic.
#[test]
fn other_records_are_not_refilled_and_bad_numbers_are_reported() {
    let mut insert = modify(1, &drip(0, NOW - 6_000), &[("rpm", 10_000)]);
    insert.event_name = "INSERT".into();
    assert!(bucket_states(&[insert]).0.is_empty());
    let mut no_old = drip(0, NOW - 6_000);
    no_old.remove("b_rpm_tc");
    no_old.insert("b_rpm_tc".into(), json!({"S": "10000"}));
    assert!(bucket_states(&[modify(1, &no_old, &[])]).0.is_empty());
    let mut bad = drip(0, NOW - 6_000);
    bad.insert("b_rpm_tk".into(), json!({"N": "1.5"}));
    let records = [modify(1, &bad, &[])];
    let (states, unreadable) = bucket_states(&records);
    assert!(states.is_empty());
    assert_eq!(
        unreadable
            .iter()
            .map(|(i, why)| (*i, why.to_string()))
            .collect::<Vec<_>>(),
        [(0, r#"b_rpm_tk = "1.5" is not a 64-bit integer"#.to_owned())]
    );
}
