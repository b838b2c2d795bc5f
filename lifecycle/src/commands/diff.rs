//! `zael diff` without `--template`: the deployed stack's template against the one synth
//! makes now, with the synthesizer's engine and report.

use clap::{ArgMatches, Args};
use zael::cli::diff::{render, DiffFormat};

use crate::args::AwsArgs;
use crate::clients::Clients;
use crate::failure::Failure;
use crate::stack;
use crate::synthesized::StackFlags;

#[derive(Args, Debug)]
pub struct DiffArgs {
    /// Report format
    #[arg(long, value_enum, default_value_t = DiffFormat::Text)]
    pub format: DiffFormat,
    #[command(flatten)]
    pub aws: AwsArgs,
    #[command(flatten)]
    pub stack: StackFlags,
}

/// The report on stdout; the exit code of the diff (0, 1 or 3).
pub async fn run(args: &DiffArgs, matches: &ArgMatches) -> Result<u8, Failure> {
    let synthesized = args.stack.synthesize(matches)?;
    let clients = Clients::new(&args.aws).await?;
    let name = &synthesized.stack_name;
    if stack::describe(&clients, name).await?.is_none() {
        return Err(Failure::failed(format!(
            "no stack {name} ({}): deploy it with `zael deploy`, or compare with a file with --template OLD",
            clients.location
        )));
    }
    let deployed = stack::template(&clients, name).await?;
    let diff = zael::diff::diff(&deployed, &synthesized.document, zael::diff::schema_facts());
    let subject = zael::diff::blueprint::subject(
        format!("{name} (deployed) → zael synth"),
        &deployed,
        &synthesized.document,
    );
    let (output, code) = render(&diff, args.format, &subject);
    crate::print_stdout(&output);
    Ok(code)
}
