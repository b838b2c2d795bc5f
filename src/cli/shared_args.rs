//! Flags every blueprint reads.

use clap::Args;

use crate::stacks::api::ApiOptions;
use crate::stacks::limiter::LimiterOptions;
use crate::stacks::redis::RedisOptions;
use crate::stacks::values;

#[derive(Args, Clone, Debug, Default)]
#[command(next_help_heading = "Every blueprint")]
pub struct SharedArgs {
    /// Deployment name: physical names derive from ZAEL-{name} (limiter),
    /// ZAEL-{name}-redis (redis) or ZAEL-{name}-api (api) [default: limiter; movies for api]
    #[arg(long, value_name = "NAME", value_parser = values::stack_name)]
    pub name: Option<String>,

    /// SNS topic ARN every alarm notifies [default: a topic the stack creates]
    #[arg(long, value_name = "ARN", value_parser = values::sns_topic_arn)]
    pub alarm_sns_topic: Option<String>,

    /// CloudWatch Logs retention (LogRetentionDays default) [default: 30; 365 for api]
    #[arg(long, value_name = "DAYS", value_parser = values::log_retention_days)]
    pub log_retention_days: Option<u32>,
}

impl SharedArgs {
    pub fn apply_to_limiter(&self, options: &mut LimiterOptions) {
        if let Some(name) = &self.name {
            options.name = name.clone();
        }
        if self.alarm_sns_topic.is_some() {
            options.alarm_sns_topic = self.alarm_sns_topic.clone();
        }
        if let Some(days) = self.log_retention_days {
            options.log_retention_days = days;
        }
    }

    pub fn apply_to_redis(&self, options: &mut RedisOptions) {
        if let Some(name) = &self.name {
            options.name = name.clone();
        }
        if self.alarm_sns_topic.is_some() {
            options.alarm_sns_topic = self.alarm_sns_topic.clone();
        }
        if let Some(days) = self.log_retention_days {
            options.log_retention_days = days;
        }
    }

    pub fn apply_to_api(&self, options: &mut ApiOptions) {
        if let Some(name) = &self.name {
            options.name = name.clone();
        }
        if self.alarm_sns_topic.is_some() {
            options.alarm_sns_topic = self.alarm_sns_topic.clone();
        }
        if let Some(days) = self.log_retention_days {
            options.log_retention_days = days;
        }
    }
}
