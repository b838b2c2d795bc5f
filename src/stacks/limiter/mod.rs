//! L3 blueprint: the rate-limiter stack of seeds 000-002.
//!
//! A DynamoDB table holding buckets, limits and usage snapshots; the usage aggregator fed by
//! the table's stream, with its dead-letter queue; least-privilege roles and managed
//! policies; and the alarms of the production guide.

mod access;
mod aggregator;
mod alarms;
mod autoscaling;
mod blueprint;
mod dashboard;
mod key_scopes;
mod names;
mod options;
mod organisation;
mod outputs;
mod parameters;
mod queries;
pub mod rules;
pub mod schema;
mod settings;
pub mod values;

pub use aggregator::{AUDIT_BUCKET_VARIABLE, AUDIT_REMOVE_FILTER, BUCKET_UPDATE_FILTER};
pub use blueprint::Limiter;
pub use names::Names;
pub use options::{
    AutoScaling, IamOptions, LambdaNetwork, LimiterOptions, LimiterOptionsError, Window,
};
pub use queries::AGGREGATOR_QUERIES;
pub use settings::LimiterSettings;

use crate::constructs::Capacity;
use crate::template::{Expr, Stack};

pub fn build(options: &LimiterOptions) -> Stack {
    let names = Names::new(&options.stack_name());
    let mut stack = Stack::new(format!(
        "zael rate limiter {}: DynamoDB table, usage aggregator, IAM and alarms",
        options.stack_name()
    ));
    let parameters = parameters::add_parameters(&mut stack, options);

    let table = schema::library_table(names.table())
        .point_in_time_recovery(
            parameters.pitr_enabled.select(true, false),
            options
                .pitr_recovery_days
                .map(|days| parameters.pitr_enabled.select(days, Expr::no_value())),
        )
        .deletion_protection(options.deletion_protection)
        .capacity(options.capacity)
        .build(&mut stack, "RateLimitsTable");

    let aggregator = parameters.aggregator.as_ref().map(|parameters| {
        aggregator::add_aggregator(&mut stack, options, &names, parameters, &table)
    });
    let access = access::add_access(&mut stack, &names, &table, &options.iam);
    let alarm_target = options.enable_alarms.then(|| {
        let target = alarms::alarm_target(&mut stack, options, &names);
        alarms::add_alarms(
            &mut stack,
            options,
            &names,
            &target,
            &table,
            aggregator.as_ref(),
        );
        target
    });
    if let Capacity::Provisioned { read, write } = options.capacity {
        autoscaling::add_autoscaling(
            &mut stack,
            options,
            &names,
            &table,
            alarm_target.as_ref(),
            (read, write),
        );
    }
    if let Some(aggregator) = &aggregator {
        crate::constructs::save_queries(
            &mut stack,
            "Aggregator",
            &format!("{}/aggregator", options.stack_name()),
            &aggregator.lambda.log_group,
            queries::AGGREGATOR_QUERIES,
        );
    }
    if options.dashboard {
        dashboard::add_dashboard(&mut stack, options, &table, aggregator.as_ref());
    }
    outputs::add_outputs(
        &mut stack,
        &table,
        aggregator.as_ref(),
        access.as_ref(),
        alarm_target.as_ref(),
    );

    organisation::apply(&mut stack, options, &names);
    stack
}
