//! `zael fleet plan|apply|status|delete FLEET`: a fleet of stacks on CloudFormation StackSets.
//! The fleet file is read and planned by the synthesizer (`zael::fleet`), exactly as `zael
//! fleet plan --offline` does; here the deployed stack sets come from StackSets, and `apply`
//! and `delete` run the operations.

use std::path::PathBuf;

use aws_sdk_cloudformation::types::CallAs;
use clap::{Args, Subcommand, ValueEnum};
use zael::cli::diff::DiffFormat;
use zael::cli::fleet::{self as offline, render, PlanArgs};
use zael::fleet::deployed::Deployed;
use zael::fleet::file::Permissions;
use zael::fleet::Fleet;

use super::deploy::Approval;
use super::{DeletionFlags, DeploymentFlags};
use crate::args::AwsArgs;
use crate::confirm;
use crate::failure::{Failure, EXIT_NOT_APPROVED};
use crate::fleet::apply;
use crate::fleet::operation::{self, InstanceResult};
use crate::fleet::state::{self, StackSets};
use crate::fleet::{owned, remove};

// `zael fleet`, with the subcommands this binary runs (a plain comment: see zael's FleetArgs).
pub type FleetArgs = offline::FleetArgs<FleetCommand>;

#[derive(Subcommand, Debug)]
pub enum FleetCommand {
    /// The plan against the deployed stack sets: target, action, diff labels, wave
    Plan(LivePlanArgs),
    /// Upload the packages, create or update the stack sets and their instances, and follow
    /// each operation until it settles
    Apply(Box<ApplyArgs>),
    /// Each stack set's instances: status and first failure reason (--format json: the
    /// deployed state that `zael fleet plan --offline --deployed` reads)
    Status(StatusArgs),
    /// Delete every instance (saying first what stays behind), then the stack sets
    Delete(DeleteArgs),
}

#[derive(Args, Debug)]
pub struct LivePlanArgs {
    #[command(flatten)]
    pub plan: PlanArgs,
    #[command(flatten)]
    pub aws: AwsArgs,
}

#[derive(Args, Debug)]
pub struct ApplyArgs {
    /// The fleet file
    #[arg(value_name = "FLEET")]
    pub file: PathBuf,
    /// When to stop for approval [default: replacements on a terminal, never otherwise]
    #[arg(long, value_enum, value_name = "WHEN")]
    pub require_approval: Option<Approval>,
    /// Approve in advance: apply even when a stateful resource is replaced or deleted
    #[arg(long)]
    pub yes: bool,
    /// Also delete the stack sets tagged as this fleet's (zael:fleet) that the fleet file no
    /// longer names, their instances first; without it they are listed and remain
    #[arg(long)]
    pub prune: bool,
    #[command(flatten)]
    pub deployment: DeploymentFlags,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum StatusFormat {
    #[default]
    Text,
    /// The deployed state, as `zael fleet plan --offline --deployed FILE` reads it
    Json,
}

#[derive(Args, Debug)]
pub struct StatusArgs {
    /// The fleet file
    #[arg(value_name = "FLEET")]
    pub file: PathBuf,
    #[arg(long, value_enum, default_value_t = StatusFormat::Text)]
    pub format: StatusFormat,
    #[command(flatten)]
    pub aws: AwsArgs,
}

#[derive(Args, Debug)]
pub struct DeleteArgs {
    /// The fleet file
    #[arg(value_name = "FLEET")]
    pub file: PathBuf,
    #[command(flatten)]
    pub deletion: DeletionFlags,
}

pub async fn run(args: &FleetArgs) -> Result<u8, Failure> {
    match &args.command {
        FleetCommand::Plan(plan) => run_plan(plan).await,
        FleetCommand::Apply(apply) => run_apply(apply).await,
        FleetCommand::Status(status) => run_status(status).await,
        FleetCommand::Delete(delete) => run_delete(delete).await,
    }
}

fn load(file: &std::path::Path) -> Result<Fleet, Failure> {
    offline::load(file).map_err(|e| match e {
        zael::cli::CliError::Findings(lines) => Failure::failed(
            lines
                .iter()
                .map(|l| l.strip_prefix("error: ").unwrap_or(l))
                .collect::<Vec<_>>()
                .join("\nerror: "),
        ),
        other => {
            let text = other.to_string();
            Failure::usage(text.strip_prefix("error: ").unwrap_or(&text).to_string())
        }
    })
}

/// The StackSets client of the command's region (the administrator's).
async fn stack_sets(aws: &AwsArgs, fleet: &Fleet) -> Result<StackSets, Failure> {
    let clients = crate::clients::Clients::new(aws).await?;
    let delegated = matches!(
        fleet.permissions,
        Permissions::ServiceManaged {
            delegated_admin: Some(true),
            ..
        }
    );
    Ok(StackSets {
        client: clients.cloudformation,
        location: clients.location,
        call_as: delegated.then_some(CallAs::DelegatedAdmin),
    })
}

fn names(fleet: &Fleet) -> Vec<String> {
    fleet.stack_sets.iter().map(|s| s.name.clone()).collect()
}

/// The fleet's stack sets as StackSets has them, then the ones tagged as the fleet's that
/// its file no longer names (planned as deleted, listed by status).
async fn deployed_and_others(api: &StackSets, fleet: &Fleet) -> Result<Deployed, Failure> {
    let mut deployed = state::fetch(api, &names(fleet)).await?;
    deployed.stack_sets.extend(owned::others(api, fleet).await?);
    Ok(deployed)
}

async fn run_plan(args: &LivePlanArgs) -> Result<u8, Failure> {
    if args.plan.offline {
        // `zael fleet plan --offline` is the synthesizer's; run here, it does the same.
        return match offline::run(&zael::cli::fleet::FleetArgs {
            command: zael::cli::fleet::FleetCommand::Plan(args.plan.clone()),
        }) {
            Ok(output) => {
                crate::print_stdout(&output);
                Ok(0)
            }
            Err(zael::cli::CliError::Status(output, code)) => {
                crate::print_stdout(&output);
                Ok(code)
            }
            Err(error) => Err(Failure::usage(
                error.to_string().trim_start_matches("error: ").to_string(),
            )),
        };
    }
    let fleet = load(&args.plan.file)?;
    let api = stack_sets(&args.aws, &fleet).await?;
    let deployed = deployed_and_others(&api, &fleet).await?;
    let plan = zael::fleet::plan::plan(&fleet, &deployed, zael::diff::schema_facts());
    let (output, code) = render(
        &fleet,
        &plan,
        args.plan.format,
        &format!("against StackSets, {}", api.location),
    );
    crate::print_stdout(&output);
    Ok(code)
}

async fn run_apply(args: &ApplyArgs) -> Result<u8, Failure> {
    let fleet = load(&args.file)?;
    apply::administration_role(&fleet.permissions)?;
    let api = stack_sets(&args.deployment.aws, &fleet).await?;
    let mut deployed = state::fetch(&api, &names(&fleet)).await?;
    // The fleet's stack sets it no longer names are planned (and deleted) only with --prune.
    let others = owned::others(&api, &fleet).await?;
    if args.prune {
        deployed.stack_sets.extend(others.iter().cloned());
    }
    let plan = zael::fleet::plan::plan(&fleet, &deployed, zael::diff::schema_facts());
    let (output, code) = render(
        &fleet,
        &plan,
        DiffFormat::Text,
        &format!("against StackSets, {}", api.location),
    );
    crate::print_stdout(&output);
    if !args.prune {
        for set in &others {
            println!(
                "{}: tagged as this fleet's but no longer in its file; it remains with its {} instance(s) (--prune deletes it)",
                set.name,
                set.instances.len()
            );
        }
    }
    if code == 0 {
        return Ok(0);
    }
    let interactive = crate::console::Console::process().interactive;
    let approval = args.require_approval.unwrap_or(if interactive {
        Approval::Replacements
    } else {
        Approval::Never
    });
    if approval == Approval::Replacements && code == zael::diff::EXIT_STATEFUL && !args.yes {
        let approved = interactive
            && confirm::ask(
                "This rollout replaces or deletes a stateful resource (above). Apply it?",
            );
        if !approved {
            eprintln!("error: not applied: the plan replaces or deletes a stateful resource; review it, then run again with --yes");
            return Ok(EXIT_NOT_APPROVED);
        }
    }
    let applied = apply::apply(&fleet, &plan, &deployed, &api, &args.deployment).await?;
    if args.prune {
        for set in &others {
            println!("\n{} (no longer in the fleet file)", set.name);
            remove::delete_stack_set(&api, &fleet, set, args.deployment.polling).await?;
        }
    }
    if applied.failed.is_empty() {
        println!("\nFleet applied: every instance succeeded");
        return Ok(0);
    }
    let lines: Vec<String> = applied
        .failed
        .iter()
        .map(|(set, r)| {
            format!(
                "{set} {}: {}",
                r.target,
                r.reason.as_deref().unwrap_or("failed")
            )
        })
        .collect();
    Err(Failure::failed(format!(
        "{} instance(s) failed within the failure tolerance (the rollout went on): {}",
        lines.len(),
        lines.join("; ")
    )))
}

async fn run_status(args: &StatusArgs) -> Result<u8, Failure> {
    let fleet = load(&args.file)?;
    let api = stack_sets(&args.aws, &fleet).await?;
    let deployed = deployed_and_others(&api, &fleet).await?;
    if args.format == StatusFormat::Json {
        let mut text = serde_json::to_string_pretty(&deployed).expect("a state serializes");
        text.push('\n');
        crate::print_stdout(text.as_bytes());
        return Ok(0);
    }
    print!("{}", status_text(&fleet, &deployed));
    Ok(0)
}

/// Each stack set: deployed or not, its template against synth's, and its instances.
pub fn status_text(fleet: &Fleet, deployed: &Deployed) -> String {
    let plan = zael::fleet::plan::plan(fleet, deployed, zael::diff::schema_facts());
    let mut out = String::new();
    for set in &fleet.stack_sets {
        let Some(old) = deployed.stack_set(&set.name) else {
            out.push_str(&format!(
                "{}: not deployed ({} target(s) planned)\n",
                set.name,
                set.targets.len()
            ));
            continue;
        };
        let template = match plan.stack_sets.iter().find(|s| s.name == set.name) {
            Some(s) if s.template_changes.is_empty() => "its template is synth's".to_string(),
            Some(s) => format!(
                "its template differs from synth's: {}",
                s.template_changes.join(", ")
            ),
            None => String::new(),
        };
        out.push_str(&format!(
            "{}: {}, {} instance(s); {template}\n",
            set.name,
            old.status,
            old.instances.len()
        ));
        let results: Vec<InstanceResult> = old
            .instances
            .iter()
            .map(|i| InstanceResult {
                target: format!("{}/{}", i.account, i.region),
                status: i.status.clone(),
                reason: i.status_reason.clone().filter(|r| !r.is_empty()),
            })
            .collect();
        out.push_str(&operation::table(&results));
        let missing: Vec<String> = set
            .targets
            .iter()
            .filter(|t| {
                !old.instances.iter().any(|i| {
                    i.region == t.region
                        && (i.account == t.place.id()
                            || i.organizational_unit.as_deref() == Some(t.place.id()))
                })
            })
            .map(|t| t.label())
            .collect();
        if !missing.is_empty() {
            out.push_str(&format!("  not deployed yet: {}\n", missing.join(", ")));
        }
    }
    for old in &deployed.stack_sets {
        if !fleet.stack_sets.iter().any(|s| s.name == old.name) {
            out.push_str(&format!(
                "{}: {}, {} instance(s); no longer in the fleet file (`zael fleet apply --prune` deletes it)\n",
                old.name,
                old.status,
                old.instances.len()
            ));
        }
    }
    out
}

async fn run_delete(args: &DeleteArgs) -> Result<u8, Failure> {
    let fleet = load(&args.file)?;
    let api = stack_sets(&args.deletion.aws, &fleet).await?;
    let deployed = state::fetch(&api, &names(&fleet)).await?;
    if deployed.stack_sets.is_empty() {
        return Err(Failure::failed(format!(
            "none of the fleet's stack sets ({}) exists ({})",
            names(&fleet).join(", "),
            api.location
        )));
    }
    for set in &deployed.stack_sets {
        let retained = zael::fleet::plan::retained(&set.template);
        println!(
            "{}: {} instance(s) to delete; stays behind in each: {}",
            set.name,
            set.instances.len(),
            if retained.is_empty() {
                "nothing".to_string()
            } else {
                retained.join(", ")
            }
        );
    }
    if !args.deletion.yes {
        let approved = crate::console::Console::process().interactive
            && confirm::ask("Delete these stack instances and stack sets?");
        if !approved {
            return Err(Failure::usage(
                "not deleted: pass --yes to delete without asking (required off a terminal)",
            ));
        }
    }
    for set in &deployed.stack_sets {
        remove::delete_stack_set(&api, &fleet, set, args.deletion.polling).await?;
    }
    Ok(0)
}
