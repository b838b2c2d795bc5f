//! One invocation: plan the batch, apply every group, and tell Lambda where to resume.
//!
//! **Nothing lost.** The response's `batchItemFailures` holds the sequence number of the
//! earliest record not known to be applied: the first record of any group that failed,
//! or the first unparseable record. Lambda then retries the batch from that record on
//! (the event source mapping uses `ReportBatchItemFailures`, bisect on error, 3 retries)
//! and finally sends it to the DLQ. Records after it that *were* applied are redelivered
//! too; their snapshot marks turn the redelivery into a no-op ([`crate::write`]).
//! An error is never turned into success: the only outcomes are "all applied" or a
//! failure entry (or, when even that cannot be expressed, a function error that fails the
//! whole batch).
//!
//! **Bucket writes** follow the snapshots, in the reference aggregator's order: refills
//! ([`crate::refill`]; a failure is logged, never retried: the library refills on its
//! own), proactive doublings ([`crate::sharding`]; logged only), then shard-count
//! propagation with new-shard clones ([`crate::propagate`]; a failure reports its record
//! like a failed snapshot write: a retry is safe, every write is conditional).
//!
//! **Audit archival, in this order.** Snapshots are applied first. Then the expired
//! audit items *before* the earliest unapplied record are archived, one day-object at a
//! time in stream order, stopping at the first failed upload, whose first record then
//! becomes the reported one if it is earlier. So every record before the reported one is
//! applied and archived, and nothing at or after it is acknowledged. Removals at or
//! after it are not uploaded now: Lambda redelivers them anyway, and leaving them out
//! keeps them from also landing in an object of this batch's cut (fewer duplicates).
//! Redelivered snapshot records are no-ops ([`crate::write`]); a redelivered batch
//! rewrites the same archive keys ([`crate::archive`]).

use crate::apply::{apply_group, Applied};
use crate::archive_apply::{archive_removals, Archived};
use crate::archive_store::ArchiveStore;
use crate::audit::Removal;
use crate::config::Config;
use crate::log;
use crate::plan::{plan_batch, Group};
use crate::propagate::{propagate, Propagated};
use crate::record::Skip;
use crate::refill_apply::apply_refills;
use crate::shard_apply::apply_shard_writes;
use crate::sharding::plan_shard_writes;
use crate::store::{BucketStore, SnapshotStore};
use crate::window;
use aws_lambda_events::dynamodb::EventRecord;
use aws_lambda_events::streams::{DynamoDbBatchItemFailure, DynamoDbEventResponse};
use futures_util::stream::{self, StreamExt};
use serde_json::json;
use std::collections::BTreeMap;
use std::fmt;
use std::time::Instant;

/// Snapshot updates in flight at once. Groups touch distinct items, so their order does
/// not matter; a small bound keeps a cold, small function from flooding the table.
pub const MAX_IN_FLIGHT: usize = 16;

/// The batch cannot be answered with a partial failure (the record to resume from has
/// no sequence number); the handler fails and Lambda retries the whole batch.
#[derive(Debug)]
pub struct BatchError(pub String);

impl fmt::Display for BatchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for BatchError {}

impl From<BatchError> for lambda_runtime::Diagnostic {
    fn from(e: BatchError) -> Self {
        lambda_runtime::Diagnostic {
            error_type: "BatchError".into(),
            error_message: e.0,
        }
    }
}

/// Processes one batch of stream records. `archive` is where expired audit items go;
/// `None` turns archival off (they are skipped and counted, with a warning).
pub async fn handle<S: SnapshotStore + BucketStore, A: ArchiveStore>(
    store: &S,
    archive: Option<&A>,
    config: &Config,
    records: &[EventRecord],
    request_id: &str,
) -> Result<DynamoDbEventResponse, BatchError> {
    let started = Instant::now();
    let plan = plan_batch(records, &config.windows, archive.is_some());
    let seq_of = |i: u32| records[i as usize].change.sequence_number.as_deref();

    if log::enabled(log::Level::Debug) {
        for &(i, reason) in &plan.skipped {
            log::debug(
                "record skipped",
                json!({"requestId": request_id, "reason": reason.as_str(), "sequenceNumber": seq_of(i),
                       "eventName": records[i as usize].event_name}),
            );
        }
    }
    let disabled: Vec<u32> = plan
        .skipped
        .iter()
        .filter(|(_, reason)| *reason == Skip::AuditArchivalDisabled)
        .map(|&(i, _)| i)
        .collect();
    if let Some(&first) = disabled.first() {
        log::warn(
            "audit archival is off (AUDIT_ARCHIVE_BUCKET unset): expired audit items skipped, not archived",
            json!({"requestId": request_id, "records": disabled.len(), "firstSequenceNumber": seq_of(first)}),
        );
    }
    let mut earliest_unapplied: Option<u32> = None;
    if let Some((i, why)) = &plan.poison {
        log::error(
            "malformed record; it and the records after it will be retried",
            json!({"requestId": request_id, "recordIndex": i, "sequenceNumber": seq_of(*i), "error": why.to_string()}),
        );
        earliest_unapplied = Some(*i);
    }

    let now_ms = config.now_ms();
    let ttl = window::snapshot_ttl(now_ms, config.ttl_days);
    let results: Vec<(&Group<'_>, _)> = stream::iter(plan.groups.iter())
        .map(|g| async move { (g, apply_group(store, g, ttl).await) })
        .buffer_unordered(MAX_IN_FLIGHT)
        .collect()
        .await;

    let (mut written, mut already, mut deduplicated, mut failed) = (0usize, 0usize, 0usize, 0usize);
    for (g, result) in &results {
        match result {
            Ok(Applied::Written {
                skipped_records, ..
            }) => {
                written += 1;
                deduplicated += skipped_records;
            }
            Ok(Applied::AlreadyApplied { .. }) => {
                already += 1;
                deduplicated += g.records();
            }
            Err(e) => {
                failed += 1;
                let first = g.first_index();
                earliest_unapplied = Some(earliest_unapplied.map_or(first, |cur| cur.min(first)));
                log::error(
                    "snapshot update failed; its records will be retried",
                    json!({"requestId": request_id, "namespaceId": g.key.namespace, "entityId": g.key.entity_id, "resource": g.key.resource,
                           "window": g.window.name(), "windowStart": window::window_key(g.key.start_ms),
                           "records": g.records(), "firstSequenceNumber": seq_of(first), "error": e.to_string()}),
                );
            }
        }
    }

    // Sharding writes of the records that were planned (up to any malformed one).
    let planned = plan
        .poison
        .as_ref()
        .map_or(records.len(), |(i, _)| *i as usize);
    let refilled = apply_refills(store, &records[..planned], now_ms, request_id).await;
    let shard_writes = plan_shard_writes(&records[..planned], now_ms);
    let sharded = apply_shard_writes(store, &shard_writes, request_id).await;
    let mut propagated = Propagated::default();
    for (i, record) in records[..planned].iter().enumerate() {
        match propagate(store, record, now_ms, request_id).await {
            Ok(p) => {
                propagated.raised += p.raised;
                propagated.cloned += p.cloned;
                propagated.unchanged += p.unchanged;
            }
            Err(e) => {
                let i = u32::try_from(i).expect("batch larger than u32::MAX records");
                log::error(
                    "shard count propagation failed; its record will be retried",
                    json!({"requestId": request_id, "recordIndex": i, "error": e.0}),
                );
                earliest_unapplied = Some(earliest_unapplied.map_or(i, |cur| cur.min(i)));
            }
        }
    }

    // Archive only what precedes the earliest unapplied record (see the module docs).
    let cutoff = earliest_unapplied.unwrap_or(u32::MAX);
    let removals: Vec<Removal<'_>> = plan
        .audits
        .iter()
        .filter(|r| r.index < cutoff)
        .copied()
        .collect();
    let archived = match archive {
        Some(a) if !removals.is_empty() => archive_removals(a, &removals, seq_of, request_id).await,
        _ => Archived::default(),
    };
    if let Some(i) = archived.earliest_unarchived {
        earliest_unapplied = Some(earliest_unapplied.map_or(i, |cur| cur.min(i)));
    }

    let mut response = DynamoDbEventResponse::default();
    if let Some(i) = earliest_unapplied {
        let Some(seq) = seq_of(i) else {
            return Err(BatchError(format!(
                "record {i} is not applied and has no SequenceNumber to resume from; failing the whole batch"
            )));
        };
        let mut failure = DynamoDbBatchItemFailure::default();
        failure.item_identifier = Some(seq.to_owned());
        response.batch_item_failures.push(failure);
    }

    let mut skipped: BTreeMap<&str, usize> = BTreeMap::new();
    for (_, reason) in &plan.skipped {
        *skipped.entry(reason.as_str()).or_default() += 1;
    }
    log::info(
        "batch processed",
        json!({"requestId": request_id, "records": records.len(), "consumptionRecords": plan.consumptions,
               "skipped": skipped, "snapshotItems": plan.groups.len(), "written": written,
               "alreadyApplied": already, "deduplicatedRecords": deduplicated, "failedItems": failed,
               "bucketsRefilled": refilled.written, "refillsLostRace": refilled.lost_race,
               "refillsFailed": refilled.failed, "refillsLeftToLibrary": refilled.unsupported,
               "shardCountsDoubled": sharded.doubled, "shardCountsPropagated": propagated.raised,
               "shardsCloned": propagated.cloned,
               "auditRecords": plan.audits.len(), "archivedRecords": archived.records,
               "archiveObjects": archived.objects, "failedArchiveObjects": archived.failed_objects,
               "batchItemFailures": response.batch_item_failures.iter().map(|f| &f.item_identifier).collect::<Vec<_>>(),
               "durationMs": started.elapsed().as_secs_f64() * 1000.0}),
    );
    Ok(response)
}

#[cfg(test)]
#[path = "handler_tests.rs"]
mod tests;

#[cfg(test)]
#[path = "handler_audit_tests.rs"]
mod audit_tests;

#[cfg(test)]
#[path = "handler_garbage_tests.rs"]
mod garbage_tests;
