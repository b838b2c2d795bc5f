//! The audit-archival contract: which stream records are audit items removed by TTL,
//! and what the aggregator needs from each of them.
//!
//! zae-limiter 0.17.0 writes audit items as `PK = {ns}/AUDIT#{entity_id}` (`$SYSTEM`,
//! `$RESOURCE:{name}` for system and resource events), `SK = #AUDIT#{ULID}`, with a `ttl`
//! (now + the system's `audit_retention_days`, default 90). When DynamoDB's TTL deletes
//! one, the stream carries a `REMOVE` record whose `userIdentity` is
//! `{"type": "Service", "principalId": "dynamodb.amazonaws.com"}` and whose `OldImage` is
//! the expired item. That record is the last copy of the event, so it is archived.
//!
//! The event source mapping only delivers such records thanks to
//! [`AUDIT_REMOVE_FILTER`](crate::filters::AUDIT_REMOVE_FILTER), but [`classify`] checks
//! the same conditions again (defence in depth: a template without the filter, or a
//! `purge_namespace` / `delete_entity` delete of an audit item, must never produce an
//! archive line that claims a TTL expiry).

use crate::calendar::{MAX_EPOCH_MS, MIN_EPOCH_MS};
use crate::record::{string, Image, Malformed};
use crate::seq::SeqNo;
use aws_lambda_events::dynamodb::EventRecord;

/// Prefix of an audit item's partition key after the namespace.
pub const AUDIT_PK_PREFIX: &str = "AUDIT#";
/// Prefix of an audit item's sort key; no other item uses it.
pub const AUDIT_SK_PREFIX: &str = "#AUDIT#";
/// `userIdentity.type` of a TTL deletion.
pub const TTL_IDENTITY_TYPE: &str = "Service";
/// `userIdentity.principalId` of a TTL deletion.
pub const TTL_PRINCIPAL: &str = "dynamodb.amazonaws.com";

/// What a stream record is to the audit archive.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Class {
    /// Not the removal of an audit item: the snapshot path decides.
    NotAudit,
    /// An audit item removed by someone other than TTL (a `DeleteItem`, a namespace
    /// purge): not an expiry, skipped and counted.
    NotTtl,
    /// An audit item expired by TTL: to be archived.
    TtlRemoval,
}

/// One expired audit item, borrowing from the event.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Removal<'a> {
    /// Position of the record in the batch (for failure reporting).
    pub index: u32,
    pub seq: SeqNo,
    /// The record's `SequenceNumber` as delivered (what `batchItemFailures` names).
    pub sequence_number: &'a str,
    /// The namespace id (the PK before its first `/`).
    pub namespace: &'a str,
    pub entity_id: &'a str,
    pub event_id: &'a str,
    /// `ApproximateCreationDateTime` of the REMOVE: when TTL deleted the item.
    pub removed_ms: i64,
    pub old_image: &'a Image,
}

/// The key attribute `name`: from `Keys` (in every real record), else from the old image
/// (hand-built events), as [`crate::record`] does.
fn key<'a>(record: &'a EventRecord, name: &str) -> Option<&'a str> {
    string(&record.change.keys, name).or_else(|| string(&record.change.old_image, name))
}

/// The same conditions as the stream filter, checked in process.
pub fn classify(record: &EventRecord) -> Class {
    if record.event_name != "REMOVE" {
        return Class::NotAudit;
    }
    if !key(record, "SK").is_some_and(|sk| sk.starts_with(AUDIT_SK_PREFIX)) {
        return Class::NotAudit;
    }
    match &record.user_identity {
        Some(u) if u.type_ == TTL_IDENTITY_TYPE && u.principal_id == TTL_PRINCIPAL => {
            Class::TtlRemoval
        }
        _ => Class::NotTtl,
    }
}

/// Reads a record that [`classify`] found to be a [`Class::TtlRemoval`]. A record that
/// cannot be archived faithfully is [`Malformed`] (retried, then sent to the DLQ), never
/// skipped: it is the event's last copy.
pub fn parse(index: u32, record: &EventRecord) -> Result<Removal<'_>, Malformed> {
    let change = &record.change;
    let sequence_number = change
        .sequence_number
        .as_deref()
        .ok_or(Malformed::NoSequenceNumber)?;
    let seq = SeqNo::parse(sequence_number).map_err(Malformed::BadSequenceNumber)?;
    // Without the old image (a stream view type other than NEW_AND_OLD_IMAGES /
    // OLD_IMAGE) there is nothing to archive: surface it instead of archiving keys only.
    if change.old_image.is_empty() {
        return Err(Malformed::NoOldImage);
    }
    let removed_ms = change.approximate_creation_date_time.timestamp_millis();
    // The field defaults to the epoch when missing; the partition day needs a real one.
    if removed_ms == 0 || !(MIN_EPOCH_MS..=MAX_EPOCH_MS).contains(&removed_ms) {
        return Err(Malformed::BadRemovalTime);
    }
    let (namespace, entity_id) = key(record, "PK")
        .and_then(|pk| pk.split_once('/'))
        .and_then(|(ns, rest)| Some((ns, rest.strip_prefix(AUDIT_PK_PREFIX)?)))
        .filter(|(ns, entity)| !ns.is_empty() && !entity.is_empty())
        .ok_or(Malformed::BadPartitionKey)?;
    Ok(Removal {
        index,
        seq,
        sequence_number,
        namespace,
        entity_id,
        // `classify` checked the prefix.
        event_id: key(record, "SK")
            .and_then(|sk| sk.strip_prefix(AUDIT_SK_PREFIX))
            .unwrap_or_default(),
        removed_ms,
        old_image: &change.old_image,
    })
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use serde_json::json;

    /// A REMOVE record as Lambda delivers it. `ttl` selects the TTL `userIdentity`.
    pub(crate) fn removal_record(
        seq: &str,
        pk: &str,
        sk: &str,
        ttl: bool,
        removed_s: f64,
    ) -> EventRecord {
        let mut v = json!({
            "eventID": "1",
            "eventName": "REMOVE",
            "eventVersion": "1.1",
            "eventSource": "aws:dynamodb",
            "awsRegion": "us-east-1",
            "dynamodb": {
                "ApproximateCreationDateTime": removed_s,
                "Keys": {"PK": {"S": pk}, "SK": {"S": sk}},
                "OldImage": {
                    "PK": {"S": pk}, "SK": {"S": sk},
                    "action": {"S": "limit_set"}, "ttl": {"N": "1719791880"},
                },
                "SequenceNumber": seq,
                "SizeBytes": 100,
                "StreamViewType": "NEW_AND_OLD_IMAGES"
            },
            "eventSourceARN": "arn:aws:dynamodb:us-east-1:123456789012:table/t/stream/2024"
        });
        if ttl {
            v["userIdentity"] = json!({"type": "Service", "principalId": "dynamodb.amazonaws.com"});
        }
        serde_json::from_value(v).unwrap()
    }

    #[test]
    fn ttl_removal_of_an_audit_item_is_archived() {
        let r = removal_record(
            "500",
            "ns1/AUDIT#acme",
            "#AUDIT#ev-1",
            true,
            1_719_791_880.0,
        );
        assert_eq!(classify(&r), Class::TtlRemoval);
        let p = parse(3, &r).unwrap();
        assert_eq!(
            (p.namespace, p.entity_id, p.event_id),
            ("ns1", "acme", "ev-1")
        );
        assert_eq!((p.index, p.sequence_number), (3, "500"));
        assert_eq!(p.removed_ms, 1_719_791_880_000);
        assert_eq!(p.old_image.len(), 4);
    }

    #[test]
    fn user_delete_of_an_audit_item_is_not_a_ttl_removal() {
        let r = removal_record("500", "ns1/AUDIT#acme", "#AUDIT#ev-1", false, 1.0);
        assert_eq!(classify(&r), Class::NotTtl);
        // Another service, or a user that looks like one, is not TTL either.
        for (t, p) in [
            ("Service", "other.amazonaws.com"),
            ("User", "dynamodb.amazonaws.com"),
        ] {
            let mut v = serde_json::to_value(&r).unwrap();
            v["userIdentity"] = json!({"type": t, "principalId": p});
            let r: EventRecord = serde_json::from_value(v).unwrap();
            assert_eq!(classify(&r), Class::NotTtl, "{t} {p}");
        }
    }

    #[test]
    fn other_keys_and_events_are_not_audit() {
        for (pk, sk) in [
            ("ns1/AUDIT#acme", "#STATE"),                   // not an audit SK
            ("ns1/BUCKET#acme#gpt-4#0", "#STATE"),          // a bucket expiring by TTL
            ("ns1/ENTITY#acme", "#USAGE#gpt-4#2024-01-01"), // a snapshot expiring by TTL
            ("ns1/BUCKET#acme#gpt-4#0", "#OP#01J0"),        // an operation record
            ("ns1/audit#acme", "#audit#ev-1"),              // prefixes are case-sensitive
        ] {
            let r = removal_record("500", pk, sk, true, 1.0);
            assert_eq!(classify(&r), Class::NotAudit, "{pk} {sk}");
        }
        for name in ["INSERT", "MODIFY"] {
            let mut r = removal_record("500", "ns1/AUDIT#acme", "#AUDIT#ev-1", true, 1.0);
            r.event_name = name.into();
            assert_eq!(classify(&r), Class::NotAudit, "{name}");
        }
    }

    #[test]
    fn unarchivable_removals_are_malformed() {
        let ok = removal_record(
            "500",
            "ns1/AUDIT#acme",
            "#AUDIT#ev-1",
            true,
            1_719_791_880.0,
        );
        let mut r = ok.clone();
        r.change.sequence_number = None;
        assert_eq!(parse(0, &r), Err(Malformed::NoSequenceNumber));
        let mut r = ok.clone();
        r.change.sequence_number = Some("x1".into());
        assert!(matches!(parse(0, &r), Err(Malformed::BadSequenceNumber(_))));
        let mut r = ok.clone();
        r.change.old_image.clear();
        assert_eq!(parse(0, &r), Err(Malformed::NoOldImage));
        let mut r = ok.clone();
        r.change.approximate_creation_date_time = Default::default();
        assert_eq!(parse(0, &r), Err(Malformed::BadRemovalTime));
        // The pre-0.17 layout, or no entity: which namespace's event would it be?
        for pk in ["AUDIT#acme", "ns1/AUDIT#", "/AUDIT#acme", "ns1/ENTITY#acme"] {
            let r = removal_record("500", pk, "#AUDIT#ev-1", true, 1_719_791_880.0);
            assert_eq!(classify(&r), Class::TtlRemoval, "{pk}");
            assert_eq!(parse(0, &r), Err(Malformed::BadPartitionKey), "{pk}");
        }
    }
}
