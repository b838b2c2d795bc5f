//! Turning one DynamoDB stream record into a consumption delta (or a reason to skip it).
//! (TTL removals of audit items are recognised before this, by [`crate::audit`].)
//!
//! Only `MODIFY` records of bucket items (`SK = #BUCKET#{resource}#{limit_name}`) carry
//! consumption. The consumption of one record is
//! `new.total_consumed_milli - old.total_consumed_milli`: the counter is monotonic except
//! when tokens are returned, so a negative delta is real (returned tokens) and is applied.
//!
//! Records that are irrelevant are [`Skip`]ped. Records that *should* carry consumption
//! but cannot be understood are [`Malformed`]: they are never skipped silently, the batch
//! reports them as failed so Lambda retries them and finally sends them to the DLQ.
//!
//! Parsing borrows from the event (no allocation per record).

use crate::calendar::{MAX_EPOCH_MS, MIN_EPOCH_MS};
use crate::seq::{SeqError, SeqNo};
use aws_lambda_events::dynamodb::EventRecord;
use serde_dynamo::AttributeValue;
use std::collections::HashMap;
use std::fmt;

/// Prefix of a bucket item's sort key.
pub const BUCKET_SK_PREFIX: &str = "#BUCKET#";
/// Prefix of every entity partition key.
pub const ENTITY_PK_PREFIX: &str = "ENTITY#";
/// The consumption counter attribute of a bucket item (integer millitokens).
pub const COUNTER_ATTR: &str = "total_consumed_milli";

/// Attribute names a snapshot item uses for itself; a limit with one of these names would
/// overwrite them, so such a record is [`Malformed::ReservedLimitName`].
pub const RESERVED_NAMES: [&str; 12] = [
    "PK",
    "SK",
    "GSI1PK",
    "GSI1SK",
    "GSI2PK",
    "GSI2SK",
    "entity_id",
    "resource",
    "window",
    "window_start",
    "ttl",
    "total_events",
];

/// One record's consumption, borrowing its strings from the event.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Consumption<'a> {
    pub seq: SeqNo,
    pub entity_id: &'a str,
    pub resource: &'a str,
    pub limit: &'a str,
    /// Millitokens consumed by this record; negative when tokens were returned.
    pub delta_milli: i64,
    /// The event time that picks the window; see [`event_time_ms`].
    pub event_ms: i64,
}

/// Why a record carries no consumption. Counted and logged at debug level.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Skip {
    /// `INSERT` or `REMOVE`: a new bucket starts its counter, a removed one ends it.
    NotModify,
    /// Not a bucket item (e.g. a usage snapshot or an entity's metadata).
    NotBucket,
    /// The counter is missing from the old or the new image (buckets written before it).
    NoCounter,
    /// The counter did not change (e.g. a refill-only or limit-config write).
    ZeroDelta,
    /// An audit item removed by a user, not by TTL: not an expiry ([`crate::audit`]).
    AuditNotTtl,
    /// An audit item expired by TTL while archival is off (`AUDIT_ARCHIVE_BUCKET` unset).
    AuditArchivalDisabled,
}

impl Skip {
    pub fn as_str(self) -> &'static str {
        match self {
            Skip::NotModify => "not_modify",
            Skip::NotBucket => "not_bucket",
            Skip::NoCounter => "no_counter",
            Skip::ZeroDelta => "zero_delta",
            Skip::AuditNotTtl => "audit_not_ttl",
            Skip::AuditArchivalDisabled => "audit_archival_disabled",
        }
    }
}

/// A record that should carry consumption but cannot be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Malformed {
    NoSequenceNumber,
    BadSequenceNumber(SeqError),
    BadPartitionKey,
    BadSortKey,
    EntityMismatch,
    ReservedLimitName(String),
    BadCounter(&'static str),
    DeltaOverflow,
    BadEventTime,
    /// An expired audit item without its old image: nothing to archive.
    NoOldImage,
    /// An expired audit item without a usable `ApproximateCreationDateTime`.
    BadRemovalTime,
}

impl fmt::Display for Malformed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Malformed::NoSequenceNumber => f.write_str("record has no SequenceNumber"),
            Malformed::BadSequenceNumber(e) => write!(f, "bad SequenceNumber: {e}"),
            Malformed::BadPartitionKey => f.write_str("bucket item's PK is not ENTITY#{entity_id}"),
            Malformed::BadSortKey => {
                f.write_str("bucket SK is not #BUCKET#{resource}#{limit_name}")
            }
            Malformed::EntityMismatch => f.write_str("entity_id attribute does not match the PK"),
            Malformed::ReservedLimitName(n) => {
                write!(f, "limit name {n:?} collides with a snapshot attribute")
            }
            Malformed::BadCounter(which) => {
                write!(f, "{which} {COUNTER_ATTR} is not an integer number")
            }
            Malformed::DeltaOverflow => write!(f, "{COUNTER_ATTR} delta overflows i64"),
            Malformed::BadEventTime => f.write_str(
                "no usable event time (data.last_refill_ms / ApproximateCreationDateTime)",
            ),
            Malformed::NoOldImage => {
                f.write_str("expired audit item has no OldImage (stream view type?)")
            }
            Malformed::BadRemovalTime => {
                f.write_str("expired audit item has no usable ApproximateCreationDateTime")
            }
        }
    }
}

/// What one stream record means to the aggregator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Parsed<'a> {
    Consumption(Consumption<'a>),
    Skip(Skip),
}

type Image = HashMap<String, AttributeValue>;

fn string<'a>(image: &'a Image, name: &str) -> Option<&'a str> {
    match image.get(name) {
        Some(AttributeValue::S(s)) => Some(s),
        _ => None,
    }
}

/// The counter of one image: `Ok(None)` when absent, an error when not an integer.
fn counter(image: &Image, which: &'static str) -> Result<Option<i64>, Malformed> {
    match image.get(COUNTER_ATTR) {
        None => Ok(None),
        Some(AttributeValue::N(n)) => n
            .parse::<i64>()
            .map(Some)
            .map_err(|_| Malformed::BadCounter(which)),
        Some(_) => Err(Malformed::BadCounter(which)),
    }
}

/// Parses one stream record.
pub fn parse(record: &EventRecord) -> Result<Parsed<'_>, Malformed> {
    if record.event_name != "MODIFY" {
        return Ok(Parsed::Skip(Skip::NotModify));
    }
    let change = &record.change;
    let (keys, new, old): (&Image, &Image, &Image) =
        (&change.keys, &change.new_image, &change.old_image);
    // Keys are in every record whatever the view type; fall back to the image for
    // hand-built events that only carry images.
    let sk = string(keys, "SK").or_else(|| string(new, "SK"));
    let Some(rest) = sk.and_then(|sk| sk.strip_prefix(BUCKET_SK_PREFIX)) else {
        return Ok(Parsed::Skip(Skip::NotBucket));
    };
    // From here on the record is a bucket change: anything unreadable is an error.
    let seq = match change.sequence_number.as_deref() {
        None => return Err(Malformed::NoSequenceNumber),
        Some(s) => SeqNo::parse(s).map_err(Malformed::BadSequenceNumber)?,
    };
    // The limit name is the last `#` segment; it never contains `#`, which keeps the
    // `seq#{limit}` mark attributes apart from every counter name.
    let (resource, limit) = match rest.rsplit_once('#') {
        Some((r, l)) if !r.is_empty() && !l.is_empty() => (r, l),
        _ => return Err(Malformed::BadSortKey),
    };
    if RESERVED_NAMES.contains(&limit) {
        return Err(Malformed::ReservedLimitName(limit.to_owned()));
    }
    let entity_id = string(keys, "PK")
        .or_else(|| string(new, "PK"))
        .and_then(|pk| pk.strip_prefix(ENTITY_PK_PREFIX))
        .filter(|e| !e.is_empty())
        .ok_or(Malformed::BadPartitionKey)?;
    if string(new, "entity_id").is_some_and(|e| e != entity_id) {
        return Err(Malformed::EntityMismatch);
    }
    let (Some(new_total), Some(old_total)) = (counter(new, "new")?, counter(old, "old")?) else {
        return Ok(Parsed::Skip(Skip::NoCounter));
    };
    let delta_milli = new_total
        .checked_sub(old_total)
        .ok_or(Malformed::DeltaOverflow)?;
    if delta_milli == 0 {
        return Ok(Parsed::Skip(Skip::ZeroDelta));
    }
    Ok(Parsed::Consumption(Consumption {
        seq,
        entity_id,
        resource,
        limit,
        delta_milli,
        event_ms: event_time_ms(record)?,
    }))
}

/// The instant that decides which window a record's consumption belongs to.
///
/// We use `data.last_refill_ms` of the **new image**: the limiter sets it to its own clock
/// when it computes the bucket state for a consume, so it is the time the tokens were
/// actually taken. It travels inside the item, so every delivery of the record (retries,
/// replays, bisected batches, a backlog drained hours later) lands in the same window,
/// and consumption right before a boundary is not pushed into the next window by stream
/// latency. Only if it is absent do we fall back to the record's
/// `ApproximateCreationDateTime` (when the stream saw the write, second precision). A
/// record with neither (the event field defaults to the epoch when missing), or with a
/// time outside years 1970..=9999, is malformed.
pub fn event_time_ms(record: &EventRecord) -> Result<i64, Malformed> {
    let from_item = match record.change.new_image.get("data") {
        Some(AttributeValue::M(data)) => match data.get("last_refill_ms") {
            Some(AttributeValue::N(n)) => {
                Some(n.parse::<i64>().map_err(|_| Malformed::BadEventTime)?)
            }
            Some(_) => return Err(Malformed::BadEventTime),
            None => None,
        },
        _ => None,
    };
    let ms = match from_item {
        Some(ms) => ms,
        None => {
            let approx = record
                .change
                .approximate_creation_date_time
                .timestamp_millis();
            if approx == 0 {
                return Err(Malformed::BadEventTime);
            }
            approx
        }
    };
    if !(MIN_EPOCH_MS..=MAX_EPOCH_MS).contains(&ms) {
        return Err(Malformed::BadEventTime);
    }
    Ok(ms)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value};

    /// A stream record as Lambda delivers it, built from JSON so every field is realistic.
    fn bucket_record(
        seq: &str,
        event: &str,
        old: Option<i64>,
        new: Option<i64>,
        refill_ms: Option<i64>,
    ) -> EventRecord {
        let image = |counter: Option<i64>| -> Value {
            let mut img = json!({
                "PK": {"S": "ENTITY#e1"},
                "SK": {"S": "#BUCKET#gpt-4#tpm"},
                "entity_id": {"S": "e1"},
            });
            if let Some(c) = counter {
                img["total_consumed_milli"] = json!({"N": c.to_string()});
            }
            if let Some(r) = refill_ms {
                img["data"] = json!({"M": {"last_refill_ms": {"N": r.to_string()}, "tokens_milli": {"N": "5"}}});
            }
            img
        };
        serde_json::from_value(json!({
            "eventID": "1",
            "eventName": event,
            "eventVersion": "1.1",
            "eventSource": "aws:dynamodb",
            "awsRegion": "us-east-1",
            "dynamodb": {
                "ApproximateCreationDateTime": 1_709_251_200.0,
                "Keys": {"PK": {"S": "ENTITY#e1"}, "SK": {"S": "#BUCKET#gpt-4#tpm"}},
                "NewImage": image(new),
                "OldImage": image(old),
                "SequenceNumber": seq,
                "SizeBytes": 100,
                "StreamViewType": "NEW_AND_OLD_IMAGES"
            },
            "eventSourceARN": "arn:aws:dynamodb:us-east-1:123456789012:table/t/stream/2024"
        }))
        .unwrap()
    }

    fn consumption(r: &EventRecord) -> Consumption<'_> {
        match parse(r).unwrap() {
            Parsed::Consumption(c) => c,
            other => panic!("expected consumption, got {other:?}"),
        }
    }

    #[test]
    fn positive_delta() {
        let r = bucket_record(
            "100",
            "MODIFY",
            Some(1_000),
            Some(3_500),
            Some(1_709_251_234_567),
        );
        let c = consumption(&r);
        assert_eq!(c.delta_milli, 2_500);
        assert_eq!((c.entity_id, c.resource, c.limit), ("e1", "gpt-4", "tpm"));
        assert_eq!(c.seq, SeqNo::parse("100").unwrap());
        assert_eq!(c.event_ms, 1_709_251_234_567);
    }

    #[test]
    fn negative_delta_is_applied() {
        let r = bucket_record("100", "MODIFY", Some(5_000), Some(4_250), Some(1));
        assert_eq!(consumption(&r).delta_milli, -750);
    }

    #[test]
    fn zero_delta_is_skipped() {
        let r = bucket_record("100", "MODIFY", Some(5_000), Some(5_000), Some(1));
        assert_eq!(parse(&r), Ok(Parsed::Skip(Skip::ZeroDelta)));
    }

    #[test]
    fn missing_counter_in_either_image_is_skipped() {
        let r = bucket_record("100", "MODIFY", None, Some(5_000), Some(1));
        assert_eq!(parse(&r), Ok(Parsed::Skip(Skip::NoCounter)));
        let r = bucket_record("100", "MODIFY", Some(5_000), None, Some(1));
        assert_eq!(parse(&r), Ok(Parsed::Skip(Skip::NoCounter)));
        let r = bucket_record("100", "MODIFY", None, None, Some(1));
        assert_eq!(parse(&r), Ok(Parsed::Skip(Skip::NoCounter)));
    }

    #[test]
    fn insert_and_remove_are_ignored() {
        for name in ["INSERT", "REMOVE"] {
            let r = bucket_record("100", name, Some(0), Some(5_000), Some(1));
            assert_eq!(parse(&r), Ok(Parsed::Skip(Skip::NotModify)), "{name}");
        }
    }

    #[test]
    fn non_bucket_sort_keys_are_ignored() {
        for sk in [
            "#META",
            "#USAGE#gpt-4#2024-01-01T00:00:00Z",
            "#LIMIT#gpt-4#tpm",
            "BUCKET#x#y",
        ] {
            let mut r = bucket_record("100", "MODIFY", Some(1), Some(2), Some(1));
            r.change
                .keys
                .insert("SK".into(), AttributeValue::S(sk.into()));
            assert_eq!(parse(&r), Ok(Parsed::Skip(Skip::NotBucket)), "{sk}");
        }
    }

    #[test]
    fn falls_back_to_approximate_creation_time() {
        let r = bucket_record("100", "MODIFY", Some(1), Some(2), None);
        assert_eq!(consumption(&r).event_ms, 1_709_251_200_000);
        let mut r = bucket_record("100", "MODIFY", Some(1), Some(2), None);
        r.change.approximate_creation_date_time = Default::default();
        assert_eq!(parse(&r), Err(Malformed::BadEventTime));
    }

    #[test]
    fn malformed_bucket_records_are_errors_not_skips() {
        let mut r = bucket_record("100", "MODIFY", Some(1), Some(2), Some(1));
        r.change
            .new_image
            .insert(COUNTER_ATTR.into(), AttributeValue::N("1.5".into()));
        assert_eq!(parse(&r), Err(Malformed::BadCounter("new")));

        let mut r = bucket_record("100", "MODIFY", Some(1), Some(2), Some(1));
        r.change.sequence_number = None;
        assert_eq!(parse(&r), Err(Malformed::NoSequenceNumber));

        let r = bucket_record("12x", "MODIFY", Some(1), Some(2), Some(1));
        assert!(matches!(parse(&r), Err(Malformed::BadSequenceNumber(_))));

        for sk in ["#BUCKET#gpt-4", "#BUCKET##tpm", "#BUCKET#gpt-4#"] {
            let mut r = bucket_record("100", "MODIFY", Some(1), Some(2), Some(1));
            r.change
                .keys
                .insert("SK".into(), AttributeValue::S(sk.into()));
            assert_eq!(parse(&r), Err(Malformed::BadSortKey), "{sk}");
        }

        let mut r = bucket_record("100", "MODIFY", Some(1), Some(2), Some(1));
        r.change
            .keys
            .insert("SK".into(), AttributeValue::S("#BUCKET#gpt-4#ttl".into()));
        assert_eq!(parse(&r), Err(Malformed::ReservedLimitName("ttl".into())));

        let mut r = bucket_record("100", "MODIFY", Some(1), Some(2), Some(1));
        r.change
            .new_image
            .insert("entity_id".into(), AttributeValue::S("other".into()));
        assert_eq!(parse(&r), Err(Malformed::EntityMismatch));

        let r = bucket_record("100", "MODIFY", Some(i64::MIN), Some(i64::MAX), Some(1));
        assert_eq!(parse(&r), Err(Malformed::DeltaOverflow));

        let r = bucket_record("100", "MODIFY", Some(1), Some(2), Some(MAX_EPOCH_MS + 1));
        assert_eq!(parse(&r), Err(Malformed::BadEventTime));
    }

    #[test]
    fn resource_may_contain_hash_but_limit_may_not() {
        let mut r = bucket_record("100", "MODIFY", Some(1), Some(2), Some(1));
        r.change.keys.insert(
            "SK".into(),
            AttributeValue::S("#BUCKET#org#model#rpm".into()),
        );
        let c = consumption(&r);
        assert_eq!((c.resource, c.limit), ("org#model", "rpm"));
    }
}
