//! Running a batch's refills ([`crate::refill`]) against the table.
//!
//! A refill is an optimisation the library does not depend on (its slow path refills any
//! bucket it finds short), so nothing here fails the batch: a false condition is a lost
//! race with the library (it moved `rf`, `vu`, `ws`, a balance or the shard count since
//! the image), and any other error is logged and left to the library, exactly as the
//! reference aggregator leaves it. Writes touch distinct items, so they run concurrently.

use crate::handler::MAX_IN_FLIGHT;
use crate::log;
use crate::refill::{plan_refill, NoWrite};
use crate::refill_state::bucket_states;
use crate::store::{BucketStore, WriteError};
use aws_lambda_events::dynamodb::EventRecord;
use futures_util::stream::{self, StreamExt};
use serde_json::json;

/// What the refills of one batch did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Refilled {
    /// Shards written.
    pub written: usize,
    /// Writes whose condition was false (the bucket moved on since its image).
    pub lost_race: usize,
    /// Writes that failed otherwise (logged).
    pub failed: usize,
    /// Shards zael does not refill (schedules it does not evaluate; logged at debug).
    pub unsupported: usize,
}

/// Plans and applies the refills of `records` at `now_ms`.
pub async fn apply_refills<S: BucketStore>(
    store: &S,
    records: &[EventRecord],
    now_ms: i64,
    request_id: &str,
) -> Refilled {
    let mut out = Refilled::default();
    let (states, unreadable) = bucket_states(records);
    for (i, why) in unreadable {
        log::warn(
            "bucket record not readable for the refill; skipped",
            json!({"requestId": request_id, "recordIndex": i, "error": why.to_string()}),
        );
    }
    let mut writes = Vec::new();
    for state in &states {
        match plan_refill(state, now_ms) {
            Ok(w) => writes.push(w),
            Err(NoWrite::Sufficient) => {}
            Err(NoWrite::WindowEnded(limit)) => log::debug(
                "refill skipped: an unapplied duration window has already ended",
                json!({"requestId": request_id, "resource": state.bucket.resource, "limit": limit}),
            ),
            Err(NoWrite::Unsupported(why)) => {
                out.unsupported += 1;
                log::debug(
                    "refill skipped: left to the library",
                    json!({"requestId": request_id, "resource": state.bucket.resource, "reason": why.to_string()}),
                );
            }
        }
    }
    let results: Vec<_> = stream::iter(writes.iter())
        .map(|w| async move { (w, store.update_bucket(&w.request).await) })
        .buffer_unordered(MAX_IN_FLIGHT)
        .collect()
        .await;
    for (w, result) in results {
        match result {
            Ok(()) => out.written += 1,
            Err(WriteError::ConditionFailed) => out.lost_race += 1,
            Err(WriteError::Other(e)) => {
                out.failed += 1;
                // Never the entity id: it is routinely an API key.
                log::warn(
                    "bucket refill failed; the library refills on its own",
                    json!({"requestId": request_id, "recordIndex": w.index, "error": e.0}),
                );
            }
        }
    }
    out
}
