//! AWS WAF in front of the stage: AWS's managed rule groups for known bad inputs and for the
//! Amazon IP reputation list (each on by default, each with a flag to turn it off), then a
//! rate-based rule that blocks an IP address sending more than the limit (seed: 2,000) in 5
//! minutes, with 403; metrics on every rule. The rules' capacity units are counted against
//! the web ACL's limit at synth.

use super::gateway::Gateway;
use super::names::Names;
use super::options::ApiOptions;
use crate::resources::wafv2::{
    Empty, ManagedRuleGroupStatement, OverrideAction, RateBasedStatement, Rule, RuleAction,
    Statement, VisibilityConfig, WebAcl, WebAclAssociation,
};
use crate::template::{Expr, Handle, Stack};

/// WAF counts rate-based rules over this window (seed: 5 minutes).
pub const EVALUATION_WINDOW_SECONDS: u32 = 300;

/// Web ACL capacity units (WCU) a web ACL may use without AWS raising its limit: 1,500
/// (beyond that WAF charges more per request, and 5,000 is the hard maximum).
pub const WEB_ACL_CAPACITY: u32 = 1_500;

/// A rate-based rule without a scope-down statement and aggregating on IP costs 2 WCU.
pub const RATE_BASED_RULE_CAPACITY: u32 = 2;

/// An AWS managed rule group the web ACL can run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ManagedGroup {
    /// AWS's name of the group.
    pub name: &'static str,
    /// The rule's name and metric suffix in this web ACL.
    pub rule: &'static str,
    /// Its capacity, as AWS's managed rule group list publishes it.
    pub capacity: u32,
}

/// Requests whose paths, headers or bodies match patterns of known exploits (Log4j's JNDI
/// lookups, Java deserialization, localhost host headers, ...): 200 WCU.
pub const KNOWN_BAD_INPUTS: ManagedGroup = ManagedGroup {
    name: "AWSManagedRulesKnownBadInputsRuleSet",
    rule: "AwsKnownBadInputs",
    capacity: 200,
};

/// Requests from addresses Amazon's threat intelligence lists as bots, scanners and sources
/// of attacks: 25 WCU.
pub const IP_REPUTATION: ManagedGroup = ManagedGroup {
    name: "AWSManagedRulesAmazonIpReputationList",
    rule: "AwsIpReputationList",
    capacity: 25,
};

/// The managed groups `options` turn on, in the order the web ACL evaluates them.
pub fn managed_groups(options: &ApiOptions) -> Vec<ManagedGroup> {
    let mut groups = Vec::new();
    if options.waf_ip_reputation {
        groups.push(IP_REPUTATION);
    }
    if options.waf_known_bad_inputs {
        groups.push(KNOWN_BAD_INPUTS);
    }
    groups
}

/// The web ACL's capacity units: every managed group's plus the rate-based rule's.
pub fn capacity_units(groups: &[ManagedGroup]) -> u32 {
    groups.iter().map(|g| g.capacity).sum::<u32>() + RATE_BASED_RULE_CAPACITY
}

pub fn add_waf(
    stack: &mut Stack,
    names: &Names,
    options: &ApiOptions,
    gateway: &Gateway,
) -> Handle<WebAcl> {
    let visibility = |metric: String| VisibilityConfig {
        sampled_requests_enabled: true,
        cloudwatch_metrics_enabled: true,
        metric_name: metric,
    };
    let groups = managed_groups(options);
    // Reputation first: it is the cheapest, and a request it blocks costs no further rule.
    let mut rules: Vec<Rule> = groups
        .iter()
        .zip(0..)
        .map(|(group, priority)| Rule {
            name: group.rule.into(),
            priority,
            action: None,
            // The group's own actions (block) apply.
            override_action: Some(OverrideAction::None(Empty {})),
            statement: Statement::ManagedRuleGroupStatement(ManagedRuleGroupStatement {
                vendor_name: "AWS".into(),
                name: group.name.into(),
            }),
            visibility_config: visibility(names.metric(&group.rule.to_ascii_lowercase())),
        })
        .collect();
    let rate_limit = options.waf_rate_limit;
    rules.push(Rule {
        name: "RateLimitPerIp".into(),
        priority: u32::try_from(groups.len()).expect("two groups at most"),
        action: Some(RuleAction::Block(Empty {})),
        override_action: None,
        statement: Statement::RateBasedStatement(RateBasedStatement {
            limit: u64::from(rate_limit),
            aggregate_key_type: "IP".into(),
            evaluation_window_sec: EVALUATION_WINDOW_SECONDS,
        }),
        visibility_config: visibility(names.metric("rate-limit-per-ip")),
    });
    let mut description = format!("Blocks an IP address over {rate_limit} requests in 5 minutes");
    if !groups.is_empty() {
        let names: Vec<&str> = groups.iter().map(|g| g.name).collect();
        // WAF's description pattern allows commas but no semicolons.
        description.push_str(&format!(", and what {} block", names.join(" and ")));
    }
    let acl = stack.add(
        "WebAcl",
        WebAcl {
            name: names.web_acl().into(),
            description: Some(description),
            scope: "REGIONAL".into(),
            default_action: RuleAction::Allow(Empty {}),
            visibility_config: visibility(names.metric("waf")),
            rules,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn capacity_counts_every_rule() {
        assert_eq!(capacity_units(&[]), 2);
        assert_eq!(capacity_units(&[IP_REPUTATION, KNOWN_BAD_INPUTS]), 227);
    }
}
