//! The organisation's naming format on every IAM role.

use super::Aspect;
use crate::resources::iam::Role;
use crate::template::{Expr, Resource};

/// A role-name format such as `PowerUserPB-{}`: `{}` stands for the name the blueprint chose.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RoleNameFormat(pub String);

impl RoleNameFormat {
    pub fn apply(&self, name: &str) -> String {
        self.0.replacen("{}", name, 1)
    }
}

impl Aspect for RoleNameFormat {
    fn visit(&self, _logical_id: &str, resource: &mut dyn Resource) {
        if let Some(role) = resource.downcast_mut::<Role>() {
            if let Some(Expr::Str(name)) = &role.role_name {
                role.role_name = Some(Expr::Str(self.apply(name)));
            }
        }
    }
}
