//! The options every blueprint has, so that the shared flags and profile keys apply to any
//! blueprint's options the same way.

use crate::aspects::{ManagedPolicyNameFormat, PermissionBoundary, RoleNameFormat, Tags};
use crate::template::Stack;

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

    /// Whether role or policy names go through a format (so a name too long may be fixed
    /// there as well as by a shorter `name`).
    pub fn formats_names(&self) -> bool {
        self.role_name_format.is_some() || self.policy_name_format.is_some()
    }
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
        }
    )*};
}

common_options!(
    super::limiter::LimiterOptions,
    super::redis::RedisOptions,
    super::api::ApiOptions
);
