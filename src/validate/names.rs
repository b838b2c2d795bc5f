//! ZV101: physical names within the length and character limits of their service.
//!
//! Why it exists and an example: the rule's [`About`], which
//! `zael explain` prints.

use serde_json::Value;

use super::check::{Hand, HandRule};
use super::field::Field;
use super::walk::dotted;
use super::Finding;
use super::{About, Example};

/// ZV101: physical names within their service's length and characters.
pub const PHYSICAL_NAMES: HandRule = HandRule(
    About {
        code: "ZV101",
        title: "physical names",
        doc: "role 64, managed policy 128, function 64, queue 80, table 3-255, alarm 255 ... characters and their allowed characters",
        why: "a name over its limit fails the stack at deploy time, often minutes in and after other resources were created; IAM's 64-character role limit is the usual culprit once an organisation's role-name format is added.",
        example: Example::Templates(include_str!("examples/ZV101.yaml")),
    },
    Hand::PhysicalNames,
);

pub struct NameRule {
    pub resource_type: &'static str,
    pub property: &'static str,
    pub kind: &'static str,
    pub min: usize,
    pub max: usize,
    pub allowed: fn(char) -> bool,
    pub allowed_text: &'static str,
    /// Rules on the name as a whole (first character, repeated hyphens, prefixes), checked
    /// after its characters: what is wrong with the name, and what would be right.
    pub shape: fn(&str) -> Option<(&'static str, &'static str)>,
}

fn any_shape(_: &str) -> Option<(&'static str, &'static str)> {
    None
}

fn letter_digit_or_hyphen(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '-'
}

/// ElastiCache identifiers: start with a letter, no `--`, no trailing hyphen.
fn cache_identifier(name: &str) -> Option<(&'static str, &'static str)> {
    if !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        Some(("does not start with a letter", "start it with a letter"))
    } else if name.contains("--") {
        Some((
            "contains two consecutive hyphens",
            "use single hyphens between words",
        ))
    } else if name.ends_with('-') {
        Some(("ends with a hyphen", "end it with a letter or digit"))
    } else {
        None
    }
}

fn secret(c: char) -> bool {
    c.is_ascii_alphanumeric() || "/_+=.@-".contains(c)
}

fn security_group(c: char) -> bool {
    c.is_ascii_alphanumeric() || " ._-:/()#,@[]+=&;{}!$*".contains(c)
}

/// EC2 reserves the `sg-` prefix for group IDs.
fn security_group_name(name: &str) -> Option<(&'static str, &'static str)> {
    name.to_ascii_lowercase().starts_with("sg-").then_some((
        "starts with sg-, which EC2 reserves for group IDs",
        "start it with something else",
    ))
}

fn iam(c: char) -> bool {
    c.is_ascii_alphanumeric() || "+=,.@_-".contains(c)
}

fn word_or_dash(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '-' || c == '_'
}

fn table(c: char) -> bool {
    word_or_dash(c) || c == '.'
}

fn log_group(c: char) -> bool {
    table(c) || c == '/' || c == '#'
}

fn printable(c: char) -> bool {
    !c.is_control()
}

pub const NAME_RULES: &[NameRule] = &[
    NameRule {
        resource_type: "AWS::IAM::Role",
        property: "RoleName",
        kind: "IAM role",
        min: 1,
        max: 64,
        allowed: iam,
        allowed_text: "letters, digits and +=,.@_-",
        shape: any_shape,
    },
    NameRule {
        resource_type: "AWS::IAM::ManagedPolicy",
        property: "ManagedPolicyName",
        kind: "IAM managed policy",
        min: 1,
        max: 128,
        allowed: iam,
        allowed_text: "letters, digits and +=,.@_-",
        shape: any_shape,
    },
    NameRule {
        resource_type: "AWS::Lambda::Function",
        property: "FunctionName",
        kind: "Lambda function",
        min: 1,
        max: 64,
        allowed: word_or_dash,
        allowed_text: "letters, digits, hyphens and underscores",
        shape: any_shape,
    },
    NameRule {
        resource_type: "AWS::SQS::Queue",
        property: "QueueName",
        kind: "SQS queue",
        min: 1,
        max: 80,
        allowed: word_or_dash,
        allowed_text: "letters, digits, hyphens and underscores",
        shape: any_shape,
    },
    NameRule {
        resource_type: "AWS::DynamoDB::Table",
        property: "TableName",
        kind: "DynamoDB table",
        min: 3,
        max: 255,
        allowed: table,
        allowed_text: "letters, digits, dots, hyphens and underscores",
        shape: any_shape,
    },
    NameRule {
        resource_type: "AWS::Logs::LogGroup",
        property: "LogGroupName",
        kind: "CloudWatch log group",
        min: 1,
        max: 512,
        allowed: log_group,
        allowed_text: "letters, digits and ._-/#",
        shape: any_shape,
    },
    NameRule {
        resource_type: "AWS::CloudWatch::Alarm",
        property: "AlarmName",
        kind: "CloudWatch alarm",
        min: 1,
        max: 255,
        allowed: printable,
        allowed_text: "printable characters",
        shape: any_shape,
    },
    NameRule {
        resource_type: "AWS::SNS::Topic",
        property: "TopicName",
        kind: "SNS topic",
        min: 1,
        max: 256,
        allowed: word_or_dash,
        allowed_text: "letters, digits, hyphens and underscores",
        shape: any_shape,
    },
    // An ElastiCache parameter group has no rule: CloudFormation names it itself (its
    // `CacheParameterGroupName` is read-only).
    NameRule {
        resource_type: "AWS::ElastiCache::ReplicationGroup",
        property: "ReplicationGroupId",
        kind: "ElastiCache replication group",
        min: 1,
        max: 40,
        allowed: letter_digit_or_hyphen,
        allowed_text: "letters, digits and hyphens",
        shape: cache_identifier,
    },
    NameRule {
        resource_type: "AWS::ElastiCache::SubnetGroup",
        property: "CacheSubnetGroupName",
        kind: "ElastiCache subnet group",
        min: 1,
        max: 255,
        allowed: letter_digit_or_hyphen,
        allowed_text: "letters, digits and hyphens",
        shape: any_shape,
    },
    NameRule {
        resource_type: "AWS::SecretsManager::Secret",
        property: "Name",
        kind: "Secrets Manager secret",
        min: 1,
        max: 512,
        allowed: secret,
        allowed_text: "letters, digits and /_+=.@-",
        shape: any_shape,
    },
    NameRule {
        resource_type: "AWS::EC2::SecurityGroup",
        property: "GroupName",
        kind: "EC2 security group",
        min: 1,
        max: 255,
        allowed: security_group,
        allowed_text: "letters, digits, spaces and ._-:/()#,@[]+=&;{}!$*",
        shape: security_group_name,
    },
];

/// Every literal physical name that its service would reject. Names built with intrinsic
/// functions are resolved at deploy time and are not judged here.
pub fn physical_names(document: &Value) -> Vec<Finding> {
    let Some(resources) = document.field("Resources").and_then(Value::as_object) else {
        return Vec::new();
    };
    let mut findings = Vec::new();
    for (id, resource) in resources {
        let resource_type = resource
            .field("Type")
            .and_then(Value::as_str)
            .unwrap_or_default();
        for rule in NAME_RULES
            .iter()
            .filter(|r| r.resource_type == resource_type)
        {
            let name = resource
                .field("Properties")
                .and_then(|p| p.field(rule.property))
                .and_then(Value::as_str);
            if let Some(name) = name {
                findings.extend(check_name(rule, name, || {
                    dotted(&["Resources", id, "Properties", rule.property])
                }));
            }
        }
    }
    findings
}

/// `path` is made for a finding only: most names are fine.
fn check_name(rule: &NameRule, name: &str, path: impl Fn() -> String) -> Option<Finding> {
    let length = name.chars().count();
    let finding = |message: String, hint: String| Finding {
        excess: length.checked_sub(rule.max).filter(|n| *n > 0),
        ..Finding::error(super::PHYSICAL_NAME_RULE, path(), message, hint)
    };
    if length > rule.max {
        return Some(finding(
            format!(
                "{} name '{name}' is {length} characters; at most {} are allowed",
                rule.kind, rule.max
            ),
            format!("shorten it by {}", characters(length - rule.max)),
        ));
    }
    if length < rule.min {
        return Some(finding(
            format!(
                "{} name '{name}' is {length} characters; at least {} are required",
                rule.kind, rule.min
            ),
            format!("lengthen it by {}", characters(rule.min - length)),
        ));
    }
    if let Some(bad) = name.chars().find(|c| !(rule.allowed)(*c)) {
        return Some(finding(
            format!("{} name '{name}' contains {bad:?}", rule.kind),
            format!("use only {}", rule.allowed_text),
        ));
    }
    let (problem, hint) = (rule.shape)(name)?;
    Some(finding(
        format!("{} name '{name}' {problem}", rule.kind),
        hint.to_string(),
    ))
}

/// `1 character`, `3 characters`.
pub fn characters(count: usize) -> String {
    if count == 1 {
        "1 character".to_string()
    } else {
        format!("{count} characters")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn doc(resource_type: &str, property: &str, name: &str) -> Value {
        json!({"Resources": {"R": {"Type": resource_type, "Properties": {property: name}}}})
    }

    #[test]
    fn every_rule_rejects_a_name_one_over_its_limit() {
        for rule in NAME_RULES {
            let at_limit = "a".repeat(rule.max);
            assert!(physical_names(&doc(rule.resource_type, rule.property, &at_limit)).is_empty());
            let over = "a".repeat(rule.max + 1);
            let findings = physical_names(&doc(rule.resource_type, rule.property, &over));
            assert_eq!(findings.len(), 1, "{}", rule.resource_type);
            assert_eq!(
                findings[0].path,
                format!("Resources.R.Properties.{}", rule.property)
            );
            assert_eq!(findings[0].hint, "shorten it by 1 character");
        }
    }

    #[test]
    fn forbidden_characters_and_short_names_are_reported() {
        let findings = physical_names(&doc("AWS::Lambda::Function", "FunctionName", "a.b"));
        assert_eq!(
            findings[0].message,
            "Lambda function name 'a.b' contains '.'"
        );
        let findings = physical_names(&doc("AWS::DynamoDB::Table", "TableName", "ab"));
        assert!(findings[0].message.contains("at least 3"));
    }

    #[test]
    fn cache_identifiers_and_security_group_names_are_checked_as_a_whole() {
        let group = |name: &str| {
            physical_names(&doc(
                "AWS::ElastiCache::ReplicationGroup",
                "ReplicationGroupId",
                name,
            ))
        };
        assert!(group("ZAEL-limiter-redis").is_empty());
        assert_eq!(
            group("ZAEL-a--redis")[0].message,
            "ElastiCache replication group name 'ZAEL-a--redis' contains two consecutive hyphens"
        );
        assert_eq!(
            group("ZAEL-a--redis")[0].hint,
            "use single hyphens between words"
        );
        assert!(group("redis-")[0].message.ends_with("ends with a hyphen"));
        assert!(group("1redis")[0]
            .message
            .ends_with("does not start with a letter"));
        assert!(group("a_b")[0].message.ends_with("contains '_'"));
        let findings = physical_names(&doc("AWS::EC2::SecurityGroup", "GroupName", "sg-cache"));
        assert!(findings[0].message.contains("starts with sg-"));
        let findings = physical_names(&doc("AWS::SecretsManager::Secret", "Name", "a b"));
        assert!(findings[0].message.contains("' '"));
    }

    #[test]
    fn names_from_intrinsics_are_left_to_deploy_time() {
        let document = json!({"Resources": {"R": {"Type": "AWS::IAM::Role",
            "Properties": {"RoleName": {"Fn::Sub": "${AWS::StackName}-x"}}}}});
        assert!(physical_names(&document).is_empty());
    }
}
