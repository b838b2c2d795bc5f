//! The keys every profile has, declared once: [`blueprint_profile!`] writes a blueprint's
//! profile struct with them, then the blueprint's own keys, and turns a read profile into the
//! blueprint's settings (each key into the setting of the same name).

use super::{Override, Suppression};
use crate::stacks::rule::{Checked, ValueRule};

/// A blueprint's profile, as the registry reads it.
pub trait BlueprintProfile: serde::de::DeserializeOwned + schemars::JsonSchema {
    type Settings;
    /// The options the profile sets.
    fn settings(&self) -> Self::Settings;
    /// The region the profile deploys to, when it says.
    fn region(&self) -> Option<&str>;
    fn overrides(&self) -> &[Override];
    fn skips(&self) -> &[Suppression];
}

/// A profile key's value as its setting's: a checked value, or a switch.
pub trait KeyValue {
    type Value;
    fn value(&self) -> Option<Self::Value>;
}

impl<R: ValueRule> KeyValue for Option<Checked<R>> {
    type Value = R::Value;
    fn value(&self) -> Option<R::Value> {
        self.as_ref().map(|checked| checked.0.clone())
    }
}

impl KeyValue for Option<bool> {
    type Value = bool;
    fn value(&self) -> Option<bool> {
        *self
    }
}

/// `blueprint_profile!(Doc, LimiterProfile, Option<LimiterBlueprint>, LimiterSettings { keys })`:
/// the profile struct, with the shared keys before the blueprint's own, and its
/// [`BlueprintProfile`] impl.
#[macro_export]
macro_rules! blueprint_profile {
    (
        $(#[$meta:meta])* $name:ident, blueprint: $blueprint:ty, settings: $settings:ident {
            $($(#[$field_meta:meta])* $field:ident: $field_type:ty,)*
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Debug, serde::Deserialize, schemars::JsonSchema)]
        #[serde(deny_unknown_fields)]
        pub struct $name {
            /// The blueprint of the profile: limiter (the default when omitted), redis or api
            pub blueprint: $blueprint,
            /// The region the stack deploys to; ARNs in the profile must be in it
            pub region: Option<$crate::stacks::rule::Checked<$crate::stacks::rules::Region>>,
            #[doc = "Physical names derive from ZAEL-{name} (limiter), ZAEL-{name}-redis or ZAEL-{name}-api [default: limiter; movies for api]"]
            pub name: Option<$crate::stacks::rule::Checked<$crate::stacks::rules::StackName>>,
            /// SNS topic ARN every alarm notifies [default: a topic the stack creates]
            pub alarm_sns_topic: Option<$crate::stacks::rule::Checked<$crate::stacks::rules::AlarmSnsTopic>>,
            /// CloudWatch Logs retention in days (LogRetentionDays default) [default: 30; 365 for api]
            pub log_retention_days: Option<$crate::stacks::rule::Checked<$crate::stacks::rules::LogRetentionDays>>,
            /// Tags on every taggable resource
            pub tags: Option<$crate::profile::TagMap>,
            /// The stack's CloudWatch dashboard [default: true]
            pub enable_dashboard: Option<bool>,
            /// Changes to the synthesized template for what no option covers
            pub overrides: Option<Vec<$crate::profile::Override>>,
            /// Rules of `zael check` this stack may break, each with its reason
            pub skip: Option<Vec<$crate::profile::Suppression>>,
            /// Permission boundary on every role: a policy name or ARN
            pub permission_boundary: Option<$crate::stacks::rule::Checked<$crate::stacks::rules::Boundary>>,
            /// Role-name format with one {} placeholder
            pub role_name_format: Option<$crate::stacks::rule::Checked<$crate::stacks::rules::RoleFormat>>,
            /// Managed-policy name format with one {} placeholder
            pub policy_name_format: Option<$crate::stacks::rule::Checked<$crate::stacks::rules::PolicyFormat>>,
            /// `create`, or an existing KMS key ARN, to encrypt the stack's data at rest [default: AWS keys]
            pub kms_key: Option<$crate::stacks::rule::Checked<$crate::stacks::rules::Kms>>,
            $($(#[$field_meta])* pub $field: $field_type,)*
        }

        impl $crate::profile::BlueprintProfile for $name {
            type Settings = $settings;

            fn settings(&self) -> $settings {
                use $crate::profile::KeyValue;
                $settings {
                    shared: $crate::blueprint::SharedSettings {
                        name: self.name.value(),
                        alarm_sns_topic: self.alarm_sns_topic.value(),
                        log_retention_days: self.log_retention_days.value(),
                        tags: self.tags.as_ref().map(|t| t.0.clone()).unwrap_or_default(),
                        permission_boundary: self.permission_boundary.value(),
                        role_name_format: self.role_name_format.value(),
                        policy_name_format: self.policy_name_format.value(),
                        kms_key: self.kms_key.value(),
                        enable_dashboard: self.enable_dashboard,
                    },
                    $($field: self.$field.value(),)*
                }
            }

            fn region(&self) -> Option<&str> {
                self.region.as_ref().map(|r| r.0.as_str())
            }

            fn overrides(&self) -> &[$crate::profile::Override] {
                self.overrides.as_deref().unwrap_or_default()
            }

            fn skips(&self) -> &[$crate::profile::Suppression] {
                self.skip.as_deref().unwrap_or_default()
            }
        }
    };
}
