//! L3 blueprints: whole systems built from the constructs.

pub mod api;
pub mod artifact;
pub mod common;
pub mod limiter;
pub mod names;
pub mod redis;
pub mod rule;
pub mod rules;
pub mod value_error;
pub mod values;

pub use value_error::ValueError;
