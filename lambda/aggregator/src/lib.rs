//! # zael usage aggregator
//!
//! An AWS Lambda function on the rate-limit table's DynamoDB stream, for the table
//! zae-limiter 0.17.0 (PyPI) uses. It turns changes of bucket items
//! (`PK = {ns}/BUCKET#{entity}#{resource}#{shard}`, `SK = #STATE`, per-limit
//! `b_{limit}_tc` consumption counters in millitokens) into the usage snapshots the
//! library reads back with `get_usage_snapshots` / `get_usage_summary`
//! (`PK = {ns}/ENTITY#{entity}`, `SK = #USAGE#{resource}#{window_key}`, see [`schema`]),
//! per hourly / daily / monthly window, in the same table. It also archives audit items
//! expired by TTL (`PK = {ns}/AUDIT#{entity}`, `SK = #AUDIT#{ULID}`) to S3 as gzip JSON
//! Lines. [`filters`] holds the two stream filter patterns the template must carry.
//!
//! ## Pipeline
//!
//! Pure and I/O-free (unit tested and benchmarked without a network):
//! [`record`] parses one stream record into per-limit whole-token deltas → [`window`]
//! maps the bucket's `rf` to windows ([`calendar`] does the date math) → [`plan`]
//! coalesces a batch into one group per snapshot item → [`write`](mod@write) turns a
//! group into a guarded [`write::SnapshotWrite`] → [`expr`] renders it as an
//! `UpdateItem` expression.
//!
//! I/O: [`store::SnapshotStore`] and [`store::BucketStore`] (implemented on DynamoDB by
//! [`dynamo`]) are all the aggregator needs; [`apply`] runs the bounded retry loop for
//! one group; [`refill_state`] and [`refill`] plan the batch's bucket refills and
//! [`refill_apply`] runs them; [`sharding`] plans the batch's proactive doublings and
//! [`shard_apply`] runs them; [`propagate`] carries a doubling to the other shards; [`handler`] runs a batch and builds the partial-batch response. [`config`], [`log`] and
//! [`init_error`] serve `main`.
//!
//! Audit archival: [`audit`] recognises TTL removals of audit items → [`archive`]
//! groups a batch's removals into one object per UTC day with a deterministic key and
//! gzip body ([`jsonl`] renders the lines) → [`archive_store::ArchiveStore`] (on S3:
//! [`s3`]) stores them, driven by [`archive_apply`]. Archival is on when
//! `AUDIT_ARCHIVE_BUCKET` is set; its only IAM need is `s3:PutObject` on
//! `BUCKET/audit/*` ([`s3`]).
//!
//! ## What the library reads, and where zael differs from its reference aggregator
//!
//! The snapshot item has the reference's shape (`update_snapshot` in
//! `zae_limiter_aggregator/processor.py`): `entity_id`, `resource`, `window`,
//! `window_start`, GSI2 and GSI4 keys, `ttl` (now + `SNAPSHOT_TTL_DAYS`, set once),
//! `total_events` (one per limit delta), one **integer** counter per limit and
//! `{limit}#od` for soft-limit overdraws. Its window keys come from the bucket's `rf` in
//! UTC. Deliberate differences:
//!
//! * **The acquire that creates a bucket is counted** (its `INSERT` carries the first
//!   debit in `tc`); the reference reads only `MODIFY`s and misses it.
//! * **Whole tokens without drift**: deltas are taken on the cumulative counter rounded
//!   down (`floor(new/1000) - floor(old/1000)`), so sums over windows stay within one
//!   token of the truth forever; the reference floors each record's delta ([`record`]).
//! * **Each window start is one item, counted once**: the hourly window at 00:00, that
//!   day's daily window and (on the 1st) the monthly window share an SK. The reference
//!   adds a record to that item once per window kind (double counting it) under whichever
//!   `window` name came first; zael adds it once and names the largest kind, so daily and
//!   monthly totals are right, and hour 00 has no separate value ([`plan`]).
//! * **Exactly once**: the `seq#{limit}#{shard}` marks (strings: the library's reader
//!   skips them) make retries and replays no-ops; the reference double counts them.
//! * **Nothing lost**: failures are reported per record for Lambda to retry; the
//!   reference logs them and acknowledges the batch.
//! * **Bucket writes**: aggregator-assisted refill ([`refill`]: drip, clamp, reset
//!   edges, window roll, `vu` re-stamp, `wcu` credit), proactive doubling of a hot
//!   bucket's `shard_count` ([`sharding`]), and its propagation ([`propagate`]: existing
//!   shards raised with quota grant sizes frozen, new shards cloned with quota moved off a
//!   donor, [`quota`]), each under the reference's exact conditions. Parameter
//!   and reset schedules are evaluated as the library does ([`schedule`]: any cron the
//!   library accepts, any IANA time zone); a bucket whose stored schedule will not decode
//!   is not refilled and gets no clones (the library's client does both for it).
//!
//! ## Guarantees
//!
//! * **Nothing lost.** A record that is not known to be applied is never acknowledged:
//!   the response's `batchItemFailures` names the earliest such record (the first record
//!   of any failed group, or the first malformed record), Lambda retries from it
//!   (`ReportBatchItemFailures`, bisect on error, 3 retries) and then hands it to the DLQ.
//!   Malformed bucket records are errors, not skips ([`record`]). Expired audit items
//!   follow the same rule: the handler first applies the snapshots, then archives the
//!   removals before the earliest unapplied record, one day-object at a time, stopping at
//!   the first failed upload; the reported record is the earliest one not applied *or*
//!   not archived.
//! * **Archived at least once.** Every acknowledged audit removal is in at least one S3
//!   object; a replay of the same batch overwrites the same keys with the same bytes,
//!   and lines carry `event_id` so readers de-duplicate across differently cut batches
//!   (see [`archive`]).
//! * **Nothing double counted.** Every snapshot item carries one high-water mark per
//!   source (limit and bucket shard), `seq#{limit}#{shard}`: the last applied stream
//!   sequence number, zero-padded to 40 digits so DynamoDB's string comparison is
//!   numeric. Each update ADDs a group's deltas and SETs the marks under
//!   `attribute_not_exists(mark) OR mark < :first`; when that fails, the marks are read
//!   back, records at or below them are dropped, and the remainder is written pinned to
//!   the marks read (`mark = :read`). Any redelivery (whole batch, suffix after a partial
//!   failure, differently bisected overlap, a write whose response was lost) leaves every
//!   snapshot as one delivery would. Why that is sound is in [`write`](mod@write).
//! * **Fewer writes.** All of a batch's records for one snapshot item become one
//!   `UpdateItem` ([`plan`]); [`plan::count_writes`] measures writes per 1,000 records
//!   against the reference aggregator's one write per limit delta per window (the
//!   benchmark prints it).
//!
//! ## Test clock
//!
//! `ZAEL_TEST_NOW_MS` (epoch ms) replaces the wall clock (for the snapshot `ttl`), so a
//! test can run this aggregator and the reference one on the same clock ([`config`]).

pub mod apply;
pub mod archive;
pub mod archive_apply;
pub mod archive_store;
pub mod audit;
pub mod calendar;
pub mod config;
pub mod dynamo;
pub mod dynamo_value;
pub mod expr;
pub mod filters;
pub mod handler;
/// Shared with the other Lambda crate ([`zael_lambda_support`]).
pub use zael_lambda_support::{init_error, log};
pub mod jsonl;
pub mod plan;
pub mod propagate;
pub mod quota;
pub mod record;
pub mod refill;
pub mod refill_apply;
pub mod refill_state;
pub mod s3;
pub mod schedule;
pub mod schema;
pub mod seq;
pub mod shard_apply;
pub mod sharding;
pub mod store;
pub mod window;
pub mod workload;
pub mod write;

#[cfg(test)]
mod delivery;
#[cfg(test)]
mod memory_archive;
#[cfg(test)]
mod memory_store;
/// Test support shared by the unit tests and `tests/` (the `testing` feature).
#[cfg(any(test, feature = "testing"))]
pub mod recording_store;

pub use config::Config;
pub use dynamo::DynamoStore;
pub use filters::{AUDIT_REMOVE_FILTER, BUCKET_UPDATE_FILTER};
pub use handler::handle;
pub use s3::S3Archive;
