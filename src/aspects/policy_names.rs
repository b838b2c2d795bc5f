//! The organisation's naming format on every managed policy.

use super::Aspect;
use crate::resources::iam::ManagedPolicy;
use crate::template::{Expr, Resource};

/// A managed-policy name format such as `PowerUserPB-{}`: `{}` stands for the name the
/// blueprint chose.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ManagedPolicyNameFormat(pub String);

impl ManagedPolicyNameFormat {
    pub fn apply(&self, name: &str) -> String {
        self.0.replacen("{}", name, 1)
    }
}

impl Aspect for ManagedPolicyNameFormat {
    fn visit(&self, _logical_id: &str, resource: &mut dyn Resource) {
        if let Some(policy) = resource.downcast_mut::<ManagedPolicy>() {
            if let Some(Expr::Str(name)) = &policy.managed_policy_name {
                policy.managed_policy_name = Some(Expr::Str(self.apply(name)));
            }
        }
    }
}
