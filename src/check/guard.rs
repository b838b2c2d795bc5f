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
use serde_json::{Map, Value};

use super::GuardError;

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
pub fn evaluate(data: &str, files: &[RuleFile]) -> Result<Vec<GuardFailure>, GuardError> {
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
        .map_err(|e| GuardError::Setup(e.to_string()))?;
    let mut writer =
        Writer::new_with_err(WriteBuffer::Vec(Vec::new()), WriteBuffer::Vec(Vec::new()))
            .map_err(|e| GuardError::Setup(e.to_string()))?;
    let mut reader = Reader::new(ReadBuffer::Cursor(Cursor::new(payload.into_bytes())));
    let outcome = command.execute(&mut writer, &mut reader);
    outcome.map_err(|e| GuardError::Evaluation(short(&e.to_string())))?;
    let report = writer
        .into_string()
        .map_err(|e| GuardError::Report(e.to_string()))?;
    let report: Value =
        serde_json::from_str(&report).map_err(|e| GuardError::Report(e.to_string()))?;
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

/// Evaluates every rules file on `data` (guard's input document): each bundled rule on only
/// the resources and properties it reads ([`super::guard_reads`]), the other files together
/// on the whole document. Failures come in the files' order.
pub fn evaluate_pruned(
    data: &Map<String, Value>,
    files: &[RuleFile],
) -> Result<Vec<GuardFailure>, GuardError> {
    let whole = std::cell::OnceCell::new();
    let whole = || whole.get_or_init(|| Value::Object(data.clone()).to_string());
    let mut failures = Vec::new();
    let mut batch: Vec<RuleFile> = Vec::new();
    for file in files {
        let Some(reads) = super::packs::bundled(file).and_then(super::guard_reads::reads) else {
            batch.push(file.clone());
            continue;
        };
        failures.extend(evaluate(whole_if_any(&batch, whole), &batch)?);
        batch.clear();
        let pruned = Value::Object(super::guard_reads::pruned(data, &reads)).to_string();
        failures.extend(evaluate_remembered(pruned, file)?);
    }
    failures.extend(evaluate(whole_if_any(&batch, whole), &batch)?);
    Ok(failures)
}

/// Bytes of pruned data remembered per thread; past it the memory starts over. A fleet's
/// templates prune to a few KB per rule, while a batch of 1 MB templates (`check --template
/// a b c ...`) must not keep each one's data alive: the budget bounds both.
const REMEMBERED_BYTES: usize = 8 << 20;

/// Evaluations of one bundled rules file on its pruned data, by (file name, file text, data).
#[derive(Default)]
struct Memory {
    known: std::collections::HashMap<(String, String, String), Vec<GuardFailure>>,
    bytes: usize,
}

thread_local! {
    /// `zael fleet plan` checks one template with each distinct parameter set of a stack set,
    /// and most rules read nothing a parameter changes (ZG106 reads the log groups'
    /// retention, the IAM rules no parameter at all): they are evaluated once.
    static MEMORY: std::cell::RefCell<Memory> = Default::default();
}

/// `evaluate` of one file on its pruned data, or what it gave on the same data before.
fn evaluate_remembered(pruned: String, file: &RuleFile) -> Result<Vec<GuardFailure>, GuardError> {
    let key = (file.name.clone(), file.text.clone(), pruned);
    if let Some(known) = MEMORY.with(|m| m.borrow().known.get(&key).cloned()) {
        return Ok(known);
    }
    let failures = evaluate(&key.2, std::slice::from_ref(file))?;
    let size = key.0.len() + key.1.len() + key.2.len();
    if size <= REMEMBERED_BYTES {
        MEMORY.with(|m| {
            let mut memory = m.borrow_mut();
            if memory.bytes + size > REMEMBERED_BYTES {
                *memory = Memory::default();
            }
            memory.bytes += size;
            memory.known.insert(key, failures.clone());
        });
    }
    Ok(failures)
}

/// The whole document's text, rendered only when a batch needs it.
fn whole_if_any<'a>(batch: &[RuleFile], whole: impl FnOnce() -> &'a String) -> &'a str {
    if batch.is_empty() {
        ""
    } else {
        whole()
    }
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
    .map(|e| parse_message(&file.name, &file.text, &e.to_string()))
}

/// One line for a parse error: `FILE:LINE:COLUMN: cannot parse the rule file: expected
/// ..., found '...'`. cfn-guard's own is nested three times over (`Parser Error when parsing
/// `Parser Error when parsing `Parsing Error Error parsing file ...`), then quotes the rest
/// of the file; its line and column, and what it expected when it says, are kept.
fn parse_message(name: &str, text: &str, error: &str) -> String {
    let number_after = |label: &str| -> Option<usize> {
        let at = error.find(label)? + label.len();
        let digits: String = error[at..]
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        digits.parse().ok()
    };
    let (Some(line), Some(column)) = (number_after(" at line "), number_after(" at column "))
    else {
        return format!("{name}: cannot parse the rule file: {}", short(error));
    };
    let expected = error
        .find("when handling ")
        .map(|at| short(&error[at + "when handling ".len()..]))
        .map(|what| {
            let what = what.trim();
            let what = what.strip_prefix("expecting ").unwrap_or(what);
            what.strip_prefix("either ").unwrap_or(what).to_string()
        })
        .filter(|what| !what.is_empty());
    let rest: String = text
        .lines()
        .nth(line.saturating_sub(1))
        .map(|l| l.chars().skip(column.saturating_sub(1)).collect())
        .unwrap_or_default();
    let rest = rest.trim();
    let found = if rest.is_empty() {
        "the end of the line".to_string()
    } else {
        let excerpt: String = rest.chars().take(40).collect();
        let more = if rest.chars().count() > 40 { "..." } else { "" };
        format!("'{}{more}'", excerpt.escape_debug())
    };
    match expected {
        Some(what) => format!(
            "{name}:{line}:{column}: cannot parse the rule file: expected {what}, found {found}"
        ),
        None => format!("{name}:{line}:{column}: cannot parse the rule file at {found}"),
    }
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

    /// A queue without SQS-managed encryption, and a rule that requires it.
    const UNENCRYPTED_QUEUE: &str = r#"{"Resources": {"Q": {"Type": "AWS::SQS::Queue", "Properties": {"SqsManagedSseEnabled": false}}}}"#;

    fn queue_rule(name: &str, custom_message: &str) -> RuleFile {
        RuleFile {
            name: name.into(),
            text: format!("rule q_encrypted {{ Resources.*[ Type == 'AWS::SQS::Queue' ].Properties.SqsManagedSseEnabled == true{custom_message} }}"),
        }
    }

    fn remembered(data: &str) -> bool {
        MEMORY.with(|m| m.borrow().known.keys().any(|(_, _, d)| d == data))
    }

    #[test]
    fn a_remembered_evaluation_answers_as_a_fresh_one_within_a_byte_budget() {
        let file = queue_rule("mem.guard", "");
        let off = UNENCRYPTED_QUEUE;
        let on = off.replace("false", "true");
        let fresh = evaluate(off, std::slice::from_ref(&file)).unwrap();
        assert_eq!(fresh.len(), 1);
        // Asked twice, the same data gets the fresh answer; other data gets its own.
        assert_eq!(evaluate_remembered(off.into(), &file).unwrap(), fresh);
        assert!(remembered(off));
        assert_eq!(evaluate_remembered(off.into(), &file).unwrap(), fresh);
        assert!(evaluate_remembered(on.clone(), &file).unwrap().is_empty());
        // Data beyond the budget is evaluated but never kept; filling the budget starts over.
        let padding = " ".repeat(REMEMBERED_BYTES);
        let big = format!("{off}{padding}");
        assert_eq!(evaluate_remembered(big.clone(), &file).unwrap(), fresh);
        assert!(!remembered(&big));
        assert!(remembered(&on));
        let half = format!("{off}{}", " ".repeat(REMEMBERED_BYTES / 2));
        let other_half = format!("{on}{}", " ".repeat(REMEMBERED_BYTES / 2));
        evaluate_remembered(half.clone(), &file).unwrap();
        evaluate_remembered(other_half.clone(), &file).unwrap();
        assert!(remembered(&other_half) && !remembered(&half) && !remembered(&on));
        MEMORY.with(|m| assert!(m.borrow().bytes <= REMEMBERED_BYTES));
    }

    #[test]
    fn failures_carry_the_template_path_and_the_rule_s_words() {
        let file = queue_rule(
            "t.guard",
            "\n<<\nViolation: not encrypted\nFix: encrypt it\n>>",
        );
        let data = UNENCRYPTED_QUEUE;
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
        assert_eq!(error, "bad.guard:1:6: cannot parse the rule file at '{'");
    }

    /// One line naming the file, line and column, what guard expected and what it found:
    /// not guard's three nested prefixes and the rest of the file.
    #[test]
    fn parse_errors_are_one_line_with_file_line_column_and_what_was_expected() {
        let file = |text: &str| RuleFile {
            name: "rules/bad.guard".into(),
            text: text.into(),
        };
        let cut = "let q = Resources.*[ Type == 'AWS::SQS::Queue' ]\nrule R when %q !empty {\n    %q.Properties.X ==\n}\n";
        assert_eq!(
            parse_error(&file(cut)).unwrap(),
            "rules/bad.guard:3:23: cannot parse the rule file: expected a property access \"engine.core\" or value like \"string\" or [\"this\", \"that\"], found the end of the line"
        );
        let extra = "rule R {\n  Resources.*.Properties.X exists\n  }}\n";
        assert_eq!(
            parse_error(&file(extra)).unwrap(),
            "rules/bad.guard:3:4: cannot parse the rule file at '}'"
        );
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
