//! The rate limiter as a [`Blueprint`]: what the registry needs to synthesize it, read its
//! profiles and credit `check` findings to its settings.

use super::{build, LimiterOptions, LimiterOptionsError, LimiterSettings};
use crate::assets;
use crate::blueprint::{Artifact, Blueprint, SettingsError, Sources};
use crate::stacks::artifact::artifact;
use crate::template::Stack;

pub struct Limiter;

impl Blueprint for Limiter {
    const NAME: &'static str = "limiter";
    type Options = LimiterOptions;
    type Settings = LimiterSettings;
    type Error = LimiterOptionsError;
    type Profile = crate::profile::LimiterProfile;

    fn apply(
        settings: &LimiterSettings,
        options: &mut LimiterOptions,
    ) -> Result<(), SettingsError> {
        settings.apply(options)
    }

    fn validate(options: &LimiterOptions) -> Result<(), LimiterOptionsError> {
        options.check()
    }

    fn build(options: &LimiterOptions) -> Stack {
        build(options)
    }

    fn artifacts(options: &LimiterOptions) -> Vec<Artifact> {
        if !options.enable_aggregator {
            return Vec::new();
        }
        vec![artifact(assets::aggregator())]
    }

    fn sources() -> &'static Sources {
        &SOURCES
    }
}

static SOURCES: Sources = Sources {
    settings: &[
        (
            "RateLimitsTable.Properties.PointInTimeRecoverySpecification",
            "pitr_recovery_days",
        ),
        ("EnablePITR", "pitr_recovery_days"),
        ("RateLimitsTable.Properties.BillingMode", "billing_mode"),
        (
            "RateLimitsTable.Properties.ProvisionedThroughput.ReadCapacityUnits",
            "read_capacity",
        ),
        (
            "RateLimitsTable.Properties.ProvisionedThroughput.WriteCapacityUnits",
            "write_capacity",
        ),
        (
            "RateLimitsTable.Properties.DeletionProtectionEnabled",
            "enable_deletion_protection",
        ),
        ("RateLimitsTable.Properties.SSESpecification", "kms_key"),
        ("AggregatorFunction.Properties.MemorySize", "lambda_memory"),
        ("AggregatorFunction.Properties.Timeout", "lambda_timeout"),
        (
            "AggregatorFunction.Properties.ReservedConcurrentExecutions",
            "lambda_reserved_concurrency",
        ),
        (
            "AggregatorFunction.Properties.TracingConfig",
            "enable_tracing",
        ),
        (
            "AggregatorDurationAlarm.Properties.Threshold",
            "lambda_duration_threshold_pct",
        ),
        (
            "AggregatorStreamMapping.Properties.BatchSize",
            "stream_batch_size",
        ),
        (
            "AggregatorStreamMapping.Properties.MaximumBatchingWindowInSeconds",
            "stream_batching_window",
        ),
        (
            "AggregatorStreamMapping.Properties.MaximumRecordAgeInSeconds",
            "stream_max_record_age",
        ),
        (
            "AggregatorStreamMapping.Properties.MaximumRetryAttempts",
            "stream_retry_attempts",
        ),
        (
            "AggregatorStreamMapping.Properties.ParallelizationFactor",
            "parallelization_factor",
        ),
        (
            "AuditArchiveBucket.Properties.LifecycleConfiguration",
            "audit_archive_glacier_days",
        ),
        ("SnapshotWindows", "snapshot_windows"),
        ("SnapshotRetentionDays", "snapshot_retention_days"),
        ("ArtifactBucket", "artifact_bucket"),
        ("*.Properties.VpcConfig.SubnetIds", "lambda_subnet_ids"),
        (
            "*.Properties.VpcConfig.SecurityGroupIds",
            "lambda_security_group_ids",
        ),
        ("*.Properties.VpcId", "lambda_vpc_id"),
        ("*.Properties.RouteTableIds", "route_table_ids"),
        ("*.Properties.SubnetIds", "lambda_subnet_ids"),
        ("*.Properties.SecurityGroupIds", "lambda_security_group_ids"),
    ],
    components: &[
        ("*Alarm", ALARMS),
        ("AlarmTopic", ALARMS),
        ("Aggregator*", AGGREGATOR),
        ("AuditArchiveBucket*", AGGREGATOR),
        ("*Role", ACCESS),
        ("*Policy", ACCESS),
        ("DataKey*", ORGANISATION),
        ("*Endpoint", ORGANISATION),
        ("*", TABLE),
    ],
};

// The components, each named once with the file that builds it.
const ALARMS: &str = "alarms (src/stacks/limiter/alarms.rs)";
const AGGREGATOR: &str = "aggregator (src/stacks/limiter/aggregator.rs)";
const ACCESS: &str = "access (src/stacks/limiter/access.rs)";
const ORGANISATION: &str = "organisation (src/stacks/limiter/organisation.rs)";
const TABLE: &str = "table (src/stacks/limiter/mod.rs)";
