//! # zael usage aggregator
//!
//! An AWS Lambda function on the rate-limit table's DynamoDB stream. It turns changes of
//! bucket items (`PK = ENTITY#{entity_id}`, `SK = #BUCKET#{resource}#{limit_name}`) into
//! usage snapshots (`SK = #USAGE#{resource}#{window_key}`) per hourly / daily / monthly
//! window, in the same table. It also archives audit items expired by TTL
//! (`PK = AUDIT#{entity_id}`, `SK = #AUDIT#{event_id}`) to S3 as gzip JSON Lines.
//!
//! ## Pipeline
//!
//! Pure and I/O-free (unit tested and benchmarked without a network):
//! [`record`] parses one stream record into a consumption delta → [`window`] maps its
//! event time to windows ([`calendar`] does the date math) → [`plan`] coalesces a batch
//! into one group per snapshot item → [`write`](mod@write) turns a group into a guarded
//! [`write::SnapshotWrite`] → [`expr`] renders it as an `UpdateItem` expression.
//!
//! I/O: [`store::SnapshotStore`] (implemented on DynamoDB by [`dynamo`]) is all the
//! aggregator needs; [`apply`] runs the bounded retry loop for one group; [`handler`]
//! runs a batch and builds the partial-batch response. [`config`], [`log`] and
//! [`init_error`] serve `main`.
//!
//! Audit archival: [`audit`] recognises TTL removals of audit items (and holds the stream
//! filter, [`AUDIT_REMOVE_FILTER`]) → [`archive`] groups a batch's removals into one
//! object per UTC day with a deterministic key and gzip body ([`jsonl`] renders the
//! lines) → [`archive_store::ArchiveStore`] (on S3: [`s3`]) stores them, driven by
//! [`archive_apply`]. Archival is on when `AUDIT_ARCHIVE_BUCKET` is set; its only IAM
//! need is `s3:PutObject` on `BUCKET/audit/*` ([`s3`]).
//!
//! ## Guarantees
//!
//! * **Nothing lost.** A record that is not known to be applied is never acknowledged:
//!   the response's `batchItemFailures` names the earliest such record (the first record
//!   of any failed group, or the first malformed record), Lambda retries from it
//!   (`ReportBatchItemFailures`, bisect on error, 3 retries) and then hands it to the DLQ.
//!   Malformed bucket records are errors, not skips. Expired audit items follow the same
//!   rule: the handler first applies the snapshots, then archives the removals before the
//!   earliest unapplied record, one day-object at a time, stopping at the first failed
//!   upload; the reported record is the earliest one not applied *or* not archived.
//! * **Archived at least once.** Every acknowledged audit removal is in at least one S3
//!   object; a replay of the same batch overwrites the same keys with the same bytes,
//!   and lines carry `event_id` so readers de-duplicate across differently cut batches
//!   (see [`archive`]).
//! * **Nothing double counted.** Every snapshot item carries one high-water mark per
//!   source bucket, `seq#{limit}`: the last applied stream sequence number, zero-padded to
//!   40 digits so DynamoDB's string comparison is numeric. Each update ADDs a group's
//!   deltas and SETs the marks under `attribute_not_exists(mark) OR mark < :first`; when
//!   that fails, the marks are read back, records at or below them are dropped, and the
//!   remainder is written pinned to the marks read (`mark = :read`). Any redelivery
//!   (whole batch, suffix after a partial failure, differently bisected overlap, a write
//!   whose response was lost) leaves every snapshot as one delivery would. Why that is
//!   sound is in [`write`](mod@write).
//! * **Exact sums.** Counters hold **tokens as exact decimals** (`millitokens / 1000`,
//!   e.g. `12.345`), summed in-process as `i128` millitokens and added by DynamoDB's exact
//!   decimal `ADD` ([`amount`]). No floating point, no integer division.
//! * **Fewer writes.** All of a batch's records for one snapshot item become one
//!   `UpdateItem` ([`plan`]); [`plan::count_writes`] measures writes per 1,000 records
//!   against one write per record per window (the benchmark prints it).
//!
//! ## Event time
//!
//! The window comes from the new image's `data.last_refill_ms`, falling back to the
//! record's `ApproximateCreationDateTime`; see [`record::event_time_ms`] for why.
//!
//! ## Contract caveat: window starts collide
//!
//! The snapshot SK holds only the window *start*, so the hourly window at 00:00, the
//! daily window of that day and (on the 1st) the monthly window are one item. The
//! aggregator stores the largest configured window there (each record counted once,
//! `window` = the largest kind), which keeps daily and monthly totals right but leaves
//! no separate value for hour 00. Fixing that needs a contract change (for example the
//! window name in the SK).

pub mod amount;
pub mod apply;
pub mod archive;
pub mod archive_apply;
pub mod archive_store;
pub mod audit;
pub mod calendar;
pub mod config;
pub mod dynamo;
pub mod expr;
pub mod handler;
pub mod init_error;
pub mod jsonl;
pub mod log;
pub mod plan;
pub mod record;
pub mod s3;
pub mod schema;
pub mod seq;
pub mod store;
pub mod window;
pub mod workload;
pub mod write;

#[cfg(test)]
mod memory_archive;
#[cfg(test)]
mod memory_store;

pub use audit::AUDIT_REMOVE_FILTER;
pub use config::Config;
pub use dynamo::DynamoStore;
pub use handler::handle;
pub use s3::S3Archive;
