//! When schedules change: the searches of `zae_limiter.schedule`, step for step, so that
//! zael stamps the same `vu` and applies the same resets as the library.
//!
//! * [`matches`]: is an instant inside a cron's window, in its zone (local time is always
//!   well defined from an instant, so DST needs no special case there).
//! * Reset edges ([`prev_reset_edge`], [`next_reset_edge_or_cap`]): a reset fires on the
//!   transition **into** matching. Each entry is scanned alone, at the step of its finest
//!   constrained field and within the larger of that step's cap (7, 31, 366 days) and its
//!   cycle (`_reset_scan`), so every practical quota period sees its own edge.
//! * Parameter changes ([`next_param_change`]): the first instant the active entry (first
//!   match wins) changes, within the cap of the finest field of any entry, else the cap.
//!
//! Probes are **local unit starts** (`_next_probe`, `_prev_probe`): the match state is
//! constant across one local minute, hour or day at the chosen granularity, so no
//! transition is skipped however DST stretches or shrinks a unit. The library's grid
//! quirks (a wall-clock `+ 1 hour` that steps over a repeated hour) are kept, because
//! the answer must be the library's, not a better one.

use super::compact::ParamEntry;
use super::cron::Cron;
use super::zone::Unit;
use crate::calendar::{MS_PER_DAY as DAY, MS_PER_HOUR as HOUR, MS_PER_MINUTE as MINUTE};
use chrono::{Datelike, Timelike};

/// `matches`: is the minute containing `ms` inside the cron's window?
pub fn matches(c: &Cron, ms: i64) -> bool {
    let d = c.zone.wall(ms);
    c.minutes & 1 << d.minute() != 0
        && c.hours & 1 << d.hour() != 0
        && c.months & 1 << d.month() != 0
        && day_matches(c, d.day(), d.weekday().number_from_monday())
}

fn day_matches(c: &Cron, day: u32, weekday: u32) -> bool {
    let dom = c.days & 1 << day != 0;
    let dow = c.weekdays & 1 << weekday != 0;
    if c.day_and {
        dom && dow
    } else {
        dom || dow
    }
}

/// `_unreachable_block`: the largest local block around `ms` that cannot match.
fn unreachable_block(c: &Cron, ms: i64) -> Option<Unit> {
    let d = c.zone.wall(ms);
    if c.months & 1 << d.month() == 0 || !day_matches(c, d.day(), d.weekday().number_from_monday())
    {
        return Some(Unit::Day);
    }
    (c.hours & 1 << d.hour() == 0).then_some(Unit::Hour)
}

fn all_minutes(c: &Cron) -> bool {
    c.minutes.count_ones() == 60
}
fn all_hours(c: &Cron) -> bool {
    c.hours.count_ones() == 24
}

/// `_granularity`: the finest field any entry constrains, and its scan cap.
fn granularity<'a>(crons: impl Iterator<Item = &'a Cron> + Clone) -> (Unit, i64) {
    if crons.clone().any(|c| !all_minutes(c)) {
        (Unit::Minute, 7 * DAY)
    } else if crons.into_iter().any(|c| !all_hours(c)) {
        (Unit::Hour, 31 * DAY)
    } else {
        (Unit::Day, 366 * DAY)
    }
}

/// `cycle_seconds` (in ms): how long until the pattern's firing set repeats, from its
/// coarsest constrained field.
fn cycle_ms(c: &Cron) -> i64 {
    if c.months.count_ones() < 12 {
        366 * DAY
    } else if c.days.count_ones() < 31 {
        31 * DAY
    } else if c.weekdays.count_ones() < 7 {
        7 * DAY
    } else if !all_hours(c) {
        DAY
    } else if !all_minutes(c) {
        HOUR
    } else {
        MINUTE
    }
}

/// `_reset_scan`: one reset entry's step and horizon.
fn reset_scan(c: &Cron) -> (Unit, i64) {
    let (unit, cap) = granularity(std::iter::once(c));
    (unit, cap.max(cycle_ms(c)))
}

fn floor_minute(ms: i64) -> i64 {
    ms.div_euclid(MINUTE) * MINUTE
}

/// `_next_probe`: the earliest local unit start, in any entry's zone, after `t`.
fn next_probe<'a>(crons: impl Iterator<Item = &'a Cron>, t: i64, unit: Unit) -> i64 {
    let t0 = floor_minute(t);
    if unit == Unit::Minute {
        return t0 + MINUTE;
    }
    let next = crons
        .map(|c| c.zone.unit_after(t, unit))
        .min()
        .unwrap_or(t0 + MINUTE);
    floor_minute(next).max(t0 + MINUTE)
}

/// `_prev_probe`: the latest local unit start, in the cron's zone, before `t`.
fn prev_probe(c: &Cron, t: i64, unit: Unit) -> i64 {
    let t0 = floor_minute(t);
    if unit == Unit::Minute {
        return t0 - MINUTE;
    }
    let mut start = c.zone.unit_start(t0, unit);
    if start >= t0 {
        start = c.zone.unit_start(t0 - MINUTE, unit);
    }
    floor_minute(start).min(t0 - MINUTE)
}

/// `_earliest_where`: the earliest minute at or after `start`, not after `horizon`,
/// whose match state is `want`.
fn earliest_where(c: &Cron, want: bool, start: i64, horizon: i64, unit: Unit) -> Option<i64> {
    let t = -((-start).div_euclid(MINUTE)) * MINUTE;
    if t <= horizon && matches(c, t) == want {
        return Some(t);
    }
    let mut probe = next_probe(std::iter::once(c), t, unit);
    while probe <= horizon {
        if matches(c, probe) == want {
            return Some(probe);
        }
        match unreachable_block(c, probe).filter(|_| want) {
            None => probe = next_probe(std::iter::once(c), probe, unit),
            Some(block) => {
                let after = floor_minute(c.zone.unit_after(probe, block));
                probe = after.max(probe + MINUTE);
            }
        }
    }
    None
}

/// `_latest_where`: the latest minute at or before `start`, not before `floor`, whose
/// match state is `want`.
fn latest_where(c: &Cron, want: bool, start: i64, floor: i64, unit: Unit) -> Option<i64> {
    let t = floor_minute(start);
    if t < floor {
        return None;
    }
    if matches(c, t) == want {
        return Some(t);
    }
    let mut hi = t;
    let mut probe = prev_probe(c, t, unit);
    while probe >= floor {
        if matches(c, probe) == want {
            return Some(hi - MINUTE);
        }
        match unreachable_block(c, probe).filter(|_| want) {
            None => hi = probe,
            Some(block) => hi = hi.min(floor_minute(c.zone.unit_start(probe, block))),
        }
        probe = prev_probe(c, hi, unit);
    }
    None
}

/// `_next_rising_edge`: the first edge strictly after `now`, within `cap`.
fn next_rising_edge(c: &Cron, now: i64, unit: Unit, cap: i64) -> Option<i64> {
    let horizon = now + cap;
    let mut start = (now.div_euclid(MINUTE) + 1) * MINUTE;
    if matches(c, now) {
        start = earliest_where(c, false, start, horizon, unit)?;
    }
    earliest_where(c, true, start, horizon, unit)
}

/// `_prev_rising_edge`: the latest edge at or before `now`, within `cap`.
fn prev_rising_edge(c: &Cron, now: i64, unit: Unit, cap: i64) -> Option<i64> {
    let floor = now - cap;
    let on = latest_where(c, true, now, floor, unit)?;
    let off = latest_where(c, false, on - MINUTE, floor, unit)?;
    Some(off + MINUTE)
}

/// `prev_reset_edge`: the latest reset edge at or before `now` across entries.
pub fn prev_reset_edge(entries: &[Cron], now: i64) -> Option<i64> {
    entries
        .iter()
        .filter_map(|c| {
            let (unit, cap) = reset_scan(c);
            prev_rising_edge(c, now, unit, cap)
        })
        .max()
}

/// `_next_reset_edge`: the earliest reset edge after `now`, an entry with none in reach
/// counting as `now + its horizon` (so `vu` forces a pass per horizon); `None` for no
/// entries.
pub fn next_reset_edge_or_cap(entries: &[Cron], now: i64) -> Option<i64> {
    entries
        .iter()
        .map(|c| {
            let (unit, cap) = reset_scan(c);
            next_rising_edge(c, now, unit, cap).unwrap_or(now + cap)
        })
        .min()
}

/// `_active_index`: the first entry matching at `ms` (first match wins).
pub fn active_index(entries: &[ParamEntry], ms: i64) -> Option<usize> {
    entries.iter().position(|e| matches(&e.cron, ms))
}

/// `_next_param_change`: the earliest instant after `now` where the active entry
/// changes, or `now + cap` when none is found within the cap.
pub fn next_param_change(entries: &[ParamEntry], now: i64) -> i64 {
    let crons = entries.iter().map(|e| &e.cron);
    let (unit, cap) = granularity(crons.clone());
    let current = active_index(entries, now);
    let horizon = now + cap;
    let mut lo = floor_minute(now);
    let mut probe = next_probe(crons.clone(), now, unit);
    while probe <= horizon {
        if active_index(entries, probe) != current {
            // The change lies in (lo, probe]: re-walk it by the minute.
            let mut fine = lo + MINUTE;
            while fine < probe {
                if active_index(entries, fine) != current {
                    return fine;
                }
                fine += MINUTE;
            }
            return probe;
        }
        lo = probe;
        probe = next_probe(crons.clone(), probe, unit);
    }
    now + cap
}

/// `next_boundary`: when a bucket with this parameter and reset schedule must be
/// re-materialised; `None` when both are empty.
pub fn next_boundary(sched: &[ParamEntry], reset: &[Cron], now: i64) -> Option<i64> {
    let param = (!sched.is_empty()).then(|| next_param_change(sched, now));
    param
        .into_iter()
        .chain(next_reset_edge_or_cap(reset, now))
        .min()
}
