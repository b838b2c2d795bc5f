//! L3 blueprint: the Redis rate-limiter tier of seed 004.
//!
//! An ElastiCache for Redis OSS 7 replication group (a primary and two replicas across
//! availability zones, automatic failover, encryption at rest and in transit, AUTH from a
//! generated secret, daily snapshots), seed 004's `redis.conf` choices in a parameter group,
//! private networking, slow-log and engine-log delivery, and per-node alarms.

mod alarms;
mod blueprint;
mod cache;
mod dashboard;
mod names;
mod network;
mod options;
mod outputs;
mod parameters;
pub mod rules;
mod settings;
pub mod values;
pub mod windows;

pub use blueprint::Redis;
pub use cache::ENGINE_SETTINGS;
pub use names::Names;
pub use network::{SUBNET_CIDRS, VPC_CIDR};
pub use options::{
    EngineVersion, Network, NodeType, RedisOptions, RedisOptionsError, WINDOWS_ALLOWED,
};
pub use settings::RedisSettings;
pub use windows::{DailyWindow, WeeklyWindow};

use crate::constructs::kms_key::KeyUsers;
use crate::stacks::common::CommonOptions;
use crate::template::Stack;

/// The stack for `options`. Check them with [`RedisOptions::validate`] first (as
/// `synth::document` does): windows that overlap build a stack ElastiCache rejects.
pub fn build(options: &RedisOptions) -> Stack {
    let names = Names::new(&options.stack_name());
    let mut stack = Stack::new(format!(
        "zael Redis rate-limiter tier {}: ElastiCache replication group, network, AUTH secret, logs and alarms",
        options.stack_name()
    ));
    let parameters = parameters::add_parameters(&mut stack, options);
    let network = network::add_network(&mut stack, &names, parameters.network.as_ref());
    let target = options.alarm_target(&mut stack, &names.alarm_topic(), &options.stack_name());
    let cache = cache::add_cache(&mut stack, options, &names, &parameters, &network, &target);
    alarms::add_alarms(
        &mut stack,
        &names,
        &target,
        &cache.group,
        &parameters.thresholds,
    );
    if options.dashboard {
        dashboard::add_dashboard(&mut stack, options, &cache.group);
    }
    outputs::add_outputs(&mut stack, &cache, &network, &target);
    // The slow and engine logs' groups, by encryption context (see Names::log_group).
    let log_group_prefixes = [names.log_group("")];
    let users = KeyUsers {
        log_group_prefixes: &log_group_prefixes,
        alarm_topic: options.alarm_sns_topic.is_none(),
    };
    options
        .organisation
        .encrypt(&mut stack, &names.replication_group(), &users);
    options.finish(&mut stack, "redis", &options.stack_name());
    stack
}
