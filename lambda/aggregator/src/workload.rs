//! A deterministic, realistic stream workload for benchmarks and tests.
//!
//! Rate-limited traffic is skewed: a few hot entities (API keys, tenants) make most of
//! the calls. Entities are drawn from a Zipf-like distribution (weight `1 / rank^s`); each
//! call consumes from both of the entity's buckets (`rpm`, `tpm`), which the limiter
//! writes together, so the stream carries one record per limit per call. About one call
//! in ten returns unused `tpm` tokens afterwards (a negative delta). Event times advance
//! steadily and cross an hour, a day and a month boundary.

use crate::calendar::{days_from_civil, MS_PER_DAY, MS_PER_HOUR};
use aws_lambda_events::dynamodb::{EventRecord, StreamViewType};
use serde_dynamo::AttributeValue;
use std::collections::HashMap;

/// Shape of the generated workload.
#[derive(Clone, Debug)]
pub struct WorkloadSpec {
    /// Stream records to generate (approximately: calls produce one record per limit).
    pub records: usize,
    pub entities: usize,
    /// Zipf exponent; 1.1 gives a top entity with ~20% of the traffic out of 50.
    pub zipf_s: f64,
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
            resource: "gpt-4",
            calls_per_second: 25,
            // 2024-06-30T23:58:00Z: the run crosses an hour, day and month boundary.
            start_ms: days_from_civil(2024, 6, 30) * MS_PER_DAY + 23 * MS_PER_HOUR + 58 * 60_000,
            seed: 0x5eed,
        }
    }
}

/// xorshift64*: small, fast and reproducible across platforms.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
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
    let mut counters: HashMap<(usize, &'static str), i64> = HashMap::new();
    let mut out = Vec::with_capacity(spec.records + 2);
    let mut seq: u128 = 49_160_000_000_000_000_000; // 20+ digits, like real sequence numbers
    let mut call = 0u64;
    while out.len() < spec.records {
        let pick = rng.below(acc);
        let entity = cumulative.partition_point(|&c| c <= pick);
        let at_ms = spec.start_ms + (call * 1000 / u64::from(spec.calls_per_second)) as i64;
        call += 1;
        let tpm = 100_000 + rng.below(4_000_000) as i64; // 100..4,100 tokens, in millitokens
        let mut changes = vec![("rpm", 1_000), ("tpm", tpm)];
        if rng.below(10) == 0 {
            changes.push(("tpm", -(rng.below(tpm as u64) as i64 + 1))); // unused tokens returned
        }
        for (limit, delta) in changes {
            let old = counters.entry((entity, limit)).or_insert(0);
            let new = *old + delta;
            seq += 1 + u128::from(rng.below(3));
            out.push(bucket_modify(
                spec.resource,
                &format!("entity-{entity:02}"),
                limit,
                *old,
                new,
                at_ms,
                seq,
            ));
            *old = new;
        }
    }
    out
}

/// A `MODIFY` stream record of a bucket item, as Lambda delivers it.
pub fn bucket_modify(
    resource: &str,
    entity: &str,
    limit: &str,
    old: i64,
    new: i64,
    at_ms: i64,
    seq: u128,
) -> EventRecord {
    let keys = || {
        HashMap::from([
            (
                "PK".to_owned(),
                AttributeValue::S(format!("ENTITY#{entity}")),
            ),
            (
                "SK".to_owned(),
                AttributeValue::S(format!("#BUCKET#{resource}#{limit}")),
            ),
        ])
    };
    let image = |counter: i64| {
        let mut img = keys();
        img.insert("entity_id".into(), AttributeValue::S(entity.to_owned()));
        img.insert(
            "total_consumed_milli".into(),
            AttributeValue::N(counter.to_string()),
        );
        img.insert(
            "data".into(),
            AttributeValue::M(HashMap::from([
                (
                    "last_refill_ms".to_owned(),
                    AttributeValue::N(at_ms.to_string()),
                ),
                (
                    "tokens_milli".to_owned(),
                    AttributeValue::N("1000000".into()),
                ),
            ])),
        );
        img
    };
    let mut r = EventRecord::default();
    r.aws_region = "us-east-1".into();
    r.event_id = format!("{seq:x}");
    r.event_name = "MODIFY".into();
    r.event_source = Some("aws:dynamodb".into());
    r.event_version = Some("1.1".into());
    r.change.keys = keys().into();
    r.change.new_image = image(new).into();
    r.change.old_image = image(old).into();
    r.change.sequence_number = Some(seq.to_string());
    r.change.size_bytes = 256;
    r.change.stream_view_type = Some(StreamViewType::NewAndOldImages);
    r
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
        assert!(a.len() >= 2_000);
        let mut per_entity: HashMap<&str, usize> = HashMap::new();
        let mut negatives = 0;
        for r in &a {
            let Ok(Parsed::Consumption(c)) = parse(r) else {
                panic!("unparseable {r:?}")
            };
            *per_entity.entry(c.entity_id).or_default() += 1;
            negatives += usize::from(c.delta_milli < 0);
        }
        let hottest = per_entity.values().max().unwrap();
        assert!(
            *hottest > a.len() / 10,
            "top entity has {hottest} of {}",
            a.len()
        );
        assert!(negatives > 0);
    }
}
