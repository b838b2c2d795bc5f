//! An in-memory [`SnapshotStore`] with DynamoDB's conditional-update semantics and
//! injectable failures, for unit tests of the retry, failure and idempotency logic.

use crate::expr::UpdateRequest;
use crate::plan::ItemKey;
use crate::record::Image;
use crate::schema;
use crate::sharding::ShardWrite;
use crate::store::{
    BucketStore, SnapshotStore, StoreError, TransactError, TransactItem, WriteError,
};
use crate::window;
use crate::write::{Guard, SnapshotWrite, StoredMark};
use std::collections::{BTreeMap, HashMap};
use std::future::Future;
use std::sync::Mutex;

/// One snapshot item, as the aggregator would leave it in DynamoDB.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Snapshot {
    pub window: String,
    pub ttl: i64,
    pub total_events: u64,
    /// Whole tokens per limit.
    pub counters: BTreeMap<String, i128>,
    /// `{limit}#od` counters.
    pub overdrawn: BTreeMap<String, u64>,
    /// Padded marks per mark attribute (`seq#{limit}#{shard}`).
    pub marks: BTreeMap<String, String>,
}

/// How the store misbehaves.
#[derive(Clone, Copy, Debug, Default)]
pub enum Chaos {
    #[default]
    None,
    /// Every update fails.
    FailAll,
    /// Updates fail with probability `1/n`; half of those failures happen *after* the
    /// write was applied (a timeout on the response), the other half before.
    Random { one_in: u64, seed: u64 },
}

#[derive(Default)]
struct State {
    items: BTreeMap<(String, String), Snapshot>,
    raw_marks: HashMap<(String, String, String), StoredMark>,
    chaos: Chaos,
    rng: u64,
    /// Bucket PK -> shard_count (no bucket unless a test puts one there).
    shard_counts: BTreeMap<String, u32>,
    /// Bucket updates (refills) received, in order; they always succeed (but chaos).
    bucket_updates: Vec<UpdateRequest>,
    /// Transactions received, in order; they always succeed.
    transactions: Vec<Vec<TransactItem>>,
    pub updates: usize,
}

#[derive(Default)]
pub struct MemoryStore {
    state: Mutex<State>,
}

fn item_key(key: &ItemKey<'_>) -> (String, String) {
    (
        schema::pk(key.namespace, key.entity_id),
        schema::usage_sk(key.resource, &window::window_key(key.start_ms)),
    )
}

impl MemoryStore {
    pub fn with_chaos(chaos: Chaos) -> MemoryStore {
        let rng = match chaos {
            Chaos::Random { seed, .. } => seed | 1,
            _ => 1,
        };
        MemoryStore {
            state: Mutex::new(State {
                chaos,
                rng,
                ..State::default()
            }),
        }
    }

    /// Plants a mark value of the wrong type, as a foreign writer might.
    pub fn plant_foreign_mark(&self, key: &ItemKey<'_>, limit: &str, shard: u32) {
        let (pk, sk) = item_key(key);
        self.state.lock().unwrap().raw_marks.insert(
            (pk, sk, schema::mark_attr(limit, shard)),
            StoredMark::NotAString,
        );
    }

    pub fn snapshots(&self) -> BTreeMap<(String, String), Snapshot> {
        self.state.lock().unwrap().items.clone()
    }

    pub fn transactions(&self) -> Vec<Vec<TransactItem>> {
        self.state.lock().unwrap().transactions.clone()
    }

    pub fn bucket_updates(&self) -> Vec<UpdateRequest> {
        self.state.lock().unwrap().bucket_updates.clone()
    }

    pub fn updates(&self) -> usize {
        self.state.lock().unwrap().updates
    }

    /// A bucket write: `write` on the state, unless every write is made to fail.
    fn bucket_write(
        &self,
        write: impl FnOnce(&mut State) -> Result<(), WriteError>,
    ) -> std::future::Ready<Result<(), WriteError>> {
        let mut st = self.state.lock().unwrap();
        std::future::ready(if matches!(st.chaos, Chaos::FailAll) {
            Err(WriteError::Other(StoreError("injected failure".into())))
        } else {
            write(&mut st)
        })
    }
}

impl State {
    fn roll(&mut self, one_in: u64) -> Option<bool> {
        self.rng ^= self.rng << 13;
        self.rng ^= self.rng >> 7;
        self.rng ^= self.rng << 17;
        self.rng
            .is_multiple_of(one_in)
            .then_some(self.rng & 0x100 != 0)
    }

    fn mark(&self, pk: &str, sk: &str, attr: &str) -> StoredMark {
        if let Some(m) = self
            .raw_marks
            .get(&(pk.to_owned(), sk.to_owned(), attr.to_owned()))
        {
            return m.clone();
        }
        match self
            .items
            .get(&(pk.to_owned(), sk.to_owned()))
            .and_then(|s| s.marks.get(attr))
        {
            Some(m) => StoredMark::String(m.clone()),
            None => StoredMark::Absent,
        }
    }
}

impl SnapshotStore for MemoryStore {
    fn update(&self, w: &SnapshotWrite<'_>) -> impl Future<Output = Result<(), WriteError>> + Send {
        let result = (|| {
            let mut st = self.state.lock().unwrap();
            st.updates += 1;
            let after_apply = match st.chaos {
                Chaos::None => None,
                Chaos::FailAll => {
                    return Err(WriteError::Other(StoreError("injected failure".into())))
                }
                Chaos::Random { one_in, .. } => st.roll(one_in),
            };
            if after_apply == Some(false) {
                return Err(WriteError::Other(StoreError(
                    "injected failure before the write".into(),
                )));
            }
            let (pk, sk) = item_key(&w.key);
            for s in &w.sources {
                let mark = st.mark(&pk, &sk, &schema::mark_attr(s.limit, s.shard));
                // DynamoDB: comparing a missing or non-string attribute with `<` or `=` is false.
                let holds = match (s.guard, &mark) {
                    (Guard::Below(_), StoredMark::Absent) | (Guard::Absent, StoredMark::Absent) => {
                        true
                    }
                    (Guard::Below(first), StoredMark::String(m)) => m.as_str() < first.as_str(),
                    (Guard::Equals(read), StoredMark::String(m)) => m.as_str() == read.as_str(),
                    _ => false,
                };
                if !holds {
                    return Err(WriteError::ConditionFailed);
                }
            }
            let snap = st.items.entry((pk, sk)).or_insert_with(|| Snapshot {
                ttl: w.ttl,
                ..Snapshot::default()
            });
            snap.window = w.window.name().to_owned();
            snap.total_events += w.total_events();
            for s in &w.sources {
                *snap.counters.entry(s.limit.to_owned()).or_default() += s.tokens;
                if s.overdrawn > 0 {
                    *snap.overdrawn.entry(s.limit.to_owned()).or_default() += s.overdrawn;
                }
                snap.marks.insert(
                    schema::mark_attr(s.limit, s.shard),
                    s.last.as_str().to_owned(),
                );
            }
            match after_apply {
                Some(true) => Err(WriteError::Other(StoreError(
                    "injected failure after the write".into(),
                ))),
                _ => Ok(()),
            }
        })();
        std::future::ready(result)
    }

    fn read_marks(
        &self,
        key: &ItemKey<'_>,
        marks: &[String],
    ) -> impl Future<Output = Result<Vec<StoredMark>, StoreError>> + Send {
        let (pk, sk) = item_key(key);
        let st = self.state.lock().unwrap();
        std::future::ready(Ok(marks.iter().map(|m| st.mark(&pk, &sk, m)).collect()))
    }
}

impl BucketStore for MemoryStore {
    fn read_bucket(
        &self,
        _pk: &str,
    ) -> impl Future<Output = Result<Option<Image>, StoreError>> + Send {
        std::future::ready(Ok(None))
    }

    fn transact(
        &self,
        items: &[TransactItem],
    ) -> impl Future<Output = Result<(), TransactError>> + Send {
        let mut st = self.state.lock().unwrap();
        st.transactions.push(items.to_vec());
        std::future::ready(Ok(()))
    }

    fn update_bucket(
        &self,
        request: &UpdateRequest,
    ) -> impl Future<Output = Result<(), WriteError>> + Send {
        self.bucket_write(|st| {
            st.bucket_updates.push(request.clone());
            Ok(())
        })
    }

    fn update_shard_count(
        &self,
        w: &ShardWrite,
    ) -> impl Future<Output = Result<(), WriteError>> + Send {
        self.bucket_write(|st| {
            // DynamoDB: a condition on a missing item (or attribute) is false.
            if st.shard_counts.get(&w.pk).is_some_and(|&c| c == w.old) {
                st.shard_counts.insert(w.pk.clone(), w.new);
                Ok(())
            } else {
                Err(WriteError::ConditionFailed)
            }
        })
    }
}
