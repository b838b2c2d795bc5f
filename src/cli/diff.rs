//! `zael diff --template OLD`: what changes from a template file to the template synth makes
//! now, offline. Without `--template`, `zael diff` compares with the deployed stack, which
//! needs the AWS SDK: `zael-lifecycle diff` does that (see `lifecycle.rs`'s dispatch) with
//! the same engine.

use std::path::PathBuf;

use clap::{ArgMatches, Args, ValueEnum};

use super::stack_args::StackArgs;
use super::synth::document;
use super::{CliError, Output};
use crate::check::input::parse_template;
use crate::diff::{self, report, UpdateFacts};

/// The diff's output format.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    /// For people: each change with its label, then IAM and security-group changes
    #[default]
    Text,
    /// For CI: the same facts, with the exit code
    Json,
}

#[derive(Args, Debug)]
pub struct DiffArgs {
    /// The old template (YAML with short-form tags, or JSON); without it, the deployed stack's
    /// template (needs zael-lifecycle and AWS credentials)
    #[arg(long, value_name = "FILE")]
    pub template: Option<PathBuf>,

    /// Report format
    #[arg(long, value_enum, default_value_t = DiffFormat::Text)]
    pub format: DiffFormat,

    #[command(flatten)]
    pub stack: StackArgs,
}

/// The old template from `--template`, and its name for the report.
pub fn read_old(path: &std::path::Path) -> Result<serde_json::Value, CliError> {
    let text = crate::input::read_text(path, crate::input::TEMPLATE_LIMIT)
        .map_err(|e| CliError::usage(format!("cannot read --template {}: {e}", path.display())))?;
    parse_template(&text)
        .map_err(|e| CliError::usage(format!("--template {}: {e}", path.display())))
}

pub fn run(
    args: &DiffArgs,
    matches: &ArgMatches,
    facts: &dyn UpdateFacts,
) -> Result<Output, CliError> {
    let Some(path) = &args.template else {
        // `zael diff` without --template runs zael-lifecycle (see lifecycle.rs); only a
        // library caller gets here.
        return Err(CliError::usage(
            "comparing with the deployed stack needs the zael-lifecycle binary; give --template FILE to compare offline",
        ));
    };
    let resolved = args.stack.resolve(matches)?;
    let new = document(&resolved)?;
    let old = read_old(path)?;
    let subject = diff::blueprint::subject(format!("{} → zael synth", path.display()), &old, &new);
    Ok(render(
        &diff::diff(&old, &new, facts),
        args.format,
        &subject,
    ))
    .and_then(|(output, code)| {
        if code == 0 {
            Ok(output)
        } else {
            Err(CliError::Status(output, code))
        }
    })
}

/// The report of `diff` in `format`, and the exit code it carries.
pub fn render(diff: &diff::StackDiff, format: DiffFormat, subject: &str) -> (Output, u8) {
    let text = match format {
        DiffFormat::Text => report::text(diff, subject),
        DiffFormat::Json => report::json(diff, subject),
    };
    (text.into_bytes(), diff.exit_code())
}
