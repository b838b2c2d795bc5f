//! The alarms of seed 000's monitoring table, each notifying one SNS topic.

use super::aggregator::Aggregator;
use super::names::Names;
use super::options::LimiterOptions;
use crate::constructs::{AlarmProps, AlarmTarget, Metric, TableConstruct};
use crate::resources::cloudwatch::ComparisonOperator::{self, *};
use crate::stacks::common::CommonOptions;
use crate::template::Stack;

/// Where alarms go: the operator's topic, or one the stack creates.
pub fn alarm_target(stack: &mut Stack, options: &LimiterOptions, names: &Names) -> AlarmTarget {
    options.alarm_target(stack, &names.alarm_topic(), &options.stack_name())
}

pub fn add_alarms(
    stack: &mut Stack,
    options: &LimiterOptions,
    names: &Names,
    target: &AlarmTarget,
    table: &TableConstruct,
    aggregator: Option<&Aggregator>,
) {
    let mut add = |id: &str,
                   what: &str,
                   summary: &'static str,
                   metric: Metric,
                   comparison: ComparisonOperator,
                   threshold: i64| {
        let alarm = metric.alarm(AlarmProps {
            name: names.alarm(what),
            summary,
            comparison,
            threshold: threshold.into(),
            evaluation_periods: 1,
            actions: vec![target.topic_arn.clone()],
        });
        stack.add(id, alarm);
    };
    if let Some(aggregator) = aggregator {
        let lambda = &aggregator.lambda;
        add(
            "AggregatorErrorsAlarm",
            "aggregator-errors",
            "The aggregator fails; check its logs and its access to the table",
            lambda.metric_errors(),
            GreaterThanThreshold,
            1,
        );
        // At 100% a strict `>` could never fire: a run cannot last longer than its timeout.
        let duration_comparison = if options.lambda_duration_threshold_pct >= 100 {
            GreaterThanOrEqualToThreshold
        } else {
            GreaterThanThreshold
        };
        add(
            "AggregatorDurationAlarm",
            "aggregator-duration",
            "The aggregator nears its timeout; raise its memory or timeout",
            lambda.metric_duration(),
            duration_comparison,
            options.duration_threshold_ms(),
        );
        add(
            "AggregatorIteratorAgeAlarm",
            "aggregator-iterator-age",
            "The aggregator lags behind the stream; check its concurrency and errors",
            lambda.metric_iterator_age(),
            GreaterThanThreshold,
            30_000,
        );
        add(
            "AggregatorDeadLetterAlarm",
            "aggregator-dead-letters",
            "Stream records were given up on; investigate the dead-letter queue",
            aggregator.dead_letters.metric_visible_messages(),
            GreaterThanOrEqualToThreshold,
            1,
        );
    }
    add(
        "TableReadThrottleAlarm",
        "read-throttles",
        "Reads of the rate-limit table are throttled; review capacity",
        table.metric_read_throttles(),
        GreaterThanThreshold,
        1,
    );
    add(
        "TableWriteThrottleAlarm",
        "write-throttles",
        "Writes to the rate-limit table are throttled; review capacity",
        table.metric_write_throttles(),
        GreaterThanThreshold,
        1,
    );
}
