//! `zael check`: the report of both layers on a stack (the flags of `synth`) or on a template
//! file. The report is the document of this command, so it goes to stdout; exit 1 when it has
//! errors (warnings alone exit 0), 2 for bad input or usage.

use std::io::IsTerminal;
use std::path::PathBuf;

use clap::parser::ValueSource;
use clap::{ArgMatches, Args, Command};

use super::stack_args::{flag_groups, StackArgs};
use super::synth::unvalidated_document;
use super::{sources, wording};
use super::{CliError, Output};
use crate::check::format::ReportFormat;
use crate::check::guard::RuleFile;
use crate::check::input::parse_template;
use crate::check::packs::{pack, user_rules, PACKS};
use crate::check::{check, names_rule, rule_catalogue, Policy, Skip};
use crate::stacks::ValueError;
use crate::validate::Body;

fn pack_name(v: &str) -> Result<String, ValueError> {
    match pack(v) {
        Some(_) => Ok(v.to_string()),
        None => Err(ValueError::not_allowed(format!(
            "no such pack; bundled: {}",
            PACKS.iter().map(|p| p.name).collect::<Vec<_>>().join(", ")
        ))),
    }
}

#[derive(Args, Debug)]
pub struct CheckArgs {
    /// Check these template files (YAML with short-form tags such as !Ref, or JSON) instead
    /// of a synthesized stack; one report per file
    #[arg(long, value_name = "FILE", num_args = 1..)]
    pub template: Vec<PathBuf>,

    /// Template files to check, as with --template
    #[arg(value_name = "FILE")]
    pub files: Vec<PathBuf>,

    /// Report format
    #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
    pub format: ReportFormat,

    /// Also run a bundled rule pack (rules/NAME/). Baseline always runs: on a --template its
    /// findings are warnings unless --pack or --rules is given [possible values: baseline, production]
    #[arg(long = "pack", value_name = "NAME", value_parser = pack_name)]
    pub packs: Vec<String>,

    /// Also run every .guard file in DIR
    #[arg(long, value_name = "DIR")]
    pub rules: Vec<PathBuf>,

    /// Suppress a rule (its id, e.g. ZG201, or full name); each --skip needs a --reason
    #[arg(long = "skip", value_name = "RULE")]
    pub skips: Vec<String>,

    /// Why the preceding --skip is acceptable; listed in every report
    #[arg(long = "reason", value_name = "TEXT")]
    pub reasons: Vec<String>,

    /// A rule that may not be suppressed (besides rules marked `# zael: unsuppressible`)
    #[arg(long = "no-skip", value_name = "RULE")]
    pub no_skip: Vec<String>,

    /// Shortest log retention the organisation accepts (rule ZG106)
    #[arg(long, value_name = "DAYS", default_value_t = 30)]
    pub min_log_retention_days: u32,

    /// Every IAM role must have a permission boundary (rule ZG109)
    #[arg(long)]
    pub require_permission_boundary: bool,

    /// Print every rule that would run, and exit
    #[arg(long)]
    pub list_rules: bool,

    #[command(flatten)]
    pub stack: StackArgs,
}

pub fn run(args: &CheckArgs, matches: &ArgMatches) -> Result<Output, CliError> {
    let command = CheckArgs::augment_args(Command::new("check"));
    let mut policy = policy(args)?;
    if args.list_rules {
        return Ok(list_rules(&policy).into_bytes());
    }
    let files: Vec<&PathBuf> = args.template.iter().chain(&args.files).collect();
    if files.is_empty() {
        let resolved = args.stack.resolve(matches)?;
        policy.skips.extend(resolved.skips.iter().cloned());
        let document = unvalidated_document(&resolved)?;
        let blueprint = resolved.options.blueprint();
        let name = blueprint.name();
        let subject = match &resolved.profile {
            Some(path) => format!("zael synth --stack {}", path.display()),
            None => format!("zael synth --blueprint {name}"),
        };
        return report(
            args,
            &policy,
            vec![(subject, document, Body::Synthesized)],
            Some(blueprint),
        );
    }
    refuse_stack_flags(&command, matches)?;
    // Every file is read before any is checked: bad input exits 2 with nothing on stdout.
    let mut templates = Vec::new();
    for path in files {
        let text = crate::input::read_text(path, crate::input::TEMPLATE_LIMIT).map_err(|e| {
            CliError::usage(format!("cannot read --template {}: {e}", path.display()))
        })?;
        let mut document = parse_template(&text)
            .map_err(|e| CliError::usage(format!("--template {}: {e}", path.display())))?;
        for notice in crate::check::language::prepare(&mut document) {
            eprintln!("note: {}: {notice}", path.display());
        }
        templates.push((
            format!("file {}", path.display()),
            document,
            Body::File(text.len()),
        ));
    }
    report(args, &policy, templates, None)
}

/// One report per template, in the order given, in one document of the format; exit 1 if
/// any has an error.
fn report(
    args: &CheckArgs,
    policy: &Policy,
    templates: Vec<(String, serde_json::Value, Body)>,
    blueprint: Option<crate::blueprint::BlueprintName>,
) -> Result<Output, CliError> {
    let colour = args.format == ReportFormat::Text
        && std::io::stdout().is_terminal()
        && std::env::var_os("NO_COLOR").is_none();
    let mut reports = Vec::new();
    for (subject, document, body) in templates {
        let source = |path: &str| blueprint.map(|b| sources::source(b, path));
        let report = check(subject, &document, body, &source, policy)
            .map_err(|e| CliError::usage(wording::check_error(&e)))?;
        reports.push(report);
    }
    let errors: usize = reports.iter().map(|r| r.errors()).sum();
    let output = args.format.render_all(&reports, colour).into_bytes();
    if errors > 0 {
        Err(CliError::Failed(output))
    } else {
        Ok(output)
    }
}

fn policy(args: &CheckArgs) -> Result<Policy, CliError> {
    if args.skips.len() != args.reasons.len() {
        return Err(CliError::usage(format!(
            "every --skip needs its --reason: {} --skip, {} --reason",
            args.skips.len(),
            args.reasons.len()
        )));
    }
    let mut rule_files: Vec<RuleFile> = pack("baseline").expect("bundled").rule_files();
    // Baseline always runs; naming it enforces it on a template zael did not synthesize.
    for name in args.packs.iter().filter(|p| *p != "baseline") {
        rule_files.extend(pack(name).expect("parsed pack names exist").rule_files());
    }
    for dir in &args.rules {
        rule_files.extend(user_rules(dir).map_err(|e| CliError::usage(wording::rules_error(&e)))?);
    }
    Ok(Policy {
        rule_files,
        min_log_retention_days: args.min_log_retention_days,
        require_permission_boundary: args.require_permission_boundary,
        skips: args
            .skips
            .iter()
            .zip(&args.reasons)
            .map(|(rule, reason)| Skip {
                rule: rule.clone(),
                reason: reason.clone(),
            })
            .collect(),
        no_skip: args.no_skip.clone(),
        baseline_advisory: !(args.template.is_empty() && args.files.is_empty())
            && args.packs.is_empty()
            && args.rules.is_empty(),
    })
}

fn list_rules(policy: &Policy) -> String {
    rule_catalogue(policy)
        .into_iter()
        .map(|(rule, marked)| {
            let forbidden = marked || policy.no_skip.iter().any(|n| names_rule(n, &rule.id));
            let note = if forbidden { "\tunsuppressible" } else { "" };
            format!("{}\t{}\t{}{note}\n", rule.id, rule.title, rule.origin)
        })
        .collect()
}

/// `--template` checks that file: a stack flag would be silently ignored, so refuse it.
fn refuse_stack_flags(command: &Command, matches: &ArgMatches) -> Result<(), CliError> {
    let groups = flag_groups();
    let mut stack_flags: Vec<String> = vec!["blueprint".into(), "stack".into()];
    for group in command.get_groups().filter(|g| groups.contains(g.get_id())) {
        stack_flags.extend(group.get_args().map(|a| a.as_str().to_string()));
    }
    let given = stack_flags
        .iter()
        .find(|id| matches.value_source(id) == Some(ValueSource::CommandLine));
    match given {
        Some(id) => Err(CliError::usage(format!(
            "--{} configures a synthesized stack; it does not apply with --template",
            id.replace('_', "-")
        ))),
        None => Ok(()),
    }
}
