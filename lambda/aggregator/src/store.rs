//! The only I/O the aggregator needs, as a trait: one conditional update and one read of
//! the marks of a snapshot item. The DynamoDB implementation is in [`crate::dynamo`];
//! unit tests use an in-memory one, so the retry and failure logic is tested without a
//! network.

use crate::expr::UpdateRequest;
use crate::plan::ItemKey;
use crate::quota::Check;
use crate::record::Image;
use crate::sharding::ShardWrite;
use crate::write::{SnapshotWrite, StoredMark};
use std::future::Future;

/// Shared with the other Lambda crate ([`zael_lambda_support`]).
pub use zael_lambda_support::StoreError;

/// Why an update did not happen.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WriteError {
    /// The write's guard was false: some of its records may already be applied.
    ConditionFailed,
    /// Anything else.
    Other(StoreError),
}

/// Storage of snapshot items.
pub trait SnapshotStore: Sync {
    /// Applies `write` atomically if, and only if, its guards hold.
    fn update(
        &self,
        write: &SnapshotWrite<'_>,
    ) -> impl Future<Output = Result<(), WriteError>> + Send;

    /// Reads (strongly consistent) the mark attributes `marks` of the item `key`, in the
    /// same order; a missing item reads as all marks [`StoredMark::Absent`].
    fn read_marks(
        &self,
        key: &ItemKey<'_>,
        marks: &[String],
    ) -> impl Future<Output = Result<Vec<StoredMark>, StoreError>> + Send;
}

/// Storage of bucket items, for the sharding writes ([`crate::sharding`]).
pub trait BucketStore: Sync {
    /// Applies `write` (`SET shard_count`) atomically if, and only if, its condition
    /// holds; a false condition is [`WriteError::ConditionFailed`].
    fn update_shard_count(
        &self,
        write: &ShardWrite,
    ) -> impl Future<Output = Result<(), WriteError>> + Send;

    /// Applies a bucket `UpdateItem` (a refill, [`crate::refill`]) atomically if, and
    /// only if, its condition holds; a false condition is [`WriteError::ConditionFailed`].
    fn update_bucket(
        &self,
        request: &UpdateRequest,
    ) -> impl Future<Output = Result<(), WriteError>> + Send;

    /// Reads (strongly consistent) the bucket item `pk` / `#STATE`; `None` if absent.
    fn read_bucket(
        &self,
        pk: &str,
    ) -> impl Future<Output = Result<Option<Image>, StoreError>> + Send;

    /// Applies `items` as one `TransactWriteItems`: all or nothing.
    fn transact(
        &self,
        items: &[TransactItem],
    ) -> impl Future<Output = Result<(), TransactError>> + Send;
}

/// One action of a transaction ([`crate::propagate`]'s clones).
#[derive(Clone, Debug, PartialEq)]
pub enum TransactItem {
    Put { item: Image, condition: String },
    Update(UpdateRequest),
    Check(Check),
}

/// Why a transaction did not happen.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TransactError {
    /// A condition was false (the cancellation reasons, in item order).
    Cancelled(Vec<String>),
    Other(StoreError),
}
