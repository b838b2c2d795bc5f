//! ElastiCache's two windows: the daily snapshot window and the weekly maintenance window.
//!
//! ElastiCache rejects windows shorter than 60 minutes, maintenance windows longer than 24
//! hours, and a maintenance window that overlaps the snapshot window on any day. All three are
//! checked here, at synth, instead of minutes into a deployment.
//!
//! Times are minutes, UTC: of the day for the snapshot window, of the week (Sunday 00:00 = 0)
//! for the maintenance window. A window may run past midnight, or past the end of the week.

use std::fmt;

use crate::stacks::ValueError;

const MINUTES_PER_DAY: u32 = 24 * 60;
const MINUTES_PER_WEEK: u32 = 7 * MINUTES_PER_DAY;

/// ElastiCache's shortest window, for both kinds.
pub const MIN_WINDOW_MINUTES: u32 = 60;

/// ElastiCache's longest maintenance window.
pub const MAX_MAINTENANCE_MINUTES: u32 = MINUTES_PER_DAY;

/// Day names as ElastiCache spells them, in week order.
pub const DAYS: [&str; 7] = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

const SNAPSHOT_FORMAT: &str = "expected hh24:mi-hh24:mi in UTC, e.g. 03:00-05:00";
const MAINTENANCE_FORMAT: &str = "expected ddd:hh24:mi-ddd:hh24:mi in UTC, ddd one of sun, mon, tue, wed, thu, fri, sat, e.g. sun:05:30-sun:06:30";

/// The daily window in which ElastiCache starts the day's snapshot.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DailyWindow {
    start: u32,
    minutes: u32,
}

/// The weekly window in which ElastiCache may apply maintenance.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WeeklyWindow {
    start: u32,
    minutes: u32,
}

/// `hh:mi`, both two digits, as minutes of the day.
fn time_of_day(text: &str) -> Option<u32> {
    let (hours, minutes) = text.split_once(':')?;
    let two_digits = |s: &str| s.len() == 2 && s.bytes().all(|b| b.is_ascii_digit());
    if !two_digits(hours) || !two_digits(minutes) {
        return None;
    }
    let (hours, minutes): (u32, u32) = (hours.parse().ok()?, minutes.parse().ok()?);
    (hours < 24 && minutes < 60).then_some(hours * 60 + minutes)
}

/// `ddd:hh:mi` as minutes of the week.
fn time_of_week(text: &str) -> Option<u32> {
    let (day, time) = text.split_once(':')?;
    let day = DAYS.iter().position(|d| *d == day)? as u32;
    Some(day * MINUTES_PER_DAY + time_of_day(time)?)
}

fn duration(minutes: u32) -> String {
    match (minutes / 60, minutes % 60) {
        (0, m) => format!("{m} minutes"),
        (1, 0) => "1 hour".to_string(),
        (h, 0) => format!("{h} hours"),
        (h, m) => format!("{h} h {m} min"),
    }
}

impl DailyWindow {
    pub fn parse(text: &str) -> Result<Self, ValueError> {
        let (start, end) = text
            .split_once('-')
            .and_then(|(a, b)| Some((time_of_day(a)?, time_of_day(b)?)))
            .ok_or(ValueError::not_allowed(SNAPSHOT_FORMAT))?;
        let minutes = (end + MINUTES_PER_DAY - start) % MINUTES_PER_DAY;
        if minutes < MIN_WINDOW_MINUTES {
            return Err(ValueError::invalid(
                format!("lasts {}", duration(minutes)),
                format!(
                    "ElastiCache needs a snapshot window of at least {MIN_WINDOW_MINUTES} minutes"
                ),
            ));
        }
        Ok(DailyWindow { start, minutes })
    }

    pub fn minutes(&self) -> u32 {
        self.minutes
    }
}

impl WeeklyWindow {
    pub fn parse(text: &str) -> Result<Self, ValueError> {
        // `ddd:hh:mi-ddd:hh:mi`: the one hyphen separates start and end.
        let (start, end) = text
            .split_once('-')
            .and_then(|(a, b)| Some((time_of_week(a)?, time_of_week(b)?)))
            .ok_or(ValueError::not_allowed(MAINTENANCE_FORMAT))?;
        let minutes = (end + MINUTES_PER_WEEK - start) % MINUTES_PER_WEEK;
        if !(MIN_WINDOW_MINUTES..=MAX_MAINTENANCE_MINUTES).contains(&minutes) {
            return Err(ValueError::invalid(
                format!("lasts {}", duration(minutes)),
                format!("ElastiCache needs a maintenance window of {MIN_WINDOW_MINUTES} minutes to 24 hours"),
            ));
        }
        Ok(WeeklyWindow { start, minutes })
    }

    pub fn minutes(&self) -> u32 {
        self.minutes
    }
}

fn write_time_of_day(f: &mut fmt::Formatter<'_>, minute: u32) -> fmt::Result {
    write!(f, "{:02}:{:02}", minute / 60, minute % 60)
}

fn write_time_of_week(f: &mut fmt::Formatter<'_>, minute: u32) -> fmt::Result {
    write!(f, "{}:", DAYS[(minute / MINUTES_PER_DAY) as usize])?;
    write_time_of_day(f, minute % MINUTES_PER_DAY)
}

/// The form ElastiCache reads: `03:00-05:00`.
impl fmt::Display for DailyWindow {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_time_of_day(f, self.start)?;
        f.write_str("-")?;
        write_time_of_day(f, (self.start + self.minutes) % MINUTES_PER_DAY)
    }
}

/// The form ElastiCache reads: `sun:05:30-sun:06:30`.
impl fmt::Display for WeeklyWindow {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_time_of_week(f, self.start)?;
        f.write_str("-")?;
        write_time_of_week(f, (self.start + self.minutes) % MINUTES_PER_WEEK)
    }
}

/// Where a maintenance window meets the snapshot window: from the first to the last minute of
/// the week the two share, in one contiguous stretch.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Overlap {
    first: u32,
    last: u32,
}

/// `sun 04:00-05:00`, `sat 23:30-sun 00:30` across midnight, or `sun 05:00` for windows that
/// only touch.
impl fmt::Display for Overlap {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let day = |minute: u32| DAYS[(minute / MINUTES_PER_DAY) as usize];
        write!(f, "{} ", day(self.first))?;
        write_time_of_day(f, self.first % MINUTES_PER_DAY)?;
        if self.last == self.first {
            return Ok(());
        }
        f.write_str("-")?;
        if day(self.last) != day(self.first) {
            write!(f, "{} ", day(self.last))?;
        }
        write_time_of_day(f, self.last % MINUTES_PER_DAY)
    }
}

/// The first stretch of the week in which the two windows overlap, or `None`.
///
/// Both windows count their end minute: whether ElastiCache accepts a maintenance window that
/// starts the minute the snapshot window ends is not documented, so windows that merely touch
/// are refused too, and a deploy never fails on it.
pub fn overlap(snapshot: &DailyWindow, maintenance: &WeeklyWindow) -> Option<Overlap> {
    let mut in_snapshot = [false; MINUTES_PER_WEEK as usize];
    for day in 0..7 {
        for offset in 0..=snapshot.minutes {
            let minute = (day * MINUTES_PER_DAY + snapshot.start + offset) % MINUTES_PER_WEEK;
            in_snapshot[minute as usize] = true;
        }
    }
    let shared = |offset: u32| {
        let minute = (maintenance.start + offset) % MINUTES_PER_WEEK;
        in_snapshot[minute as usize].then_some(minute)
    };
    let first_offset = (0..=maintenance.minutes).find(|o| shared(*o).is_some())?;
    let last_offset = (first_offset..=maintenance.minutes)
        .take_while(|o| shared(*o).is_some())
        .last()
        .expect("the first shared minute is shared");
    Some(Overlap {
        first: shared(first_offset)?,
        last: shared(last_offset)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn daily(text: &str) -> DailyWindow {
        DailyWindow::parse(text).unwrap()
    }

    fn weekly(text: &str) -> WeeklyWindow {
        WeeklyWindow::parse(text).unwrap()
    }

    fn overlap_text(snapshot: &str, maintenance: &str) -> Option<String> {
        overlap(&daily(snapshot), &weekly(maintenance)).map(|o| o.to_string())
    }

    #[test]
    fn windows_read_back_as_elasticache_writes_them() {
        assert_eq!(daily("03:00-05:00").to_string(), "03:00-05:00");
        assert_eq!(daily("23:30-00:30").minutes(), 60);
        assert_eq!(
            weekly("sun:05:30-sun:06:30").to_string(),
            "sun:05:30-sun:06:30"
        );
        assert_eq!(weekly("sat:23:30-sun:00:30").minutes(), 60);
        assert_eq!(weekly("mon:00:00-tue:00:00").minutes(), 24 * 60);
    }

    #[test]
    fn malformed_windows_say_what_the_format_is() {
        for bad in [
            "3:00-5:00",
            "03:00",
            "03:00-05:60",
            "24:00-01:00",
            "03.00-05.00",
        ] {
            assert_eq!(
                DailyWindow::parse(bad),
                Err(ValueError::not_allowed(SNAPSHOT_FORMAT)),
                "{bad}"
            );
        }
        for bad in [
            "sun:05:30",
            "Sun:05:30-Sun:06:30",
            "sunday:05:30-sunday:06:30",
            "05:30-06:30",
        ] {
            assert_eq!(
                WeeklyWindow::parse(bad),
                Err(ValueError::not_allowed(MAINTENANCE_FORMAT)),
                "{bad}"
            );
        }
    }

    #[test]
    fn windows_respect_elasticache_lengths() {
        assert_eq!(
            DailyWindow::parse("03:00-03:59").map_err(|e| e.to_string()),
            Err(
                "lasts 59 minutes; ElastiCache needs a snapshot window of at least 60 minutes"
                    .into()
            )
        );
        assert_eq!(
            DailyWindow::parse("03:00-03:00").map_err(|e| e.to_string()),
            Err(
                "lasts 0 minutes; ElastiCache needs a snapshot window of at least 60 minutes"
                    .into()
            )
        );
        assert_eq!(
            WeeklyWindow::parse("sun:05:30-sun:06:00").map_err(|e| e.to_string()),
            Err("lasts 30 minutes; ElastiCache needs a maintenance window of 60 minutes to 24 hours".into())
        );
        assert_eq!(
            WeeklyWindow::parse("sun:05:30-mon:06:00").map_err(|e| e.to_string()),
            Err("lasts 24 h 30 min; ElastiCache needs a maintenance window of 60 minutes to 24 hours".into())
        );
    }

    #[test]
    fn overlaps_are_found_on_any_day_and_across_midnight() {
        assert_eq!(overlap_text("03:00-05:00", "sun:05:30-sun:06:30"), None);
        assert_eq!(
            overlap_text("03:00-05:00", "wed:04:00-wed:06:00").as_deref(),
            Some("wed 04:00-05:00")
        );
        // The snapshot window of Saturday runs into Sunday.
        assert_eq!(
            overlap_text("23:00-01:00", "sun:00:30-sun:02:00").as_deref(),
            Some("sun 00:30-01:00")
        );
        // A maintenance window across the end of the week.
        assert_eq!(
            overlap_text("22:30-23:30", "sat:22:00-sun:00:30").as_deref(),
            Some("sat 22:30-23:30")
        );
        // A long maintenance window meets two days' snapshot windows; the first is reported.
        assert_eq!(
            overlap_text("03:00-04:00", "mon:02:00-tue:02:00").as_deref(),
            Some("mon 03:00-04:00")
        );
        assert_eq!(
            overlap_text("22:00-23:00", "mon:22:30-tue:00:30").as_deref(),
            Some("mon 22:30-23:00")
        );
    }

    #[test]
    fn windows_that_touch_are_refused() {
        assert_eq!(
            overlap_text("03:00-05:00", "sun:05:00-sun:06:00").as_deref(),
            Some("sun 05:00")
        );
        assert_eq!(
            overlap_text("03:00-05:00", "sun:02:00-sun:03:00").as_deref(),
            Some("sun 03:00")
        );
        assert_eq!(overlap_text("03:00-05:00", "sun:05:01-sun:06:01"), None);
        assert_eq!(
            overlap_text("00:00-01:00", "sat:23:00-sun:00:00").as_deref(),
            Some("sun 00:00")
        );
        assert_eq!(
            overlap_text("23:30-00:30", "sat:23:00-sun:01:00").as_deref(),
            Some("sat 23:30-sun 00:30")
        );
    }
}
