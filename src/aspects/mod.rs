//! Aspects: rules applied to every resource of a finished stack, whoever added it.
//!
//! An aspect sees each resource once, after the blueprint has built the stack, so a rule such
//! as "every role carries the permission boundary" also covers roles a blueprint adds later.
//! Implement [`Aspect`] for your own organisation's rules; the built-in ones use it too.

mod boundary;
mod encryption;
mod lambda_vpc;
mod name_formats;
mod tags;

pub use boundary::PermissionBoundary;
pub use encryption::CustomerManagedKey;
pub use lambda_vpc::{trusts_service, LambdaVpc};
pub use name_formats::{ManagedPolicyNameFormat, RoleNameFormat};
pub use tags::{check_tag, parse_tag, TagError, Tags, MAX_USER_TAGS};

use crate::template::{Resource, Stack};

pub trait Aspect {
    fn visit(&self, logical_id: &str, resource: &mut dyn Resource);
}

impl Stack {
    /// Runs `aspect` over every resource, in stack order.
    pub fn apply_aspect(&mut self, aspect: &dyn Aspect) {
        for entry in self.resources_mut() {
            aspect.visit(&entry.logical_id, entry.resource.as_mut());
        }
    }
}
