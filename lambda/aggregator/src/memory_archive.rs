//! An in-memory [`ArchiveStore`] that can be told to fail, for unit tests of the
//! handler's archive ordering and failure reporting.

use crate::archive_store::ArchiveStore;
use crate::store::StoreError;
use std::collections::BTreeMap;
use std::future::Future;
use std::sync::Mutex;

#[derive(Default)]
pub struct MemoryArchive {
    objects: Mutex<BTreeMap<String, Vec<u8>>>,
    /// Keys containing this text fail (before storing anything).
    fail_keys_containing: Mutex<Option<String>>,
    puts: Mutex<usize>,
}

impl MemoryArchive {
    pub fn fail_keys_containing(&self, text: Option<&str>) {
        *self.fail_keys_containing.lock().unwrap() = text.map(str::to_owned);
    }
    pub fn objects(&self) -> BTreeMap<String, Vec<u8>> {
        self.objects.lock().unwrap().clone()
    }
    pub fn puts(&self) -> usize {
        *self.puts.lock().unwrap()
    }
}

impl ArchiveStore for MemoryArchive {
    fn put(&self, key: &str, body: Vec<u8>) -> impl Future<Output = Result<(), StoreError>> + Send {
        *self.puts.lock().unwrap() += 1;
        let fail = self
            .fail_keys_containing
            .lock()
            .unwrap()
            .as_deref()
            .is_some_and(|t| key.contains(t));
        let result = if fail {
            Err(StoreError(format!("injected failure for {key}")))
        } else {
            self.objects.lock().unwrap().insert(key.to_owned(), body);
            Ok(())
        };
        std::future::ready(result)
    }
}
