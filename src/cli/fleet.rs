//! `zael fleet plan FILE --offline`: the fleet's plan without AWS (every target a create, or
//! against a deployed state written by `zael fleet status --format json`). Without
//! `--offline`, and for `apply`, `status` and `delete`, `zael-lifecycle` runs (see
//! `lifecycle.rs`'s dispatch) with the same planning and report.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};

use super::diff::DiffFormat;
use super::wording::{options_error, settings_error};
use super::{CliError, Output};
use crate::check::packs::pack;
use crate::check::{check, Policy};
use crate::fleet::deployed::{self, Deployed, DEPLOYED_LIMIT};
use crate::fleet::plan::Plan;
use crate::fleet::resolve::set_defaults;
use crate::fleet::{self, report, Fleet, FleetError, StackSet};
use crate::validate::{Body, Severity};

// The `fleet` command: one of its subcommands. `C` is zael's (`FleetCommand`: `plan
// --offline` run here, the rest handed on) or zael-lifecycle's, which names the same
// subcommands with the flags it reads. Not a doc comment: clap would make it the command's
// help, in place of the text `Command::Fleet` gives.
#[derive(Args, Debug)]
pub struct FleetArgs<C: Subcommand = FleetCommand> {
    #[command(subcommand)]
    pub command: C,
}

#[derive(Subcommand, Debug)]
pub enum FleetCommand {
    /// Synthesize and check every target's template and print the plan: target, action,
    /// diff labels (replacements first) and rollout wave. Exit 0 no changes, 1 changes, 3 a
    /// stateful resource replaced or deleted (against AWS needs zael-lifecycle; --offline
    /// does not)
    Plan(PlanArgs),
    /// Upload, create or update the stack sets and their instances, follow each operation
    /// (needs zael-lifecycle; `zael fleet apply --help` for its flags)
    Apply(LifecycleArgs),
    /// Each stack set's instances: status and first failure reason (needs zael-lifecycle)
    Status(LifecycleArgs),
    /// Delete every instance, then the stack sets (needs zael-lifecycle)
    Delete(LifecycleArgs),
}

/// The line of a command that `zael-lifecycle` runs: `zael` hands it on unread (see
/// `lifecycle.rs`), so here it only names the command in `zael fleet --help`.
#[derive(Args, Clone, Debug)]
pub struct LifecycleArgs {
    /// The fleet file, then the command's flags (`--help` shows them)
    #[arg(
        value_name = "FLEET [FLAGS]",
        trailing_var_arg = true,
        allow_hyphen_values = true
    )]
    pub line: Vec<std::ffi::OsString>,
}

#[derive(Args, Clone, Debug)]
pub struct PlanArgs {
    /// The fleet file (fleet.yaml; `zael schema fleet` prints its JSON Schema)
    #[arg(value_name = "FLEET")]
    pub file: PathBuf,
    /// Plan without AWS: against --deployed, or with nothing deployed
    #[arg(long)]
    pub offline: bool,
    /// With --offline: the deployed state as `zael fleet status --format json` wrote it
    #[arg(long, value_name = "FILE", requires = "offline")]
    pub deployed: Option<PathBuf>,
    /// Report format
    #[arg(long, value_enum, default_value_t = DiffFormat::Text)]
    pub format: DiffFormat,
}

pub fn run(args: &FleetArgs) -> Result<Output, CliError> {
    match &args.command {
        FleetCommand::Plan(plan) => run_plan(plan),
        // `zael` hands these to zael-lifecycle before parsing; only a library caller gets
        // here.
        FleetCommand::Apply(_) | FleetCommand::Status(_) | FleetCommand::Delete(_) => Err(
            CliError::usage("zael fleet apply, status and delete need the zael-lifecycle binary"),
        ),
    }
}

fn run_plan(args: &PlanArgs) -> Result<Output, CliError> {
    if !args.offline {
        // `zael fleet plan` without --offline runs zael-lifecycle; only a library caller
        // gets here.
        return Err(CliError::usage(
            "planning against the deployed stack sets needs the zael-lifecycle binary; give --offline to plan without AWS",
        ));
    }
    let fleet = load(&args.file)?;
    let deployed = match &args.deployed {
        Some(path) => read_deployed(path)?,
        None => Deployed::default(),
    };
    let subject = match &args.deployed {
        Some(path) => format!("against {}", path.display()),
        None => "offline, nothing deployed".to_string(),
    };
    let plan = fleet::plan::plan(&fleet, &deployed, crate::diff::schema_facts());
    let (output, code) = render(&fleet, &plan, args.format, &subject);
    if code == 0 {
        Ok(output)
    } else {
        Err(CliError::Status(output, code))
    }
}

/// The fleet at `path`, resolved and checked: every stack set's template passes layer 1
/// (synth refuses otherwise) and the baseline policy pack.
pub fn load(path: &Path) -> Result<Fleet, CliError> {
    let fleet = fleet::load(path).map_err(|e| CliError::usage(fleet_error(&e)))?;
    check_templates(&fleet)?;
    Ok(fleet)
}

/// The fleet error in the user's words.
pub fn fleet_error(error: &FleetError) -> String {
    match error {
        FleetError::File(e) => e.to_string(),
        FleetError::Settings {
            file,
            target,
            error,
        } => format!("{file}: {target}: {}", settings_error(error)),
        FleetError::Options {
            file,
            target,
            error,
        } => format!("{file}: {target}: {}", options_error(error)),
        FleetError::Synth { .. } => error.to_string(),
    }
}

/// `zael check` on each stack set's template as each of its targets deploys it: the baseline
/// pack, with the profile's suppressions. A target whose parameter overrides differ deploys
/// other values (a shorter log retention, say), so each distinct parameter set is checked,
/// once: most fleets have few. Errors stop the plan (exit 1), each naming its stack set and
/// the targets that carry it.
fn check_templates(fleet: &Fleet) -> Result<(), CliError> {
    let policy = Policy {
        rule_files: pack("baseline").expect("bundled").rule_files(),
        min_log_retention_days: 30,
        require_permission_boundary: false,
        skips: fleet.skips.clone(),
        no_skip: Vec::new(),
        baseline_advisory: false,
    };
    let mut findings = Vec::new();
    for set in &fleet.stack_sets {
        // (rule, path, message) → the indices of the targets it holds for, in finding order.
        let mut found: Vec<((String, String, String), Vec<usize>)> = Vec::new();
        for (parameters, targets) in parameter_sets(set) {
            let mut document = set.document.clone();
            set_defaults(&mut document, parameters);
            let report = check(
                format!("stack set {}", set.name),
                &document,
                Body::Synthesized,
                &|path| Some(super::sources::source(set.blueprint, path)),
                &policy,
            )
            .map_err(|e| {
                CliError::usage(format!(
                    "{}: {}",
                    fleet.path.display(),
                    super::wording::check_error(&e)
                ))
            })?;
            for item in report
                .items
                .iter()
                .filter(|i| i.severity == Severity::Error)
            {
                let key = (item.rule.clone(), item.path.clone(), item.message.clone());
                match found.iter_mut().find(|(k, _)| *k == key) {
                    Some((_, holders)) => holders.extend(&targets),
                    None => found.push((key, targets.clone())),
                }
            }
        }
        for ((rule, path, message), mut holders) in found {
            holders.sort_unstable();
            findings.push(format!(
                "error: {}: stack set {} ({}): {rule} {path}: {message}",
                fleet.path.display(),
                set.name,
                holders_text(set, &holders)
            ));
        }
    }
    if findings.is_empty() {
        Ok(())
    } else {
        findings.push("(`zael check --stack PROFILE` shows each finding's hint; a profile's `skip` suppresses a rule with its reason; a target's overrides give its own values)".into());
        Err(CliError::Findings(findings))
    }
}

/// The stack set's distinct parameter sets, in the order of their first target, each with the
/// indices of the targets that deploy it.
fn parameter_sets(set: &StackSet) -> Vec<(&BTreeMap<String, String>, Vec<usize>)> {
    let mut sets: Vec<(&BTreeMap<String, String>, Vec<usize>)> = Vec::new();
    let mut index: HashMap<&BTreeMap<String, String>, usize> = HashMap::new();
    for (t, target) in set.targets.iter().enumerate() {
        match index.get(&target.parameters) {
            Some(&known) => sets[known].1.push(t),
            None => {
                index.insert(&target.parameters, sets.len());
                sets.push((&target.parameters, vec![t]));
            }
        }
    }
    sets
}

/// Most targets a finding lists by name; past it, how many more.
const NAMED_TARGETS: usize = 10;

/// `all 3 targets`, `target 111122223333/us-east-1`, `targets a/x, b/x and 12 more`: labels as
/// the plan's table and JSON print them.
fn holders_text(set: &StackSet, holders: &[usize]) -> String {
    if holders.len() == set.targets.len() && holders.len() > 1 {
        return format!("all {} targets", holders.len());
    }
    let mut names: Vec<String> = holders
        .iter()
        .take(NAMED_TARGETS)
        .map(|&t| set.targets[t].label())
        .collect();
    if holders.len() > NAMED_TARGETS {
        names.push(format!("and {} more", holders.len() - NAMED_TARGETS));
    }
    let noun = if holders.len() == 1 {
        "target"
    } else {
        "targets"
    };
    format!("{noun} {}", names.join(", "))
}

/// Reads a deployed state written by `zael fleet status --format json`.
fn read_deployed(path: &Path) -> Result<Deployed, CliError> {
    let text = crate::input::read_text(path, DEPLOYED_LIMIT)
        .map_err(|e| CliError::usage(format!("cannot read --deployed {}: {e}", path.display())))?;
    deployed::parse(&text)
        .map_err(|e| CliError::usage(format!("--deployed {}: {e}", path.display())))
}

/// The plan in `format`, and its exit code.
pub fn render(fleet: &Fleet, plan: &Plan, format: DiffFormat, subject: &str) -> (Output, u8) {
    let text = match format {
        DiffFormat::Text => report::text(fleet, plan, subject),
        DiffFormat::Json => report::json(fleet, plan, subject),
    };
    (text.into_bytes(), plan.exit_code())
}
