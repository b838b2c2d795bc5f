//! The Redis tier's own flags. Every flag is optional so that it overrides only what the user
//! gave, over the defaults (and, later, a profile).

use clap::Args;

use crate::blueprint::SharedSettings;
use crate::stacks::redis::rules::*;
use crate::stacks::redis::{DailyWindow, EngineVersion, NodeType, RedisSettings, WeeklyWindow};
use crate::stacks::rule::ValueRule;

use super::limiter_args::{list, List};

#[derive(Args, Clone, Debug, Default)]
#[command(next_help_heading = "Redis tier (--blueprint redis)")]
pub struct RedisArgs {
    /// Node type of every node (CacheNodeType default): cache.r6g.large, cache.r6g.xlarge,
    /// cache.r6g.2xlarge [default: cache.r6g.xlarge]
    #[arg(long, value_name = "TYPE", value_parser = CacheNodeType::parse)]
    pub cache_node_type: Option<NodeType>,

    /// Redis OSS engine version: 7.0, 7.1 [default: 7.1]
    #[arg(long, value_name = "VERSION", value_parser = CacheEngineVersion::parse)]
    pub cache_engine_version: Option<EngineVersion>,

    /// Replicas of the primary, 1-5 [default: 2]
    #[arg(long, value_name = "N", value_parser = CacheReplicas::parse)]
    pub cache_replicas: Option<u32>,

    /// Days daily snapshots are kept, 1-35 [default: 7]
    #[arg(long, value_name = "DAYS", value_parser = CacheSnapshotRetentionDays::parse)]
    pub cache_snapshot_retention_days: Option<u32>,

    /// Daily snapshot window, hh24:mi-hh24:mi UTC, 60 minutes or more [default: 03:00-05:00]
    #[arg(long, value_name = "WINDOW", value_parser = CacheSnapshotWindow::parse)]
    pub cache_snapshot_window: Option<DailyWindow>,

    /// Weekly maintenance window, ddd:hh24:mi-ddd:hh24:mi UTC, 60 minutes to 24 hours, apart
    /// from the snapshot window [default: sun:05:30-sun:06:30]
    #[arg(long, value_name = "WINDOW", value_parser = CacheMaintenanceWindow::parse)]
    pub cache_maintenance_window: Option<WeeklyWindow>,

    /// Existing VPC for the nodes (VpcId default) [default: a VPC the stack creates]
    #[arg(long, value_name = "VPC_ID", value_parser = VpcId::parse)]
    pub vpc_id: Option<String>,

    /// Private subnets of that VPC, comma-separated, two or more (SubnetIds default; with
    /// --vpc-id) [default: given at deploy]
    #[arg(long, value_name = "IDS", value_parser = list::<SubnetIds, String>)]
    pub subnet_ids: Option<List<String>>,

    /// Security group of the applications allowed in on port 6379 (ClientSecurityGroupId
    /// default; with --vpc-id) [default: given at deploy]
    #[arg(long, value_name = "SG_ID", value_parser = ClientSecurityGroupId::parse)]
    pub client_security_group_id: Option<String>,
}

impl RedisArgs {
    /// The settings these flags give, with the shared flags' `shared`.
    pub fn settings(&self, shared: SharedSettings) -> RedisSettings {
        RedisSettings {
            shared,
            cache_node_type: self.cache_node_type,
            cache_engine_version: self.cache_engine_version,
            cache_replicas: self.cache_replicas,
            cache_snapshot_retention_days: self.cache_snapshot_retention_days,
            cache_snapshot_window: self.cache_snapshot_window,
            cache_maintenance_window: self.cache_maintenance_window,
            vpc_id: self.vpc_id.clone(),
            subnet_ids: self.subnet_ids.as_ref().map(|List(ids)| ids.clone()),
            client_security_group_id: self.client_security_group_id.clone(),
        }
    }
}
