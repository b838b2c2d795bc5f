//! Proactive shard doubling, planned from a batch (pure), under the reference
//! aggregator's exact update and condition expressions (`try_proactive_shard` in
//! zae-limiter 0.17.0's `processor.py`): per bucket whose shard 0 changed in the batch
//! (`MODIFY`s only; the last image wins), the `wcu` write budget is projected from `rf` to
//! now with the library's integer refill (`wcu` refills 1000/s); below 20% of its
//! capacity, `SET shard_count = :new` if `shard_count = :old`, `new = min(2 * old, 32)`.
//! The doubling's own `MODIFY` then reaches the other shards through
//! [`crate::propagate`] (in the next batch), quotas included.

use crate::record::{bucket_key, string, BucketKey, Image, STATE_SK, WCU_LIMIT};
use aws_lambda_events::dynamodb::EventRecord;
use serde_dynamo::AttributeValue;
use std::collections::HashMap;

/// The library's cap on a bucket's shards.
pub const MAX_SHARD_COUNT: u32 = 32;
/// Proactive doubling when the projected `wcu` balance is below this share of capacity.
pub const WCU_LOW_RATIO: (i64, i64) = (1, 5);

/// One conditional doubling of a bucket's `shard_count` on shard 0.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShardWrite {
    /// `{ns}/BUCKET#{entity}#{resource}#{shard}`; the sort key is `#STATE`.
    pub pk: String,
    pub old: u32,
    pub new: u32,
    /// The batch position of the record that asked for it (for failure reporting).
    pub index: u32,
}

impl ShardWrite {
    pub fn update_expression(&self) -> &'static str {
        "SET shard_count = :new"
    }

    /// The reference's condition.
    pub fn condition_expression(&self) -> &'static str {
        "shard_count = :old"
    }
}

fn number(image: &Image, attr: &str) -> Option<i64> {
    match image.get(attr) {
        Some(AttributeValue::N(n)) => n.parse().ok(),
        _ => None,
    }
}

fn limit_attr(limit: &str, field: &str) -> String {
    format!("b_{limit}_{field}")
}

/// The library's integer refill (`zae_limiter.bucket.refill_bucket`), tokens only: the
/// balance after `elapsed` ms, never above `capacity` (debt is kept).
pub fn refilled(tokens: i64, elapsed_ms: i64, capacity: i64, amount: i64, period_ms: i64) -> i64 {
    if elapsed_ms <= 0 || period_ms <= 0 {
        return tokens.min(capacity);
    }
    let added = i128::from(elapsed_ms) * i128::from(amount) / i128::from(period_ms);
    let total = i128::from(tokens) + added;
    i64::try_from(total.min(i128::from(capacity))).unwrap_or(capacity)
}

/// Plans the batch's proactive doublings, in order of each bucket's last record. `now_ms`
/// projects `wcu`.
pub fn plan_shard_writes(records: &[EventRecord], now_ms: i64) -> Vec<ShardWrite> {
    // Per shard-0 bucket: its last MODIFY (index, image).
    let mut last: Vec<(BucketKey<'_>, u32, &Image)> = Vec::new();
    let mut slot: HashMap<BucketKey<'_>, usize> = HashMap::new();
    for (i, r) in records.iter().enumerate() {
        let index = u32::try_from(i).expect("batch larger than u32::MAX records");
        if r.event_name != "MODIFY" {
            continue;
        }
        let new = &r.change.new_image;
        if string(new, "SK") != Some(STATE_SK) {
            continue;
        }
        let Some(Ok(bucket)) = string(new, "PK").and_then(bucket_key) else {
            continue;
        };
        if bucket.shard != 0 {
            continue;
        }
        match slot.get(&bucket) {
            Some(&s) => last[s] = (bucket, index, new),
            None => {
                slot.insert(bucket, last.len());
                last.push((bucket, index, new));
            }
        }
    }
    last.into_iter()
        .filter_map(|(bucket, index, image)| proactive(&bucket, index, image, now_ms))
        .collect()
}

fn proactive(b: &BucketKey<'_>, index: u32, image: &Image, now_ms: i64) -> Option<ShardWrite> {
    let count = u32::try_from(number(image, "shard_count").unwrap_or(1)).ok()?;
    if count >= MAX_SHARD_COUNT || count == 0 {
        return None;
    }
    let wcu = |f| number(image, &limit_attr(WCU_LIMIT, f));
    let (tk, cp) = (wcu("tk")?, wcu("cp")?);
    if cp <= 0 {
        return None;
    }
    let (ra, rp) = (wcu("ra").unwrap_or(0), wcu("rp").unwrap_or(0));
    let rf = number(image, "rf").unwrap_or(now_ms);
    let projected = if ra > 0 && rp > 0 {
        refilled(tk, now_ms.saturating_sub(rf), cp, ra, rp)
    } else {
        tk
    };
    // projected / cp < 1/5, in integers.
    let low = i128::from(projected) * i128::from(WCU_LOW_RATIO.1)
        < i128::from(cp) * i128::from(WCU_LOW_RATIO.0);
    low.then(|| ShardWrite {
        pk: b.shard_pk(0),
        old: count,
        new: (count * 2).min(MAX_SHARD_COUNT),
        index,
    })
}

#[cfg(test)]
#[path = "sharding_tests.rs"]
mod tests;
