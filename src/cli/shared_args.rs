//! Flags every blueprint reads.

use clap::Args;

use super::CliError;
use crate::aspects::{parse_tag, Tags, MAX_USER_TAGS};
use crate::stacks::common::CommonOptions;
use crate::stacks::rule::ValueRule;
use crate::stacks::rules::{AlarmSnsTopic, LogRetentionDays, StackName};

#[derive(Args, Clone, Debug, Default)]
#[command(next_help_heading = "Every blueprint")]
pub struct SharedArgs {
    /// Deployment name: physical names derive from ZAEL-{name} (limiter),
    /// ZAEL-{name}-redis (redis) or ZAEL-{name}-api (api) [default: limiter; movies for api]
    #[arg(long, value_name = "NAME", value_parser = StackName::parse)]
    pub name: Option<String>,

    /// SNS topic ARN every alarm notifies [default: a topic the stack creates]
    #[arg(long, value_name = "ARN", value_parser = AlarmSnsTopic::parse)]
    pub alarm_sns_topic: Option<String>,

    /// CloudWatch Logs retention (LogRetentionDays default) [default: 30; 365 for api]
    #[arg(long, value_name = "DAYS", value_parser = LogRetentionDays::parse)]
    pub log_retention_days: Option<u32>,

    /// A tag on every taggable resource, KEY=VALUE; repeat for more (at most 45)
    #[arg(long = "tag", value_name = "KEY=VALUE", value_parser = parse_tag)]
    pub tags: Vec<(String, String)>,
}

impl SharedArgs {
    /// The flags' tags over `tags`, within the limit.
    fn merged_tags(&self, tags: &Tags) -> Result<Tags, CliError> {
        let mut merged = tags.clone();
        for (key, value) in &self.tags {
            merged.insert(key, value);
        }
        if merged.0.len() > MAX_USER_TAGS {
            return Err(CliError::usage(format!(
                "--tag: {} tags given; at most {MAX_USER_TAGS} (AWS allows 50 per resource, and zael keeps 5 for its own)",
                merged.0.len()
            )));
        }
        Ok(merged)
    }

    /// Overrides the shared options of any blueprint with every flag that was given.
    pub fn apply(&self, options: &mut impl CommonOptions) -> Result<(), CliError> {
        let common = options.common();
        *common.tags = self.merged_tags(common.tags)?;
        if let Some(name) = &self.name {
            *common.name = name.clone();
        }
        if self.alarm_sns_topic.is_some() {
            *common.alarm_sns_topic = self.alarm_sns_topic.clone();
        }
        if let Some(days) = self.log_retention_days {
            *common.log_retention_days = days;
        }
        Ok(())
    }
}
