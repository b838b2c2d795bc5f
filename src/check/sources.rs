//! Where a value of a synthesized template came from, so a finding can say what to change:
//! the CLI flag and its profile key (the flag in snake_case), or the blueprint component.
//!
//! A table by (logical ID, property prefix) is enough: the blueprints give every resource a
//! fixed logical ID. `*` matches any logical ID; the first match wins.

/// (logical ID or `*`, path prefix after `Resources.ID.` or the section, flag).
const FLAGS: &[(&str, &str, &str)] = &[
    (
        "RateLimitsTable",
        "Properties.PointInTimeRecoverySpecification",
        "pitr-recovery-days",
    ),
    ("EnablePITR", "", "pitr-recovery-days"),
    ("RateLimitsTable", "Properties.BillingMode", "billing-mode"),
    (
        "RateLimitsTable",
        "Properties.ProvisionedThroughput.ReadCapacityUnits",
        "read-capacity",
    ),
    (
        "RateLimitsTable",
        "Properties.ProvisionedThroughput.WriteCapacityUnits",
        "write-capacity",
    ),
    (
        "RateLimitsTable",
        "Properties.DeletionProtectionEnabled",
        "enable-deletion-protection",
    ),
    (
        "AggregatorFunction",
        "Properties.MemorySize",
        "lambda-memory",
    ),
    ("AggregatorFunction", "Properties.Timeout", "lambda-timeout"),
    (
        "AggregatorFunction",
        "Properties.ReservedConcurrentExecutions",
        "lambda-reserved-concurrency",
    ),
    (
        "AggregatorDurationAlarm",
        "Properties.Threshold",
        "lambda-duration-threshold-pct",
    ),
    (
        "AggregatorStreamMapping",
        "Properties.BatchSize",
        "stream-batch-size",
    ),
    (
        "AggregatorStreamMapping",
        "Properties.MaximumBatchingWindowInSeconds",
        "stream-batching-window",
    ),
    (
        "AggregatorStreamMapping",
        "Properties.MaximumRecordAgeInSeconds",
        "stream-max-record-age",
    ),
    (
        "AggregatorStreamMapping",
        "Properties.MaximumRetryAttempts",
        "stream-retry-attempts",
    ),
    ("SnapshotWindows", "", "snapshot-windows"),
    ("SnapshotRetentionDays", "", "snapshot-retention-days"),
    ("ArtifactBucket", "", "artifact-bucket"),
    ("LogRetentionDays", "", "log-retention-days"),
    ("*", "Properties.RetentionInDays", "log-retention-days"),
    ("*", "Properties.PermissionsBoundary", "permission-boundary"),
    ("*", "Properties.RoleName", "name|role-name-format"),
    ("*", "Properties.AlarmActions", "alarm-sns-topic"),
    ("*", "Properties.OKActions", "alarm-sns-topic"),
    ("*", "Properties.NotificationTopicArn", "alarm-sns-topic"),
    ("CacheNodeType", "", "cache-node-type"),
    (
        "ReplicationGroup",
        "Properties.CacheNodeType",
        "cache-node-type",
    ),
    (
        "ReplicationGroup",
        "Properties.EngineVersion",
        "cache-engine-version",
    ),
    (
        "ReplicationGroup",
        "Properties.NumCacheClusters",
        "cache-replicas",
    ),
    (
        "ReplicationGroup",
        "Properties.SnapshotRetentionLimit",
        "cache-snapshot-retention-days",
    ),
    (
        "ReplicationGroup",
        "Properties.SnapshotWindow",
        "cache-snapshot-window",
    ),
    (
        "ReplicationGroup",
        "Properties.PreferredMaintenanceWindow",
        "cache-maintenance-window",
    ),
    ("*", "Properties.VpcId", "vpc-id"),
    ("*", "Properties.SubnetIds", "subnet-ids"),
    ("ClientSecurityGroupId", "", "client-security-group-id"),
];

/// Physical names all derive from `--name`.
const NAME_PROPERTIES: &[&str] = &[
    "TableName",
    "QueueName",
    "FunctionName",
    "ManagedPolicyName",
    "LogGroupName",
    "AlarmName",
    "TopicName",
    "ReplicationGroupId",
    "CacheSubnetGroupName",
    "Name",
    "GroupName",
];

/// The blueprint component that builds a logical ID, by the file that builds it.
fn component(blueprint: &str, id: &str) -> &'static str {
    match blueprint {
        "redis" if id.ends_with("Alarm") => "alarms (src/stacks/redis/alarms.rs)",
        "redis" if id.starts_with("Cache") && !id.contains("SecurityGroup") => {
            "cache (src/stacks/redis/cache.rs)"
        }
        "redis"
            if id == "ReplicationGroup" || id.ends_with("LogGroup") || id == "AuthTokenSecret" =>
        {
            "cache (src/stacks/redis/cache.rs)"
        }
        "redis" => "network (src/stacks/redis/network.rs)",
        _ if id.ends_with("Alarm") || id == "AlarmTopic" => "alarms (src/stacks/limiter/alarms.rs)",
        _ if id.starts_with("Aggregator") => "aggregator (src/stacks/limiter/aggregator.rs)",
        _ if id.ends_with("Role") || id.ends_with("Policy") => {
            "access (src/stacks/limiter/access.rs)"
        }
        _ => "table (src/stacks/limiter/mod.rs)",
    }
}

/// `a|b` names two flags, either of which changes the value.
fn flag(names: &str) -> String {
    names
        .split('|')
        .map(|name| format!("--{name} / profile key {}", name.replace('-', "_")))
        .collect::<Vec<_>>()
        .join(", or ")
}

/// The source of the value at `path` (`Resources.X.Properties.Y...`, `Parameters.P...`,
/// `Outputs.O...`) of a template synthesized from `blueprint`.
pub fn source(blueprint: &str, path: &str) -> String {
    let mut parts = path.splitn(3, '.');
    let section = parts.next().unwrap_or_default();
    let id = parts.next().unwrap_or_default();
    let rest = parts.next().unwrap_or_default();
    if matches!(section, "Resources" | "Parameters") {
        for (owner, prefix, name) in FLAGS {
            if (*owner == id || (*owner == "*" && section == "Resources"))
                && rest.starts_with(prefix)
            {
                return flag(name);
            }
        }
        if let Some(property) = rest.strip_prefix("Properties.") {
            if NAME_PROPERTIES.contains(&property) {
                return flag("name");
            }
        }
    }
    match section {
        "Resources" if id.is_empty() => format!("{blueprint} blueprint"),
        "Resources" => format!("{blueprint} blueprint: {}", component(blueprint, id)),
        "Outputs" => format!("{blueprint} blueprint: outputs (src/stacks/{blueprint}/outputs.rs)"),
        "Parameters" => {
            format!("{blueprint} blueprint: parameters (src/stacks/{blueprint}/parameters.rs)")
        }
        _ => format!("{blueprint} blueprint"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_profile_keys_and_components_are_named() {
        assert_eq!(
            source("limiter", "Resources.RateLimitsTable.Properties.PointInTimeRecoverySpecification.RecoveryPeriodInDays"),
            "--pitr-recovery-days / profile key pitr_recovery_days"
        );
        assert_eq!(
            source("limiter", "Resources.AppRole.Properties.RoleName"),
            "--name / profile key name, or --role-name-format / profile key role_name_format"
        );
        assert_eq!(
            source(
                "limiter",
                "Resources.AggregatorLogGroup.Properties.LogGroupName"
            ),
            "--name / profile key name"
        );
        assert_eq!(
            source(
                "limiter",
                "Resources.AggregatorDeadLetterQueue.Properties.SqsManagedSseEnabled"
            ),
            "limiter blueprint: aggregator (src/stacks/limiter/aggregator.rs)"
        );
        assert_eq!(
            source(
                "redis",
                "Resources.ReplicationGroup.Properties.NumCacheClusters"
            ),
            "--cache-replicas / profile key cache_replicas"
        );
    }
}
