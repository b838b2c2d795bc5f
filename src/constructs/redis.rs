//! L2 ElastiCache for Redis OSS, cluster mode disabled: one shard of a primary and its
//! replicas, with safe defaults and per-node metrics.

use super::metric::Metric;
use crate::resources::cloudwatch::Statistic;
use crate::resources::elasticache::{
    CloudWatchLogsDetails, DestinationDetails, DestinationType, LogDeliveryConfiguration,
    LogFormat, LogType, ReplicationGroup,
};
use crate::template::{Expr, Handle, RemovalPolicy, Stack};

/// The port Redis listens on, and the one port clients are let in on.
pub const REDIS_PORT: u16 = 6379;

/// ElastiCache's limit of replicas per shard.
pub const MAX_REPLICAS: u32 = 5;

/// A replication group.
///
/// Defaults: engine `redis` 7.1, two replicas with automatic failover and Multi-AZ (both need
/// at least one replica, and are off without one), encryption at rest (AWS-managed key) and in
/// transit, AUTH with `auth_token`, port 6379, snapshots kept 7 days, and `Snapshot` on delete
/// and on replacement so that neither loses the data without a final snapshot.
#[derive(Clone, Debug)]
pub struct RedisProps {
    /// Stored by ElastiCache in lower case.
    pub replication_group_id: String,
    pub description: String,
    pub node_type: Expr,
    /// Default: `7.1`.
    pub engine_version: String,
    /// Default: 2.
    pub replicas: u32,
    /// Transit encryption is always on, so the token never crosses the network in clear.
    pub auth_token: Expr,
    /// Default: the engine's default parameter group.
    pub parameter_group: Option<Expr>,
    /// Default: none (the default VPC's subnets).
    pub subnet_group: Option<Expr>,
    /// Default: none (the VPC's default security group).
    pub security_groups: Vec<Expr>,
    /// Default: 7 days.
    pub snapshot_retention_days: u32,
    /// `hh24:mi-hh24:mi`, UTC. Default: none (ElastiCache chooses).
    pub snapshot_window: Option<String>,
    /// `ddd:hh24:mi-ddd:hh24:mi`, UTC. Default: none (ElastiCache chooses).
    pub maintenance_window: Option<String>,
    /// SNS topic for ElastiCache events (failover, node replacement). Default: none.
    pub notification_topic: Option<Expr>,
    /// Log groups the slow log and the engine log are delivered to, as JSON. Default: none.
    pub slow_log_group: Option<Expr>,
    pub engine_log_group: Option<Expr>,
}

impl RedisProps {
    pub fn new(replication_group_id: &str, node_type: impl Into<Expr>, auth_token: Expr) -> Self {
        RedisProps {
            replication_group_id: replication_group_id.to_string(),
            description: String::new(),
            node_type: node_type.into(),
            engine_version: "7.1".into(),
            replicas: 2,
            auth_token,
            parameter_group: None,
            subnet_group: None,
            security_groups: Vec::new(),
            snapshot_retention_days: 7,
            snapshot_window: None,
            maintenance_window: None,
            notification_topic: None,
            slow_log_group: None,
            engine_log_group: None,
        }
    }
}

/// A replication group in a stack.
#[derive(Clone, Debug)]
pub struct RedisReplicationGroup {
    pub handle: Handle<ReplicationGroup>,
    /// The cache cluster (node) IDs ElastiCache gives the members: `{id}-001`, `{id}-002`, ...
    /// in lower case, as CloudWatch's `CacheClusterId` dimension names them.
    pub member_cluster_ids: Vec<String>,
}

fn log_delivery(log_type: LogType, log_group: Expr) -> LogDeliveryConfiguration {
    LogDeliveryConfiguration {
        log_type,
        log_format: LogFormat::Json,
        destination_type: DestinationType::CloudwatchLogs,
        destination_details: DestinationDetails {
            cloud_watch_logs_details: Some(CloudWatchLogsDetails { log_group }),
        },
    }
}

pub fn redis_replication_group(
    stack: &mut Stack,
    id: &str,
    props: RedisProps,
) -> RedisReplicationGroup {
    assert!(
        props.replicas <= MAX_REPLICAS,
        "ElastiCache allows at most {MAX_REPLICAS} replicas per shard"
    );
    let failover = props.replicas >= 1;
    let mut log_delivery_configurations = Vec::new();
    if let Some(group) = props.slow_log_group {
        log_delivery_configurations.push(log_delivery(LogType::SlowLog, group));
    }
    if let Some(group) = props.engine_log_group {
        log_delivery_configurations.push(log_delivery(LogType::EngineLog, group));
    }
    let nodes = props.replicas + 1;
    let lower_id = props.replication_group_id.to_ascii_lowercase();
    let handle = stack.add(
        id,
        ReplicationGroup {
            replication_group_id: Some(props.replication_group_id.into()),
            replication_group_description: props.description,
            engine: Some("redis".into()),
            engine_version: Some(props.engine_version),
            cache_node_type: Some(props.node_type),
            num_cache_clusters: Some(nodes),
            port: Some(u32::from(REDIS_PORT)),
            cache_parameter_group_name: props.parameter_group,
            cache_subnet_group_name: props.subnet_group,
            security_group_ids: props.security_groups,
            automatic_failover_enabled: Some(failover),
            multi_az_enabled: Some(failover),
            at_rest_encryption_enabled: Some(true),
            kms_key_id: None,
            transit_encryption_enabled: Some(true),
            auth_token: Some(props.auth_token),
            snapshot_retention_limit: Some(props.snapshot_retention_days),
            snapshot_window: props.snapshot_window,
            preferred_maintenance_window: props.maintenance_window,
            notification_topic_arn: props.notification_topic,
            log_delivery_configurations,
            tags: Vec::new(),
        },
    );
    stack.set_removal_policy(&handle, RemovalPolicy::Snapshot);
    RedisReplicationGroup {
        handle,
        member_cluster_ids: (1..=nodes).map(|n| format!("{lower_id}-{n:03}")).collect(),
    }
}

/// Metrics of one member node.
///
/// CloudWatch publishes ElastiCache's host and engine metrics per node, with the dimension
/// `CacheClusterId` (alone, or with `CacheNodeId`); it publishes none per replication group.
/// So alarms watch each member, which also keeps them right after a failover swaps roles.
impl RedisReplicationGroup {
    fn metric(member: &str, name: &'static str) -> Metric {
        Metric::new(
            "AWS/ElastiCache",
            name,
            ("CacheClusterId", Expr::str(member)),
        )
    }

    /// CPU of the Redis engine thread, which does all command work: the host's CPU metric
    /// averages over every core and understates a saturated engine.
    pub fn metric_engine_cpu(member: &str) -> Metric {
        Self::metric(member, "EngineCPUUtilization")
            .statistic(Statistic::Average)
            .unit("percent")
    }

    /// Used memory as a share of `maxmemory`: at 100% the `allkeys-lru` policy evicts keys.
    pub fn metric_memory_usage(member: &str) -> Metric {
        Self::metric(member, "DatabaseMemoryUsagePercentage")
            .statistic(Statistic::Maximum)
            .unit("percent")
    }

    /// Average latency of GET-type commands, in microseconds (CPU time in the engine).
    pub fn metric_get_latency(member: &str) -> Metric {
        Self::metric(member, "GetTypeCmdsLatency")
            .statistic(Statistic::Average)
            .unit("microseconds")
    }

    pub fn metric_set_latency(member: &str) -> Metric {
        Self::metric(member, "SetTypeCmdsLatency")
            .statistic(Statistic::Average)
            .unit("microseconds")
    }

    pub fn metric_evictions(member: &str) -> Metric {
        Self::metric(member, "Evictions").unit("keys")
    }

    pub fn metric_connections(member: &str) -> Metric {
        Self::metric(member, "CurrConnections")
            .statistic(Statistic::Maximum)
            .unit("connections")
    }

    /// Server-side latency of successful read commands, in microseconds, at the 99th
    /// percentile over one minute: the tail seed 004 alerts on ("P99 latency > 5ms").
    /// ElastiCache publishes it for Redis OSS 7.0.7 and later, which every allowed engine
    /// version is.
    pub fn metric_read_latency_p99(member: &str) -> Metric {
        Self::metric(member, "SuccessfulReadRequestLatency")
            .percentile("p99")
            .period_seconds(60)
            .unit("microseconds")
    }

    /// The same for successful write commands (the limiter's INCR and Lua scripts).
    pub fn metric_write_latency_p99(member: &str) -> Metric {
        Self::metric(member, "SuccessfulWriteRequestLatency")
            .percentile("p99")
            .period_seconds(60)
            .unit("microseconds")
    }

    /// How far a replica is behind the primary; the primary publishes none. Averaged, so
    /// that the brief lag of a snapshot's fork does not page anyone.
    pub fn metric_replication_lag(member: &str) -> Metric {
        Self::metric(member, "ReplicationLag")
            .statistic(Statistic::Average)
            .unit("seconds")
    }
}
