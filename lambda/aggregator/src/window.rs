//! Snapshot windows: which window a millisecond belongs to, its key and its TTL.
//!
//! A window is identified by its kind and its start instant. The start is kept as epoch
//! milliseconds so grouping in the hot path compares integers; the string key
//! (`YYYY-MM-DDTHH:00:00Z`, `YYYY-MM-DDT00:00:00Z`, `YYYY-MM-01T00:00:00Z`) is rendered once
//! per snapshot item, not once per record.

use crate::calendar::{self, DateTime, MS_PER_DAY, MS_PER_HOUR};
use std::fmt;

/// The window sizes the aggregator can roll consumption into. Ordered from smallest to
/// largest, which [`crate::plan`] relies on when two windows start at the same instant.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum WindowKind {
    Hourly,
    Daily,
    Monthly,
}

impl WindowKind {
    /// All kinds, smallest first.
    pub const ALL: [WindowKind; 3] = [WindowKind::Hourly, WindowKind::Daily, WindowKind::Monthly];

    /// The name used in `SNAPSHOT_WINDOWS` and in the snapshot's `window` attribute.
    pub fn name(self) -> &'static str {
        match self {
            WindowKind::Hourly => "hourly",
            WindowKind::Daily => "daily",
            WindowKind::Monthly => "monthly",
        }
    }

    /// Parses a name as written in `SNAPSHOT_WINDOWS` (exact, lower case).
    pub fn parse(name: &str) -> Option<WindowKind> {
        WindowKind::ALL.into_iter().find(|k| k.name() == name)
    }

    /// Start (epoch ms, UTC) of the window of this kind containing `epoch_ms`.
    /// The caller keeps `epoch_ms` within [`calendar::MIN_EPOCH_MS`]..=[`calendar::MAX_EPOCH_MS`].
    pub fn start_ms(self, epoch_ms: i64) -> i64 {
        match self {
            WindowKind::Hourly => epoch_ms - epoch_ms.rem_euclid(MS_PER_HOUR),
            WindowKind::Daily => epoch_ms - epoch_ms.rem_euclid(MS_PER_DAY),
            WindowKind::Monthly => {
                let (year, month, _) = calendar::civil_from_days(epoch_ms.div_euclid(MS_PER_DAY));
                calendar::days_from_civil(year, month, 1) * MS_PER_DAY
            }
        }
    }
}

impl fmt::Display for WindowKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The snapshot key string of a window starting at `start_ms`: the start in UTC,
/// `YYYY-MM-DDTHH:MM:SSZ`. All kinds share this format (it is the data contract).
pub fn window_key(start_ms: i64) -> String {
    DateTime::from_epoch_ms(start_ms).to_iso_seconds()
}

/// The snapshot's `ttl` attribute (epoch seconds): `now` plus `ttl_days` days, as the
/// reference aggregator computes it. It is written with `if_not_exists`, so it is fixed
/// by the item's first write and replays do not move it.
pub fn snapshot_ttl(now_ms: i64, ttl_days: u32) -> i64 {
    now_ms.div_euclid(1000) + i64::from(ttl_days) * 86_400
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::days_from_civil;
    use WindowKind::{Daily, Hourly, Monthly};

    fn ms(y: i64, mo: u32, d: u32, h: i64, mi: i64, s: i64, milli: i64) -> i64 {
        days_from_civil(y, mo, d) * MS_PER_DAY + h * MS_PER_HOUR + mi * 60_000 + s * 1000 + milli
    }

    fn key(kind: WindowKind, at: i64) -> String {
        window_key(kind.start_ms(at))
    }

    /// Each instant's key in a window of the kind given.
    fn assert_keys(cases: &[(WindowKind, i64, &str)]) {
        for &(kind, at, want) in cases {
            assert_eq!(key(kind, at), want, "{kind:?} at {at} ms");
        }
    }

    /// An instant's key is the start of its hour, day or month.
    #[test]
    fn keys_start_their_window() {
        assert_keys(&[
            (
                Hourly,
                ms(2024, 5, 17, 13, 59, 59, 999),
                "2024-05-17T13:00:00Z",
            ),
            (Hourly, ms(2024, 5, 17, 14, 0, 0, 0), "2024-05-17T14:00:00Z"),
            (
                Hourly,
                ms(2024, 5, 17, 23, 30, 0, 0),
                "2024-05-17T23:00:00Z",
            ),
            (Hourly, 0, "1970-01-01T00:00:00Z"),
            (
                Daily,
                ms(2024, 5, 17, 23, 59, 59, 999),
                "2024-05-17T00:00:00Z",
            ),
            (Daily, ms(2024, 5, 18, 0, 0, 0, 0), "2024-05-18T00:00:00Z"),
            (Monthly, ms(2024, 5, 17, 8, 0, 0, 0), "2024-05-01T00:00:00Z"),
            (Monthly, ms(2024, 5, 1, 0, 0, 0, 0), "2024-05-01T00:00:00Z"),
        ]);
    }

    /// The last millisecond of a month, and of a year, and the next one: each kind's key
    /// before (hourly, daily, monthly), and every kind's after.
    #[test]
    fn month_and_year_ends_roll_over() {
        let cases = [
            (
                ms(2024, 4, 30, 23, 59, 59, 999),
                [
                    "2024-04-30T23:00:00Z",
                    "2024-04-30T00:00:00Z",
                    "2024-04-01T00:00:00Z",
                ],
                "2024-05-01T00:00:00Z",
            ),
            (
                ms(2023, 12, 31, 23, 59, 59, 999),
                [
                    "2023-12-31T23:00:00Z",
                    "2023-12-31T00:00:00Z",
                    "2023-12-01T00:00:00Z",
                ],
                "2024-01-01T00:00:00Z",
            ),
        ];
        for (last, before, after) in cases {
            for (kind, before) in [Hourly, Daily, Monthly].into_iter().zip(before) {
                assert_keys(&[(kind, last, before), (kind, last + 1, after)]);
            }
        }
    }

    #[test]
    fn leap_day() {
        let feb29 = ms(2024, 2, 29, 12, 0, 0, 0);
        let after = ms(2024, 2, 29, 23, 59, 59, 999) + 1;
        assert_keys(&[
            (Hourly, feb29, "2024-02-29T12:00:00Z"),
            (Daily, feb29, "2024-02-29T00:00:00Z"),
            (Monthly, feb29, "2024-02-01T00:00:00Z"),
            (Daily, after, "2024-03-01T00:00:00Z"),
            (Monthly, after, "2024-03-01T00:00:00Z"),
            // 2023 is not a leap year: Feb 28 is followed by Mar 1.
            (
                Daily,
                ms(2023, 2, 28, 23, 59, 59, 999) + 1,
                "2023-03-01T00:00:00Z",
            ),
            // 2100 is not a leap year, 2000 is.
            (
                Daily,
                ms(2100, 2, 28, 23, 0, 0, 0) + MS_PER_HOUR,
                "2100-03-01T00:00:00Z",
            ),
            (
                Daily,
                ms(2000, 2, 28, 23, 0, 0, 0) + MS_PER_HOUR,
                "2000-02-29T00:00:00Z",
            ),
        ]);
    }

    #[test]
    fn ttl_is_now_plus_days() {
        let now = ms(2024, 12, 31, 0, 0, 0, 999);
        // 2024-12-31T00:00:00Z = 1735603200; plus 90 days.
        assert_eq!(snapshot_ttl(now, 90), 1_735_603_200 + 90 * 86_400);
        assert_eq!(snapshot_ttl(now, 1), 1_735_689_600);
        assert_eq!(snapshot_ttl(0, 3650), 3650 * 86_400);
    }

    #[test]
    fn names_round_trip() {
        for k in WindowKind::ALL {
            assert_eq!(WindowKind::parse(k.name()), Some(k));
        }
        assert_eq!(WindowKind::parse("weekly"), None);
        assert_eq!(WindowKind::parse("Hourly"), None);
    }
}
