//! Every option of the rate-limiter stack, with the seeds' defaults.

use super::values::VpcEndpoint;
use crate::aspects::Tags;
use crate::blueprint::NetworkError;
use crate::constructs::Capacity;
use crate::stacks::common::Organisation;

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
    /// The organisation's boundary and name formats. Default: none.
    pub organisation: Organisation,
    /// Tags on every taggable resource. Default: none.
    pub tags: Tags,
    /// The functions' VPC placement. Default: none (Lambda's own network).
    pub lambda_vpc: Option<LambdaNetwork>,
    /// Which IAM resources the stack creates.
    pub iam: IamOptions,
    /// Archive audit items removed by TTL to S3. Default: true (with the aggregator).
    pub audit_archival: bool,
    /// Days before archived audit objects move to Glacier Instant Retrieval. Default: 90.
    pub audit_archive_glacier_days: u32,
    /// X-Ray active tracing on the aggregator. Default: false.
    pub tracing: bool,
    /// The CloudWatch dashboard `ZAEL-{name}`. Default: true.
    pub dashboard: bool,
    /// Batches of one stream shard the aggregator processes at once, 1-10. Default: 1
    /// (seed 002: one instance per shard). Each shard then runs up to this many instances,
    /// so a reserved concurrency must leave room for it.
    pub stream_parallelization_factor: u32,
    /// Auto scaling of a provisioned table and its indexes.
    pub autoscaling: AutoScaling,
}

/// Application Auto Scaling of a provisioned table and every global index, read and write.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AutoScaling {
    /// Target utilisation, 20-90%. Default: 70 (seed 002).
    pub target_pct: u32,
    /// Default: the provisioned capacity (`--read-capacity`, `--write-capacity`).
    pub min_capacity: Option<u32>,
    /// Default: ten times the minimum, at most 40,000.
    pub max_capacity: Option<u32>,
}

impl Default for AutoScaling {
    fn default() -> Self {
        AutoScaling {
            target_pct: 70,
            min_capacity: None,
            max_capacity: None,
        }
    }
}

/// IAM for organisations that restrict who creates it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IamOptions {
    /// Create IAM resources at all. Default: true.
    pub create: bool,
    /// An existing execution role for the aggregator instead of one the stack creates.
    pub aggregator_role_arn: Option<String>,
    /// Create the application roles (app, admin, read-only). Default: false: the managed
    /// policies are created, and an organisation attaches them to its own principals.
    pub application_roles: bool,
}

impl Default for IamOptions {
    fn default() -> Self {
        IamOptions {
            create: true,
            aggregator_role_arn: None,
            application_roles: false,
        }
    }
}

/// Where the Lambda functions run, and the endpoints the stack adds to that VPC.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LambdaNetwork {
    pub subnet_ids: Vec<String>,
    pub security_group_ids: Vec<String>,
    /// The VPC of those subnets; needed for endpoints.
    pub vpc_id: Option<String>,
    pub endpoints: Vec<VpcEndpoint>,
    /// Route tables of the subnets, for the DynamoDB gateway endpoint.
    pub route_table_ids: Vec<String>,
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
            organisation: Organisation::default(),
            tags: Tags::default(),
            lambda_vpc: None,
            iam: IamOptions::default(),
            audit_archival: true,
            audit_archive_glacier_days: 90,
            tracing: false,
            dashboard: true,
            stream_parallelization_factor: 1,
            autoscaling: AutoScaling::default(),
        }
    }
}

impl LambdaNetwork {
    /// A placement needs subnets and security groups; endpoints need the VPC, and the
    /// DynamoDB gateway endpoint the route tables.
    pub fn check(&self) -> Result<(), NetworkError> {
        if self.subnet_ids.is_empty() || self.security_group_ids.is_empty() {
            return Err(NetworkError::Incomplete);
        }
        if !self.endpoints.is_empty() && self.vpc_id.is_none() {
            return Err(NetworkError::EndpointsNeedVpc);
        }
        let gateway = self.endpoints.iter().any(|e| e.is_gateway());
        if gateway && self.route_table_ids.is_empty() {
            return Err(NetworkError::GatewayNeedsRouteTables);
        }
        if !self.route_table_ids.is_empty() && !gateway {
            return Err(NetworkError::RouteTablesWithoutGateway);
        }
        Ok(())
    }

    /// Whether the stack gives these subnets a route to S3. (Their own route tables may
    /// have one through a NAT, which zael cannot see.)
    pub fn routes_to_s3(&self) -> bool {
        self.endpoints.contains(&VpcEndpoint::S3)
    }
}

/// Options of the rate limiter that are valid one by one but not together.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum LimiterOptionsError {
    #[error("application roles need IAM resources, which enable_iam: false turns off")]
    RolesWithoutIam,
    #[error("without IAM resources the aggregator has no execution role: give aggregator_role_arn, or turn the aggregator off")]
    AggregatorWithoutRole,
    #[error("the aggregator runs in private subnets with audit archival on, but has no route to S3: every archival upload would fail and its records go to the dead-letter queue; add s3 to vpc_endpoints, or set enable_audit_archival: false")]
    ArchivalWithoutS3Route,
    #[error("parallelization_factor {factor} runs up to {factor} aggregator instances per shard, but lambda_reserved_concurrency {reserved} caps them below that: the extra batches would be throttled and retried; lower the factor to at most {reserved} or raise the reserved concurrency")]
    ParallelizationOverReservedConcurrency { factor: u32, reserved: u32 },
    #[error("autoscaling_target_pct, autoscaling_min_capacity and autoscaling_max_capacity scale a provisioned table; set billing_mode: provisioned (on demand, DynamoDB scales by itself)")]
    AutoScalingNeedsProvisioned,
    #[error("autoscaling_min_capacity {min} is above autoscaling_max_capacity {max}")]
    AutoScalingMinAboveMax { min: u32, max: u32 },
}

impl LimiterOptions {
    /// Options that cannot work together, found once every source (profile, flags) applied.
    pub fn check(&self) -> Result<(), LimiterOptionsError> {
        if !self.iam.create && self.iam.application_roles {
            return Err(LimiterOptionsError::RolesWithoutIam);
        }
        if !self.iam.create && self.enable_aggregator && self.iam.aggregator_role_arn.is_none() {
            return Err(LimiterOptionsError::AggregatorWithoutRole);
        }
        let scaling = &self.autoscaling;
        if self.capacity == Capacity::OnDemand && *scaling != AutoScaling::default() {
            return Err(LimiterOptionsError::AutoScalingNeedsProvisioned);
        }
        if let (Some(min), Some(max)) = (scaling.min_capacity, scaling.max_capacity) {
            if min > max {
                return Err(LimiterOptionsError::AutoScalingMinAboveMax { min, max });
            }
        }
        if let Some(reserved) = self.lambda_reserved_concurrency {
            let factor = self.stream_parallelization_factor;
            if self.enable_aggregator && factor > reserved {
                return Err(
                    LimiterOptionsError::ParallelizationOverReservedConcurrency {
                        factor,
                        reserved,
                    },
                );
            }
        }
        if let Some(network) = &self.lambda_vpc {
            if self.enable_aggregator && self.audit_archival && !network.routes_to_s3() {
                return Err(LimiterOptionsError::ArchivalWithoutS3Route);
            }
        }
        Ok(())
    }

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
