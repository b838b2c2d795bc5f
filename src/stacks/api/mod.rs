//! L3 blueprint: the API service of seed 003.
//!
//! API Gateway REST API (`POST /`, API key required, usage plans Standard and Premium,
//! throttled stage with JSON access logs and X-Ray) → Lambda in a VPC without NAT (reserved
//! concurrency, active tracing, concurrency alarm) → DynamoDB through a gateway endpoint
//! (point-in-time recovery, stream), behind a WAF rate-based rule, with VPC flow logs.

mod account;
mod blueprint;
mod dashboard;
mod gateway;
mod handler;
mod names;
mod network;
mod options;
mod outputs;
mod parameters;
mod plans;
mod queries;
pub mod rules;
mod settings;
pub mod usage_plan;
pub mod waf;

pub use blueprint::Api;
pub use gateway::{access_log_format, ACCESS_LOG_FIELDS, GATEWAY_RESPONSES, STAGE_NAME};
pub use handler::MEMORY_MB as HANDLER_MEMORY_MB;
pub use names::Names;
pub use network::{SUBNET_CIDRS, VPC_CIDR};
pub use options::{ApiOptions, ApiOptionsError, ConcurrencyShortfall, PLANNED_SECONDS_PER_REQUEST};
pub use parameters::DYNAMODB_PREFIX_LIST_PARAMETER;
pub use queries::{ACCESS_LOG_QUERIES, HANDLER_QUERIES};
pub use settings::ApiSettings;
pub use usage_plan::{seed_plans, PlanSpec};

use crate::constructs::kms_key::KeyUsers;
use crate::constructs::{save_queries, TableBuilder};
use crate::resources::dynamodb::StreamViewType;
use crate::stacks::common::CommonOptions;
use crate::template::{Expr, Stack};

/// The stack for `options`. Check them with [`ApiOptions::validate`] first (as
/// `synth::document` does).
pub fn build(options: &ApiOptions) -> Stack {
    let names = Names::new(&options.stack_name());
    let mut stack = Stack::new(format!(
        "zael API service {} (seed 003): API Gateway with API keys, usage plans and WAF, Lambda in a VPC, DynamoDB",
        options.stack_name()
    ));
    let parameters = parameters::add_parameters(&mut stack, options);
    let retention = parameters.log_retention_days.reference();
    // Seed 003: point-in-time recovery and a stream (both images: an audit trail of every
    // change) on a table keyed by `id`.
    let table = TableBuilder::partition_key_only(names.table(), "id")
        .point_in_time_recovery(Expr::Bool(true), None)
        .stream(StreamViewType::NewAndOldImages)
        .build(&mut stack, "Table");
    let network = network::add_network(
        &mut stack,
        &names,
        retention.clone(),
        table.handle.arn(),
        parameters.dynamodb_prefix_list.reference(),
    );
    let target = options.alarm_target(&mut stack, &names.alarm_topic(), &options.stack_name());
    let handler = handler::add_handler(
        &mut stack,
        options,
        &names,
        &parameters,
        &network,
        &table,
        &target,
    );
    let gateway = gateway::add_gateway(&mut stack, options, &names, retention, &handler);
    let keys = plans::add_usage_plans(&mut stack, &names, &gateway, &options.usage_plans);
    let web_acl = waf::add_waf(&mut stack, &names, options, &gateway);
    let folder = options.stack_name();
    save_queries(
        &mut stack,
        "Handler",
        &format!("{folder}/handler"),
        &handler.log_group,
        queries::HANDLER_QUERIES,
    );
    save_queries(
        &mut stack,
        "AccessLog",
        &format!("{folder}/access-log"),
        &gateway.access_logs,
        queries::ACCESS_LOG_QUERIES,
    );
    if options.dashboard {
        dashboard::add_dashboard(&mut stack, options, &names, &gateway, &handler, &table);
    }
    outputs::add_outputs(
        &mut stack,
        outputs::Outputs {
            gateway: &gateway,
            keys: &keys,
            plans: &options.usage_plans,
            handler: &handler,
            table: &table,
            web_acl: &web_acl,
            alarms: &target,
        },
    );
    // CloudWatch Logs encrypts each group with the key only if the key policy lets it, for
    // that group by name (encryption context): the access, execution, handler and flow logs.
    let log_group_prefixes = [
        names.access_log_group(),
        format!(
            "API-Gateway-Execution-Logs_${{{}}}/{STAGE_NAME}",
            gateway.api.logical_id()
        ),
        format!("/aws/lambda/{}", names.function()),
        names.flow_log_group(),
    ];
    let users = KeyUsers {
        log_group_prefixes: &log_group_prefixes,
        alarm_topic: options.alarm_sns_topic.is_none(),
    };
    options
        .organisation
        .encrypt(&mut stack, &names.table(), &users);
    options.finish(&mut stack, "api", &options.stack_name());
    stack
}
