//! The flags that choose and configure a stack, read by `synth` and `check` alike: the
//! blueprint, the shared flags and each blueprint's own.

use clap::parser::ValueSource;
use clap::{ArgMatches, Args, Command, ValueEnum};
use serde_json::Value;

use super::{CliError, LimiterArgs, RedisArgs, SharedArgs};
use crate::stacks::limiter::{self, LimiterOptions};
use crate::stacks::redis::{self, RedisOptions, RedisOptionsError, WINDOWS_ALLOWED};
use crate::synth::{limiter_document, redis_document, SynthError};
use crate::validate::Finding;

/// The systems zael synthesizes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum Blueprint {
    /// The DynamoDB rate limiter of seeds 000-002
    #[default]
    Limiter,
    /// The ElastiCache for Redis tier of seed 004
    Redis,
}

impl Blueprint {
    pub fn name(self) -> &'static str {
        match self {
            Blueprint::Limiter => "limiter",
            Blueprint::Redis => "redis",
        }
    }
}

#[derive(Args, Debug, Clone, Default)]
pub struct StackArgs {
    /// Which system to synthesize
    #[arg(long, value_enum, default_value_t = Blueprint::Limiter)]
    pub blueprint: Blueprint,

    #[command(flatten)]
    pub shared: SharedArgs,

    #[command(flatten)]
    pub limiter: LimiterArgs,

    #[command(flatten)]
    pub redis: RedisArgs,
}

impl StackArgs {
    pub fn limiter_options(&self) -> Result<LimiterOptions, CliError> {
        let mut options = LimiterOptions::default();
        self.shared.apply_to_limiter(&mut options);
        self.limiter.apply(&mut options)?;
        Ok(options)
    }

    pub fn redis_options(&self) -> Result<RedisOptions, CliError> {
        let mut options = RedisOptions::default();
        self.shared.apply_to_redis(&mut options);
        self.redis.apply(&mut options)?;
        Ok(options)
    }

    /// The blueprint's validated template document.
    pub fn document(&self) -> Result<Value, CliError> {
        match self.blueprint {
            Blueprint::Limiter => {
                let options = self.limiter_options()?;
                let role_format = options.role_name_format.is_some();
                limiter_document(&options).map_err(|e| synth_error(&options.name, role_format, e))
            }
            Blueprint::Redis => {
                let options = self.redis_options()?;
                redis_document(&options).map_err(|e| synth_error(&options.name, false, e))
            }
        }
    }
}

impl StackArgs {
    /// The blueprint's template before validation, for `check` to report on in full; options
    /// that cannot make a template at all (Redis windows that overlap) are still refused.
    pub fn unvalidated_document(&self) -> Result<Value, CliError> {
        match self.blueprint {
            Blueprint::Limiter => Ok(limiter::build(&self.limiter_options()?).to_document()),
            Blueprint::Redis => {
                let options = self.redis_options()?;
                options
                    .validate()
                    .map_err(|e| synth_error(&options.name, false, e.into()))?;
                Ok(redis::build(&options).to_document())
            }
        }
    }
}

/// A flag of another blueprint would be ignored: refuse it rather than let the user believe
/// it took effect. The first such flag on the command line is named. `command` is the
/// subcommand's definition, `matches` its parsed flags.
pub fn reject_flags_of_other_blueprints(
    command: &Command,
    blueprint: Blueprint,
    matches: &ArgMatches,
) -> Result<(), CliError> {
    let owned_by = [
        (Blueprint::Limiter, <LimiterArgs as Args>::group_id()),
        (Blueprint::Redis, <RedisArgs as Args>::group_id()),
    ];
    let mut given = Vec::new();
    for (owner, group_id) in owned_by {
        let group_id = group_id.expect("derived Args have a group");
        let group = command
            .get_groups()
            .find(|g| g.get_id() == &group_id)
            .expect("every flattened Args adds its group");
        for arg in group.get_args() {
            let from_command_line =
                matches.value_source(arg.as_str()) == Some(ValueSource::CommandLine);
            if owner != blueprint && from_command_line {
                let position = matches.index_of(arg.as_str()).unwrap_or(usize::MAX);
                given.push((position, owner, arg.clone()));
            }
        }
    }
    let Some((_, owner, arg)) = given.into_iter().min_by_key(|(position, _, _)| *position) else {
        return Ok(());
    };
    let flag = command
        .get_arguments()
        .find(|a| a.get_id() == &arg)
        .and_then(|a| a.get_long())
        .expect("blueprint flags are long flags");
    Err(CliError::usage(format!(
        "--{flag} does not apply to --blueprint {}; it is a flag of --blueprint {}",
        blueprint.name(),
        owner.name()
    )))
}

pub fn synth_error(name: &str, role_format_given: bool, error: SynthError) -> CliError {
    match error {
        SynthError::PhysicalName(finding) => {
            CliError::usage(name_error(name, role_format_given, &finding))
        }
        SynthError::Package(error) => CliError::usage(error.to_string()),
        SynthError::Invalid(findings) => {
            CliError::Findings(findings.iter().map(|f| format!("error: {f}")).collect())
        }
        SynthError::RedisOptions(RedisOptionsError::WindowsOverlap {
            snapshot,
            maintenance,
            overlap,
        }) => CliError::usage(format!(
            "--cache-maintenance-window '{maintenance}' and --cache-snapshot-window '{snapshot}' share {overlap} UTC; {}",
            WINDOWS_ALLOWED
        )),
        SynthError::RedisOptions(other) => CliError::usage(other.to_string()),
    }
}

/// Physical names derive from `--name` (and `--role-name-format` for roles): say which flag
/// to change, and by how much.
fn name_error(name: &str, role_format_given: bool, finding: &Finding) -> String {
    let flags = if finding.path.ends_with(".RoleName") && role_format_given {
        "--name or --role-name-format"
    } else {
        "--name"
    };
    let fix = match finding.excess {
        Some(excess) => format!("shorten {flags} by {excess} characters"),
        None => format!("{} (via {flags})", finding.hint),
    };
    format!(
        "invalid value '{name}' for '--name': {}: {}; {fix}",
        finding.path, finding.message
    )
}
