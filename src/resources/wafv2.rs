//! AWS::WAFv2::WebACL and AWS::WAFv2::WebACLAssociation

use serde::Serialize;

use super::Tag;
use crate::template::Expr;
use crate::{handle_accessors, l1_resource};

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct WebAcl {
    pub name: Expr,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// `REGIONAL` for API Gateway, ALB and AppSync; `CLOUDFRONT` for distributions.
    pub scope: String,
    pub default_action: RuleAction,
    pub visibility_config: VisibilityConfig,
    pub rules: Vec<Rule>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<Tag>,
}
l1_resource!(WebAcl, "AWS::WAFv2::WebACL", tags);

handle_accessors!(WebAcl, get { arn: "Arn" });

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

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct VisibilityConfig {
    pub sampled_requests_enabled: bool,
    #[serde(rename = "CloudWatchMetricsEnabled")]
    pub cloudwatch_metrics_enabled: bool,
    pub metric_name: String,
}

/// A rule has an `Action` of its own, or (a rule group) an `OverrideAction`.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Rule {
    pub name: String,
    pub priority: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub action: Option<RuleAction>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub override_action: Option<OverrideAction>,
    pub statement: Statement,
    pub visibility_config: VisibilityConfig,
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

/// A rule group a vendor maintains, e.g. AWS's `AWSManagedRulesKnownBadInputsRuleSet`.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ManagedRuleGroupStatement {
    pub vendor_name: String,
    pub name: String,
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct RateBasedStatement {
    /// Requests per evaluation window from one aggregation key.
    pub limit: u64,
    /// `IP`: the request's source address.
    pub aggregate_key_type: String,
    /// The window `limit` counts over, in seconds.
    pub evaluation_window_sec: u32,
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct WebAclAssociation {
    pub resource_arn: Expr,
    #[serde(rename = "WebACLArn")]
    pub web_acl_arn: Expr,
}
l1_resource!(WebAclAssociation, "AWS::WAFv2::WebACLAssociation");
