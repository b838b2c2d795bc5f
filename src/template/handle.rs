//! Typed references to what a stack holds.
//!
//! A handle can only be obtained from the [`Stack`](super::Stack) that created the resource,
//! parameter or condition, so a builder cannot reference something that is not in the stack.
//! Attribute accessors (`table.arn()`) are defined per resource type beside its L1 struct.

use std::marker::PhantomData;

use super::Expr;

/// A resource of type `T` in a stack, named by its logical ID.
#[derive(Debug)]
pub struct Handle<T> {
    id: String,
    _type: PhantomData<fn() -> T>,
}

// Derived Clone would require `T: Clone`; a handle is only a name.
impl<T> Clone for Handle<T> {
    fn clone(&self) -> Self {
        Handle::new(self.id.clone())
    }
}

impl<T> Handle<T> {
    pub(super) fn new(id: String) -> Self {
        Handle {
            id,
            _type: PhantomData,
        }
    }

    pub fn logical_id(&self) -> &str {
        &self.id
    }

    /// `Ref` to the resource: what it returns depends on the type (a name, an ID or an ARN).
    pub fn reference(&self) -> Expr {
        Expr::Ref(self.id.clone())
    }

    /// `Fn::GetAtt` of one of the type's attributes. Types expose the valid ones as methods.
    pub(crate) fn attribute(&self, name: &str) -> Expr {
        Expr::GetAtt(self.id.clone(), name.to_string())
    }
}

/// A template parameter.
#[derive(Clone, Debug)]
pub struct ParameterHandle {
    id: String,
}

impl ParameterHandle {
    pub(super) fn new(id: String) -> Self {
        ParameterHandle { id }
    }

    pub fn logical_id(&self) -> &str {
        &self.id
    }

    pub fn reference(&self) -> Expr {
        Expr::Ref(self.id.clone())
    }
}

/// A named template condition.
#[derive(Clone, Debug)]
pub struct ConditionHandle {
    id: String,
}

impl ConditionHandle {
    pub(super) fn new(id: String) -> Self {
        ConditionHandle { id }
    }

    pub fn name(&self) -> &str {
        &self.id
    }

    /// `Fn::If [this, when_true, when_false]`.
    pub fn select(&self, when_true: impl Into<Expr>, when_false: impl Into<Expr>) -> Expr {
        Expr::if_(&self.id, when_true, when_false)
    }

    /// `{"Condition": name}`, for use inside other condition expressions.
    pub fn as_expr(&self) -> Expr {
        Expr::Condition(self.id.clone())
    }
}
