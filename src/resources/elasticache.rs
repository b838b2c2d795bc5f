//! AWS::ElastiCache::ReplicationGroup, AWS::ElastiCache::ParameterGroup and
//! AWS::ElastiCache::SubnetGroup

use serde::Serialize;

use super::{OrderedMap, Tag};
use crate::template::Expr;
use crate::{handle_accessors, l1_resource};

#[derive(Clone, Debug, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ReplicationGroup {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub replication_group_id: Option<Expr>,
    pub replication_group_description: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub engine: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub engine_version: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cache_node_type: Option<Expr>,
    /// Nodes of the one shard of a cluster-mode-disabled group: the primary and its replicas.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub num_cache_clusters: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub port: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cache_parameter_group_name: Option<Expr>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cache_subnet_group_name: Option<Expr>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub security_group_ids: Vec<Expr>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub automatic_failover_enabled: Option<bool>,
    #[serde(rename = "MultiAZEnabled", skip_serializing_if = "Option::is_none")]
    pub multi_az_enabled: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub at_rest_encryption_enabled: Option<bool>,
    /// The key of encryption at rest; ElastiCache's own key without it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kms_key_id: Option<Expr>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub transit_encryption_enabled: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub auth_token: Option<Expr>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub snapshot_retention_limit: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub snapshot_window: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub preferred_maintenance_window: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notification_topic_arn: Option<Expr>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub log_delivery_configurations: Vec<LogDeliveryConfiguration>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<Tag>,
}
l1_resource!(ReplicationGroup, "AWS::ElastiCache::ReplicationGroup", tags);

handle_accessors!(
    ReplicationGroup,
    ref id,
    get {
        /// The primary's DNS name: it follows the primary through failovers.
        primary_endpoint_address: "PrimaryEndPoint.Address",
        primary_endpoint_port: "PrimaryEndPoint.Port",
        /// A DNS name that spreads connections over the replicas.
        reader_endpoint_address: "ReaderEndPoint.Address",
        reader_endpoint_port: "ReaderEndPoint.Port",
    }
);

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct LogDeliveryConfiguration {
    pub log_type: LogType,
    pub log_format: LogFormat,
    pub destination_type: DestinationType,
    pub destination_details: DestinationDetails,
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

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DestinationDetails {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cloud_watch_logs_details: Option<CloudWatchLogsDetails>,
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct CloudWatchLogsDetails {
    pub log_group: Expr,
}

/// Engine settings (`redis.conf`) that the service lets users change.
///
/// CloudFormation reads the physical name as read-only: it cannot be set, only referenced.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ParameterGroup {
    pub cache_parameter_group_family: String,
    pub description: String,
    #[serde(skip_serializing_if = "OrderedMap::is_empty")]
    pub properties: OrderedMap,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<Tag>,
}
l1_resource!(ParameterGroup, "AWS::ElastiCache::ParameterGroup", tags);

handle_accessors!(ParameterGroup, ref name);

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct SubnetGroup {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cache_subnet_group_name: Option<Expr>,
    pub description: String,
    pub subnet_ids: Expr,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<Tag>,
}
l1_resource!(SubnetGroup, "AWS::ElastiCache::SubnetGroup", tags);

handle_accessors!(SubnetGroup, ref name);
