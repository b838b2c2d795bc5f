//! Archiving one batch's expired audit items: one object per UTC day, in stream order,
//! stopping at the first failed upload.
//!
//! Stopping is deliberate: the failed object's first record is reported to Lambda, which
//! redelivers everything from it on, so later objects would be rewritten (or, cut
//! differently, duplicated) by the retry anyway; not uploading them now keeps duplicates
//! down and an unavailable bucket costs one failed call, not one per day.

use crate::archive::{self, DayGroup};
use crate::archive_store::ArchiveStore;
use crate::audit::Removal;
use crate::log;
use serde_json::json;

/// What the archive step did.
#[derive(Debug, Default)]
pub struct Archived {
    pub objects: usize,
    pub records: usize,
    pub failed_objects: usize,
    /// Earliest batch position not archived (a failed or unattempted object).
    pub earliest_unarchived: Option<u32>,
}

/// Uploads the day-objects of `removals` in stream order, stopping at the first failure.
pub async fn archive_removals<'r, A: ArchiveStore>(
    sink: &A,
    removals: &[Removal<'_>],
    seq_of: impl Fn(u32) -> Option<&'r str>,
    request_id: &str,
) -> Archived {
    let mut out = Archived::default();
    let groups = archive::day_groups(removals);
    for (n, group) in groups.iter().enumerate() {
        let key = group.key();
        match sink.put(&key, group.body()).await {
            Ok(()) => {
                out.objects += 1;
                out.records += group.removals.len();
                log::debug(
                    "audit object written",
                    json!({"requestId": request_id, "key": key, "records": group.removals.len()}),
                );
            }
            Err(e) => {
                out.failed_objects += 1;
                // This object and every later one (not attempted) are retried.
                out.earliest_unarchived = groups[n..].iter().map(DayGroup::first_index).min();
                log::error(
                    "audit archive upload failed; its records and the ones after them will be retried",
                    json!({"requestId": request_id, "key": key, "records": group.removals.len(),
                           "notAttemptedObjects": groups.len() - n - 1,
                           "firstSequenceNumber": out.earliest_unarchived.and_then(&seq_of), "error": e.0}),
                );
                break;
            }
        }
    }
    out
}
