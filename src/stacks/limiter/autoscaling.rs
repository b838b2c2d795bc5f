//! Provisioned mode done properly (seed 002): Application Auto Scaling holds the table's and
//! every global index's read and write capacity at the target utilisation (70% by default),
//! within a minimum and a maximum, and an alarm fires when consumption nears the maximum,
//! where auto scaling can go no further and requests start to throttle.
//!
//! The indexes come from the table construct, so an index added to the table is scaled too.
//! Scaling uses the account's service-linked role, which Application Auto Scaling creates on
//! first use: the stack creates no role for it.

use super::names::Names;
use super::options::{AutoScaling, LimiterOptions};
use crate::constructs::{AlarmProps, AlarmTarget, Metric, TableConstruct, Threshold};
use crate::resources::applicationautoscaling::{
    PredefinedMetric, ScalableTarget, ScalingPolicy, TargetTracking,
};
use crate::resources::cloudwatch::ComparisonOperator;
use crate::template::{Expr, Stack};

/// Consumption above this share of the maximum, over five minutes, raises the alarm.
pub const NEAR_MAXIMUM_PCT: u32 = 90;

const SERVICE_LINKED_ROLE: &str = "arn:${AWS::Partition}:iam::${AWS::AccountId}:role/aws-service-role/dynamodb.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_DynamoDBTable";

pub fn add_autoscaling(
    stack: &mut Stack,
    options: &LimiterOptions,
    names: &Names,
    table: &TableConstruct,
    alarms: Option<&AlarmTarget>,
    (read, write): (u32, u32),
) {
    let scaling = &options.autoscaling;
    let table_id = table.handle.logical_id().to_string();
    let mut scaled: Vec<(String, Option<&str>)> = vec![("Table".into(), None)];
    for index in &table.global_indexes {
        scaled.push((index.clone(), Some(index.as_str())));
    }
    for (prefix, index) in scaled {
        for (dimension, base) in [("Read", read), ("Write", write)] {
            let (min, max) = scaling.bounds(base);
            let (kind, resource_id) = match index {
                None => ("table", format!("table/${{{table_id}}}")),
                Some(name) => ("index", format!("table/${{{table_id}}}/index/{name}")),
            };
            let target = stack.add(
                &format!("{prefix}{dimension}ScalableTarget"),
                ScalableTarget {
                    max_capacity: max,
                    min_capacity: min,
                    resource_id: Expr::sub(resource_id),
                    role_arn: Expr::sub(SERVICE_LINKED_ROLE),
                    scalable_dimension: format!("dynamodb:{kind}:{dimension}CapacityUnits"),
                    service_namespace: "dynamodb".into(),
                },
            );
            stack.add(
                &format!("{prefix}{dimension}ScalingPolicy"),
                ScalingPolicy {
                    policy_name: format!(
                        "{}-{}-{}",
                        names.table(),
                        prefix.to_lowercase(),
                        dimension.to_lowercase()
                    ),
                    policy_type: "TargetTrackingScaling".into(),
                    scaling_target_id: target.reference(),
                    target_tracking_scaling_policy_configuration: TargetTracking {
                        target_value: f64::from(scaling.target_pct),
                        predefined_metric_specification: PredefinedMetric {
                            predefined_metric_type: format!(
                                "DynamoDB{dimension}CapacityUtilization"
                            ),
                        },
                    },
                },
            );
            if let Some(alarms) = alarms {
                add_near_maximum_alarm(stack, names, table, alarms, &prefix, index, dimension, max);
            }
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn add_near_maximum_alarm(
    stack: &mut Stack,
    names: &Names,
    table: &TableConstruct,
    alarms: &AlarmTarget,
    prefix: &str,
    index: Option<&str>,
    dimension: &str,
    max: u32,
) {
    let metric: Metric = if dimension == "Read" {
        table.metric_consumed_reads(index)
    } else {
        table.metric_consumed_writes(index)
    };
    // Consumed units are summed over the 5-minute period: the maximum holds max × 300.
    let threshold = i64::from(max) * 300 * i64::from(NEAR_MAXIMUM_PCT) / 100;
    let alarm = metric.alarm(AlarmProps {
        name: names.alarm(&format!("{}-{}-near-max", prefix.to_lowercase(), dimension.to_lowercase())),
        summary: "Consumed capacity nears auto scaling's maximum, past which requests throttle; raise --autoscaling-max-capacity",
        comparison: ComparisonOperator::GreaterThanThreshold,
        threshold: Threshold::Value(threshold),
        evaluation_periods: 1,
        actions: vec![alarms.topic_arn.clone()],
    });
    stack.add(&format!("{prefix}{dimension}NearMaximumAlarm"), alarm);
}

impl AutoScaling {
    /// The minimum and maximum for a dimension provisioned at `base` units: the minimum
    /// defaults to `base`, the maximum to ten times the minimum (at most 40,000).
    pub fn bounds(&self, base: u32) -> (u32, u32) {
        let min = self.min_capacity.unwrap_or(base);
        let max = self
            .max_capacity
            .unwrap_or_else(|| {
                min.saturating_mul(10)
                    .min(crate::limits::CAPACITY_UNITS.max)
            })
            .max(min);
        (min, max)
    }
}
