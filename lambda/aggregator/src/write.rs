//! Idempotent snapshot writes: what to add, which marks to set, and the guard that makes
//! a second delivery of the same records a no-op.
//!
//! Each snapshot item stores, per source (one limit of one bucket shard), a high-water
//! mark `seq#{limit}#{shard}`: the padded sequence number of the last record of that
//! bucket shard applied to the item.
//! Records of one bucket reach the aggregator in stream order and each item is updated
//! atomically with *all* of a batch's records for it, so the records applied to an item
//! are always a prefix (in stream order) of that bucket's records for that item; the mark
//! is the end of that prefix and "applied" is exactly "seq <= mark".
//!
//! * First attempt: guard every source with `attribute_not_exists(mark) OR mark < first`,
//!   where `first` is the earliest sequence number of the source in this write.
//! * If that condition fails, some of the records were applied before (a retry, a replay
//!   after partial failure, an overlapping bisected batch). The current marks are read
//!   (strongly consistent), records with `seq <= mark` are dropped, and the rest is
//!   written with the guard pinned to the values read (`mark = :read` or
//!   `attribute_not_exists(mark)`), so a concurrent change is detected instead of
//!   overwritten. Sources with nothing left are left out of the write entirely.
//!
//! Assumptions: the records of one bucket item reach one invocation at a time, in
//! sequence order (the event source mapping reads a shard with one invocation at a time,
//! a parent shard before its children, and a `ParallelizationFactor` keeps a partition
//! key in order); and an item's sequence numbers keep increasing across shard splits
//! (stream sequence numbers grow with time; not checked here against a real split).
//!
//! Limit of the scheme: once Lambda gives up on a record (retries exhausted, batch sent
//! to the DLQ) later records of the same bucket move the mark past it, so re-feeding
//! that record afterwards would be dropped as already applied. The DLQ of a stream
//! mapping holds the batch's shard and sequence range, not the records; recovering it
//! means re-aggregating that range by hand.

use crate::plan::{Group, ItemKey, Source};
use crate::schema;
use crate::seq::SeqNo;
use crate::window::{self, WindowKind};
use std::fmt;

/// The condition a write puts on one source's mark.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Guard {
    /// `attribute_not_exists(mark) OR mark < first`: nothing of this write applied yet.
    Below(SeqNo),
    /// `attribute_not_exists(mark)`: pinned to a read that found no mark.
    Absent,
    /// `mark = value`: pinned to a read that found this mark.
    Equals(SeqNo),
}

/// What one write does for one source (one limit of one bucket shard).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceWrite<'a> {
    pub limit: &'a str,
    pub shard: u32,
    /// Sum of the written records' whole-token deltas.
    pub tokens: i128,
    /// Records written: each is one `total_events` (one limit delta, as the reference
    /// counts).
    pub events: u64,
    /// Records that left this soft limit in debt (`{limit}#od`).
    pub overdrawn: u64,
    /// New mark: sequence number of the last record written.
    pub last: SeqNo,
    pub guard: Guard,
}

/// One conditional `UpdateItem` on one snapshot item.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SnapshotWrite<'a> {
    pub key: ItemKey<'a>,
    pub window: WindowKind,
    /// `ttl` (epoch seconds) to set if the item has none yet.
    pub ttl: i64,
    pub sources: Vec<SourceWrite<'a>>,
}

impl SnapshotWrite<'_> {
    pub fn window_key(&self) -> String {
        window::window_key(self.key.start_ms)
    }
    pub fn total_events(&self) -> u64 {
        self.sources.iter().map(|s| s.events).sum()
    }
}

/// A mark as read back from the snapshot item.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StoredMark {
    Absent,
    String(String),
    /// The attribute exists but is not a string: not written by this aggregator.
    NotAString,
}

/// A stored mark that this aggregator cannot have written. Writing over it could double
/// count or lose consumption, so the item's records fail instead.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BadMark {
    pub attribute: String,
    pub found: String,
}

impl fmt::Display for BadMark {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "snapshot attribute {} holds {}, not a {}-digit sequence number",
            self.attribute,
            self.found,
            crate::seq::SEQ_WIDTH
        )
    }
}

fn source_write<'a>(
    src: &Source<'a>,
    keep: impl Fn(SeqNo) -> bool,
    guard: impl Fn(SeqNo) -> Guard,
) -> Option<SourceWrite<'a>> {
    let mut kept = src.entries.iter().filter(|e| keep(e.seq));
    let first = kept.next()?;
    let mut w = SourceWrite {
        limit: src.limit,
        shard: src.shard,
        tokens: i128::from(first.tokens),
        events: 1,
        overdrawn: u64::from(first.overdrawn),
        last: first.seq,
        guard: guard(first.seq),
    };
    for e in kept {
        w.tokens += i128::from(e.tokens);
        w.events += 1;
        w.overdrawn += u64::from(e.overdrawn);
        w.last = w.last.max(e.seq);
    }
    Some(w)
}

impl<'a> Group<'a> {
    /// The first attempt: everything in the group, guarded by "not applied yet".
    pub fn first_write(&self, ttl: i64) -> SnapshotWrite<'a> {
        let sources = self
            .sources
            .iter()
            .filter_map(|s| {
                let first = s.entries.iter().map(|e| e.seq).min()?;
                source_write(s, |_| true, |_| Guard::Below(first))
            })
            .collect();
        SnapshotWrite {
            key: self.key,
            window: self.window,
            ttl,
            sources,
        }
    }

    /// The write after a failed condition, given the marks read back (same order as
    /// `self.sources`). `Ok(None)` when every record was already applied.
    pub fn write_after_read(
        &self,
        ttl: i64,
        marks: &[StoredMark],
    ) -> Result<Option<SnapshotWrite<'a>>, BadMark> {
        assert_eq!(marks.len(), self.sources.len(), "one mark per source");
        let mut sources = Vec::with_capacity(self.sources.len());
        for (src, mark) in self.sources.iter().zip(marks) {
            let stored = match mark {
                StoredMark::Absent => None,
                StoredMark::String(s) => Some(SeqNo::parse_padded(s).map_err(|_| BadMark {
                    attribute: schema::mark_attr(src.limit, src.shard),
                    found: format!("{s:?}"),
                })?),
                StoredMark::NotAString => {
                    return Err(BadMark {
                        attribute: schema::mark_attr(src.limit, src.shard),
                        found: "a non-string value".into(),
                    })
                }
            };
            let pinned = match stored {
                None => Guard::Absent,
                Some(m) => Guard::Equals(m),
            };
            if let Some(w) = source_write(src, |seq| stored.is_none_or(|m| seq > m), |_| pinned) {
                sources.push(w);
            }
        }
        Ok((!sources.is_empty()).then_some(SnapshotWrite {
            key: self.key,
            window: self.window,
            ttl,
            sources,
        }))
    }
}

#[cfg(test)]
#[path = "write_tests.rs"]
mod tests;
