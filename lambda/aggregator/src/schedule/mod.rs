//! Schedules as zae-limiter 0.17.0 stores and evaluates them (`zae_limiter.schedule`),
//! for the refill's parameters, reset edges and `vu` stamps and the clones' starting
//! balances.
//!
//! * [`compact`]: the stored encodings, decoded (parameter and reset schedules);
//! * [`cron`]: one cron expression's fields, with the library's grammar (lists, ranges,
//!   steps, names) and its refusals;
//! * [`zone`]: any IANA time zone, with Python's fold rules for repeated and skipped
//!   wall times;
//! * [`edges`]: matching, reset edges and parameter changes, searched as the library
//!   searches them;
//! * [`params`]: the capacity, refill amount and period in force at an instant.
//!
//! A stored schedule that will not decode is an [`Unsupported`]: the bucket is left to
//! the library's own slow path, as the reference aggregator leaves it. Never a guess
//! (a wrong edge or ceiling over-admits), never a failed batch.

pub mod compact;
pub mod cron;
pub mod edges;
pub mod params;
pub mod refusal;
pub mod zone;

pub use compact::{decode, decode_reset, Modifier, ParamEntry};
pub use cron::Cron;
pub use edges::{
    matches, next_boundary, next_param_change, next_reset_edge_or_cap, prev_reset_edge,
};
pub use params::effective_params;
pub use refusal::Refusal;

/// The per-limit override meaning "this limit has none" (`BUCKET_SCHED_NONE`).
pub const NONE_MARKER: &str = "-";

/// The latest clock the searches accept (2098-01-01): `chrono-tz` lists each zone's
/// transitions through 2099 (Python's `zoneinfo` extends them by rule forever), so a
/// year's search from here still finds the library's answers. A clock outside is
/// refused, not searched.
pub const MAX_CLOCK_MS: i64 = 4_039_372_800_000;

/// Is `now` a clock the schedule searches accept?
pub fn clock_in_range(now: i64) -> bool {
    (0..=MAX_CLOCK_MS).contains(&now)
}

/// A stored schedule zael does not evaluate because the library would not decode it.
#[derive(Clone, Debug, thiserror::Error, PartialEq, Eq)]
#[error("{kind} {compact:?} ({tz}): {refusal}")]
pub struct Unsupported {
    /// `schedule` (a parameter schedule) or `reset schedule`.
    pub kind: &'static str,
    /// The stored encoding, as read.
    pub compact: String,
    pub tz: String,
    pub refusal: Refusal,
}

#[cfg(test)]
mod tests;
