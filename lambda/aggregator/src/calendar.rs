//! Proleptic Gregorian calendar math on epoch milliseconds, in UTC.
//!
//! Why hand-written: the aggregator only needs "start of hour/day/month" and an ISO-8601
//! rendering of it. Two small, well-known integer algorithms (Howard Hinnant's
//! `days_from_civil` / `civil_from_days`) do that exactly, without a time-zone database,
//! without allocation, and fast enough for the per-record hot path.

/// Milliseconds in one day.
pub const MS_PER_DAY: i64 = 86_400_000;
/// Milliseconds in one hour.
pub const MS_PER_HOUR: i64 = 3_600_000;
/// Milliseconds in one minute.
pub const MS_PER_MINUTE: i64 = 60_000;

/// First millisecond the aggregator accepts: 1970-01-01T00:00:00.000Z.
pub const MIN_EPOCH_MS: i64 = 0;
/// Last millisecond the aggregator accepts: 9999-12-31T23:59:59.999Z, so every rendered
/// timestamp has a four-digit year and sorts lexicographically.
pub const MAX_EPOCH_MS: i64 = 253_402_300_799_999;

/// A UTC calendar date and time of day, at millisecond resolution.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DateTime {
    pub year: i64,
    pub month: u32,
    pub day: u32,
    pub hour: u32,
    pub minute: u32,
    pub second: u32,
    pub milli: u32,
}

/// Days since 1970-01-01 of the given civil date (month 1-12, day 1-31).
pub fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let (m, d) = (i64::from(month), i64::from(day));
    let y = if m <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400; // [0, 399]
    let mp = if m > 2 { m - 3 } else { m + 9 }; // March = 0
    let doy = (153 * mp + 2) / 5 + d - 1; // [0, 365]
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy; // [0, 146096]
    era * 146_097 + doe - 719_468
}

/// Civil date `(year, month, day)` of the given day number (days since 1970-01-01); the log
/// lines' timestamps use it too, so it lives in the support crate.
pub use zael_lambda_support::timestamp::civil_from_days;

impl DateTime {
    /// Breaks epoch milliseconds into UTC calendar fields.
    pub fn from_epoch_ms(ms: i64) -> DateTime {
        let days = ms.div_euclid(MS_PER_DAY);
        let in_day = ms.rem_euclid(MS_PER_DAY);
        let (year, month, day) = civil_from_days(days);
        DateTime {
            year,
            month,
            day,
            hour: (in_day / MS_PER_HOUR) as u32,
            minute: (in_day / MS_PER_MINUTE % 60) as u32,
            second: (in_day / 1000 % 60) as u32,
            milli: (in_day % 1000) as u32,
        }
    }

    /// `YYYY-MM-DDTHH:MM:SSZ` (whole seconds; the window keys never carry milliseconds).
    pub fn to_iso_seconds(self) -> String {
        format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
            self.year, self.month, self.day, self.hour, self.minute, self.second
        )
    }

    /// `YYYY-MM-DDTHH:MM:SS.mmmZ`, used for log timestamps.
    pub fn to_iso_millis(self) -> String {
        format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z",
            self.year, self.month, self.day, self.hour, self.minute, self.second, self.milli
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn epoch_and_known_dates() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        // 2000-03-01 is day 11017; 2024-02-29 is day 19782.
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
        assert_eq!(days_from_civil(2024, 2, 29), 19_782);
        assert_eq!(civil_from_days(19_782), (2024, 2, 29));
        assert_eq!(civil_from_days(19_783), (2024, 3, 1));
        assert_eq!(civil_from_days(-1), (1969, 12, 31));
    }

    #[test]
    fn round_trips_every_day_over_four_centuries() {
        let start = days_from_civil(1970, 1, 1);
        let end = days_from_civil(2400, 12, 31);
        let mut expected = (1970, 1, 1);
        for d in start..=end {
            assert_eq!(civil_from_days(d), expected, "day {d}");
            assert_eq!(days_from_civil(expected.0, expected.1, expected.2), d);
            expected = next_day(expected);
        }
    }

    /// Reference successor written the obvious (slow) way, to check the fast formulas.
    fn next_day((y, m, d): (i64, u32, u32)) -> (i64, u32, u32) {
        let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
        let len = match m {
            2 if leap => 29,
            2 => 28,
            4 | 6 | 9 | 11 => 30,
            _ => 31,
        };
        match (d == len, m == 12) {
            (false, _) => (y, m, d + 1),
            (true, false) => (y, m + 1, 1),
            (true, true) => (y + 1, 1, 1),
        }
    }

    #[test]
    fn renders_iso() {
        // 2024-02-29T13:45:07.089Z
        let ms = days_from_civil(2024, 2, 29) * MS_PER_DAY + 13 * MS_PER_HOUR + 45 * 60_000 + 7_089;
        let dt = DateTime::from_epoch_ms(ms);
        assert_eq!(dt.to_iso_seconds(), "2024-02-29T13:45:07Z");
        assert_eq!(dt.to_iso_millis(), "2024-02-29T13:45:07.089Z");
        assert_eq!(
            DateTime::from_epoch_ms(MAX_EPOCH_MS).to_iso_millis(),
            "9999-12-31T23:59:59.999Z"
        );
    }
}
