//! Physical names, all derived from one stack name. Each blueprint adds the names of its own
//! resources in an `impl Names<ItsBlueprint>` (in its `names.rs`), so a blueprint can only ask
//! for names it defines, and the ones every blueprint shares are written once here.

use std::fmt;
use std::marker::PhantomData;

/// The physical names of blueprint `B`'s resources, derived from its stack name.
pub struct Names<B> {
    stack: String,
    blueprint: PhantomData<fn() -> B>,
}

// Derived Clone and Debug would require `B: Clone + Debug`; the names are only a string.
impl<B> Clone for Names<B> {
    fn clone(&self) -> Self {
        Names::new(&self.stack)
    }
}

impl<B> fmt::Debug for Names<B> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Names").field("stack", &self.stack).finish()
    }
}

impl<B> Names<B> {
    pub fn new(stack_name: &str) -> Self {
        Names {
            stack: stack_name.to_string(),
            blueprint: PhantomData,
        }
    }

    /// The stack name itself: the name of resources there is one of.
    pub fn stack(&self) -> &str {
        &self.stack
    }

    /// `{stack}-{suffix}`.
    pub fn suffixed(&self, suffix: &str) -> String {
        [self.stack.as_str(), "-", suffix].concat()
    }

    pub fn alarm_topic(&self) -> String {
        self.suffixed("alarms")
    }
}
