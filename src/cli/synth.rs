//! `zael synth`: the stack's template on stdout.

use clap::{Args, ValueEnum};

use super::{CliError, LimiterArgs, Output};
use crate::stacks::limiter::LimiterOptions;
use crate::synth::{limiter_document, SynthError};
use crate::template::{to_json, to_yaml};
use crate::validate::Finding;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum Format {
    #[default]
    Yaml,
    Json,
}

#[derive(Args, Debug)]
pub struct SynthArgs {
    /// Template format
    #[arg(long, value_enum, default_value_t = Format::Yaml)]
    pub format: Format,

    #[command(flatten)]
    pub stack: LimiterArgs,
}

pub fn run(args: &SynthArgs) -> Result<Output, CliError> {
    let mut options = LimiterOptions::default();
    args.stack.apply(&mut options)?;
    let document = limiter_document(&options).map_err(|error| match error {
        SynthError::PhysicalName(finding) => CliError::usage(name_error(&options, &finding)),
        SynthError::Invalid(findings) => {
            CliError::Findings(findings.iter().map(|f| format!("error: {f}")).collect())
        }
    })?;
    let text = match args.format {
        Format::Yaml => to_yaml(&document),
        Format::Json => to_json(&document),
    };
    Ok(text.into_bytes())
}

/// Physical names derive from `--name` (and `--role-name-format` for roles): say which flag
/// to change, and by how much.
fn name_error(options: &LimiterOptions, finding: &Finding) -> String {
    let flags = if finding.path.ends_with(".RoleName") && options.role_name_format.is_some() {
        "--name or --role-name-format"
    } else {
        "--name"
    };
    let fix = match finding.excess {
        Some(excess) => format!("shorten {flags} by {excess} characters"),
        None => format!("{} (via {flags})", finding.hint),
    };
    format!(
        "invalid value '{}' for '--name': {}: {}; {fix}",
        options.name, finding.path, finding.message
    )
}
