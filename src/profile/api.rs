//! An API service profile: every option of `synth --blueprint api`, under the flag's name in
//! snake_case.

use schemars::JsonSchema;
use serde::Deserialize;

use super::overrides::Override;
use super::tags::TagMap;
use super::values::{get, shared_args};
use crate::cli::{ApiArgs, SharedArgs};
use crate::stacks::api::rules::*;
use crate::stacks::rule::Checked;
use crate::stacks::rules::{AlarmSnsTopic, LogRetentionDays, Region, StackName};

#[derive(Clone, Copy, Debug, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum ApiBlueprint {
    /// The API Gateway -> Lambda in VPC -> DynamoDB service of seed 003
    Api,
}

/// A deployment of seed 003's API service.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ApiProfile {
    /// `api`
    pub blueprint: ApiBlueprint,
    /// The region the stack deploys to; ARNs in the profile must be in it
    pub region: Option<Checked<Region>>,
    /// Physical names derive from ZAEL-{name}-api [default: movies]
    pub name: Option<Checked<StackName>>,
    /// SNS topic ARN every alarm notifies [default: a topic the stack creates]
    pub alarm_sns_topic: Option<Checked<AlarmSnsTopic>>,
    /// CloudWatch Logs retention in days [default: 365]
    pub log_retention_days: Option<Checked<LogRetentionDays>>,
    /// Tags on every taggable resource
    pub tags: Option<TagMap>,
    /// Changes to the synthesized template for what no option covers
    pub overrides: Option<Vec<Override>>,
    /// Rules of `zael check` this stack may break, each with its reason
    pub skip: Option<Vec<super::Suppression>>,
    /// Stage throttling rate, requests per second [default: 100]
    pub api_rate_limit: Option<Checked<StageRateLimit>>,
    /// Stage burst [default: 200]
    pub api_burst_limit: Option<Checked<StageBurstLimit>>,
    /// WAF: requests per 5 minutes from one IP before it is blocked [default: 2000]
    pub waf_rate_limit: Option<Checked<WafRateLimit>>,
    /// The handler's reserved concurrency [default: 100]
    pub handler_reserved_concurrency: Option<Checked<HandlerConcurrency>>,
}

impl ApiProfile {
    /// The profile as the flags that would say the same.
    pub fn to_args(&self) -> (SharedArgs, ApiArgs) {
        let shared = shared_args(
            &self.name,
            &self.alarm_sns_topic,
            &self.log_retention_days,
            &self.tags,
        );
        let api = ApiArgs {
            api_rate_limit: get(&self.api_rate_limit),
            api_burst_limit: get(&self.api_burst_limit),
            waf_rate_limit: get(&self.waf_rate_limit),
            handler_reserved_concurrency: get(&self.handler_reserved_concurrency),
        };
        (shared, api)
    }
}
