use super::*;
use crate::calendar::{days_from_civil, MS_PER_DAY, MS_PER_HOUR};
use crate::workload::{bucket_event, bucket_modify, Bucket};

const H: WindowKind = WindowKind::Hourly;
const D: WindowKind = WindowKind::Daily;
const M: WindowKind = WindowKind::Monthly;

fn rec(seq: u128, entity: &str, limit: &str, delta: i64, at_ms: i64) -> EventRecord {
    bucket_modify(
        "gpt-4",
        entity,
        limit,
        1_000_000,
        1_000_000 + delta,
        at_ms,
        seq,
    )
}

/// Shard `shard` of entity e1's gpt-4 bucket in `namespace`.
fn e1_bucket(namespace: &str, shard: u32) -> Bucket<'_> {
    Bucket {
        namespace,
        entity: "e1",
        resource: "gpt-4",
        shard,
    }
}

/// A `MODIFY` of bucket `b` whose rpm consumption went from 0 to `tc` (millitokens).
fn rpm_modify(seq: u128, b: Bucket<'_>, tc: i64, at_ms: i64) -> EventRecord {
    bucket_event("MODIFY", seq, b, Some(&[("rpm", 0)]), &[("rpm", tc)], at_ms)
}

fn at(y: i64, m: u32, d: u32, h: i64) -> i64 {
    days_from_civil(y, m, d) * MS_PER_DAY + h * MS_PER_HOUR + 1234
}

#[test]
fn same_item_coalesces_per_limit_and_shard() {
    let t = at(2024, 5, 17, 10);
    let shard1 = e1_bucket("a7x3kq", 1);
    let recs = [
        rec(1, "e1", "rpm", 1000, t),
        rec(2, "e1", "tpm", 500, t + 5),
        rec(3, "e1", "rpm", 1000, t + 9),
        rpm_modify(4, shard1, 2000, t),
    ];
    let p = plan(&recs, &[H]);
    assert_eq!(p.groups.len(), 1);
    let g = &p.groups[0];
    assert_eq!(g.key.namespace, "a7x3kq");
    assert_eq!(g.records(), 4);
    let sources: Vec<(&str, u32, Vec<u32>)> = g
        .sources
        .iter()
        .map(|s| {
            (
                s.limit,
                s.shard,
                s.entries.iter().map(|e| e.index).collect(),
            )
        })
        .collect();
    assert_eq!(
        sources,
        [
            ("rpm", 0, vec![0, 2]),
            ("tpm", 0, vec![1]),
            ("rpm", 1, vec![3])
        ]
    );
    assert_eq!(
        g.sources[1].entries[0].tokens, 0,
        "half a token crosses no boundary"
    );
    assert_eq!(g.sources[2].entries[0].tokens, 2);
}

#[test]
fn one_record_with_two_limits_is_one_entry_per_limit() {
    let b = e1_bucket("ns", 0);
    let t = at(2024, 5, 17, 10);
    let recs = [bucket_event(
        "MODIFY",
        1,
        b,
        Some(&[("rpm", 0), ("tpm", 0)]),
        &[("rpm", 1000), ("tpm", 5000)],
        t,
    )];
    let p = plan(&recs, &[H, D]);
    assert_eq!((p.consumptions, p.modifies, p.modify_deltas), (1, 1, 2));
    assert_eq!(p.groups.len(), 2);
    for g in &p.groups {
        assert_eq!(g.records(), 2);
    }
}

#[test]
fn different_windows_entities_and_namespaces_do_not_coalesce() {
    let t = at(2024, 5, 17, 10);
    let other_ns = e1_bucket("zz", 0);
    let recs = [
        rec(1, "e1", "rpm", 1000, t),
        rec(2, "e2", "rpm", 1000, t),               // other entity
        rec(3, "e1", "rpm", 1000, t + MS_PER_HOUR), // next hour, same day
        rec(4, "e1", "rpm", 1000, t + MS_PER_DAY),  // next day
        rpm_modify(5, other_ns, 1000, t),
    ];
    let p = plan(&recs, &[H]);
    assert_eq!(p.groups.len(), 5);
    let p = plan(&recs, &[D]);
    assert_eq!(p.groups.len(), 4); // e1 day 17, e2 day 17, e1 day 18, zz/e1 day 17
    let p = plan(&recs, &[H, D]);
    assert_eq!(p.groups.len(), 5 + 4);
    assert_eq!(p.groups.iter().filter(|g| g.window == D).count(), 4);
}

#[test]
fn colliding_window_starts_share_one_item_and_count_once() {
    // 00:xx on the 1st: hourly, daily and monthly windows all start at 00:00 on the 1st.
    let t = at(2024, 3, 1, 0);
    let recs = [
        rec(1, "e1", "rpm", 1000, t),
        rec(2, "e1", "rpm", 1000, at(2024, 3, 1, 5)),
    ];
    let p = plan(&recs, &[H, D, M]);
    let starts: Vec<(i64, WindowKind, usize)> = p
        .groups
        .iter()
        .map(|g| (g.key.start_ms, g.window, g.records()))
        .collect();
    let midnight = days_from_civil(2024, 3, 1) * MS_PER_DAY;
    assert_eq!(
        starts,
        [(midnight, M, 2), (midnight + 5 * MS_PER_HOUR, H, 1)]
    );
}

#[test]
fn skips_and_poison() {
    let t = at(2024, 5, 17, 10);
    let mut bad = rec(3, "e1", "rpm", 1, t);
    bad.change.new_image.insert(
        "b_rpm_tc".into(),
        serde_dynamo::AttributeValue::S("x".into()),
    );
    let recs = [
        rec(1, "e1", "rpm", 0, t),
        rec(2, "e1", "rpm", 5, t),
        bad,
        rec(4, "e1", "rpm", 5, t),
    ];
    let p = plan(&recs, &[H]);
    assert_eq!(p.skipped, [(0, Skip::ZeroDelta)]);
    assert_eq!(p.consumptions, 1);
    assert_eq!(p.groups[0].records(), 1);
    assert_eq!(
        p.poison,
        Some((2, Malformed::BadCounter("b_rpm_tc".into(), "new")))
    );
}

#[test]
fn coalescing_writes_at_most_a_fifth_of_the_reference_on_a_skewed_workload() {
    let records = crate::workload::zipf_workload(&crate::workload::WorkloadSpec::default());
    let counts = count_writes(&records, &[H, D], 100);
    assert!(counts.reference_writes > records.len() * 3, "{counts:?}");
    assert!(
        counts.coalesced_per_1000() * 5.0 <= counts.reference_per_1000(),
        "{counts:?}"
    );
}
