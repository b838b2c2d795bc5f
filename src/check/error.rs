//! Why a check could not run, typed: the CLI words each with its flag (`--skip`, `--rules`,
//! `--no-skip`) in `src/cli/wording.rs`.

use std::path::PathBuf;

/// A suppression the policy refuses, or a rules file cfn-guard cannot evaluate.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum CheckError {
    /// The skip names no rule the policy runs.
    #[error("{skip}: no such rule")]
    UnknownSkip { skip: String },
    /// The skip names `rule`, which may not be suppressed: forbidden by the policy's own
    /// no-skip list (`by_policy`), else marked unsuppressible in its rules file.
    #[error("{skip}: rule {rule} may not be suppressed")]
    Unsuppressible {
        skip: String,
        rule: String,
        by_policy: bool,
    },
    /// The skip has no reason.
    #[error("{skip} needs a reason")]
    SkipWithoutReason { skip: String },
    /// cfn-guard could not evaluate the rules.
    #[error(transparent)]
    Guard(#[from] GuardError),
}

/// cfn-guard failing to evaluate, in its own words (`detail`), by the step that failed.
#[derive(Clone, Debug, thiserror::Error, PartialEq, Eq)]
pub enum GuardError {
    /// The validate command or its output buffers could not be set up.
    #[error("cfn-guard: {0}")]
    Setup(String),
    /// The evaluation itself failed.
    #[error("cfn-guard: {0}")]
    Evaluation(String),
    /// The report is not the JSON cfn-guard promises.
    #[error("cfn-guard: unreadable report: {0}")]
    Report(String),
}

/// A directory of user rules that cannot be used.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum RulesError {
    #[error("cannot read {}: {error}", dir.display())]
    UnreadableDir { dir: PathBuf, error: String },
    #[error("{} holds no .guard files", dir.display())]
    NoGuardFiles { dir: PathBuf },
    #[error("cannot read {}: {error}", path.display())]
    UnreadableFile {
        path: PathBuf,
        error: crate::input::ReadError,
    },
    /// A variable cycle or a parse error, in words that name the file.
    #[error("{0}")]
    Invalid(String),
}
