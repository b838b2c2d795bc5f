//! `zael status`: the stack's status, its last events, its outputs, and whether the deployed
//! template is the one synth makes now.

use clap::{ArgMatches, Args};

use crate::args::AwsArgs;
use crate::clients::Clients;
use crate::console::Console;
use crate::failure::Failure;
use crate::stack;
use crate::synthesized::{StackFlags, Synthesized};

/// How many of the latest events `status` shows.
const LAST_EVENTS: i32 = 10;

#[derive(Args, Debug)]
pub struct StatusArgs {
    #[command(flatten)]
    pub aws: AwsArgs,
    #[command(flatten)]
    pub stack: StackFlags,
}

pub async fn run(args: &StatusArgs, matches: &ArgMatches) -> Result<u8, Failure> {
    let synthesized = args.stack.synthesize(matches)?;
    let clients = Clients::new(&args.aws).await?;
    status(&synthesized, &clients, &mut Console::process()).await
}

/// The report on `synthesized`'s stack with `clients`, to `console`.
pub async fn status(
    synthesized: &Synthesized,
    clients: &Clients,
    console: &mut Console,
) -> Result<u8, Failure> {
    let name = &synthesized.stack_name;
    let Some(deployed) = stack::describe(clients, name).await? else {
        return Err(Failure::failed(format!(
            "no stack {name} ({}): deploy it with `zael deploy`",
            clients.location
        )));
    };
    let reason = deployed
        .reason
        .as_deref()
        .map(|r| format!(" ({r})"))
        .unwrap_or_default();
    console.line(&format!("{name}: {}{reason}", deployed.status));
    console.line(&format!("  {} ({})", deployed.id, clients.location));

    let events = clients
        .cloudformation
        .describe_stack_events()
        .stack_name(&deployed.id)
        .send()
        .await
        .map_err(|e| {
            crate::failure::aws(
                &format!("DescribeStackEvents {name}"),
                &clients.location,
                &e,
            )
        })?;
    let latest: Vec<_> = events
        .stack_events()
        .iter()
        .take(LAST_EVENTS as usize)
        .collect();
    if !latest.is_empty() {
        console.line("\nLast events (newest first)");
        for event in latest {
            let when = event
                .timestamp()
                .and_then(|t| {
                    t.fmt(aws_sdk_cloudformation::primitives::DateTimeFormat::DateTime)
                        .ok()
                })
                .unwrap_or_default();
            let reason = event
                .resource_status_reason()
                .map(|r| format!("  {r}"))
                .unwrap_or_default();
            console.line(&format!(
                "  {when}  {:<40} {}{reason}",
                event.logical_resource_id().unwrap_or_default(),
                event
                    .resource_status()
                    .map(|s| s.as_str())
                    .unwrap_or_default()
            ));
        }
    }
    if !deployed.outputs.is_empty() {
        console.line("");
        console.print(&stack::outputs_text(&deployed));
    }

    let template = stack::template(clients, name).await?;
    let diff = zael::diff::diff(&template, &synthesized.document, zael::diff::schema_facts());
    console.line("");
    if diff.is_empty() {
        console.line("Template: the deployed template is the one zael synth makes now");
    } else {
        console.line(&format!(
            "Template: differs from what zael synth makes now ({} resource change(s)); `zael diff` shows them, `zael deploy` applies them",
            diff.resources.len()
        ));
    }
    Ok(0)
}
