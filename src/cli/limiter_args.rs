//! The rate-limiter stack's own flags. Every flag is optional so that it overrides only what
//! the user gave, over the defaults (and, later, a profile).

use clap::Args;

use crate::blueprint::SharedSettings;
use crate::stacks::limiter::rules::*;
use crate::stacks::limiter::values::{BillingModeChoice, VpcEndpoint};
use crate::stacks::limiter::{LimiterSettings, Window};
use crate::stacks::rule::ValueRule;
use crate::stacks::ValueError;

/// A comma-separated list; a newtype because clap reads `Option<Vec<_>>` as a flag that
/// repeats, not as one value that is a list.
#[derive(Clone, Debug)]
pub struct List<T>(pub Vec<T>);

pub(super) fn list<R: ValueRule<Value = Vec<T>>, T>(text: &str) -> Result<List<T>, ValueError> {
    R::parse(text).map(List)
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
    #[arg(long, value_name = "DAYS", value_parser = PitrRecoveryDays::parse)]
    pub pitr_recovery_days: Option<u32>,

    /// Aggregator memory, 128-10240 [default: 256]
    #[arg(long, value_name = "MB", value_parser = LambdaMemory::parse)]
    pub lambda_memory: Option<u32>,

    /// Aggregator timeout, 1-900 [default: 60]
    #[arg(long, value_name = "SECONDS", value_parser = LambdaTimeout::parse)]
    pub lambda_timeout: Option<u32>,

    /// Reserved concurrency of the aggregator, 1-1000 [default: none]
    #[arg(long, value_name = "N", value_parser = ReservedConcurrency::parse)]
    pub lambda_reserved_concurrency: Option<u32>,

    /// Duration alarm threshold as a share of the timeout, 1-100 [default: 80]
    #[arg(long, value_name = "PCT", value_parser = DurationThresholdPct::parse)]
    pub lambda_duration_threshold_pct: Option<u32>,

    /// Snapshot windows, from hourly, daily, monthly (SnapshotWindows default) [default: hourly,daily]
    #[arg(long, value_name = "LIST", value_parser = list::<SnapshotWindows, Window>)]
    pub snapshot_windows: Option<List<Window>>,

    /// Days usage snapshots are kept, 1-3650 (SnapshotRetentionDays default) [default: 90]
    #[arg(long, alias = "usage-retention-days", value_name = "DAYS", value_parser = SnapshotRetentionDays::parse)]
    pub snapshot_retention_days: Option<u32>,

    /// Protect the table from deletion
    #[arg(long, overrides_with = "no_deletion_protection")]
    pub enable_deletion_protection: bool,
    /// Leave the table unprotected (the default)
    #[arg(long, overrides_with = "enable_deletion_protection")]
    pub no_deletion_protection: bool,

    /// Table billing mode: on-demand, provisioned (needs --read-capacity and
    /// --write-capacity) [default: on-demand]
    #[arg(long, value_name = "MODE", value_parser = BillingMode::parse)]
    pub billing_mode: Option<BillingModeChoice>,

    /// Provisioned read capacity units, 1-40000 (with --billing-mode provisioned)
    #[arg(long, value_name = "RCU", value_parser = CapacityUnits::parse)]
    pub read_capacity: Option<u32>,

    /// Provisioned write capacity units, 1-40000 (with --billing-mode provisioned)
    #[arg(long, value_name = "WCU", value_parser = CapacityUnits::parse)]
    pub write_capacity: Option<u32>,

    /// Stream records per aggregator invocation, 1-10000 [default: 100]
    #[arg(long, value_name = "N", value_parser = StreamBatchSize::parse)]
    pub stream_batch_size: Option<u32>,

    /// Seconds to gather stream records before invoking, 0-300 [default: 5]
    #[arg(long, value_name = "SECONDS", value_parser = StreamBatchingWindow::parse)]
    pub stream_batching_window: Option<u32>,

    /// Stream records older than this go to the DLQ, 60-604800 [default: 3600]
    #[arg(long, value_name = "SECONDS", value_parser = StreamMaxRecordAge::parse)]
    pub stream_max_record_age: Option<u32>,

    /// Retries of a failing batch before the DLQ, 0-10000 [default: 3]
    #[arg(long, value_name = "N", value_parser = StreamRetryAttempts::parse)]
    pub stream_retry_attempts: Option<u32>,

    /// Batches of one stream shard the aggregator processes at once, 1-10; at most
    /// --lambda-reserved-concurrency [default: 1]
    #[arg(long, value_name = "N", value_parser = StreamParallelizationFactor::parse)]
    pub parallelization_factor: Option<u32>,

    /// Auto scaling's target utilisation with --billing-mode provisioned, 20-90 [default: 70]
    #[arg(long, value_name = "PCT", value_parser = AutoscalingTargetPct::parse)]
    pub autoscaling_target_pct: Option<u32>,

    /// Auto scaling's minimum capacity of the table and each index, 1-40000 [default: --read-capacity / --write-capacity]
    #[arg(long, value_name = "UNITS", value_parser = AutoscalingCapacity::parse)]
    pub autoscaling_min_capacity: Option<u32>,

    /// Auto scaling's maximum capacity, 1-40000 [default: ten times the minimum]
    #[arg(long, value_name = "UNITS", value_parser = AutoscalingCapacity::parse)]
    pub autoscaling_max_capacity: Option<u32>,

    /// S3 bucket of the Lambda artifact (ArtifactBucket default) [default: given at deploy]
    #[arg(long, value_name = "BUCKET", value_parser = ArtifactBucket::parse)]
    pub artifact_bucket: Option<String>,

    /// Run the Lambda functions in these subnets, comma-separated (with
    /// --lambda-security-group-ids) [default: Lambda's own network]
    #[arg(long, value_name = "IDS", value_parser = list::<LambdaSubnets, String>)]
    pub lambda_subnet_ids: Option<List<String>>,

    /// Security groups of the Lambda functions, comma-separated (with --lambda-subnet-ids)
    #[arg(long, value_name = "IDS", value_parser = list::<LambdaSecurityGroups, String>)]
    pub lambda_security_group_ids: Option<List<String>>,

    /// The VPC of --lambda-subnet-ids, for --vpc-endpoints
    #[arg(long, value_name = "VPC_ID", value_parser = VpcId::parse)]
    pub lambda_vpc_id: Option<String>,

    /// VPC endpoints to add for the functions: dynamodb and s3 (gateways; need
    /// --route-table-ids), logs (interface), comma-separated (needs --lambda-vpc-id)
    #[arg(long, value_name = "LIST", value_parser = list::<VpcEndpoints, VpcEndpoint>)]
    pub vpc_endpoints: Option<List<VpcEndpoint>>,

    /// Route tables of the functions' subnets, comma-separated, for the gateway endpoints
    #[arg(long, value_name = "IDS", value_parser = list::<RouteTables, String>)]
    pub route_table_ids: Option<List<String>>,

    /// Create IAM resources (the default)
    #[arg(long, overrides_with = "no_iam")]
    pub enable_iam: bool,
    /// Create no IAM resources at all; the aggregator then needs --aggregator-role-arn
    #[arg(long, overrides_with = "enable_iam")]
    pub no_iam: bool,

    /// An existing execution role for the aggregator, instead of one the stack creates
    #[arg(long, value_name = "ARN", value_parser = AggregatorRoleArn::parse)]
    pub aggregator_role_arn: Option<String>,

    /// Create the application roles (app, admin, read-only) beside the managed policies
    #[arg(long, overrides_with = "no_iam_roles")]
    pub create_iam_roles: bool,
    /// Create no application roles (the default): attach the managed policies to your own
    #[arg(long, overrides_with = "create_iam_roles")]
    pub no_iam_roles: bool,

    /// Archive audit items removed by TTL to an S3 bucket (the default, with the aggregator)
    #[arg(long, overrides_with = "no_audit_archival")]
    pub enable_audit_archival: bool,
    /// Archive no audit items: no bucket
    #[arg(long, overrides_with = "enable_audit_archival")]
    pub no_audit_archival: bool,

    /// Days before archived audit objects move to Glacier Instant Retrieval, 1-3650 [default: 90]
    #[arg(long, value_name = "DAYS", value_parser = GlacierDays::parse)]
    pub audit_archive_glacier_days: Option<u32>,

    /// X-Ray active tracing on the aggregator
    #[arg(long, overrides_with = "no_tracing")]
    pub enable_tracing: bool,
    /// No X-Ray tracing (the default)
    #[arg(long, overrides_with = "enable_tracing")]
    pub no_tracing: bool,
}

/// `Some(true)` for `--enable-x`, `Some(false)` for `--no-x`, `None` when neither was given.
pub(super) fn toggle(enable: bool, disable: bool) -> Option<bool> {
    match (enable, disable) {
        (true, _) => Some(true),
        (_, true) => Some(false),
        _ => None,
    }
}

impl LimiterArgs {
    /// The settings these flags give, with the shared flags' `shared`.
    pub fn settings(&self, shared: SharedSettings) -> LimiterSettings {
        let list = |ids: &Option<List<String>>| ids.as_ref().map(|List(ids)| ids.clone());
        LimiterSettings {
            shared,
            enable_aggregator: toggle(self.enable_aggregator, self.no_aggregator),
            enable_alarms: toggle(self.enable_alarms, self.no_alarms),
            enable_deletion_protection: toggle(
                self.enable_deletion_protection,
                self.no_deletion_protection,
            ),
            pitr_recovery_days: self.pitr_recovery_days,
            lambda_memory: self.lambda_memory,
            lambda_timeout: self.lambda_timeout,
            lambda_reserved_concurrency: self.lambda_reserved_concurrency,
            lambda_duration_threshold_pct: self.lambda_duration_threshold_pct,
            snapshot_windows: self.snapshot_windows.as_ref().map(|List(w)| w.clone()),
            snapshot_retention_days: self.snapshot_retention_days,
            billing_mode: self.billing_mode,
            read_capacity: self.read_capacity,
            write_capacity: self.write_capacity,
            stream_batch_size: self.stream_batch_size,
            stream_batching_window: self.stream_batching_window,
            stream_max_record_age: self.stream_max_record_age,
            stream_retry_attempts: self.stream_retry_attempts,
            parallelization_factor: self.parallelization_factor,
            autoscaling_target_pct: self.autoscaling_target_pct,
            autoscaling_min_capacity: self.autoscaling_min_capacity,
            autoscaling_max_capacity: self.autoscaling_max_capacity,
            artifact_bucket: self.artifact_bucket.clone(),
            lambda_subnet_ids: list(&self.lambda_subnet_ids),
            lambda_security_group_ids: list(&self.lambda_security_group_ids),
            lambda_vpc_id: self.lambda_vpc_id.clone(),
            vpc_endpoints: self.vpc_endpoints.as_ref().map(|List(e)| e.clone()),
            route_table_ids: list(&self.route_table_ids),
            enable_iam: toggle(self.enable_iam, self.no_iam),
            aggregator_role_arn: self.aggregator_role_arn.clone(),
            create_iam_roles: toggle(self.create_iam_roles, self.no_iam_roles),
            enable_audit_archival: toggle(self.enable_audit_archival, self.no_audit_archival),
            audit_archive_glacier_days: self.audit_archive_glacier_days,
            enable_tracing: toggle(self.enable_tracing, self.no_tracing),
        }
    }
}
