//! AWS::WAFv2::WebACL and AWS::WAFv2::WebACLAssociation

use serde::Serialize;

use super::Tag;
use crate::cfn_struct;
use crate::template::Expr;

cfn_struct! {
    pub struct WebAcl as "AWS::WAFv2::WebACL" {
        pub name: Expr,
        pub description: Option<String>,
        /// `REGIONAL` for API Gateway, ALB and AppSync; `CLOUDFRONT` for distributions.
        pub scope: String,
        pub default_action: RuleAction,
        pub visibility_config: VisibilityConfig,
        pub rules: Vec<Rule>,
        pub tags: Vec<Tag>,
    }
    handle { get { arn: "Arn" } }
}

/// `{"Allow": {}}` or `{"Block": {}}`: an action is an object with one key.
#[derive(Clone, Debug, Serialize)]
pub enum RuleAction {
    Allow(Empty),
    /// Blocked requests get WAF's default 403 response.
    Block(Empty),
}

/// An empty JSON object.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Empty {}

cfn_struct! {
    pub struct VisibilityConfig {
        pub sampled_requests_enabled: bool,
        #[serde(rename = "CloudWatchMetricsEnabled")]
        pub cloudwatch_metrics_enabled: bool,
        pub metric_name: String,
    }

    /// A rule has an `Action` of its own, or (a rule group) an `OverrideAction`.
    pub struct Rule {
        pub name: String,
        pub priority: u32,
        pub action: Option<RuleAction>,
        pub override_action: Option<OverrideAction>,
        pub statement: Statement,
        pub visibility_config: VisibilityConfig,
    }
}

/// `{"None": {}}` keeps the rule group's own actions; `{"Count": {}}` only counts.
#[derive(Clone, Debug, Serialize)]
pub enum OverrideAction {
    None(Empty),
    Count(Empty),
}

/// One kind of statement per rule.
#[derive(Clone, Debug, Serialize)]
pub enum Statement {
    RateBasedStatement(RateBasedStatement),
    ManagedRuleGroupStatement(ManagedRuleGroupStatement),
}

cfn_struct! {
    /// A rule group a vendor maintains, e.g. AWS's `AWSManagedRulesKnownBadInputsRuleSet`.
    pub struct ManagedRuleGroupStatement {
        pub vendor_name: String,
        pub name: String,
    }

    pub struct RateBasedStatement {
        /// Requests per evaluation window from one aggregation key.
        pub limit: u64,
        /// `IP`: the request's source address.
        pub aggregate_key_type: String,
        /// The window `limit` counts over, in seconds.
        pub evaluation_window_sec: u32,
    }

    pub struct WebAclAssociation as "AWS::WAFv2::WebACLAssociation" {
        pub resource_arn: Expr,
        #[serde(rename = "WebACLArn")]
        pub web_acl_arn: Expr,
    }
}
