//! Reset schedules (`rsched` / `b_{limit}_rsched`) as zae-limiter 0.17.0 stores them, for
//! the refill's reset edges and `vu` stamps ([`crate::refill`]).
//!
//! The stored form is the library's compact encoding (`zae_limiter.schedule.encode_reset`):
//! a version marker `1`, then `;`-separated entries of field tags `m h D M w` (cron's five
//! fields; an absent tag is `*`), e.g. `1m0h0` for `0 0 * * *`. A reset entry is an
//! **edge**: the balance resets the instant the cron starts matching.
//!
//! **The subset zael evaluates**: every field `*` or one number, in `UTC`. That is every
//! quota period the library documents (session windows are `rsa`, not a cron): hourly,
//! daily, weekly, monthly, yearly. Anything else (lists, ranges, steps, names, another
//! time zone, a version other than 1, a day the month never has) is an [`Unsupported`]
//! error, and the caller leaves the bucket alone, exactly as the reference aggregator
//! leaves a bucket whose schedule it cannot decode: the library's own slow path still
//! resets and refills it. Never a guess: a wrong edge over-admits.
//!
//! The searches mirror `prev_reset_edge` / `_next_reset_edge` of the library: at minute
//! resolution, within the entry's horizon (the larger of its granularity's scan cap and
//! its cycle, `_reset_scan`), jumping over whole days, hours or minutes whose match state
//! is known, so a yearly search is a few hundred steps.

use crate::calendar::{civil_from_days, MS_PER_DAY, MS_PER_HOUR};
use std::fmt;

const MINUTE: i64 = 60_000;
/// The per-limit override meaning "this limit has none" (`BUCKET_SCHED_NONE`).
pub const NONE_MARKER: &str = "-";

/// A stored schedule zael does not evaluate (or the library would not decode).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unsupported(pub String);

impl fmt::Display for Unsupported {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// One reset entry: `None` is `*`. `weekday` is ISO (Monday 1 .. Sunday 7).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cron {
    pub minute: Option<u32>,
    pub hour: Option<u32>,
    pub day: Option<u32>,
    pub month: Option<u32>,
    pub weekday: Option<u32>,
}

/// Decodes a stored reset schedule (`tz` is the item's `sched_tz`, default `UTC`).
pub fn decode(compact: &str, tz: &str) -> Result<Vec<Cron>, Unsupported> {
    let bad = |why: &str| Unsupported(format!("reset schedule {compact:?} ({tz}): {why}"));
    if tz != "UTC" {
        return Err(bad("only UTC is evaluated"));
    }
    let body = compact
        .strip_prefix('1')
        .filter(|b| !b.is_empty() && !b.starts_with(|c: char| c.is_ascii_digit()))
        .ok_or_else(|| bad("not encoding version 1 with entries"))?;
    body.split(';')
        .map(|entry| entry_cron(entry).map_err(|why| bad(&why)))
        .collect()
}

fn entry_cron(entry: &str) -> Result<Cron, String> {
    let mut cron = Cron {
        minute: None,
        hour: None,
        day: None,
        month: None,
        weekday: None,
    };
    let mut rest = entry;
    while let Some(tag) = rest.chars().next() {
        if !tag.is_ascii() {
            return Err(format!("entry {entry:?}: tag {tag:?} is not a cron field"));
        }
        let value_len = rest[1..]
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(rest.len() - 1);
        let value = &rest[1..1 + value_len];
        rest = &rest[1 + value_len..];
        let n: u32 = value
            .parse()
            .map_err(|_| format!("entry {entry:?}: field {tag:?} is not one number"))?;
        let (slot, range) = match tag {
            'm' => (&mut cron.minute, 0..=59),
            'h' => (&mut cron.hour, 0..=23),
            'D' => (&mut cron.day, 1..=31),
            'M' => (&mut cron.month, 1..=12),
            'w' => (&mut cron.weekday, 0..=7),
            _ => return Err(format!("entry {entry:?}: tag {tag:?} is not a cron field")),
        };
        if slot.is_some() || !range.contains(&n) {
            return Err(format!(
                "entry {entry:?}: field {tag:?} repeated or out of range"
            ));
        }
        *slot = Some(n);
    }
    if entry.is_empty() {
        return Err("an empty entry".into());
    }
    cron.weekday = cron.weekday.map(|w| if w == 0 { 7 } else { w });
    if let (Some(d), Some(m)) = (cron.day, cron.month) {
        let longest = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m as usize - 1];
        if d > longest {
            return Err(format!("entry {entry:?}: month {m} has no day {d}"));
        }
    }
    Ok(cron)
}

impl Cron {
    fn date_matches(&self, days: i64) -> bool {
        let (_, month, day) = civil_from_days(days);
        if self.month.is_some_and(|m| m != month) {
            return false;
        }
        let weekday = (days + 3).rem_euclid(7) as u32 + 1; // 1970-01-01 was a Thursday
        let dom = self.day.is_none_or(|d| d == day);
        let dow = self.weekday.is_none_or(|w| w == weekday);
        // cron: when both day fields are constrained, either one matches.
        if self.day.is_some() && self.weekday.is_some() {
            dom || dow
        } else {
            dom && dow
        }
    }

    /// Is the minute containing `ms` a matching one?
    pub fn matches(&self, ms: i64) -> bool {
        self.block(ms).0
    }

    /// The match state at `ms` and the span `[start, end)` around it sharing that state.
    fn block(&self, ms: i64) -> (bool, i64, i64) {
        let day_start = ms.div_euclid(MS_PER_DAY) * MS_PER_DAY;
        if !self.date_matches(ms.div_euclid(MS_PER_DAY)) {
            return (false, day_start, day_start + MS_PER_DAY);
        }
        let hour_start = ms.div_euclid(MS_PER_HOUR) * MS_PER_HOUR;
        let minute_start = ms.div_euclid(MINUTE) * MINUTE;
        let hour = ((ms - day_start) / MS_PER_HOUR) as u32;
        let minute = ((ms - hour_start) / MINUTE) as u32;
        if self.hour.is_some_and(|h| h != hour) {
            return (false, hour_start, hour_start + MS_PER_HOUR);
        }
        if self.minute.is_some_and(|m| m != minute) {
            return (false, minute_start, minute_start + MINUTE);
        }
        match (self.minute, self.hour) {
            (Some(_), _) => (true, minute_start, minute_start + MINUTE),
            (None, Some(_)) => (true, hour_start, hour_start + MS_PER_HOUR),
            (None, None) => (true, day_start, day_start + MS_PER_DAY),
        }
    }

    /// `_reset_scan`'s horizon: the larger of the granularity's cap and the cycle.
    fn horizon_ms(&self) -> i64 {
        let step_cap = if self.minute.is_some() {
            7
        } else if self.hour.is_some() {
            31
        } else {
            366
        } * MS_PER_DAY;
        let cycle = if self.month.is_some() {
            366 * MS_PER_DAY
        } else if self.day.is_some() {
            31 * MS_PER_DAY
        } else if self.weekday.is_some() {
            7 * MS_PER_DAY
        } else if self.hour.is_some() {
            MS_PER_DAY
        } else if self.minute.is_some() {
            MS_PER_HOUR
        } else {
            MINUTE
        };
        step_cap.max(cycle)
    }

    /// Latest minute at or before `start` (not before `floor`) in state `want`.
    fn latest(&self, want: bool, start: i64, floor: i64) -> Option<i64> {
        let mut t = start.div_euclid(MINUTE) * MINUTE;
        while t >= floor {
            let (state, block_start, _) = self.block(t);
            if state == want {
                return Some(t);
            }
            t = block_start - MINUTE;
        }
        None
    }

    /// Earliest minute at or after `start` (not after `horizon`) in state `want`.
    fn earliest(&self, want: bool, start: i64, horizon: i64) -> Option<i64> {
        let mut t = start.div_euclid(MINUTE) * MINUTE;
        if t < start {
            t += MINUTE;
        }
        while t <= horizon {
            let (state, _, block_end) = self.block(t);
            if state == want {
                return Some(t);
            }
            t = block_end;
        }
        None
    }

    /// The most recent rising edge at or before `now`, within the horizon.
    fn prev_edge(&self, now: i64) -> Option<i64> {
        let floor = now - self.horizon_ms();
        let on = self.latest(true, now, floor)?;
        let off = self.latest(false, on - MINUTE, floor)?;
        Some(off + MINUTE)
    }

    /// The first rising edge strictly after `now`, within the horizon.
    fn next_edge(&self, now: i64) -> Option<i64> {
        let horizon = now + self.horizon_ms();
        let mut start = (now.div_euclid(MINUTE) + 1) * MINUTE;
        if self.matches(now) {
            start = self.earliest(false, start, horizon)?;
        }
        self.earliest(true, start, horizon)
    }
}

/// `prev_reset_edge`: the latest edge at or before `now` across entries, if any.
pub fn prev_reset_edge(entries: &[Cron], now: i64) -> Option<i64> {
    entries.iter().filter_map(|c| c.prev_edge(now)).max()
}

/// `_next_reset_edge`: the earliest edge after `now` across entries, an entry with none
/// in reach counting as `now + its horizon` (so `vu` forces a pass per horizon).
pub fn next_reset_edge_or_cap(entries: &[Cron], now: i64) -> Option<i64> {
    entries
        .iter()
        .map(|c| c.next_edge(now).unwrap_or(now + c.horizon_ms()))
        .min()
}

#[cfg(test)]
#[path = "reset_schedule_tests.rs"]
mod tests;
