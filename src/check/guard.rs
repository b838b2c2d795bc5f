//! Layer 2: cfn-guard rule files, evaluated in-process by the cfn-guard crate.
//!
//! cfn-guard's `validate` command runs in payload mode (rules and data as text) with
//! structured JSON output (`[{not_compliant: [{Rule: {name, checks}}]}]`, nested clauses
//! carrying `messages` and the `path` of the value judged). This module turns that report into failures with a template
//! path, and reads the rule names (and `# zael: unsuppressible` markers) of a rules file.

use std::io::Cursor;

use cfn_guard::commands::validate::{OutputFormatType, ShowSummaryType};
use cfn_guard::commands::Executable;
use cfn_guard::utils::reader::{ReadBuffer, Reader};
use cfn_guard::utils::writer::{WriteBuffer, Writer};
use cfn_guard::{CommandBuilder, ValidateBuilder};
use serde_json::Value;

/// A rules file: its name as shown to users, and its text.
#[derive(Clone, Debug)]
pub struct RuleFile {
    pub name: String,
    pub text: String,
}

/// A guard rule that did not hold at `path`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GuardFailure {
    pub rule: String,
    pub path: String,
    pub message: String,
    pub hint: String,
    /// The rules file that defines the rule.
    pub file: String,
}

/// The marker that makes the next rule impossible to skip.
pub const UNSUPPRESSIBLE: &str = "# zael: unsuppressible";

/// Every `rule NAME` of a file, with whether it is marked unsuppressible.
pub fn rule_names(text: &str) -> Vec<(String, bool)> {
    let mut names = Vec::new();
    let mut marked = false;
    for line in text.lines().map(str::trim) {
        if line == UNSUPPRESSIBLE {
            marked = true;
        } else if let Some(rest) = line.strip_prefix("rule ") {
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            names.push((name, marked));
            marked = false;
        } else if !line.starts_with('#') && !line.is_empty() {
            marked = false;
        }
    }
    names
}

/// Evaluates every rules file on `data` (the template as JSON) in one cfn-guard run, so the
/// data is parsed once. In payload mode cfn-guard skips a rules file it cannot parse and
/// reports nothing of it: files from users must pass [`parse_error`] first (the bundled
/// packs are tested).
///
/// cfn-guard's `run_checks` helper is not used: it returns its report through
/// `BufWriter::buffer()`, which holds only the unflushed tail once a report passes 8 KiB. The
/// `validate` command in payload mode, with structured JSON output into a `Vec`, is complete.
pub fn evaluate(data: &str, files: &[RuleFile]) -> Result<Vec<GuardFailure>, String> {
    if files.is_empty() {
        return Ok(Vec::new());
    }
    let rules: Vec<&str> = files.iter().map(|f| f.text.as_str()).collect();
    let payload = serde_json::json!({"rules": rules, "data": [data]}).to_string();
    let command = ValidateBuilder::default()
        .payload(true)
        .structured(true)
        .output_format(OutputFormatType::JSON)
        .show_summary(vec![ShowSummaryType::None])
        .try_build()
        .map_err(|e| format!("cfn-guard: {e}"))?;
    let mut writer =
        Writer::new_with_err(WriteBuffer::Vec(Vec::new()), WriteBuffer::Vec(Vec::new()))
            .map_err(|e| format!("cfn-guard: {e}"))?;
    let mut reader = Reader::new(ReadBuffer::Cursor(Cursor::new(payload.into_bytes())));
    let outcome = command.execute(&mut writer, &mut reader);
    outcome.map_err(|e| format!("cfn-guard: {}", short(&e.to_string())))?;
    let report = writer
        .into_string()
        .map_err(|e| format!("cfn-guard: {e}"))?;
    let report: Value =
        serde_json::from_str(&report).map_err(|e| format!("cfn-guard: unreadable report: {e}"))?;
    let mut failures = Vec::new();
    let entries = report.as_array().into_iter().flatten().flat_map(|file| {
        file.get("not_compliant")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
    });
    for entry in entries {
        let Some(rule) = entry.get("Rule") else {
            continue;
        };
        let name = rule
            .get("name")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string();
        let file = files
            .iter()
            .find(|f| rule_names(&f.text).iter().any(|(n, _)| *n == name))
            .map_or("rules", |f| f.name.as_str());
        let mut clauses = Vec::new();
        collect_clauses(rule.get("checks").unwrap_or(&Value::Null), &mut clauses);
        if clauses.is_empty() {
            clauses.push((
                "Resources".to_string(),
                rule.get("messages").cloned().unwrap_or_default(),
            ));
        }
        let text = files
            .iter()
            .find(|f| f.name == file)
            .map_or("", |f| f.text.as_str());
        for (path, messages) in clauses {
            let (message, hint) = explain(&messages, &name, text, file);
            let failure = GuardFailure {
                rule: name.clone(),
                path,
                message,
                hint,
                file: file.to_string(),
            };
            if !failures.contains(&failure) {
                failures.push(failure);
            }
        }
    }
    Ok(failures)
}

/// Why cfn-guard cannot parse `file`, naming the file, if it cannot.
pub fn parse_error(file: &RuleFile) -> Option<String> {
    cfn_guard::run_checks(
        cfn_guard::ValidateInput {
            content: "{}",
            file_name: "empty",
        },
        cfn_guard::ValidateInput {
            content: &file.text,
            file_name: &file.name,
        },
        false,
    )
    .err()
    .map(|e| format!("{}: {}", file.name, short(&e.to_string())))
}

/// cfn-guard's parse errors quote the rest of the file after the failing line.
fn short(error: &str) -> String {
    let cut = error.find(", fragment").unwrap_or(error.len());
    error[..cut].trim_end_matches([',', ' ']).to_string()
}

/// The leaf clauses of a rule's report: (template path, messages).
fn collect_clauses(value: &Value, out: &mut Vec<(String, Value)>) {
    match value {
        Value::Array(items) => items.iter().for_each(|item| collect_clauses(item, out)),
        Value::Object(map) => {
            if let (Some(messages), Some(check)) = (map.get("messages"), map.get("check")) {
                let path =
                    first_path(check).map_or_else(|| "Resources".to_string(), |p| dotted(&p));
                out.push((path, messages.clone()));
                return;
            }
            map.values().for_each(|item| collect_clauses(item, out));
        }
        _ => {}
    }
}

fn first_path(value: &Value) -> Option<String> {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(path)) = map.get("path") {
                if path.starts_with('/') {
                    return Some(path.clone());
                }
            }
            map.values().find_map(first_path)
        }
        Value::Array(items) => items.iter().find_map(first_path),
        _ => None,
    }
}

/// `/Resources/A/Properties/List/0` as `Resources.A.Properties.List[0]`.
fn dotted(pointer: &str) -> String {
    let mut path = String::new();
    for step in pointer.trim_start_matches('/').split('/') {
        if step.chars().all(|c| c.is_ascii_digit()) && !step.is_empty() {
            path.push_str(&format!("[{step}]"));
        } else {
            if !path.is_empty() {
                path.push('.');
            }
            path.push_str(step);
        }
    }
    path
}

/// The clause's `Violation:` and `Fix:` lines; else the first of its rule in the file (a
/// clause without a message of its own); else guard's own words.
fn explain(messages: &Value, rule: &str, text: &str, file: &str) -> (String, String) {
    let custom = messages
        .get("custom_message")
        .and_then(Value::as_str)
        .filter(|m| m.contains("Violation:"))
        .unwrap_or_else(|| rule_text(text, rule));
    // cfn-guard reports some clauses' messages with their line breaks turned into `;`.
    let line = |label: &str| {
        custom
            .split(['\n', ';'])
            .map(str::trim)
            .find_map(|l| l.strip_prefix(label))
            .map(|l| l.trim().to_string())
    };
    let message = line("Violation:")
        .or_else(|| {
            messages
                .get("error_message")
                .and_then(Value::as_str)
                .map(String::from)
        })
        .unwrap_or_else(|| "the rule does not hold".into());
    let hint = line("Fix:").unwrap_or_else(|| format!("see the rule in {file}"));
    (message, hint)
}

/// The text of `rule NAME` up to the next rule.
fn rule_text<'a>(text: &'a str, rule: &str) -> &'a str {
    let Some(start) = text.find(&format!("rule {rule}")) else {
        return "";
    };
    let rest = &text[start + 5..];
    &rest[..rest.find("\nrule ").unwrap_or(rest.len())]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failures_carry_the_template_path_and_the_rule_s_words() {
        let file = RuleFile {
            name: "t.guard".into(),
            text: "rule q_encrypted { Resources.*[ Type == 'AWS::SQS::Queue' ].Properties.SqsManagedSseEnabled == true\n<<\nViolation: not encrypted\nFix: encrypt it\n>> }".into(),
        };
        let data = r#"{"Resources": {"Q": {"Type": "AWS::SQS::Queue", "Properties": {"SqsManagedSseEnabled": false}}}}"#;
        let failures = evaluate(data, std::slice::from_ref(&file)).unwrap();
        assert_eq!(
            failures,
            [GuardFailure {
                rule: "q_encrypted".into(),
                path: "Resources.Q.Properties.SqsManagedSseEnabled".into(),
                message: "not encrypted".into(),
                hint: "encrypt it".into(),
                file: "t.guard".into(),
            }]
        );
        let bad = RuleFile {
            name: "bad.guard".into(),
            text: "rule {".into(),
        };
        assert_eq!(parse_error(&file), None);
        let error = parse_error(&bad).unwrap();
        assert!(error.starts_with("bad.guard: "), "{error}");
    }

    #[test]
    fn the_unsuppressible_marker_applies_to_the_next_rule_only() {
        let text = "# zael: unsuppressible\n# why\nrule a { x exists }\nrule b when y exists { x exists }\n";
        assert_eq!(
            rule_names(text),
            [("a".to_string(), true), ("b".to_string(), false)]
        );
    }
}
