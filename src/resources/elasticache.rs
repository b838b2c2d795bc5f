//! AWS::ElastiCache::ReplicationGroup, AWS::ElastiCache::ParameterGroup and
//! AWS::ElastiCache::SubnetGroup

use serde::Serialize;

use super::{OrderedMap, Tag};
use crate::cfn_struct;
use crate::template::Expr;

cfn_struct! {
    #[derive(Default)]
    pub struct ReplicationGroup as "AWS::ElastiCache::ReplicationGroup" {
        pub replication_group_id: Option<Expr>,
        pub replication_group_description: String,
        pub engine: Option<String>,
        pub engine_version: Option<String>,
        pub cache_node_type: Option<Expr>,
        /// Nodes of the one shard of a cluster-mode-disabled group: the primary and its replicas.
        pub num_cache_clusters: Option<u32>,
        pub port: Option<u32>,
        pub cache_parameter_group_name: Option<Expr>,
        pub cache_subnet_group_name: Option<Expr>,
        pub security_group_ids: Vec<Expr>,
        pub automatic_failover_enabled: Option<bool>,
        #[serde(rename = "MultiAZEnabled")]
        pub multi_az_enabled: Option<bool>,
        pub at_rest_encryption_enabled: Option<bool>,
        /// The key of encryption at rest; ElastiCache's own key without it.
        pub kms_key_id: Option<Expr>,
        pub transit_encryption_enabled: Option<bool>,
        pub auth_token: Option<Expr>,
        pub snapshot_retention_limit: Option<u32>,
        pub snapshot_window: Option<String>,
        pub preferred_maintenance_window: Option<String>,
        pub notification_topic_arn: Option<Expr>,
        pub log_delivery_configurations: Vec<LogDeliveryConfiguration>,
        pub tags: Vec<Tag>,
    }
    handle {
        ref id,
        get {
            /// The primary's DNS name: it follows the primary through failovers.
            primary_endpoint_address: "PrimaryEndPoint.Address",
            primary_endpoint_port: "PrimaryEndPoint.Port",
            /// A DNS name that spreads connections over the replicas.
            reader_endpoint_address: "ReaderEndPoint.Address",
            reader_endpoint_port: "ReaderEndPoint.Port",
        }
    }

    pub struct LogDeliveryConfiguration {
        pub log_type: LogType,
        pub log_format: LogFormat,
        pub destination_type: DestinationType,
        pub destination_details: DestinationDetails,
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum LogType {
    SlowLog,
    EngineLog,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    Json,
    Text,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DestinationType {
    CloudwatchLogs,
    KinesisFirehose,
}

cfn_struct! {
    pub struct DestinationDetails {
        pub cloud_watch_logs_details: Option<CloudWatchLogsDetails>,
    }

    pub struct CloudWatchLogsDetails {
        pub log_group: Expr,
    }

    /// Engine settings (`redis.conf`) that the service lets users change.
    ///
    /// CloudFormation reads the physical name as read-only: it cannot be set, only referenced.
    pub struct ParameterGroup as "AWS::ElastiCache::ParameterGroup" {
        pub cache_parameter_group_family: String,
        pub description: String,
        #[serde(skip_serializing_if = "OrderedMap::is_empty")]
        pub properties: OrderedMap,
        pub tags: Vec<Tag>,
    }
    handle { ref name }

    pub struct SubnetGroup as "AWS::ElastiCache::SubnetGroup" {
        pub cache_subnet_group_name: Option<Expr>,
        pub description: String,
        pub subnet_ids: Expr,
        pub tags: Vec<Tag>,
    }
    handle { ref name }
}
