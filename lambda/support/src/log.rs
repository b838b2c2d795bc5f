//! Structured JSON logs, one object per line on stdout, for both Lambda functions.
//!
//! The functions run with `LoggingConfig.LogFormat = JSON`; CloudWatch indexes JSON lines
//! as-is. A few lines of hand-rolled code instead of a `tracing` subscriber stack keep the
//! binary and its init small. The level comes from `AWS_LAMBDA_LOG_LEVEL` (set by Lambda
//! from `ApplicationLogLevel`), else `RUST_LOG` (its first bare level), else `info`.

use crate::timestamp::iso_millis;
use serde_json::{Map, Value};
use std::sync::atomic::{AtomicU8, Ordering};

/// Log levels, least severe first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    Trace = 0,
    Debug = 1,
    Info = 2,
    Warn = 3,
    Error = 4,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Trace => "TRACE",
            Level::Debug => "DEBUG",
            Level::Info => "INFO",
            Level::Warn => "WARN",
            Level::Error => "ERROR",
        }
    }

    /// Parses a level name, case-insensitively (`FATAL` counts as `ERROR`).
    pub fn parse(name: &str) -> Option<Level> {
        Some(match name.trim().to_ascii_lowercase().as_str() {
            "trace" => Level::Trace,
            "debug" => Level::Debug,
            "info" => Level::Info,
            "warn" | "warning" => Level::Warn,
            "error" | "fatal" => Level::Error,
            _ => return None,
        })
    }
}

static MIN_LEVEL: AtomicU8 = AtomicU8::new(Level::Info as u8);

/// The level selected by the two variables' values (see the module docs).
pub fn level_from(aws_lambda_log_level: Option<&str>, rust_log: Option<&str>) -> Level {
    aws_lambda_log_level
        .and_then(Level::parse)
        .or_else(|| rust_log.and_then(|v| v.split(',').find_map(Level::parse)))
        .unwrap_or(Level::Info)
}

/// Sets the level from the environment.
pub fn init_from_env() {
    let aws = std::env::var("AWS_LAMBDA_LOG_LEVEL").ok();
    let rust = std::env::var("RUST_LOG").ok();
    set_level(level_from(aws.as_deref(), rust.as_deref()));
}

pub fn set_level(level: Level) {
    MIN_LEVEL.store(level as u8, Ordering::Relaxed);
}

/// Whether a line at `level` would be written; check before building costly fields.
pub fn enabled(level: Level) -> bool {
    level as u8 >= MIN_LEVEL.load(Ordering::Relaxed)
}

/// One log line: `timestamp`, `level`, `message`, then `fields` (a JSON object).
pub fn render(now_ms: i64, level: Level, message: &str, fields: Value) -> String {
    let mut obj = Map::new();
    obj.insert("timestamp".into(), Value::String(iso_millis(now_ms)));
    obj.insert("level".into(), Value::String(level.as_str().into()));
    obj.insert("message".into(), Value::String(message.into()));
    if let Value::Object(extra) = fields {
        obj.extend(extra);
    }
    Value::Object(obj).to_string()
}

/// Writes one line if `level` is enabled.
pub fn log(level: Level, message: &str, fields: Value) {
    if !enabled(level) {
        return;
    }
    let now_ms = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0);
    // `println!` holds the stdout lock for the whole line (lines never interleave) and is
    // captured by the test harness.
    println!("{}", render(now_ms, level, message, fields));
}

pub fn debug(message: &str, fields: Value) {
    log(Level::Debug, message, fields)
}
pub fn info(message: &str, fields: Value) {
    log(Level::Info, message, fields)
}
pub fn warn(message: &str, fields: Value) {
    log(Level::Warn, message, fields)
}
pub fn error(message: &str, fields: Value) {
    log(Level::Error, message, fields)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn level_precedence() {
        assert_eq!(level_from(None, None), Level::Info);
        assert_eq!(level_from(Some("DEBUG"), Some("error")), Level::Debug);
        assert_eq!(level_from(None, Some("warn")), Level::Warn);
        assert_eq!(
            level_from(None, Some("aws_config=trace,debug")),
            Level::Debug
        );
        assert_eq!(level_from(Some("bogus"), Some("error")), Level::Error);
        assert_eq!(level_from(Some("FATAL"), None), Level::Error);
    }

    #[test]
    fn renders_one_json_object() {
        let line = render(
            0,
            Level::Info,
            "batch done",
            json!({"records": 3, "failed": []}),
        );
        let v: Value = serde_json::from_str(&line).unwrap();
        assert_eq!(v["timestamp"], "1970-01-01T00:00:00.000Z");
        assert_eq!(v["level"], "INFO");
        assert_eq!(v["message"], "batch done");
        assert_eq!(v["records"], 3);
        assert!(!line.contains('\n'));
    }
}
