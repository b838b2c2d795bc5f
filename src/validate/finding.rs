//! One problem found in a template.

use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    pub severity: Severity,
    /// Stable rule code, e.g. `ZV101`.
    pub rule: &'static str,
    /// Where in the template, e.g. `Resources.AggregatorRole.Properties.RoleName`.
    pub path: String,
    pub message: String,
    /// What would be right.
    pub hint: String,
    /// For length limits: how many characters too long the value is.
    pub excess: Option<usize>,
    /// For templates zael synthesized: the flag, profile key or blueprint component the value
    /// came from, so the user knows what to change (see `sources`).
    pub source: Option<String>,
}

impl Finding {
    pub fn error(rule: &'static str, path: String, message: String, hint: String) -> Self {
        Finding {
            severity: Severity::Error,
            rule,
            path,
            message,
            hint,
            excess: None,
            source: None,
        }
    }

    pub fn warning(rule: &'static str, path: String, message: String, hint: String) -> Self {
        Finding {
            severity: Severity::Warning,
            ..Finding::error(rule, path, message, hint)
        }
    }
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {} ({}; {})",
            self.path, self.message, self.rule, self.hint
        )?;
        if let Some(source) = &self.source {
            write!(f, " [from {source}]")?;
        }
        Ok(())
    }
}
