//! The rate-limiter stack's own flags. Every flag is optional so that it overrides only what
//! the user gave, over the defaults (and, later, a profile).

use clap::Args;

use crate::aspects::{ManagedPolicyNameFormat, PermissionBoundary, RoleNameFormat};
use crate::constructs::Capacity;
use crate::stacks::limiter::rules::*;
use crate::stacks::limiter::values::{BillingModeChoice, KmsKey, VpcEndpoint};
use crate::stacks::limiter::{LambdaNetwork, LimiterOptions, Window};
use crate::stacks::rule::ValueRule;

use super::CliError;

/// A comma-separated list; a newtype because clap reads `Option<Vec<_>>` as a flag that
/// repeats, not as one value that is a list.
#[derive(Clone, Debug)]
pub struct List<T>(pub Vec<T>);

pub(super) fn list<R: ValueRule<Value = Vec<T>>, T>(text: &str) -> Result<List<T>, String> {
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

    /// Permission boundary on every role: a policy name or a full policy ARN
    #[arg(long, value_name = "POLICY", value_parser = Boundary::parse)]
    pub permission_boundary: Option<PermissionBoundary>,

    /// Role-name format with one {} placeholder, e.g. PowerUserPB-{}
    #[arg(long, value_name = "FORMAT", value_parser = RoleFormat::parse)]
    pub role_name_format: Option<RoleNameFormat>,

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

    /// S3 bucket of the Lambda artifact (ArtifactBucket default) [default: given at deploy]
    #[arg(long, value_name = "BUCKET", value_parser = ArtifactBucket::parse)]
    pub artifact_bucket: Option<String>,

    /// Managed-policy name format with one {} placeholder, e.g. PowerUserPB-{}
    #[arg(long, value_name = "FORMAT", value_parser = PolicyFormat::parse)]
    pub policy_name_format: Option<ManagedPolicyNameFormat>,

    /// Encrypt the table, DLQ, log groups and alarm topic with a customer-managed key:
    /// `create` (a key the stack creates, rotated) or an existing key's ARN [default: AWS keys]
    #[arg(long, value_name = "KEY", value_parser = Kms::parse)]
    pub kms_key: Option<KmsKey>,

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

    /// VPC endpoints to add for the functions: dynamodb (gateway; needs --route-table-ids),
    /// logs (interface), comma-separated (needs --lambda-vpc-id)
    #[arg(long, value_name = "LIST", value_parser = list::<VpcEndpoints, VpcEndpoint>)]
    pub vpc_endpoints: Option<List<VpcEndpoint>>,

    /// Route tables of the functions' subnets, comma-separated, for the DynamoDB endpoint
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
        if let Some(List(windows)) = &self.snapshot_windows {
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
        if self.policy_name_format.is_some() {
            options.policy_name_format = self.policy_name_format.clone();
        }
        if self.kms_key.is_some() {
            options.kms_key = self.kms_key.clone();
        }
        set(
            &mut options.iam.create,
            &toggle(self.enable_iam, self.no_iam),
        );
        if self.aggregator_role_arn.is_some() {
            options.iam.aggregator_role_arn = self.aggregator_role_arn.clone();
        }
        set(
            &mut options.iam.application_roles,
            &toggle(self.create_iam_roles, self.no_iam_roles),
        );
        set(
            &mut options.audit_archival,
            &toggle(self.enable_audit_archival, self.no_audit_archival),
        );
        set(
            &mut options.audit_archive_glacier_days,
            &self.audit_archive_glacier_days,
        );
        set(
            &mut options.tracing,
            &toggle(self.enable_tracing, self.no_tracing),
        );
        options.capacity = self.capacity(options.capacity)?;
        options.lambda_vpc = self.lambda_network(options.lambda_vpc.take())?;
        Ok(())
    }

    /// The flags' network over `current`; the combination must make a whole placement.
    fn lambda_network(
        &self,
        current: Option<LambdaNetwork>,
    ) -> Result<Option<LambdaNetwork>, CliError> {
        let given = self.lambda_subnet_ids.is_some()
            || self.lambda_security_group_ids.is_some()
            || self.lambda_vpc_id.is_some()
            || self.vpc_endpoints.is_some()
            || self.route_table_ids.is_some();
        if !given {
            return Ok(current);
        }
        let mut network = current.unwrap_or(LambdaNetwork {
            subnet_ids: Vec::new(),
            security_group_ids: Vec::new(),
            vpc_id: None,
            endpoints: Vec::new(),
            route_table_ids: Vec::new(),
        });
        if let Some(List(ids)) = &self.lambda_subnet_ids {
            network.subnet_ids = ids.clone();
        }
        if let Some(List(ids)) = &self.lambda_security_group_ids {
            network.security_group_ids = ids.clone();
        }
        if self.lambda_vpc_id.is_some() {
            network.vpc_id = self.lambda_vpc_id.clone();
        }
        if let Some(List(endpoints)) = &self.vpc_endpoints {
            network.endpoints = endpoints.clone();
        }
        if let Some(List(ids)) = &self.route_table_ids {
            network.route_table_ids = ids.clone();
        }
        network.check().map_err(CliError::usage)?;
        Ok(Some(network))
    }

    fn capacity(&self, current: Capacity) -> Result<Capacity, CliError> {
        let units = (self.read_capacity, self.write_capacity);
        match (self.billing_mode, units) {
            (Some(BillingModeChoice::Provisioned), (Some(read), Some(write))) => {
                Ok(Capacity::Provisioned { read, write })
            }
            (Some(BillingModeChoice::Provisioned), _) => Err(CliError::usage(
                "--billing-mode provisioned needs both --read-capacity and --write-capacity",
            )),
            (_, (None, None)) => match self.billing_mode {
                Some(BillingModeChoice::OnDemand) => Ok(Capacity::OnDemand),
                _ => Ok(current),
            },
            // A profile made the table provisioned: a flag may change one of its capacities.
            (None, (read, write)) if matches!(current, Capacity::Provisioned { .. }) => {
                let Capacity::Provisioned {
                    read: old_read,
                    write: old_write,
                } = current
                else {
                    unreachable!("matched as provisioned")
                };
                Ok(Capacity::Provisioned {
                    read: read.unwrap_or(old_read),
                    write: write.unwrap_or(old_write),
                })
            }
            (_, _) => Err(CliError::usage(
                "--read-capacity and --write-capacity need --billing-mode provisioned; on-demand tables take no capacity",
            )),
        }
    }
}
