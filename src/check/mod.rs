//! `zael check`: layer 1 (what CloudFormation would reject, `validate`) and layer 2
//! (organisational policy as cfn-guard rules) on one template, with explicit suppressions.

mod duplicates;
mod error;
pub mod format;
pub mod guard;
mod guard_reads;
mod guard_vars;
pub mod input;
pub mod language;
pub mod packs;
mod resolve;

use serde_json::{json, Value};

use crate::validate::{self, Body, Severity, CHECKS};
use guard::{rule_names, RuleFile};

pub use error::{CheckError, GuardError, RulesError};
pub use resolve::deployed_defaults;

/// Guard's input for `document`, as `check` hands it over. Guard clones its data as it walks
/// it: only what rules read (Resources and Outputs, with parameter defaults applied; the
/// bundled rules prune it further) and the organisation's settings under `Zael`.
pub fn guard_data(
    document: &Value,
    min_log_retention_days: u32,
    require_permission_boundary: bool,
) -> serde_json::Map<String, Value> {
    let mut deployed = deployed_defaults(document);
    let mut data = serde_json::Map::new();
    data.insert("Resources".into(), deployed["Resources"].take());
    data.insert("Outputs".into(), deployed["Outputs"].take());
    let settings = json!({
        "min_log_retention_days": min_log_retention_days,
        "require_permission_boundary": require_permission_boundary,
    });
    data.insert("Zael".into(), settings);
    data
}

/// What the organisation asks of a template, beyond CloudFormation's own rules.
#[derive(Clone, Debug)]
pub struct Policy {
    pub rule_files: Vec<RuleFile>,
    pub min_log_retention_days: u32,
    pub require_permission_boundary: bool,
    pub skips: Vec<Skip>,
    /// Rules the organisation forbids skipping, besides those marked in rule files.
    pub no_skip: Vec<String>,
    /// The baseline pack's findings are warnings: zael's own defaults are advice for a
    /// template zael did not synthesize, unless the user asks for enforcement.
    pub baseline_advisory: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Skip {
    pub rule: String,
    pub reason: String,
}

/// One finding of either layer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Item {
    pub severity: Severity,
    pub rule: String,
    pub path: String,
    pub message: String,
    pub hint: String,
    pub source: Option<String>,
    /// Where the rule is defined: `layer 1` or the guard file.
    pub origin: String,
}

/// A rule that was run, for reports that list rules (SARIF, JUnit).
#[derive(Clone, Debug)]
pub struct RuleRun {
    pub id: String,
    pub title: String,
    /// What the rule checks (layer 1's doc; a guard rule's title).
    pub description: String,
    pub origin: String,
}

#[derive(Clone, Debug)]
pub struct Report {
    /// The template: a file, or `zael synth` and its flags.
    pub subject: String,
    pub items: Vec<Item>,
    pub suppressed: Vec<(Skip, Vec<Item>)>,
    pub rules: Vec<RuleRun>,
}

impl Report {
    pub fn errors(&self) -> usize {
        self.items
            .iter()
            .filter(|i| i.severity == Severity::Error)
            .count()
    }
}

/// Whether `skip` (a full rule name or its id prefix, e.g. `ZG101`) names `rule`.
pub fn names_rule(skip: &str, rule: &str) -> bool {
    rule == skip
        || rule
            .strip_prefix(skip)
            .is_some_and(|rest| rest.starts_with('_'))
}

/// Every rule `policy` would run, and whether its file marks it unsuppressible: a skip is
/// checked against it before anything runs.
pub fn rule_catalogue(policy: &Policy) -> Vec<(RuleRun, bool)> {
    let mut rules: Vec<(RuleRun, bool)> = CHECKS
        .iter()
        .map(|r| {
            (
                RuleRun {
                    id: r.code().into(),
                    title: r.title().into(),
                    description: r.doc().into(),
                    origin: "layer 1".into(),
                },
                false,
            )
        })
        .collect();
    for file in &policy.rule_files {
        for (name, unsuppressible) in rule_names(&file.text) {
            let title = name
                .split_once('_')
                .map_or(name.as_str(), |(_, t)| t)
                .replace('_', " ");
            rules.push((
                RuleRun {
                    id: name,
                    description: title.clone(),
                    title,
                    origin: file.name.clone(),
                },
                unsuppressible,
            ));
        }
    }
    rules
}

/// Runs both layers on `document`. `source` names where the value at a template path comes
/// from, for templates zael synthesized (the CLI words it: the flag and profile key, or the
/// blueprint component). Errors: an unknown or unsuppressible skip, or a rules file cfn-guard
/// cannot parse.
pub fn check(
    subject: String,
    document: &Value,
    body: Body,
    source: &dyn Fn(&str) -> Option<String>,
    policy: &Policy,
) -> Result<Report, CheckError> {
    let catalogue = rule_catalogue(policy);
    for skip in &policy.skips {
        let matched: Vec<_> = catalogue
            .iter()
            .filter(|(r, _)| names_rule(&skip.rule, &r.id))
            .collect();
        if matched.is_empty() {
            return Err(CheckError::UnknownSkip {
                skip: skip.rule.clone(),
            });
        }
        let forbidden = matched
            .iter()
            .find(|(r, marked)| *marked || policy.no_skip.iter().any(|n| names_rule(n, &r.id)));
        if let Some((rule, _)) = forbidden {
            return Err(CheckError::Unsuppressible {
                skip: skip.rule.clone(),
                rule: rule.id.clone(),
                by_policy: policy.no_skip.iter().any(|n| names_rule(n, &rule.id)),
            });
        }
        if skip.reason.trim().is_empty() {
            return Err(CheckError::SkipWithoutReason {
                skip: skip.rule.clone(),
            });
        }
    }
    let mut items: Vec<Item> = validate::template(document, body)
        .into_iter()
        .map(|f| Item {
            severity: f.severity,
            rule: f.rule.to_string(),
            source: source(&f.path),
            path: f.path,
            message: f.message,
            hint: f.hint,
            origin: "layer 1".into(),
        })
        .collect();
    let data = guard_data(
        document,
        policy.min_log_retention_days,
        policy.require_permission_boundary,
    );
    let baseline_dir = format!("{}/", packs::pack("baseline").expect("bundled").dir);
    let failures = guard::evaluate_pruned(&data, &policy.rule_files).map_err(CheckError::Guard)?;
    for failure in failures {
        let advisory = policy.baseline_advisory && failure.file.starts_with(&baseline_dir);
        items.push(Item {
            severity: if advisory {
                Severity::Warning
            } else {
                Severity::Error
            },
            source: source(&failure.path),
            rule: failure.rule,
            path: failure.path,
            message: failure.message,
            hint: failure.hint,
            origin: failure.file,
        });
    }
    let mut suppressed = Vec::new();
    for skip in &policy.skips {
        let (hit, kept): (Vec<Item>, Vec<Item>) = items
            .into_iter()
            .partition(|i| names_rule(&skip.rule, &i.rule));
        items = kept;
        suppressed.push((skip.clone(), hit));
    }
    Ok(Report {
        subject,
        items,
        suppressed,
        rules: catalogue.into_iter().map(|(r, _)| r).collect(),
    })
}
