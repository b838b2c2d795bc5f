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
        ("CacheNodeType", "cache_node_type"),
        (
            "ReplicationGroup.Properties.CacheNodeType",
            "cache_node_type",
        ),
        (
            "ReplicationGroup.Properties.EngineVersion",
            "cache_engine_version",
        ),
        (
            "ReplicationGroup.Properties.NumCacheClusters",
            "cache_replicas",
        ),
        (
            "ReplicationGroup.Properties.SnapshotRetentionLimit",
            "cache_snapshot_retention_days",
        ),
        (
            "ReplicationGroup.Properties.SnapshotWindow",
            "cache_snapshot_window",
        ),
        (
            "ReplicationGroup.Properties.PreferredMaintenanceWindow",
            "cache_maintenance_window",
        ),
        ("VpcId", "vpc_id"),
        ("SubnetIds", "subnet_ids"),
        ("ClientSecurityGroupId", "client_security_group_id"),
        ("*.Properties.VpcId", "vpc_id"),
        ("*.Properties.SubnetIds", "subnet_ids"),
    ],
    components: &[
        ("*Alarm", ALARMS),
        ("AlarmTopic", ALARM_TOPIC),
        ("ReplicationGroup", CACHE),
        ("CacheParameterGroup", CACHE),
        ("CacheSubnetGroup", CACHE),
        ("AuthTokenSecret", CACHE),
        ("*LogGroup", CACHE),
        ("*", NETWORK),
    ],
};

// The components, each named once with the file that builds it.
const ALARMS: &str = "alarms (src/stacks/redis/alarms.rs)";
const ALARM_TOPIC: &str = "alarms (src/stacks/redis/mod.rs)";
const CACHE: &str = "cache (src/stacks/redis/cache.rs)";
const NETWORK: &str = "network (src/stacks/redis/network.rs)";
