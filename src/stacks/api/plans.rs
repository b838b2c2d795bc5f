//! Seed 003's usage plans, Standard and Premium: per-key throttling and a daily quota on the
//! stage, each with its API key. Key values never enter the template; operators read them
//! with `aws apigateway get-api-key --include-value` from the key IDs in the outputs.

use super::gateway::Gateway;
use super::names::Names;
use super::options::PLANS;
use crate::resources::apigateway::{
    ApiKey, ApiStage, QuotaSettings, ThrottleSettings, UsagePlan, UsagePlanKey,
};
use crate::template::{Handle, Stack};

/// The key of each plan, in [`PLANS`] order.
pub fn add_usage_plans(stack: &mut Stack, names: &Names, gateway: &Gateway) -> Vec<Handle<ApiKey>> {
    PLANS
        .iter()
        .map(|plan| {
            let usage_plan = stack.add(
                &format!("{}UsagePlan", plan.tier),
                UsagePlan {
                    usage_plan_name: names.tier(plan.tier).into(),
                    description: Some(format!(
                        "{}: {} requests/s, burst {}, {} requests a day; for {}",
                        plan.tier,
                        plan.rate_limit,
                        plan.burst_limit,
                        plan.daily_quota,
                        plan.use_case
                    )),
                    api_stages: vec![ApiStage {
                        api_id: gateway.api.id(),
                        stage: gateway.stage.name(),
                    }],
                    throttle: ThrottleSettings {
                        rate_limit: f64::from(plan.rate_limit),
                        burst_limit: plan.burst_limit,
                    },
                    quota: QuotaSettings {
                        limit: plan.daily_quota,
                        period: "DAY".into(),
                    },
                    tags: Vec::new(),
                },
            );
            let key = stack.add(
                &format!("{}ApiKey", plan.tier),
                ApiKey {
                    name: names.tier(plan.tier).into(),
                    description: Some(format!("The {} plan's consumer", plan.tier)),
                    enabled: true,
                    tags: Vec::new(),
                },
            );
            stack.add(
                &format!("{}UsagePlanKey", plan.tier),
                UsagePlanKey {
                    key_id: key.id(),
                    key_type: "API_KEY".into(),
                    usage_plan_id: usage_plan.id(),
                },
            );
            key
        })
        .collect()
}
