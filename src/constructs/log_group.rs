//! L2 log group owned by its stack.

use crate::resources::logs::LogGroup;
use crate::template::{Expr, Handle, RemovalPolicy, Stack};

/// A log group with a fixed name and a retention period, deleted with the stack: a retained
/// group would keep its name taken and make re-creating a stack of the same name fail.
pub fn owned_log_group(
    stack: &mut Stack,
    id: &str,
    name: impl Into<Expr>,
    retention_days: Expr,
) -> Handle<LogGroup> {
    let log_group = stack.add(
        id,
        LogGroup {
            log_group_name: Some(name.into()),
            retention_in_days: Some(retention_days),
            ..LogGroup::default()
        },
    );
    stack.set_removal_policy(&log_group, RemovalPolicy::Delete);
    log_group
}
