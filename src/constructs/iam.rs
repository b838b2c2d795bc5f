//! L2 IAM: roles for services and for principals of the account, and managed policies.

use crate::resources::iam::{ManagedPolicy, PolicyDocument, Role, Statement};
use crate::resources::iam_conditions::{account_principal, service_principal};
use crate::template::Expr;

/// A role that the AWS service `service` (e.g. `lambda.amazonaws.com`) assumes.
pub fn service_role(name: &str, service: &str) -> Role {
    role(name, service_principal(service))
}

/// A service role without a fixed name: CloudFormation generates a unique one, for roles
/// that outlive their stack (retained), so that re-creating the stack never collides.
pub fn unnamed_service_role(service: &str) -> Role {
    Role {
        role_name: None,
        ..service_role("", service)
    }
}

/// A role that principals of this account may assume, when their own IAM policy lets them.
pub fn account_role(name: &str, description: &str, managed_policies: Vec<Expr>) -> Role {
    let principal = account_principal();
    Role {
        description: Some(description.to_string()),
        managed_policy_arns: managed_policies,
        ..role(name, principal)
    }
}

fn role(name: &str, principal: Expr) -> Role {
    Role {
        role_name: Some(name.into()),
        description: None,
        assume_role_policy_document: PolicyDocument::new(vec![Statement::trust(principal)]),
        managed_policy_arns: Vec::new(),
        permissions_boundary: None,
        policies: Vec::new(),
        tags: Vec::new(),
    }
}

pub fn managed_policy(name: &str, description: &str, statements: Vec<Statement>) -> ManagedPolicy {
    ManagedPolicy {
        managed_policy_name: Some(name.into()),
        description: Some(description.to_string()),
        policy_document: PolicyDocument::new(statements),
    }
}
