//! What the refill ([`crate::refill`]) knows about each bucket shard of a batch: the
//! library reference's `aggregate_bucket_states` over `_parse_bucket_record`, on the
//! batch's `MODIFY`s of bucket items (an `INSERT` is a creating acquire: the reference
//! never refills on it, and neither does zael).
//!
//! Per shard: the `tc` deltas summed over the batch, everything else from the last image
//! (stream records of one key arrive in order, so it is the closest to the item). A limit
//! is one whose `b_{limit}_tc` is in both images. Numbers are read as the reference reads
//! them: an attribute that is absent, or not of type `N`, takes its default; one of type
//! `N` that is not an integer makes the record unusable for the refill (the reference
//! skips it with a warning; zael's snapshot path reports it, see [`crate::record`]).
//!
//! Schedules are resolved per limit as the reference resolves them: the limit's own
//! `b_{limit}_sched` / `b_{limit}_rsched`, `-` for "none", else the item's `sched` /
//! `rsched`, all in the item's `sched_tz`. A bucket with a stored schedule that will not
//! decode ([`crate::schedule`]) is marked [`BucketState::unsupported`] and never
//! refilled, as the reference does; the library's slow path refills it itself.

use crate::record::{bucket_key, string, BucketKey, Image, LIMIT_ATTR_PREFIX, STATE_SK};
use crate::schedule::{self, Cron, ParamEntry, Unsupported, NONE_MARKER};
use aws_lambda_events::dynamodb::EventRecord;
use serde_dynamo::AttributeValue;
use std::collections::{BTreeMap, HashMap};

/// One limit of one bucket shard (millitokens, ms, seconds as stored).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LimitState {
    /// Sum over the batch of `new tc - old tc`.
    pub tc_delta: i128,
    pub tk: i128,
    pub cp: i128,
    pub ra: i128,
    pub rp: i128,
    /// The parameter schedule in force for this limit (its own, or the item's).
    pub sched: Vec<ParamEntry>,
    /// The reset schedule in force for this limit (its own, or the item's).
    pub reset: Vec<Cron>,
    /// `b_{limit}_ws`, `_rsa`, `_wa`: a duration window (start ms, length s, applied).
    pub ws: Option<i128>,
    pub rsa: Option<i128>,
    pub wa: Option<i128>,
    /// `b_{limit}_tc` (absolute) and `_wtc`, its snapshot at the window's fan-out.
    pub tc: i128,
    pub wtc: Option<i128>,
    /// `b_{limit}_gc`: the shard count the quota's grant was sized at.
    pub gc: Option<i128>,
    /// `b_{limit}_tu`: allowance topped up above the grant this period.
    pub tu: Option<i128>,
}

/// One bucket shard, as the batch leaves it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BucketState<'a> {
    pub bucket: BucketKey<'a>,
    /// The batch position of the last record of this shard.
    pub index: u32,
    pub rf: i128,
    pub shard_count: i128,
    /// The item-level parameter schedule (`sched`), and its stored form as read (the
    /// `vu` re-stamp is pinned on it).
    pub sched: Vec<ParamEntry>,
    pub sched_compact: Option<&'a str>,
    /// The item-level reset schedule (`rsched`).
    pub reset: Vec<Cron>,
    pub vu: Option<i128>,
    /// Why the bucket is not refilled by zael, when it is not.
    pub unsupported: Option<Unsupported>,
    pub limits: BTreeMap<&'a str, LimitState>,
}

/// A number attribute that is not the 64-bit integer the library writes: the record is
/// not read.
#[derive(Clone, Debug, thiserror::Error, PartialEq, Eq)]
#[error("{attr} = {raw:?} is not a 64-bit integer")]
pub struct NotAnInteger {
    pub attr: String,
    pub raw: String,
}

/// An `N` attribute's text as the library writes it: i64, so no arithmetic on it can
/// overflow i128.
fn integer(attr: &str, raw: &str) -> Result<i128, NotAnInteger> {
    raw.parse::<i64>()
        .map(i128::from)
        .map_err(|_| NotAnInteger {
            attr: attr.to_owned(),
            raw: raw.to_owned(),
        })
}

/// A number as the reference reads it: `Ok(None)` when absent or not an `N`.
fn number(image: &Image, attr: &str) -> Result<Option<i128>, NotAnInteger> {
    match image.get(attr) {
        Some(AttributeValue::N(n)) => integer(attr, n).map(Some),
        _ => Ok(None),
    }
}

fn attr(limit: &str, field: &str) -> String {
    format!("{LIMIT_ATTR_PREFIX}{limit}_{field}")
}

/// One record's view of its bucket; `Ok(None)` when it is not a bucket `MODIFY` the
/// refill reads.
fn parse(record: &EventRecord, index: u32) -> Result<Option<BucketState<'_>>, NotAnInteger> {
    if record.event_name != "MODIFY" {
        return Ok(None);
    }
    let (new, old) = (&record.change.new_image, &record.change.old_image);
    if string(new, "SK") != Some(STATE_SK) {
        return Ok(None);
    }
    let Some(Ok(bucket)) = string(new, "PK").and_then(bucket_key) else {
        return Ok(None);
    };
    if string(new, "entity_id").is_none_or(str::is_empty) {
        return Ok(None);
    }
    let mut unsupported = None;
    let tz = string(new, "sched_tz").unwrap_or("UTC");
    let sched_compact = string(new, "sched");
    let decode = |compact: &str, unsupported: &mut Option<Unsupported>| {
        schedule::decode(compact, tz).unwrap_or_else(|e| {
            unsupported.get_or_insert(e);
            Vec::new()
        })
    };
    let item_sched = sched_compact
        .filter(|s| !s.is_empty())
        .map(|c| decode(c, &mut unsupported))
        .unwrap_or_default();
    let item_compact = string(new, "rsched").filter(|s| !s.is_empty());
    let decode_reset = |compact: &str, unsupported: &mut Option<Unsupported>| {
        schedule::decode_reset(compact, tz).unwrap_or_else(|e| {
            unsupported.get_or_insert(e);
            Vec::new()
        })
    };
    let item_reset = item_compact
        .map(|c| decode_reset(c, &mut unsupported))
        .unwrap_or_default();
    let mut limits = BTreeMap::new();
    for (name, value) in new.iter() {
        let Some(limit) = name
            .strip_prefix(LIMIT_ATTR_PREFIX)
            .and_then(|r| r.strip_suffix("_tc"))
            .filter(|l| !l.is_empty())
        else {
            continue;
        };
        let (AttributeValue::N(new_raw), Some(AttributeValue::N(old_raw))) = (value, old.get(name))
        else {
            continue;
        };
        let (new_tc, old_tc) = (integer(name, new_raw)?, integer(name, old_raw)?);
        let sched = match string(new, &attr(limit, "sched")).filter(|s| !s.is_empty()) {
            Some(NONE_MARKER) => Vec::new(),
            Some(own) if Some(own) != sched_compact => decode(own, &mut unsupported),
            _ => item_sched.clone(),
        };
        let reset = match string(new, &attr(limit, "rsched")).filter(|s| !s.is_empty()) {
            Some(NONE_MARKER) => Vec::new(),
            Some(own) if Some(own) != item_compact => decode_reset(own, &mut unsupported),
            _ => item_reset.clone(),
        };
        let field = |f: &str| number(new, &attr(limit, f));
        limits.insert(
            limit,
            LimitState {
                tc_delta: new_tc - old_tc,
                tk: field("tk")?.unwrap_or(0),
                cp: field("cp")?.unwrap_or(0),
                ra: field("ra")?.unwrap_or(0),
                rp: field("rp")?.unwrap_or(0),
                sched,
                reset,
                ws: field("ws")?,
                rsa: field("rsa")?,
                wa: field("wa")?,
                tc: new_tc,
                wtc: field("wtc")?,
                gc: field("gc")?,
                tu: field("tu")?,
            },
        );
    }
    if limits.is_empty() {
        return Ok(None);
    }
    Ok(Some(BucketState {
        bucket,
        index,
        rf: number(new, "rf")?.unwrap_or(0),
        shard_count: number(new, "shard_count")?.unwrap_or(1),
        sched: item_sched,
        sched_compact,
        reset: item_reset,
        vu: number(new, "vu")?,
        unsupported,
        limits,
    }))
}

/// The batch's bucket shards, in order of their first record. Records the refill cannot
/// read are returned with their reason (batch position, why).
pub fn bucket_states(records: &[EventRecord]) -> (Vec<BucketState<'_>>, Vec<(u32, NotAnInteger)>) {
    let mut states: Vec<BucketState<'_>> = Vec::new();
    let mut slot: HashMap<BucketKey<'_>, usize> = HashMap::new();
    let mut unreadable = Vec::new();
    for (i, record) in records.iter().enumerate() {
        let index = u32::try_from(i).expect("batch larger than u32::MAX records");
        let parsed = match parse(record, index) {
            Ok(Some(p)) => p,
            Ok(None) => continue,
            Err(why) => {
                unreadable.push((index, why));
                continue;
            }
        };
        let Some(&s) = slot.get(&parsed.bucket) else {
            slot.insert(parsed.bucket, states.len());
            states.push(parsed);
            continue;
        };
        let state = &mut states[s];
        for (limit, mut info) in parsed.limits {
            if let Some(existing) = state.limits.get(limit) {
                info.tc_delta += existing.tc_delta;
            }
            state.limits.insert(limit, info);
        }
        state.index = parsed.index;
        state.rf = parsed.rf;
        state.shard_count = parsed.shard_count;
        state.sched = parsed.sched;
        state.sched_compact = parsed.sched_compact;
        state.reset = parsed.reset;
        state.vu = parsed.vu;
        state.unsupported = parsed.unsupported;
    }
    (states, unreadable)
}
