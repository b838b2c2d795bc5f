//! `zael synth`: a blueprint's template on stdout.

use std::path::PathBuf;

use clap::parser::ValueSource;
use clap::{ArgMatches, Args, Command, ValueEnum};

use super::{ApiArgs, CliError, LimiterArgs, Output, RedisArgs, SharedArgs};
use crate::assets::{self, default_aggregator_binary, default_binary, write_all_or_nothing};
use crate::stacks::api::ApiOptions;
use crate::stacks::limiter::LimiterOptions;
use crate::stacks::redis::{RedisOptions, RedisOptionsError, WINDOWS_ALLOWED};
use crate::synth::{
    api_bundle, api_document, bundle, limiter_bundle, limiter_document, redis_document, Format,
    SynthError,
};
use crate::validate::Finding;

/// The systems zael synthesizes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum Blueprint {
    /// The DynamoDB rate limiter of seeds 000-002
    #[default]
    Limiter,
    /// The ElastiCache for Redis tier of seed 004
    Redis,
    /// The API Gateway -> Lambda in VPC -> DynamoDB service of seed 003
    Api,
}

impl Blueprint {
    fn name(self) -> &'static str {
        match self {
            Blueprint::Limiter => "limiter",
            Blueprint::Redis => "redis",
            Blueprint::Api => "api",
        }
    }
}

#[derive(Args, Debug)]
pub struct SynthArgs {
    /// Template format
    #[arg(long, value_enum, default_value_t = Format::Yaml)]
    pub format: Format,

    /// Which system to synthesize
    #[arg(long, value_enum, default_value_t = Blueprint::Limiter)]
    pub blueprint: Blueprint,

    /// Write the template, the Lambda zips it needs and manifest.json into DIR instead of
    /// printing the template
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,

    /// The prebuilt aggregator binary to package with --out [default: target/lambda/aggregator/bootstrap]
    #[arg(long, value_name = "PATH")]
    pub aggregator_binary: Option<PathBuf>,

    #[command(flatten)]
    pub shared: SharedArgs,

    #[command(flatten)]
    pub limiter: LimiterArgs,

    #[command(flatten)]
    pub redis: RedisArgs,

    #[command(flatten)]
    pub api: ApiArgs,
}

/// Runs `synth`; `matches` are the subcommand's, to tell flags given from defaults.
pub fn run(args: &SynthArgs, matches: &ArgMatches) -> Result<Output, CliError> {
    reject_flags_of_other_blueprints(args.blueprint, matches)?;
    let files = match args.blueprint {
        Blueprint::Limiter => {
            let mut options = LimiterOptions::default();
            args.shared.apply_to_limiter(&mut options);
            args.limiter.apply(&mut options)?;
            let role_format = options.role_name_format.is_some();
            let to_cli = |e| synth_error(&options.name, role_format, e);
            if args.out.is_none() {
                let document = limiter_document(&options).map_err(to_cli)?;
                return Ok(args.format.render(&document).into_bytes());
            }
            let binary = args
                .aggregator_binary
                .clone()
                .unwrap_or_else(default_aggregator_binary);
            limiter_bundle(&options, args.format, &binary).map_err(to_cli)?
        }
        Blueprint::Redis => {
            let mut options = RedisOptions::default();
            args.shared.apply_to_redis(&mut options);
            args.redis.apply(&mut options)?;
            let document =
                redis_document(&options).map_err(|e| synth_error(&options.name, false, e))?;
            if args.out.is_none() {
                return Ok(args.format.render(&document).into_bytes());
            }
            bundle(&document, args.format, &[])
        }
        Blueprint::Api => {
            let mut options = ApiOptions::default();
            args.shared.apply_to_api(&mut options);
            args.api.apply(&mut options);
            let to_cli = |e| synth_error(&options.name, false, e);
            if args.out.is_none() {
                let document = api_document(&options).map_err(to_cli)?;
                return Ok(args.format.render(&document).into_bytes());
            }
            let binary = args
                .api
                .api_handler_binary
                .clone()
                .unwrap_or_else(|| default_binary(assets::api_handler()));
            api_bundle(&options, args.format, &binary).map_err(to_cli)?
        }
    };
    let dir = args.out.as_ref().expect("only --out gets here");
    write_all_or_nothing(dir, &files).map_err(|error| {
        CliError::usage(format!(
            "cannot write into --out {}: {error}",
            dir.display()
        ))
    })?;
    for (name, contents) in &files {
        eprintln!(
            "wrote {} ({} bytes)",
            dir.join(name).display(),
            contents.len()
        );
    }
    Ok(Vec::new())
}

/// A flag of another blueprint would be ignored: refuse it rather than let the user believe
/// it took effect. The first such flag on the command line is named.
fn reject_flags_of_other_blueprints(
    blueprint: Blueprint,
    matches: &ArgMatches,
) -> Result<(), CliError> {
    let command = SynthArgs::augment_args(Command::new("synth"));
    let owned_by = [
        (Blueprint::Limiter, <LimiterArgs as Args>::group_id()),
        (Blueprint::Redis, <RedisArgs as Args>::group_id()),
        (Blueprint::Api, <ApiArgs as Args>::group_id()),
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

fn synth_error(name: &str, role_format_given: bool, error: SynthError) -> CliError {
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
        SynthError::ApiOptions(error) => CliError::usage(error.to_string()),
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The refusal of other blueprints' flags works by group, so it covers a new flag only if
    /// the flag is in exactly one group: shared, limiter, redis or api.
    #[test]
    fn every_synth_flag_belongs_to_exactly_one_group() {
        let command = SynthArgs::augment_args(Command::new("synth"));
        let groups: Vec<_> = [
            <SharedArgs as Args>::group_id(),
            <LimiterArgs as Args>::group_id(),
            <RedisArgs as Args>::group_id(),
            <ApiArgs as Args>::group_id(),
        ]
        .into_iter()
        .map(|id| id.expect("derived Args have a group"))
        .collect();
        for arg in command.get_arguments() {
            let id = arg.get_id();
            if ["format", "blueprint", "out", "aggregator_binary"].contains(&id.as_str()) {
                continue;
            }
            let owners = command
                .get_groups()
                .filter(|g| groups.contains(g.get_id()) && g.get_args().any(|a| a == id))
                .count();
            assert_eq!(owners, 1, "--{} is in {owners} groups", id.as_str());
        }
    }
}
