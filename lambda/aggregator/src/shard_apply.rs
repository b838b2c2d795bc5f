//! Running a batch's proactive doublings ([`crate::sharding`]) against the table.
//!
//! A false condition is the expected outcome of a race or a replay (another writer
//! already doubled the count) and is not an error. A doubling that fails otherwise is
//! only logged: it is an optimisation, and the library doubles on its own when a write
//! finds the budget exhausted.

use crate::log;
use crate::sharding::ShardWrite;
use crate::store::{BucketStore, WriteError};
use serde_json::json;

/// What the doublings of one batch did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Sharded {
    pub doubled: usize,
    /// Writes whose condition was false (raced, replayed).
    pub unchanged: usize,
}

/// Applies `writes` in order.
pub async fn apply_shard_writes<S: BucketStore>(
    store: &S,
    writes: &[ShardWrite],
    request_id: &str,
) -> Sharded {
    let mut out = Sharded::default();
    for w in writes {
        match store.update_shard_count(w).await {
            Ok(()) => {
                out.doubled += 1;
                log::info(
                    "bucket shard count doubled (wcu budget below 20%)",
                    json!({"requestId": request_id, "bucket": w.pk, "from": w.old, "to": w.new}),
                );
            }
            Err(WriteError::ConditionFailed) => out.unchanged += 1,
            Err(WriteError::Other(e)) => log::warn(
                "proactive shard doubling failed; the library doubles on its own",
                json!({"requestId": request_id, "bucket": w.pk, "error": e.0}),
            ),
        }
    }
    out
}
