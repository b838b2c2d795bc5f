//! Time zones as Python's `zoneinfo` and `datetime` treat them, because the library's
//! schedule searches (`zae_limiter.schedule`) are written in them and zael must find the
//! same instants.
//!
//! Three behaviours matter and are copied exactly:
//!
//! * an instant's local time carries a **fold** (`datetime.fromtimestamp`): `true` for the
//!   second occurrence of a wall time the clock repeats when it falls back;
//! * a wall time goes back to an instant by the offset in force **before** the zone's
//!   transition when `fold` is `false` and **after** it when `true` (`zoneinfo`): an
//!   ambiguous time takes its first or second occurrence, a time in a spring-forward gap
//!   lands after or before the gap;
//! * adding hours or days is wall-clock arithmetic that resets the fold (`datetime +
//!   timedelta`), and truncating to the hour or day keeps it (`datetime.replace`).
//!
//! The zone data is `chrono-tz`'s copy of the IANA database. Instants are clamped into
//! the range `chrono` represents (hundreds of thousands of years), so a corrupt clock
//! yields a wrong but harmless answer, never a panic; callers refuse such clocks first.

use chrono::{DateTime, Duration, NaiveDateTime, Offset, TimeZone, Timelike};
use chrono_tz::Tz;

use crate::calendar::{MS_PER_DAY, MS_PER_HOUR, MS_PER_MINUTE};

/// ±100,000 years in ms: inside `chrono`'s range with room for a year's search.
const LIMIT_MS: i64 = 3_155_760_000_000_000;

/// An IANA time zone (`sched_tz`), with UTC kept apart as the fast common case.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Zone {
    Utc,
    Named(Tz),
}

/// A local calendar unit the searches step over.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    Minute,
    Hour,
    Day,
}

/// The local wall time of an instant and whether it is a repeated wall time's second
/// occurrence.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Local {
    pub wall: NaiveDateTime,
    pub fold: bool,
}

fn utc_wall(ms: i64) -> NaiveDateTime {
    DateTime::from_timestamp_millis(ms.clamp(-LIMIT_MS, LIMIT_MS))
        .expect("clamped into chrono's range")
        .naive_utc()
}

fn truncate(wall: NaiveDateTime, unit: Unit) -> NaiveDateTime {
    let date = wall.date();
    match unit {
        Unit::Minute => date
            .and_hms_opt(wall.hour(), wall.minute(), 0)
            .expect("a valid time"),
        Unit::Hour => date.and_hms_opt(wall.hour(), 0, 0).expect("a valid time"),
        Unit::Day => date.and_hms_opt(0, 0, 0).expect("a valid time"),
    }
}

fn step(unit: Unit) -> Duration {
    match unit {
        Unit::Minute => Duration::minutes(1),
        Unit::Hour => Duration::hours(1),
        Unit::Day => Duration::days(1),
    }
}

impl Zone {
    /// `ZoneInfo(name)`: `None` for a name the database does not have.
    pub fn parse(name: &str) -> Option<Zone> {
        if name == "UTC" {
            return Some(Zone::Utc);
        }
        name.parse::<Tz>().ok().map(Zone::Named)
    }

    /// The local wall time of `ms`, to the second (all that matching needs).
    pub fn wall(&self, ms: i64) -> NaiveDateTime {
        let utc = utc_wall(ms.div_euclid(1000) * 1000);
        match self {
            Zone::Utc => utc,
            Zone::Named(tz) => {
                let offset = tz.offset_from_utc_datetime(&utc).fix();
                utc + Duration::seconds(i64::from(offset.local_minus_utc()))
            }
        }
    }

    /// `datetime.fromtimestamp(ms / 1000, zone)`, to the second, with its fold.
    pub fn local(&self, ms: i64) -> Local {
        let utc = utc_wall(ms.div_euclid(1000) * 1000);
        let wall = self.wall(ms);
        match self {
            Zone::Utc => Local { wall, fold: false },
            Zone::Named(tz) => {
                // The second occurrence: an earlier instant shows the same wall time.
                let fold = match tz.from_local_datetime(&wall) {
                    chrono::LocalResult::Ambiguous(a, b) => {
                        utc.and_utc().timestamp() == a.timestamp().max(b.timestamp())
                            && a.timestamp() != b.timestamp()
                    }
                    _ => false,
                };
                Local { wall, fold }
            }
        }
    }

    /// The instant (ms) of a wall time under `fold`, as `datetime.timestamp()` does.
    pub fn instant(&self, wall: NaiveDateTime, fold: bool) -> i64 {
        let seconds = match self {
            Zone::Utc => wall.and_utc().timestamp(),
            Zone::Named(tz) => match tz.from_local_datetime(&wall) {
                chrono::LocalResult::Single(t) => t.timestamp(),
                chrono::LocalResult::Ambiguous(a, b) => {
                    let (early, late) = (
                        a.timestamp().min(b.timestamp()),
                        a.timestamp().max(b.timestamp()),
                    );
                    if fold {
                        late
                    } else {
                        early
                    }
                }
                chrono::LocalResult::None => {
                    // A gap: the offset in force before the transition (fold false) or
                    // after it (fold true); no zone has two transitions two days apart.
                    let probe = if fold {
                        wall + Duration::days(2)
                    } else {
                        wall - Duration::days(2)
                    };
                    let offset = tz.offset_from_utc_datetime(&probe).fix();
                    wall.and_utc().timestamp() - i64::from(offset.local_minus_utc())
                }
            },
        };
        seconds * 1000
    }

    /// `_unit_start`: the start of the local `unit` containing `ms`.
    pub fn unit_start(&self, ms: i64, unit: Unit) -> i64 {
        if *self == Zone::Utc {
            return ms.div_euclid(unit_ms(unit)) * unit_ms(unit);
        }
        let local = self.local(ms);
        self.instant(truncate(local.wall, unit), local.fold)
    }

    /// `_unit_after`: the start of the local `unit` after the one containing `ms`
    /// (wall-clock addition, which resets the fold).
    pub fn unit_after(&self, ms: i64, unit: Unit) -> i64 {
        if *self == Zone::Utc {
            return (ms.div_euclid(unit_ms(unit)) + 1) * unit_ms(unit);
        }
        let local = self.local(ms);
        self.instant(truncate(local.wall + step(unit), unit), false)
    }
}

fn unit_ms(unit: Unit) -> i64 {
    match unit {
        Unit::Minute => MS_PER_MINUTE,
        Unit::Hour => MS_PER_HOUR,
        Unit::Day => MS_PER_DAY,
    }
}
