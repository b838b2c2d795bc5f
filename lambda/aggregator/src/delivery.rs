//! Lambda's delivery of a stream, simulated for the handler tests: batches of random size,
//! resumed at the record a batch reports as failed, and sometimes starting before the
//! cursor (at-least-once delivery, bisected batches that overlap differently). Seeded, so a
//! failing seed replays.

use aws_lambda_events::dynamodb::EventRecord;
use aws_lambda_events::streams::DynamoDbEventResponse;

/// A seeded xorshift: the same choices for the same seed.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1)
    }

    /// A number in `0..n`.
    pub fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}

pub struct Delivery {
    pub rng: Rng,
    seed: u64,
    /// How far before the cursor a redelivery may start, and the longest batch.
    back: usize,
    longest: usize,
    cursor: usize,
    start: usize,
    pub invocations: usize,
    /// Batches that reported a failure.
    pub partial: usize,
}

impl Delivery {
    pub fn new(seed: u64, back: usize, longest: usize) -> Delivery {
        Delivery {
            rng: Rng::new(seed),
            seed,
            back,
            longest,
            cursor: 0,
            start: 0,
            invocations: 0,
            partial: 0,
        }
    }

    /// Whether every one of `records` is acknowledged.
    pub fn done(&self, records: &[EventRecord]) -> bool {
        self.cursor >= records.len()
    }

    /// The next batch of `records`, or `None` once every record is acknowledged.
    pub fn next_batch<'r>(&mut self, records: &'r [EventRecord]) -> Option<&'r [EventRecord]> {
        if self.done(records) {
            return None;
        }
        self.invocations += 1;
        assert!(self.invocations < 5_000, "no progress (seed {})", self.seed);
        self.start = if self.rng.below(4) == 0 {
            self.cursor.saturating_sub(self.rng.below(self.back))
        } else {
            self.cursor
        };
        let end = (self.start + 1 + self.rng.below(self.longest)).min(records.len());
        Some(&records[self.start..end])
    }

    /// What the handler answered for `batch`: the next one starts after it, or at the
    /// record it reported.
    pub fn answered(&mut self, batch: &[EventRecord], response: &DynamoDbEventResponse) {
        match response.batch_item_failures.first() {
            None => self.cursor = self.cursor.max(self.start + batch.len()),
            Some(f) => {
                self.partial += 1;
                let pos = batch
                    .iter()
                    .position(|r| r.change.sequence_number == f.item_identifier)
                    .unwrap();
                self.cursor = self.start + pos;
            }
        }
    }
}
