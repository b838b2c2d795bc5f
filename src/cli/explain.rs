//! `zael explain RULE`: what a rule checks, from the registries the run reads: layer 1's
//! `CHECKS` (code, title, doc, and the explanation: why, and a failing and a fixed template)
//! and the bundled guard packs (the rule's file, whose opening comment says its intent).

use clap::Args;

use super::{CliError, Output};
use crate::check::guard::rule_names;
use crate::check::names_rule;
use crate::check::packs::PACKS;
use crate::validate::{check, Check, Example};

#[derive(Args, Debug)]
pub struct ExplainArgs {
    /// The rule's id, as `zael check --list-rules` prints it (ZV204, ZG101 or
    /// ZG101_table_encrypted)
    pub rule: String,
}

pub fn run(args: &ExplainArgs) -> Result<Output, CliError> {
    let wanted = args.rule.trim();
    if let Some(rule) = check(&wanted.to_ascii_uppercase()) {
        return Ok(layer_one(rule).into_bytes());
    }
    for pack in PACKS {
        for (file, text) in pack.files {
            let names = rule_names(text);
            if let Some((name, _)) = names.iter().find(|(name, _)| names_rule(wanted, name)) {
                return Ok(
                    format!("{name} ({}/{file})\n\n{}", pack.dir, text.trim_start()).into_bytes(),
                );
            }
        }
    }
    Err(CliError::usage(format!(
        "explain {wanted}: no such rule (see `zael check --list-rules`)"
    )))
}

/// A layer-1 rule: what it checks, why, and its example.
pub fn layer_one(rule: &dyn Check) -> String {
    let explanation = rule.explanation();
    let example = match explanation.example {
        Example::Templates(_) => {
            let (fails, passes) = explanation.example.templates().expect("two templates");
            format!(
                "Reported:\n\n{}\nFixed:\n\n{}",
                indented(fails),
                indented(passes)
            )
        }
        Example::Described { fails, fix } => format!("Reported: {fails}\n\nFix: {fix}\n"),
    };
    format!(
        "{} {} (layer 1)\n\nChecks: {}\n\nWhy: {}\n\n{example}",
        rule.code(),
        rule.title(),
        rule.doc(),
        explanation.why,
    )
}

/// A template set off from the prose, as a block to copy.
fn indented(template: &str) -> String {
    template
        .lines()
        .map(|line| format!("    {line}\n"))
        .collect()
}
