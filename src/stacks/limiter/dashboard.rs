//! The limiter's dashboard: what seed 002 tells operators to watch, for this stack's table,
//! every one of its indexes, the aggregator and every alarm the stack has.

use super::aggregator::Aggregator;
use super::options::LimiterOptions;
use crate::constructs::{Annotation, DashboardBuilder, TableConstruct};
use crate::resources::cloudwatch::Alarm;
use crate::template::Stack;

/// Adds the dashboard `ZAEL-{name}`; call it last, so it shows every alarm.
pub fn add_dashboard(
    stack: &mut Stack,
    options: &LimiterOptions,
    table: &TableConstruct,
    aggregator: Option<&Aggregator>,
) {
    let stack_name = options.stack_name();
    let mut dashboard = DashboardBuilder::new()
        .heading(&format!(
            "# {stack_name}: rate-limit table, its indexes and the usage aggregator"
        ))
        .graph(
            "Table: consumed capacity",
            &[
                (table.metric_consumed_reads(None), "read units"),
                (table.metric_consumed_writes(None), "write units"),
            ],
            &[],
        )
        .graph(
            "Table: throttled requests",
            &[
                (table.metric_read_throttles(), "read throttles"),
                (table.metric_write_throttles(), "write throttles"),
            ],
            &[],
        );
    for index in &table.global_indexes {
        dashboard = dashboard.graph(
            &format!("{index}: consumed and throttled"),
            &[
                (table.metric_consumed_reads(Some(index)), "read units"),
                (table.metric_consumed_writes(Some(index)), "write units"),
                (table.metric_index_read_throttles(index), "read throttles"),
                (table.metric_index_write_throttles(index), "write throttles"),
            ],
            &[],
        );
    }
    if let Some(aggregator) = aggregator {
        let lambda = &aggregator.lambda;
        let timeout_ms = f64::from(options.lambda_timeout_seconds) * 1000.0;
        dashboard = dashboard
            .heading("## Usage aggregator")
            .graph(
                "Aggregator: invocations and errors",
                &[
                    (lambda.metric_invocations(), "invocations"),
                    (lambda.metric_errors(), "errors"),
                    (lambda.metric_throttles(), "throttles"),
                ],
                &[],
            )
            .graph(
                "Aggregator: duration against its timeout",
                &[
                    (lambda.metric_average_duration(), "average ms"),
                    (lambda.metric_duration(), "maximum ms"),
                ],
                &[
                    Annotation {
                        label: "timeout".into(),
                        value: timeout_ms,
                    },
                    Annotation {
                        label: format!("alarm ({}%)", options.lambda_duration_threshold_pct),
                        value: options.duration_threshold_ms() as f64,
                    },
                ],
            )
            .graph(
                "Aggregator: iterator age",
                &[(lambda.metric_iterator_age(), "maximum ms")],
                &[Annotation {
                    label: "alarm".into(),
                    value: 30_000.0,
                }],
            )
            .graph(
                "Dead-letter queue depth",
                &[(
                    aggregator.dead_letters.metric_visible_messages(),
                    "messages",
                )],
                &[],
            );
    }
    let alarms = stack.handles_of::<Alarm>();
    dashboard
        .alarm_status(&format!("{stack_name} alarms"), &alarms)
        .build(stack, "Dashboard", &stack_name);
}
