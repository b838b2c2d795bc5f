//! Every option of the rate-limiter stack, with the seeds' defaults.

use crate::aspects::{PermissionBoundary, RoleNameFormat};
use crate::constructs::Capacity;

/// A snapshot window the aggregator keeps usage totals for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Window {
    Hourly,
    Daily,
    Monthly,
}

impl Window {
    pub const ALL: [Window; 3] = [Window::Hourly, Window::Daily, Window::Monthly];

    pub fn as_str(self) -> &'static str {
        match self {
            Window::Hourly => "hourly",
            Window::Daily => "daily",
            Window::Monthly => "monthly",
        }
    }
}

/// The options of one rate-limiter deployment. `Default` is the seeds' default deployment.
#[derive(Clone, Debug, PartialEq)]
pub struct LimiterOptions {
    /// Physical names derive from `ZAEL-{name}`. Default: `limiter`.
    pub name: String,
    /// Deploy the usage aggregator (Lambda, DLQ, stream mapping). Default: true.
    pub enable_aggregator: bool,
    /// Deploy the CloudWatch alarms. Default: true.
    pub enable_alarms: bool,
    /// An existing topic the alarms notify. Default: a topic the stack creates.
    pub alarm_sns_topic: Option<String>,
    /// Default of the `LogRetentionDays` parameter. Default: 30.
    pub log_retention_days: u32,
    /// Turns point-in-time recovery on with this recovery period. Default: off.
    pub pitr_recovery_days: Option<u32>,
    pub permission_boundary: Option<PermissionBoundary>,
    pub role_name_format: Option<RoleNameFormat>,
    /// Default: 256 MB.
    pub lambda_memory_mb: u32,
    /// Default: 60 seconds.
    pub lambda_timeout_seconds: u32,
    /// Default: none.
    pub lambda_reserved_concurrency: Option<u32>,
    /// The duration alarm fires above this share of the timeout. Default: 80 (%).
    pub lambda_duration_threshold_pct: u32,
    /// Default of the `SnapshotWindows` parameter. Default: hourly, daily.
    pub snapshot_windows: Vec<Window>,
    /// Default of the `SnapshotRetentionDays` parameter. Default: 90.
    pub snapshot_retention_days: u32,
    /// Default: false.
    pub deletion_protection: bool,
    /// Default: on-demand.
    pub capacity: Capacity,
    /// Stream records per aggregator invocation. Default: 100.
    pub stream_batch_size: u32,
    /// Seconds the stream mapping gathers records before invoking. Default: 5.
    pub stream_batching_window_seconds: u32,
    /// Records older than this go to the DLQ unprocessed. Default: 3600 seconds.
    pub stream_max_record_age_seconds: u32,
    /// Retries of a failing batch before its records go to the DLQ. Default: 3.
    pub stream_retry_attempts: u32,
    /// Default of the `ArtifactBucket` parameter. Default: none (given at deploy).
    pub artifact_bucket: Option<String>,
}

impl Default for LimiterOptions {
    fn default() -> Self {
        LimiterOptions {
            name: "limiter".into(),
            enable_aggregator: true,
            enable_alarms: true,
            alarm_sns_topic: None,
            log_retention_days: 30,
            pitr_recovery_days: None,
            permission_boundary: None,
            role_name_format: None,
            lambda_memory_mb: 256,
            lambda_timeout_seconds: 60,
            lambda_reserved_concurrency: None,
            lambda_duration_threshold_pct: 80,
            snapshot_windows: vec![Window::Hourly, Window::Daily],
            snapshot_retention_days: 90,
            deletion_protection: false,
            capacity: Capacity::OnDemand,
            stream_batch_size: 100,
            stream_batching_window_seconds: 5,
            stream_max_record_age_seconds: 3600,
            stream_retry_attempts: 3,
            artifact_bucket: None,
        }
    }
}

impl LimiterOptions {
    /// The stack's own name, and the root of every physical name: `ZAEL-{name}`.
    pub fn stack_name(&self) -> String {
        format!("ZAEL-{}", self.name)
    }

    /// The duration alarm threshold in milliseconds: pct of the timeout actually set.
    pub fn duration_threshold_ms(&self) -> i64 {
        i64::from(self.lambda_timeout_seconds)
            * 1000
            * i64::from(self.lambda_duration_threshold_pct)
            / 100
    }

    /// `hourly,daily`: the form the aggregator's `SNAPSHOT_WINDOWS` reads.
    pub fn snapshot_windows_csv(&self) -> String {
        let names: Vec<&str> = self.snapshot_windows.iter().map(|w| w.as_str()).collect();
        names.join(",")
    }
}
