//! The commands of `zael-lifecycle`, one file each.

pub mod delete;
pub mod deploy;
pub mod diff;
pub mod register;
pub mod status;

use std::time::Duration;

use clap::Args;

/// How often a waiting command asks CloudFormation again.
#[derive(Args, Clone, Copy, Debug)]
pub struct Polling {
    /// Milliseconds between two looks at the stack's events (tests use less)
    #[arg(long = "poll-ms", value_name = "MS", default_value_t = 1000, hide = true,
          value_parser = clap::value_parser!(u64).range(10..=60_000))]
    pub poll_ms: u64,
}

impl Polling {
    pub fn interval(self) -> Duration {
        Duration::from_millis(self.poll_ms)
    }
}
