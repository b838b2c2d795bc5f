//! Physical names of the rate-limiter's resources, all derived from `ZAEL-{name}`.
//!
//! Role and policy components are short because IAM caps role names at 64 characters and
//! organisations prefix them (`--role-name-format`).

/// Role components: the aggregator's execution role and the three application roles.
pub const AGGREGATOR_ROLE: &str = "aggr";
pub const APP_ROLE: &str = "app";
pub const ADMIN_ROLE: &str = "admin";
pub const READ_ROLE: &str = "read";

/// Managed-policy components.
pub const ACQUIRE_POLICY: &str = "acq";
pub const FULL_POLICY: &str = "full";
pub const READ_POLICY: &str = "read";
pub const NAMESPACE_ACQUIRE_POLICY: &str = "ns-acq";
pub const NAMESPACE_FULL_POLICY: &str = "ns-full";
pub const NAMESPACE_READ_POLICY: &str = "ns-read";

/// The names of the rate-limiter blueprint's resources.
pub type Names = crate::stacks::names::Names<super::Limiter>;

impl Names {
    pub fn table(&self) -> String {
        self.stack().to_string()
    }

    /// Never `{stack}-aggregator` (nor `{stack}-limits-provisioner`): those are the names
    /// zae-limiter looks up to push its own Python code (`Repository.open()` with an old
    /// version stamp, `Repository.builder()` with infrastructure options, `zae-limiter
    /// upgrade`). Under its own name, zael's function is skipped by all of them.
    pub fn function(&self) -> String {
        self.suffixed("zael-agg")
    }

    pub fn dead_letter_queue(&self) -> String {
        self.suffixed("aggregator-dlq")
    }

    pub fn role(&self, component: &str) -> String {
        self.suffixed(component)
    }

    pub fn policy(&self, component: &str) -> String {
        self.suffixed(component)
    }

    pub fn alarm(&self, what: &str) -> String {
        self.suffixed(what)
    }
}
