//! The rules of the rate limiter's options (see [`crate::stacks::rule`]).

use super::values;
use super::values::{BillingModeChoice, VpcEndpoint};
use super::Window;
use crate::{limits, list_rule, range_rule, text_rule};

pub use crate::stacks::rules::{Boundary, Kms, PolicyFormat, RoleFormat, VpcId};
use crate::stacks::rules::{SECURITY_GROUP_ID, SUBNET_ID};

range_rule!(PitrRecoveryDays, limits::PITR_RECOVERY_DAYS);
range_rule!(LambdaMemory, limits::LAMBDA_MEMORY);
range_rule!(LambdaTimeout, limits::LAMBDA_TIMEOUT);
range_rule!(ReservedConcurrency, 1, 1000, "concurrent executions");
range_rule!(DurationThresholdPct, 1, 100, "percent");
range_rule!(SnapshotRetentionDays, 1, 3650, "days");
range_rule!(CapacityUnits, limits::CAPACITY_UNITS);
range_rule!(StreamBatchSize, limits::STREAM_BATCH_SIZE);
range_rule!(StreamBatchingWindow, limits::STREAM_BATCHING_WINDOW);
range_rule!(StreamMaxRecordAge, limits::STREAM_MAX_RECORD_AGE);
range_rule!(StreamRetryAttempts, limits::STREAM_RETRY_ATTEMPTS);
range_rule!(AutoscalingTargetPct, limits::AUTOSCALING_TARGET_PCT);
range_rule!(AutoscalingCapacity, limits::CAPACITY_UNITS);
range_rule!(
    StreamParallelizationFactor,
    limits::STREAM_PARALLELIZATION_FACTOR
);
range_rule!(GlacierDays, 1, 3650, "days");

list_rule!(
    /// A YAML list (`[hourly, daily]`) or the flag's comma-separated form.
    SnapshotWindows, Vec<Window>, values::snapshot_windows,
    {"enum": ["hourly", "daily", "monthly"]}, "uniqueItems": true, "minItems": 1
);
text_rule!(
    BillingMode, BillingModeChoice, values::billing_mode,
    {"type": "string", "enum": ["on-demand", "provisioned"]}
);
text_rule!(
    ArtifactBucket, String, values::bucket_name,
    {"type": "string", "pattern": "^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$"}
);
list_rule!(
    /// A list of subnet IDs, or the flag's comma-separated form.
    LambdaSubnets, Vec<String>, values::lambda_subnet_ids,
    {"type": "string", "pattern": SUBNET_ID}, "minItems": 1, "maxItems": 16
);
list_rule!(
    /// A list of security group IDs, or the flag's comma-separated form.
    LambdaSecurityGroups, Vec<String>, values::security_group_ids,
    {"type": "string", "pattern": SECURITY_GROUP_ID}, "minItems": 1, "maxItems": 5
);
list_rule!(
    /// A list of route table IDs, or the flag's comma-separated form.
    RouteTables, Vec<String>, values::route_table_ids,
    {"type": "string", "pattern": "^rtb-[0-9a-f]{8}([0-9a-f]{9})?$"}, "minItems": 1
);
list_rule!(
    /// A YAML list (`[dynamodb, logs, s3]`) or the flag's comma-separated form.
    VpcEndpoints, Vec<VpcEndpoint>, values::vpc_endpoints,
    {"enum": ["dynamodb", "logs", "s3"]}, "uniqueItems": true, "minItems": 1
);
text_rule!(
    AggregatorRoleArn, String, values::role_arn,
    {"type": "string", "pattern": "^arn:aws(-cn|-us-gov)?:iam::[0-9]{12}:role/.+$"}
);
