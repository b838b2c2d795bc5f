//! Synthesis: a blueprint's stack as a validated template document.

use serde_json::Value;
use thiserror::Error;

use crate::stacks::limiter::{self, LimiterOptions};
use crate::stacks::redis::{self, RedisOptions, RedisOptionsError};
use crate::validate::{self, Finding};

#[derive(Debug, Error)]
pub enum SynthError {
    /// A physical name derived from the options would be rejected by its service.
    #[error("{}", .0)]
    PhysicalName(Finding),
    /// The document itself is broken: a blueprint defect, never the user's input.
    #[error("the synthesized template is invalid: {}", .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "))]
    Invalid(Vec<Finding>),
    /// Options of the Redis tier that ElastiCache would reject together.
    #[error(transparent)]
    RedisOptions(#[from] RedisOptionsError),
}

/// The rate-limiter stack's template, refused when CloudFormation would refuse it.
pub fn limiter_document(options: &LimiterOptions) -> Result<Value, SynthError> {
    validated(limiter::build(options).to_document())
}

/// The Redis tier's template, refused when CloudFormation or ElastiCache would refuse it.
pub fn redis_document(options: &RedisOptions) -> Result<Value, SynthError> {
    options.validate()?;
    validated(redis::build(options).to_document())
}

fn validated(document: Value) -> Result<Value, SynthError> {
    let broken = validate::references(&document);
    if !broken.is_empty() {
        return Err(SynthError::Invalid(broken));
    }
    // The longest overflow is the one to report: shortening by that much fixes every name.
    let worst = validate::physical_names(&document)
        .into_iter()
        .max_by_key(|f| f.excess.unwrap_or(0));
    match worst {
        Some(finding) => Err(SynthError::PhysicalName(finding)),
        None => Ok(document),
    }
}
