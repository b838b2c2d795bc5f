//! The options every blueprint has, so that the shared flags and profile keys apply to any
//! blueprint's options the same way.

use crate::aspects::{
    CustomerManagedKey, ManagedPolicyNameFormat, PermissionBoundary, RoleNameFormat, Tags,
};
use crate::constructs::kms_key::{add_key, KeyUsers};
use crate::constructs::{alarm_target, AlarmTarget};
use crate::resources::logs::RETENTION_DAYS;
use crate::stacks::limiter::values::KmsKey;
use crate::template::{Expr, Output, Parameter, ParameterHandle, Stack};

/// The organisation's IAM rules, the same on every blueprint: applied as aspects to the
/// finished stack, so every role and managed policy follows them.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Organisation {
    /// The boundary on every role. Default: none.
    pub permission_boundary: Option<PermissionBoundary>,
    /// Every role name goes through it. Default: none.
    pub role_name_format: Option<RoleNameFormat>,
    /// Every managed-policy name goes through it. Default: none.
    pub policy_name_format: Option<ManagedPolicyNameFormat>,
    /// The customer-managed key that encrypts what the stack keeps at rest. Default: AWS keys.
    pub kms_key: Option<KmsKey>,
}

impl Organisation {
    /// Runs the rules over every resource of `stack`.
    pub fn apply(&self, stack: &mut Stack) {
        if let Some(format) = &self.policy_name_format {
            stack.apply_aspect(format);
        }
        if let Some(format) = &self.role_name_format {
            stack.apply_aspect(format);
        }
        if let Some(boundary) = &self.permission_boundary {
            stack.apply_aspect(boundary);
        }
    }

    /// Encrypts every resource that can take a key with the organisation's key (run before
    /// [`Organisation::apply`], so the key's own resources are named and tagged too). A
    /// created key is aliased `alias/{alias}`, its policy lets `users` use it, and its ARN
    /// is the output `DataKeyArn`.
    pub fn encrypt(&self, stack: &mut Stack, alias: &str, users: &KeyUsers) {
        let Some(key) = &self.kms_key else { return };
        let key_arn = match key {
            KmsKey::Existing(arn) => Expr::str(arn),
            KmsKey::Create => {
                let key = add_key(stack, "DataKey", alias, users);
                stack.add_output(
                    "DataKeyArn",
                    Output::new("ARN of the key that encrypts the stack's data", key.arn())
                        .exported_as("DataKeyArn"),
                );
                key.arn()
            }
        };
        stack.apply_aspect(&CustomerManagedKey { key_arn });
    }

    /// Whether role or policy names go through a format (so a name too long may be fixed
    /// there as well as by a shorter `name`).
    pub fn formats_names(&self) -> bool {
        self.role_name_format.is_some() || self.policy_name_format.is_some()
    }
}

/// The `LogRetentionDays` parameter every blueprint declares: how long CloudWatch Logs keeps
/// `kept`, by default `days`, one of the retention periods Logs accepts.
pub fn add_log_retention_parameter(stack: &mut Stack, kept: &str, days: u32) -> ParameterHandle {
    stack.add_parameter(
        "LogRetentionDays",
        Parameter::number(&format!("Days CloudWatch Logs keeps {kept}"))
            .default(i64::from(days))
            .allowed_values(RETENTION_DAYS.iter().map(|d| i64::from(*d))),
    )
}

/// Mutable access to a blueprint's shared options.
pub struct Common<'a> {
    pub name: &'a mut String,
    pub alarm_sns_topic: &'a mut Option<String>,
    pub log_retention_days: &'a mut u32,
    pub tags: &'a mut Tags,
    pub organisation: &'a mut Organisation,
    /// Whether the stack has its CloudWatch dashboard.
    pub dashboard: &'a mut bool,
}

pub trait CommonOptions {
    fn common(&mut self) -> Common<'_>;
    /// The deployment name physical names derive from.
    fn name(&self) -> &str;
    fn organisation(&self) -> &Organisation;
    /// The topic every alarm notifies, when the user gave one.
    fn alarm_sns_topic(&self) -> Option<&str>;
    /// The user's tags, on every resource that takes tags.
    fn tags(&self) -> &Tags;

    /// Where the stack's alarms go: the user's topic, or one the stack creates
    /// (`AlarmTopic`, named `topic_name`, shown as "`stack_name` alarms").
    fn alarm_target(&self, stack: &mut Stack, topic_name: &str, stack_name: &str) -> AlarmTarget {
        alarm_target(
            stack,
            "AlarmTopic",
            self.alarm_sns_topic(),
            topic_name,
            &format!("{stack_name} alarms"),
        )
    }

    /// The organisation's naming and boundary rules, then the identifying and the user's tags,
    /// over the finished stack: last, so they cover every resource the blueprint added.
    fn finish(&self, stack: &mut Stack, blueprint: &str, stack_name: &str) {
        self.organisation().apply(stack);
        let mut tags = Tags::identifying(blueprint, stack_name);
        tags.merge(self.tags());
        stack.apply_aspect(&tags);
    }
}

/// Implements [`CommonOptions`] for an options struct with the shared fields.
macro_rules! common_options {
    ($($options:ty),*) => {$(
        impl CommonOptions for $options {
            fn common(&mut self) -> Common<'_> {
                Common {
                    name: &mut self.name,
                    alarm_sns_topic: &mut self.alarm_sns_topic,
                    log_retention_days: &mut self.log_retention_days,
                    tags: &mut self.tags,
                    organisation: &mut self.organisation,
                    dashboard: &mut self.dashboard,
                }
            }
            fn name(&self) -> &str {
                &self.name
            }
            fn organisation(&self) -> &Organisation {
                &self.organisation
            }
            fn alarm_sns_topic(&self) -> Option<&str> {
                self.alarm_sns_topic.as_deref()
            }
            fn tags(&self) -> &Tags {
                &self.tags
            }
        }
    )*};
}

common_options!(
    super::limiter::LimiterOptions,
    super::redis::RedisOptions,
    super::api::ApiOptions
);
