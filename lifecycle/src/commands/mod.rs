//! The commands of `zael-lifecycle`, one file each.

pub mod delete;
pub mod deploy;
pub mod diff;
pub mod fleet;
pub mod register;
pub mod status;

use std::time::Duration;

use clap::Args;

use zael::cli::BinaryFlags;

use crate::args::AwsArgs;

/// How often a waiting command asks CloudFormation again, and how long it waits.
#[derive(Args, Clone, Copy, Debug)]
pub struct Polling {
    /// Minutes to wait for the stack to settle before giving up (CloudFormation carries on)
    #[arg(long, value_name = "MINUTES", default_value_t = 60,
          value_parser = clap::value_parser!(u64).range(1..=1440))]
    pub timeout: u64,
    /// Milliseconds between two looks at the stack's events (tests use less)
    #[arg(long = "poll-ms", value_name = "MS", default_value_t = 1000, hide = true,
          value_parser = clap::value_parser!(u64).range(10..=60_000))]
    pub poll_ms: u64,
}

impl Polling {
    pub fn interval(self) -> Duration {
        Duration::from_millis(self.poll_ms)
    }

    pub fn stack_limit(self) -> Duration {
        Duration::from_secs(self.timeout * 60)
    }
}

/// The flags of every command that puts stacks up (`zael deploy`, `zael fleet apply`): the
/// Lambda binaries it packages, the wait, and where AWS is.
#[derive(Args, Debug)]
pub struct DeploymentFlags {
    #[command(flatten)]
    pub binaries: BinaryFlags,
    #[command(flatten)]
    pub polling: Polling,
    #[command(flatten)]
    pub aws: AwsArgs,
}

/// The flags of every deletion (`zael delete`, `zael fleet delete`): the confirmation, the
/// wait, and where AWS is.
#[derive(Args, Debug)]
pub struct DeletionFlags {
    /// Delete without asking (needed off a terminal)
    #[arg(long)]
    pub yes: bool,
    #[command(flatten)]
    pub polling: Polling,
    #[command(flatten)]
    pub aws: AwsArgs,
}
