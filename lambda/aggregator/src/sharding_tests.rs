use super::*;
use crate::workload::{bucket_event, Bucket};

const RF: i64 = 1_772_359_080_000;

fn bucket(shard: u32) -> Bucket<'static> {
    Bucket {
        namespace: "ns",
        entity: "e1",
        resource: "gpt-4",
        shard,
    }
}

/// A MODIFY of `shard` with the given shard counts and `wcu` balance (millitokens).
fn modify(shard: u32, old_count: i64, new_count: i64, wcu_tk: i64) -> EventRecord {
    let mut r = bucket_event(
        "MODIFY",
        1,
        bucket(shard),
        Some(&[("rpm", 0)]),
        &[("rpm", 1_000)],
        RF,
    );
    let n = |v: i64| AttributeValue::N(v.to_string());
    r.change
        .old_image
        .insert("shard_count".into(), n(old_count));
    r.change
        .new_image
        .insert("shard_count".into(), n(new_count));
    r.change.new_image.insert("b_wcu_tk".into(), n(wcu_tk));
    r
}

fn set(r: &mut EventRecord, attr: &str, v: AttributeValue) {
    r.change.new_image.insert(attr.into(), v);
}

#[test]
fn the_reference_s_expressions() {
    let w = |kind| ShardWrite {
        kind,
        pk: "p".into(),
        old: 1,
        new: 2,
        index: 0,
    };
    let d = w(ShardWriteKind::Double);
    assert_eq!(
        (d.update_expression(), d.condition_expression()),
        ("SET shard_count = :new", "shard_count = :old")
    );
    let p = w(ShardWriteKind::Propagate);
    assert_eq!(
        (p.update_expression(), p.condition_expression()),
        ("SET shard_count = :new", "shard_count < :new")
    );
}

#[test]
fn a_doubling_of_shard_0_raises_every_existing_sibling() {
    // 4 -> 8 with a full wcu budget: shards 1..3 get 8, nothing is doubled.
    let plan = plan_shard_writes(&[modify(0, 4, 8, 1_000_000)], RF);
    let got: Vec<(&str, ShardWriteKind, u32, u32)> = plan
        .iter()
        .map(|w| (w.pk.as_str(), w.kind, w.old, w.new))
        .collect();
    assert_eq!(
        got,
        [
            ("ns/BUCKET#e1#gpt-4#1", ShardWriteKind::Propagate, 4, 8),
            ("ns/BUCKET#e1#gpt-4#2", ShardWriteKind::Propagate, 4, 8),
            ("ns/BUCKET#e1#gpt-4#3", ShardWriteKind::Propagate, 4, 8),
        ]
    );
    // 1 -> 2: no sibling exists yet (the client creates shard 1 lazily).
    assert!(plan_shard_writes(&[modify(0, 1, 2, 1_000_000)], RF).is_empty());
}

#[test]
fn no_propagation_from_other_shards_down_past_the_cap_or_for_quotas() {
    let full = 1_000_000;
    assert!(
        plan_shard_writes(&[modify(1, 2, 4, full)], RF).is_empty(),
        "not shard 0"
    );
    assert!(
        plan_shard_writes(&[modify(0, 4, 2, full)], RF).is_empty(),
        "not a raise"
    );
    assert!(
        plan_shard_writes(&[modify(0, 32, 64, full)], RF).is_empty(),
        "past 32"
    );
    let mut quota = modify(0, 2, 4, full);
    set(&mut quota, "b_rpm_ra", AttributeValue::N("0".into()));
    set(
        &mut quota,
        "b_rpm_rsched",
        AttributeValue::S("0 0 * * *".into()),
    );
    assert!(plan_shard_writes(&[quota], RF).is_empty(), "quota");
    let mut insert = modify(0, 2, 4, full);
    insert.event_name = "INSERT".into();
    assert!(plan_shard_writes(&[insert], RF).is_empty(), "not a MODIFY");
}

#[test]
fn proactive_doubling_projects_wcu_to_now_and_uses_the_last_image() {
    // 150 of 1000 wcu tokens at rf: below 20%. At rf + 40 ms it has refilled to 190:
    // still below; at rf + 60 ms to 210: not any more.
    let low = modify(0, 2, 2, 150_000);
    let plan = plan_shard_writes(std::slice::from_ref(&low), RF + 40);
    assert_eq!(
        plan,
        [ShardWrite {
            kind: ShardWriteKind::Double,
            pk: "ns/BUCKET#e1#gpt-4#0".into(),
            old: 2,
            new: 4,
            index: 0,
        }]
    );
    assert!(plan_shard_writes(std::slice::from_ref(&low), RF + 60).is_empty());
    // Exactly 20% is not below it.
    assert!(plan_shard_writes(&[modify(0, 2, 2, 200_000)], RF).is_empty());
    // The last image of the bucket in the batch decides.
    let healthy = modify(0, 2, 2, 900_000);
    assert!(plan_shard_writes(&[low.clone(), healthy.clone()], RF).is_empty());
    assert_eq!(plan_shard_writes(&[healthy, low], RF)[0].index, 1);
    // Capped at 32, never past it; other shards and quota buckets are not doubled.
    assert_eq!(plan_shard_writes(&[modify(0, 24, 24, 0)], RF)[0].new, 32);
    assert!(plan_shard_writes(&[modify(0, 32, 32, 0)], RF).is_empty());
    assert!(plan_shard_writes(&[modify(1, 2, 2, 0)], RF).is_empty());
    let mut quota = modify(0, 2, 2, 0);
    set(&mut quota, "b_rpm_rsa", AttributeValue::N("18000".into()));
    assert!(plan_shard_writes(&[quota], RF).is_empty());
}

#[test]
fn refill_matches_the_library_s_integer_arithmetic() {
    // wcu: 1000 tokens per 1000 ms, in millitokens.
    assert_eq!(refilled(150_000, 40, 1_000_000, 1_000_000, 1_000), 190_000);
    assert_eq!(refilled(150_000, 0, 1_000_000, 1_000_000, 1_000), 150_000);
    assert_eq!(
        refilled(2_000_000, 0, 1_000_000, 1_000_000, 1_000),
        1_000_000,
        "clamped"
    );
    assert_eq!(
        refilled(-5_000, 1, 1_000_000, 1_000_000, 1_000),
        -4_000,
        "debt kept"
    );
    assert_eq!(refilled(0, 1, 1_000, 1, 3), 0, "floor");
    assert_eq!(
        refilled(0, i64::MAX, 1_000, i64::MAX, 1),
        1_000,
        "no overflow"
    );
}

#[test]
fn quota_detection_reads_the_stored_shape() {
    let plain = modify(0, 1, 1, 0).change.new_image;
    assert!(!carries_quota(&plain));
    for (attr, v) in [
        ("b_rpm_ra", AttributeValue::N("0".into())),
        ("b_rpm_rsa", AttributeValue::N("3600".into())),
        ("b_rpm_rsched", AttributeValue::S("0 0 * * *".into())),
        ("rsched", AttributeValue::S("0 0 1 * *".into())),
        ("b_rpm_gc", AttributeValue::N("2".into())),
        ("b_rpm_wa", AttributeValue::N("1".into())),
    ] {
        let mut img = plain.clone();
        img.insert(attr.into(), v);
        assert!(carries_quota(&img), "{attr}");
    }
    let mut none = plain.clone();
    none.insert("b_rpm_rsched".into(), AttributeValue::S("-".into()));
    assert!(!carries_quota(&none), "the 'none' marker");
}
