//! One problem found in a template.

use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
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
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {} ({}; {})",
            self.path, self.message, self.rule, self.hint
        )
    }
}
