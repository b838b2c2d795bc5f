//! AWS::IAM::Role and AWS::IAM::ManagedPolicy, and the policy document they share.

use serde::Serialize;

use super::Tag;
use crate::template::Expr;
use crate::{handle_accessors, l1_resource};

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Role {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role_name: Option<Expr>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub assume_role_policy_document: PolicyDocument,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub managed_policy_arns: Vec<Expr>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub permissions_boundary: Option<Expr>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub policies: Vec<InlinePolicy>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<Tag>,
}
l1_resource!(Role, "AWS::IAM::Role", tags);

handle_accessors!(Role, ref name, get { arn: "Arn" });

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct InlinePolicy {
    pub policy_name: String,
    pub policy_document: PolicyDocument,
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ManagedPolicy {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub managed_policy_name: Option<Expr>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub policy_document: PolicyDocument,
}
l1_resource!(ManagedPolicy, "AWS::IAM::ManagedPolicy");

handle_accessors!(ManagedPolicy, ref arn);

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct PolicyDocument {
    pub version: &'static str,
    pub statement: Vec<Statement>,
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

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Statement {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sid: Option<String>,
    pub effect: Effect,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub principal: Option<Expr>,
    pub action: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub resource: Vec<Expr>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub condition: Option<Expr>,
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
