//! The organisation's rules over the finished stack: its key, its network, its names and its
//! tags. They run after the blueprint, as aspects, so they also cover what the blueprint adds.

use super::names::Names;
use super::values::VpcEndpoint;
use super::LimiterOptions;
use crate::aspects::LambdaVpc;
use crate::constructs::kms_key::KeyUsers;
use crate::constructs::vpc_endpoints::{add_gateway, add_logs_interface};
use crate::stacks::common::CommonOptions;
use crate::template::Stack;

pub fn apply(stack: &mut Stack, options: &LimiterOptions, names: &Names) {
    let log_group_prefixes = if options.enable_aggregator {
        vec![format!("/aws/lambda/{}", names.function())]
    } else {
        Vec::new()
    };
    let users = KeyUsers {
        log_group_prefixes: &log_group_prefixes,
        alarm_topic: options.enable_alarms && options.alarm_sns_topic.is_none(),
    };
    options.organisation.encrypt(stack, &names.table(), &users);
    if let Some(network) = &options.lambda_vpc {
        stack.apply_aspect(&LambdaVpc {
            subnet_ids: network.subnet_ids.clone(),
            security_group_ids: network.security_group_ids.clone(),
        });
        if let Some(vpc_id) = &network.vpc_id {
            for endpoint in &network.endpoints {
                match endpoint {
                    VpcEndpoint::Dynamodb => add_gateway(
                        stack,
                        "DynamoDbEndpoint",
                        "dynamodb",
                        vpc_id,
                        &network.route_table_ids,
                    ),
                    VpcEndpoint::S3 => {
                        add_gateway(stack, "S3Endpoint", "s3", vpc_id, &network.route_table_ids)
                    }
                    VpcEndpoint::Logs => add_logs_interface(
                        stack,
                        "LogsEndpoint",
                        vpc_id,
                        &network.subnet_ids,
                        &network.security_group_ids,
                    ),
                }
            }
        }
    }
    options.finish(stack, "limiter", &options.stack_name());
}
