//! Physical names of the Redis tier's resources, all derived from `ZAEL-{name}-redis`.
//!
//! The replication group ID is the tightest limit: 40 characters, so `--name` can be at most
//! 29 characters long.

use crate::decimal::Decimal;

/// The names of the Redis tier blueprint's resources.
pub type Names = crate::stacks::names::Names<super::Redis>;

impl Names {
    pub fn replication_group(&self) -> String {
        self.stack().to_string()
    }

    pub fn subnet_group(&self) -> String {
        self.stack().to_string()
    }

    pub fn auth_secret(&self) -> String {
        self.suffixed("auth")
    }

    pub fn cache_security_group(&self) -> String {
        self.stack().to_string()
    }

    pub fn client_security_group(&self) -> String {
        self.suffixed("clients")
    }

    pub fn vpc(&self) -> String {
        self.stack().to_string()
    }

    /// Under `/aws/vendedlogs/`, the prefix AWS recommends for groups that log delivery
    /// writes to: the resource policy CloudWatch Logs keeps for delivery then grants the
    /// prefix once, instead of growing by one entry per group towards its size limit.
    pub fn log_group(&self, log_type: &str) -> String {
        format!("/aws/vendedlogs/elasticache/{}/{log_type}", self.stack())
    }

    /// `ZAEL-limiter-redis-001-engine-cpu`: the node, then what is watched.
    pub fn alarm(&self, node: usize, what: &str) -> String {
        [
            self.stack(),
            "-",
            Decimal::padded(node as u64, 3).as_str(),
            "-",
            what,
        ]
        .concat()
    }
}
