//! `zael explain RULE`: what a rule checks, from the registries the run reads: layer 1's
//! `CHECKS` (code, title, doc) and the bundled guard packs (the rule's file, whose opening
//! comment says its intent).

use clap::Args;

use super::{CliError, Output};
use crate::check::guard::rule_names;
use crate::check::names_rule;
use crate::check::packs::PACKS;
use crate::validate::check;

#[derive(Args, Debug)]
pub struct ExplainArgs {
    /// The rule's id, as `zael check --list-rules` prints it (ZV204, ZG101 or
    /// ZG101_table_encrypted)
    pub rule: String,
}

pub fn run(args: &ExplainArgs) -> Result<Output, CliError> {
    let wanted = args.rule.trim();
    if let Some(rule) = check(&wanted.to_ascii_uppercase()) {
        return Ok(format!(
            "{} {} (layer 1)\n\n{}\n",
            rule.code(),
            rule.title(),
            rule.doc()
        )
        .into_bytes());
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
