//! The bundled rule packs (plain `.guard` files in `rules/`, compiled into the binary so it
//! works anywhere) and the user's own rules (`--rules DIR`).

use std::path::Path;

use super::guard::{parse_error, RuleFile};
use super::guard_vars::variable_cycle;
use super::RulesError;

/// A bundled pack: its name for `--pack`, its folder in the repository (one `.guard` file
/// per rule, with its tests under `tests/`), and its rules' text.
pub struct Pack {
    pub name: &'static str,
    pub dir: &'static str,
    /// (file name, text) of each rule.
    pub files: &'static [(&'static str, &'static str)],
    pub about: &'static str,
}

/// The rule files of a pack folder, compiled in: `guard_files!("baseline", "ZG101_x", ...)`.
macro_rules! guard_files {
    ($pack:literal, $($rule:literal),* $(,)?) => {
        &[$((
            concat!($rule, ".guard"),
            include_str!(concat!("../../rules/", $pack, "/", $rule, ".guard")),
        )),*]
    };
}

pub const PACKS: &[Pack] = &[
    Pack {
        name: "baseline",
        dir: "rules/baseline",
        files: guard_files!(
            "baseline",
            "ZG101_table_encrypted",
            "ZG102_table_retained",
            "ZG103_stream_failures_to_dlq",
            "ZG104_queue_encrypted",
            "ZG105_alarms_notify_sns",
            "ZG106_log_retention_minimum",
            "ZG107_iam_no_wildcard_action",
            "ZG108_iam_wildcard_resource_only_where_unnameable",
            "ZG109_permission_boundary_when_required",
            "ZG110_cache_encrypted",
        ),
        about: "invariants every zael stack keeps (always run)",
    },
    Pack {
        name: "production",
        dir: "rules/production",
        files: guard_files!(
            "production",
            "ZG201_table_pitr_enabled",
            "ZG202_log_retention_compliance",
            "ZG203_alarms_enabled",
            "ZG204_alarms_notify_existing_topic",
        ),
        about: "seed 000's production checklist (PITR, 90-day logs, alarms to an existing topic)",
    },
];

impl Pack {
    /// Each rule of the pack as the file `zael check` evaluates and names in reports.
    pub fn rule_files(&self) -> Vec<RuleFile> {
        self.files
            .iter()
            .map(|(file, text)| RuleFile {
                name: format!("{}/{file}", self.dir),
                text: text.to_string(),
            })
            .collect()
    }
}

/// The text of `file` if it is a bundled rule as shipped (its pack's path and text), for the
/// evaluation that prunes the template to what the rule reads.
pub fn bundled(file: &RuleFile) -> Option<&'static str> {
    PACKS.iter().find_map(|pack| {
        let name = file.name.strip_prefix(pack.dir)?.strip_prefix('/')?;
        pack.files
            .iter()
            .find(|(f, text)| *f == name && *text == file.text)
            .map(|(_, text)| *text)
    })
}

pub fn pack(name: &str) -> Option<&'static Pack> {
    PACKS.iter().find(|p| p.name == name)
}

/// Every `*.guard` file directly in `dir`, by name so the order is stable.
pub fn user_rules(dir: &Path) -> Result<Vec<RuleFile>, RulesError> {
    let entries = std::fs::read_dir(dir).map_err(|e| RulesError::UnreadableDir {
        dir: dir.to_path_buf(),
        error: e.to_string(),
    })?;
    let mut paths: Vec<_> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "guard"))
        .collect();
    paths.sort();
    if paths.is_empty() {
        return Err(RulesError::NoGuardFiles {
            dir: dir.to_path_buf(),
        });
    }
    paths
        .into_iter()
        .map(|path| {
            let text =
                crate::input::read_text(&path, crate::input::RULES_LIMIT).map_err(|error| {
                    RulesError::UnreadableFile {
                        path: path.clone(),
                        error,
                    }
                })?;
            let file = RuleFile {
                name: path.display().to_string(),
                text,
            };
            // cfn-guard aborts the process on a variable cycle: refuse it before guard sees it.
            if let Some(error) = variable_cycle(&file.name, &file.text) {
                return Err(RulesError::Invalid(error));
            }
            // cfn-guard would skip a file it cannot parse without a word: refuse it here.
            match parse_error(&file) {
                Some(error) => Err(RulesError::Invalid(error)),
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
    fn every_bundled_rule_parses_and_is_one_rule_named_by_its_file() {
        for pack in PACKS {
            for file in pack.rule_files() {
                assert_eq!(parse_error(&file), None, "{}", file.name);
                let names = crate::check::guard::rule_names(&file.text);
                assert_eq!(names.len(), 1, "{}: one rule per file", file.name);
                let (name, _) = &names[0];
                assert!(name.starts_with("ZG"), "{name} in {}", file.name);
                assert!(
                    file.name.ends_with(&format!("/{name}.guard")),
                    "{}",
                    file.name
                );
            }
        }
    }

    /// A rule file left out of the list would never run.
    #[test]
    fn every_guard_file_in_a_pack_folder_is_listed() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        for pack in PACKS {
            let mut on_disk: Vec<String> = std::fs::read_dir(root.join(pack.dir))
                .unwrap()
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .filter(|name| name.ends_with(".guard"))
                .collect();
            on_disk.sort();
            let mut listed: Vec<String> = pack.files.iter().map(|(f, _)| f.to_string()).collect();
            listed.sort();
            assert_eq!(on_disk, listed, "{}", pack.dir);
        }
    }
}
