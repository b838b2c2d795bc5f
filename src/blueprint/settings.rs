//! The settings every blueprint shares, declared once: each blueprint's settings embed
//! [`SharedSettings`], and its `apply` starts with [`SharedSettings::apply`].
//!
//! A setting is what a flag or a profile key may set: every field is optional (or empty), and
//! an unset one keeps what the defaults or an earlier source (the profile, under the flags)
//! chose.

use crate::aspects::{
    ManagedPolicyNameFormat, PermissionBoundary, RoleNameFormat, Tags, MAX_USER_TAGS,
};
use crate::stacks::common::CommonOptions;

use super::SettingsError;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct SharedSettings {
    /// Physical names derive from it.
    pub name: Option<String>,
    /// The topic every alarm notifies.
    pub alarm_sns_topic: Option<String>,
    /// Every log group's retention.
    pub log_retention_days: Option<u32>,
    /// Tags added over the current ones; a key given again takes the later value.
    pub tags: Tags,
    /// The boundary on every role.
    pub permission_boundary: Option<PermissionBoundary>,
    /// Every role name goes through it.
    pub role_name_format: Option<RoleNameFormat>,
    /// Every managed-policy name goes through it.
    pub policy_name_format: Option<ManagedPolicyNameFormat>,
    /// The customer-managed key of every blueprint.
    pub kms_key: Option<crate::stacks::limiter::values::KmsKey>,
    /// The stack's CloudWatch dashboard.
    pub enable_dashboard: Option<bool>,
}

impl SharedSettings {
    /// Overrides the shared options of any blueprint with every setting that is set.
    pub fn apply(&self, options: &mut impl CommonOptions) -> Result<(), SettingsError> {
        let common = options.common();
        let mut merged = common.tags.clone();
        merged.merge(&self.tags);
        if merged.0.len() > MAX_USER_TAGS {
            return Err(SettingsError::TooManyTags {
                count: merged.0.len(),
            });
        }
        *common.tags = merged;
        if let Some(name) = &self.name {
            *common.name = name.clone();
        }
        if self.alarm_sns_topic.is_some() {
            *common.alarm_sns_topic = self.alarm_sns_topic.clone();
        }
        if let Some(days) = self.log_retention_days {
            *common.log_retention_days = days;
        }
        let organisation = common.organisation;
        set_some(
            &mut organisation.permission_boundary,
            &self.permission_boundary,
        );
        set_some(&mut organisation.role_name_format, &self.role_name_format);
        set_some(&mut organisation.kms_key, &self.kms_key);
        set_some(
            &mut organisation.policy_name_format,
            &self.policy_name_format,
        );
        set(common.dashboard, &self.enable_dashboard);
        Ok(())
    }
}

/// Sets `target` when `value` is set.
pub fn set<T: Clone>(target: &mut T, value: &Option<T>) {
    if let Some(value) = value {
        *target = value.clone();
    }
}

/// Sets an optional `target` when `value` is set (an unset value never clears it).
pub fn set_some<T: Clone>(target: &mut Option<T>, value: &Option<T>) {
    if value.is_some() {
        *target = value.clone();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stacks::api::ApiOptions;

    #[test]
    fn unset_settings_keep_the_options_and_tags_merge() {
        let mut options = ApiOptions::default();
        options.tags.insert("team", "a");
        let settings = SharedSettings {
            log_retention_days: Some(90),
            tags: Tags(vec![
                ("team".into(), "b".into()),
                ("env".into(), "dev".into()),
            ]),
            ..Default::default()
        };
        settings.apply(&mut options).unwrap();
        assert_eq!(options.name, "movies");
        assert_eq!(options.log_retention_days, 90);
        assert_eq!(options.tags.0.len(), 2);
        assert_eq!(options.tags.0[0], ("team".to_string(), "b".to_string()));
    }

    #[test]
    fn the_tag_limit_counts_tags_already_set() {
        let mut options = ApiOptions::default();
        for i in 0..40 {
            options.tags.insert(&format!("k{i}"), "v");
        }
        let settings = SharedSettings {
            tags: Tags((0..6).map(|i| (format!("n{i}"), "v".into())).collect()),
            ..Default::default()
        };
        assert_eq!(
            settings.apply(&mut options),
            Err(SettingsError::TooManyTags { count: 46 })
        );
    }
}
