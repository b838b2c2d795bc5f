//! Lambda functions placed in the organisation's VPC.

use super::Aspect;
use crate::constructs::perms;
use crate::resources::iam::{InlinePolicy, PolicyDocument, Role, Statement};
use crate::resources::lambda::{Function, VpcConfig};
use crate::template::{Expr, Resource};

/// Every function runs in these subnets with these security groups, and every role Lambda
/// assumes may manage the network interfaces that needs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LambdaVpc {
    pub subnet_ids: Vec<String>,
    pub security_group_ids: Vec<String>,
}

impl Aspect for LambdaVpc {
    fn visit(&self, _logical_id: &str, resource: &mut dyn Resource) {
        if let Some(function) = resource.downcast_mut::<Function>() {
            function.vpc_config = Some(VpcConfig {
                subnet_ids: Expr::list(self.subnet_ids.iter().map(Expr::str)),
                security_group_ids: Expr::list(self.security_group_ids.iter().map(Expr::str)),
            });
        } else if let Some(role) = resource.downcast_mut::<Role>() {
            // EC2's network-interface actions take no resource ARN that is known before the
            // interface exists, so IAM requires "*" here.
            let statement = Statement::allow(
                "ManageNetworkInterfaces",
                perms::LAMBDA_VPC_ENI,
                vec![Expr::str("*")],
            );
            allow_function_role(role, "VpcNetworkInterfaces", statement);
        }
    }
}

/// Adds `statement` to `role` as the inline policy `policy_name` when the role is one Lambda
/// assumes (a function's execution role); other roles stay as they are.
pub(super) fn allow_function_role(role: &mut Role, policy_name: &str, statement: Statement) {
    if trusts_service(role, "lambda.amazonaws.com") {
        role.policies.push(InlinePolicy {
            policy_name: policy_name.into(),
            policy_document: PolicyDocument::new(vec![statement]),
        });
    }
}

/// Whether `role` may be assumed by the AWS service `service`.
pub fn trusts_service(role: &Role, service: &str) -> bool {
    role.assume_role_policy_document
        .statement
        .iter()
        .any(|statement| match &statement.principal {
            Some(Expr::Map(entries)) => entries
                .iter()
                .any(|(kind, value)| kind == "Service" && value.as_str() == Some(service)),
            _ => false,
        })
}
