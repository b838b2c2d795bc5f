//! Flags every blueprint reads.

use clap::Args;

use crate::aspects::{
    parse_tag, ManagedPolicyNameFormat, PermissionBoundary, RoleNameFormat, Tags,
};
use crate::blueprint::SharedSettings;
use crate::stacks::limiter::values::KmsKey;
use crate::stacks::rule::ValueRule;
use crate::stacks::rules::{
    AlarmSnsTopic, Boundary, Kms, LogRetentionDays, PolicyFormat, RoleFormat, StackName,
};

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

    /// Permission boundary on every role: a policy name or a full policy ARN
    #[arg(long, value_name = "POLICY", value_parser = Boundary::parse)]
    pub permission_boundary: Option<PermissionBoundary>,

    /// Role-name format with one {} placeholder, e.g. PowerUserPB-{}
    #[arg(long, value_name = "FORMAT", value_parser = RoleFormat::parse)]
    pub role_name_format: Option<RoleNameFormat>,

    /// Managed-policy name format with one {} placeholder, e.g. PowerUserPB-{}
    #[arg(long, value_name = "FORMAT", value_parser = PolicyFormat::parse)]
    pub policy_name_format: Option<ManagedPolicyNameFormat>,

    /// Encrypt what the stack keeps at rest (tables, queues, log groups, the alarm topic, the
    /// functions' environment, the Redis cache and its AUTH secret) with a customer-managed
    /// key: `create` (a key the stack creates, rotated) or an existing key's ARN [default: AWS keys]
    #[arg(long, value_name = "KEY", value_parser = Kms::parse)]
    pub kms_key: Option<KmsKey>,
    /// Add the stack's CloudWatch dashboard (the default)
    #[arg(long, overrides_with = "no_dashboard")]
    pub enable_dashboard: bool,
    /// Leave the CloudWatch dashboard out ($3 a month beyond an account's first three)
    #[arg(long, overrides_with = "enable_dashboard")]
    pub no_dashboard: bool,
}

impl SharedArgs {
    /// The settings these flags give.
    pub fn settings(&self) -> SharedSettings {
        let mut tags = Tags::default();
        for (key, value) in &self.tags {
            tags.insert(key, value);
        }
        SharedSettings {
            name: self.name.clone(),
            alarm_sns_topic: self.alarm_sns_topic.clone(),
            log_retention_days: self.log_retention_days,
            tags,
            permission_boundary: self.permission_boundary.clone(),
            role_name_format: self.role_name_format.clone(),
            policy_name_format: self.policy_name_format.clone(),
            kms_key: self.kms_key.clone(),
            enable_dashboard: super::limiter_args::toggle(self.enable_dashboard, self.no_dashboard),
        }
    }
}
