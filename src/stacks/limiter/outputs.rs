//! Outputs, each exported as `${AWS::StackName}-{Name}` for the stacks that depend on this one.

use super::access::Access;
use super::aggregator::Aggregator;
use crate::constructs::{AlarmTarget, TableConstruct};
use crate::template::{Expr, Output, Stack};

pub fn add_outputs(
    stack: &mut Stack,
    table: &TableConstruct,
    aggregator: Option<&Aggregator>,
    access: Option<&Access>,
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
            lambda.role_arn.clone(),
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
    if let Some(archive) = aggregator.and_then(|a| a.archive.as_ref()) {
        export(
            "AuditArchiveBucketName",
            "Bucket of archived audit events",
            archive.handle.name(),
        );
        export(
            "AuditArchiveBucketArn",
            "ARN of the bucket of archived audit events",
            archive.handle.arn(),
        );
    }
    if let Some(access) = access {
        let policies = [
            (
                "AcquireOnlyPolicyArn",
                "Managed policy for applications that acquire tokens",
                &access.acquire_policy,
            ),
            (
                "FullAccessPolicyArn",
                "Managed policy for managing limits and entities",
                &access.full_policy,
            ),
            (
                "ReadOnlyPolicyArn",
                "Managed policy for reading limits and usage",
                &access.read_policy,
            ),
            (
                "NamespaceAcquirePolicyArn",
                "Managed policy to acquire tokens in the principal's namespace",
                &access.namespace_acquire_policy,
            ),
            (
                "NamespaceFullAccessPolicyArn",
                "Managed policy to manage the principal's namespace",
                &access.namespace_full_policy,
            ),
            (
                "NamespaceReadOnlyPolicyArn",
                "Managed policy to read the principal's namespace",
                &access.namespace_read_policy,
            ),
        ];
        for (id, description, policy) in policies {
            export(id, description, policy.arn());
        }
        if let Some(roles) = &access.roles {
            export(
                "AppRoleArn",
                "Role for applications that acquire tokens",
                roles.app_role.arn(),
            );
            export(
                "AdminRoleArn",
                "Role for operators who manage limits",
                roles.admin_role.arn(),
            );
            export(
                "ReadOnlyRoleArn",
                "Role for reading limits and usage",
                roles.read_role.arn(),
            );
        }
    }
    if let Some(target) = alarms {
        export(
            "AlarmTopicArn",
            "SNS topic the alarms notify",
            target.topic_arn.clone(),
        );
    }
}
