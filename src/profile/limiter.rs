//! A rate-limiter profile: every option of `synth --blueprint limiter`, under the flag's name
//! in snake_case (`--pitr-recovery-days` is `pitr_recovery_days`).

use schemars::JsonSchema;
use serde::Deserialize;

use crate::blueprint_profile;
use crate::stacks::limiter::rules::*;
use crate::stacks::limiter::LimiterSettings;
use crate::stacks::rule::Checked;

#[derive(Clone, Copy, Debug, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum LimiterBlueprint {
    /// The DynamoDB rate limiter of seeds 000-002
    Limiter,
}

blueprint_profile!(
    /// A deployment of the DynamoDB rate limiter (the default blueprint).
    LimiterProfile, blueprint: Option<LimiterBlueprint>, settings: LimiterSettings {
        /// Deploy the usage aggregator [default: true]
        enable_aggregator: Option<bool>,
        /// Deploy the CloudWatch alarms [default: true]
        enable_alarms: Option<bool>,
        /// Protect the table from deletion [default: false]
        enable_deletion_protection: Option<bool>,
        /// Point-in-time recovery period in days, 1-35 [default: off]
        pitr_recovery_days: Option<Checked<PitrRecoveryDays>>,
        /// Aggregator memory in MB, 128-10240 [default: 256]
        lambda_memory: Option<Checked<LambdaMemory>>,
        /// Aggregator timeout in seconds, 1-900 [default: 60]
        lambda_timeout: Option<Checked<LambdaTimeout>>,
        /// Reserved concurrency of the aggregator, 1-1000 [default: none]
        lambda_reserved_concurrency: Option<Checked<ReservedConcurrency>>,
        /// Duration alarm threshold, percent of the timeout, 1-100 [default: 80]
        lambda_duration_threshold_pct: Option<Checked<DurationThresholdPct>>,
        /// Snapshot windows (SnapshotWindows default) [default: hourly, daily]
        snapshot_windows: Option<Checked<SnapshotWindows>>,
        /// Days usage snapshots are kept, 1-3650 [default: 90]
        #[serde(alias = "usage_retention_days")]
        snapshot_retention_days: Option<Checked<SnapshotRetentionDays>>,
        /// on-demand or provisioned [default: on-demand]
        billing_mode: Option<Checked<BillingMode>>,
        /// Provisioned read capacity units, 1-40000
        read_capacity: Option<Checked<CapacityUnits>>,
        /// Provisioned write capacity units, 1-40000
        write_capacity: Option<Checked<CapacityUnits>>,
        /// Stream records per aggregator invocation, 1-10000 [default: 100]
        stream_batch_size: Option<Checked<StreamBatchSize>>,
        /// Seconds to gather stream records, 0-300 [default: 5]
        stream_batching_window: Option<Checked<StreamBatchingWindow>>,
        /// Records older than this many seconds go to the DLQ, 60-604800 [default: 3600]
        stream_max_record_age: Option<Checked<StreamMaxRecordAge>>,
        /// Retries of a failing batch, 0-10000 [default: 3]
        stream_retry_attempts: Option<Checked<StreamRetryAttempts>>,
        /// Batches of one shard processed at once, 1-10; at most the reserved concurrency [default: 1]
        parallelization_factor: Option<Checked<StreamParallelizationFactor>>,
        /// Auto scaling's target utilisation with billing_mode provisioned, 20-90 [default: 70]
        autoscaling_target_pct: Option<Checked<AutoscalingTargetPct>>,
        /// Auto scaling's minimum, 1-40000 [default: read_capacity / write_capacity]
        autoscaling_min_capacity: Option<Checked<AutoscalingCapacity>>,
        /// Auto scaling's maximum, 1-40000 [default: ten times the minimum]
        autoscaling_max_capacity: Option<Checked<AutoscalingCapacity>>,
        /// S3 bucket of the Lambda artifact (ArtifactBucket default)
        artifact_bucket: Option<Checked<ArtifactBucket>>,
        /// Subnets of the Lambda functions
        lambda_subnet_ids: Option<Checked<LambdaSubnets>>,
        /// Security groups of the Lambda functions
        lambda_security_group_ids: Option<Checked<LambdaSecurityGroups>>,
        /// The VPC of lambda_subnet_ids, for vpc_endpoints
        lambda_vpc_id: Option<Checked<VpcId>>,
        /// VPC endpoints to add: dynamodb, logs, s3
        vpc_endpoints: Option<Checked<VpcEndpoints>>,
        /// Route tables of the functions' subnets, for the dynamodb and s3 endpoints
        route_table_ids: Option<Checked<RouteTables>>,
        /// Create IAM resources [default: true]
        enable_iam: Option<bool>,
        /// An existing execution role for the aggregator
        aggregator_role_arn: Option<Checked<AggregatorRoleArn>>,
        /// Create the application roles beside the managed policies [default: false]
        create_iam_roles: Option<bool>,
        /// Archive audit items removed by TTL to S3 [default: true]
        enable_audit_archival: Option<bool>,
        /// Days before archived audit objects move to Glacier Instant Retrieval, 1-3650 [default: 90]
        audit_archive_glacier_days: Option<Checked<GlacierDays>>,
        /// X-Ray active tracing on the aggregator [default: false]
        enable_tracing: Option<bool>,
    }
);
