//! The Redis tier as a [`Blueprint`].

use super::{build, RedisOptions, RedisOptionsError, RedisSettings};
use crate::blueprint::{Artifact, Blueprint, SettingsError, Sources};
use crate::template::Stack;

pub struct Redis;

impl Blueprint for Redis {
    const NAME: &'static str = "redis";
    type Options = RedisOptions;
    type Settings = RedisSettings;
    type Error = RedisOptionsError;
    type Profile = crate::profile::RedisProfile;

    fn apply(settings: &RedisSettings, options: &mut RedisOptions) -> Result<(), SettingsError> {
        settings.apply(options)
    }

    fn validate(options: &RedisOptions) -> Result<(), RedisOptionsError> {
        options.validate()
    }

    fn build(options: &RedisOptions) -> Stack {
        build(options)
    }

    /// The tier runs no Lambda.
    fn artifacts(_: &RedisOptions) -> Vec<Artifact> {
        Vec::new()
    }

    fn sources() -> &'static Sources {
        &SOURCES
    }
}

static SOURCES: Sources = Sources {
    settings: &[
        ("CacheNodeType", "", "cache_node_type"),
        (
            "ReplicationGroup",
            "Properties.CacheNodeType",
            "cache_node_type",
        ),
        (
            "ReplicationGroup",
            "Properties.EngineVersion",
            "cache_engine_version",
        ),
        (
            "ReplicationGroup",
            "Properties.NumCacheClusters",
            "cache_replicas",
        ),
        (
            "ReplicationGroup",
            "Properties.SnapshotRetentionLimit",
            "cache_snapshot_retention_days",
        ),
        (
            "ReplicationGroup",
            "Properties.SnapshotWindow",
            "cache_snapshot_window",
        ),
        (
            "ReplicationGroup",
            "Properties.PreferredMaintenanceWindow",
            "cache_maintenance_window",
        ),
        ("VpcId", "", "vpc_id"),
        ("SubnetIds", "", "subnet_ids"),
        ("ClientSecurityGroupId", "", "client_security_group_id"),
        ("*", "Properties.VpcId", "vpc_id"),
        ("*", "Properties.SubnetIds", "subnet_ids"),
    ],
    components: &[
        ("*Alarm", "alarms (src/stacks/redis/alarms.rs)"),
        ("AlarmTopic", "alarms (src/stacks/redis/mod.rs)"),
        ("ReplicationGroup", "cache (src/stacks/redis/cache.rs)"),
        ("CacheParameterGroup", "cache (src/stacks/redis/cache.rs)"),
        ("CacheSubnetGroup", "cache (src/stacks/redis/cache.rs)"),
        ("AuthTokenSecret", "cache (src/stacks/redis/cache.rs)"),
        ("*LogGroup", "cache (src/stacks/redis/cache.rs)"),
        ("*", "network (src/stacks/redis/network.rs)"),
    ],
};
