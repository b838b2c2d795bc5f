use super::*;
use std::collections::{BTreeMap, HashMap};

const NOW: i64 = 1_772_359_980_000;
const MIDNIGHT: i64 = 1_772_323_200_000;

fn item(fields: &[(&str, &str)]) -> Image {
    fields
        .iter()
        .map(|(k, v)| {
            let v = if v.parse::<i64>().is_ok() {
                AttributeValue::N((*v).to_owned())
            } else {
                AttributeValue::S((*v).to_owned())
            };
            ((*k).to_owned(), v)
        })
        .collect::<HashMap<_, _>>()
}

fn names(u: &[(String, String)]) -> BTreeMap<&str, &str> {
    u.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect()
}

fn values(u: &[(String, Value)]) -> BTreeMap<&str, String> {
    u.iter()
        .map(|(a, b)| {
            let text = match b {
                Value::N(n) | Value::S(n) => n.clone(),
            };
            (a.as_str(), text)
        })
        .collect()
}

/// The reference's `_donor_update_items` for two quotas moving off one donor (captured
/// from zae-limiter 0.17.0): one `Update`, the same expressions, names and values.
#[test]
fn donor_debits_are_the_reference_s() {
    let debits = [
        DonorDebit {
            shard: 1,
            limit: "daily".into(),
            tokens: 250_000,
            grant_count: 2,
            guard_rf: Some(MIDNIGHT),
            guard_wa: None,
            legacy_count: Some(2),
        },
        DonorDebit {
            shard: 1,
            limit: "session".into(),
            tokens: 75_000,
            grant_count: 2,
            guard_rf: None,
            guard_wa: Some(1_772_359_288_000),
            legacy_count: None,
        },
    ];
    let updates = donor_updates(|s| format!("ns/BUCKET#u#gpt-4#{s}"), &debits);
    assert_eq!(updates.len(), 1);
    let u = &updates[0];
    assert_eq!(u.pk, "ns/BUCKET#u#gpt-4#1");
    assert_eq!(u.update_expression, "ADD #qt0 :qn0, #qt1 :qn1");
    assert_eq!(
        u.condition_expression,
        "attribute_exists(PK) AND #qt0 >= :qx0 AND (#qg0 = :qg0 OR (attribute_not_exists(#qg0) \
         AND #qsc = :ql0)) AND #qrf >= :qe0 AND #qt1 >= :qx1 AND (#qg1 = :qg1 OR \
         (attribute_not_exists(#qg1) AND #qsc = :qg1)) AND #qw1 = :qw1"
    );
    assert_eq!(
        names(&u.names),
        BTreeMap::from([
            ("#qg0", "b_daily_gc"),
            ("#qg1", "b_session_gc"),
            ("#qrf", "rf"),
            ("#qsc", "shard_count"),
            ("#qt0", "b_daily_tk"),
            ("#qt1", "b_session_tk"),
            ("#qw1", "b_session_wa"),
        ])
    );
    let want: BTreeMap<&str, String> = [
        (":qe0", "1772323200000"),
        (":qg0", "2"),
        (":qg1", "2"),
        (":ql0", "2"),
        (":qn0", "-250000"),
        (":qn1", "-75000"),
        (":qw1", "1772359288000"),
        (":qx0", "250000"),
        (":qx1", "75000"),
    ]
    .into_iter()
    .map(|(a, b)| (a, b.to_owned()))
    .collect();
    assert_eq!(values(&u.values), want);
}

#[test]
fn the_count_freeze_and_the_owner_check_are_the_reference_s() {
    let f = count_freeze("p".into(), 4, &[("daily".into(), 2), ("session".into(), 1)]);
    assert_eq!(
        f.update_expression,
        "SET #qsc = :qnew, #qf0 = if_not_exists(#qf0, :qo0), #qf1 = if_not_exists(#qf1, :qo1)"
    );
    assert_eq!(f.condition_expression, "#qsc < :qnew");
    let cases = [
        (
            item(&[("pgen", "5"), ("pinc", "abc")]),
            "attribute_exists(PK) AND #opg = :opg AND (#opi = :opi OR (attribute_not_exists(#opi) \
             AND #oca = :opi))",
        ),
        (
            item(&[]),
            "attribute_not_exists(#opg) AND attribute_not_exists(#opi)",
        ),
        (
            item(&[("pgen", "0"), ("pinc", "-")]),
            "attribute_exists(PK) AND (attribute_not_exists(#opg) OR #opg = :opg) AND (#opi = :opi \
             OR (attribute_not_exists(#opi) AND (#oca = :opi OR attribute_not_exists(#oca))))",
        ),
    ];
    for (image, condition) in cases {
        let c = owner_check("ns", "u", &image);
        assert_eq!((c.pk.as_str(), c.sk.as_str()), ("ns/ENTITY#u", "#META"));
        assert_eq!(c.condition, condition);
    }
}

/// The closest current sibling covering the slot donates at most what it holds; no
/// covering sibling (or only stale ones) means a fresh share.
#[test]
fn a_new_slot_is_funded_by_the_closest_current_sibling_covering_it() {
    let s = |shard, tokens, grant_count, current| Sibling {
        shard,
        tokens,
        grant_count,
        current,
    };
    let siblings = [s(0, 400, 2, true), s(1, 100, 2, true), s(3, 90, 4, true)];
    assert_eq!(plan_grant(&siblings, 2, 250), (Some(siblings[0]), 250));
    assert_eq!(plan_grant(&siblings, 5, 250), (Some(siblings[1]), 100));
    assert_eq!(
        plan_grant(&siblings, 7, 250),
        (Some(siblings[2]), 90),
        "largest gc first"
    );
    let stale = [s(0, 400, 2, false)];
    assert_eq!(plan_grant(&stale, 2, 250), (None, 250));
}

/// Calendar quotas are current until the next edge after `rf`; session quotas while their
/// window is live and applied. A legacy sibling's grant count is inferred from its balance.
#[test]
fn periods_and_legacy_grant_counts() {
    let daily = ResetRule {
        calendar: crate::schedule::decode_reset("1m0h0", "UTC").unwrap(),
        session_seconds: None,
    };
    assert!(period_is_current(&daily, MIDNIGHT, None, None, NOW));
    assert!(!period_is_current(&daily, MIDNIGHT - 1, None, None, NOW));
    let session = ResetRule {
        calendar: Vec::new(),
        session_seconds: Some(3_600),
    };
    let ws = NOW - 60_000;
    assert!(period_is_current(&session, 0, Some(ws), Some(ws), NOW));
    assert!(
        !period_is_current(&session, 0, Some(ws), Some(ws - 1), NOW),
        "not applied"
    );
    assert!(
        !period_is_current(&session, 0, Some(NOW - 3_600_000), Some(NOW), NOW),
        "ended"
    );
    assert!(!period_is_current(&session, 0, None, None, NOW));

    let legacy = item(&[
        ("shard_count", "4"),
        ("rsched", "1m0h0"),
        ("b_daily_cp", "1000"),
        ("b_daily_ra", "0"),
        ("b_daily_tk", "400"),
        ("b_rpm_cp", "1000"),
        ("b_rpm_ra", "1000"),
        ("b_rpm_tk", "1000"),
    ]);
    // 400 is more than a quarter (250) but not more than a half: granted at 2.
    assert_eq!(
        legacy_sizes(1, &legacy, &[], NOW),
        [("daily".to_owned(), 2)]
    );
    assert!(legacy_sizes(1, &legacy, &["daily"], NOW).is_empty());
    assert!(is_quota("daily", &legacy) && !is_quota("rpm", &legacy));
}

/// A legacy grant (no `gc`) is sized against the capacity its parameter schedule puts in
/// force (`_legacy_quota_sizes`): 400 of a half-scale 1,000 is more than a quarter of 500,
/// so granted at 1, where the base would say 2. A schedule that will not decode sizes
/// against the base; `-` declares none; a limit's own schedule is read even beside an
/// item schedule that will not decode. (Each answer is the reference's `_legacy_quota_sizes`
/// on the same item.)
#[test]
fn legacy_grants_are_sized_against_the_scheduled_capacity() {
    let legacy = |sched: &str, own: &str| {
        let mut fields = vec![
            ("shard_count", "4"),
            ("rsched", "1m0h0"),
            ("sched", sched),
            ("sched_tz", "Asia/Kolkata"),
            ("b_daily_cp", "1000"),
            ("b_daily_ra", "0"),
            ("b_daily_tk", "400"),
        ];
        if !own.is_empty() {
            fields.push(("b_daily_sched", own));
        }
        item(&fields)
    };
    let sizes = |image: &Image| legacy_sizes(1, image, &[], NOW);
    assert_eq!(sizes(&legacy("1s500", "")), [("daily".to_owned(), 1)]);
    assert_eq!(sizes(&legacy("1s2000", "")), [("daily".to_owned(), 4)]);
    assert_eq!(sizes(&legacy("1s500", "-")), [("daily".to_owned(), 2)]);
    assert_eq!(sizes(&legacy("1h9", "")), [("daily".to_owned(), 2)]);
    assert_eq!(sizes(&legacy("1h9", "1s500")), [("daily".to_owned(), 1)]);
    // `c` is whole tokens: 500 of them hold 400 millitokens many times over.
    assert_eq!(sizes(&legacy("1c500", "")), [("daily".to_owned(), 4)]);
}
