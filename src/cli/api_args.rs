//! The API service's own flags (`--blueprint api`). Every flag is optional so that it
//! overrides only what the user gave, over seed 003's values.

use clap::Args;

use crate::blueprint::SharedSettings;
use crate::stacks::api::rules::*;
use crate::stacks::api::{ApiSettings, PlanSpec};
use crate::stacks::rule::ValueRule;

use super::limiter_args::toggle;

#[derive(Args, Clone, Debug, Default)]
#[command(next_help_heading = "API service (--blueprint api)")]
pub struct ApiArgs {
    /// Stage throttling rate, at least every usage plan's rate [default: 100]
    #[arg(long, value_name = "RPS", value_parser = StageRateLimit::parse)]
    pub api_rate_limit: Option<u32>,

    /// Stage burst, at least every usage plan's burst [default: 200]
    #[arg(long, value_name = "N", value_parser = StageBurstLimit::parse)]
    pub api_burst_limit: Option<u32>,

    /// WAF: requests per 5 minutes from one IP before it is blocked with 403 [default: 2000]
    #[arg(long, value_name = "N", value_parser = WafRateLimit::parse)]
    pub waf_rate_limit: Option<u32>,

    /// WAF: block what AWS's managed rule group for known bad inputs matches (the default)
    #[arg(long, overrides_with = "no_waf_known_bad_inputs")]
    pub enable_waf_known_bad_inputs: bool,
    /// WAF: leave out AWS's managed rule group for known bad inputs
    #[arg(long, overrides_with = "enable_waf_known_bad_inputs")]
    pub no_waf_known_bad_inputs: bool,

    /// WAF: block addresses on the Amazon IP reputation list (the default)
    #[arg(long, overrides_with = "no_waf_ip_reputation")]
    pub enable_waf_ip_reputation: bool,
    /// WAF: leave out the Amazon IP reputation list
    #[arg(long, overrides_with = "enable_waf_ip_reputation")]
    pub no_waf_ip_reputation: bool,

    /// The handler's reserved concurrency; its alarm fires at 80% of it [default: 100]
    #[arg(long, value_name = "N", value_parser = HandlerConcurrency::parse)]
    pub handler_reserved_concurrency: Option<u32>,

    /// A usage plan with its API key, NAME=RATE/BURST/QUOTA_PER_DAY (requests/s, burst,
    /// requests a day); repeat for more. Given, they replace the seed's plans [default:
    /// Standard=50/100/10000, Premium=100/200/50000]
    #[arg(long = "usage-plan", value_name = "NAME=RATE/BURST/QUOTA", value_parser = UsagePlan::parse)]
    pub usage_plans: Vec<PlanSpec>,
}

impl ApiArgs {
    /// The settings these flags give, with the shared flags' `shared`.
    pub fn settings(&self, shared: SharedSettings) -> ApiSettings {
        ApiSettings {
            shared,
            api_rate_limit: self.api_rate_limit,
            api_burst_limit: self.api_burst_limit,
            waf_rate_limit: self.waf_rate_limit,
            enable_waf_known_bad_inputs: toggle(
                self.enable_waf_known_bad_inputs,
                self.no_waf_known_bad_inputs,
            ),
            enable_waf_ip_reputation: toggle(
                self.enable_waf_ip_reputation,
                self.no_waf_ip_reputation,
            ),
            handler_reserved_concurrency: self.handler_reserved_concurrency,
            usage_plans: (!self.usage_plans.is_empty()).then(|| self.usage_plans.clone()),
        }
    }
}
