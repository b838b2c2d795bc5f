//! Coalescing: from a batch of stream records to one planned update per snapshot item.
//!
//! Every consumption record contributes to one snapshot item per configured window. All
//! contributions to the same item within a batch become one `UpdateItem` (fewer writes,
//! and the item is updated atomically, which the idempotency scheme in
//! [`crate::write`] relies on). Inside an item, contributions are kept per *source* (the
//! bucket item, i.e. the limit name, since entity and resource are fixed by the snapshot)
//! with their sequence numbers, so a replay can drop exactly the records already applied.
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
use crate::record::{self, Consumption, Malformed, Parsed, Skip};
use crate::seq::SeqNo;
use crate::window::WindowKind;
use aws_lambda_events::dynamodb::EventRecord;
use std::collections::HashMap;

/// Identity of one snapshot item: `(PK, SK)` in structured form.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ItemKey<'a> {
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
    pub delta_milli: i64,
}

/// Contributions from one source bucket (one limit name) to one snapshot item, in
/// stream order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Source<'a> {
    pub limit: &'a str,
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
    /// Records that carry consumption.
    pub consumptions: usize,
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
            Ok(Parsed::Consumption(c)) => {
                out.consumptions += 1;
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
    c: &Consumption<'a>,
) {
    let entry = Entry {
        index,
        seq: c.seq,
        delta_milli: c.delta_milli,
    };
    let mut done = [i64::MIN; WindowKind::ALL.len()];
    for (slot, kind) in windows.iter().enumerate() {
        let start_ms = kind.start_ms(c.event_ms);
        // Windows nest, so equal starts can only come from different kinds: add once.
        if done[..slot].contains(&start_ms) {
            continue;
        }
        done[slot] = start_ms;
        let key = ItemKey {
            entity_id: c.entity_id,
            resource: c.resource,
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
        match sources.iter_mut().find(|s| s.limit == c.limit) {
            Some(s) => s.entries.push(entry),
            None => sources.push(Source {
                limit: c.limit,
                entries: vec![entry],
            }),
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

/// Write counts of one workload: coalesced (this plan) against one write per record
/// per window (the straightforward aggregator).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WriteCounts {
    pub records: usize,
    pub naive_writes: usize,
    pub coalesced_writes: usize,
}

impl WriteCounts {
    /// Naive writes per 1,000 records.
    pub fn naive_per_1000(&self) -> f64 {
        self.naive_writes as f64 * 1000.0 / self.records as f64
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
        naive_writes: 0,
        coalesced_writes: 0,
    };
    for batch in records.chunks(batch_size) {
        let p = plan(batch, windows);
        counts.naive_writes += p.consumptions * windows.len();
        counts.coalesced_writes += p.groups.len();
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::{days_from_civil, MS_PER_DAY, MS_PER_HOUR};
    use serde_json::json;

    const H: WindowKind = WindowKind::Hourly;
    const D: WindowKind = WindowKind::Daily;
    const M: WindowKind = WindowKind::Monthly;

    fn rec(seq: u64, entity: &str, limit: &str, delta: i64, at_ms: i64) -> EventRecord {
        let img = |c: i64| {
            json!({
                "PK": {"S": format!("ENTITY#{entity}")},
                "SK": {"S": format!("#BUCKET#gpt-4#{limit}")},
                "entity_id": {"S": entity},
                "total_consumed_milli": {"N": c.to_string()},
                "data": {"M": {"last_refill_ms": {"N": at_ms.to_string()}}},
            })
        };
        serde_json::from_value(json!({
            "eventID": seq.to_string(), "eventName": "MODIFY", "awsRegion": "us-east-1",
            "dynamodb": {
                "Keys": {"PK": {"S": format!("ENTITY#{entity}")}, "SK": {"S": format!("#BUCKET#gpt-4#{limit}")}},
                "NewImage": img(1_000_000 + delta), "OldImage": img(1_000_000),
                "SequenceNumber": seq.to_string(), "SizeBytes": 10,
            }
        }))
        .unwrap()
    }

    fn at(y: i64, m: u32, d: u32, h: i64) -> i64 {
        days_from_civil(y, m, d) * MS_PER_DAY + h * MS_PER_HOUR + 1234
    }

    #[test]
    fn same_item_coalesces() {
        let t = at(2024, 5, 17, 10);
        let recs = [
            rec(1, "e1", "rpm", 1000, t),
            rec(2, "e1", "tpm", 500, t + 5),
            rec(3, "e1", "rpm", 1000, t + 9),
        ];
        let p = plan(&recs, &[H]);
        assert_eq!(p.groups.len(), 1);
        let g = &p.groups[0];
        assert_eq!(g.records(), 3);
        assert_eq!(g.sources.len(), 2);
        assert_eq!(g.sources[0].limit, "rpm");
        assert_eq!(
            g.sources[0]
                .entries
                .iter()
                .map(|e| e.index)
                .collect::<Vec<_>>(),
            [0, 2]
        );
        assert_eq!(g.sources[1].entries[0].delta_milli, 500);
    }

    #[test]
    fn different_windows_entities_and_resources_do_not_coalesce() {
        let t = at(2024, 5, 17, 10);
        let recs = [
            rec(1, "e1", "rpm", 1000, t),
            rec(2, "e2", "rpm", 1000, t),               // other entity
            rec(3, "e1", "rpm", 1000, t + MS_PER_HOUR), // next hour, same day
            rec(4, "e1", "rpm", 1000, t + MS_PER_DAY),  // next day
        ];
        let p = plan(&recs, &[H]);
        assert_eq!(p.groups.len(), 4);
        let p = plan(&recs, &[D]);
        assert_eq!(p.groups.len(), 3); // e1 day 17, e2 day 17, e1 day 18
        let p = plan(&recs, &[H, D]);
        assert_eq!(p.groups.len(), 4 + 3);
        assert!(p.groups.iter().filter(|g| g.window == D).count() == 3);
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
            "total_consumed_milli".into(),
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
        assert_eq!(p.poison, Some((2, Malformed::BadCounter("new"))));
    }

    #[test]
    fn coalescing_strictly_reduces_writes_on_a_skewed_workload() {
        let records = crate::workload::zipf_workload(&crate::workload::WorkloadSpec::default());
        let counts = count_writes(&records, &[H, D], 100);
        assert_eq!(counts.naive_writes, records.len() * 2);
        assert!(counts.coalesced_writes < counts.naive_writes, "{counts:?}");
        // Hot entities make most of a batch hit a few items.
        assert!(
            counts.coalesced_per_1000() < counts.naive_per_1000() / 2.0,
            "{counts:?}"
        );
    }
}
