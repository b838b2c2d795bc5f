use super::*;
use crate::expr::Value;
use crate::quota::Check;
use crate::recording_store::RecordingBucketStore;
use serde_json::json;

const NOW: i64 = 1_772_359_980_000;

fn image(count: i64, tk: i64, gc: Option<i64>) -> Image {
    let mut fields = json!({
        "PK": {"S": "ns/BUCKET#q#gpt-4#0"}, "SK": {"S": "#STATE"}, "entity_id": {"S": "q"},
        "rf": {"N": (NOW - 1_000).to_string()}, "shard_count": {"N": count.to_string()},
        "rsched": {"S": "1m0h0"},
        "b_daily_cp": {"N": "1000000"}, "b_daily_ra": {"N": "0"}, "b_daily_rp": {"N": "1000"},
        "b_daily_tk": {"N": tk.to_string()}, "b_daily_tc": {"N": "0"},
    });
    if let Some(gc) = gc {
        fields["b_daily_gc"] = json!({"N": gc.to_string()});
    }
    serde_json::from_value(fields).unwrap()
}

/// The `MODIFY` to `new_image` from the same item at `old_count` shards.
fn record_of(new_image: Image, old_count: i64) -> EventRecord {
    let mut old_image = new_image.clone();
    old_image.insert(
        "shard_count".into(),
        AttributeValue::N(old_count.to_string()),
    );
    serde_json::from_value(json!({
        "eventID": "1", "eventName": "MODIFY", "eventSource": "aws:dynamodb",
        "awsRegion": "us-east-1", "eventVersion": "1.1",
        "dynamodb": {"Keys": {"PK": new_image["PK"], "SK": new_image["SK"]},
                     "NewImage": new_image, "OldImage": old_image, "SequenceNumber": "1",
                     "SizeBytes": 1, "StreamViewType": "NEW_AND_OLD_IMAGES"},
    }))
    .unwrap()
}

/// A doubling of shard 0's bucket from `old` to `new` shards.
fn doubling_record(old: i64, new: i64) -> EventRecord {
    record_of(image(new, 1_000_000, Some(old)), old)
}

/// A 1 -> 2 doubling whose clone (shard 1) is funded by a move off shard 0; a client
/// doubled shard 0 again (to 4) between the sibling read and the end: the clone is
/// raised to 4 with its grant frozen at 2 (the clone repair).
#[tokio::test]
async fn a_clone_overtaken_by_a_later_doubling_is_raised_with_its_grant_frozen() {
    let store = RecordingBucketStore::default();
    store.serve(
        "ns/BUCKET#q#gpt-4#0",
        vec![image(2, 1_000_000, Some(1)), image(4, 500_000, Some(1))],
    );
    let outcome = propagate(&store, &doubling_record(1, 2), NOW, "t")
        .await
        .unwrap();
    assert_eq!(outcome.cloned, 1);
    let transactions = store.transactions();
    assert_eq!(transactions.len(), 1);
    // The Put, shard 0's debit of one share (500 of 1,000 tokens), the owner check.
    assert!(matches!(&transactions[0][0], TransactItem::Put { .. }));
    let TransactItem::Update(debit) = &transactions[0][1] else {
        panic!()
    };
    assert_eq!(debit.pk, "ns/BUCKET#q#gpt-4#0");
    assert!(debit
        .values
        .contains(&(":qn0".into(), Value::N("-500000".into()))));
    assert!(matches!(&transactions[0][2], TransactItem::Check(Check { sk, .. }) if sk == "#META"));
    let updates = store.updates();
    assert_eq!(updates.len(), 1, "{updates:?}");
    assert_eq!(updates[0].pk, "ns/BUCKET#q#gpt-4#1");
    assert_eq!(
        updates[0].update_expression,
        "SET #qsc = :qnew, #qf0 = if_not_exists(#qf0, :qo0)"
    );
    assert!(updates[0]
        .values
        .contains(&(":qnew".into(), Value::N("4".into()))));
    assert!(updates[0]
        .values
        .contains(&(":qo0".into(), Value::N("2".into()))));
}

/// A doubling overtaken before the read (a sibling already stores a higher count) makes
/// no quota clone at all.
#[tokio::test]
async fn a_record_overtaken_by_a_later_doubling_clones_no_quota() {
    let store = RecordingBucketStore::default();
    store.serve("ns/BUCKET#q#gpt-4#0", vec![image(4, 500_000, Some(1))]);
    let outcome = propagate(&store, &doubling_record(1, 2), NOW, "t")
        .await
        .unwrap();
    assert_eq!(outcome, Propagated::default());
    assert!(store.transactions().is_empty());
}

/// Shard 0 of a bucket under a half-scale parameter schedule (`s500`, always in force) in
/// Paris: a quota (`daily`, 1,000 tokens, 500 in force), a dripping limit (`rpm`, 10 at
/// 10/min, 5 in force) and one that declares none (`tpm`, `-`: its base).
fn scheduled_image(count: i64, sched: &str) -> Image {
    let mut item = image(count, 500_000, Some(1));
    let extra: Image = serde_json::from_value(json!({
        "sched": {"S": sched}, "sched_tz": {"S": "Europe/Paris"},
        "b_rpm_cp": {"N": "10000"}, "b_rpm_ra": {"N": "10000"}, "b_rpm_rp": {"N": "60000"},
        "b_rpm_tk": {"N": "5000"}, "b_rpm_tc": {"N": "0"}, "b_rpm_rsched": {"S": "-"},
        "b_tpm_cp": {"N": "100000"}, "b_tpm_ra": {"N": "100000"}, "b_tpm_rp": {"N": "60000"},
        "b_tpm_tk": {"N": "100000"}, "b_tpm_tc": {"N": "0"}, "b_tpm_rsched": {"S": "-"},
        "b_tpm_sched": {"S": "-"},
    }))
    .unwrap();
    item.extend(extra);
    item
}

/// A 1 -> 2 doubling of the scheduled bucket: the clone starts each limit at its share of
/// the capacity in force now (the reference's `effective_params` before the split), and
/// the quota's share is moved off shard 0 at the scheduled size (250 of its 500).
#[tokio::test]
async fn a_scheduled_bucket_s_clone_starts_at_the_scheduled_share() {
    let store = RecordingBucketStore::default();
    store.serve("ns/BUCKET#q#gpt-4#0", vec![scheduled_image(2, "1s500")]);
    let outcome = propagate(&store, &record_of(scheduled_image(2, "1s500"), 1), NOW, "t")
        .await
        .unwrap();
    assert_eq!(outcome.cloned, 1);
    let transactions = store.transactions();
    let TransactItem::Put { item, .. } = &transactions[0][0] else {
        panic!("{transactions:?}")
    };
    let tk = |limit: &str| item[&format!("b_{limit}_tk")].clone();
    assert_eq!(tk("daily"), AttributeValue::N("250000".into()));
    assert_eq!(tk("rpm"), AttributeValue::N("2500".into()));
    assert_eq!(tk("tpm"), AttributeValue::N("50000".into()));
    let TransactItem::Update(debit) = &transactions[0][1] else {
        panic!("{transactions:?}")
    };
    assert!(debit
        .values
        .contains(&(":qn0".into(), Value::N("-250000".into()))));
}

/// A stored schedule that will not decode: path 1 raises the existing shards, nothing is
/// cloned (the client creates the shards), as the reference does.
#[tokio::test]
async fn a_bucket_whose_schedule_will_not_decode_gets_no_clones() {
    let store = RecordingBucketStore::default();
    let outcome = propagate(&store, &record_of(scheduled_image(4, "1h9"), 2), NOW, "t")
        .await
        .unwrap();
    assert_eq!(outcome.cloned, 0);
    assert!(store.transactions().is_empty());
    let updates = store.updates();
    assert_eq!(updates.len(), 1);
    assert_eq!(updates[0].update_expression, "SET shard_count = :new");
}
