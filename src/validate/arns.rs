//! ZV203: literal ARNs have the shape their property needs.
//!
//! Why it exists and an example: the rule's [`About`], which
//! `zael explain` prints.

use serde_json::Value;

use super::check::{Hand, HandRule};
use super::literal::at;
use super::walk::resources;
use super::Finding;
use super::{About, Example};
use crate::stacks::values::is_account_id;

/// ZV203: ARN properties shaped as their service's ARNs.
pub const ARN_SHAPES: HandRule = HandRule(
    About {
        code: "ZV203",
        title: "ARN shapes",
        doc: "permission boundaries, managed policy ARNs, function roles, alarm actions, failure destinations",
        why: "a boundary given as a policy name, an SNS action written as a topic name, or a role ARN with an 11-digit account all fail only when the resource is created.",
        example: Example::Templates(include_str!("examples/ZV203.yaml")),
    },
    Hand::Arns,
);

pub struct ArnRule {
    pub resource_type: &'static str,
    pub property: &'static str,
    /// Services whose ARNs fit, and for each the prefix its resource part starts with.
    pub services: &'static [(&'static str, &'static str)],
    /// Whether the ARN's region is empty (IAM) rather than a region.
    pub global: bool,
    pub example: &'static str,
}

const SNS: &[(&str, &str)] = &[("sns", "")];
const ALARM_ACTIONS: &[(&str, &str)] = &[
    ("sns", ""),
    ("automate", ""),
    ("autoscaling", ""),
    ("ssm", ""),
    ("lambda", "function:"),
];
const SNS_EXAMPLE: &str = "arn:aws:sns:us-east-1:123456789012:alerts";

pub const ARN_RULES: &[ArnRule] = &[
    ArnRule {
        resource_type: "AWS::IAM::Role",
        property: "PermissionsBoundary",
        services: &[("iam", "policy/")],
        global: true,
        example: "arn:aws:iam::123456789012:policy/Boundary",
    },
    ArnRule {
        resource_type: "AWS::IAM::Role",
        property: "ManagedPolicyArns/*",
        services: &[("iam", "policy/")],
        global: true,
        example: "arn:aws:iam::aws:policy/ReadOnlyAccess",
    },
    ArnRule {
        resource_type: "AWS::Lambda::Function",
        property: "Role",
        services: &[("iam", "role/")],
        global: true,
        example: "arn:aws:iam::123456789012:role/my-function-role",
    },
    ArnRule {
        resource_type: "AWS::Lambda::EventSourceMapping",
        property: "DestinationConfig/OnFailure/Destination",
        services: &[("sqs", ""), ("sns", ""), ("s3", ""), ("kafka", "")],
        global: false,
        example: "arn:aws:sqs:us-east-1:123456789012:dead-letters",
    },
    ArnRule {
        resource_type: "AWS::CloudWatch::Alarm",
        property: "AlarmActions/*",
        services: ALARM_ACTIONS,
        global: false,
        example: SNS_EXAMPLE,
    },
    ArnRule {
        resource_type: "AWS::CloudWatch::Alarm",
        property: "OKActions/*",
        services: ALARM_ACTIONS,
        global: false,
        example: SNS_EXAMPLE,
    },
    ArnRule {
        resource_type: "AWS::CloudWatch::Alarm",
        property: "InsufficientDataActions/*",
        services: ALARM_ACTIONS,
        global: false,
        example: SNS_EXAMPLE,
    },
    ArnRule {
        resource_type: "AWS::ElastiCache::ReplicationGroup",
        property: "NotificationTopicArn",
        services: SNS,
        global: false,
        example: SNS_EXAMPLE,
    },
];

/// What is wrong with `arn` for `rule`, if anything.
fn problem(rule: &ArnRule, arn: &str) -> Option<String> {
    let parts: Vec<&str> = arn.splitn(6, ':').collect();
    let [prefix, partition, service, region, account, resource] = parts[..] else {
        return Some("is not an ARN (arn:partition:service:region:account:resource)".into());
    };
    if prefix != "arn" || !["aws", "aws-cn", "aws-us-gov"].contains(&partition) {
        return Some(format!(
            "has partition '{partition}'; expected aws, aws-cn or aws-us-gov"
        ));
    }
    let Some((_, resource_prefix)) = rule.services.iter().find(|(s, _)| *s == service) else {
        let services: Vec<_> = rule.services.iter().map(|(s, _)| *s).collect();
        return Some(format!(
            "is a '{service}' ARN; expected {}",
            services.join(" or ")
        ));
    };
    if rule.global != region.is_empty() {
        return Some(if rule.global {
            format!("has region '{region}'; {service} ARNs have none")
        } else {
            "has no region".to_string()
        });
    }
    let aws_managed = service == "iam" && account == "aws";
    let account_ok = is_account_id(account);
    if !account_ok && !aws_managed && service != "s3" {
        return Some(format!("has account '{account}'; expected 12 digits"));
    }
    if resource.is_empty() || !resource.starts_with(resource_prefix) {
        return Some(format!(
            "has resource '{resource}'; expected {resource_prefix}NAME"
        ));
    }
    None
}

pub fn arns(document: &Value) -> Vec<Finding> {
    let mut findings = Vec::new();
    for (id, kind, properties) in resources(document) {
        for rule in ARN_RULES.iter().filter(|r| r.resource_type == kind) {
            for (path, value) in at(properties, rule.property) {
                let Some(arn) = value.as_str() else { continue };
                if let Some(problem) = problem(rule, arn) {
                    findings.push(Finding::error(
                        "ZV203",
                        format!("Resources.{id}.Properties.{path}"),
                        format!("'{arn}' {problem}"),
                        format!("give an ARN such as {}", rule.example),
                    ));
                }
            }
        }
    }
    findings
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn every_rule_accepts_its_example_and_rejects_a_bare_name() {
        for rule in ARN_RULES {
            assert_eq!(problem(rule, rule.example), None, "{}", rule.property);
            assert!(problem(rule, "just-a-name").is_some());
        }
    }

    #[test]
    fn wrong_service_region_and_account_are_named() {
        let rule = &ARN_RULES[0];
        assert!(problem(rule, "arn:aws:iam:us-east-1:123456789012:policy/B")
            .unwrap()
            .contains("region"));
        assert!(problem(rule, "arn:aws:iam::1234:policy/B")
            .unwrap()
            .contains("12 digits"));
        assert!(problem(rule, "arn:aws:sts::123456789012:policy/B")
            .unwrap()
            .contains("'sts'"));
        assert!(problem(rule, "arn:aws:iam::123456789012:role/B")
            .unwrap()
            .contains("policy/NAME"));
        let document = json!({"Resources": {"A": {"Type": "AWS::CloudWatch::Alarm",
            "Properties": {"AlarmActions": [{"Ref": "T"}, "alerts"]}}}});
        assert_eq!(
            arns(&document)[0].path,
            "Resources.A.Properties.AlarmActions[1]"
        );
    }
}
