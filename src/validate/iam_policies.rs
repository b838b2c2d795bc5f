//! ZV217: IAM policy documents follow the policy grammar: `Version` 2012-10-17 (or
//! 2008-10-17), a `Statement` of mappings, each with `Effect` Allow or Deny, exactly one of
//! `Action`/`NotAction`, exactly one of `Resource`/`NotResource` in identity policies, a
//! `Principal` or `NotPrincipal` in resource and trust policies (never in identity
//! policies), actions written `service:Action`, and `Condition` operators IAM knows.
//!
//! Why it exists and an example: the rule's [`About`], which
//! `zael explain` prints.

use serde_json::{Map, Value};

use super::field::Field;
use super::literal::at;
use super::walk::{push_index, resources};
use super::{About, Example, Finding, Rule};
use crate::stacks::values::is_account_id;

/// ZV217: IAM policy grammar.
pub const IAM_POLICIES: Rule = Rule {
    about: About {
        code: "ZV217",
        title: "IAM policy grammar",
        doc: "policy documents: Version, Statement, Effect Allow/Deny, one of Action/NotAction, one of Resource/NotResource (identity), Principal/NotPrincipal (resource and trust, never identity), service:Action names, known Condition operators",
        why: "IAM refuses a malformed policy when CloudFormation creates the role, policy or bucket policy (`MalformedPolicyDocument`), so the stack fails and rolls back minutes into the deploy. cfn-lint judges the same (E3510 identity, E3512 resource, E3530 trust).",
        example: Example::Templates(include_str!("examples/ZV217.yaml")),
    },
    run: |template| iam_policies(template.document),
};

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Attached to a role, user or group: names resources, never a principal.
    Identity,
    /// On a resource: names principals.
    Resource,
    /// A role's trust policy: names principals; no resources.
    Trust,
}

/// Where policy documents are: (resource type, property path, kind).
const DOCUMENTS: &[(&str, &str, Kind)] = &[
    ("AWS::IAM::Policy", "PolicyDocument", Kind::Identity),
    ("AWS::IAM::ManagedPolicy", "PolicyDocument", Kind::Identity),
    ("AWS::IAM::RolePolicy", "PolicyDocument", Kind::Identity),
    ("AWS::IAM::UserPolicy", "PolicyDocument", Kind::Identity),
    ("AWS::IAM::GroupPolicy", "PolicyDocument", Kind::Identity),
    (
        "AWS::IAM::Role",
        "Policies/*/PolicyDocument",
        Kind::Identity,
    ),
    (
        "AWS::IAM::User",
        "Policies/*/PolicyDocument",
        Kind::Identity,
    ),
    (
        "AWS::IAM::Group",
        "Policies/*/PolicyDocument",
        Kind::Identity,
    ),
    ("AWS::IAM::Role", "AssumeRolePolicyDocument", Kind::Trust),
    ("AWS::S3::BucketPolicy", "PolicyDocument", Kind::Resource),
    ("AWS::SQS::QueuePolicy", "PolicyDocument", Kind::Resource),
    ("AWS::SNS::TopicPolicy", "PolicyDocument", Kind::Resource),
    ("AWS::KMS::Key", "KeyPolicy", Kind::Resource),
    (
        "AWS::ECR::Repository",
        "RepositoryPolicyText",
        Kind::Resource,
    ),
    (
        "AWS::SecretsManager::ResourcePolicy",
        "ResourcePolicy",
        Kind::Resource,
    ),
];

const STATEMENT_KEYS: &[&str] = &[
    "Sid",
    "Effect",
    "Action",
    "NotAction",
    "Resource",
    "NotResource",
    "Principal",
    "NotPrincipal",
    "Condition",
];

/// IAM's condition operators, before the `ForAnyValue:`/`ForAllValues:` prefix and the
/// `IfExists` suffix.
const OPERATORS: &[&str] = &[
    "StringEquals",
    "StringNotEquals",
    "StringEqualsIgnoreCase",
    "StringNotEqualsIgnoreCase",
    "StringLike",
    "StringNotLike",
    "NumericEquals",
    "NumericNotEquals",
    "NumericLessThan",
    "NumericLessThanEquals",
    "NumericGreaterThan",
    "NumericGreaterThanEquals",
    "DateEquals",
    "DateNotEquals",
    "DateLessThan",
    "DateLessThanEquals",
    "DateGreaterThan",
    "DateGreaterThanEquals",
    "Bool",
    "BinaryEquals",
    "IpAddress",
    "NotIpAddress",
    "ArnEquals",
    "ArnLike",
    "ArnNotEquals",
    "ArnNotLike",
    "Null",
];

fn iam_policies(document: &Value) -> Vec<Finding> {
    let mut findings = Vec::new();
    for (id, kind, properties) in resources(document) {
        // Most resources hold no policy document: nothing else is done for them.
        if !DOCUMENTS.iter().any(|d| d.0 == kind) {
            continue;
        }
        let mut report = |path: String, message: String, hint: &str| {
            findings.push(Finding::error("ZV217", path, message, hint.into()))
        };
        let resource = At::Key(&RESOURCES, id);
        let base = At::Key(&resource, "Properties");
        // Properties chosen by Fn::If: each branch holds its own documents.
        each_branch(properties, &base, &mut |properties, base| {
            for (_, property, policy_kind) in DOCUMENTS.iter().filter(|d| d.0 == kind) {
                for (path, value) in at(properties, property) {
                    let path = At::Key(base, &path);
                    each_branch(value, &path, &mut |value, path| {
                        policy(value, path, *policy_kind, &mut report)
                    });
                }
            }
        });
    }
    findings
}

const RESOURCES: At<'static> = At::Root("Resources");

/// Where a value is, written out only for a finding: the rule walks every statement,
/// action and resource of every policy, and wrote each one's path whether or not it was
/// wrong (a third of what the rule cost).
#[derive(Clone, Copy)]
enum At<'p> {
    Root(&'p str),
    /// `parent.key` (a key, or a dotted path below the parent).
    Key(&'p At<'p>, &'p str),
    /// `parent[index]`.
    Index(&'p At<'p>, usize),
}

impl At<'_> {
    fn render(&self) -> String {
        let mut path = String::new();
        self.write(&mut path);
        path
    }

    fn write(&self, path: &mut String) {
        match self {
            At::Root(root) => path.push_str(root),
            At::Key(parent, key) => {
                parent.write(path);
                path.push('.');
                path.push_str(key);
            }
            At::Index(parent, index) => {
                parent.write(path);
                push_index(path, *index);
            }
        }
    }
}

type Report<'r> = dyn FnMut(String, String, &str) + 'r;

/// Calls `judge` on `value`, or on each branch of an `Fn::If` (nested ones too); other
/// functions are decided at deploy.
fn each_branch(value: &Value, path: &At, judge: &mut dyn FnMut(&Value, &At)) {
    match function(value) {
        Some(("Fn::If", Value::Array(parts))) if parts.len() == 3 => {
            let call = At::Key(path, "Fn::If");
            for index in [1, 2] {
                if parts[index].field("Ref").and_then(Value::as_str) != Some("AWS::NoValue") {
                    each_branch(&parts[index], &At::Index(&call, index), judge);
                }
            }
        }
        Some(_) => {}
        None => judge(value, path),
    }
}

/// The function of a one-key `Ref`/`Fn::` object.
fn function(value: &Value) -> Option<(&str, &Value)> {
    function_of(value.as_object()?)
}

/// [`function`] of a mapping.
fn function_of(map: &Map<String, Value>) -> Option<(&str, &Value)> {
    if map.len() != 1 {
        return None;
    }
    let (key, argument) = map.iter().next()?;
    (key == "Ref" || key.starts_with("Fn::")).then_some((key.as_str(), argument))
}

fn policy(value: &Value, path: &At, kind: Kind, report: &mut Report<'_>) {
    // Some properties also take the document as a JSON string; that is not read here.
    let Some(map) = value.as_object() else {
        if !value.is_string() {
            report(
                path.render(),
                "a policy document is a mapping".into(),
                "write {Version: '2012-10-17', Statement: [...]}",
            );
        }
        return;
    };
    for key in map.keys() {
        if !["Version", "Id", "Statement"].contains(&key.as_str()) {
            report(
                At::Key(path, key).render(),
                format!("'{key}' is not part of a policy document"),
                "a policy document has Version, Id and Statement",
            );
        }
    }
    if let Some(version) = map.field("Version").and_then(Value::as_str) {
        if version != "2012-10-17" && version != "2008-10-17" {
            report(
                At::Key(path, "Version").render(),
                format!("'{version}' is not a policy language version"),
                "write Version: '2012-10-17'",
            );
        }
    }
    let Some(statements) = map.field("Statement") else {
        report(
            path.render(),
            "the policy document has no Statement".into(),
            "add Statement: [{Effect: Allow, Action: ..., Resource: ...}]",
        );
        return;
    };
    let path = At::Key(path, "Statement");
    each_branch(
        statements,
        &path,
        &mut |statements, path| match statements {
            Value::Array(items) => {
                for (index, item) in items.iter().enumerate() {
                    each_branch(item, &At::Index(path, index), &mut |item, path| {
                        statement(item, path, kind, report)
                    });
                }
            }
            Value::Object(_) => statement(statements, path, kind, report),
            _ => report(
                path.render(),
                "Statement is neither a statement nor a list of them".into(),
                "write a list of mappings with Effect, Action and Resource",
            ),
        },
    );
}

fn statement(value: &Value, path: &At, kind: Kind, report: &mut Report<'_>) {
    let Some(map) = value.as_object() else {
        report(
            path.render(),
            "a statement is a mapping".into(),
            "write {Effect: Allow, Action: ..., Resource: ...}",
        );
        return;
    };
    for key in map.keys() {
        if !STATEMENT_KEYS.contains(&key.as_str()) {
            report(
                At::Key(path, key).render(),
                format!("'{key}' is not part of a policy statement"),
                "a statement has Sid, Effect, Action or NotAction, Resource or NotResource, Principal or NotPrincipal, Condition",
            );
        }
    }
    match map.field("Effect") {
        None => report(
            path.render(),
            "the statement has no Effect".into(),
            "add Effect: Allow or Effect: Deny",
        ),
        Some(Value::String(effect)) if effect != "Allow" && effect != "Deny" => report(
            At::Key(path, "Effect").render(),
            format!("'{effect}' is not an Effect"),
            "write Allow or Deny",
        ),
        _ => {}
    }
    exactly_one(map, path, "Action", "NotAction", report);
    match kind {
        Kind::Identity => {
            exactly_one(map, path, "Resource", "NotResource", report);
            for key in ["Principal", "NotPrincipal"] {
                if map.field(key).is_some() {
                    report(
                        At::Key(path, key).render(),
                        format!("an identity policy names no {key}: it applies to whoever it is attached to"),
                        "remove it, or move the statement to the resource's own policy",
                    );
                }
            }
        }
        Kind::Resource | Kind::Trust => {
            exactly_one(map, path, "Principal", "NotPrincipal", report);
        }
    }
    for key in ["Action", "NotAction"] {
        if let Some(actions) = map.field(key) {
            strings(
                actions,
                &At::Key(path, key),
                report,
                &mut |action, path, report| {
                    let valid = action == "*"
                        || action.split_once(':').is_some_and(|(service, name)| {
                            !service.is_empty()
                                && service
                                    .chars()
                                    .all(|c| c.is_ascii_alphanumeric() || c == '-')
                                && !name.is_empty()
                        });
                    if !valid {
                        report(
                            path.render(),
                            format!("'{action}' is not an action"),
                            "write service:Action, e.g. dynamodb:GetItem (wildcards allowed), or *",
                        );
                    }
                },
            );
        }
    }
    for key in ["Resource", "NotResource"] {
        if let Some(resources) = map.field(key) {
            strings(
                resources,
                &At::Key(path, key),
                report,
                &mut |resource, path, report| {
                    // An identity policy names resources by ARN; `${...}` in a literal is a
                    // string Fn::Sub never saw.
                    if kind == Kind::Identity && resource != "*" && !is_arn(resource, false) {
                        report(
                        path.render(),
                        format!("'{resource}' is not a resource ARN"),
                        "write arn:partition:service:region:account:resource or *, and Fn::Sub to fill in ${...}",
                    );
                    }
                },
            );
        }
    }
    for key in ["Principal", "NotPrincipal"] {
        if let Some(principal) = map.field(key) {
            let path = At::Key(path, key);
            match principal {
                Value::String(text) if text != "*" => report(
                    path.render(),
                    format!("'{text}' is not a principal"),
                    "write \"*\" or {AWS: ..., Service: ..., Federated: ..., CanonicalUser: ...}",
                ),
                Value::Object(map) if function(principal).is_none() => {
                    if let Some(accounts) = map.field("AWS") {
                        strings(
                            accounts,
                            &At::Key(&path, "AWS"),
                            report,
                            &mut |account, path, report| {
                                let valid = account == "*"
                                    || (account.len() == 12
                                        && account.chars().all(|c| c.is_ascii_digit()))
                                    || is_arn(account, true);
                                if !valid {
                                    report(
                                    path.render(),
                                    format!("'{account}' is not an AWS principal"),
                                    "write an account ID (12 digits), an IAM or STS ARN with its account, or *",
                                );
                                }
                            },
                        );
                    }
                    for kind in map.keys() {
                        if !["AWS", "Service", "Federated", "CanonicalUser"]
                            .contains(&kind.as_str())
                        {
                            report(
                                At::Key(&path, kind).render(),
                                format!("'{kind}' is not a kind of principal"),
                                "use AWS, Service, Federated or CanonicalUser",
                            );
                        }
                    }
                }
                _ => {}
            }
        }
    }
    if let Some(Value::Object(conditions)) = map.field("Condition") {
        if function_of(conditions).is_none() {
            let condition = At::Key(path, "Condition");
            for (operator, block) in conditions {
                let cpath = || At::Key(&condition, operator).render();
                if !is_operator(operator) {
                    report(
                        cpath(),
                        format!("'{operator}' is not an IAM condition operator"),
                        "use StringEquals, StringLike, ArnLike, Bool, NumericLessThan, ... (with ForAnyValue:/ForAllValues: or IfExists where needed)",
                    );
                }
                if !block.is_object() {
                    report(
                        cpath(),
                        format!("{operator} takes a mapping of condition keys to values"),
                        "write {aws:SourceAccount: '123456789012'}",
                    );
                }
            }
        }
    }
}

fn exactly_one(
    map: &Map<String, Value>,
    path: &At,
    one: &str,
    other: &str,
    report: &mut Report<'_>,
) {
    match (map.field(one).is_some(), map.field(other).is_some()) {
        (true, true) => report(
            path.render(),
            format!("the statement has both {one} and {other}"),
            &format!("keep {one} or {other}, not both"),
        ),
        (false, false) => report(
            path.render(),
            format!("the statement has neither {one} nor {other}"),
            &format!("add {one}"),
        ),
        _ => {}
    }
}

/// A string or a list of strings (functions allowed anywhere); `each` judges literal ones.
fn strings(
    value: &Value,
    path: &At,
    report: &mut Report<'_>,
    each: &mut dyn FnMut(&str, &At, &mut Report<'_>),
) {
    match value {
        Value::String(text) => each(text, path, report),
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                let path = At::Index(path, index);
                match item {
                    Value::String(text) => each(text, &path, report),
                    _ if function(item).is_some() => {}
                    _ => report(
                        path.render(),
                        "a list of names holds strings".into(),
                        "write each as a string",
                    ),
                }
            }
        }
        _ if function(value).is_some() => {}
        _ => report(
            path.render(),
            "expected a string or a list of strings".into(),
            "write a string or a list of strings",
        ),
    }
}

/// `arn:partition:service:region:account:resource`, the account 12 digits, `aws`, `*` or
/// empty (`with_account`: 12 digits required, as for a principal).
fn is_arn(text: &str, with_account: bool) -> bool {
    let parts: Vec<&str> = text.splitn(6, ':').collect();
    if parts.len() < 6 || parts[0] != "arn" || parts[1].is_empty() || parts[2].is_empty() {
        return parts.len() == 5 && parts[0] == "arn" && !with_account && parts[4].is_empty();
    }
    let account = parts[4];
    let digits = is_account_id(account);
    if with_account {
        digits
    } else {
        digits || account.is_empty() || account == "*" || account == "aws"
    }
}

fn is_operator(operator: &str) -> bool {
    let operator = operator
        .strip_prefix("ForAnyValue:")
        .or_else(|| operator.strip_prefix("ForAllValues:"))
        .unwrap_or(operator);
    let base = operator.strip_suffix("IfExists").unwrap_or(operator);
    OPERATORS.contains(&base) && !(base == "Null" && operator != base)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn paths(resources: Value) -> Vec<String> {
        iam_policies(&json!({ "Resources": resources }))
            .into_iter()
            .map(|f| f.path)
            .collect()
    }

    #[test]
    fn a_well_formed_policy_of_each_kind_passes() {
        assert_eq!(
            paths(json!({
                "Role": {"Type": "AWS::IAM::Role", "Properties": {
                    "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [{
                        "Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com",
                            "AWS": ["123456789012", "arn:aws:iam::123456789012:root", "*"]},
                        "Action": "sts:AssumeRole"}]},
                    "Policies": [{"PolicyName": "p", "PolicyDocument": {"Statement": [{
                        "Effect": "Allow", "Action": ["dynamodb:Get*", {"Ref": "Extra"}],
                        "Resource": [{"Fn::GetAtt": ["T", "Arn"]}, "arn:aws:dynamodb:*:*:table/t", "arn:aws:s3:::b"],
                        "Condition": {"ForAnyValue:StringLikeIfExists": {"aws:TagKeys": ["a*"]}}}]}}]}},
                "Bucket": {"Type": "AWS::S3::BucketPolicy", "Properties": {"PolicyDocument": {
                    "Statement": {"Effect": "Deny", "Principal": "*", "Action": "s3:*",
                        "Resource": ["arn:aws:s3:::b/*", "arn:aws:s3:::b"], "Condition": {"Bool": {"aws:SecureTransport": false}}}}}}
            })),
            Vec::<String>::new()
        );
    }

    #[test]
    fn each_grammar_error_is_reported_at_its_path() {
        let at = |rest: &str| format!("Resources.P.Properties.PolicyDocument{rest}");
        assert_eq!(
            paths(
                json!({"P": {"Type": "AWS::IAM::Policy", "Properties": {"PolicyDocument": {
                "Version": "blah", "Bad": 1, "Statement": [
                    {"Effect": "NotAllow", "Action": "s3:GetObject", "NotAction": "s3:Put*",
                     "Resource": "*", "Principal": "*"},
                    {"Effect": "Allow", "Action": ["GetObject"], "Resource": [{"Effect": "Allow"}, "arn", "arn:aws:iam::${AWS::AccountId}:user/x"],
                     "Condition": {"StringEqualz": {"a": "b"}}},
                    {"Fn::If": ["C", {"Action": "s3:*", "Resource": "*"}, {"Ref": "AWS::NoValue"}]}
                ]}}}})
            ),
            [
                at(".Bad"),
                at(".Version"),
                at(".Statement[0].Effect"),
                at(".Statement[0]"),
                at(".Statement[0].Principal"),
                at(".Statement[1].Action[0]"),
                at(".Statement[1].Resource[0]"),
                at(".Statement[1].Resource[1]"),
                at(".Statement[1].Resource[2]"),
                at(".Statement[1].Condition.StringEqualz"),
                at(".Statement[2].Fn::If[1]"),
            ]
        );
        assert_eq!(
            paths(json!({"R": {"Type": "AWS::IAM::Role", "Properties": {
                "AssumeRolePolicyDocument": {"Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
                    "Principal": {"AWS": "arn:aws:iam::${Account}:root"}}]}}}})),
            ["Resources.R.Properties.AssumeRolePolicyDocument.Statement[0].Principal.AWS"]
        );
        assert_eq!(
            paths(
                json!({"P": {"Type": "AWS::IAM::Policy", "Properties": {"Fn::If": ["C",
                {"PolicyDocument": {}}, {"PolicyDocument": {"Statement": []}}]}}})
            ),
            ["Resources.P.Properties.Fn::If[1].PolicyDocument"]
        );
    }
}
