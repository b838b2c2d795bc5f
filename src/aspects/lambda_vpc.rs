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
            if trusts_service(role, "lambda.amazonaws.com") {
                // EC2's network-interface actions take no resource ARN that is known before
                // the interface exists, so IAM requires "*" here.
                role.policies.push(InlinePolicy {
                    policy_name: "VpcNetworkInterfaces".into(),
                    policy_document: PolicyDocument::new(vec![Statement::allow(
                        "ManageNetworkInterfaces",
                        perms::LAMBDA_VPC_ENI,
                        vec![Expr::str("*")],
                    )]),
                });
            }
        }
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
