//! Where archive objects go, as a trait: one whole-object upload. The S3 implementation
//! is [`crate::s3`]; unit tests use an in-memory one.
//!
//! A put must be all-or-nothing and overwrite an existing object of the same key: that
//! is what makes a replayed batch rewrite its objects instead of duplicating them
//! ([`crate::archive`]). S3's `PutObject` is both.

use std::future::Future;

use crate::store::StoreError;

/// Storage of archive objects.
pub trait ArchiveStore: Sync {
    /// Stores `body` under `key`, replacing any object there. `Ok` only once the object
    /// is durably stored.
    fn put(&self, key: &str, body: Vec<u8>) -> impl Future<Output = Result<(), StoreError>> + Send;
}
