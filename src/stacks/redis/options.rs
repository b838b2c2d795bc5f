//! Every option of the Redis tier, with seed 004's defaults, and the checks that span options.

use thiserror::Error;

use super::windows::{self, DailyWindow, WeeklyWindow};
use crate::constructs::redis::MAX_REPLICAS;

/// The node types of seed 004's cost table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NodeType {
    /// 13.5 GB of memory, about $150 a month per node.
    R6gLarge,
    /// 26.2 GB, about $300 a month per node: seed 004's choice.
    R6gXlarge,
    /// 52.8 GB, about $600 a month per node.
    R6g2xlarge,
}

impl NodeType {
    pub const ALL: [NodeType; 3] = [
        NodeType::R6gLarge,
        NodeType::R6gXlarge,
        NodeType::R6g2xlarge,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            NodeType::R6gLarge => "cache.r6g.large",
            NodeType::R6gXlarge => "cache.r6g.xlarge",
            NodeType::R6g2xlarge => "cache.r6g.2xlarge",
        }
    }
}

/// Redis OSS 7 engine versions ElastiCache offers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EngineVersion {
    /// Seed 004's Terraform pins 7.0.
    V7_0,
    V7_1,
}

impl EngineVersion {
    pub const ALL: [EngineVersion; 2] = [EngineVersion::V7_0, EngineVersion::V7_1];

    pub fn as_str(self) -> &'static str {
        match self {
            EngineVersion::V7_0 => "7.0",
            EngineVersion::V7_1 => "7.1",
        }
    }

    /// The parameter group family of the version: both 7.x versions share `redis7`.
    pub fn parameter_group_family(self) -> &'static str {
        "redis7"
    }
}

/// Where the cache's nodes live.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Network {
    /// The stack creates an isolated VPC with two private subnets in two availability zones,
    /// and a client security group that applications join to reach the cache.
    Created,
    /// An existing VPC. Each ID becomes the default of its template parameter (`VpcId`,
    /// `SubnetIds`, `ClientSecurityGroupId`); one left `None` is given at deploy.
    Existing {
        vpc_id: String,
        subnet_ids: Option<Vec<String>>,
        client_security_group_id: Option<String>,
    },
}

/// The options of one Redis tier deployment. `Default` is seed 004's production setup.
#[derive(Clone, Debug, PartialEq)]
pub struct RedisOptions {
    /// Physical names derive from `ZAEL-{name}-redis`. Default: `limiter`.
    pub name: String,
    /// Default of the `CacheNodeType` parameter. Default: `cache.r6g.xlarge`.
    pub node_type: NodeType,
    /// Default: 7.1.
    pub engine_version: EngineVersion,
    /// Replicas of the primary, 1-5. Default: 2 (seed 004: one primary and two replicas).
    pub replicas: u32,
    /// Days ElastiCache keeps daily snapshots, 1-35. Default: 7.
    pub snapshot_retention_days: u32,
    /// Default: 03:00-05:00 UTC.
    pub snapshot_window: DailyWindow,
    /// Default: sun:05:30-sun:06:30 UTC, after Sunday's snapshot window.
    pub maintenance_window: WeeklyWindow,
    /// Default: a VPC the stack creates.
    pub network: Network,
    /// An existing topic the alarms and ElastiCache events notify. Default: a topic the stack
    /// creates.
    pub alarm_sns_topic: Option<String>,
    /// Default of the `LogRetentionDays` parameter. Default: 30.
    pub log_retention_days: u32,
    /// Tags on every taggable resource. Default: none.
    pub tags: crate::aspects::Tags,
    /// The CloudWatch dashboard `ZAEL-{name}-redis`. Default: true.
    pub dashboard: bool,
    /// The organisation's boundary and name formats. Default: none.
    pub organisation: crate::stacks::common::Organisation,
}

impl Default for RedisOptions {
    fn default() -> Self {
        RedisOptions {
            name: "limiter".into(),
            node_type: NodeType::R6gXlarge,
            engine_version: EngineVersion::V7_1,
            replicas: 2,
            snapshot_retention_days: 7,
            snapshot_window: DailyWindow::parse("03:00-05:00").expect("a valid window"),
            maintenance_window: WeeklyWindow::parse("sun:05:30-sun:06:30").expect("a valid window"),
            network: Network::Created,
            alarm_sns_topic: None,
            log_retention_days: 30,
            tags: crate::aspects::Tags::default(),
            dashboard: true,
            organisation: Default::default(),
        }
    }
}

/// The most snapshots ElastiCache keeps.
pub const MAX_SNAPSHOT_RETENTION_DAYS: u32 = 35;

/// An option value CloudFormation or ElastiCache would reject, found before deploying.
#[derive(Clone, Debug, Error, PartialEq, Eq)]
pub enum RedisOptionsError {
    #[error("{0} replicas: {allowed}", allowed = REPLICAS_ALLOWED)]
    Replicas(u32),
    #[error("snapshot retention of {0} days: {allowed}", allowed = RETENTION_ALLOWED)]
    SnapshotRetention(u32),
    #[error("subnet IDs {}: {allowed}", .0.join(","), allowed = SUBNETS_ALLOWED)]
    Subnets(Vec<String>),
    #[error("the maintenance window {maintenance} and the daily snapshot window {snapshot} share {overlap} UTC; {allowed}", allowed = WINDOWS_ALLOWED)]
    WindowsOverlap {
        snapshot: DailyWindow,
        maintenance: WeeklyWindow,
        overlap: windows::Overlap,
    },
}

pub const REPLICAS_ALLOWED: &str =
    "must be from 1 to 5 replicas; automatic failover and Multi-AZ need at least one, and ElastiCache allows at most 5 per shard";
pub const RETENTION_ALLOWED: &str =
    "must be from 1 to 35 days; ElastiCache keeps at most 35, and 0 would turn snapshots off";
pub const SUBNETS_ALLOWED: &str =
    "give at least two distinct subnets, in different availability zones, for Multi-AZ";
pub const WINDOWS_ALLOWED: &str =
    "ElastiCache requires the two not to overlap on any day (zael also keeps them from touching)";

impl RedisOptions {
    /// The stack's own name, and the root of every physical name: `ZAEL-{name}-redis`.
    pub fn stack_name(&self) -> String {
        format!("ZAEL-{}-redis", self.name)
    }

    /// What no single value parser can see: ranges of values set in code, and windows that
    /// collide.
    pub fn validate(&self) -> Result<(), RedisOptionsError> {
        if !(1..=MAX_REPLICAS).contains(&self.replicas) {
            return Err(RedisOptionsError::Replicas(self.replicas));
        }
        if !(1..=MAX_SNAPSHOT_RETENTION_DAYS).contains(&self.snapshot_retention_days) {
            return Err(RedisOptionsError::SnapshotRetention(
                self.snapshot_retention_days,
            ));
        }
        if let Network::Existing {
            subnet_ids: Some(subnets),
            ..
        } = &self.network
        {
            let mut distinct = subnets.clone();
            distinct.sort();
            distinct.dedup();
            if distinct.len() < 2 || distinct.len() != subnets.len() {
                return Err(RedisOptionsError::Subnets(subnets.clone()));
            }
        }
        if let Some(overlap) = windows::overlap(&self.snapshot_window, &self.maintenance_window) {
            return Err(RedisOptionsError::WindowsOverlap {
                snapshot: self.snapshot_window,
                maintenance: self.maintenance_window,
                overlap,
            });
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_is_valid_and_follows_seed_004() {
        let options = RedisOptions::default();
        assert_eq!(options.validate(), Ok(()));
        assert_eq!(options.node_type.as_str(), "cache.r6g.xlarge");
        assert_eq!(options.snapshot_window.to_string(), "03:00-05:00");
    }

    #[test]
    fn values_set_in_code_are_checked_too() {
        let with = |f: fn(&mut RedisOptions)| {
            let mut options = RedisOptions::default();
            f(&mut options);
            options.validate()
        };
        assert_eq!(
            with(|o| o.replicas = 0),
            Err(RedisOptionsError::Replicas(0))
        );
        assert_eq!(
            with(|o| o.replicas = 6),
            Err(RedisOptionsError::Replicas(6))
        );
        assert_eq!(
            with(|o| o.snapshot_retention_days = 0),
            Err(RedisOptionsError::SnapshotRetention(0))
        );
        let one_subnet = with(|o| {
            o.network = Network::Existing {
                vpc_id: "vpc-0123456789abcdef0".into(),
                subnet_ids: Some(vec!["subnet-0123456789abcdef0".into()]),
                client_security_group_id: None,
            }
        });
        assert!(matches!(one_subnet, Err(RedisOptionsError::Subnets(_))));
        let overlap =
            with(|o| o.maintenance_window = WeeklyWindow::parse("tue:04:00-tue:06:00").unwrap());
        assert_eq!(
            overlap.unwrap_err().to_string(),
            "the maintenance window tue:04:00-tue:06:00 and the daily snapshot window 03:00-05:00 share tue 04:00-05:00 UTC; ElastiCache requires the two not to overlap on any day (zael also keeps them from touching)"
        );
    }
}
