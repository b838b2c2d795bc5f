//! The API service's own flags (`--blueprint api`). Every flag is optional so that it
//! overrides only what the user gave, over seed 003's values.

use std::path::PathBuf;

use clap::Args;

use crate::stacks::api::ApiOptions;
use crate::stacks::values::in_range;

fn rate(v: &str) -> Result<u32, String> {
    // API Gateway's default account limit is 10,000 requests/s per region.
    in_range(v, 1, 10_000, "requests per second")
}

fn burst(v: &str) -> Result<u32, String> {
    // API Gateway's default account burst is 5,000.
    in_range(v, 1, 5_000, "requests")
}

fn waf_rate(v: &str) -> Result<u32, String> {
    // AWS WAF's bounds for a rate-based rule's limit.
    in_range(v, 10, 2_000_000_000, "requests per 5 minutes")
}

fn concurrency(v: &str) -> Result<u32, String> {
    // Lambda keeps 100 of an account's default 1,000 unreserved.
    in_range(v, 1, 900, "concurrent executions")
}

#[derive(Args, Clone, Debug, Default)]
#[command(next_help_heading = "API service (--blueprint api)")]
pub struct ApiArgs {
    /// Stage throttling rate, at least the Premium plan's 100 [default: 100]
    #[arg(long, value_name = "RPS", value_parser = rate)]
    pub api_rate_limit: Option<u32>,

    /// Stage burst, at least the Premium plan's 200 [default: 200]
    #[arg(long, value_name = "N", value_parser = burst)]
    pub api_burst_limit: Option<u32>,

    /// WAF: requests per 5 minutes from one IP before it is blocked with 403 [default: 2000]
    #[arg(long, value_name = "N", value_parser = waf_rate)]
    pub waf_rate_limit: Option<u32>,

    /// The handler's reserved concurrency; its alarm fires at 80% of it [default: 100]
    #[arg(long, value_name = "N", value_parser = concurrency)]
    pub handler_reserved_concurrency: Option<u32>,

    /// The prebuilt handler binary to package with --out [default: target/lambda/api-handler/bootstrap]
    #[arg(long, value_name = "PATH")]
    pub api_handler_binary: Option<PathBuf>,
}

impl ApiArgs {
    /// Overrides `options` with every flag that was given.
    pub fn apply(&self, options: &mut ApiOptions) {
        if let Some(rate) = self.api_rate_limit {
            options.stage_rate_limit = rate;
        }
        if let Some(burst) = self.api_burst_limit {
            options.stage_burst_limit = burst;
        }
        if let Some(limit) = self.waf_rate_limit {
            options.waf_rate_limit = limit;
        }
        if let Some(n) = self.handler_reserved_concurrency {
            options.reserved_concurrency = n;
        }
    }
}
