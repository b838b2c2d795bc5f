//! Structured JSON logs, one object per line on stdout: the function runs with
//! `LoggingConfig.LogFormat = JSON`, and CloudWatch indexes JSON lines as they are.
//! CloudWatch stamps each line with its time, so lines carry only level, message and fields.

use serde_json::{Map, Value};

/// One log line: `level`, `message`, then `fields` (a JSON object).
pub fn render(level: &str, message: &str, fields: Value) -> String {
    let mut line = Map::new();
    line.insert("level".into(), Value::String(level.into()));
    line.insert("message".into(), Value::String(message.into()));
    if let Value::Object(extra) = fields {
        line.extend(extra);
    }
    Value::Object(line).to_string()
}

pub fn info(message: &str, fields: Value) {
    println!("{}", render("INFO", message, fields));
}

pub fn warn(message: &str, fields: Value) {
    println!("{}", render("WARN", message, fields));
}

pub fn error(message: &str, fields: Value) {
    println!("{}", render("ERROR", message, fields));
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn renders_one_json_object_per_line() {
        let line = render("INFO", "stored", json!({"id": "12"}));
        let value: Value = serde_json::from_str(&line).unwrap();
        assert_eq!(
            value,
            json!({"level": "INFO", "message": "stored", "id": "12"})
        );
        assert!(!line.contains('\n'));
    }
}
