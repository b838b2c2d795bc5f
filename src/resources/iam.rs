//! AWS::IAM::Role and AWS::IAM::ManagedPolicy, and the policy document they share.

use serde::Serialize;

use super::Tag;
use crate::cfn_struct;
use crate::template::Expr;

cfn_struct! {
    pub struct Role as "AWS::IAM::Role" {
        pub role_name: Option<Expr>,
        pub description: Option<String>,
        pub assume_role_policy_document: PolicyDocument,
        pub managed_policy_arns: Vec<Expr>,
        pub permissions_boundary: Option<Expr>,
        pub policies: Vec<InlinePolicy>,
        pub tags: Vec<Tag>,
    }
    handle { ref name, get { arn: "Arn" } }

    pub struct InlinePolicy {
        pub policy_name: String,
        pub policy_document: PolicyDocument,
    }

    pub struct ManagedPolicy as "AWS::IAM::ManagedPolicy" {
        pub managed_policy_name: Option<Expr>,
        pub description: Option<String>,
        pub policy_document: PolicyDocument,
    }
    handle { ref arn }

    pub struct PolicyDocument {
        pub version: &'static str,
        pub statement: Vec<Statement>,
    }
}

impl PolicyDocument {
    pub fn new(statement: Vec<Statement>) -> Self {
        PolicyDocument {
            version: "2012-10-17",
            statement,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Effect {
    Allow,
    Deny,
}

cfn_struct! {
    pub struct Statement {
        pub sid: Option<String>,
        pub effect: Effect,
        pub principal: Option<Expr>,
        pub action: Vec<String>,
        pub resource: Vec<Expr>,
        pub condition: Option<Expr>,
    }
}

impl Statement {
    /// Allows `actions` on `resources`.
    pub fn allow(sid: &str, actions: &[&str], resources: Vec<Expr>) -> Self {
        Statement {
            sid: Some(sid.to_string()),
            effect: Effect::Allow,
            principal: None,
            action: actions.iter().map(|a| a.to_string()).collect(),
            resource: resources,
            condition: None,
        }
    }

    /// Lets `principal` assume the role this trust statement belongs to.
    pub fn trust(principal: Expr) -> Self {
        Statement {
            sid: None,
            effect: Effect::Allow,
            principal: Some(principal),
            action: vec!["sts:AssumeRole".to_string()],
            resource: Vec::new(),
            condition: None,
        }
    }
}
