//! Turning one DynamoDB stream record into the consumption it carries (or a reason to
//! skip it). (TTL removals of audit items are recognised before this, by
//! [`crate::audit`].)
//!
//! **Bucket items** (zae-limiter 0.17.0): `PK = {ns}/BUCKET#{entity}#{resource}#{shard}`,
//! `SK = #STATE`, one item per shard holding every limit of the (entity, resource) as
//! `b_{limit}_{field}` attributes in millitokens. `b_{limit}_tc` is the cumulative
//! consumption counter (refunds and rollbacks subtract). One record carries, per limit
//! whose `tc` changed, `new tc - old tc`. The library's internal `wcu` limit (its write
//! budget) is not consumption and is never counted.
//!
//! * `MODIFY`: every limit whose `tc` is in both images and changed.
//! * `INSERT` (zael's addition; the reference aggregator drops it): a bucket is created
//!   by the acquire that first uses it, holding that acquire's debit, so its `tc` is
//!   consumption from 0. Clones of a new shard start at `tc = 0` and count nothing.
//! * Anything else (`REMOVE`, entities, configs, `#OP#` records, audit items, usage
//!   snapshots, garbage) is [`Skip`]ped: never counted, logged by the handler.
//!
//! **Whole tokens, sums exact over time.** The library reads snapshot counters with
//! `int()`, so they must be whole numbers. Each limit's delta is taken on the
//! *cumulative* counter rounded down to tokens: `floor(new/1000) - floor(old/1000)`.
//! Over consecutive records of a bucket these telescope, so a window's counter is the
//! number of whole tokens the cumulative counter crossed in it, and any run of windows
//! sums to the bucket's true consumption to within one token, never drifting. (The
//! reference rounds each record's delta, `delta // 1000`, which loses up to a token per
//! record; the library only consumes whole tokens, so both agree in practice.)
//!
//! **Malformed bucket records** (a bucket key that does not parse, a non-integer `tc`,
//! a missing or unusable `rf`, no images, a limit name the snapshot cannot hold) are
//! [`Malformed`]: they carry consumption that cannot be read, so they are not skipped.
//! The handler reports the record as failed; Lambda retries it (bisecting the batch)
//! and then sends it to the dead-letter queue, where it stays visible for a re-drive
//! once the cause is fixed. The library never writes such records.
//!
//! Parsing borrows from the event (one small allocation per record: its limit deltas).

use crate::calendar::{MAX_EPOCH_MS, MIN_EPOCH_MS};
use crate::seq::{SeqError, SeqNo};
use aws_lambda_events::dynamodb::EventRecord;
use serde_dynamo::AttributeValue;
use std::collections::HashMap;
use std::fmt;

/// Sort key of every bucket item.
pub const STATE_SK: &str = "#STATE";
/// Prefix of a bucket's partition key after the namespace.
pub const BUCKET_PREFIX: &str = "BUCKET#";
/// The library's write-capacity budget, carried on every bucket; not consumption.
pub const WCU_LIMIT: &str = "wcu";
/// Prefix of per-limit bucket attributes.
pub const LIMIT_ATTR_PREFIX: &str = "b_";
/// Suffix of the cumulative consumption counter (millitokens).
pub const COUNTER_SUFFIX: &str = "_tc";

/// Attribute names a snapshot item uses for itself; a limit with one of these names
/// would overwrite them, so such a record is [`Malformed::ReservedLimitName`].
pub const RESERVED_NAMES: [&str; 18] = [
    "PK",
    "SK",
    "GSI1PK",
    "GSI1SK",
    "GSI2PK",
    "GSI2SK",
    "GSI3PK",
    "GSI3SK",
    "GSI4PK",
    "GSI4SK",
    "entity_id",
    "resource",
    "window",
    "window_start",
    "window_end",
    "ttl",
    "total_events",
    "counters",
];

/// The bucket shard a record belongs to, borrowed from its key.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct BucketKey<'a> {
    pub namespace: &'a str,
    pub entity_id: &'a str,
    pub resource: &'a str,
    pub shard: u32,
}

impl BucketKey<'_> {
    /// The partition key of the same bucket's shard `shard`,
    /// `{ns}/BUCKET#{entity}#{resource}#{shard}`: what [`bucket_key`] reads back. Shard 0
    /// carries the bucket's shard count; propagation writes to the others.
    pub fn shard_pk(&self, shard: i64) -> String {
        format!(
            "{}/{BUCKET_PREFIX}{}#{}#{shard}",
            self.namespace, self.entity_id, self.resource
        )
    }

    /// This shard's own partition key.
    pub fn pk(&self) -> String {
        self.shard_pk(i64::from(self.shard))
    }
}

/// One limit's consumption in one record.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LimitDelta<'a> {
    pub limit: &'a str,
    /// Whole tokens: `floor(new_tc/1000) - floor(old_tc/1000)`; may be 0 for a
    /// sub-token change, and negative for refunds.
    pub tokens: i64,
    /// A soft limit (`b_{limit}_soft` stamped) debited into debt (new `tk` < 0).
    pub overdrawn: bool,
}

/// The consumption of one bucket record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BucketChange<'a> {
    pub seq: SeqNo,
    pub bucket: BucketKey<'a>,
    /// The new image's `rf` (epoch ms): picks the snapshot windows.
    pub event_ms: i64,
    /// Limits whose counter changed, sorted by name.
    pub deltas: Vec<LimitDelta<'a>>,
    pub insert: bool,
}

/// Why a record carries no consumption. Counted, and logged at debug level.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Skip {
    /// A `REMOVE` (or unknown event) of a non-audit item: nothing consumed.
    NotAChange,
    /// Not a bucket item: entity, config, registry, `#OP#`, snapshot, garbage.
    NotBucket,
    /// No limit's counter changed (a parameter sync, a shard-count bump, a refill, a
    /// new shard's clone).
    ZeroDelta,
    /// An audit item removed by a user, not by TTL: not an expiry ([`crate::audit`]).
    AuditNotTtl,
    /// An audit item expired by TTL while archival is off (`AUDIT_ARCHIVE_BUCKET` unset).
    AuditArchivalDisabled,
}

impl Skip {
    pub fn as_str(self) -> &'static str {
        match self {
            Skip::NotAChange => "not_a_change",
            Skip::NotBucket => "not_bucket",
            Skip::ZeroDelta => "zero_delta",
            Skip::AuditNotTtl => "audit_not_ttl",
            Skip::AuditArchivalDisabled => "audit_archival_disabled",
        }
    }
}

/// A record that should carry consumption (or an audit expiry) but cannot be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Malformed {
    NoSequenceNumber,
    BadSequenceNumber(SeqError),
    BadPartitionKey,
    EntityMismatch,
    NoNewImage,
    BadLimitName(String),
    ReservedLimitName(String),
    /// The attribute, and which image (`"new"` / `"old"`).
    BadCounter(String, &'static str),
    DeltaOverflow(String),
    BadEventTime,
    /// A bucket `MODIFY`, or an expired audit item, without its old image.
    NoOldImage,
    /// An expired audit item without a usable `ApproximateCreationDateTime`.
    BadRemovalTime,
}

impl fmt::Display for Malformed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Malformed::NoSequenceNumber => f.write_str("record has no SequenceNumber"),
            Malformed::BadSequenceNumber(e) => write!(f, "bad SequenceNumber: {e}"),
            Malformed::BadPartitionKey => f.write_str(
                "PK is not {ns}/BUCKET#{entity}#{resource}#{shard} (or {ns}/AUDIT#{entity})",
            ),
            Malformed::EntityMismatch => f.write_str("entity_id attribute does not match the PK"),
            Malformed::NoNewImage => f.write_str(
                "bucket record has no NewImage (stream view type must be NEW_AND_OLD_IMAGES)",
            ),
            Malformed::BadLimitName(n) => {
                write!(f, "limit name {n:?} is empty or contains '#'")
            }
            Malformed::ReservedLimitName(n) => {
                write!(f, "limit name {n:?} collides with a snapshot attribute")
            }
            Malformed::BadCounter(attr, which) => {
                write!(f, "{which} image's {attr} is not an integer number")
            }
            Malformed::DeltaOverflow(attr) => write!(f, "{attr} delta overflows i64"),
            Malformed::BadEventTime => {
                f.write_str("bucket's rf is missing or not epoch milliseconds in years 1970..=9999")
            }
            Malformed::NoOldImage => {
                f.write_str("record has no OldImage (stream view type must be NEW_AND_OLD_IMAGES)")
            }
            Malformed::BadRemovalTime => {
                f.write_str("expired audit item has no usable ApproximateCreationDateTime")
            }
        }
    }
}

/// What one stream record means to the aggregator.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Parsed<'a> {
    Change(BucketChange<'a>),
    Skip(Skip),
}

pub(crate) type Image = HashMap<String, AttributeValue>;

pub(crate) fn string<'a>(image: &'a Image, name: &str) -> Option<&'a str> {
    match image.get(name) {
        Some(AttributeValue::S(s)) => Some(s),
        _ => None,
    }
}

/// A key attribute: from `Keys` (in every real record), else from the new image
/// (hand-built events).
fn key<'a>(record: &'a EventRecord, name: &str) -> Option<&'a str> {
    string(&record.change.keys, name).or_else(|| string(&record.change.new_image, name))
}

/// `{ns}/BUCKET#{entity}#{resource}#{shard}` → its parts; `None` if the PK is not a
/// bucket's at all, `Some(Err)` if it is one that does not parse. Entity ids and
/// resource names never contain `#` (the library's patterns forbid it), so the first
/// and last `#` of the remainder are the separators.
pub fn bucket_key(pk: &str) -> Option<Result<BucketKey<'_>, Malformed>> {
    let (namespace, rest) = pk.split_once('/')?;
    let body = rest.strip_prefix(BUCKET_PREFIX)?;
    let parsed = (|| {
        let (entity_resource, shard) = body.rsplit_once('#')?;
        let (entity_id, resource) = entity_resource.split_once('#')?;
        let digits = !shard.is_empty() && shard.bytes().all(|b| b.is_ascii_digit());
        let shard: u32 = if digits { shard.parse().ok()? } else { None? };
        let parts = [namespace, entity_id, resource];
        parts.iter().all(|p| !p.is_empty()).then_some(BucketKey {
            namespace,
            entity_id,
            resource,
            shard,
        })
    })();
    Some(parsed.ok_or(Malformed::BadPartitionKey))
}

/// An integer `N` attribute: `Ok(None)` when absent, an error when anything else.
fn integer(image: &Image, attr: &str, which: &'static str) -> Result<Option<i64>, Malformed> {
    match image.get(attr) {
        None => Ok(None),
        Some(AttributeValue::N(n)) => n
            .parse::<i64>()
            .map(Some)
            .map_err(|_| Malformed::BadCounter(attr.to_owned(), which)),
        Some(_) => Err(Malformed::BadCounter(attr.to_owned(), which)),
    }
}

fn check_limit_name(limit: &str) -> Result<(), Malformed> {
    if limit.is_empty() || limit.contains('#') {
        return Err(Malformed::BadLimitName(limit.to_owned()));
    }
    if RESERVED_NAMES.contains(&limit) {
        return Err(Malformed::ReservedLimitName(limit.to_owned()));
    }
    Ok(())
}

/// Parses one stream record.
pub fn parse(record: &EventRecord) -> Result<Parsed<'_>, Malformed> {
    let insert = match record.event_name.as_str() {
        "INSERT" => true,
        "MODIFY" => false,
        _ => return Ok(Parsed::Skip(Skip::NotAChange)),
    };
    if key(record, "SK") != Some(STATE_SK) {
        return Ok(Parsed::Skip(Skip::NotBucket));
    }
    let Some(bucket) = key(record, "PK").and_then(bucket_key) else {
        return Ok(Parsed::Skip(Skip::NotBucket));
    };
    // From here on the record is a bucket change: anything unreadable is an error.
    let bucket = bucket?;
    let change = &record.change;
    let seq = match change.sequence_number.as_deref() {
        None => return Err(Malformed::NoSequenceNumber),
        Some(s) => SeqNo::parse(s).map_err(Malformed::BadSequenceNumber)?,
    };
    let new = &change.new_image;
    if new.is_empty() {
        return Err(Malformed::NoNewImage);
    }
    if string(new, "entity_id").is_some_and(|e| e != bucket.entity_id) {
        return Err(Malformed::EntityMismatch);
    }
    let old = &change.old_image;
    if !insert && old.is_empty() {
        return Err(Malformed::NoOldImage);
    }
    let mut deltas = Vec::with_capacity(4);
    let mut attr_buf = String::new();
    for (attr, value) in new.iter() {
        let Some(limit) = attr
            .strip_prefix(LIMIT_ATTR_PREFIX)
            .and_then(|rest| rest.strip_suffix(COUNTER_SUFFIX))
        else {
            continue;
        };
        if limit == WCU_LIMIT {
            continue;
        }
        let new_tc = match value {
            AttributeValue::N(n) => n.parse::<i64>().ok(),
            _ => None,
        }
        .ok_or_else(|| Malformed::BadCounter(attr.clone(), "new"))?;
        let old_tc = if insert {
            0
        } else {
            // A limit added by this write (no counter before) has consumed nothing yet
            // that the record can show; the reference skips it too.
            match integer(old, attr, "old")? {
                Some(v) => v,
                None => continue,
            }
        };
        let milli = new_tc
            .checked_sub(old_tc)
            .ok_or_else(|| Malformed::DeltaOverflow(attr.clone()))?;
        if milli == 0 {
            continue;
        }
        check_limit_name(limit)?;
        let overdrawn = milli > 0 && {
            // One reused buffer for the two lookups: no allocation per limit.
            attr_buf.clear();
            attr_buf.push_str(LIMIT_ATTR_PREFIX);
            attr_buf.push_str(limit);
            attr_buf.push_str("_soft");
            new.contains_key(attr_buf.as_str()) && {
                attr_buf.truncate(attr_buf.len() - "soft".len());
                attr_buf.push_str("tk");
                integer(new, &attr_buf, "new")?.is_some_and(|tk| tk < 0)
            }
        };
        deltas.push(LimitDelta {
            limit,
            tokens: new_tc.div_euclid(1000) - old_tc.div_euclid(1000),
            overdrawn,
        });
    }
    if deltas.is_empty() {
        return Ok(Parsed::Skip(Skip::ZeroDelta));
    }
    // The image is a HashMap: sort so every later step is deterministic.
    deltas.sort_unstable_by(|a, b| a.limit.cmp(b.limit));
    Ok(Parsed::Change(BucketChange {
        seq,
        bucket,
        event_ms: event_time_ms(new)?,
        deltas,
        insert,
    }))
}

/// The instant that decides a record's windows: the new image's `rf`, as the library's
/// reference aggregator keys them. `rf` is the bucket's refill stamp (its optimistic
/// lock): the time the limiter last brought the bucket up to date. It travels inside the
/// item, so every delivery of the record (retries, replays, a backlog drained hours
/// later) lands in the same window. It moves only when a bucket is refilled, so
/// consumption on the fast path is attributed to the window of the last refill.
pub fn event_time_ms(new: &Image) -> Result<i64, Malformed> {
    let ms = integer(new, "rf", "new")
        .ok()
        .flatten()
        .ok_or(Malformed::BadEventTime)?;
    if !(MIN_EPOCH_MS..=MAX_EPOCH_MS).contains(&ms) {
        return Err(Malformed::BadEventTime);
    }
    Ok(ms)
}

#[cfg(test)]
#[path = "record_tests.rs"]
mod tests;
