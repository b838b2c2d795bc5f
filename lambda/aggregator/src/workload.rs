//! A deterministic, realistic stream workload for benchmarks and tests, in zae-limiter
//! 0.17.0's record format (see [`crate::record`]).
//!
//! Rate-limited traffic is skewed: a few hot entities (API keys, tenants) make most of
//! the calls. Entities are drawn from a Zipf-like distribution (weight `1 / rank^s`). Each
//! call is one `MODIFY` of the entity's bucket item debiting both of its limits (`rpm`,
//! `tpm`) and its `wcu` budget, as the library's fast path does; the first call of an
//! entity is the `INSERT` that creates the bucket. About one call in ten returns unused
//! `tpm` tokens afterwards (a second `MODIFY`, `tc` down). Event times advance steadily
//! and cross an hour, a day and a month boundary; `rf` follows the call time (a bucket
//! the aggregator keeps refilled).

use crate::calendar::{days_from_civil, MS_PER_DAY, MS_PER_HOUR};
use aws_lambda_events::dynamodb::{EventRecord, StreamViewType};
use serde_dynamo::AttributeValue;
use std::collections::HashMap;

/// Shape of the generated workload.
#[derive(Clone, Debug)]
pub struct WorkloadSpec {
    /// Stream records to generate.
    pub records: usize,
    pub entities: usize,
    /// Zipf exponent; 1.1 gives a top entity with ~20% of the traffic out of 50.
    pub zipf_s: f64,
    pub namespace: &'static str,
    pub resource: &'static str,
    /// Calls per second of event time.
    pub calls_per_second: u32,
    /// Event time of the first call, epoch ms.
    pub start_ms: i64,
    pub seed: u64,
}

impl Default for WorkloadSpec {
    fn default() -> WorkloadSpec {
        WorkloadSpec {
            records: 10_000,
            entities: 50,
            zipf_s: 1.1,
            namespace: "a7x3kq",
            resource: "gpt-4",
            calls_per_second: 25,
            // 2024-06-30T23:58:00Z: the run crosses an hour, day and month boundary.
            start_ms: days_from_civil(2024, 6, 30) * MS_PER_DAY + 23 * MS_PER_HOUR + 58 * 60_000,
            seed: 0x5eed,
        }
    }
}

/// xorshift64*: small, fast and reproducible across platforms (the tests draw from it too).
pub struct Rng(pub u64);

impl Rng {
    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n
    }
}

/// Generates the workload's stream records, in stream order.
pub fn zipf_workload(spec: &WorkloadSpec) -> Vec<EventRecord> {
    let mut rng = Rng(spec.seed | 1);
    // Cumulative Zipf weights, scaled to integers so sampling is exact and portable.
    let weights: Vec<f64> = (1..=spec.entities)
        .map(|rank| 1.0 / (rank as f64).powf(spec.zipf_s))
        .collect();
    let total: f64 = weights.iter().sum();
    let mut cumulative = Vec::with_capacity(spec.entities);
    let mut acc = 0u64;
    for w in &weights {
        acc += ((w / total) * 1e9) as u64 + 1;
        cumulative.push(acc);
    }
    let names: Vec<String> = (0..spec.entities)
        .map(|e| format!("entity-{e:02}"))
        .collect();
    // Per entity: cumulative (rpm, tpm) counters, or None before its bucket exists.
    let mut counters: Vec<Option<(i64, i64)>> = vec![None; spec.entities];
    let mut out = Vec::with_capacity(spec.records + 1);
    let mut seq: u128 = 49_160_000_000_000_000_000; // 20+ digits, like real sequence numbers
    let mut call = 0u64;
    while out.len() < spec.records {
        let pick = rng.below(acc);
        let entity = cumulative.partition_point(|&c| c <= pick);
        let at_ms = spec.start_ms + (call * 1000 / u64::from(spec.calls_per_second)) as i64;
        call += 1;
        let bucket = Bucket {
            namespace: spec.namespace,
            entity: &names[entity],
            resource: spec.resource,
            shard: 0,
        };
        let tpm = 100_000 + rng.below(4_000_000) as i64; // 100..4,100 tokens, in millitokens
        let mut steps = vec![(1_000, tpm)];
        if rng.below(10) == 0 {
            steps.push((0, -(rng.below(tpm as u64) as i64 + 1))); // unused tokens returned
        }
        for (rpm_delta, tpm_delta) in steps {
            seq += 1 + u128::from(rng.below(3));
            let old = counters[entity];
            let (rpm, tpm) = old.unwrap_or((0, 0));
            let new = (rpm + rpm_delta, tpm + tpm_delta);
            let (event, old_tcs) = match old {
                None => ("INSERT", None),
                Some(_) => ("MODIFY", Some([("rpm", rpm), ("tpm", tpm)])),
            };
            out.push(bucket_event(
                event,
                seq,
                bucket,
                old_tcs.as_ref().map(|o| &o[..]),
                &[("rpm", new.0), ("tpm", new.1)],
                at_ms,
            ));
            counters[entity] = Some(new);
        }
    }
    out.truncate(spec.records);
    out
}

/// The bucket item a record is about.
#[derive(Clone, Copy, Debug)]
pub struct Bucket<'a> {
    pub namespace: &'a str,
    pub entity: &'a str,
    pub resource: &'a str,
    pub shard: u32,
}

/// One image of a bucket item, as the library writes it: per limit `tc` (given) and
/// `tk`, `cp`, `ra`, `rp`; the `wcu` budget; `rf`, `shard_count` and the index keys.
pub fn bucket_image(
    b: Bucket<'_>,
    tcs: &[(&str, i64)],
    rf_ms: i64,
) -> HashMap<String, AttributeValue> {
    let s = |v: String| AttributeValue::S(v);
    let n = |v: i64| AttributeValue::N(v.to_string());
    let ns = b.namespace;
    let pk = format!("{ns}/BUCKET#{}#{}#{}", b.entity, b.resource, b.shard);
    let mut img = HashMap::from([
        ("PK".to_owned(), s(pk)),
        ("SK".to_owned(), s("#STATE".into())),
        ("entity_id".to_owned(), s(b.entity.into())),
        ("resource".to_owned(), s(b.resource.into())),
        ("rf".to_owned(), n(rf_ms)),
        ("shard_count".to_owned(), n(1)),
        (
            "GSI2PK".to_owned(),
            s(format!("{ns}/RESOURCE#{}", b.resource)),
        ),
        (
            "GSI2SK".to_owned(),
            s(format!("BUCKET#{}#{}", b.entity, b.shard)),
        ),
        ("GSI3PK".to_owned(), s(format!("{ns}/ENTITY#{}", b.entity))),
        (
            "GSI3SK".to_owned(),
            s(format!("BUCKET#{}#{}", b.resource, b.shard)),
        ),
        ("GSI4PK".to_owned(), s(ns.into())),
        (
            "GSI4SK".to_owned(),
            s(format!("BUCKET#{}#{}#{}", b.entity, b.resource, b.shard)),
        ),
        ("b_wcu_cp".to_owned(), n(1_000_000)),
        ("b_wcu_ra".to_owned(), n(1_000_000)),
        ("b_wcu_rp".to_owned(), n(1_000)),
        ("b_wcu_tk".to_owned(), n(999_000)),
        ("b_wcu_tc".to_owned(), n(1_000)),
    ]);
    let cp = 1_000_000_000i64;
    for &(limit, tc) in tcs {
        img.insert(format!("b_{limit}_tc"), n(tc));
        img.insert(format!("b_{limit}_tk"), n(cp - tc.rem_euclid(cp)));
        img.insert(format!("b_{limit}_cp"), n(cp));
        img.insert(format!("b_{limit}_ra"), n(cp));
        img.insert(format!("b_{limit}_rp"), n(60_000));
    }
    img
}

/// A stream record of a bucket item as Lambda delivers it: `INSERT` (no `old`) or
/// `MODIFY` (or any other event name, for tests).
pub fn bucket_event(
    event: &str,
    seq: u128,
    b: Bucket<'_>,
    old: Option<&[(&str, i64)]>,
    new: &[(&str, i64)],
    rf_ms: i64,
) -> EventRecord {
    let new_image = bucket_image(b, new, rf_ms);
    let keys: HashMap<String, AttributeValue> = ["PK", "SK"]
        .iter()
        .map(|k| ((*k).to_owned(), new_image[*k].clone()))
        .collect();
    let mut r = EventRecord::default();
    r.aws_region = "us-east-1".into();
    r.event_id = format!("{seq:x}");
    r.event_name = event.into();
    r.event_source = Some("aws:dynamodb".into());
    r.event_version = Some("1.1".into());
    r.change.keys = keys.into();
    if let Some(old) = old {
        r.change.old_image = bucket_image(b, old, rf_ms).into();
    }
    r.change.new_image = new_image.into();
    r.change.sequence_number = Some(seq.to_string());
    r.change.size_bytes = 1_200;
    r.change.stream_view_type = Some(StreamViewType::NewAndOldImages);
    r
}

/// Namespace of [`bucket_modify`]'s records.
pub const TEST_NAMESPACE: &str = "a7x3kq";

/// A `MODIFY` of shard 0 of `entity`'s bucket on `resource` in [`TEST_NAMESPACE`] that
/// moves one limit's counter from `old` to `new` millitokens.
pub fn bucket_modify(
    resource: &str,
    entity: &str,
    limit: &str,
    old: i64,
    new: i64,
    rf_ms: i64,
    seq: u128,
) -> EventRecord {
    let b = Bucket {
        namespace: TEST_NAMESPACE,
        entity,
        resource,
        shard: 0,
    };
    bucket_event(
        "MODIFY",
        seq,
        b,
        Some(&[(limit, old)]),
        &[(limit, new)],
        rf_ms,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::{parse, Parsed};

    #[test]
    fn deterministic_skewed_and_parseable() {
        let spec = WorkloadSpec {
            records: 2_000,
            ..WorkloadSpec::default()
        };
        let a = zipf_workload(&spec);
        assert_eq!(a, zipf_workload(&spec));
        assert_eq!(a.len(), 2_000);
        let mut per_entity: HashMap<&str, usize> = HashMap::new();
        let (mut negatives, mut inserts) = (0, 0);
        for r in &a {
            let Ok(Parsed::Change(c)) = parse(r) else {
                panic!("unparseable {r:?}")
            };
            *per_entity.entry(c.bucket.entity_id).or_default() += 1;
            negatives += c.deltas.iter().filter(|d| d.tokens < 0).count();
            inserts += usize::from(c.insert);
        }
        let hottest = per_entity.values().max().unwrap();
        assert!(
            *hottest > a.len() / 10,
            "top entity has {hottest} of {}",
            a.len()
        );
        assert!(negatives > 0);
        assert_eq!(inserts, per_entity.len());
    }
}
