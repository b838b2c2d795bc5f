//! `zael deploy`: synthesize, upload the Lambda packages, create a change set, show what it
//! will do, execute it, and follow the stack's events until it settles.

use std::time::{Duration, Instant};

use clap::{ArgMatches, Args, ValueEnum};
use serde_json::json;

use super::DeploymentFlags;
use crate::changeset::{self, Prepared};
use crate::clients::Clients;
use crate::confirm;
use crate::console::Console;
use crate::deadline::Deadline;
use crate::failure::{Failure, EXIT_NOT_APPROVED};
use crate::outcome;
use crate::parameters;
use crate::register::{register, Place};
use crate::stack;
use crate::synthesized::{StackFlags, Synthesized, Upload};
use crate::upload::{upload, Uploaded};
use crate::watch::Watch;

/// When a change set needs the user's approval before it runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Approval {
    /// Never ask: execute what the change set does (the default off a terminal)
    Never,
    /// Ask (or, off a terminal, refuse) when a stateful resource is replaced or deleted
    /// (the default on a terminal)
    Replacements,
}

#[derive(Args, Debug)]
pub struct DeployArgs {
    /// Create the change set and show it, but leave it for review instead of executing it
    #[arg(long)]
    pub no_execute: bool,
    /// When to stop for approval [default: replacements on a terminal, never otherwise]
    #[arg(long, value_enum, value_name = "WHEN")]
    pub require_approval: Option<Approval>,
    /// Approve in advance: execute even when a stateful resource is replaced or deleted
    #[arg(long)]
    pub yes: bool,
    /// A value for a template parameter synth cannot know, e.g. the api blueprint's
    /// DynamoDbPrefixListId=pl-... (repeatable; on an update, parameters not given keep
    /// their deployed values)
    #[arg(long = "parameter", value_name = "NAME=VALUE", value_parser = parameters::parse)]
    pub parameters: Vec<parameters::Override>,
    /// A namespace `deploy` registers in a limiter stack's registry (repeatable)
    #[arg(long = "namespace", value_name = "NAME", default_value = "default",
          value_parser = super::register::namespace_name)]
    pub namespaces: Vec<String>,
    /// Minutes to wait for CloudFormation to compute the change set before giving up
    #[arg(long, value_name = "MINUTES", default_value_t = 10,
          value_parser = clap::value_parser!(u64).range(1..=1440))]
    pub change_set_timeout: u64,
    #[command(flatten)]
    pub deployment: DeploymentFlags,
    #[command(flatten)]
    pub stack: StackFlags,
}

/// Statuses a stack may be updated from (besides not existing).
fn busy(status: &str) -> bool {
    status.ends_with("_IN_PROGRESS") && status != "REVIEW_IN_PROGRESS"
}

pub async fn run(args: &DeployArgs, matches: &ArgMatches) -> Result<u8, Failure> {
    let started = Instant::now();
    // Bad flags and missing packages are refused before AWS is asked anything.
    let synthesized = args.stack.synthesize(matches)?;
    parameters::check(&args.parameters, &synthesized.document)?;
    let uploads = synthesized.uploads(&args.deployment.binaries, &args.parameters)?;
    let clients = Clients::new(&args.deployment.aws).await?;
    deploy(
        args,
        &synthesized,
        &uploads,
        &clients,
        &mut Console::process(),
        started,
    )
    .await
}

/// The deploy of `synthesized` (its packages in `uploads`) with `clients`, words to
/// `console`, times counted from `started`: what `run` does once the flags are read, and
/// what tests drive against scripted AWS responses.
pub async fn deploy(
    args: &DeployArgs,
    synthesized: &Synthesized,
    uploads: &[Upload],
    clients: &Clients,
    console: &mut Console,
    started: Instant,
) -> Result<u8, Failure> {
    let name = synthesized.stack_name.clone();
    let existing = stack::describe(clients, &name).await?;
    if let Some(stack) = &existing {
        if stack.status == "ROLLBACK_COMPLETE" || busy(&stack.status) {
            let way_out = if busy(&stack.status) {
                "another operation is under way: wait until it settles (`zael status`) and deploy again".to_string()
            } else {
                outcome::way_out(&stack.status, &name, "zael deploy")
            };
            return Err(Failure::failed(format!(
                "{name} is {} ({}): {way_out}",
                stack.status, clients.location
            )));
        }
    }
    let create = existing
        .as_ref()
        .is_none_or(|s| s.status == "REVIEW_IN_PROGRESS");
    // Before any package is sent: a new stack needs every parameter without a default.
    let parameters = parameters::resolve(&args.parameters, &synthesized.document, create)?;

    // Before any package is sent: a stack of another blueprint under this name is not
    // turned into this one (its table or cache would go with it).
    let old = if create {
        json!({"Resources": {}})
    } else {
        stack::template(clients, &name).await?
    };
    if let Some((deployed, this)) =
        zael::diff::blueprint::other_blueprint(&old, &synthesized.document)
    {
        return Err(Failure::usage(format!(
            "{name} ({}) is a stack of blueprint {deployed}, and this deploy is blueprint {this}: it would replace the one with the other; give --blueprint {deployed}, or another --name for a stack of its own",
            clients.location
        )));
    }

    for item in uploads {
        let place = format!("s3://{}/{}", item.bucket, item.key);
        match upload(clients, item).await? {
            Uploaded::Sent => console.line(&format!(
                "{} package: uploaded to {place} ({} bytes)",
                item.package.asset.name,
                item.package.zip.len()
            )),
            Uploaded::AlreadyThere => console.line(&format!(
                "{} package: already at {place}, not sent again",
                item.package.asset.name
            )),
        }
    }

    let diff = zael::diff::diff(&old, &synthesized.document, zael::diff::schema_facts());
    let subject = if create {
        format!("{name} (new stack, {})", clients.location)
    } else {
        format!("{name} (deployed, {}) → zael synth", clients.location)
    };

    let prepared = changeset::prepare(
        clients,
        &name,
        &synthesized.body,
        parameters,
        create,
        args.deployment.polling.interval(),
        Deadline::starting_now(Duration::from_secs(args.change_set_timeout * 60)),
    )
    .await?;
    let (change_set_id, change_set_name, stack_id) = match prepared {
        Prepared::NoChanges => {
            console.line(&format!("{name}: no changes ({})", clients.location));
            return Ok(0);
        }
        Prepared::Ready { id, name, stack_id } => (id, name, stack_id),
    };
    console.print(&zael::diff::report::text(&diff, &subject));

    if args.no_execute {
        console.line(&format!(
            "\nChange set {change_set_name} left for review, not executed:\n  aws cloudformation describe-change-set --stack-name {name} --change-set-name {change_set_name}\n  aws cloudformation execute-change-set --stack-name {name} --change-set-name {change_set_name}"
        ));
        return Ok(0);
    }

    let interactive = console.interactive;
    let approval = args.require_approval.unwrap_or(if interactive {
        Approval::Replacements
    } else {
        Approval::Never
    });
    if approval == Approval::Replacements && diff.destroys_state() && !args.yes {
        let approved = interactive
            && confirm::ask(
                "This change set replaces or deletes a stateful resource (above). Execute it?",
            );
        if !approved {
            console.note(&format!(
                "error: not executed: the change set {change_set_name} replaces or deletes a stateful resource; review it, then run again with --yes (or execute it with `aws cloudformation execute-change-set --stack-name {name} --change-set-name {change_set_name}`)\n"
            ));
            return Ok(EXIT_NOT_APPROVED);
        }
    }

    // The stack the change set belongs to, by the ID CreateChangeSet returned: a name may
    // also match another stack (moto keeps the placeholder of an earlier `--no-execute`
    // beside the one a new CREATE change set makes).
    let mut watch = Watch::new(
        clients,
        &stack_id,
        &name,
        started,
        args.deployment.polling.interval(),
    )
    .await?;
    changeset::execute(clients, &name, &change_set_id).await?;
    console.line("");
    let status = watch
        .until_accepted(
            console,
            Deadline::starting_now(args.deployment.polling.stack_limit()),
            "zael deploy",
            outcome::succeeded,
        )
        .await?;
    let deployed = stack::describe(clients, &stack_id).await?;
    console.line(&format!(
        "\n{name}: {status} in {:.1} s",
        started.elapsed().as_secs_f64()
    ));
    if let Some(stack) = &deployed {
        console.print(&stack::outputs_text(stack));
    }
    if synthesized.blueprint == "limiter" {
        register_limiter(clients, console, &name, &args.namespaces).await?;
    }
    Ok(0)
}

/// zae-limiter's `connect()` needs the namespace registry and the version record on the
/// table (named as the stack): written after every limiter deploy, as `zael register` does.
async fn register_limiter(
    clients: &Clients,
    console: &mut Console,
    table: &str,
    namespaces: &[String],
) -> Result<(), Failure> {
    let place = Place {
        table: table.to_string(),
        location: clients.location.clone(),
    };
    let updated_by = format!("zael deploy (zael {})", env!("CARGO_PKG_VERSION"));
    let report = register(&clients.dynamodb, &place, namespaces, &updated_by)
        .await
        .map_err(|e| {
            Failure::failed(format!(
                "the stack is deployed, but its rate-limiter records are not: {e}; run `zael register` once it is fixed"
            ))
        })?;
    console.print(&super::register::report_text(&report, table));
    Ok(())
}
