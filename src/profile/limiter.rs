//! A rate-limiter profile: every option of `synth --blueprint limiter`, under the flag's name
//! in snake_case (`--pitr-recovery-days` is `pitr_recovery_days`).

use schemars::JsonSchema;
use serde::Deserialize;

use super::overrides::Override;
use super::tags::TagMap;
use super::values::{get, list, shared_args};
use crate::cli::{LimiterArgs, SharedArgs};
use crate::stacks::limiter::rules::*;
use crate::stacks::rule::Checked;
use crate::stacks::rules::{AlarmSnsTopic, LogRetentionDays, Region, StackName};

#[derive(Clone, Copy, Debug, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum LimiterBlueprint {
    /// The DynamoDB rate limiter of seeds 000-002
    Limiter,
}

/// A deployment of the DynamoDB rate limiter (the default blueprint).
#[derive(Clone, Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LimiterProfile {
    /// `limiter` (the default when omitted)
    pub blueprint: Option<LimiterBlueprint>,
    /// The region the stack deploys to; ARNs in the profile must be in it
    pub region: Option<Checked<Region>>,
    /// Physical names derive from ZAEL-{name} [default: limiter]
    pub name: Option<Checked<StackName>>,
    /// SNS topic ARN every alarm notifies [default: a topic the stack creates]
    pub alarm_sns_topic: Option<Checked<AlarmSnsTopic>>,
    /// CloudWatch Logs retention in days (LogRetentionDays default) [default: 30]
    pub log_retention_days: Option<Checked<LogRetentionDays>>,
    /// Tags on every taggable resource
    pub tags: Option<TagMap>,
    /// Changes to the synthesized template for what no option covers
    pub overrides: Option<Vec<Override>>,
    /// Rules of `zael check` this stack may break, each with its reason
    pub skip: Option<Vec<super::Suppression>>,
    /// Deploy the usage aggregator [default: true]
    pub enable_aggregator: Option<bool>,
    /// Deploy the CloudWatch alarms [default: true]
    pub enable_alarms: Option<bool>,
    /// Protect the table from deletion [default: false]
    pub enable_deletion_protection: Option<bool>,
    /// Point-in-time recovery period in days, 1-35 [default: off]
    pub pitr_recovery_days: Option<Checked<PitrRecoveryDays>>,
    /// Permission boundary on every role: a policy name or ARN
    pub permission_boundary: Option<Checked<Boundary>>,
    /// Role-name format with one {} placeholder
    pub role_name_format: Option<Checked<RoleFormat>>,
    /// Managed-policy name format with one {} placeholder
    pub policy_name_format: Option<Checked<PolicyFormat>>,
    /// Aggregator memory in MB, 128-10240 [default: 256]
    pub lambda_memory: Option<Checked<LambdaMemory>>,
    /// Aggregator timeout in seconds, 1-900 [default: 60]
    pub lambda_timeout: Option<Checked<LambdaTimeout>>,
    /// Reserved concurrency of the aggregator, 1-1000 [default: none]
    pub lambda_reserved_concurrency: Option<Checked<ReservedConcurrency>>,
    /// Duration alarm threshold, percent of the timeout, 1-100 [default: 80]
    pub lambda_duration_threshold_pct: Option<Checked<DurationThresholdPct>>,
    /// Snapshot windows (SnapshotWindows default) [default: hourly, daily]
    pub snapshot_windows: Option<Checked<SnapshotWindows>>,
    /// Days usage snapshots are kept, 1-3650 [default: 90]
    #[serde(alias = "usage_retention_days")]
    pub snapshot_retention_days: Option<Checked<SnapshotRetentionDays>>,
    /// on-demand or provisioned [default: on-demand]
    pub billing_mode: Option<Checked<BillingMode>>,
    /// Provisioned read capacity units, 1-40000
    pub read_capacity: Option<Checked<CapacityUnits>>,
    /// Provisioned write capacity units, 1-40000
    pub write_capacity: Option<Checked<CapacityUnits>>,
    /// Stream records per aggregator invocation, 1-10000 [default: 100]
    pub stream_batch_size: Option<Checked<StreamBatchSize>>,
    /// Seconds to gather stream records, 0-300 [default: 5]
    pub stream_batching_window: Option<Checked<StreamBatchingWindow>>,
    /// Records older than this many seconds go to the DLQ, 60-604800 [default: 3600]
    pub stream_max_record_age: Option<Checked<StreamMaxRecordAge>>,
    /// Retries of a failing batch, 0-10000 [default: 3]
    pub stream_retry_attempts: Option<Checked<StreamRetryAttempts>>,
    /// S3 bucket of the Lambda artifact (ArtifactBucket default)
    pub artifact_bucket: Option<Checked<ArtifactBucket>>,
    /// `create`, or an existing KMS key ARN [default: AWS keys]
    pub kms_key: Option<Checked<Kms>>,
    /// Subnets of the Lambda functions
    pub lambda_subnet_ids: Option<Checked<LambdaSubnets>>,
    /// Security groups of the Lambda functions
    pub lambda_security_group_ids: Option<Checked<LambdaSecurityGroups>>,
    /// The VPC of lambda_subnet_ids, for vpc_endpoints
    pub lambda_vpc_id: Option<Checked<VpcId>>,
    /// VPC endpoints to add: dynamodb, logs
    pub vpc_endpoints: Option<Checked<VpcEndpoints>>,
    /// Route tables of the functions' subnets, for the dynamodb endpoint
    pub route_table_ids: Option<Checked<RouteTables>>,
    /// Create IAM resources [default: true]
    pub enable_iam: Option<bool>,
    /// An existing execution role for the aggregator
    pub aggregator_role_arn: Option<Checked<AggregatorRoleArn>>,
    /// Create the application roles beside the managed policies [default: false]
    pub create_iam_roles: Option<bool>,
    /// Archive audit items removed by TTL to S3 [default: true]
    pub enable_audit_archival: Option<bool>,
    /// Days before archived audit objects move to Glacier Instant Retrieval, 1-3650 [default: 90]
    pub audit_archive_glacier_days: Option<Checked<GlacierDays>>,
    /// X-Ray active tracing on the aggregator [default: false]
    pub enable_tracing: Option<bool>,
}

impl LimiterProfile {
    /// The profile as the flags that would say the same.
    pub fn to_args(&self) -> (SharedArgs, LimiterArgs) {
        let shared = shared_args(
            &self.name,
            &self.alarm_sns_topic,
            &self.log_retention_days,
            &self.tags,
        );
        let toggle = |value: Option<bool>| (value == Some(true), value == Some(false));
        let (enable_aggregator, no_aggregator) = toggle(self.enable_aggregator);
        let (enable_alarms, no_alarms) = toggle(self.enable_alarms);
        let (enable_deletion_protection, no_deletion_protection) =
            toggle(self.enable_deletion_protection);
        let (enable_iam, no_iam) = toggle(self.enable_iam);
        let (create_iam_roles, no_iam_roles) = toggle(self.create_iam_roles);
        let (enable_audit_archival, no_audit_archival) = toggle(self.enable_audit_archival);
        let (enable_tracing, no_tracing) = toggle(self.enable_tracing);
        let limiter = LimiterArgs {
            enable_aggregator,
            no_aggregator,
            enable_alarms,
            no_alarms,
            enable_deletion_protection,
            no_deletion_protection,
            pitr_recovery_days: get(&self.pitr_recovery_days),
            permission_boundary: get(&self.permission_boundary),
            role_name_format: get(&self.role_name_format),
            policy_name_format: get(&self.policy_name_format),
            lambda_memory: get(&self.lambda_memory),
            lambda_timeout: get(&self.lambda_timeout),
            lambda_reserved_concurrency: get(&self.lambda_reserved_concurrency),
            lambda_duration_threshold_pct: get(&self.lambda_duration_threshold_pct),
            snapshot_windows: list(&self.snapshot_windows),
            snapshot_retention_days: get(&self.snapshot_retention_days),
            billing_mode: get(&self.billing_mode),
            read_capacity: get(&self.read_capacity),
            write_capacity: get(&self.write_capacity),
            stream_batch_size: get(&self.stream_batch_size),
            stream_batching_window: get(&self.stream_batching_window),
            stream_max_record_age: get(&self.stream_max_record_age),
            stream_retry_attempts: get(&self.stream_retry_attempts),
            artifact_bucket: get(&self.artifact_bucket),
            kms_key: get(&self.kms_key),
            lambda_subnet_ids: list(&self.lambda_subnet_ids),
            lambda_security_group_ids: list(&self.lambda_security_group_ids),
            lambda_vpc_id: get(&self.lambda_vpc_id),
            vpc_endpoints: list(&self.vpc_endpoints),
            route_table_ids: list(&self.route_table_ids),
            enable_iam,
            no_iam,
            aggregator_role_arn: get(&self.aggregator_role_arn),
            create_iam_roles,
            no_iam_roles,
            enable_audit_archival,
            no_audit_archival,
            audit_archive_glacier_days: get(&self.audit_archive_glacier_days),
            enable_tracing,
            no_tracing,
        };
        (shared, limiter)
    }
}
