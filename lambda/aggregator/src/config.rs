//! Configuration from the environment, validated once at init.
//!
//! A bad value fails init with a message naming the variable, instead of surfacing later
//! as failed batches: Lambda then reports the function as failing to initialise.

use crate::calendar::{MAX_EPOCH_MS, MIN_EPOCH_MS};
use crate::window::WindowKind;
use std::fmt;

/// Default for `SNAPSHOT_WINDOWS`.
pub const DEFAULT_WINDOWS: &str = "hourly,daily";
/// Default for `SNAPSHOT_TTL_DAYS`.
pub const DEFAULT_TTL_DAYS: u32 = 90;
/// Allowed range for `SNAPSHOT_TTL_DAYS`.
pub const TTL_DAYS_RANGE: std::ops::RangeInclusive<u32> = 1..=3650;

/// The aggregator's settings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Config {
    /// `TABLE_NAME`: the table the snapshots are written to.
    pub table_name: String,
    /// `SNAPSHOT_WINDOWS`, sorted smallest first, without duplicates.
    pub windows: Vec<WindowKind>,
    /// `SNAPSHOT_TTL_DAYS`.
    pub ttl_days: u32,
    /// `AUDIT_ARCHIVE_BUCKET`: the S3 bucket for expired audit items ([`crate::archive`]).
    /// `None` (unset or empty) turns archival off: such records are skipped, counted and
    /// logged as a warning.
    pub audit_archive_bucket: Option<String>,
    /// `ZAEL_TEST_NOW_MS` (tests only): a fixed clock, epoch milliseconds, used instead
    /// of the wall clock wherever the aggregator reads the time (snapshot `ttl`), so a
    /// test can run it and the reference aggregator on one clock.
    pub test_now_ms: Option<i64>,
}

impl Config {
    /// Now, epoch milliseconds: the test clock if set, else the wall clock.
    pub fn now_ms(&self) -> i64 {
        self.test_now_ms.unwrap_or_else(|| {
            let since = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap_or_default();
            i64::try_from(since.as_millis()).unwrap_or(i64::MAX)
        })
    }
}

/// An invalid environment variable.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigError {
    pub variable: &'static str,
    pub message: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid {}: {}", self.variable, self.message)
    }
}

impl std::error::Error for ConfigError {}

impl Config {
    /// Reads the process environment.
    pub fn from_env() -> Result<Config, ConfigError> {
        Config::from_lookup(|name| std::env::var(name).ok())
    }

    /// Reads settings through `lookup` (the environment, or a map in tests).
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Config, ConfigError> {
        let table_name = lookup("TABLE_NAME").unwrap_or_default().trim().to_owned();
        if table_name.is_empty() {
            return Err(ConfigError {
                variable: "TABLE_NAME",
                message: "must be set to the table name".into(),
            });
        }
        let windows = parse_windows(
            lookup("SNAPSHOT_WINDOWS")
                .as_deref()
                .unwrap_or(DEFAULT_WINDOWS),
        )?;
        let ttl_days = match lookup("SNAPSHOT_TTL_DAYS") {
            None => DEFAULT_TTL_DAYS,
            Some(raw) => raw
                .trim()
                .parse::<u32>()
                .ok()
                .filter(|d| TTL_DAYS_RANGE.contains(d))
                .ok_or_else(|| ConfigError {
                    variable: "SNAPSHOT_TTL_DAYS",
                    message: format!(
                        "{raw:?} is not a whole number of days from {} to {}",
                        TTL_DAYS_RANGE.start(),
                        TTL_DAYS_RANGE.end()
                    ),
                })?,
        };
        let audit_archive_bucket = match lookup("AUDIT_ARCHIVE_BUCKET") {
            None => None,
            // Empty means off, so a template can pass `""` when archival is disabled.
            Some(raw) if raw.trim().is_empty() => None,
            Some(raw) => Some(check_bucket_name(raw.trim())?.to_owned()),
        };
        let test_now_ms = match lookup("ZAEL_TEST_NOW_MS") {
            None => None,
            Some(raw) => Some(
                raw.trim()
                    .parse::<i64>()
                    .ok()
                    .filter(|ms| (MIN_EPOCH_MS..=MAX_EPOCH_MS).contains(ms))
                    .ok_or_else(|| ConfigError {
                        variable: "ZAEL_TEST_NOW_MS",
                        message: format!(
                            "{raw:?} is not epoch milliseconds in years 1970..=9999 (unset it outside tests)"
                        ),
                    })?,
            ),
        };
        Ok(Config {
            table_name,
            windows,
            ttl_days,
            audit_archive_bucket,
            test_now_ms,
        })
    }
}

/// S3's bucket naming rules (3-63 characters of lowercase letters, digits, `.` and `-`,
/// starting and ending with a letter or digit), so a typo fails init instead of every
/// batch that holds an expired audit item.
fn check_bucket_name(name: &str) -> Result<&str, ConfigError> {
    let edge_ok = |c: Option<char>| c.is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit());
    let ok = (3..=63).contains(&name.len())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '.' || c == '-')
        && edge_ok(name.chars().next())
        && edge_ok(name.chars().last())
        && !name.contains("..");
    if ok {
        Ok(name)
    } else {
        Err(ConfigError {
            variable: "AUDIT_ARCHIVE_BUCKET",
            message: format!(
                "{name:?} is not an S3 bucket name (3-63 lowercase letters, digits, '.', '-')"
            ),
        })
    }
}

fn parse_windows(raw: &str) -> Result<Vec<WindowKind>, ConfigError> {
    let err = |message: String| ConfigError {
        variable: "SNAPSHOT_WINDOWS",
        message,
    };
    let mut windows = Vec::new();
    for name in raw.split(',').map(str::trim) {
        if name.is_empty() {
            return Err(err(format!(
                "{raw:?} has an empty entry; expected a comma list of hourly, daily, monthly"
            )));
        }
        let kind = WindowKind::parse(name).ok_or_else(|| {
            err(format!(
                "unknown window {name:?}; expected a comma list of hourly, daily, monthly"
            ))
        })?;
        windows.push(kind);
    }
    windows.sort();
    windows.dedup();
    Ok(windows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn cfg(vars: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let map: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Config::from_lookup(|k| map.get(k).cloned())
    }

    #[test]
    fn defaults() {
        let c = cfg(&[("TABLE_NAME", "ZAEL-limiter")]).unwrap();
        assert_eq!(c.windows, [WindowKind::Hourly, WindowKind::Daily]);
        assert_eq!(c.ttl_days, 90);
        assert_eq!(c.table_name, "ZAEL-limiter");
        assert_eq!(c.audit_archive_bucket, None);
        assert_eq!(c.test_now_ms, None);
    }

    #[test]
    fn test_clock_replaces_the_wall_clock_and_is_checked() {
        let c = cfg(&[("TABLE_NAME", "t"), ("ZAEL_TEST_NOW_MS", "1772359080000")]).unwrap();
        assert_eq!(c.now_ms(), 1_772_359_080_000);
        let wall = cfg(&[("TABLE_NAME", "t")]).unwrap().now_ms();
        assert!(wall > 1_700_000_000_000, "{wall}");
        for bad in ["soon", "-1", "1.5", "999999999999999999"] {
            let e = cfg(&[("TABLE_NAME", "t"), ("ZAEL_TEST_NOW_MS", bad)]).unwrap_err();
            assert_eq!(e.variable, "ZAEL_TEST_NOW_MS", "{bad}");
            assert!(e.to_string().contains(bad), "{e}");
        }
    }

    #[test]
    fn audit_archive_bucket_is_optional_and_checked() {
        let bucket = |v: &str| cfg(&[("TABLE_NAME", "t"), ("AUDIT_ARCHIVE_BUCKET", v)]);
        assert_eq!(
            bucket(" zael-audit-123456789012 ")
                .unwrap()
                .audit_archive_bucket,
            Some("zael-audit-123456789012".into())
        );
        assert_eq!(bucket("").unwrap().audit_archive_bucket, None);
        for bad in [
            "ab",
            "Upper-Case",
            "under_score",
            "-lead",
            "trail.",
            "a..b",
            &"a".repeat(64),
        ] {
            let e = bucket(bad).unwrap_err();
            assert_eq!(e.variable, "AUDIT_ARCHIVE_BUCKET", "{bad}");
        }
    }

    #[test]
    fn windows_are_sorted_and_deduplicated() {
        let c = cfg(&[
            ("TABLE_NAME", "t"),
            ("SNAPSHOT_WINDOWS", " monthly, hourly ,monthly"),
        ])
        .unwrap();
        assert_eq!(c.windows, [WindowKind::Hourly, WindowKind::Monthly]);
    }

    #[test]
    fn rejects_unknown_window() {
        let e = cfg(&[("TABLE_NAME", "t"), ("SNAPSHOT_WINDOWS", "hourly,weekly")]).unwrap_err();
        assert_eq!(e.variable, "SNAPSHOT_WINDOWS");
        assert!(e.to_string().contains("unknown window \"weekly\""), "{e}");
        assert!(cfg(&[("TABLE_NAME", "t"), ("SNAPSHOT_WINDOWS", "")]).is_err());
        assert!(cfg(&[("TABLE_NAME", "t"), ("SNAPSHOT_WINDOWS", "hourly,")]).is_err());
    }

    #[test]
    fn ttl_bounds() {
        assert_eq!(
            cfg(&[("TABLE_NAME", "t"), ("SNAPSHOT_TTL_DAYS", "1")])
                .unwrap()
                .ttl_days,
            1
        );
        assert_eq!(
            cfg(&[("TABLE_NAME", "t"), ("SNAPSHOT_TTL_DAYS", "3650")])
                .unwrap()
                .ttl_days,
            3650
        );
        for bad in ["0", "3651", "-1", "1.5", "ninety", ""] {
            let e = cfg(&[("TABLE_NAME", "t"), ("SNAPSHOT_TTL_DAYS", bad)]).unwrap_err();
            assert_eq!(e.variable, "SNAPSHOT_TTL_DAYS", "{bad}");
        }
    }

    #[test]
    fn table_name_required() {
        assert_eq!(cfg(&[]).unwrap_err().variable, "TABLE_NAME");
        assert_eq!(
            cfg(&[("TABLE_NAME", " ")]).unwrap_err().variable,
            "TABLE_NAME"
        );
    }
}
