//! The limits AWS services put on values, defined once: an option's input rule (its flag and
//! profile key) and layer 1's check of the template both read them, so they cannot disagree.

/// A whole-number range a service accepts, and the unit its messages name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limit {
    pub min: u32,
    pub max: u32,
    pub unit: &'static str,
}

const fn limit(min: u32, max: u32, unit: &'static str) -> Limit {
    Limit { min, max, unit }
}

/// Lambda function memory.
pub const LAMBDA_MEMORY: Limit = limit(128, 10240, "MB");
/// Lambda function timeout.
pub const LAMBDA_TIMEOUT: Limit = limit(1, 900, "seconds");
/// DynamoDB point-in-time recovery period.
pub const PITR_RECOVERY_DAYS: Limit = limit(1, 35, "days");
/// DynamoDB provisioned read or write capacity (the default per-table account quota).
pub const CAPACITY_UNITS: Limit = limit(1, 40000, "capacity units");
/// A stream event source mapping's batch size.
pub const STREAM_BATCH_SIZE: Limit = limit(1, 10000, "records");
/// A stream event source mapping's batching window.
pub const STREAM_BATCHING_WINDOW: Limit = limit(0, 300, "seconds");
/// A stream event source mapping's maximum record age (-1, unlimited, is never set by zael).
pub const STREAM_MAX_RECORD_AGE: Limit = limit(60, 604800, "seconds");
/// A stream event source mapping's retries (-1, unlimited, is never set by zael).
pub const STREAM_RETRY_ATTEMPTS: Limit = limit(0, 10000, "retries");

/// Target utilisation of DynamoDB auto scaling's target-tracking policies, in percent.
pub const AUTOSCALING_TARGET_PCT: Limit = limit(20, 90, "percent");

/// Concurrent batches per stream shard (Lambda's `ParallelizationFactor`).
pub const STREAM_PARALLELIZATION_FACTOR: Limit = limit(1, 10, "batches per shard");

/// The retention periods CloudWatch Logs accepts, in days.
pub const LOG_RETENTION_DAYS: &[u32] = &[
    1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922,
    3288, 3653,
];
