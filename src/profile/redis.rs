//! A Redis tier profile: every option of `synth --blueprint redis`, under the flag's name in
//! snake_case.

use schemars::JsonSchema;
use serde::Deserialize;

use super::overrides::Override;
use super::tags::TagMap;
use super::values::{get, list, shared_args};
use crate::cli::{RedisArgs, SharedArgs};
use crate::stacks::redis::rules::*;
use crate::stacks::rule::Checked;
use crate::stacks::rules::{AlarmSnsTopic, LogRetentionDays, Region, StackName};

#[derive(Clone, Copy, Debug, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum RedisBlueprint {
    /// The ElastiCache for Redis tier of seed 004
    Redis,
}

/// A deployment of the Redis tier.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RedisProfile {
    /// `redis`
    pub blueprint: RedisBlueprint,
    /// The region the stack deploys to; ARNs in the profile must be in it
    pub region: Option<Checked<Region>>,
    /// Physical names derive from ZAEL-{name}-redis [default: limiter]
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
    /// Node type of every node [default: cache.r6g.xlarge]
    pub cache_node_type: Option<Checked<CacheNodeType>>,
    /// Redis OSS engine version, quoted [default: "7.1"]
    pub cache_engine_version: Option<Checked<CacheEngineVersion>>,
    /// Replicas of the primary, 1-5 [default: 2]
    pub cache_replicas: Option<Checked<CacheReplicas>>,
    /// Days daily snapshots are kept, 1-35 [default: 7]
    pub cache_snapshot_retention_days: Option<Checked<CacheSnapshotRetentionDays>>,
    /// Daily snapshot window, hh24:mi-hh24:mi UTC [default: 03:00-05:00]
    pub cache_snapshot_window: Option<Checked<CacheSnapshotWindow>>,
    /// Weekly maintenance window, ddd:hh24:mi-ddd:hh24:mi UTC [default: sun:05:30-sun:06:30]
    pub cache_maintenance_window: Option<Checked<CacheMaintenanceWindow>>,
    /// Existing VPC for the nodes [default: a VPC the stack creates]
    pub vpc_id: Option<Checked<VpcId>>,
    /// Private subnets of that VPC, two or more
    pub subnet_ids: Option<Checked<SubnetIds>>,
    /// Security group of the applications allowed in on port 6379
    pub client_security_group_id: Option<Checked<ClientSecurityGroupId>>,
}

impl RedisProfile {
    /// The profile as the flags that would say the same.
    pub fn to_args(&self) -> (SharedArgs, RedisArgs) {
        let shared = shared_args(
            &self.name,
            &self.alarm_sns_topic,
            &self.log_retention_days,
            &self.tags,
        );
        let redis = RedisArgs {
            cache_node_type: get(&self.cache_node_type),
            cache_engine_version: get(&self.cache_engine_version),
            cache_replicas: get(&self.cache_replicas),
            cache_snapshot_retention_days: get(&self.cache_snapshot_retention_days),
            cache_snapshot_window: get(&self.cache_snapshot_window),
            cache_maintenance_window: get(&self.cache_maintenance_window),
            vpc_id: get(&self.vpc_id),
            subnet_ids: list(&self.subnet_ids),
            client_security_group_id: get(&self.client_security_group_id),
        };
        (shared, redis)
    }
}
