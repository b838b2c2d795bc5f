//! `zael status`: the stack's status, its last events, its outputs, and whether the deployed
//! template is the one synth makes now.

use clap::{ArgMatches, Args};

use crate::args::AwsArgs;
use crate::clients::Clients;
use crate::failure::Failure;
use crate::stack;
use crate::synthesized::StackFlags;

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
    let name = &synthesized.stack_name;
    let Some(deployed) = stack::describe(&clients, name).await? else {
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
    println!("{name}: {}{reason}", deployed.status);
    println!("  {} ({})", deployed.id, clients.location);

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
        println!("\nLast events (newest first)");
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
            println!(
                "  {when}  {:<40} {}{reason}",
                event.logical_resource_id().unwrap_or_default(),
                event
                    .resource_status()
                    .map(|s| s.as_str())
                    .unwrap_or_default()
            );
        }
    }
    if !deployed.outputs.is_empty() {
        println!();
        print!("{}", stack::outputs_text(&deployed));
    }

    let template = stack::template(&clients, name).await?;
    let diff = zael::diff::diff(&template, &synthesized.document, zael::diff::schema_facts());
    println!();
    if diff.is_empty() {
        println!("Template: the deployed template is the one zael synth makes now");
    } else {
        println!(
            "Template: differs from what zael synth makes now ({} resource change(s)); `zael diff` shows them, `zael deploy` applies them",
            diff.resources.len()
        );
    }
    Ok(0)
}
