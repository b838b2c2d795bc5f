//! ZV201: numeric properties within the range the service accepts.
//!
//! Why it exists and an example: the rule's [`About`], which
//! `zael explain` prints.

use serde_json::Value;

use super::check::{Hand, HandRule};
use super::literal::{at, number};
use super::walk::resources;
use super::Finding;
use super::{About, Example};
use crate::limits::{self, Limit};

/// ZV201: numeric properties within the service's range.
pub const VALUE_RANGES: HandRule = HandRule(
    About {
        code: "ZV201",
        title: "value ranges",
        doc: "Lambda memory/timeout, PITR days, queue retention/visibility, stream batch settings, capacities, ElastiCache nodes ...",
        why: "Lambda refuses 10,241 MB, DynamoDB a 36-day recovery period, SQS a retention under a minute; each fails the stack only when that resource is created.",
        example: Example::Templates(include_str!("examples/ZV201.yaml")),
    },
    Hand::Ranges,
);

pub struct Range {
    pub resource_type: &'static str,
    /// Inside Properties; `*` for every element of a list.
    pub property: &'static str,
    pub min: f64,
    pub max: f64,
    pub unit: &'static str,
    /// A value outside the range that the service reads as "none" (e.g. -1: unlimited).
    pub also: Option<f64>,
}

const fn range(
    resource_type: &'static str,
    property: &'static str,
    min: f64,
    max: f64,
    unit: &'static str,
) -> Range {
    Range {
        resource_type,
        property,
        min,
        max,
        unit,
        also: None,
    }
}

/// The range of a service limit defined in [`crate::limits`].
const fn limited(resource_type: &'static str, property: &'static str, limit: Limit) -> Range {
    range(
        resource_type,
        property,
        limit.min as f64,
        limit.max as f64,
        limit.unit,
    )
}

const LAMBDA: &str = "AWS::Lambda::Function";
const MAPPING: &str = "AWS::Lambda::EventSourceMapping";
const TABLE: &str = "AWS::DynamoDB::Table";
const QUEUE: &str = "AWS::SQS::Queue";

pub const RANGES: &[Range] = &[
    limited(LAMBDA, "MemorySize", limits::LAMBDA_MEMORY),
    limited(LAMBDA, "Timeout", limits::LAMBDA_TIMEOUT),
    range(
        LAMBDA,
        "ReservedConcurrentExecutions",
        0.0,
        1e9,
        "executions",
    ),
    range(LAMBDA, "EphemeralStorage/Size", 512.0, 10240.0, "MB"),
    limited(MAPPING, "BatchSize", limits::STREAM_BATCH_SIZE),
    limited(
        MAPPING,
        "MaximumBatchingWindowInSeconds",
        limits::STREAM_BATCHING_WINDOW,
    ),
    range(MAPPING, "ParallelizationFactor", 1.0, 10.0, "batches"),
    Range {
        also: Some(-1.0),
        ..limited(
            MAPPING,
            "MaximumRetryAttempts",
            limits::STREAM_RETRY_ATTEMPTS,
        )
    },
    Range {
        also: Some(-1.0),
        ..limited(
            MAPPING,
            "MaximumRecordAgeInSeconds",
            limits::STREAM_MAX_RECORD_AGE,
        )
    },
    limited(
        TABLE,
        "PointInTimeRecoverySpecification/RecoveryPeriodInDays",
        limits::PITR_RECOVERY_DAYS,
    ),
    limited(
        TABLE,
        "ProvisionedThroughput/ReadCapacityUnits",
        limits::CAPACITY_UNITS,
    ),
    limited(
        TABLE,
        "ProvisionedThroughput/WriteCapacityUnits",
        limits::CAPACITY_UNITS,
    ),
    range(QUEUE, "MessageRetentionPeriod", 60.0, 1209600.0, "seconds"),
    range(QUEUE, "VisibilityTimeout", 0.0, 43200.0, "seconds"),
    range(QUEUE, "DelaySeconds", 0.0, 900.0, "seconds"),
    range(QUEUE, "MaximumMessageSize", 1024.0, 262144.0, "bytes"),
    range(QUEUE, "ReceiveMessageWaitTimeSeconds", 0.0, 20.0, "seconds"),
    range(
        "AWS::CloudWatch::Alarm",
        "EvaluationPeriods",
        1.0,
        1e9,
        "periods",
    ),
    range(
        "AWS::CloudWatch::Alarm",
        "DatapointsToAlarm",
        1.0,
        1e9,
        "data points",
    ),
    range(
        "AWS::ElastiCache::ReplicationGroup",
        "NumCacheClusters",
        1.0,
        6.0,
        "nodes",
    ),
    range(
        "AWS::ElastiCache::ReplicationGroup",
        "SnapshotRetentionLimit",
        0.0,
        35.0,
        "days",
    ),
    range(
        "AWS::ElastiCache::ReplicationGroup",
        "Port",
        1.0,
        65535.0,
        "port",
    ),
    range(
        "AWS::SecretsManager::Secret",
        "GenerateSecretString/PasswordLength",
        1.0,
        4096.0,
        "characters",
    ),
];

pub fn ranges(document: &Value) -> Vec<Finding> {
    let mut findings = Vec::new();
    for (id, kind, properties) in resources(document) {
        for rule in RANGES.iter().filter(|r| r.resource_type == kind) {
            for (path, value) in at(properties, rule.property) {
                let Some(n) = number(document, value) else {
                    continue;
                };
                if (rule.min..=rule.max).contains(&n) || rule.also == Some(n) {
                    continue;
                }
                let allowed = if rule.max >= 1e9 {
                    format!("at least {}", rule.min)
                } else {
                    format!("{} to {}", rule.min, rule.max)
                };
                let also = rule.also.map(|a| format!(" (or {a})")).unwrap_or_default();
                findings.push(Finding::error(
                    "ZV201",
                    format!("Resources.{id}.Properties.{path}"),
                    format!("{n} {} is out of range for {kind} {path}", rule.unit),
                    format!("use {allowed} {}{also}", rule.unit),
                ));
            }
        }
    }
    findings
}

#[cfg(test)]
mod tests {
    use super::super::literal::one_resource_with;
    use super::*;
    use serde_json::json;

    #[test]
    fn every_range_rejects_one_below_its_minimum() {
        for rule in RANGES {
            let document =
                one_resource_with(rule.resource_type, rule.property, json!(rule.min - 1.0));
            let findings = ranges(&document);
            let expected = if rule.also == Some(rule.min - 1.0) {
                0
            } else {
                1
            };
            assert_eq!(findings.len(), expected, "{}", rule.property);
        }
    }

    #[test]
    fn parameter_defaults_are_judged_and_paths_name_the_property() {
        let document = json!({
            "Parameters": {"Days": {"Type": "Number", "Default": 36}},
            "Resources": {"T": {"Type": "AWS::DynamoDB::Table", "Properties": {
                "PointInTimeRecoverySpecification": {"RecoveryPeriodInDays": {"Ref": "Days"}}}}}});
        let findings = ranges(&document);
        assert_eq!(
            findings[0].path,
            "Resources.T.Properties.PointInTimeRecoverySpecification.RecoveryPeriodInDays"
        );
        assert_eq!(findings[0].hint, "use 1 to 35 days");
    }
}
