//! Coalescing: from a batch of stream records to one planned update per snapshot item.
//!
//! Every bucket record contributes to one snapshot item per configured window. All
//! contributions to the same item within a batch become one `UpdateItem` (fewer writes,
//! and the item is updated atomically, which the idempotency scheme in
//! [`crate::write`] relies on). Inside an item, contributions are kept per *source*: one
//! limit of one bucket shard (namespace, entity and resource are fixed by the item), with
//! their sequence numbers, so a replay can drop exactly the records already applied.
//!
//! **Colliding windows.** The contract keys snapshots by window *start* only
//! (`#USAGE#{resource}#{window_key}`), so the hourly window 00:00 of a day, that day's
//! daily window and (on the 1st) the monthly window are the *same item*. The plan treats
//! the item as the largest configured window starting at that instant: each record is
//! added to an item at most once (even if two window kinds map it there), and the item's
//! `window` attribute names the largest kind. Daily and monthly totals therefore stay
//! right; the hourly value of hour 00 is not stored separately. See the crate docs.
//!
//! TTL removals of audit items ([`crate::audit`]) are collected in [`Plan::audits`] for
//! the archive; they never touch a snapshot.
//!
//! A record that cannot be parsed stops the plan ([`Plan::poison`]): later records are
//! not planned, so that Lambda retries from the poison record on, in order.

use crate::audit::{self, Class, Removal};
use crate::record::{self, BucketChange, Malformed, Parsed, Skip};
use crate::seq::SeqNo;
use crate::window::WindowKind;
use aws_lambda_events::dynamodb::EventRecord;
use std::collections::HashMap;

/// Identity of one snapshot item: `(PK, SK)` in structured form.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ItemKey<'a> {
    pub namespace: &'a str,
    pub entity_id: &'a str,
    pub resource: &'a str,
    /// Window start, epoch milliseconds UTC.
    pub start_ms: i64,
}

/// One record's contribution to one snapshot item.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Entry {
    /// Position of the record in the batch (for failure reporting).
    pub index: u32,
    pub seq: SeqNo,
    /// Whole tokens ([`record::LimitDelta::tokens`]).
    pub tokens: i64,
    pub overdrawn: bool,
}

/// Contributions from one source (one limit of one bucket shard) to one snapshot item,
/// in stream order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Source<'a> {
    pub limit: &'a str,
    pub shard: u32,
    pub entries: Vec<Entry>,
}

/// Everything one batch contributes to one snapshot item.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Group<'a> {
    pub key: ItemKey<'a>,
    /// The largest configured window kind that starts at `key.start_ms`.
    pub window: WindowKind,
    pub sources: Vec<Source<'a>>,
}

impl Group<'_> {
    /// Batch position of the earliest record in this group.
    pub fn first_index(&self) -> u32 {
        self.sources
            .iter()
            .flat_map(|s| s.entries.iter().map(|e| e.index))
            .min()
            .unwrap_or(u32::MAX)
    }

    /// Number of records in this group.
    pub fn records(&self) -> usize {
        self.sources.iter().map(|s| s.entries.len()).sum()
    }
}

/// The result of planning one batch.
#[derive(Debug, Default)]
pub struct Plan<'a> {
    /// One entry per snapshot item to update, in order of first appearance.
    pub groups: Vec<Group<'a>>,
    /// Records that carry no consumption, with their batch position.
    pub skipped: Vec<(u32, Skip)>,
    /// Bucket records that carry consumption.
    pub consumptions: usize,
    /// Of those, `MODIFY`s (the only ones the reference aggregator counts).
    pub modifies: usize,
    /// Limit deltas in `MODIFY`s: the reference writes one update per delta per window.
    pub modify_deltas: usize,
    /// TTL removals of audit items to archive, in batch order.
    pub audits: Vec<Removal<'a>>,
    /// The first record that could not be parsed; records from it on were not planned.
    pub poison: Option<(u32, Malformed)>,
}

/// Plans a batch, archiving audit removals. `windows` must be sorted and free of
/// duplicates (as [`crate::config::Config`] guarantees).
pub fn plan<'a>(records: &'a [EventRecord], windows: &[WindowKind]) -> Plan<'a> {
    plan_batch(records, windows, true)
}

/// Plans a batch. With `archive_audit` false (no archive bucket), TTL removals of audit
/// items are skipped as [`Skip::AuditArchivalDisabled`] instead of collected.
pub fn plan_batch<'a>(
    records: &'a [EventRecord],
    windows: &[WindowKind],
    archive_audit: bool,
) -> Plan<'a> {
    let mut out = Plan::default();
    let mut index_of: HashMap<ItemKey<'a>, usize> = HashMap::with_capacity(records.len());
    for (i, rec) in records.iter().enumerate() {
        let i = u32::try_from(i).expect("batch larger than u32::MAX records");
        match audit::classify(rec) {
            Class::NotAudit => {}
            Class::NotTtl => {
                out.skipped.push((i, Skip::AuditNotTtl));
                continue;
            }
            Class::TtlRemoval if !archive_audit => {
                out.skipped.push((i, Skip::AuditArchivalDisabled));
                continue;
            }
            Class::TtlRemoval => match audit::parse(i, rec) {
                Ok(removal) => {
                    out.audits.push(removal);
                    continue;
                }
                Err(e) => {
                    out.poison = Some((i, e));
                    break;
                }
            },
        }
        match record::parse(rec) {
            Ok(Parsed::Skip(reason)) => out.skipped.push((i, reason)),
            Ok(Parsed::Change(c)) => {
                out.consumptions += 1;
                if !c.insert {
                    out.modifies += 1;
                    out.modify_deltas += c.deltas.len();
                }
                add(&mut out.groups, &mut index_of, windows, i, &c);
            }
            Err(e) => {
                out.poison = Some((i, e));
                break;
            }
        }
    }
    out
}

fn add<'a>(
    groups: &mut Vec<Group<'a>>,
    index_of: &mut HashMap<ItemKey<'a>, usize>,
    windows: &[WindowKind],
    index: u32,
    c: &BucketChange<'a>,
) {
    let mut done = [i64::MIN; WindowKind::ALL.len()];
    for (slot, kind) in windows.iter().enumerate() {
        let start_ms = kind.start_ms(c.event_ms);
        // Windows nest, so equal starts can only come from different kinds: add once.
        if done[..slot].contains(&start_ms) {
            continue;
        }
        done[slot] = start_ms;
        let key = ItemKey {
            namespace: c.bucket.namespace,
            entity_id: c.bucket.entity_id,
            resource: c.bucket.resource,
            start_ms,
        };
        let g = *index_of.entry(key).or_insert_with(|| {
            groups.push(Group {
                key,
                window: largest_starting_at(windows, start_ms),
                sources: Vec::new(),
            });
            groups.len() - 1
        });
        let sources = &mut groups[g].sources;
        let shard = c.bucket.shard;
        for d in &c.deltas {
            let entry = Entry {
                index,
                seq: c.seq,
                tokens: d.tokens,
                overdrawn: d.overdrawn,
            };
            match sources
                .iter_mut()
                .find(|s| s.limit == d.limit && s.shard == shard)
            {
                Some(s) => s.entries.push(entry),
                None => sources.push(Source {
                    limit: d.limit,
                    shard,
                    entries: vec![entry],
                }),
            }
        }
    }
}

fn largest_starting_at(windows: &[WindowKind], start_ms: i64) -> WindowKind {
    *windows
        .iter()
        .rev()
        .find(|k| k.start_ms(start_ms) == start_ms)
        .expect("start of a configured window")
}

/// Snapshot write counts of one workload: coalesced (this plan) against the reference
/// aggregator's, one `UpdateItem` per limit delta of every `MODIFY` per window
/// (`update_snapshot` in zae-limiter 0.17.0's `processor.py`; its refill and sharding
/// writes come on top and are not counted).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WriteCounts {
    pub records: usize,
    pub reference_writes: usize,
    pub coalesced_writes: usize,
}

impl WriteCounts {
    /// Reference writes per 1,000 records.
    pub fn reference_per_1000(&self) -> f64 {
        self.reference_writes as f64 * 1000.0 / self.records as f64
    }
    /// Coalesced writes per 1,000 records.
    pub fn coalesced_per_1000(&self) -> f64 {
        self.coalesced_writes as f64 * 1000.0 / self.records as f64
    }
}

/// Counts the writes for `records` delivered in Lambda batches of `batch_size`.
pub fn count_writes(
    records: &[EventRecord],
    windows: &[WindowKind],
    batch_size: usize,
) -> WriteCounts {
    let mut counts = WriteCounts {
        records: records.len(),
        reference_writes: 0,
        coalesced_writes: 0,
    };
    for batch in records.chunks(batch_size) {
        let p = plan(batch, windows);
        counts.reference_writes += p.modify_deltas * windows.len();
        counts.coalesced_writes += p.groups.len();
    }
    counts
}

#[cfg(test)]
#[path = "plan_tests.rs"]
mod tests;
