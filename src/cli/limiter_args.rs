//! The rate-limiter stack's own flags. Every flag is optional so that it overrides only what
//! the user gave, over the defaults (and, later, a profile).

use clap::{Args, ValueEnum};

use crate::aspects::{PermissionBoundary, RoleNameFormat};
use crate::constructs::Capacity;
use crate::stacks::limiter::values;
use crate::stacks::limiter::{LimiterOptions, Window};

use super::CliError;

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum BillingModeArg {
    /// Pay per request (the default)
    OnDemand,
    /// Provisioned capacity; needs --read-capacity and --write-capacity
    Provisioned,
}

/// A comma-separated window list; a newtype because clap reads `Option<Vec<_>>` as a flag
/// that repeats, not as one value that is a list.
#[derive(Clone, Debug)]
pub struct WindowList(pub Vec<Window>);

fn windows(v: &str) -> Result<WindowList, String> {
    values::snapshot_windows(v).map(WindowList)
}

fn memory(v: &str) -> Result<u32, String> {
    values::in_range(v, 128, 10240, "MB")
}
fn timeout(v: &str) -> Result<u32, String> {
    values::in_range(v, 1, 900, "seconds")
}
fn concurrency(v: &str) -> Result<u32, String> {
    values::in_range(v, 1, 1000, "concurrent executions")
}
fn pct(v: &str) -> Result<u32, String> {
    values::in_range(v, 1, 100, "percent")
}
fn pitr_days(v: &str) -> Result<u32, String> {
    values::in_range(v, 1, 35, "days")
}
fn retention_days(v: &str) -> Result<u32, String> {
    values::in_range(v, 1, 3650, "days")
}
fn capacity_units(v: &str) -> Result<u32, String> {
    values::in_range(v, 1, 40000, "capacity units")
}
fn batch_size(v: &str) -> Result<u32, String> {
    values::in_range(v, 1, 10000, "records")
}
fn batching_window(v: &str) -> Result<u32, String> {
    values::in_range(v, 0, 300, "seconds")
}
fn record_age(v: &str) -> Result<u32, String> {
    values::in_range(v, 60, 604800, "seconds")
}
fn retries(v: &str) -> Result<u32, String> {
    values::in_range(v, 0, 10000, "retries")
}

#[derive(Args, Clone, Debug, Default)]
#[command(next_help_heading = "Rate-limiter stack (--blueprint limiter)")]
pub struct LimiterArgs {
    /// Deploy the usage aggregator Lambda (the default)
    #[arg(long, overrides_with = "no_aggregator")]
    pub enable_aggregator: bool,
    /// Deploy no aggregator, and so no DLQ, log group or aggregator alarms
    #[arg(long, overrides_with = "enable_aggregator")]
    pub no_aggregator: bool,

    /// Deploy the CloudWatch alarms (the default)
    #[arg(long, overrides_with = "no_alarms")]
    pub enable_alarms: bool,
    /// Deploy no CloudWatch alarms
    #[arg(long, overrides_with = "enable_alarms")]
    pub no_alarms: bool,

    /// Turn point-in-time recovery on with this recovery period, 1-35 [default: off]
    #[arg(long, value_name = "DAYS", value_parser = pitr_days)]
    pub pitr_recovery_days: Option<u32>,

    /// Permission boundary on every role: a policy name or a full policy ARN
    #[arg(long, value_name = "POLICY", value_parser = values::permission_boundary)]
    pub permission_boundary: Option<PermissionBoundary>,

    /// Role-name format with one {} placeholder, e.g. PowerUserPB-{}
    #[arg(long, value_name = "FORMAT", value_parser = values::role_name_format)]
    pub role_name_format: Option<RoleNameFormat>,

    /// Aggregator memory, 128-10240 [default: 256]
    #[arg(long, value_name = "MB", value_parser = memory)]
    pub lambda_memory: Option<u32>,

    /// Aggregator timeout, 1-900 [default: 60]
    #[arg(long, value_name = "SECONDS", value_parser = timeout)]
    pub lambda_timeout: Option<u32>,

    /// Reserved concurrency of the aggregator, 1-1000 [default: none]
    #[arg(long, value_name = "N", value_parser = concurrency)]
    pub lambda_reserved_concurrency: Option<u32>,

    /// Duration alarm threshold as a share of the timeout, 1-100 [default: 80]
    #[arg(long, value_name = "PCT", value_parser = pct)]
    pub lambda_duration_threshold_pct: Option<u32>,

    /// Snapshot windows, from hourly, daily, monthly (SnapshotWindows default) [default: hourly,daily]
    #[arg(long, value_name = "LIST", value_parser = windows)]
    pub snapshot_windows: Option<WindowList>,

    /// Days usage snapshots are kept, 1-3650 (SnapshotRetentionDays default) [default: 90]
    #[arg(long, value_name = "DAYS", value_parser = retention_days)]
    pub snapshot_retention_days: Option<u32>,

    /// Protect the table from deletion
    #[arg(long, overrides_with = "no_deletion_protection")]
    pub enable_deletion_protection: bool,
    /// Leave the table unprotected (the default)
    #[arg(long, overrides_with = "enable_deletion_protection")]
    pub no_deletion_protection: bool,

    /// Table billing mode [default: on-demand]
    #[arg(long, value_name = "MODE", value_enum)]
    pub billing_mode: Option<BillingModeArg>,

    /// Provisioned read capacity units, 1-40000 (with --billing-mode provisioned)
    #[arg(long, value_name = "RCU", value_parser = capacity_units)]
    pub read_capacity: Option<u32>,

    /// Provisioned write capacity units, 1-40000 (with --billing-mode provisioned)
    #[arg(long, value_name = "WCU", value_parser = capacity_units)]
    pub write_capacity: Option<u32>,

    /// Stream records per aggregator invocation, 1-10000 [default: 100]
    #[arg(long, value_name = "N", value_parser = batch_size)]
    pub stream_batch_size: Option<u32>,

    /// Seconds to gather stream records before invoking, 0-300 [default: 5]
    #[arg(long, value_name = "SECONDS", value_parser = batching_window)]
    pub stream_batching_window: Option<u32>,

    /// Stream records older than this go to the DLQ, 60-604800 [default: 3600]
    #[arg(long, value_name = "SECONDS", value_parser = record_age)]
    pub stream_max_record_age: Option<u32>,

    /// Retries of a failing batch before the DLQ, 0-10000 [default: 3]
    #[arg(long, value_name = "N", value_parser = retries)]
    pub stream_retry_attempts: Option<u32>,

    /// S3 bucket of the Lambda artifact (ArtifactBucket default) [default: given at deploy]
    #[arg(long, value_name = "BUCKET", value_parser = values::bucket_name)]
    pub artifact_bucket: Option<String>,
}

/// `Some(true)` for `--enable-x`, `Some(false)` for `--no-x`, `None` when neither was given.
fn toggle(enable: bool, disable: bool) -> Option<bool> {
    match (enable, disable) {
        (true, _) => Some(true),
        (_, true) => Some(false),
        _ => None,
    }
}

impl LimiterArgs {
    /// Overrides `options` with every flag that was given.
    pub fn apply(&self, options: &mut LimiterOptions) -> Result<(), CliError> {
        fn set<T: Clone>(target: &mut T, value: &Option<T>) {
            if let Some(value) = value {
                *target = value.clone();
            }
        }
        set(
            &mut options.enable_aggregator,
            &toggle(self.enable_aggregator, self.no_aggregator),
        );
        set(
            &mut options.enable_alarms,
            &toggle(self.enable_alarms, self.no_alarms),
        );
        set(
            &mut options.deletion_protection,
            &toggle(self.enable_deletion_protection, self.no_deletion_protection),
        );
        if self.pitr_recovery_days.is_some() {
            options.pitr_recovery_days = self.pitr_recovery_days;
        }
        if self.permission_boundary.is_some() {
            options.permission_boundary = self.permission_boundary.clone();
        }
        if self.role_name_format.is_some() {
            options.role_name_format = self.role_name_format.clone();
        }
        set(&mut options.lambda_memory_mb, &self.lambda_memory);
        set(&mut options.lambda_timeout_seconds, &self.lambda_timeout);
        if self.lambda_reserved_concurrency.is_some() {
            options.lambda_reserved_concurrency = self.lambda_reserved_concurrency;
        }
        set(
            &mut options.lambda_duration_threshold_pct,
            &self.lambda_duration_threshold_pct,
        );
        if let Some(WindowList(windows)) = &self.snapshot_windows {
            options.snapshot_windows = windows.clone();
        }
        set(
            &mut options.snapshot_retention_days,
            &self.snapshot_retention_days,
        );
        set(&mut options.stream_batch_size, &self.stream_batch_size);
        set(
            &mut options.stream_batching_window_seconds,
            &self.stream_batching_window,
        );
        set(
            &mut options.stream_max_record_age_seconds,
            &self.stream_max_record_age,
        );
        set(
            &mut options.stream_retry_attempts,
            &self.stream_retry_attempts,
        );
        if self.artifact_bucket.is_some() {
            options.artifact_bucket = self.artifact_bucket.clone();
        }
        options.capacity = self.capacity(options.capacity)?;
        Ok(())
    }

    fn capacity(&self, current: Capacity) -> Result<Capacity, CliError> {
        let units = (self.read_capacity, self.write_capacity);
        match (self.billing_mode, units) {
            (Some(BillingModeArg::Provisioned), (Some(read), Some(write))) => {
                Ok(Capacity::Provisioned { read, write })
            }
            (Some(BillingModeArg::Provisioned), _) => Err(CliError::usage(
                "--billing-mode provisioned needs both --read-capacity and --write-capacity",
            )),
            (_, (None, None)) => match self.billing_mode {
                Some(BillingModeArg::OnDemand) => Ok(Capacity::OnDemand),
                _ => Ok(current),
            },
            (_, _) => Err(CliError::usage(
                "--read-capacity and --write-capacity need --billing-mode provisioned; on-demand tables take no capacity",
            )),
        }
    }
}
