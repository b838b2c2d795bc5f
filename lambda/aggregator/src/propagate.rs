//! Shard-count propagation: a `MODIFY` of a bucket's shard 0 whose `shard_count` grew (to
//! at most 32) reaches the other shards, as the reference aggregator's
//! `propagate_shard_count` does it (zae-limiter 0.17.0), under its exact conditions:
//!
//! * **Path 1**, existing shards `1..old`: `SET shard_count = :new` if `shard_count < :new`;
//!   on a shard carrying a quota, each quota's grant size as read is frozen in the same
//!   write (`gc = if_not_exists(gc, :g)`, [`quota::count_freeze`]), so a slot it still
//!   covers is not granted again.
//! * **Path 2**, new shards `old..new`: each is a clone of shard 0's image (its keys,
//!   `shard_count`, balances and counters reset) in one transaction: `Put` if
//!   `attribute_not_exists(PK)` (a shard the client already made is left alone), the
//!   owner's META pinned on the image's `pgen`/`pinc` (a move since cancels it), and for
//!   each quota a **move** off the current-period sibling covering the new slot (a donor
//!   debit, [`quota::donor_updates`]) instead of a fresh grant. A clone that would
//!   inherit a pending reset while moving a grant, or a doubling overtaken by a later
//!   one, is not made; the client creates it lazily. Quota clones whose count a later
//!   doubling overtook while they were made are raised afterwards (the clone repair).
//!
//! A clone starts each limit at its share of the capacity in force now: a parameter
//! schedule's, not the base (a clone filled at the base during a half-scale window would
//! hold twice what the schedule allows, and the fast path would spend it).
//!
//! When the quota bucket's siblings are needed they are read first, strongly consistent.
//! A bucket with a stored schedule that will not decode ([`crate::schedule`]) gets path 1
//! without freezes and no clones, as the reference does.

use crate::expr::UpdateRequest;
use crate::log;
use crate::quota::{self, attr, int, stored_count, DonorDebit, ResetRule, Sibling};
use crate::record::{bucket_key, string, BucketKey, Image, STATE_SK, WCU_LIMIT};
use crate::refill::LeftToLibrary;
use crate::sharding::MAX_SHARD_COUNT;
use crate::store::{BucketStore, StoreError, TransactError, TransactItem, WriteError};
use aws_lambda_events::dynamodb::EventRecord;
use serde_dynamo::AttributeValue;
use serde_json::json;
use std::collections::BTreeMap;

/// What one record's propagation did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Propagated {
    /// Existing shards raised (path 1).
    pub raised: usize,
    /// New shards created (path 2).
    pub cloned: usize,
    /// Writes whose condition was false (raised or created by someone else).
    pub unchanged: usize,
}

fn n(v: i64) -> AttributeValue {
    AttributeValue::N(v.to_string())
}

/// The doubling a record carries: `(shard 0's key, old count, new count)`.
pub fn doubling(record: &EventRecord) -> Option<(BucketKey<'_>, i64, i64)> {
    if record.event_name != "MODIFY" {
        return None;
    }
    let (new, old) = (&record.change.new_image, &record.change.old_image);
    let (new_count, old_count) = (int(new, "shard_count")?, int(old, "shard_count")?);
    if new_count <= old_count {
        return None;
    }
    let bucket = string(new, "PK").and_then(bucket_key)?.ok()?;
    (bucket.shard == 0 && new_count <= i64::from(MAX_SHARD_COUNT))
        .then_some((bucket, old_count, new_count))
}

/// What path 2 starts each limit at, and each quota's rule and share.
struct ClonePlan<'a> {
    starting: BTreeMap<&'a str, i64>,
    quota_shares: BTreeMap<&'a str, i64>,
    quota_capacity: BTreeMap<&'a str, i64>,
    rules: BTreeMap<&'a str, ResetRule>,
}

/// The clone plan at `now`, or why there are no clones (a schedule that will not decode).
fn clone_plan<'a>(
    image: &'a Image,
    new_count: i64,
    now: i64,
) -> Result<ClonePlan<'a>, LeftToLibrary> {
    let mut plan = ClonePlan {
        starting: BTreeMap::new(),
        quota_shares: BTreeMap::new(),
        quota_capacity: BTreeMap::new(),
        rules: BTreeMap::new(),
    };
    let tz = string(image, "sched_tz").unwrap_or("UTC");
    // The item's schedule must decode even for a limit that declares none (the
    // reference's `sched_error or limit_error`).
    let item_error = string(image, "sched")
        .filter(|s| !s.is_empty())
        .and_then(|c| crate::schedule::decode(c, tz).err());
    for limit in quota::limits_by_capacity(image) {
        let cp = int(image, &attr(limit, "cp")).unwrap_or(0);
        if limit == WCU_LIMIT {
            plan.starting.insert(limit, cp); // per partition, never divided, never scheduled
            continue;
        }
        if let Some(e) = &item_error {
            return Err(e.clone().into());
        }
        let sched = quota::param_schedule(limit, image)?;
        let quota_rule = if quota::is_quota(limit, image) {
            Some(quota::reset_rule(limit, image)?)
        } else {
            None
        };
        let calendar = quota_rule.as_ref().is_some_and(|r| !r.calendar.is_empty());
        if (calendar || !sched.is_empty()) && !crate::schedule::clock_in_range(now) {
            return Err(LeftToLibrary::ClockOutOfRange(now));
        }
        let rp = int(image, &attr(limit, "rp")).unwrap_or(0);
        let capacity = quota::scheduled_capacity(cp, rp, &sched, now);
        let share = capacity.div_euclid(new_count);
        if let Some(rule) = quota_rule {
            plan.rules.insert(limit, rule);
            plan.quota_shares.insert(limit, share);
            plan.quota_capacity.insert(limit, capacity);
        } else {
            plan.starting.insert(limit, share);
        }
    }
    Ok(plan)
}

/// Propagates the doubling `record` carries, if any.
pub async fn propagate<S: BucketStore>(
    store: &S,
    record: &EventRecord,
    now: i64,
    request_id: &str,
) -> Result<Propagated, StoreError> {
    let mut out = Propagated::default();
    let Some((bucket, old_count, new_count)) = doubling(record) else {
        return Ok(out);
    };
    let image = &record.change.new_image;
    let plan = clone_plan(image, new_count, now);
    if let Err(why) = &plan {
        log::debug(
            "shard clones left to the library",
            json!({"requestId": request_id, "resource": bucket.resource, "reason": why.to_string()}),
        );
    }

    // Quota siblings, read once before path 1 raises their counts (never on failure:
    // then path 1 runs without freezes and no clone is made, as the reference does).
    let mut old_items: BTreeMap<i64, Image> = BTreeMap::new();
    let mut siblings: BTreeMap<&str, Vec<Sibling>> = BTreeMap::new();
    let mut extra_frozen: BTreeMap<i64, Vec<(String, i64)>> = BTreeMap::new();
    let mut read_failed = false;
    if let Ok(plan) = &plan {
        if !plan.quota_shares.is_empty() {
            for shard in 0..old_count {
                match store.read_bucket(&bucket.shard_pk(shard)).await {
                    Ok(Some(item)) => {
                        old_items.insert(shard, item);
                    }
                    Ok(None) => {}
                    Err(e) => {
                        log::warn(
                            "sibling read failed; propagating without the quota freeze or clones",
                            json!({"requestId": request_id, "resource": bucket.resource, "error": e.0}),
                        );
                        old_items.clear();
                        read_failed = true;
                        break;
                    }
                }
            }
            if !read_failed {
                let carried: Vec<&str> = plan.quota_shares.keys().copied().collect();
                for (&shard, item) in &old_items {
                    let legacy = quota::legacy_sizes(shard, item, &carried, now);
                    if !legacy.is_empty() {
                        extra_frozen.insert(shard, legacy);
                    }
                }
                for &limit in plan.quota_shares.keys() {
                    let group = old_items
                        .iter()
                        .filter_map(|(&shard, item)| {
                            quota::sibling(
                                shard,
                                item,
                                limit,
                                &plan.rules[limit],
                                plan.quota_capacity[limit],
                                now,
                            )
                        })
                        .collect();
                    siblings.insert(limit, group);
                }
            }
        }
    }

    // Path 1.
    for shard in 1..old_count {
        let mut frozen: Vec<(String, i64)> = siblings
            .iter()
            .flat_map(|(limit, group)| {
                group
                    .iter()
                    .filter(move |s| s.shard == shard)
                    .map(move |s| ((*limit).to_owned(), s.grant_count))
            })
            .collect();
        frozen.extend(extra_frozen.get(&shard).cloned().unwrap_or_default());
        let write = if frozen.is_empty() {
            UpdateRequest {
                pk: bucket.shard_pk(shard),
                sk: STATE_SK.to_owned(),
                update_expression: "SET shard_count = :new".into(),
                condition_expression: "shard_count < :new".into(),
                names: Vec::new(),
                values: vec![(":new".into(), crate::expr::Value::N(new_count.to_string()))],
            }
        } else {
            quota::count_freeze(bucket.shard_pk(shard), new_count, &frozen)
        };
        match store.update_bucket(&write).await {
            Ok(()) => out.raised += 1,
            Err(WriteError::ConditionFailed) => out.unchanged += 1,
            Err(WriteError::Other(e)) => return Err(e),
        }
    }
    let Ok(plan) = plan else { return Ok(out) };
    if read_failed {
        return Ok(out);
    }

    // Path 2.
    let stored_counts: Vec<i64> = old_items.values().map(stored_count).collect();
    if !plan.quota_shares.is_empty() && stored_counts.iter().any(|&c| c > new_count) {
        return Ok(out); // overtaken by a later doubling: its record, or the client, clones
    }
    let image_rf = int(image, "rf").unwrap_or(0);
    let stale_on_image: Vec<&str> = plan
        .rules
        .iter()
        .filter(|(limit, rule)| {
            !quota::period_is_current(
                rule,
                image_rf,
                int(image, &attr(limit, "ws")),
                int(image, &attr(limit, "wa")),
                now,
            )
        })
        .map(|(limit, _)| *limit)
        .collect();
    let owner = quota::owner_check(bucket.namespace, bucket.entity_id, image);
    let mut created = Vec::new();
    for target in old_count..new_count {
        let mut item = image.clone();
        let s = |v: String| AttributeValue::S(v);
        let (entity, resource) = (bucket.entity_id, bucket.resource);
        item.insert("PK".into(), s(bucket.shard_pk(target)));
        item.insert("GSI2SK".into(), s(format!("BUCKET#{entity}#{target}")));
        item.insert("GSI3SK".into(), s(format!("BUCKET#{resource}#{target}")));
        item.insert(
            "GSI4SK".into(),
            s(format!("BUCKET#{entity}#{resource}#{target}")),
        );
        item.insert("shard_count".into(), n(new_count));
        let mut grants: BTreeMap<&str, i64> = plan.starting.clone();
        let mut debits: Vec<DonorDebit> = Vec::new();
        let mut stale_move = false;
        for (&limit, &share) in &plan.quota_shares {
            let (donor, tokens) = quota::plan_grant(&siblings[limit], target, share);
            grants.insert(limit, tokens);
            item.insert(attr(limit, "gc"), n(new_count));
            item.remove(&attr(limit, "tu"));
            if let Some(donor) = donor {
                stale_move |= stale_on_image.contains(&limit);
                if tokens > 0 {
                    debits.push(quota::donor_debit(
                        donor,
                        tokens,
                        limit,
                        &old_items[&donor.shard],
                        &plan.rules[limit],
                        now,
                    ));
                }
            }
        }
        if stale_move {
            continue; // it would inherit shard 0's pending reset over a moved grant
        }
        for (limit, tokens) in &grants {
            item.insert(attr(limit, "tk"), n(*tokens));
            item.insert(attr(limit, "tc"), n(0));
            if item.contains_key(&attr(limit, "wtc")) {
                item.insert(attr(limit, "wtc"), n(0));
            }
        }
        let mut transaction = vec![TransactItem::Put {
            item: item.into(),
            condition: "attribute_not_exists(PK)".into(),
        }];
        transaction.extend(
            quota::donor_updates(|shard| bucket.shard_pk(shard), &debits)
                .into_iter()
                .map(TransactItem::Update),
        );
        transaction.push(TransactItem::Check(owner.clone()));
        match store.transact(&transaction).await {
            Ok(()) => out.cloned += 1,
            Err(TransactError::Cancelled(reasons)) => {
                out.unchanged += 1;
                log::debug(
                    "clone transaction cancelled; left to the client",
                    json!({"requestId": request_id, "resource": bucket.resource, "shard": target, "reasons": reasons}),
                );
                continue;
            }
            Err(TransactError::Other(e)) => return Err(e),
        }
        if !plan.quota_shares.is_empty() {
            created.push(target);
        }
        for d in &debits {
            if let Some(group) = siblings.get_mut(d.limit.as_str()) {
                for s in group.iter_mut().filter(|s| s.shard == d.shard) {
                    s.tokens -= d.tokens;
                }
            }
        }
    }
    if !created.is_empty() {
        let seen = stored_counts.iter().copied().max().unwrap_or(new_count);
        let quotas: Vec<&str> = plan.quota_shares.keys().copied().collect();
        repair_clones(
            store, &bucket, new_count, &created, &quotas, seen, request_id,
        )
        .await;
    }
    Ok(out)
}

/// Raises quota clones a later doubling overtook while they were created: one strongly
/// consistent read of shard 0's count; when it (or a sibling read before) is higher, each
/// clone is raised with its grant frozen at the count it was made at. Failures are
/// logged only: the clones exist and are funded; only the next period's grant is at stake.
async fn repair_clones<S: BucketStore>(
    store: &S,
    bucket: &BucketKey<'_>,
    new_count: i64,
    clones: &[i64],
    quotas: &[&str],
    seen: i64,
    request_id: &str,
) {
    let current = match store.read_bucket(&bucket.shard_pk(0)).await {
        Ok(item) => seen.max(item.as_ref().map_or(1, stored_count)),
        Err(e) => {
            log::warn(
                "quota clone count repair failed; clones keep their created count",
                json!({"requestId": request_id, "resource": bucket.resource, "shard": 0, "error": e.0}),
            );
            return;
        }
    };
    if current <= new_count {
        return;
    }
    let frozen: Vec<(String, i64)> = quotas
        .iter()
        .map(|q| ((*q).to_owned(), new_count))
        .collect();
    for &shard in clones {
        let write = quota::count_freeze(bucket.shard_pk(shard), current, &frozen);
        if let Err(WriteError::Other(e)) = store.update_bucket(&write).await {
            log::warn(
                "quota clone count repair failed; clones keep their created count",
                json!({"requestId": request_id, "resource": bucket.resource, "shard": shard, "error": e.0}),
            );
        }
    }
}

#[cfg(test)]
#[path = "propagate_tests.rs"]
mod tests;
