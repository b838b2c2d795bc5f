//! The API service's dashboard (seed 003's "Monitor during test" list): requests, 4XX/5XX and
//! latency at the stage, the handler's errors, throttles, duration and concurrency against
//! its reserved concurrency, WAF's blocks, the table's writes and throttles, every alarm.

use super::gateway::Gateway;
use super::names::Names;
use super::options::ApiOptions;
use crate::constructs::{Annotation, DashboardBuilder, LambdaFunction, Metric, TableConstruct};
use crate::resources::cloudwatch::{Alarm, Statistic};
use crate::template::{Expr, Stack};

/// API Gateway publishes REST API metrics by API name and stage.
fn gateway_metric(names: &Names, gateway: &Gateway, name: &'static str) -> Metric {
    Metric::new(
        "AWS/ApiGateway",
        name,
        ("ApiName", Expr::str(names.stack())),
    )
    .dimension("Stage", gateway.stage.reference())
}

/// WAF publishes by web ACL and rule metric names, and region.
fn waf_metric(names: &Names, rule_metric: &str, name: &'static str) -> Metric {
    Metric::new(
        "AWS/WAFV2",
        name,
        ("WebACL", Expr::str(names.metric("waf"))),
    )
    .dimension("Rule", Expr::str(rule_metric))
    .dimension("Region", Expr::sub("${AWS::Region}"))
}

pub fn add_dashboard(
    stack: &mut Stack,
    options: &ApiOptions,
    names: &Names,
    gateway: &Gateway,
    handler: &LambdaFunction,
    table: &TableConstruct,
) {
    let stack_name = options.stack_name();
    let latency = |name| gateway_metric(names, gateway, name).statistic(Statistic::Average);
    let alarms = stack.handles_of::<Alarm>();
    DashboardBuilder::new()
        .heading(&format!(
            "# {stack_name}: API Gateway, WAF, handler and table"
        ))
        .graph(
            "API: requests and errors",
            &[
                (gateway_metric(names, gateway, "Count"), "requests"),
                (
                    gateway_metric(names, gateway, "4XXError"),
                    "4XX (429 throttled, 403 keys and WAF)",
                ),
                (gateway_metric(names, gateway, "5XXError"), "5XX"),
            ],
            &[],
        )
        .graph(
            "API: latency",
            &[
                (latency("Latency"), "latency ms"),
                (latency("IntegrationLatency"), "integration ms"),
            ],
            &[],
        )
        .graph(
            "WAF: blocked and allowed requests",
            &[
                (
                    waf_metric(names, &names.metric("rate-limit-per-ip"), "BlockedRequests"),
                    "blocked by the rate rule",
                ),
                (waf_metric(names, "ALL", "AllowedRequests"), "allowed"),
            ],
            &[],
        )
        .graph(
            "Handler: invocations, errors and throttles",
            &[
                (handler.metric_invocations(), "invocations"),
                (handler.metric_errors(), "errors"),
                (handler.metric_throttles(), "throttles"),
            ],
            &[],
        )
        .graph(
            "Handler: concurrency against its reservation",
            &[(
                handler.metric_concurrent_executions().period(60),
                "instances",
            )],
            &[
                Annotation {
                    label: "reserved".into(),
                    value: f64::from(options.reserved_concurrency),
                },
                Annotation {
                    label: "alarm".into(),
                    value: f64::from(options.concurrency_alarm_threshold()),
                },
            ],
        )
        .graph(
            "Handler: duration against its timeout",
            &[
                (handler.metric_average_duration(), "average ms"),
                (handler.metric_duration(), "maximum ms"),
            ],
            &[Annotation {
                label: "timeout".into(),
                value: f64::from(handler.timeout_seconds) * 1000.0,
            }],
        )
        .graph(
            "Table: writes and throttles",
            &[
                (table.metric_consumed_writes(None), "write units"),
                (table.metric_write_throttles(), "write throttles"),
            ],
            &[],
        )
        .alarm_status(&format!("{stack_name} alarms"), &alarms)
        .build(stack, "Dashboard", &stack_name);
}
