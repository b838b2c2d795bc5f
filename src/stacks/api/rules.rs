//! The rules of the API service's options (see [`crate::stacks::rule`]).

use super::usage_plan::{self, PlanSpec};
use crate::stacks::ValueError;

fn usage_plan(text: &str) -> Result<PlanSpec, ValueError> {
    Ok(usage_plan::usage_plan(text)?)
}

fn usage_plans(text: &str) -> Result<Vec<PlanSpec>, ValueError> {
    Ok(usage_plan::usage_plans(text)?)
}
use crate::{range_rule, text_rule};

// API Gateway's default account limit is 10,000 requests/s per region.
range_rule!(StageRateLimit, 1, 10_000, "requests per second");
// API Gateway's default account burst is 5,000.
range_rule!(StageBurstLimit, 1, 5_000, "requests");
// AWS WAF's bounds for a rate-based rule's limit.
range_rule!(WafRateLimit, 10, 2_000_000_000, "requests per 5 minutes");
// Lambda keeps 100 of an account's default 1,000 unreserved.
range_rule!(HandlerConcurrency, 1, 900, "concurrent executions");
text_rule!(
    /// One plan: `NAME=RATE/BURST/QUOTA_PER_DAY` (the repeatable flag).
    UsagePlan, PlanSpec, usage_plan,
    {"type": "string", "pattern": "^[A-Za-z][A-Za-z0-9]{0,31}=[0-9]+/[0-9]+/[0-9]+$"}
);
text_rule!(
    /// A YAML list of plans (`[Gold=500/1000/1000000, Silver=100/200/50000]`), or the
    /// same comma-separated.
    UsagePlans, Vec<PlanSpec>, usage_plans,
    {"oneOf": [
        {"type": "array", "items": {"type": "string", "pattern": "^[A-Za-z][A-Za-z0-9]{0,31}=[0-9]+/[0-9]+/[0-9]+$"}, "minItems": 1, "maxItems": 100},
        {"type": "string"}
    ]}
);
