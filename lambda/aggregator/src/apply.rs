//! Applying one planned group to its snapshot item, with the bounded
//! condition-failed → read marks → pinned retry loop described in [`crate::write`].

use crate::plan::Group;
use crate::schema;
use crate::store::{SnapshotStore, StoreError, WriteError};
use crate::write::BadMark;
use std::fmt;

/// Attempts per group: the first write plus up to three pinned rewrites. A pinned
/// rewrite only fails if the item changed between the read and the write, which needs
/// a concurrent writer of the same bucket's records; a few attempts are plenty.
pub const MAX_ATTEMPTS: u32 = 4;

/// A group that is now fully applied.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Applied {
    /// Written; `skipped_records` of the group were found already applied and left out.
    Written {
        attempts: u32,
        skipped_records: usize,
    },
    /// Every record of the group had been applied by an earlier delivery.
    AlreadyApplied { attempts: u32 },
}

/// A group that could not be applied; its records must be retried.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ApplyError {
    Store(StoreError),
    BadMark(BadMark),
    Contended { attempts: u32 },
}

impl fmt::Display for ApplyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ApplyError::Store(e) => write!(f, "DynamoDB error: {e}"),
            ApplyError::BadMark(e) => e.fmt(f),
            ApplyError::Contended { attempts } => {
                write!(f, "condition still failing after {attempts} attempts")
            }
        }
    }
}

/// Applies `group` exactly once to its snapshot item; `ttl` (epoch seconds) is set on
/// an item that has none.
pub async fn apply_group<S: SnapshotStore>(
    store: &S,
    group: &Group<'_>,
    ttl: i64,
) -> Result<Applied, ApplyError> {
    let marks: Vec<String> = group
        .sources
        .iter()
        .map(|s| schema::mark_attr(s.limit, s.shard))
        .collect();
    let mut write = group.first_write(ttl);
    for attempt in 1..=MAX_ATTEMPTS {
        match store.update(&write).await {
            Ok(()) => {
                let skipped_records = group.records() - write.total_events() as usize;
                return Ok(Applied::Written {
                    attempts: attempt,
                    skipped_records,
                });
            }
            Err(WriteError::Other(e)) => return Err(ApplyError::Store(e)),
            Err(WriteError::ConditionFailed) => {
                let read = store
                    .read_marks(&group.key, &marks)
                    .await
                    .map_err(ApplyError::Store)?;
                match group
                    .write_after_read(ttl, &read)
                    .map_err(ApplyError::BadMark)?
                {
                    None => return Ok(Applied::AlreadyApplied { attempts: attempt }),
                    Some(next) => write = next,
                }
            }
        }
    }
    Err(ApplyError::Contended {
        attempts: MAX_ATTEMPTS,
    })
}
