//! Deploy-time parameters: the node type, log retention and every alarm threshold, plus the
//! existing VPC's IDs. Synth options set their defaults, so a synthesized template deploys as
//! configured and can still be tuned with `--parameter-overrides`.

use super::options::{Network, NodeType, RedisOptions};
use crate::stacks::common::add_log_retention_parameter;
use crate::template::{Parameter, ParameterHandle, ParameterType, Stack};

pub struct Parameters {
    pub node_type: ParameterHandle,
    pub log_retention_days: ParameterHandle,
    pub thresholds: Thresholds,
    /// Present for an existing VPC.
    pub network: Option<NetworkParameters>,
}

pub struct Thresholds {
    pub engine_cpu: ParameterHandle,
    pub memory_usage: ParameterHandle,
    pub evictions: ParameterHandle,
    pub connections: ParameterHandle,
    pub replication_lag: ParameterHandle,
    pub latency_p99: ParameterHandle,
}

pub struct NetworkParameters {
    pub vpc_id: ParameterHandle,
    pub subnet_ids: ParameterHandle,
    pub client_security_group_id: ParameterHandle,
}

pub fn add_parameters(stack: &mut Stack, options: &RedisOptions) -> Parameters {
    let node_type = stack.add_parameter(
        "CacheNodeType",
        Parameter::string("Node type of the primary and every replica (seed 004's cost table)")
            .default(options.node_type.as_str())
            .allowed_values(NodeType::ALL.map(NodeType::as_str)),
    );
    let log_retention_days = add_log_retention_parameter(
        stack,
        "the slow log and the engine log",
        options.log_retention_days,
    );
    let thresholds = add_thresholds(stack);
    let network = match &options.network {
        Network::Created => None,
        Network::Existing {
            vpc_id,
            subnet_ids,
            client_security_group_id,
        } => Some(network_parameters(
            stack,
            vpc_id,
            subnet_ids.as_deref(),
            client_security_group_id.as_deref(),
        )),
    };
    Parameters {
        node_type,
        log_retention_days,
        thresholds,
        network,
    }
}

/// Every threshold is compared with `>`, so each maximum stays reachable: a percentage can
/// exceed 99 but never 100, and connections can exceed 64999 but never Redis's fixed
/// `maxclients` of 65000.
fn add_thresholds(stack: &mut Stack) -> Thresholds {
    let mut threshold = |id: &str, description: &str, default: i64, min: i64, max: i64| {
        stack.add_parameter(
            id,
            Parameter::number(description)
                .default(default)
                .range(min, max),
        )
    };
    Thresholds {
        // AWS's guidance for the engine thread: act at 90%.
        engine_cpu: threshold(
            "EngineCpuAlarmThreshold",
            "Alarm when a node's Redis engine thread is busier than this percentage",
            90,
            1,
            99,
        ),
        // Past 80% of maxmemory there is little headroom before allkeys-lru starts evicting.
        memory_usage: threshold(
            "MemoryUsageAlarmThreshold",
            "Alarm when a node uses more than this percentage of its maxmemory",
            80,
            1,
            99,
        ),
        // Each eviction drops a rate-limit counter, and so resets someone's limit: any is
        // worth knowing about.
        evictions: threshold(
            "EvictionsAlarmThreshold",
            "Alarm when a node evicts more keys than this in 5 minutes",
            0,
            0,
            1_000_000,
        ),
        // Seed 004 runs up to 50 limiter pods; 100 pooled connections each is 5000.
        connections: threshold(
            "ConnectionsAlarmThreshold",
            "Alarm when a node has more client connections than this",
            5000,
            1,
            64_999,
        ),
        // A replica this far behind loses that much counting if it is promoted.
        replication_lag: threshold(
            "ReplicationLagAlarmThreshold",
            "Alarm when a replica lags the primary by more than this many seconds on average over 5 minutes",
            5,
            1,
            3600,
        ),
        // Seed 004: "P99 latency > 5ms" pages; a limiter call that slow adds its delay to
        // every request it guards. One parameter for reads and writes, in microseconds (the
        // metric's unit), so a sub-millisecond target can be set too.
        latency_p99: threshold(
            "LatencyP99AlarmThreshold",
            "Alarm when a node's 99th-percentile read or write latency exceeds this many microseconds for 2 minutes",
            5000,
            100,
            10_000_000,
        ),
    }
}

fn network_parameters(
    stack: &mut Stack,
    vpc_id: &str,
    subnet_ids: Option<&[String]>,
    client_security_group_id: Option<&str>,
) -> NetworkParameters {
    let vpc_id = stack.add_parameter(
        "VpcId",
        Parameter::of_type(ParameterType::VpcId, "Existing VPC the cache's nodes join")
            .default(vpc_id),
    );
    let mut subnets = Parameter::of_type(
        ParameterType::SubnetIdList,
        "Private subnets of that VPC for the cache's nodes, in at least two availability zones",
    );
    if let Some(ids) = subnet_ids {
        subnets = subnets.default(ids.join(","));
    }
    let subnet_ids = stack.add_parameter("SubnetIds", subnets);
    let mut client = Parameter::of_type(
        ParameterType::SecurityGroupId,
        "Security group of the applications that may connect to the cache on port 6379",
    );
    if let Some(id) = client_security_group_id {
        client = client.default(id);
    }
    let client_security_group_id = stack.add_parameter("ClientSecurityGroupId", client);
    NetworkParameters {
        vpc_id,
        subnet_ids,
        client_security_group_id,
    }
}
