//! A profile error: the file, line and column, the key path, and what is allowed.

use std::fmt;
use std::path::Path;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProfileError {
    pub file: String,
    /// 1-based line and column, when the place is known.
    pub position: Option<(usize, usize)>,
    /// The key path such as `tags.team` or `overrides[0]`, when known.
    pub key: Option<String>,
    pub message: String,
}

impl fmt::Display for ProfileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some((line, column)) = self.position {
            write!(f, ":{line}:{column}")?;
        }
        if let Some(key) = &self.key {
            write!(f, ": {key}")?;
        }
        write!(f, ": {}", self.message)
    }
}

impl ProfileError {
    pub fn io(path: &Path, message: String) -> Self {
        ProfileError {
            file: path.display().to_string(),
            position: None,
            key: None,
            message,
        }
    }

    /// An error about a top-level `key`, placed at the line that sets it.
    pub fn at_key(path: &Path, text: &str, key: &str, message: String) -> Self {
        let position = value_position(text, key);
        ProfileError {
            file: path.display().to_string(),
            position,
            key: Some(key.to_string()),
            message,
        }
    }

    pub fn from_yaml(
        path: &Path,
        text: &str,
        error: serde_norway::Error,
        key: Option<String>,
    ) -> Self {
        let mut position = error.location().map(|l| (l.line(), l.column()));
        // A value's own check reports at the enclosing map; the key's line is more useful.
        // (An unknown key is reported at the key itself, which is right as it is.)
        let unknown = error.to_string().contains("unknown field `");
        if let Some(top) = key.as_deref().and_then(|k| k.split(['.', '[']).next()) {
            if let Some(at) = value_position(text, top).filter(|_| !unknown) {
                if position.is_none_or(|place| place < at) {
                    position = Some(at);
                }
            }
        }
        let mut message = error.to_string();
        // serde_norway appends the place and prefixes the path; both are shown our way.
        if let Some(at) = message.rfind(" at line ") {
            message.truncate(at);
        }
        // serde_norway prefixes its own form of the key path: ours is shown instead.
        if let Some((prefix, rest)) = message.split_once(": ") {
            let is_path = prefix
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "_.[]".contains(c));
            if is_path && !prefix.is_empty() {
                message = rest.to_string();
            }
        }
        // serde names Rust types; say what the profile should hold instead.
        for (internal, meant) in [
            (
                "expected struct Override",
                "expected a map of path and one of set, replace or delete",
            ),
            (
                "expected struct Suppression",
                "expected a map of rule and reason",
            ),
            ("invalid type: enum", "invalid type: a tagged value (!Tag)"),
        ] {
            message = message.replace(internal, meant);
        }
        let key = key.filter(|k| k != ".");
        let (key, message) = match unknown_field(&message) {
            Some((field, expected)) => {
                let full = match &key {
                    Some(parent) if !parent.ends_with(&field) => format!("{parent}.{field}"),
                    Some(parent) => parent.clone(),
                    None => field.clone(),
                };
                (Some(full), unknown_key_message(&field, &expected))
            }
            None => (key, message),
        };
        ProfileError {
            file: path.display().to_string(),
            position,
            key,
            message,
        }
    }
}

/// Where the value of the top-level `key` starts: its line, and the column after `key: `.
fn value_position(text: &str, key: &str) -> Option<(usize, usize)> {
    text.lines().enumerate().find_map(|(index, line)| {
        let rest = line.strip_prefix(key)?.strip_prefix(':')?;
        let spaces = rest.len() - rest.trim_start().len();
        Some((index + 1, key.len() + 2 + spaces))
    })
}

/// `unknown field `x`, expected one of `a`, `b`` → (`x`, [a, b]).
fn unknown_field(message: &str) -> Option<(String, Vec<String>)> {
    let rest = message.strip_prefix("unknown field `")?;
    let (field, expected) = rest.split_once('`')?;
    let expected = expected
        .split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect();
    Some((field.to_string(), expected))
}

fn unknown_key_message(field: &str, expected: &[String]) -> String {
    let closest = expected
        .iter()
        .map(|candidate| (strsim::jaro_winkler(field, candidate), candidate))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0));
    match closest {
        Some((_, candidate)) => format!("unknown key {field:?}; did you mean {candidate:?}?"),
        None => format!(
            "unknown key {field:?}; the keys here are {}",
            expected.join(", ")
        ),
    }
}
