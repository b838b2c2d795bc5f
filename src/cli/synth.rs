//! `zael synth`: the stack's template on stdout.

use std::path::PathBuf;

use clap::Args;

use super::{CliError, LimiterArgs, Output};
use crate::assets::{default_aggregator_binary, write_all_or_nothing};
use crate::stacks::limiter::LimiterOptions;
use crate::synth::{limiter_bundle, limiter_document, Format, SynthError};
use crate::validate::Finding;

#[derive(Args, Debug)]
pub struct SynthArgs {
    /// Template format
    #[arg(long, value_enum, default_value_t = Format::Yaml)]
    pub format: Format,

    /// Write the template, the aggregator's zip and manifest.json into DIR instead of
    /// printing the template
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,

    /// The prebuilt aggregator binary to package with --out [default: target/lambda/aggregator/bootstrap]
    #[arg(long, value_name = "PATH")]
    pub aggregator_binary: Option<PathBuf>,

    #[command(flatten)]
    pub stack: LimiterArgs,
}

pub fn run(args: &SynthArgs) -> Result<Output, CliError> {
    let mut options = LimiterOptions::default();
    args.stack.apply(&mut options)?;
    let to_cli = |error| synth_error(&options, error);
    let Some(dir) = &args.out else {
        let document = limiter_document(&options).map_err(to_cli)?;
        return Ok(args.format.render(&document).into_bytes());
    };
    let binary = args
        .aggregator_binary
        .clone()
        .unwrap_or_else(default_aggregator_binary);
    let files = limiter_bundle(&options, args.format, &binary).map_err(to_cli)?;
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

fn synth_error(options: &LimiterOptions, error: SynthError) -> CliError {
    match error {
        SynthError::PhysicalName(finding) => CliError::usage(name_error(options, &finding)),
        SynthError::Package(error) => CliError::usage(error.to_string()),
        SynthError::Invalid(findings) => {
            CliError::Findings(findings.iter().map(|f| format!("error: {f}")).collect())
        }
    }
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
