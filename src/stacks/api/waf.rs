//! AWS WAF in front of the stage: a rate-based rule that blocks an IP address sending more
//! than the limit (seed: 2,000) in 5 minutes, with 403, and metrics on every rule.

use super::gateway::Gateway;
use super::names::Names;
use crate::resources::wafv2::{
    Empty, RateBasedStatement, Rule, RuleAction, Statement, VisibilityConfig, WebAcl,
    WebAclAssociation,
};
use crate::template::{Expr, Handle, Stack};

/// WAF counts rate-based rules over this window (seed: 5 minutes).
pub const EVALUATION_WINDOW_SECONDS: u32 = 300;

pub fn add_waf(
    stack: &mut Stack,
    names: &Names,
    waf_rate_limit: u32,
    gateway: &Gateway,
) -> Handle<WebAcl> {
    let visibility = |metric: String| VisibilityConfig {
        sampled_requests_enabled: true,
        cloudwatch_metrics_enabled: true,
        metric_name: metric,
    };
    let acl = stack.add(
        "WebAcl",
        WebAcl {
            name: names.web_acl().into(),
            description: Some(format!(
                "Blocks an IP address over {waf_rate_limit} requests in 5 minutes"
            )),
            scope: "REGIONAL".into(),
            default_action: RuleAction::Allow(Empty {}),
            visibility_config: visibility(names.metric("waf")),
            rules: vec![Rule {
                name: "RateLimitPerIp".into(),
                priority: 0,
                action: RuleAction::Block(Empty {}),
                statement: Statement {
                    rate_based_statement: RateBasedStatement {
                        limit: u64::from(waf_rate_limit),
                        aggregate_key_type: "IP".into(),
                        evaluation_window_sec: EVALUATION_WINDOW_SECONDS,
                    },
                },
                visibility_config: visibility(names.metric("rate-limit-per-ip")),
            }],
            tags: Vec::new(),
        },
    );
    stack.add(
        "WebAclAssociation",
        WebAclAssociation {
            // `${Stage}` is the stage's name, and makes the association wait for the stage.
            resource_arn: Expr::sub(format!(
                "arn:${{AWS::Partition}}:apigateway:${{AWS::Region}}::/restapis/${{{}}}/stages/${{{}}}",
                gateway.api.logical_id(),
                gateway.stage.logical_id()
            )),
            web_acl_arn: acl.arn(),
        },
    );
    acl
}
