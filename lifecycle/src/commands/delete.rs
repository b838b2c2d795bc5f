//! `zael delete`: says first what stays behind (retained resources: the table, the archive
//! bucket, the key, the API Gateway account role), asks, deletes, and follows the events.

use std::time::Instant;

use clap::{ArgMatches, Args};
use serde_json::Value;

use super::DeletionFlags;
use crate::clients::Clients;
use crate::confirm;
use crate::console::Console;
use crate::deadline::Deadline;
use crate::failure::{self, Failure};
use crate::stack;
use crate::synthesized::{StackFlags, Synthesized};
use crate::watch::Watch;

#[derive(Args, Debug)]
pub struct DeleteArgs {
    #[command(flatten)]
    pub deletion: DeletionFlags,
    #[command(flatten)]
    pub stack: StackFlags,
}

/// The resources of `template` a stack deletion leaves in the account: (logical ID, type).
pub fn retained(template: &Value) -> Vec<(String, String)> {
    let Some(resources) = template.get("Resources").and_then(Value::as_object) else {
        return Vec::new();
    };
    resources
        .iter()
        .filter(|(_, r)| {
            r.get("DeletionPolicy")
                .and_then(Value::as_str)
                .is_some_and(|p| p == "Retain" || p == "RetainExceptOnCreate")
        })
        .map(|(id, r)| {
            let kind = r.get("Type").and_then(Value::as_str).unwrap_or("?");
            (id.clone(), kind.to_string())
        })
        .collect()
}

pub async fn run(args: &DeleteArgs, matches: &ArgMatches) -> Result<u8, Failure> {
    let started = Instant::now();
    let synthesized = args.stack.synthesize(matches)?;
    let clients = Clients::new(&args.deletion.aws).await?;
    delete(
        args,
        &synthesized,
        &clients,
        &mut Console::process(),
        started,
    )
    .await
}

/// The deletion of `synthesized`'s stack with `clients`, words to `console`: what `run` does
/// once the flags are read, and what tests drive against scripted AWS responses.
pub async fn delete(
    args: &DeleteArgs,
    synthesized: &Synthesized,
    clients: &Clients,
    console: &mut Console,
    started: Instant,
) -> Result<u8, Failure> {
    let name = synthesized.stack_name.clone();
    let Some(deployed) = stack::describe(clients, &name).await? else {
        return Err(Failure::failed(format!(
            "no stack {name} to delete ({})",
            clients.location
        )));
    };
    let template = stack::template(clients, &name).await?;
    let kept = retained(&template);
    let physical = stack::physical_ids(clients, &name).await?;
    console.line(&format!(
        "{name} ({}, {}): {}",
        clients.location, deployed.status, deployed.id
    ));
    if kept.is_empty() {
        console.line("Nothing stays behind: every resource is deleted with the stack.");
    } else {
        console.line("Stays behind (DeletionPolicy Retain), no longer managed by any stack:");
        for (id, kind) in &kept {
            let physical_id = physical
                .iter()
                .find(|(logical, _)| logical == id)
                .map(|(_, p)| p.as_str())
                .filter(|p| !p.is_empty())
                .unwrap_or("(not created)");
            console.line(&format!("  {id} ({kind}): {physical_id}"));
        }
        if template
            .get("Resources")
            .and_then(Value::as_object)
            .is_some_and(|r| {
                r.values().any(|v| {
                    v.get("Type").and_then(Value::as_str) == Some("AWS::ApiGateway::Account")
                })
            })
        {
            console.line("  The region's API Gateway account setting keeps naming the retained CloudWatch role, for every API of the region.");
        }
        console.line("Delete them by hand once their data is no longer needed.");
    }
    if !args.deletion.yes {
        if !console.interactive {
            return Err(Failure::usage(format!(
                "deleting {name} needs --yes when not run on a terminal"
            )));
        }
        if !confirm::ask(&format!("Delete the stack {name}?")) {
            console.note("not deleted\n");
            return Ok(failure::EXIT_FAILED);
        }
    }
    let mut watch = Watch::new(
        clients,
        &deployed.id,
        &name,
        started,
        args.deletion.polling.interval(),
    )
    .await?;
    clients
        .cloudformation
        .delete_stack()
        .stack_name(&deployed.id)
        .send()
        .await
        .map_err(|e| failure::aws(&format!("DeleteStack {name}"), &clients.location, &e))?;
    console.line("");
    watch
        .until_accepted(
            console,
            Deadline::starting_now(args.deletion.polling.stack_limit()),
            "zael delete",
            |status| status == "DELETE_COMPLETE",
        )
        .await?;
    console.line(&format!(
        "\n{name}: deleted in {:.1} s",
        started.elapsed().as_secs_f64()
    ));
    Ok(0)
}
