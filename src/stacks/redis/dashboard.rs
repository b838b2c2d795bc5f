//! The Redis tier's dashboard: seed 004's latency, memory, evictions and replication lag (and
//! engine CPU and connections), one line per node, with every alarm's state. CloudWatch
//! publishes ElastiCache metrics per node, so every graph shows every member.

use super::options::RedisOptions;
use crate::constructs::{DashboardBuilder, Metric, RedisReplicationGroup};
use crate::resources::cloudwatch::Alarm;
use crate::template::Stack;

/// A node's metric, and what its line is called.
type NodeMetric = (fn(&str) -> Metric, &'static str);

pub fn add_dashboard(stack: &mut Stack, options: &RedisOptions, group: &RedisReplicationGroup) {
    let stack_name = options.stack_name();
    let per_node = |metrics: &[NodeMetric]| {
        let mut lines = Vec::new();
        for member in &group.member_cluster_ids {
            for (metric, what) in metrics {
                lines.push((metric(member), [member, " ", what].concat()));
            }
        }
        lines
    };
    let graphs: [(&str, Vec<(Metric, String)>); 5] = [
        (
            "Command latency (microseconds)",
            per_node(&[
                (RedisReplicationGroup::metric_get_latency, "GET"),
                (RedisReplicationGroup::metric_set_latency, "SET"),
            ]),
        ),
        (
            "Memory used of maxmemory (%)",
            per_node(&[(RedisReplicationGroup::metric_memory_usage, "memory")]),
        ),
        (
            "Evictions (keys)",
            per_node(&[(RedisReplicationGroup::metric_evictions, "evictions")]),
        ),
        (
            "Replication lag (seconds)",
            per_node(&[(RedisReplicationGroup::metric_replication_lag, "lag")]),
        ),
        (
            "Engine CPU (%) and connections",
            per_node(&[
                (RedisReplicationGroup::metric_engine_cpu, "engine CPU"),
                (RedisReplicationGroup::metric_connections, "connections"),
            ]),
        ),
    ];
    let mut dashboard = DashboardBuilder::new()
        .heading(&format!("# {stack_name}: ElastiCache for Redis, per node"));
    for (title, lines) in &graphs {
        dashboard = dashboard.graph(title, lines, &[]);
    }
    let alarms = stack.handles_of::<Alarm>();
    dashboard
        .alarm_status(&format!("{stack_name} alarms"), &alarms)
        .build(stack, "Dashboard", &stack_name);
}
