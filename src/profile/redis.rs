//! A Redis tier profile: every option of `synth --blueprint redis`, under the flag's name in
//! snake_case.

use schemars::JsonSchema;
use serde::Deserialize;

use crate::blueprint_profile;
use crate::stacks::redis::rules::*;
use crate::stacks::redis::RedisSettings;
use crate::stacks::rule::Checked;

#[derive(Clone, Copy, Debug, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum RedisBlueprint {
    /// The ElastiCache for Redis tier of seed 004
    Redis,
}

blueprint_profile!(
    /// A deployment of the Redis tier.
    RedisProfile, blueprint: RedisBlueprint, settings: RedisSettings {
        /// Node type of every node [default: cache.r6g.xlarge]
        cache_node_type: Option<Checked<CacheNodeType>>,
        /// Redis OSS engine version, quoted [default: "7.1"]
        cache_engine_version: Option<Checked<CacheEngineVersion>>,
        /// Replicas of the primary, 1-5 [default: 2]
        cache_replicas: Option<Checked<CacheReplicas>>,
        /// Days daily snapshots are kept, 1-35 [default: 7]
        cache_snapshot_retention_days: Option<Checked<CacheSnapshotRetentionDays>>,
        /// Daily snapshot window, hh24:mi-hh24:mi UTC [default: 03:00-05:00]
        cache_snapshot_window: Option<Checked<CacheSnapshotWindow>>,
        /// Weekly maintenance window, ddd:hh24:mi-ddd:hh24:mi UTC [default: sun:05:30-sun:06:30]
        cache_maintenance_window: Option<Checked<CacheMaintenanceWindow>>,
        /// Existing VPC for the nodes [default: a VPC the stack creates]
        vpc_id: Option<Checked<VpcId>>,
        /// Private subnets of that VPC, two or more
        subnet_ids: Option<Checked<SubnetIds>>,
        /// Security group of the applications allowed in on port 6379
        client_security_group_id: Option<Checked<ClientSecurityGroupId>>,
    }
);
