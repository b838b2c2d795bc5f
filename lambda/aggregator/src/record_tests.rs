use super::*;
use crate::workload::{bucket_event, Bucket};

const B: Bucket<'static> = Bucket {
    namespace: "a7x3kq",
    entity: "user-1",
    resource: "gpt-4",
    shard: 0,
};
const RF: i64 = 1_772_359_080_000;

fn change(r: &EventRecord) -> BucketChange<'_> {
    match parse(r).unwrap() {
        Parsed::Change(c) => c,
        other => panic!("expected a change, got {other:?}"),
    }
}

fn set(r: &mut EventRecord, new: bool, attr: &str, v: AttributeValue) {
    let img = if new {
        &mut r.change.new_image
    } else {
        &mut r.change.old_image
    };
    img.insert(attr.into(), v);
}

#[test]
fn modify_yields_every_changed_limit_but_wcu_sorted() {
    let r = bucket_event(
        "MODIFY",
        100,
        B,
        Some(&[("tpm", 100_000), ("rpm", 1_000), ("idle", 5_000)]),
        &[("tpm", 207_000), ("rpm", 2_000), ("idle", 5_000)],
        RF,
    );
    let c = change(&r);
    assert_eq!(c.bucket.namespace, "a7x3kq");
    assert_eq!((c.bucket.entity_id, c.bucket.resource), ("user-1", "gpt-4"));
    assert_eq!(c.bucket.shard, 0);
    assert_eq!(c.event_ms, RF);
    assert!(!c.insert);
    let got: Vec<(&str, i64)> = c.deltas.iter().map(|d| (d.limit, d.tokens)).collect();
    assert_eq!(got, [("rpm", 1), ("tpm", 107)]);
}

#[test]
fn insert_counts_the_creating_acquire_and_a_clone_counts_nothing() {
    let r = bucket_event(
        "INSERT",
        7,
        B,
        None,
        &[("rpm", 1_000), ("tpm", 100_000)],
        RF,
    );
    let c = change(&r);
    assert!(c.insert);
    let got: Vec<(&str, i64)> = c.deltas.iter().map(|d| (d.limit, d.tokens)).collect();
    assert_eq!(got, [("rpm", 1), ("tpm", 100)]);
    let clone = bucket_event("INSERT", 8, B, None, &[("rpm", 0)], RF);
    assert_eq!(parse(&clone), Ok(Parsed::Skip(Skip::ZeroDelta)));
}

#[test]
fn refunds_are_negative_and_rounding_telescopes() {
    let r = bucket_event(
        "MODIFY",
        1,
        B,
        Some(&[("tpm", 4_480_000)]),
        &[("tpm", 4_380_000)],
        RF,
    );
    assert_eq!(change(&r).deltas[0].tokens, -100);
    // Sub-token steps: 0.4 + 0.4 + 0.4 tokens cross one whole token in total.
    let steps = [0, 400, 800, 1_200];
    let total: i64 = steps
        .windows(2)
        .map(|w| {
            let r = bucket_event("MODIFY", 1, B, Some(&[("x", w[0])]), &[("x", w[1])], RF);
            change(&r).deltas[0].tokens
        })
        .sum();
    assert_eq!(total, 1);
    // And back down below zero (a refund past a boundary) stays exact: -1.5 from 1.2.
    let r = bucket_event("MODIFY", 1, B, Some(&[("x", 1_200)]), &[("x", -300)], RF);
    assert_eq!(change(&r).deltas[0].tokens, -2);
}

#[test]
fn limit_only_in_the_new_image_is_not_counted() {
    let r = bucket_event(
        "MODIFY",
        1,
        B,
        Some(&[("rpm", 1_000)]),
        &[("rpm", 1_000), ("tpm", 9_000)],
        RF,
    );
    assert_eq!(parse(&r), Ok(Parsed::Skip(Skip::ZeroDelta)));
}

#[test]
fn soft_overdraw_is_flagged_only_for_a_debit_into_debt() {
    let mut r = bucket_event(
        "MODIFY",
        1,
        B,
        Some(&[("tpm", 120_000)]),
        &[("tpm", 180_000)],
        RF,
    );
    set(&mut r, true, "b_tpm_tk", AttributeValue::N("-80000".into()));
    assert!(!change(&r).deltas[0].overdrawn, "not soft");
    set(
        &mut r,
        true,
        "b_tpm_soft",
        AttributeValue::N("1772359999000".into()),
    );
    assert!(change(&r).deltas[0].overdrawn);
    set(&mut r, true, "b_tpm_tk", AttributeValue::N("20000".into()));
    assert!(!change(&r).deltas[0].overdrawn, "still in credit");
}

#[test]
fn other_shapes_are_skipped() {
    let cases: [(&str, &str, &str); 8] = [
        ("INSERT", "a7x3kq/ENTITY#user-1", "#META"),
        ("INSERT", "a7x3kq/ENTITY#user-1", "#CONFIG#gpt-4"),
        ("MODIFY", "a7x3kq/SYSTEM#", "#ENTITY_CONFIG_RESOURCES"),
        ("INSERT", "a7x3kq/BUCKET#user-1#gpt-4#0", "#OP#01J0"),
        ("INSERT", "a7x3kq/AUDIT#user-1", "#AUDIT#01J0"),
        (
            "MODIFY",
            "a7x3kq/ENTITY#user-1",
            "#USAGE#gpt-4#2026-03-01T09:00:00Z",
        ),
        ("MODIFY", "no-namespace", "#STATE"),
        ("MODIFY", "a7x3kq/ENTITY#user-1", "#STATE"),
    ];
    for (event, pk, sk) in cases {
        let mut r = bucket_event(event, 1, B, Some(&[("rpm", 0)]), &[("rpm", 5_000)], RF);
        r.change
            .keys
            .insert("PK".into(), AttributeValue::S(pk.into()));
        r.change
            .keys
            .insert("SK".into(), AttributeValue::S(sk.into()));
        assert_eq!(parse(&r), Ok(Parsed::Skip(Skip::NotBucket)), "{pk} {sk}");
    }
    let r = bucket_event("REMOVE", 1, B, Some(&[("rpm", 0)]), &[("rpm", 5_000)], RF);
    assert_eq!(parse(&r), Ok(Parsed::Skip(Skip::NotAChange)));
    let mut garbage = EventRecord::default();
    garbage.event_name = "MODIFY".into();
    assert_eq!(parse(&garbage), Ok(Parsed::Skip(Skip::NotBucket)));
    garbage
        .change
        .keys
        .insert("SK".into(), AttributeValue::N("1".into()));
    assert_eq!(parse(&garbage), Ok(Parsed::Skip(Skip::NotBucket)));
}

#[test]
fn bucket_keys_parse_like_the_library() {
    let k = bucket_key("ns/BUCKET#user-1#org:model/v2#12")
        .unwrap()
        .unwrap();
    assert_eq!(
        (k.namespace, k.entity_id, k.resource, k.shard),
        ("ns", "user-1", "org:model/v2", 12)
    );
    for bad in [
        "ns/BUCKET#user-1#gpt-4",
        "ns/BUCKET#user-1#gpt-4#x",
        "ns/BUCKET#user-1#gpt-4#-1",
        "ns/BUCKET##gpt-4#0",
        "ns/BUCKET#user-1##0",
        "/BUCKET#user-1#gpt-4#0",
    ] {
        assert_eq!(
            bucket_key(bad),
            Some(Err(Malformed::BadPartitionKey)),
            "{bad}"
        );
    }
    assert_eq!(bucket_key("ns/ENTITY#user-1"), None);
}

#[test]
fn a_bucket_key_writes_the_partition_key_it_was_read_from() {
    let pk = "ns/BUCKET#user-1#org:model/v2#12";
    let k = bucket_key(pk).unwrap().unwrap();
    assert_eq!(k.pk(), pk);
    // Another shard of the same bucket: only the last part differs, and it reads back.
    let other = k.shard_pk(3);
    assert_eq!(other, "ns/BUCKET#user-1#org:model/v2#3");
    assert_eq!(
        bucket_key(&other).unwrap().unwrap(),
        BucketKey { shard: 3, ..k }
    );
}

#[test]
fn malformed_bucket_records_are_errors_not_skips() {
    let base = || {
        bucket_event(
            "MODIFY",
            100,
            B,
            Some(&[("rpm", 1_000)]),
            &[("rpm", 2_000)],
            RF,
        )
    };

    let mut r = base();
    set(&mut r, true, "b_rpm_tc", AttributeValue::N("1.5".into()));
    assert_eq!(
        parse(&r),
        Err(Malformed::BadCounter("b_rpm_tc".into(), "new"))
    );
    let mut r = base();
    set(&mut r, false, "b_rpm_tc", AttributeValue::S("7".into()));
    assert_eq!(
        parse(&r),
        Err(Malformed::BadCounter("b_rpm_tc".into(), "old"))
    );

    let mut r = base();
    r.change.sequence_number = None;
    assert_eq!(parse(&r), Err(Malformed::NoSequenceNumber));
    let mut r = base();
    r.change.sequence_number = Some("12x".into());
    assert!(matches!(parse(&r), Err(Malformed::BadSequenceNumber(_))));

    let mut r = base();
    r.change.keys.insert(
        "PK".into(),
        AttributeValue::S("ns/BUCKET#user-1#gpt-4".into()),
    );
    assert_eq!(parse(&r), Err(Malformed::BadPartitionKey));

    let mut r = base();
    set(&mut r, true, "entity_id", AttributeValue::S("other".into()));
    assert_eq!(parse(&r), Err(Malformed::EntityMismatch));

    let mut r = base();
    r.change.new_image.clear();
    assert_eq!(parse(&r), Err(Malformed::NoNewImage));
    let mut r = base();
    r.change.old_image.clear();
    assert_eq!(parse(&r), Err(Malformed::NoOldImage));

    for rf in [
        None,
        Some(AttributeValue::S("1".into())),
        Some(AttributeValue::N((MAX_EPOCH_MS + 1).to_string())),
    ] {
        let mut r = base();
        match rf {
            None => {
                r.change.new_image.remove("rf");
            }
            Some(v) => set(&mut r, true, "rf", v),
        }
        assert_eq!(parse(&r), Err(Malformed::BadEventTime));
    }

    let r = bucket_event("MODIFY", 1, B, Some(&[("ttl", 0)]), &[("ttl", 1_000)], RF);
    assert_eq!(parse(&r), Err(Malformed::ReservedLimitName("ttl".into())));
    let r = bucket_event("MODIFY", 1, B, Some(&[("a#b", 0)]), &[("a#b", 1_000)], RF);
    assert_eq!(parse(&r), Err(Malformed::BadLimitName("a#b".into())));

    let r = bucket_event(
        "MODIFY",
        1,
        B,
        Some(&[("rpm", i64::MIN)]),
        &[("rpm", i64::MAX)],
        RF,
    );
    assert_eq!(parse(&r), Err(Malformed::DeltaOverflow("b_rpm_tc".into())));
}
