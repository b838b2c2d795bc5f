//! zael's refill against the library's own, on random scheduled bucket records.
//!
//! `tests/e2e/refill_property.py` draws bucket `MODIFY`s of zae-limiter 0.17.0's shape at
//! random (dripping limits and quotas; parameter and reset schedules on the item and per
//! limit, `-` included; five time zones; instants around DST transitions; shard and grant
//! counts, top-ups, `vu` absent, expired or ahead; now and then a schedule that will not
//! decode) and records what the library's `try_refill_bucket` writes for each. zael plans
//! its refill on the same record and clock and must write exactly that, term for term, or
//! nothing when the reference writes nothing. The records list each limit's attributes in
//! name order, the order zael visits limits in, so the positional placeholders agree too.

mod common;

use common::{seeded_cases, ReferenceCase};
use serde_json::Value as Json;
use std::collections::BTreeMap;
use zael_aggregator::expr::Value;
use zael_aggregator::refill::plan_refill;
use zael_aggregator::refill_state::bucket_states;

/// Seeds and records per seed: enough to cross every branch many times over.
const SEEDS: [u64; 3] = [7, 1_772_359_980, 20_260_308];
const PER_SEED: usize = 400;

fn strings(v: &Json) -> BTreeMap<String, String> {
    v.as_object()
        .unwrap()
        .iter()
        .map(|(k, v)| (k.clone(), v.as_str().unwrap().to_owned()))
        .collect()
}

#[test]
fn zael_refills_random_scheduled_buckets_exactly_as_the_reference_does() {
    let (mut writes, mut pinned, mut none) = (0, 0, 0);
    for ReferenceCase {
        what,
        now,
        record,
        case,
    } in seeded_cases("refill_property.py", &SEEDS, PER_SEED)
    {
        let records = [record];
        let (states, unreadable) = bucket_states(&records);
        assert!(unreadable.is_empty(), "{what}: {unreadable:?}");
        let ours = states.first().and_then(|s| plan_refill(s, now).ok());
        let Some(theirs) = case["write"].as_object() else {
            assert!(
                ours.is_none(),
                "{what}: zael writes {ours:?}, the reference nothing"
            );
            none += 1;
            continue;
        };
        let ours =
            ours.unwrap_or_else(|| panic!("{what}: the reference writes {theirs:?}, zael nothing"));
        let r = &ours.request;
        assert_eq!(r.update_expression, theirs["update"], "{what}");
        assert_eq!(r.condition_expression, theirs["condition"], "{what}");
        let names: BTreeMap<String, String> = r.names.iter().cloned().collect();
        assert_eq!(names, strings(&theirs["names"]), "{what}");
        let values: BTreeMap<String, String> = r
            .values
            .iter()
            .map(|(k, v)| {
                let (Value::N(s) | Value::S(s)) = v;
                (k.clone(), s.clone())
            })
            .collect();
        assert_eq!(values, strings(&theirs["values"]), "{what}");
        writes += 1;
        pinned += usize::from(r.condition_expression.contains("#sched = :expected_sched"));
    }
    println!("{writes} writes ({pinned} pinned on a schedule), {none} buckets left alone");
    assert!(
        writes > 300 && pinned > 50 && none > 300,
        "{writes} {pinned} {none}"
    );
}
