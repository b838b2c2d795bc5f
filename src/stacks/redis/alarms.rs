//! The alarms of the Redis tier: engine CPU, memory, evictions, connections, replication lag
//! and P99 read and write latency on every node, each with a threshold parameter, all
//! notifying one SNS topic.

use super::names::Names;
use super::parameters::Thresholds;
use crate::constructs::{AlarmProps, AlarmTarget, Metric, RedisReplicationGroup, Threshold};
use crate::decimal::Decimal;
use crate::resources::cloudwatch::ComparisonOperator;
use crate::template::{ParameterHandle, Stack};

/// One alarm per node and metric: CloudWatch has ElastiCache metrics per node only, and a
/// failover swaps which node is primary, so every node is watched for everything. (The
/// primary publishes no `ReplicationLag`; its lag alarm stays OK, as missing data does not
/// breach.)
pub fn add_alarms(
    stack: &mut Stack,
    names: &Names,
    target: &AlarmTarget,
    group: &RedisReplicationGroup,
    thresholds: &Thresholds,
) {
    type MetricOf = fn(&str) -> Metric;
    let watched: [(&str, &str, &'static str, MetricOf, &ParameterHandle); 7] = [
        (
            "EngineCpuAlarm",
            "engine-cpu",
            "The Redis engine of a node is saturated; move up a node type",
            RedisReplicationGroup::metric_engine_cpu,
            &thresholds.engine_cpu,
        ),
        (
            "MemoryUsageAlarm",
            "memory",
            "A node nears maxmemory, past which allkeys-lru evicts rate-limit counters; move up a node type",
            RedisReplicationGroup::metric_memory_usage,
            &thresholds.memory_usage,
        ),
        (
            "EvictionsAlarm",
            "evictions",
            "A node evicts keys, so some rate limits restart early; move up a node type",
            RedisReplicationGroup::metric_evictions,
            &thresholds.evictions,
        ),
        (
            "ConnectionsAlarm",
            "connections",
            "A node has more client connections than expected; check client pools for leaks",
            RedisReplicationGroup::metric_connections,
            &thresholds.connections,
        ),
        (
            "ReplicationLagAlarm",
            "replication-lag",
            "A replica lags the primary, and a failover now would lose recent counts",
            RedisReplicationGroup::metric_replication_lag,
            &thresholds.replication_lag,
        ),
        (
            "ReadLatencyAlarm",
            "read-latency-p99",
            "One read in a hundred on a node is slower than the threshold, and rate-limit checks wait on it; check engine CPU, slow log and network",
            RedisReplicationGroup::metric_read_latency_p99,
            &thresholds.latency_p99,
        ),
        (
            "WriteLatencyAlarm",
            "write-latency-p99",
            "One write in a hundred on a node is slower than the threshold, and rate-limit updates wait on it; check engine CPU, slow log and network",
            RedisReplicationGroup::metric_write_latency_p99,
            &thresholds.latency_p99,
        ),
    ];
    for (index, member) in group.member_cluster_ids.iter().enumerate() {
        let node = index + 1;
        for (id, what, summary, metric, threshold) in &watched {
            let metric = metric(member);
            let alarm = metric.alarm(AlarmProps {
                name: names.alarm(node, what),
                summary,
                comparison: ComparisonOperator::GreaterThanThreshold,
                threshold: Threshold::Parameter((*threshold).clone()),
                // Two minutes for one-minute metrics (seed 004's "for: 2m"), one
                // datapoint for five-minute ones.
                evaluation_periods: if metric.period_seconds < 300 { 2 } else { 1 },
                actions: vec![target.topic_arn.clone()],
            });
            stack.add(
                &["Node", Decimal::padded(node as u64, 3).as_str(), id].concat(),
                alarm,
            );
        }
    }
}
