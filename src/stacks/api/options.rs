//! What `synth --blueprint api` can change, with seed 003's values as defaults.

/// A usage plan: per-key throttling and a daily quota.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PlanSpec {
    /// `Standard`, `Premium`: in logical IDs, outputs and physical names.
    pub tier: &'static str,
    pub rate_limit: u32,
    pub burst_limit: u32,
    pub daily_quota: u32,
    pub use_case: &'static str,
}

/// Seed 003's two tiers.
pub const PLANS: [PlanSpec; 2] = [
    PlanSpec {
        tier: "Standard",
        rate_limit: 50,
        burst_limit: 100,
        daily_quota: 10_000,
        use_case: "development, testing, low-volume applications",
    },
    PlanSpec {
        tier: "Premium",
        rate_limit: 100,
        burst_limit: 200,
        daily_quota: 50_000,
        use_case: "production applications, high-volume consumers",
    },
];

#[derive(Clone, Debug, PartialEq)]
pub struct ApiOptions {
    /// Physical names derive from `ZAEL-{name}-api`.
    pub name: String,
    /// An operator's topic for the alarms; `None` creates one.
    pub alarm_sns_topic: Option<String>,
    /// Every log group: Lambda, API access logs, VPC flow logs (seed: one year).
    pub log_retention_days: u32,
    /// Stage throttling, requests per second (seed: 100).
    pub stage_rate_limit: u32,
    /// Stage burst (seed: 200).
    pub stage_burst_limit: u32,
    /// WAF: requests per 5 minutes from one IP before it is blocked (seed: 2,000).
    pub waf_rate_limit: u32,
    /// WAF: AWS's managed rule group for known bad inputs. Default: on.
    pub waf_known_bad_inputs: bool,
    /// WAF: AWS's managed Amazon IP reputation list. Default: on.
    pub waf_ip_reputation: bool,
    /// The function's reserved concurrency (seed: 100); the alarm fires at 80% of it.
    pub reserved_concurrency: u32,
    /// The S3 bucket of the handler's package (ArtifactBucket default).
    pub artifact_bucket: Option<String>,
    /// Tags on every taggable resource. Default: none.
    pub tags: crate::aspects::Tags,
}

impl Default for ApiOptions {
    fn default() -> Self {
        ApiOptions {
            name: "movies".into(),
            alarm_sns_topic: None,
            log_retention_days: 365,
            stage_rate_limit: 100,
            stage_burst_limit: 200,
            waf_rate_limit: 2_000,
            waf_known_bad_inputs: true,
            waf_ip_reputation: true,
            reserved_concurrency: 100,
            artifact_bucket: None,
            tags: crate::aspects::Tags::default(),
        }
    }
}

/// Options that are valid one by one but not together.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ApiOptionsError {
    #[error("a stage rate of {rate} requests/s is below the Premium usage plan's {premium}: the stage caps every key, so it must allow at least that")]
    StageRateBelowPlan { rate: u32, premium: u32 },
    #[error("a stage burst of {burst} is below the Premium usage plan's {premium}: the stage caps every key, so it must allow at least that")]
    StageBurstBelowPlan { burst: u32, premium: u32 },
    #[error("the web ACL's rules need {units} capacity units, over the {limit} a web ACL may use")]
    WebAclCapacity { units: u32, limit: u32 },
}

impl ApiOptions {
    pub fn stack_name(&self) -> String {
        format!("ZAEL-{}-api", self.name)
    }

    /// The concurrency alarm's threshold: 80% of the reserved concurrency, rounded up (seed:
    /// 80 of 100), so it fires before Lambda starts throttling.
    pub fn concurrency_alarm_threshold(&self) -> u32 {
        (self.reserved_concurrency * 4).div_ceil(5)
    }

    /// The stage caps every key, so a stage below a plan would break the plan's promise.
    pub fn validate(&self) -> Result<(), ApiOptionsError> {
        let premium = PLANS
            .iter()
            .max_by_key(|plan| plan.rate_limit)
            .expect("two plans");
        if self.stage_rate_limit < premium.rate_limit {
            return Err(ApiOptionsError::StageRateBelowPlan {
                rate: self.stage_rate_limit,
                premium: premium.rate_limit,
            });
        }
        if self.stage_burst_limit < premium.burst_limit {
            return Err(ApiOptionsError::StageBurstBelowPlan {
                burst: self.stage_burst_limit,
                premium: premium.burst_limit,
            });
        }
        let units = super::waf::capacity_units(&super::waf::managed_groups(self));
        if units > super::waf::WEB_ACL_CAPACITY {
            return Err(ApiOptionsError::WebAclCapacity {
                units,
                limit: super::waf::WEB_ACL_CAPACITY,
            });
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_alarm_fires_at_80_percent() {
        let mut options = ApiOptions::default();
        assert_eq!(options.concurrency_alarm_threshold(), 80);
        options.reserved_concurrency = 7;
        assert_eq!(options.concurrency_alarm_threshold(), 6);
        options.reserved_concurrency = 1;
        assert_eq!(options.concurrency_alarm_threshold(), 1);
    }

    #[test]
    fn the_stage_may_not_undercut_a_plan() {
        let mut options = ApiOptions::default();
        assert_eq!(options.validate(), Ok(()));
        options.stage_rate_limit = 99;
        assert!(matches!(
            options.validate(),
            Err(ApiOptionsError::StageRateBelowPlan { .. })
        ));
        options.stage_rate_limit = 500;
        options.stage_burst_limit = 150;
        assert!(matches!(
            options.validate(),
            Err(ApiOptionsError::StageBurstBelowPlan { .. })
        ));
    }
}
