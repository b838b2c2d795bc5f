//! Running a batch's sharding writes ([`crate::sharding`]) against the table.
//!
//! A false condition is the expected outcome of a race or a replay (another writer
//! already doubled or raised the count) and is not an error. A propagation that fails
//! otherwise is reported like a failed snapshot write (its record is retried): a sibling
//! left at the old count over-admits until it is raised. A failed proactive doubling is
//! only logged: it is an optimisation, and the library doubles on its own when a write
//! finds the budget exhausted.

use crate::log;
use crate::sharding::{ShardWrite, ShardWriteKind};
use crate::store::{BucketStore, WriteError};
use serde_json::json;

/// What the sharding writes of one batch did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Sharded {
    pub doubled: usize,
    pub propagated: usize,
    /// Writes whose condition was false (raced, replayed).
    pub unchanged: usize,
    /// Batch position of the earliest record whose propagation failed.
    pub earliest_failed: Option<u32>,
}

/// Applies `writes` in order.
pub async fn apply_shard_writes<S: BucketStore>(
    store: &S,
    writes: &[ShardWrite],
    request_id: &str,
) -> Sharded {
    let mut out = Sharded::default();
    for w in writes {
        match (store.update_shard_count(w).await, w.kind) {
            (Ok(()), ShardWriteKind::Double) => {
                out.doubled += 1;
                log::info(
                    "bucket shard count doubled (wcu budget below 20%)",
                    json!({"requestId": request_id, "bucket": w.pk, "from": w.old, "to": w.new}),
                );
            }
            (Ok(()), ShardWriteKind::Propagate) => out.propagated += 1,
            (Err(WriteError::ConditionFailed), _) => out.unchanged += 1,
            (Err(WriteError::Other(e)), ShardWriteKind::Double) => log::warn(
                "proactive shard doubling failed; the library doubles on its own",
                json!({"requestId": request_id, "bucket": w.pk, "error": e}),
            ),
            (Err(WriteError::Other(e)), ShardWriteKind::Propagate) => {
                log::error(
                    "shard count propagation failed; its record will be retried",
                    json!({"requestId": request_id, "bucket": w.pk, "to": w.new, "error": e}),
                );
                out.earliest_failed = Some(out.earliest_failed.map_or(w.index, |i| i.min(w.index)));
            }
        }
    }
    out
}
