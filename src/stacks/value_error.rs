//! What is wrong with an option's value, as a type: the kind of fault, the value or part at
//! fault, and what is allowed. The library never names the flag or key that held the value:
//! clap words a flag's error (`invalid value 'x' for '--name <NAME>': ...`), the profile
//! reader a key's (with the file, line and column).

use std::borrow::Cow;

use thiserror::Error;

use crate::stacks::api::usage_plan::PlanError;

/// Text for what a value may be: a constant, or built from the allowed set.
pub type Allowed = Cow<'static, str>;

#[derive(Clone, Debug, Error, PartialEq, Eq)]
pub enum ValueError {
    /// Text where a whole number in `min..=max` belongs.
    #[error("expected a whole number from {min} to {max} {unit}")]
    NotNumberInRange {
        min: u32,
        max: u32,
        unit: &'static str,
    },
    /// A whole number outside `min..=max`.
    #[error("must be from {min} to {max} {unit}")]
    OutOfRange {
        min: u32,
        max: u32,
        unit: &'static str,
    },
    /// Text where a whole number belongs, with what the number may be.
    #[error("expected a whole number; {allowed}")]
    NotNumber { allowed: Allowed },
    /// A value outside a closed set or a fixed shape: `allowed` says which values or shape.
    #[error("{allowed}")]
    NotAllowed { allowed: Allowed },
    /// A value with one fault (`problem`), and what is allowed.
    #[error("{problem}; {allowed}")]
    Invalid { problem: String, allowed: Allowed },
    /// An item of a comma-separated list that is none of the allowed ones.
    #[error("unknown {kind} {item:?}; {allowed}")]
    UnknownItem {
        kind: &'static str,
        item: String,
        allowed: Allowed,
    },
    /// An item a list names twice.
    #[error("{item:?} is listed twice; {allowed}")]
    ListedTwice { item: String, allowed: Allowed },
    /// A usage plan (`NAME=RATE/BURST/QUOTA_PER_DAY`) or a list of them.
    #[error(transparent)]
    UsagePlan(Box<PlanError>),
    /// One part of a compound value is wrong: `part` says which (`"subnet-1"`, `plan Gold:
    /// burst requests "0"`).
    #[error("{part}: {error}")]
    InPart {
        part: String,
        error: Box<ValueError>,
    },
}

impl ValueError {
    pub fn not_allowed(allowed: impl Into<Allowed>) -> Self {
        ValueError::NotAllowed {
            allowed: allowed.into(),
        }
    }

    pub fn invalid(problem: impl Into<String>, allowed: impl Into<Allowed>) -> Self {
        ValueError::Invalid {
            problem: problem.into(),
            allowed: allowed.into(),
        }
    }

    /// This error, said of `part` of the value.
    pub fn in_part(self, part: impl Into<String>) -> Self {
        ValueError::InPart {
            part: part.into(),
            error: Box::new(self),
        }
    }
}

impl From<PlanError> for ValueError {
    fn from(error: PlanError) -> Self {
        ValueError::UsagePlan(Box::new(error))
    }
}
