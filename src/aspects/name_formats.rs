//! The organisation's naming formats on every IAM role and every managed policy.

use super::Aspect;
use crate::resources::iam::{ManagedPolicy, Role};
use crate::template::{Expr, Resource};

/// A role-name format such as `PowerUserPB-{}`: `{}` stands for the name the blueprint chose.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RoleNameFormat(pub String);

/// A managed-policy name format such as `PowerUserPB-{}`: `{}` stands for the name the
/// blueprint chose.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ManagedPolicyNameFormat(pub String);

impl Aspect for RoleNameFormat {
    fn visit(&self, _logical_id: &str, resource: &mut dyn Resource) {
        if let Some(role) = resource.downcast_mut::<Role>() {
            apply(&self.0, &mut role.role_name);
        }
    }
}

impl Aspect for ManagedPolicyNameFormat {
    fn visit(&self, _logical_id: &str, resource: &mut dyn Resource) {
        if let Some(policy) = resource.downcast_mut::<ManagedPolicy>() {
            apply(&self.0, &mut policy.managed_policy_name);
        }
    }
}

/// Puts a literal name into `format`; a name left to CloudFormation, or computed at deploy,
/// stays as it is.
fn apply(format: &str, name: &mut Option<Expr>) {
    if let Some(Expr::Str(name)) = name {
        *name = format.replacen("{}", name, 1);
    }
}
