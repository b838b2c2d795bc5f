//! L2 customer-managed KMS key: rotation on, retained, and a key policy that names who may
//! use it and why.

use crate::resources::iam::{PolicyDocument, Statement};
use crate::resources::iam_conditions::{account_principal, service_principal, Condition};
use crate::resources::kms::{Alias, Key};
use crate::template::{Expr, Handle, RemovalPolicy, Stack};

/// Administration only: using the key for data goes through the statements below.
const ADMIN_ACTIONS: &[&str] = &[
    "kms:Create*",
    "kms:Describe*",
    "kms:Enable*",
    "kms:List*",
    "kms:Put*",
    "kms:Update*",
    "kms:Revoke*",
    "kms:Disable*",
    "kms:Get*",
    "kms:Delete*",
    "kms:TagResource",
    "kms:UntagResource",
    "kms:ScheduleKeyDeletion",
    "kms:CancelKeyDeletion",
];

/// Data use by principals of the account whose IAM policies allow it (the roles of the
/// stack, CloudFormation creating the table, operators reading the dead-letter queue).
const ACCOUNT_USE_ACTIONS: &[&str] = &[
    "kms:Encrypt",
    "kms:Decrypt",
    "kms:ReEncrypt*",
    "kms:GenerateDataKey*",
    "kms:DescribeKey",
    "kms:CreateGrant",
];

const LOGS_ACTIONS: &[&str] = &[
    "kms:Encrypt*",
    "kms:Decrypt*",
    "kms:ReEncrypt*",
    "kms:GenerateDataKey*",
    "kms:Describe*",
];

/// What CloudWatch needs to publish alarms to an encrypted SNS topic.
const ALARM_PUBLISH_ACTIONS: &[&str] = &["kms:Decrypt", "kms:GenerateDataKey*"];

pub struct KeyUsers<'a> {
    /// Log groups whose names start with one of these may be encrypted with the key.
    pub log_group_prefixes: &'a [String],
    /// CloudWatch alarms publish to a topic encrypted with the key.
    pub alarm_topic: bool,
}

/// Adds the key, retained like the data it protects (deleting the key would make the
/// retained table unreadable), and its alias `alias/{alias}`.
pub fn add_key(stack: &mut Stack, id: &str, alias: &str, users: &KeyUsers) -> Handle<Key> {
    let account = account_principal();
    let service = |name: &str| {
        let name = if name.contains("${") {
            Expr::sub(name)
        } else {
            Expr::str(name)
        };
        service_principal(name)
    };
    let mut statements = vec![
        principal_statement("AdministerKey", account.clone(), ADMIN_ACTIONS, None),
        principal_statement("UseKeyThroughIam", account, ACCOUNT_USE_ACTIONS, None),
    ];
    if !users.log_group_prefixes.is_empty() {
        let arns = users
            .log_group_prefixes
            .iter()
            .map(|prefix| {
                Expr::sub(format!(
                    "arn:${{AWS::Partition}}:logs:${{AWS::Region}}:${{AWS::AccountId}}:log-group:{prefix}*"
                ))
            })
            .collect();
        let condition = Condition::new()
            .with(
                "ArnLike",
                "kms:EncryptionContext:aws:logs:arn",
                Expr::List(arns),
            )
            .into();
        statements.push(principal_statement(
            "EncryptStackLogGroups",
            service("logs.${AWS::Region}.amazonaws.com"),
            LOGS_ACTIONS,
            Some(condition),
        ));
    }
    if users.alarm_topic {
        statements.push(principal_statement(
            "PublishAlarmsToEncryptedTopic",
            service("cloudwatch.amazonaws.com"),
            ALARM_PUBLISH_ACTIONS,
            None,
        ));
    }
    let key = stack.add(
        id,
        Key {
            description: format!("Encrypts the data of {alias} at rest"),
            enable_key_rotation: true,
            key_policy: PolicyDocument::new(statements),
            tags: Vec::new(),
        },
    );
    stack.set_removal_policy(&key, RemovalPolicy::Retain);
    stack.add(
        &format!("{id}Alias"),
        Alias {
            alias_name: format!("alias/{alias}"),
            target_key_id: key.reference(),
        },
    );
    key
}

fn principal_statement(
    sid: &str,
    principal: Expr,
    actions: &[&str],
    condition: Option<Expr>,
) -> Statement {
    Statement {
        principal: Some(principal),
        condition,
        ..Statement::allow(sid, actions, vec![Expr::str("*")])
    }
}
