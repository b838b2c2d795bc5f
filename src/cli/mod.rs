//! The command line: parsing and printing only; the work is done by the library.
//!
//! Exit codes: 0 success, 1 validation or policy findings, 2 bad usage or bad input.
//! Stdout carries the requested document and nothing else; every diagnostic goes to stderr,
//! and a failed command writes nothing to stdout.

mod api_args;
mod binary_flags;
mod check;
pub mod diff;
mod escape;
mod estimate;
mod explain;
pub mod fleet;
mod lambda_export;
mod lifecycle;
mod limiter_args;
mod redis_args;
mod schema;
mod shared_args;
mod sources;
mod stack_args;
mod synth;
mod wording;

use std::ffi::OsString;
use std::fmt;
use std::io::Write;

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};

pub use api_args::ApiArgs;
pub use binary_flags::BinaryFlags;
pub use limiter_args::{LimiterArgs, List};
pub use redis_args::RedisArgs;
pub use shared_args::SharedArgs;
pub use stack_args::{Resolved, StackArgs};
/// The validated template of a resolved stack: what `zael-lifecycle` deploys and compares.
pub use synth::document as synth_document;

#[derive(Parser, Debug)]
#[command(
    name = "zael",
    version,
    about = "Synthesize validated CloudFormation for the zael rate limiter, its Redis tier and the seed 003 API service",
    propagate_version = true,
    after_help = LIFECYCLE_HELP
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

/// The commands `zael` hands to `zael-lifecycle` (see `lifecycle.rs`): clap never sees them, so
/// `zael --help` names them here.
const LIFECYCLE_HELP: &str = "Commands that talk to AWS (run by the zael-lifecycle binary beside zael):
  deploy    Synthesize, upload the Lambda packages, create and execute a change set, follow the stack
  status    The stack's status, last events, outputs, and whether synth would change it
  delete    Delete the stack, saying first what stays behind
  register  Write the rate limiter's namespace registry and version record for zae-limiter
Each takes --help.";

/// `defer`: each subcommand's flags are defined only when it is the one run (or its help is
/// asked for); defining every command's flags was a tenth of `zael synth`'s instructions.
#[derive(Subcommand, Debug)]
#[command(defer = true)]
pub enum Command {
    /// Print a blueprint's CloudFormation template (or write it with its Lambda package)
    Synth(Box<synth::SynthArgs>),
    /// Check a stack (same flags as synth, or a profile) or a template file: CloudFormation's
    /// rules and organisational policy (cfn-guard); the report is printed on stdout
    Check(Box<check::CheckArgs>),
    /// Estimate a stack's monthly cost for a workload (same stack flags as synth, or a
    /// profile): capacity by seed 002's formulas, cost per component, on-demand against
    /// provisioned with auto scaling, the break-even and the billing mode to run
    Estimate(Box<estimate::EstimateArgs>),
    /// What a deploy would change: the deployed stack's template (or --template OLD) against
    /// the one synth makes now, each changed property labelled no interruption, conditional
    /// or replacement; IAM and security-group changes apart. Exit 0 no changes, 1 changes,
    /// 3 a stateful resource replaced or deleted
    Diff(Box<diff::DiffArgs>),
    /// What a rule checks: a layer-1 rule's code, title and doc, or a bundled guard rule's
    /// file (its intent, then the rule)
    Explain(explain::ExplainArgs),
    /// Write a Lambda artifact's deterministic zip (the aggregator unless --asset says)
    LambdaExport(lambda_export::LambdaExportArgs),
    /// Print a Lambda artifact's source hash: the content address in its S3 key
    AssetHash(lambda_export::AssetHashArgs),
    /// Plan and apply a fleet: one profile on CloudFormation StackSets in many accounts and regions
    /// (`plan --offline` here; plan, apply, status and delete against AWS need zael-lifecycle)
    Fleet(fleet::FleetArgs),
    /// Print the JSON Schema of stack profiles (stacks/profile.schema.json), or of fleet
    /// files with `fleet` (fleets/fleet.schema.json)
    Schema(schema::SchemaArgs),
}

/// Why a command failed, and so its exit code.
#[derive(Debug)]
pub enum CliError {
    /// Bad usage or bad input: exit 2.
    Usage(String),
    /// The template has findings: exit 1.
    Findings(Vec<String>),
    /// The command's document (a `check` report with errors) goes to stdout all the same;
    /// exit 1.
    Failed(Output),
    /// The command's document goes to stdout, and the process exits with this code (`diff`'s
    /// 1 for changes, 3 for a stateful resource replaced or deleted).
    Status(Output, u8),
}

impl CliError {
    pub fn usage(message: impl Into<String>) -> Self {
        CliError::Usage(message.into())
    }

    pub fn exit_code(&self) -> u8 {
        match self {
            CliError::Usage(_) => 2,
            CliError::Findings(_) | CliError::Failed(_) => 1,
            CliError::Status(_, code) => *code,
        }
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CliError::Usage(message) => {
                // One line per error (`synth --all` gives one per failing profile).
                let lines: Vec<String> = message
                    .split(ERROR_SEPARATOR)
                    .map(escape::escape_controls)
                    .collect();
                write!(f, "error: {}", lines.join(ERROR_SEPARATOR))
            }
            CliError::Findings(lines) => write!(f, "{}", lines.join("\n")),
            CliError::Failed(_) | CliError::Status(..) => Ok(()),
        }
    }
}

/// Between the errors of one usage failure that has several, each on its own line.
pub const ERROR_SEPARATOR: &str = "\nerror: ";

/// What a successful command prints on stdout.
pub type Output = Vec<u8>;

/// Runs the command line `args` and returns the process's exit status.
pub fn main(args: impl IntoIterator<Item = OsString>) -> u8 {
    let args: Vec<OsString> = args.into_iter().collect();
    if let Some(code) = args.get(1..).and_then(lifecycle::dispatch) {
        return code;
    }
    // Matches as well as the parsed flags: they tell a flag given from a default.
    let matches = match Cli::command().try_get_matches_from(args) {
        Ok(matches) => matches,
        Err(error) => return clap_exit(error),
    };
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(error) => return clap_exit(error),
    };
    let result = match (&cli.command, matches.subcommand()) {
        (Command::Synth(args), Some((_, synth_matches))) => synth::run(args, synth_matches),
        (Command::Check(args), Some((_, check_matches))) => check::run(args, check_matches),
        (Command::Estimate(args), Some((_, estimate_matches))) => {
            estimate::run(args, estimate_matches)
        }
        (Command::Diff(args), Some((_, diff_matches))) => {
            diff::run(args, diff_matches, crate::diff::schema_facts())
        }
        (Command::Synth(_) | Command::Check(_) | Command::Estimate(_) | Command::Diff(_), None) => {
            unreachable!("a parsed subcommand has its matches")
        }
        (Command::Explain(args), _) => explain::run(args),
        (Command::LambdaExport(args), _) => lambda_export::run(args),
        (Command::AssetHash(args), _) => Ok(lambda_export::asset_hash(args)),
        (Command::Fleet(args), _) => fleet::run(args),
        (Command::Schema(args), _) => Ok(schema::run(args)),
    };
    match result {
        Ok(output) => {
            print_stdout(&output);
            0
        }
        Err(CliError::Failed(output)) => {
            print_stdout(&output);
            1
        }
        Err(CliError::Status(output, code)) => {
            print_stdout(&output);
            code
        }
        Err(error) => {
            eprintln!("{error}");
            error.exit_code()
        }
    }
}

fn print_stdout(output: &[u8]) {
    let mut stdout = std::io::stdout().lock();
    // A closed pipe (`zael synth | head`) is the reader's choice, not our failure.
    let _ = stdout.write_all(output).and_then(|()| stdout.flush());
}

/// Help and version go to stdout; a usage error becomes one line on stderr and exit 2.
fn clap_exit(error: clap::Error) -> u8 {
    if matches!(
        error.kind(),
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion
    ) {
        // Through `print_stdout`: `zael --help | head` closes the pipe early, and `print!`
        // would panic on it.
        print_stdout(error.to_string().as_bytes());
        return 0;
    }
    if error.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand {
        // `zael` alone: one line naming the commands, not the whole help on stderr.
        let commands: Vec<String> = Cli::command()
            .get_subcommands()
            .filter(|c| !c.is_hide_set())
            .map(|c| c.get_name().to_string())
            .chain(lifecycle::COMMANDS.iter().map(|c| c.to_string()))
            .collect();
        eprintln!(
            "error: a command is required: {} (see `zael --help`)",
            commands.join(", ")
        );
        return 2;
    }
    let mut rendered = error.to_string();
    // clap prints the value as given: a line break in it would cut the one line.
    if let Some(ContextValue::String(value)) = error.get(ContextKind::InvalidValue) {
        let shown = escape::escape_controls(value);
        if &shown != value {
            rendered = rendered.replace(value.as_str(), &shown);
        }
    }
    let mut line = one_line(&rendered);
    // clap lists the missing arguments on lines of their own, which may come out empty.
    if error.kind() == ErrorKind::MissingRequiredArgument && line.ends_with(':') {
        if let Some(ContextValue::Strings(missing)) = error.get(ContextKind::InvalidArg) {
            line.push(' ');
            line.push_str(&missing.join(", "));
        }
    }
    eprintln!("{line}");
    2
}

/// clap's message is several lines (error, allowed values, tip, usage); keep the error, what
/// is allowed and any tip, on one line.
fn one_line(message: &str) -> String {
    let mut lines = message.lines().map(str::trim).filter(|l| !l.is_empty());
    let mut line = lines
        .next()
        .unwrap_or("error: invalid arguments")
        .to_string();
    for extra in lines {
        if let Some(allowed) = extra.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            line.push_str(&format!(": {allowed}"));
        } else if let Some(tip) = extra.strip_prefix("tip: ") {
            line.push_str(&format!(" ({tip})"));
        }
    }
    line
}
