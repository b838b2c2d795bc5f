//! IAM statement and security-group rule changes, listed apart from the property changes as
//! `cdk diff` does: who may now do what, and what may now reach what. Statements and rules
//! are compared as sets (their order in a list grants nothing).

use serde::Serialize;
use serde_json::Value;

use super::equal::canonical;

/// Whether a statement or rule is granted or taken away.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Sign {
    Added,
    Removed,
}

impl Sign {
    pub fn symbol(self) -> &'static str {
        match self {
            Sign::Added => "+",
            Sign::Removed => "-",
        }
    }
}

#[derive(Debug, Serialize)]
pub struct StatementChange {
    pub logical_id: String,
    /// Where the statement lives: `PolicyDocument`, `AssumeRolePolicyDocument`,
    /// `Policies.{PolicyName}`, `KeyPolicy`, or `ManagedPolicyArns` for an attachment.
    pub document: String,
    pub sign: Sign,
    /// The statement with every scalar as a string and its keys sorted.
    pub statement: Value,
}

#[derive(Debug, Serialize)]
pub struct RuleChange {
    pub logical_id: String,
    /// `ingress` or `egress`.
    pub direction: &'static str,
    pub sign: Sign,
    pub rule: Value,
}

/// The policy documents of a resource, by where they live.
fn documents(resource: &Value) -> Vec<(String, Vec<Value>)> {
    let resource_type = resource.get("Type").and_then(Value::as_str).unwrap_or("");
    let Some(props) = resource.get("Properties") else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut document = |name: &str| {
        if let Some(doc) = props.get(name) {
            out.push((name.to_string(), statements(doc)));
        }
    };
    match resource_type {
        "AWS::IAM::Role" => {
            document("AssumeRolePolicyDocument");
            if let Some(policies) = props.get("Policies").and_then(Value::as_array) {
                for (index, policy) in policies.iter().enumerate() {
                    let name = policy
                        .get("PolicyName")
                        .map(super::resources::short)
                        .unwrap_or_else(|| index.to_string());
                    let doc = policy.get("PolicyDocument").unwrap_or(&Value::Null);
                    out.push((format!("Policies.{name}"), statements(doc)));
                }
            }
            if let Some(arns) = props.get("ManagedPolicyArns").and_then(Value::as_array) {
                out.push((
                    "ManagedPolicyArns".into(),
                    arns.iter().map(canonical).collect(),
                ));
            }
        }
        "AWS::IAM::ManagedPolicy"
        | "AWS::IAM::Policy"
        | "AWS::IAM::RolePolicy"
        | "AWS::S3::BucketPolicy"
        | "AWS::SQS::QueuePolicy"
        | "AWS::SNS::TopicPolicy" => document("PolicyDocument"),
        "AWS::KMS::Key" => document("KeyPolicy"),
        "AWS::Lambda::Permission" => out.push(("Permission".into(), vec![canonical(props)])),
        _ => {}
    }
    out
}

fn statements(document: &Value) -> Vec<Value> {
    match document.get("Statement") {
        Some(Value::Array(items)) => items.iter().map(canonical).collect(),
        Some(single) => vec![canonical(single)],
        None => Vec::new(),
    }
}

pub fn statement_changes(
    id: &str,
    old: Option<&Value>,
    new: Option<&Value>,
) -> Vec<StatementChange> {
    let old_docs = old.map(documents).unwrap_or_default();
    let new_docs = new.map(documents).unwrap_or_default();
    let mut out = Vec::new();
    let mut names: Vec<&String> = old_docs.iter().map(|(n, _)| n).collect();
    for (name, _) in &new_docs {
        if !names.contains(&name) {
            names.push(name);
        }
    }
    for name in names {
        let find = |docs: &[(String, Vec<Value>)]| {
            docs.iter()
                .find(|(n, _)| n == name)
                .map(|(_, s)| s.clone())
                .unwrap_or_default()
        };
        let (before, after) = (find(&old_docs), find(&new_docs));
        for (sign, from, other) in [
            (Sign::Removed, &before, &after),
            (Sign::Added, &after, &before),
        ] {
            for statement in from.iter().filter(|s| !other.contains(s)) {
                out.push(StatementChange {
                    logical_id: id.to_string(),
                    document: name.clone(),
                    sign,
                    statement: statement.clone(),
                });
            }
        }
    }
    out
}

/// The rules of a security group, or of a standalone ingress/egress resource.
fn rules(resource: &Value) -> Vec<(&'static str, Value)> {
    let props = resource.get("Properties");
    match resource.get("Type").and_then(Value::as_str) {
        Some("AWS::EC2::SecurityGroup") => {
            let mut out = Vec::new();
            for (key, direction) in [
                ("SecurityGroupIngress", "ingress"),
                ("SecurityGroupEgress", "egress"),
            ] {
                if let Some(items) = props.and_then(|p| p.get(key)).and_then(Value::as_array) {
                    out.extend(items.iter().map(|r| (direction, canonical(r))));
                }
            }
            out
        }
        Some("AWS::EC2::SecurityGroupIngress") => {
            vec![("ingress", canonical(props.unwrap_or(&Value::Null)))]
        }
        Some("AWS::EC2::SecurityGroupEgress") => {
            vec![("egress", canonical(props.unwrap_or(&Value::Null)))]
        }
        _ => Vec::new(),
    }
}

pub fn rule_changes(id: &str, old: Option<&Value>, new: Option<&Value>) -> Vec<RuleChange> {
    let before = old.map(rules).unwrap_or_default();
    let after = new.map(rules).unwrap_or_default();
    let mut out = Vec::new();
    for (sign, from, other) in [
        (Sign::Removed, &before, &after),
        (Sign::Added, &after, &before),
    ] {
        for (direction, rule) in from.iter().filter(|r| !other.contains(r)) {
            out.push(RuleChange {
                logical_id: id.to_string(),
                direction,
                sign,
                rule: rule.clone(),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn statements_compare_as_sets_with_cloudformation_equality() {
        let old = json!({"Type": "AWS::IAM::ManagedPolicy", "Properties": {"PolicyDocument": {"Statement": [
            {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"},
            {"Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "*"}
        ]}}});
        let new = json!({"Type": "AWS::IAM::ManagedPolicy", "Properties": {"PolicyDocument": {"Statement": [
            {"Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "*"},
            {"Effect": "Allow", "Action": "s3:PutObject", "Resource": "*"}
        ]}}});
        let changes = statement_changes("P", Some(&old), Some(&new));
        let shown: Vec<(Sign, String)> = changes
            .iter()
            .map(|c| (c.sign, c.statement["Action"].as_str().unwrap().to_string()))
            .collect();
        assert_eq!(
            shown,
            vec![
                (Sign::Removed, "s3:GetObject".to_string()),
                (Sign::Added, "s3:PutObject".to_string())
            ]
        );
    }

    #[test]
    fn security_group_rules_added_and_removed() {
        let old = json!({"Type": "AWS::EC2::SecurityGroup", "Properties": {"SecurityGroupIngress": [
            {"IpProtocol": "tcp", "FromPort": 6379, "ToPort": 6379, "CidrIp": "10.0.0.0/8"}]}});
        let new = json!({"Type": "AWS::EC2::SecurityGroup", "Properties": {"SecurityGroupIngress": [
            {"IpProtocol": "tcp", "FromPort": "6379", "ToPort": "6379", "CidrIp": "10.0.0.0/8"},
            {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "CidrIp": "0.0.0.0/0"}]}});
        let changes = rule_changes("Sg", Some(&old), Some(&new));
        assert_eq!(changes.len(), 1, "{changes:?}");
        assert_eq!(changes[0].sign, Sign::Added);
        assert_eq!(changes[0].rule["FromPort"], "22");
    }
}
