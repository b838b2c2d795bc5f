//! From profile values to the flags that would say the same.

use super::tags::TagMap;
use crate::cli::{List, SharedArgs};
use crate::stacks::rule::{Checked, ValueRule};
use crate::stacks::rules::{AlarmSnsTopic, LogRetentionDays, StackName};

/// The value of a key that was set.
pub fn get<R: ValueRule>(value: &Option<Checked<R>>) -> Option<R::Value> {
    value.as_ref().map(|v| v.0.clone())
}

/// A list-valued key, in the form its flag takes.
pub fn list<R, T>(value: &Option<Checked<R>>) -> Option<List<T>>
where
    R: ValueRule<Value = Vec<T>>,
{
    get(value).map(List)
}

/// The keys every blueprint's profile has, as the shared flags.
pub fn shared_args(
    name: &Option<Checked<StackName>>,
    alarm_sns_topic: &Option<Checked<AlarmSnsTopic>>,
    log_retention_days: &Option<Checked<LogRetentionDays>>,
    tags: &Option<TagMap>,
) -> SharedArgs {
    SharedArgs {
        name: get(name),
        alarm_sns_topic: get(alarm_sns_topic),
        log_retention_days: get(log_retention_days),
        tags: tags.as_ref().map(|t| t.0 .0.clone()).unwrap_or_default(),
    }
}
