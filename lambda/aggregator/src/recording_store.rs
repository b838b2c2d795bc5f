//! A [`BucketStore`] that serves scripted bucket reads and records every write, for the
//! propagation tests (the unit tests and the property test against the library): both
//! judge what propagation writes, not how a table would apply it.

use crate::expr::UpdateRequest;
use crate::record::Image;
use crate::sharding::ShardWrite;
use crate::store::{BucketStore, StoreError, TransactError, TransactItem, WriteError};
use std::collections::HashMap;
use std::future::Future;
use std::sync::Mutex;

#[derive(Default)]
pub struct RecordingBucketStore {
    /// shard -> the items its successive reads return (the last one repeats).
    reads: Mutex<HashMap<String, Vec<Image>>>,
    updates: Mutex<Vec<UpdateRequest>>,
    transactions: Mutex<Vec<Vec<TransactItem>>>,
}

impl RecordingBucketStore {
    /// Reads of `pk` return `items` one after the other, the last one from then on.
    pub fn serve(&self, pk: &str, items: Vec<Image>) {
        self.reads.lock().unwrap().insert(pk.to_string(), items);
    }

    /// The bucket updates (path 1) made so far, in order.
    pub fn updates(&self) -> Vec<UpdateRequest> {
        self.updates.lock().unwrap().clone()
    }

    /// The transactions (clones) made so far, in order.
    pub fn transactions(&self) -> Vec<Vec<TransactItem>> {
        self.transactions.lock().unwrap().clone()
    }
}

impl BucketStore for RecordingBucketStore {
    fn update_shard_count(
        &self,
        _: &ShardWrite,
    ) -> impl Future<Output = Result<(), WriteError>> + Send {
        std::future::ready(Ok(()))
    }
    fn update_bucket(
        &self,
        r: &UpdateRequest,
    ) -> impl Future<Output = Result<(), WriteError>> + Send {
        self.updates.lock().unwrap().push(r.clone());
        std::future::ready(Ok(()))
    }
    fn read_bucket(
        &self,
        pk: &str,
    ) -> impl Future<Output = Result<Option<Image>, StoreError>> + Send {
        let mut reads = self.reads.lock().unwrap();
        let item = reads.get_mut(pk).and_then(|queue| {
            if queue.len() > 1 {
                Some(queue.remove(0))
            } else {
                queue.first().cloned()
            }
        });
        std::future::ready(Ok(item))
    }
    fn transact(
        &self,
        items: &[TransactItem],
    ) -> impl Future<Output = Result<(), TransactError>> + Send {
        self.transactions.lock().unwrap().push(items.to_vec());
        std::future::ready(Ok(()))
    }
}
