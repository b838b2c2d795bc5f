//! What a flag or a profile key may set on the API service, and the one `apply` that sets it.

use super::ApiOptions;
use crate::blueprint::{set, SettingsError, SharedSettings};

/// Every field is a profile key (and a flag: the key in kebab-case); `None` keeps the
/// current value.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ApiSettings {
    pub shared: SharedSettings,
    pub api_rate_limit: Option<u32>,
    pub api_burst_limit: Option<u32>,
    pub waf_rate_limit: Option<u32>,
    pub enable_waf_known_bad_inputs: Option<bool>,
    pub enable_waf_ip_reputation: Option<bool>,
    pub handler_reserved_concurrency: Option<u32>,
    /// Replaces every plan (not added to the seed's).
    pub usage_plans: Option<Vec<super::PlanSpec>>,
}

impl ApiSettings {
    /// Overrides `options` with every setting that is set.
    pub fn apply(&self, options: &mut ApiOptions) -> Result<(), SettingsError> {
        self.shared.apply(options)?;
        set(&mut options.stage_rate_limit, &self.api_rate_limit);
        set(&mut options.stage_burst_limit, &self.api_burst_limit);
        set(&mut options.waf_rate_limit, &self.waf_rate_limit);
        set(
            &mut options.waf_known_bad_inputs,
            &self.enable_waf_known_bad_inputs,
        );
        set(
            &mut options.waf_ip_reputation,
            &self.enable_waf_ip_reputation,
        );
        set(
            &mut options.reserved_concurrency,
            &self.handler_reserved_concurrency,
        );
        set(&mut options.usage_plans, &self.usage_plans);
        Ok(())
    }
}
