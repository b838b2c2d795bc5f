//! The bundled rule packs (plain `.guard` files in `rules/`, compiled into the binary so it
//! works anywhere) and the user's own rules (`--rules DIR`).

use std::path::Path;

use super::guard::{parse_error, RuleFile};
use super::guard_vars::variable_cycle;

/// A bundled pack: its name for `--pack`, its file in the repository, and its text.
pub struct Pack {
    pub name: &'static str,
    pub file: &'static str,
    pub text: &'static str,
    pub about: &'static str,
}

pub const PACKS: &[Pack] = &[
    Pack {
        name: "baseline",
        file: "rules/baseline.guard",
        text: include_str!("../../rules/baseline.guard"),
        about: "invariants every zael stack keeps (always run)",
    },
    Pack {
        name: "production",
        file: "rules/production.guard",
        text: include_str!("../../rules/production.guard"),
        about: "seed 000's production checklist (PITR, 90-day logs, alarms to an existing topic)",
    },
];

impl Pack {
    pub fn rule_file(&self) -> RuleFile {
        RuleFile {
            name: self.file.to_string(),
            text: self.text.to_string(),
        }
    }
}

pub fn pack(name: &str) -> Option<&'static Pack> {
    PACKS.iter().find(|p| p.name == name)
}

/// Every `*.guard` file directly in `dir`, by name so the order is stable.
pub fn user_rules(dir: &Path) -> Result<Vec<RuleFile>, String> {
    let entries = std::fs::read_dir(dir)
        .map_err(|e| format!("cannot read --rules {}: {e}", dir.display()))?;
    let mut paths: Vec<_> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "guard"))
        .collect();
    paths.sort();
    if paths.is_empty() {
        return Err(format!("--rules {} holds no .guard files", dir.display()));
    }
    paths
        .into_iter()
        .map(|path| {
            let text = crate::input::read_text(&path, crate::input::RULES_LIMIT)
                .map_err(|e| format!("cannot read --rules file {}: {e}", path.display()))?;
            let file = RuleFile {
                name: path.display().to_string(),
                text,
            };
            // cfn-guard aborts the process on a variable cycle: refuse it before guard sees it.
            if let Some(error) = variable_cycle(&file.name, &file.text) {
                return Err(error);
            }
            // cfn-guard would skip a file it cannot parse without a word: refuse it here.
            match parse_error(&file) {
                Some(error) => Err(error),
                None => Ok(file),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::guard::parse_error;

    /// cfn-guard skips an unparsable file silently, so a bundled pack must be proven to parse.
    #[test]
    fn every_bundled_pack_parses_and_names_its_rules_with_an_id() {
        for pack in PACKS {
            assert_eq!(parse_error(&pack.rule_file()), None, "{}", pack.file);
            for (name, _) in crate::check::guard::rule_names(pack.text) {
                assert!(name.starts_with("ZG"), "{name} in {}", pack.file);
            }
        }
    }
}
