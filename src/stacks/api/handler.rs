//! The handler function: seed 003's Lambda in the VPC, with reserved concurrency, active
//! tracing, its own log group, a least-privilege role and a concurrency alarm.

use super::names::Names;
use super::network::Network;
use super::options::ApiOptions;
use super::parameters::Parameters;
use crate::constructs::{
    lambda_function, perms, AlarmProps, AlarmTarget, FunctionProps, LambdaFunction, Metric,
    TableConstruct, Threshold,
};
use crate::resources::cloudwatch::{ComparisonOperator, Statistic};
use crate::resources::iam::Statement;
use crate::resources::lambda::{Code, VpcConfig};
use crate::resources::OrderedMap;
use crate::template::{Expr, Stack};

/// API Gateway gives up on an integration after 29 s; a put takes milliseconds, so 10 s
/// leaves room for the SDK's retries and still answers before the gateway's timeout.
pub const TIMEOUT_SECONDS: u32 = 10;
pub const MEMORY_MB: u32 = 256;

pub fn add_handler(
    stack: &mut Stack,
    options: &ApiOptions,
    names: &Names,
    parameters: &Parameters,
    network: &Network,
    table: &TableConstruct,
    alarms: &AlarmTarget,
) -> LambdaFunction {
    let mut environment = OrderedMap::default();
    environment.insert("TABLE_NAME", table.handle.name());
    let props = FunctionProps {
        description: "Validates a movie item (year, title, id) and writes it to DynamoDB".into(),
        memory_mb: MEMORY_MB,
        timeout_seconds: TIMEOUT_SECONDS,
        reserved_concurrency: Some(options.reserved_concurrency),
        environment,
        log_retention_days: parameters.log_retention_days.reference(),
        tracing: true,
        ..FunctionProps::new(
            &names.function(),
            &names.handler_role(),
            Code {
                s3_bucket: parameters.code_bucket.reference(),
                s3_key: parameters.code_key.reference(),
            },
        )
    };
    let lambda = lambda_function(stack, "Handler", props);
    let function = stack.get_mut(&lambda.function);
    function.vpc_config = Some(VpcConfig {
        subnet_ids: network.vpc.subnet_ids(),
        security_group_ids: Expr::List(vec![network.security_group.group_id()]),
    });
    // Created after the DynamoDB endpoint, so its first request has a route to the table,
    // and deleted before it. (The ENI permissions are in the role's inline policy, which
    // the function waits for by referencing the role.)
    stack.depends_on(&lambda.function, &network.endpoint);
    lambda.add_to_role_policy(
        stack,
        vec![
            Statement::allow(
                "PutItemOnTheTable",
                perms::TABLE_PUT,
                vec![table.handle.arn()],
            ),
            Statement::allow("ManageVpcEnis", perms::LAMBDA_VPC_ENI, vec![Expr::str("*")]),
        ],
    );
    add_alarms(stack, options, names, &lambda, alarms);
    lambda
}

fn add_alarms(
    stack: &mut Stack,
    options: &ApiOptions,
    names: &Names,
    lambda: &LambdaFunction,
    target: &AlarmTarget,
) {
    let mut concurrency = Metric::new(
        "AWS/Lambda",
        "ConcurrentExecutions",
        ("FunctionName", lambda.function.name()),
    )
    .statistic(Statistic::Maximum)
    .unit("executions");
    concurrency.period_seconds = 60;
    let alarm = concurrency.alarm(AlarmProps {
        name: names.alarm("handler-concurrency"),
        summary: "The handler nears its reserved concurrency, past which Lambda throttles requests and API clients get errors",
        comparison: ComparisonOperator::GreaterThanOrEqualToThreshold,
        threshold: Threshold::Value(i64::from(options.concurrency_alarm_threshold())),
        evaluation_periods: 1,
        actions: vec![target.topic_arn.clone()],
    });
    stack.add("HandlerConcurrencyAlarm", alarm);
    let errors = lambda.metric_errors().alarm(AlarmProps {
        name: names.alarm("handler-errors"),
        summary: "The handler fails invocations (API clients get 502s)",
        comparison: ComparisonOperator::GreaterThanThreshold,
        threshold: Threshold::Value(0),
        evaluation_periods: 1,
        actions: vec![target.topic_arn.clone()],
    });
    stack.add("HandlerErrorsAlarm", errors);
}
