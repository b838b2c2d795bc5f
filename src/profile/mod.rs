//! Stack profiles: one YAML file per deployment in `stacks/`, naming its blueprint and
//! setting any option its flags set. Flags given on the command line override the profile.
//!
//! The Rust types here are the single description of a profile: serde reads them (so every
//! error carries the file, line and column), and schemars turns them into the JSON Schema
//! that `zael schema` prints and editors use through each profile's modeline.

mod api;
mod error;
mod limiter;
mod overrides;
mod redis;
mod shared;
mod tagged;
mod tags;

use std::path::{Path, PathBuf};

use schemars::JsonSchema;
use serde::Deserialize;

pub use api::ApiProfile;
pub use error::ProfileError;
pub use limiter::LimiterProfile;
pub use overrides::{apply_overrides, Override, OverrideError, OverrideProblem};
pub use redis::RedisProfile;
pub use shared::{BlueprintProfile, KeyValue};
pub use tagged::refuse_tags;
pub use tags::TagMap;

use crate::blueprint::{registry::ProfileSchema, BlueprintName, StackSettings};

/// The first line of every profile in `stacks/`: editors validate and complete against the
/// schema it names.
pub const MODELINE: &str = "# yaml-language-server: $schema=profile.schema.json";

/// A rule of `zael check` the organisation accepts breaking for this stack, and why; listed
/// in every report, like `--skip RULE --reason TEXT`.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Suppression {
    /// The rule's id (e.g. ZG201) or full name
    pub rule: String,
    /// Why breaking it is acceptable: required, and shown in every report
    pub reason: String,
}

/// A profile, read: the settings it makes for its blueprint, and what a profile has besides.
#[derive(Clone, Debug)]
pub struct Profile {
    pub settings: StackSettings,
    /// The region the profile deploys to, if it says.
    pub region: Option<String>,
    pub overrides: Vec<Override>,
    /// The profile's suppressions of `zael check` rules.
    pub skips: Vec<Suppression>,
}

impl Profile {
    pub(crate) fn new(settings: StackSettings, profile: &impl BlueprintProfile) -> Profile {
        Profile {
            settings,
            region: profile.region().map(str::to_string),
            overrides: profile.overrides().to_vec(),
            skips: profile.skips().to_vec(),
        }
    }

    pub fn blueprint(&self) -> BlueprintName {
        self.settings.blueprint()
    }
}

/// The JSON Schema of profiles, as `zael schema` prints it and `stacks/profile.schema.json`
/// holds it.
pub fn schema_json() -> String {
    let schema = schemars::schema_for!(ProfileSchema);
    let mut text = serde_json::to_string_pretty(&schema).expect("schemas serialize");
    text.push('\n');
    text
}

/// Reads the profile at `path`.
pub fn load(path: &Path) -> Result<Profile, ProfileError> {
    let text = crate::input::read_text(path, crate::input::PROFILE_LIMIT)
        .map_err(|e| ProfileError::io(path, format!("cannot read the profile: {e}")))?;
    parse(path, &text)
}

/// The checks every YAML file zael reads as settings passes before serde sees it (profiles
/// and fleet files): [`crate::input::scan_profile`], its error placed in the file at `path`.
pub fn scan(path: &Path, text: &str) -> Result<(), ProfileError> {
    crate::input::scan_profile(text).map_err(|e| ProfileError {
        file: path.display().to_string(),
        position: Some((e.line, e.column)),
        key: None,
        message: e.message,
    })
}

/// Reads the profile `text`; `path` names it in errors.
pub fn parse(path: &Path, text: &str) -> Result<Profile, ProfileError> {
    scan(path, text)?;
    let document: serde_norway::Value =
        serde_norway::from_str(text).map_err(|e| ProfileError::from_yaml(path, text, e, None))?;
    tagged::refuse_tags(path, text, &document)?;
    let name = blueprint_of(path, text, &document)?;
    let name = name.as_deref().unwrap_or(BlueprintName::default().name());
    match BlueprintName::from_name(name) {
        Some(blueprint) => {
            let profile = blueprint.read_profile(path, text, Some(&document))?;
            if let Some(blank) = profile.skips.iter().find(|s| s.reason.trim().is_empty()) {
                return Err(ProfileError::io(
                    path,
                    format!(
                        "skip {}: a suppression needs a reason, shown in every report",
                        blank.rule
                    ),
                ));
            }
            Ok(profile)
        }
        None => Err(ProfileError::at_key(
            path,
            text,
            "blueprint",
            format!("unknown blueprint {name:?}; expected {}", blueprint_names()),
        )),
    }
}

/// `limiter, redis or api`.
fn blueprint_names() -> String {
    let names: Vec<&str> = BlueprintName::ALL.iter().map(|b| b.name()).collect();
    match names.split_last() {
        Some((last, [])) => last.to_string(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
        None => String::new(),
    }
}

/// The `blueprint` key, read first: it decides which keys the rest of the file may use.
fn blueprint_of(
    path: &Path,
    text: &str,
    document: &serde_norway::Value,
) -> Result<Option<String>, ProfileError> {
    match document {
        serde_norway::Value::Mapping(map) => match map.get("blueprint") {
            None => Ok(None),
            Some(serde_norway::Value::String(name)) => Ok(Some(name.clone())),
            Some(_) => Err(ProfileError::at_key(
                path,
                text,
                "blueprint",
                format!("expected a blueprint name: {}", blueprint_names()),
            )),
        },
        serde_norway::Value::Null => Err(ProfileError::io(
            path,
            "the profile is empty; it needs at least `blueprint: limiter`".into(),
        )),
        _ => Err(ProfileError::io(
            path,
            "a profile is a map of option keys to values".into(),
        )),
    }
}

/// [`read`], from `document` (`text` parsed) when the caller has it: parsing a profile was
/// half of reading it, and a profile was parsed twice. A profile that `document` does not
/// make (a plain `7` for a string, which the text's reader takes) is read from `text`, which
/// also locates the error by line and key.
pub(crate) fn read_parsed<T: for<'de> Deserialize<'de>>(
    path: &Path,
    text: &str,
    document: Option<&serde_norway::Value>,
) -> Result<T, ProfileError> {
    match document.map(T::deserialize) {
        Some(Ok(profile)) => Ok(profile),
        _ => read(path, text),
    }
}

pub(crate) fn read<T: for<'de> Deserialize<'de>>(
    path: &Path,
    text: &str,
) -> Result<T, ProfileError> {
    let deserializer = serde_norway::Deserializer::from_str(text);
    serde_path_to_error::deserialize(deserializer).map_err(|e| {
        let key_path = e.path().to_string();
        ProfileError::from_yaml(path, text, e.into_inner(), Some(key_path))
    })
}

/// Every `*.yaml` profile in `dir`, sorted by file name so output is the same everywhere.
pub fn profiles_in(dir: &Path) -> Result<Vec<PathBuf>, ProfileError> {
    let entries = std::fs::read_dir(dir)
        .map_err(|e| ProfileError::io(dir, format!("cannot list profiles: {e}")))?;
    let mut paths = Vec::new();
    for entry in entries {
        let path = entry
            .map_err(|e| ProfileError::io(dir, format!("cannot list profiles: {e}")))?
            .path();
        if path.extension().is_some_and(|e| e == "yaml" || e == "yml") {
            paths.push(path);
        }
    }
    paths.sort();
    if paths.is_empty() {
        return Err(ProfileError::io(dir, "holds no *.yaml profiles".into()));
    }
    Ok(paths)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What `document` makes is what the text's reader makes, for every shipped profile and
    /// for scalars the two readers could take differently (a plain number for a string, a
    /// quoted number, a float, overrides of any shape).
    #[test]
    fn a_profile_read_from_its_parsed_document_is_the_one_read_from_its_text() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("stacks");
        let mut texts: Vec<String> = profiles_in(&dir)
            .expect("stacks/ has profiles")
            .iter()
            .map(|path| std::fs::read_to_string(path).expect("a profile is readable"))
            .collect();
        texts.extend(
            [
                "name: 7\n",
                "name: '7'\ntags: {team: 5, cost: '0777', on: yes}\n",
                "lambda_memory: '512'\n",
                "lambda_memory: 512.0\n",
                "alarm_sns_topic: 1e3\n",
                "overrides:\n  - path: Resources.RateLimitsTable.Properties.TableClass\n    set: {a: [1, 2.5, true, null, '3'], b: 0x1F}\n",
                "blueprint: redis\ncache_replicas: '2'\nname: cache\n",
                "blueprint: api\nname: 12\n",
            ]
            .map(String::from),
        );
        let path = Path::new("p.yaml");
        for text in &texts {
            let document: serde_norway::Value = serde_norway::from_str(text).expect("YAML");
            let both = |parsed: Result<Profile, ProfileError>,
                        read: Result<Profile, ProfileError>| {
                (format!("{parsed:?}"), format!("{read:?}"))
            };
            let name = blueprint_of(path, text, &document)
                .expect("a blueprint key, if any, is a name")
                .unwrap_or_else(|| "limiter".into());
            let blueprint = BlueprintName::from_name(&name).expect("a known blueprint");
            let (parsed, read) = both(
                blueprint.read_profile(path, text, Some(&document)),
                blueprint.read_profile(path, text, None),
            );
            assert_eq!(parsed, read, "profile:\n{text}");
        }
    }
}
