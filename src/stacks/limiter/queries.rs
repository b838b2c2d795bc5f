//! The Logs Insights queries saved for the aggregator's log group, over the JSON lines it
//! prints (`lambda/aggregator`: `batch processed` once per invocation, an `ERROR` line per
//! failure with the record or item it concerns). tests/log_queries.rs checks every field
//! against lines the function really printed.

use crate::constructs::SavedQuery;

pub const AGGREGATOR_QUERIES: &[SavedQuery] = &[
    SavedQuery {
        name: "errors",
        query: r#"fields @timestamp, message, error, requestId, sequenceNumber, recordIndex, firstSequenceNumber, entityId, resource, records, key
| filter level = "ERROR"
| sort @timestamp desc
| limit 100"#,
    },
    SavedQuery {
        name: "slowest-invocations",
        query: r#"fields @timestamp, requestId, durationMs, records, snapshotItems, written, archiveObjects, failedItems
| filter message = "batch processed"
| sort durationMs desc
| limit 25"#,
    },
    SavedQuery {
        name: "batch-sizes-and-processing-times",
        query: r#"filter message = "batch processed"
| stats count(*) as batches, avg(records) as avgRecords, max(records) as maxRecords, avg(durationMs) as avgMs, pct(durationMs, 99) as p99Ms, sum(written) as snapshotWrites by bin(5m)"#,
    },
    SavedQuery {
        name: "records-retried-then-sent-to-the-dlq",
        query: r#"fields @timestamp, requestId, batchItemFailures.0, failedItems, failedArchiveObjects
| filter message = "batch processed" and ispresent(batchItemFailures.0)
| sort @timestamp desc
| limit 100"#,
    },
    SavedQuery {
        name: "archival-uploads",
        query: r#"fields @timestamp, requestId, auditRecords, archivedRecords, archiveObjects, failedArchiveObjects
| filter message = "batch processed" and auditRecords > 0
| sort @timestamp desc
| limit 100"#,
    },
];
