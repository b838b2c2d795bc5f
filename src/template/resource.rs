//! What every L1 resource type provides to the stack.

use std::any::Any;
use std::fmt::Debug;

use crate::resources::Tag;

/// A CloudFormation resource type: its type name and its `Properties` object.
///
/// Implemented by every L1 struct in `crate::resources` through `l1_resource!`, and open to
/// users who model a type zael does not ship. Aspects see resources through this trait and
/// downcast to the types they care about.
pub trait Resource: Any + Debug {
    /// The CloudFormation type, such as `AWS::DynamoDB::Table`.
    fn resource_type(&self) -> &'static str;

    /// The `Properties` object exactly as CloudFormation reads it.
    fn properties(&self) -> serde_json::Value;

    /// The resource's `Tags` list, for types that take the standard key/value list.
    fn tags_mut(&mut self) -> Option<&mut Vec<Tag>> {
        None
    }

    fn as_any(&self) -> &dyn Any;
    fn as_any_mut(&mut self) -> &mut dyn Any;
}

/// A resource type with a statically known CloudFormation type name, so handles to it can
/// offer typed attribute accessors.
pub trait ResourceType: Resource {
    const TYPE: &'static str;
}

impl dyn Resource {
    pub fn downcast_ref<T: Resource>(&self) -> Option<&T> {
        self.as_any().downcast_ref::<T>()
    }

    pub fn downcast_mut<T: Resource>(&mut self) -> Option<&mut T> {
        self.as_any_mut().downcast_mut::<T>()
    }
}

/// Implements [`Resource`] and [`ResourceType`] for an L1 property struct.
///
/// `l1_resource!(Table, "AWS::DynamoDB::Table", tags)` also exposes the struct's `tags` field.
#[macro_export]
macro_rules! l1_resource {
    ($ty:ty, $name:literal) => {
        $crate::l1_resource!(@impl $ty, $name, {});
    };
    ($ty:ty, $name:literal, tags) => {
        $crate::l1_resource!(@impl $ty, $name, {
            fn tags_mut(&mut self) -> Option<&mut Vec<$crate::resources::Tag>> {
                Some(&mut self.tags)
            }
        });
    };
    (@impl $ty:ty, $name:literal, { $($extra:tt)* }) => {
        impl $crate::template::Resource for $ty {
            fn resource_type(&self) -> &'static str {
                $name
            }
            fn properties(&self) -> serde_json::Value {
                $crate::template::to_value(self)
            }
            fn as_any(&self) -> &dyn std::any::Any {
                self
            }
            fn as_any_mut(&mut self) -> &mut dyn std::any::Any {
                self
            }
            $($extra)*
        }
        impl $crate::template::ResourceType for $ty {
            const TYPE: &'static str = $name;
        }
    };
}

/// A resource type's handle accessors: what its `Ref` returns, and its `Fn::GetAtt`
/// attributes, each a method named for what it gives (`table.arn()`, `queue.url()`).
///
/// `handle_accessors!(Role, ref name, get { arn: "Arn" })`: `role.name()` is the `Ref`,
/// `role.arn()` the `Fn::GetAtt` of `Arn`. Both parts are optional, and take doc comments.
#[macro_export]
macro_rules! handle_accessors {
    (
        $ty:ty
        $(, $(#[$ref_doc:meta])* ref $reference:ident)?
        $(, get { $($(#[$doc:meta])* $method:ident: $attribute:literal),* $(,)? })?
        $(,)?
    ) => {
        impl $crate::template::Handle<$ty> {
            $(
                #[doc = concat!("`Ref` of a `", stringify!($ty), "`: its ", stringify!($reference), ".")]
                $(#[$ref_doc])*
                pub fn $reference(&self) -> $crate::template::Expr {
                    self.reference()
                }
            )?
            $($(
                $(#[$doc])*
                pub fn $method(&self) -> $crate::template::Expr {
                    self.attribute($attribute)
                }
            )*)?
        }
    };
}
