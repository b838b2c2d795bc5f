//! `zael synth`: a blueprint's template on stdout.

use std::path::PathBuf;

use clap::{ArgMatches, Args, Command};

use super::stack::{reject_flags_of_other_blueprints, synth_error, Blueprint, StackArgs};
use super::{CliError, Output};
use crate::assets::{default_aggregator_binary, write_all_or_nothing};
use crate::synth::{bundle, limiter_bundle, Format};

#[derive(Args, Debug)]
pub struct SynthArgs {
    /// Template format
    #[arg(long, value_enum, default_value_t = Format::Yaml)]
    pub format: Format,

    /// Write the template, the Lambda zips it needs and manifest.json into DIR instead of
    /// printing the template
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,

    /// The prebuilt aggregator binary to package with --out [default: target/lambda/aggregator/bootstrap]
    #[arg(long, value_name = "PATH")]
    pub aggregator_binary: Option<PathBuf>,

    #[command(flatten)]
    pub stack: StackArgs,
}

/// Runs `synth`; `matches` are the subcommand's, to tell flags given from defaults.
pub fn run(args: &SynthArgs, matches: &ArgMatches) -> Result<Output, CliError> {
    let command = SynthArgs::augment_args(Command::new("synth"));
    reject_flags_of_other_blueprints(&command, args.stack.blueprint, matches)?;
    if args.out.is_none() {
        let document = args.stack.document()?;
        return Ok(args.format.render(&document).into_bytes());
    }
    let files = match args.stack.blueprint {
        Blueprint::Limiter => {
            let options = args.stack.limiter_options()?;
            let role_format = options.role_name_format.is_some();
            let binary = args
                .aggregator_binary
                .clone()
                .unwrap_or_else(default_aggregator_binary);
            limiter_bundle(&options, args.format, &binary)
                .map_err(|e| synth_error(&options.name, role_format, e))?
        }
        Blueprint::Redis => bundle(&args.stack.document()?, args.format, &[]),
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::{LimiterArgs, RedisArgs, SharedArgs};

    /// The refusal of other blueprints' flags works by group, so it covers a new flag only if
    /// the flag is in exactly one group: shared, limiter or redis.
    #[test]
    fn every_synth_flag_belongs_to_exactly_one_group() {
        let command = SynthArgs::augment_args(Command::new("synth"));
        let groups: Vec<_> = [
            <SharedArgs as Args>::group_id(),
            <LimiterArgs as Args>::group_id(),
            <RedisArgs as Args>::group_id(),
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
