//! Permission boundary on every IAM role.

use super::Aspect;
use crate::resources::iam::Role;
use crate::template::{Expr, Resource};

/// The managed policy that caps what every role of the stack may do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PermissionBoundary {
    /// A full policy ARN, used as given.
    Arn(String),
    /// A customer-managed policy name (optionally with a path) in the stack's own account and
    /// partition, resolved at deploy time.
    Name(String),
}

impl PermissionBoundary {
    /// Anything starting with `arn:` is an ARN; anything else a policy name.
    pub fn parse(value: &str) -> Self {
        if value.starts_with("arn:") {
            PermissionBoundary::Arn(value.to_string())
        } else {
            PermissionBoundary::Name(value.trim_start_matches('/').to_string())
        }
    }

    pub fn arn(&self) -> Expr {
        match self {
            PermissionBoundary::Arn(arn) => Expr::str(arn),
            PermissionBoundary::Name(name) => Expr::sub(format!(
                "arn:${{AWS::Partition}}:iam::${{AWS::AccountId}}:policy/{name}"
            )),
        }
    }
}

impl Aspect for PermissionBoundary {
    fn visit(&self, _logical_id: &str, resource: &mut dyn Resource) {
        if let Some(role) = resource.downcast_mut::<Role>() {
            role.permissions_boundary = Some(self.arn());
        }
    }
}
