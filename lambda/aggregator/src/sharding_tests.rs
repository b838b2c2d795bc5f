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
    let d = ShardWrite {
        pk: "p".into(),
        old: 1,
        new: 2,
        index: 0,
    };
    assert_eq!(
        (d.update_expression(), d.condition_expression()),
        ("SET shard_count = :new", "shard_count = :old")
    );
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
    // Capped at 32, never past it; other shards are not doubled; quota buckets are
    // (their propagation freezes grants and moves quota, crate::propagate).
    assert_eq!(plan_shard_writes(&[modify(0, 24, 24, 0)], RF)[0].new, 32);
    assert!(plan_shard_writes(&[modify(0, 32, 32, 0)], RF).is_empty());
    assert!(plan_shard_writes(&[modify(1, 2, 2, 0)], RF).is_empty());
    let mut quota = modify(0, 2, 2, 0);
    set(&mut quota, "b_rpm_rsa", AttributeValue::N("18000".into()));
    assert_eq!(plan_shard_writes(&[quota], RF).len(), 1);
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
