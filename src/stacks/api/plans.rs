//! The usage plans (seed 003's Standard and Premium unless `--usage-plan` says): per-key
//! throttling and a daily quota on the stage, each with its API key. Key values never enter the template; operators read them
//! with `aws apigateway get-api-key --include-value` from the key IDs in the outputs.

use super::gateway::Gateway;
use super::names::Names;
use super::usage_plan::PlanSpec;
use crate::resources::apigateway::{
    ApiKey, ApiStage, QuotaSettings, ThrottleSettings, UsagePlan, UsagePlanKey,
};
use crate::template::{Handle, Stack};

/// The key of each plan, in `plans` order.
pub fn add_usage_plans(
    stack: &mut Stack,
    names: &Names,
    gateway: &Gateway,
    plans: &[PlanSpec],
) -> Vec<Handle<ApiKey>> {
    plans
        .iter()
        .map(|plan| {
            let usage_plan = stack.add(
                &format!("{}UsagePlan", plan.name),
                UsagePlan {
                    usage_plan_name: names.tier(&plan.name).into(),
                    description: Some(description(plan)),
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
                &format!("{}ApiKey", plan.name),
                ApiKey {
                    name: names.tier(&plan.name).into(),
                    description: Some(format!("The {} plan's consumer", plan.name)),
                    enabled: true,
                    tags: Vec::new(),
                },
            );
            stack.add(
                &format!("{}UsagePlanKey", plan.name),
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

/// `Premium: 100 requests/s, burst 200, 50000 requests a day; for production ...`.
fn description(plan: &PlanSpec) -> String {
    let mut text = format!(
        "{}: {} requests/s, burst {}, {} requests a day",
        plan.name, plan.rate_limit, plan.burst_limit, plan.daily_quota
    );
    if let Some(use_case) = &plan.use_case {
        text.push_str(&format!("; for {use_case}"));
    }
    text
}
