//! What `synth --blueprint api` can change, with seed 003's values as defaults.

use super::usage_plan::{check_plans, seed_plans, PlanError, PlanSpec};

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
    /// The usage plans, each with its API key (seed: Standard and Premium).
    pub usage_plans: Vec<PlanSpec>,
    /// The S3 bucket of the handler's package (ArtifactBucket default).
    pub artifact_bucket: Option<String>,
    /// Tags on every taggable resource. Default: none.
    pub tags: crate::aspects::Tags,
    /// The CloudWatch dashboard `ZAEL-{name}-api`. Default: true.
    pub dashboard: bool,
    /// The organisation's boundary and name formats. Default: none.
    pub organisation: crate::stacks::common::Organisation,
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
            usage_plans: seed_plans(),
            artifact_bucket: None,
            tags: crate::aspects::Tags::default(),
            dashboard: true,
            organisation: Default::default(),
        }
    }
}

/// Options that are valid one by one but not together.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ApiOptionsError {
    #[error("a stage rate of {rate} requests/s is below the {plan} usage plan's {plan_rate}: the stage caps every key, so it must allow at least that")]
    StageRateBelowPlan {
        rate: u32,
        plan: String,
        plan_rate: u32,
    },
    #[error("a stage burst of {burst} is below the {plan} usage plan's {plan_burst}: the stage caps every key, so it must allow at least that")]
    StageBurstBelowPlan {
        burst: u32,
        plan: String,
        plan_burst: u32,
    },
    #[error("usage_plans: {0}")]
    UsagePlans(Box<PlanError>),
    #[error("the web ACL's rules need {units} capacity units, over the {limit} a web ACL may use")]
    WebAclCapacity { units: u32, limit: u32 },
}

/// How long one request may keep an execution busy, for planning: seed 003 aligns the stage
/// rate and the reserved concurrency one to one (100 requests/s with 100 executions, 200
/// with 200 when "increasing limits"), that is, it plans for up to 1 s per request. The
/// handler's own puts take milliseconds, but a slow DynamoDB call, a cold start in the VPC
/// or the SDK's retries can take that long, and then every request waits for an execution.
pub const PLANNED_SECONDS_PER_REQUEST: u32 = 1;

/// The stage admits more requests per second than the handler's reserved concurrency can
/// serve at [`PLANNED_SECONDS_PER_REQUEST`] each: past `servable`, Lambda throttles and
/// clients get errors instead of the stage's 429.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConcurrencyShortfall {
    pub rate: u32,
    pub concurrency: u32,
    pub seconds_per_request: u32,
    /// Executions the rate keeps busy: rate × seconds per request.
    pub needed: u32,
    /// Requests per second the concurrency serves: concurrency ÷ seconds per request.
    pub servable: u32,
}

impl ApiOptions {
    /// Seed 003's "align concurrency with throttling": `Some` when the stage rate needs more
    /// executions than are reserved. A warning, not an error: a handler that answers faster
    /// serves more, and the operator may know it does.
    pub fn concurrency_shortfall(&self) -> Option<ConcurrencyShortfall> {
        let seconds = PLANNED_SECONDS_PER_REQUEST;
        let needed = self.stage_rate_limit * seconds;
        (needed > self.reserved_concurrency).then(|| ConcurrencyShortfall {
            rate: self.stage_rate_limit,
            concurrency: self.reserved_concurrency,
            seconds_per_request: seconds,
            needed,
            servable: self.reserved_concurrency / seconds,
        })
    }

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
        check_plans(&self.usage_plans).map_err(|e| ApiOptionsError::UsagePlans(Box::new(e)))?;
        // The first plan with the highest rate (and burst): the one whose promise the
        // stage would break.
        let highest =
            |key: fn(&PlanSpec) -> u32| self.usage_plans.iter().rev().max_by_key(|plan| key(plan));
        if let Some(plan) = highest(|p| p.rate_limit) {
            if self.stage_rate_limit < plan.rate_limit {
                return Err(ApiOptionsError::StageRateBelowPlan {
                    rate: self.stage_rate_limit,
                    plan: plan.name.clone(),
                    plan_rate: plan.rate_limit,
                });
            }
        }
        if let Some(plan) = highest(|p| p.burst_limit) {
            if self.stage_burst_limit < plan.burst_limit {
                return Err(ApiOptionsError::StageBurstBelowPlan {
                    burst: self.stage_burst_limit,
                    plan: plan.name.clone(),
                    plan_burst: plan.burst_limit,
                });
            }
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
    fn a_stage_rate_over_the_reserved_concurrency_is_a_shortfall() {
        let mut options = ApiOptions::default();
        assert_eq!(options.concurrency_shortfall(), None, "seed: 100 and 100");
        options.stage_rate_limit = 300;
        options.reserved_concurrency = 50;
        assert_eq!(
            options.concurrency_shortfall(),
            Some(ConcurrencyShortfall {
                rate: 300,
                concurrency: 50,
                seconds_per_request: 1,
                needed: 300,
                servable: 50,
            })
        );
        options.reserved_concurrency = 300;
        assert_eq!(options.concurrency_shortfall(), None);
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
