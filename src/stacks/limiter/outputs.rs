//! Outputs, each exported as `${AWS::StackName}-{Name}` for the stacks that depend on this one.

use super::access::Access;
use super::aggregator::Aggregator;
use crate::constructs::{AlarmTarget, TableConstruct};
use crate::template::{Expr, Output, Stack};

pub fn add_outputs(
    stack: &mut Stack,
    table: &TableConstruct,
    aggregator: Option<&Aggregator>,
    access: &Access,
    alarms: Option<&AlarmTarget>,
) {
    let mut export = |id: &str, description: &str, value: Expr| {
        stack.add_output(id, Output::new(description, value).exported_as(id));
    };
    export(
        "TableName",
        "Name of the rate-limit table",
        table.handle.name(),
    );
    export(
        "TableArn",
        "ARN of the rate-limit table",
        table.handle.arn(),
    );
    export(
        "TableStreamArn",
        "ARN of the rate-limit table's stream",
        table.handle.stream_arn(),
    );
    if let Some(aggregator) = aggregator {
        let lambda = &aggregator.lambda;
        export(
            "AggregatorFunctionName",
            "Name of the usage aggregator function",
            lambda.function.name(),
        );
        export(
            "AggregatorFunctionArn",
            "ARN of the usage aggregator function",
            lambda.function.arn(),
        );
        export(
            "AggregatorRoleArn",
            "ARN of the aggregator's execution role",
            lambda.role.arn(),
        );
        export(
            "AggregatorLogGroupName",
            "Log group of the usage aggregator",
            lambda.log_group.name(),
        );
        export(
            "DeadLetterQueueUrl",
            "URL of the aggregator's dead-letter queue",
            aggregator.dead_letters.handle.url(),
        );
        export(
            "DeadLetterQueueArn",
            "ARN of the aggregator's dead-letter queue",
            aggregator.dead_letters.handle.arn(),
        );
    }
    export(
        "AcquireOnlyPolicyArn",
        "Managed policy for applications that acquire tokens",
        access.acquire_policy.arn(),
    );
    export(
        "FullAccessPolicyArn",
        "Managed policy for managing limits and entities",
        access.full_policy.arn(),
    );
    export(
        "ReadOnlyPolicyArn",
        "Managed policy for reading limits and usage",
        access.read_policy.arn(),
    );
    export(
        "AppRoleArn",
        "Role for applications that acquire tokens",
        access.app_role.arn(),
    );
    export(
        "AdminRoleArn",
        "Role for operators who manage limits",
        access.admin_role.arn(),
    );
    export(
        "ReadOnlyRoleArn",
        "Role for reading limits and usage",
        access.read_role.arn(),
    );
    if let Some(target) = alarms {
        export(
            "AlarmTopicArn",
            "SNS topic the alarms notify",
            target.topic_arn.clone(),
        );
    }
}
