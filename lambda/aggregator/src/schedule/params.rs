//! `effective_params` / `entry_params` of the library: the capacity, refill amount and
//! refill period (millitokens, ms) a parameter schedule puts in force at an instant.
//! First matching entry wins; none matching leaves the base.

use super::compact::{Modifier, ParamEntry};
use super::edges::active_index;

/// `(capacity, refill amount, refill period)` in force at `now`, from the undivided base.
pub fn effective_params(
    cp: i128,
    ra: i128,
    rp: i128,
    sched: &[ParamEntry],
    now: i64,
) -> (i128, i128, i128) {
    match active_index(sched, now) {
        None => (cp, ra, rp),
        Some(i) => entry_params(cp, ra, rp, &sched[i].modifier),
    }
}

/// What one entry puts in force. A scale truncates a float product exactly as Python's
/// `int(cp * (s / 1000))` does (both round an integer to the nearest double, ties to
/// even), floored at one millitoken; a quota's zero rate stays zero.
pub fn entry_params(cp: i128, ra: i128, rp: i128, modifier: &Modifier) -> (i128, i128, i128) {
    match *modifier {
        Modifier::Scale { per_mille } => {
            let scale = per_mille as f64 / 1000.0;
            let scaled = |v: i128| ((v as f64) * scale).trunc() as i128;
            (
                scaled(cp).max(1),
                if ra == 0 { 0 } else { scaled(ra).max(1) },
                rp,
            )
        }
        Modifier::Absolute {
            capacity,
            amount,
            period_seconds,
        } => (
            capacity.map_or(cp, |c| i128::from(c) * 1000),
            amount.map_or(ra, |a| i128::from(a) * 1000),
            period_seconds.map_or(rp, |p| i128::from(p) * 1000),
        ),
    }
}
