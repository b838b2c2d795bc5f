//! An API service profile: every option of `synth --blueprint api`, under the flag's name in
//! snake_case.

use schemars::JsonSchema;
use serde::Deserialize;

use crate::blueprint_profile;
use crate::stacks::api::rules::*;
use crate::stacks::api::ApiSettings;
use crate::stacks::rule::Checked;

#[derive(Clone, Copy, Debug, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum ApiBlueprint {
    /// The API Gateway -> Lambda in VPC -> DynamoDB service of seed 003
    Api,
}

blueprint_profile!(
    /// A deployment of seed 003's API service.
    ApiProfile, blueprint: ApiBlueprint, settings: ApiSettings {
        /// Stage throttling rate, requests per second [default: 100]
        api_rate_limit: Option<Checked<StageRateLimit>>,
        /// Stage burst [default: 200]
        api_burst_limit: Option<Checked<StageBurstLimit>>,
        /// WAF: requests per 5 minutes from one IP before it is blocked [default: 2000]
        waf_rate_limit: Option<Checked<WafRateLimit>>,
        /// WAF: AWS's managed rule group for known bad inputs (200 WCU) [default: true]
        enable_waf_known_bad_inputs: Option<bool>,
        /// WAF: AWS's managed Amazon IP reputation list (25 WCU) [default: true]
        enable_waf_ip_reputation: Option<bool>,
        /// The handler's reserved concurrency [default: 100]
        handler_reserved_concurrency: Option<Checked<HandlerConcurrency>>,
        /// Usage plans, each NAME=RATE/BURST/QUOTA_PER_DAY; they replace the seed's Standard and Premium [default: Standard=50/100/10000, Premium=100/200/50000]
        usage_plans: Option<Checked<UsagePlans>>,
    }
);
