//! `zael-lifecycle`: the commands `zael deploy|diff|status|delete|register` run (see
//! `src/cli/lifecycle.rs` of the synthesizer). Exit codes: 0 done, 1 AWS refused or the stack
//! failed, 2 bad usage, 3 a stateful replacement not approved (deploy) or found (diff).
use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};
use zael_lifecycle::commands::{delete, deploy, diff, fleet, register, status};

#[derive(Parser)]
#[command(
    name = "zael",
    bin_name = "zael",
    version,
    about = "zael's commands that talk to AWS"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Synthesize, upload the Lambda packages, create a change set, show it, execute it and
    /// follow the stack's events until it settles
    Deploy(Box<deploy::DeployArgs>),
    /// The deployed stack's template against the one synth makes now
    Diff(Box<diff::DiffArgs>),
    /// The stack's status, last events, outputs, and whether its template is synth's
    Status(Box<status::StatusArgs>),
    /// Say what stays behind, ask, delete the stack and follow its events
    Delete(Box<delete::DeleteArgs>),
    /// Write what zae-limiter's `Repository.connect()` needs on a deployed limiter stack: the
    /// namespace registry and the version record
    Register(Box<register::RegisterArgs>),
    /// A fleet of stacks on CloudFormation StackSets: plan, apply, status, delete
    Fleet(Box<fleet::FleetArgs>),
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let matches = match Cli::command().try_get_matches() {
        Ok(matches) => matches,
        Err(error) => {
            let _ = error.print();
            return ExitCode::from(if error.use_stderr() { 2 } else { 0 });
        }
    };
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(error) => {
            let _ = error.print();
            return ExitCode::from(2);
        }
    };
    let sub = matches
        .subcommand()
        .map(|(_, m)| m)
        .expect("a subcommand is required");
    let result = match cli.command {
        Command::Deploy(args) => deploy::run(&args, sub).await,
        Command::Diff(args) => diff::run(&args, sub).await,
        Command::Status(args) => status::run(&args, sub).await,
        Command::Delete(args) => delete::run(&args, sub).await,
        Command::Register(args) => return register::run(*args).await,
        Command::Fleet(args) => fleet::run(&args).await,
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(failure) => {
            eprintln!("{failure}");
            ExitCode::from(failure.code)
        }
    }
}
